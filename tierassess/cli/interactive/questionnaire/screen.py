"""Step 2 of a typed answer: what the questionnaire shows about the criterion it is at.

A header with the domain and the progress, the criterion's title and requirement, the quantity a
criterion asks for (a measured one: its quantity), and the answer already given (who, when, notes,
evidence, flag). What an answer is called comes from its kind (``tierassess.core.models.answer_kinds``).
"""

from __future__ import annotations

from tierassess.cli.interactive.questionnaire.state import WalkState
from tierassess.core.models import Answer, Criterion, WorkflowState
from tierassess.formats import format_datetime, format_number
from tierassess.i18n import t
from tierassess.storage.answers import is_answered

__all__ = ["answer_summary", "show_criterion"]


def _progress(walk: WalkState) -> tuple[int, int, int]:
    """Answered, applicable and flagged criteria of the whole site (not only this walk's)."""
    answered = sum(1 for c in walk.all_applicable if walk.is_answered(c))
    flagged = sum(1 for c in walk.all_applicable if walk.is_flagged(c))
    return answered, len(walk.all_applicable), flagged


def show_criterion(walk: WalkState, index: int, criterion: Criterion) -> None:
    """Print the header, the criterion and its current answer."""
    lang = walk.lang
    in_domain = [c for c in walk.criteria if c.domain == criterion.domain]
    position = in_domain.index(criterion) + 1
    answered, total, flagged = _progress(walk)
    percent = round(100 * answered / total) if total else 0
    domain = walk.checklist.domain(criterion.domain).title.get(lang)
    header = t(
        "assess.q.header",
        domain=domain,
        n=position,
        m=len(in_domain),
        index=index + 1,
        count=len(walk.criteria),
        answered=answered,
        total=total,
        percent=percent,
    )
    if flagged:
        header += " · " + t("assess.q.header_flagged", count=flagged)
    walk.out.rule(header)
    title = f"{criterion.id}  {criterion.title.get(lang)}"
    if criterion.must_pass:
        title += f"  ◆ {t('criterion.must_pass')}"
    walk.out.line(title, "must_pass" if criterion.must_pass else "title")
    walk.out.line(criterion.requirement.get(lang))
    asked = criterion.answer.asks(lang)
    if asked is not None:
        walk.out.line(asked, "quantity")
    answer = walk.answer(criterion.id)
    if is_answered(answer) or answer.notes or answer.evidence:
        walk.out.line(answer_summary(walk, criterion, answer), "current")
    if criterion.asked_anew_in(walk.assessment):
        changed = t("design.asked_anew.line", id=criterion.id, version=criterion.asked_since)
        walk.out.line(changed, "error")


def answer_summary(walk: WalkState, criterion: Criterion, answer: Answer) -> str:
    """The answer already given, said in one line (plus notes, evidence and flag lines)."""
    lang = walk.lang
    parts = [t(f"result.{answer.result.value}")]
    if answer.value is not None:
        unit = walk.checklist.unit_label(answer.unit, lang)
        parts.append(f"{format_number(answer.value, lang)} {unit}".strip())
    label = criterion.answer.option_label(answer.choice, lang) if answer.choice else None
    if label is not None:
        parts.append(label)
    if answer.justification:
        parts.append(answer.justification)
    text = t("assess.q.current", answer=" · ".join(parts))
    if answer.answered_by and answer.answered_at:
        text += " " + t(
            "assess.q.by",
            who=answer.answered_by,
            at=format_datetime(answer.answered_at),
        )
    if answer.notes:
        text += "\n" + t("assess.q.notes_line", notes=answer.notes)
    if answer.evidence:
        text += "\n" + t("assess.q.evidence_line", count=len(answer.evidence))
    if answer.state is WorkflowState.FLAGGED:
        text += "\n" + t("assess.q.is_flagged")
    return text
