"""The interactive review walk: one panel per answer, a verdict asked with questionary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tierassess.core.models import ReviewVerdict
from tierassess.errors import InputError
from tierassess.formats import format_date, format_datetime, format_size
from tierassess.storage.evidence.present import kind_word, source_word

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    from tierassess.storage.session import SiteSession

from tierassess.core.reviews import NEEDS_COMMENT
from tierassess.storage.review import ReviewSummary, ReviewTarget, record_review, review_targets


def target_panel(target: ReviewTarget, lang: str) -> RenderableType:
    """What the reviewer sees for one answer."""
    from rich.panel import Panel
    from rich.text import Text

    from tierassess.i18n import t

    answer = target.answer
    body = Text()
    title = (
        target.criterion.title.get(lang)
        if target.criterion
        else t("evidence.html.not_in_catalogue", lang)
    )
    body.append(f"{title}\n", style="bold")
    if target.criterion:
        body.append(target.criterion.requirement.get(lang).strip() + "\n\n")
    body.append(f"{t('evidence.review.result', lang)}: ", style="bold")
    body.append(t(f"result.{answer.result.value}", lang))
    if answer.value is not None:
        unit = (target.unit_labels or {}).get(lang, answer.unit or "")
        body.append(f" · {answer.value:g} {unit}")
    if answer.choice:
        spec = target.criterion.answer if target.criterion else None
        label = spec.option_label(answer.choice, lang) if spec else None
        body.append(f" · {label or answer.choice}")
    body.append("\n")
    for label, value in (
        ("evidence.html.justification", answer.justification),
        ("evidence.review.notes", answer.notes),
    ):
        if value:
            body.append(f"{t(label, lang)}: ", style="bold")
            body.append(value + "\n")
    if answer.answered_by:
        when = format_datetime(answer.answered_at, lang) if answer.answered_at else ""
        body.append(f"{t('evidence.review.answered_by', lang)}: {answer.answered_by} {when}\n")
    if answer.review:
        review = answer.review
        body.append(f"\n{t('evidence.review.current', lang)}: ", style="bold")
        body.append(
            f"{t('evidence.html.review_' + review.verdict.value, lang)} · {review.reviewer} · {format_datetime(review.at, lang)}"
        )
        if review.comment:
            body.append(f"\n  {review.comment}")
    return Panel(body, title=target.criterion_id, title_align="left")


def evidence_text(target: ReviewTarget, lang: str) -> Text:
    """The evidence of an answer, printed outside any box so that paths can be copied whole."""
    from rich.text import Text

    from tierassess.i18n import t

    body = Text()
    body.append(f"{t('evidence.html.evidence', lang)}:\n", style="bold")
    if not target.evidence:
        body.append(f"  {t('evidence.review.no_evidence', lang)}\n", style="yellow")
    for view in target.evidence:
        item = view.item
        name = item.original_name if item else "?"
        body.append(f"  • {name}")
        if item:
            kind = kind_word(item.kind, lang, missing=item.media_type)
            body.append(f"  ({kind}, {format_size(item.size, lang)})")
            if item.captured_at:
                source = source_word(item.captured_source, lang)
                body.append(
                    f"\n    {t('evidence.html.captured', lang)}: {format_date(item.captured_at, lang)} ({source})"
                )
        body.append(f"\n    SHA-256: {view.sha256}\n    ")
        if view.stored:
            body.append(str(view.path) + "\n")
        else:
            body.append(t("evidence.review.not_stored", lang) + "\n", style="bold red")
    return body


def run_review(
    session: SiteSession,
    reviewer: str,
    lang: str,
    *,
    include_reviewed: bool = False,
    only: list[str] | None = None,
    console: Console | None = None,
    open_file: Callable[[Path], object] | None = None,
) -> ReviewSummary:
    """Walk the answers with prompts; each decision is saved as soon as it is made."""
    import questionary

    from tierassess.cli.interactive.render_text import SafeConsole
    from tierassess.i18n import t

    out = console or SafeConsole()
    if not reviewer.strip():
        raise InputError(t("review.problem.empty_name"), hint=t("review.problem.empty_name_hint"))
    summary = ReviewSummary()
    targets = review_targets(
        session.workspace, session.site_id, reviewer, include_reviewed=include_reviewed, only=only
    )
    if not targets:
        out.print(t("evidence.review.nothing", lang))
        return summary
    for number, target in enumerate(targets, start=1):
        out.print(f"\n[{number}/{len(targets)}]")
        out.print(target_panel(target, lang))
        out.print(evidence_text(target, lang), soft_wrap=True)
        if target.own:
            out.print(t("evidence.review.own", lang, reviewer=reviewer))
            summary.skipped_own.append(target.criterion_id)
            continue
        verdict = _ask_verdict(target, lang, open_file)
        if verdict == "stop":
            summary.stopped = True
            break
        if verdict == "skip":
            summary.skipped.append(target.criterion_id)
            continue
        chosen = ReviewVerdict(verdict)
        required = chosen in NEEDS_COMMENT
        comment = questionary.text(
            t(
                "evidence.review.q.comment_required" if required else "evidence.review.q.comment",
                lang,
            ),
            validate=_comment_validator(required, lang),
        ).unsafe_ask()
        record_review(session, target.criterion_id, chosen, reviewer, comment)
        summary.recorded[target.criterion_id] = chosen
    return summary


def _comment_validator(required: bool, lang: str) -> Callable[[str], bool | str]:
    from tierassess.i18n import t

    def validate(text: str) -> bool | str:
        return bool(text.strip()) or t("evidence.review.comment_needed", lang) if required else True

    return validate


def _ask_verdict(
    target: ReviewTarget, lang: str, open_file: Callable[[Path], object] | None
) -> str:
    import questionary

    from tierassess.i18n import t

    while True:
        choices = [
            questionary.Choice(t("evidence.html.review_accepted", lang), value="accepted"),
            questionary.Choice(t("evidence.html.review_rejected", lang), value="rejected"),
            questionary.Choice(
                t("evidence.html.review_needs_evidence", lang), value="needs_evidence"
            ),
        ]
        stored = [v for v in target.evidence if v.stored]
        if open_file is not None and stored:
            choices.append(questionary.Choice(t("evidence.review.open", lang), value="open"))
        choices += [
            questionary.Choice(t("evidence.review.skip", lang), value="skip"),
            questionary.Choice(t("evidence.review.stop", lang), value="stop"),
        ]
        answer = str(
            questionary.select(t("evidence.review.q.verdict", lang), choices=choices).unsafe_ask()
        )
        if answer != "open" or open_file is None:
            return answer
        for view in stored:
            open_file(view.path)
