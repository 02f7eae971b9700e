"""Step 3 of an answer: the rules that turn what was given into the stored ``Answer``.

Every way an answer enters an assessment (the questionnaire, ``answers import``) goes through
``record_answer``, so the rules are the same everywhere:

* the criterion's answer kind accepts the input and says the result it earns (``accept`` in
  ``tierassess.core.models.answer_kinds``): a measured value carries the criterion's unit, lies within
  its plausible bounds and earns its result from the threshold, never from what someone typed; a
  choice earns the result of its option;
* ``not_applicable`` needs a justification;
* changing an answer keeps the earlier one in ``Answer.history``; an auditor's review of the
  earlier one no longer applies and is dropped (the audit log keeps it).

The answer changes in memory only; the caller saves it with the site session's ``commit``
(``tierassess.storage.session``), which writes the assessment and its audit entry together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from tierassess.core.models import (
    AcceptedAnswer,
    Answer,
    AnswerEntry,
    Assessment,
    Criterion,
    Result,
    WorkflowState,
    utc_now,
)
from tierassess.core.models.answer_entry import given
from tierassess.i18n import t
from tierassess.storage.answers.values import AnswerError, parse_result
from tierassess.textsafe import strip_controls

__all__ = [
    "annotate",
    "answer_details",
    "is_answered",
    "record_answer",
    "set_flag",
    "unique_refs",
]


def _has_content(answer: Answer) -> bool:
    return (
        answer.result is not Result.NOT_ASSESSED
        or bool(answer.notes)
        or bool(answer.evidence)
        or answer.value is not None
    )


def _same_content(a: Answer, b: Answer) -> bool:
    # the catalogue version too: the same figure given again under a changed question is news
    fields = (
        "result",
        "value",
        "unit",
        "choice",
        "justification",
        "notes",
        "evidence",
        "catalogue_version",
    )
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
    accepted_changed = (previous.result, previous.value, previous.choice, previous.evidence) != (
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
            "review": None if accepted_changed else previous.review,
        }
    )
    assessment.answers[criterion_id] = final
    return final


def _state_after(previous: Answer, result: Result, flagged: bool | None) -> WorkflowState:
    if flagged is True or (flagged is None and previous.state is WorkflowState.FLAGGED):
        return WorkflowState.FLAGGED
    return WorkflowState.TODO if result is Result.NOT_ASSESSED else WorkflowState.ANSWERED


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
    catalogue_version: str | None = None,
) -> Answer:
    """Validate an answer against ``criterion`` and store it in ``assessment``; return it.

    ``catalogue_version`` is the catalogue the question was asked from, kept with the answer so
    that a question that later changes meaning does not silently re-judge it.

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
    if wanted is Result.NOT_APPLICABLE:  # the same for every kind: no value, a justification
        if given(value):
            raise AnswerError("value", t("assess.err.value_with_na"))
        accepted = AcceptedAnswer(Result.NOT_APPLICABLE)
    else:
        entry = AnswerEntry(value, unit, choice, wanted=wanted, convention=convention)
        accepted = criterion.answer.accept(entry, assessment.site)
    updated = previous.model_copy(
        update={
            "result": accepted.result,
            "value": accepted.value,
            "unit": accepted.unit,
            "choice": accepted.choice,
            "justification": _justification_kept(previous, accepted.result, justification),
            "notes": previous.notes if notes is None else _free(notes),
            "evidence": list(previous.evidence) if evidence is None else unique_refs(evidence),
            "catalogue_version": catalogue_version or previous.catalogue_version,
        }
    )
    return _finish(
        assessment,
        criterion.id,
        previous,
        updated,
        _state_after(previous, accepted.result, flagged),
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
