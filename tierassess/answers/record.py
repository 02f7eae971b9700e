"""Step 3 of an answer: the rules that turn what was given into the stored ``Answer``.

Every way an answer enters an assessment (the questionnaire, ``answers import``) goes through
``record_answer``, so the rules are the same everywhere:

* a measured value carries the criterion's unit, lies within its plausible bounds, and earns its
  result from the threshold (``MeasuredAnswer.result_for``), never from what someone typed;
* a choice earns the result of its option;
* ``not_applicable`` needs a justification;
* changing an answer keeps the earlier one in ``Answer.history``; an auditor's review of the
  earlier one no longer applies and is dropped (the audit log keeps it).

The answer changes in memory only; the caller saves it with the site session's ``commit``
(``tierassess.session``), which writes the assessment and its audit entry together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tierassess.answers.values import (
    AnswerError,
    check_unit,
    measured_value,
    parse_result,
    resolve_choice,
)
from tierassess.formats import format_number
from tierassess.i18n import t
from tierassess.models import (
    Answer,
    Assessment,
    ChoiceAnswer,
    Criterion,
    MeasuredAnswer,
    Result,
    SiteProfile,
    WorkflowState,
    utc_now,
)
from tierassess.session import acting_name
from tierassess.textsafe import strip_controls

__all__ = [
    "annotate",
    "answer_details",
    "default_actor",
    "is_answered",
    "record_answer",
    "set_flag",
    "unique_refs",
]


def _fmt(number: float) -> str:
    return format_number(number)


def _has_content(answer: Answer) -> bool:
    return (
        answer.result is not Result.NOT_ASSESSED
        or bool(answer.notes)
        or bool(answer.evidence)
        or answer.value is not None
    )


def _same_content(a: Answer, b: Answer) -> bool:
    fields = ("result", "value", "unit", "choice", "justification", "notes", "evidence")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _finish(
    assessment: Assessment,
    criterion_id: str,
    previous: Answer,
    updated: Answer,
    state: WorkflowState,
    actor: str,
    at: datetime,
) -> Answer:
    if _same_content(previous, updated):
        if previous.state is state:
            return previous
        result = previous.model_copy(update={"state": state})
        assessment.answers[criterion_id] = result
        return result
    history = list(previous.history)
    if _has_content(previous):
        history.append(previous.revision())
    judged_changed = (previous.result, previous.value, previous.choice, previous.evidence) != (
        updated.result,
        updated.value,
        updated.choice,
        updated.evidence,
    )
    final = updated.model_copy(
        update={
            "answered_by": actor,
            "answered_at": at,
            "state": state,
            "history": history,
            "review": None if judged_changed else previous.review,
        }
    )
    assessment.answers[criterion_id] = final
    return final


def _state_after(previous: Answer, result: Result, flagged: bool | None) -> WorkflowState:
    if flagged is True or (flagged is None and previous.state is WorkflowState.FLAGGED):
        return WorkflowState.FLAGGED
    return WorkflowState.TODO if result is Result.NOT_ASSESSED else WorkflowState.ANSWERED


@dataclass(frozen=True)
class _Judged:
    """What the answer kind made of the input: the result it earns and what is stored with it."""

    result: Result
    value: float | None = None
    unit: str | None = None
    choice: str | None = None


def _given(text: object) -> bool:
    """Whether a cell or argument holds anything but blanks."""
    return text is not None and bool(str(text).strip())


def _judge_measured(
    spec: MeasuredAnswer,
    wanted: Result | None,
    value: float | str | None,
    unit: str | None,
    choice: str | None,
    site: SiteProfile,
    convention: str | None,
) -> _Judged:
    if _given(choice):
        raise AnswerError("choice", t("assess.err.no_choice_here"))
    if value is None or not _given(value):
        raise AnswerError("value", t("assess.err.value_required", unit=spec.unit))
    new_unit = check_unit(spec, unit)
    new_value = measured_value(spec, value, convention)
    earned = spec.result_for(new_value, site)
    if wanted is not None and wanted is not earned:
        raise AnswerError(
            "result",
            t(
                "assess.err.result_disagrees",
                result=wanted.value,
                value=_fmt(new_value),
                unit=spec.unit,
                earned=earned.value,
                rule=f"{spec.comparator.value} {_fmt(spec.threshold)}",
            ),
        )
    return _Judged(earned, new_value, new_unit)


def _judge_choice(
    spec: ChoiceAnswer, wanted: Result | None, value: float | str | None, choice: str | None
) -> _Judged:
    if _given(value):
        raise AnswerError("value", t("assess.err.no_value_here"))
    if choice is None or not _given(choice):
        raise AnswerError("choice", t("assess.err.choice_required"))
    option = resolve_choice(spec, choice)
    earned = Result(option.result)
    if wanted is not None and wanted is not earned:
        raise AnswerError(
            "result",
            t(
                "assess.err.choice_disagrees",
                result=wanted.value,
                choice=option.id,
                earned=earned.value,
            ),
        )
    return _Judged(earned, choice=option.id)


def _judge(
    criterion: Criterion,
    wanted: Result | None,
    value: float | str | None,
    unit: str | None,
    choice: str | None,
    site: SiteProfile,
    convention: str | None,
) -> _Judged:
    """The result the input earns under the criterion's answer kind; AnswerError when it cannot."""
    spec = criterion.answer
    if wanted is Result.NOT_APPLICABLE:
        if _given(value):
            raise AnswerError("value", t("assess.err.value_with_na"))
        return _Judged(Result.NOT_APPLICABLE)
    if isinstance(spec, MeasuredAnswer):
        return _judge_measured(spec, wanted, value, unit, choice, site, convention)
    if isinstance(spec, ChoiceAnswer):
        return _judge_choice(spec, wanted, value, choice)
    if _given(value):
        raise AnswerError("value", t("assess.err.no_value_here"))
    if _given(choice):
        raise AnswerError("choice", t("assess.err.no_choice_here"))
    if wanted is None:
        raise AnswerError("result", t("assess.err.result_required"))
    return _Judged(wanted)


def _justification_kept(previous: Answer, result: Result, given: str | None) -> str | None:
    """The justification stored with ``result``; not applicable without one is refused."""
    # cleaned as stored (FreeText), so "needs a justification" judges what will be kept
    kept = previous.justification if given is None else _free(given)
    if result is Result.NOT_APPLICABLE and not (kept or "").strip():
        raise AnswerError("justification", t("assess.err.justification_required"))
    if result is not Result.NOT_APPLICABLE and given is None:
        return None
    return kept


def record_answer(
    assessment: Assessment,
    criterion: Criterion,
    *,
    result: Result | str | None = None,
    value: float | str | None = None,
    unit: str | None = None,
    choice: str | None = None,
    justification: str | None = None,
    notes: str | None = None,
    evidence: Sequence[str] | None = None,
    flagged: bool | None = None,
    actor: str,
    at: datetime | None = None,
    convention: str | None = None,
) -> Answer:
    """Validate an answer against ``criterion`` and store it in ``assessment``; return it.

    ``result`` may be left out where the value or the choice decides it; when given as well, it
    must agree. ``notes``/``justification`` left as None keep what was there (pass "" to clear);
    ``evidence`` replaces the list when given. ``flagged`` None keeps a review flag. An answer equal
    to the stored one changes nothing (no history entry, no new timestamp). A value given as text
    is read in ``convention`` ("vi": 1.500 is 1500; "en": 1.5); without one, an ambiguous text
    is refused.
    """
    previous = assessment.answer(criterion.id)
    wanted = parse_result(result) if result is not None else None
    if wanted is Result.NOT_ASSESSED:
        raise AnswerError("result", t("assess.err.not_assessed"))
    judged = _judge(criterion, wanted, value, unit, choice, assessment.site, convention)
    updated = previous.model_copy(
        update={
            "result": judged.result,
            "value": judged.value,
            "unit": judged.unit,
            "choice": judged.choice,
            "justification": _justification_kept(previous, judged.result, justification),
            "notes": previous.notes if notes is None else _free(notes),
            "evidence": list(previous.evidence) if evidence is None else unique_refs(evidence),
        }
    )
    return _finish(
        assessment,
        criterion.id,
        previous,
        updated,
        _state_after(previous, judged.result, flagged),
        actor,
        at or utc_now(),
    )


def annotate(
    assessment: Assessment,
    criterion_id: str,
    *,
    notes: str | None = None,
    add_evidence: Sequence[str] = (),
    actor: str,
    at: datetime | None = None,
) -> Answer:
    """Change the notes and/or add evidence references, leaving the result as it is."""
    previous = assessment.answer(criterion_id)
    updated = previous.model_copy(
        update={
            "notes": previous.notes if notes is None else _free(notes),
            "evidence": unique_refs([*previous.evidence, *add_evidence]),
        }
    )
    return _finish(
        assessment, criterion_id, previous, updated, previous.state, actor, at or utc_now()
    )


def set_flag(assessment: Assessment, criterion_id: str, flagged: bool) -> Answer:
    """Flag an answer for review, or clear the flag; the answer itself is untouched."""
    previous = assessment.answer(criterion_id)
    if flagged:
        state = WorkflowState.FLAGGED
    else:
        state = (
            WorkflowState.TODO if previous.result is Result.NOT_ASSESSED else WorkflowState.ANSWERED
        )
    updated = previous.model_copy(update={"state": state})
    assessment.answers[criterion_id] = updated
    return updated


def _free(text: str) -> str | None:
    """A note or justification as stored: no control characters, trimmed, None when empty."""
    return strip_controls(text).strip() or None


def unique_refs(items: Iterable[str]) -> list[str]:
    """The references in their first order, each once, blanks left out."""
    seen: dict[str, None] = {}
    for item in items:
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def is_answered(answer: Answer) -> bool:
    """Whether the answer has a result (anything but not assessed)."""
    return answer.result is not Result.NOT_ASSESSED


def answer_details(answer: Answer) -> dict[str, Any]:
    """What the audit log records about an answer."""
    details: dict[str, Any] = {"result": answer.result.value, "state": answer.state.value}
    for name in ("value", "unit", "choice", "justification", "notes"):
        if getattr(answer, name) is not None:
            details[name] = getattr(answer, name)
    if answer.evidence:
        details["evidence"] = list(answer.evidence)
    return details


def default_actor(assessment: Assessment, given: str | None = None) -> str:
    """Who is answering: ``--as NAME``, else the profile's assessor, else the login name."""
    return acting_name(given, assessment)
