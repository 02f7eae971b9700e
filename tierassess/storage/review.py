"""An auditor's review of the answers: accepted, rejected or needs more evidence, with a comment.

The review is kept in ``Answer.review`` (so it travels in the assessment and in later bundles) and
every decision is written to the audit log. Nobody reviews an answer they gave, in whole or in
part: the reviewer may not appear as ``answered_by`` on the answer or any earlier revision of it.
Reviews come from a prompt walk (questionary) or, for scripts, from a YAML file::

    PWR-UPS-02: {verdict: accepted}
    PWR-GEN-04: {verdict: needs_evidence, comment: "Load-test record is from 2021."}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import TypeAdapter

from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    Criterion,
    EvidenceIndex,
    EvidenceItem,
    FileModel,
    Result,
    Review,
    ReviewVerdict,
    utc_now,
)
from tierassess.core.reviews import NEEDS_COMMENT, gave_answer
from tierassess.errors import FileProblems, InputError, Problem
from tierassess.i18n import t
from tierassess.storage.session import Event
from tierassess.storage.workspace import Workspace
from tierassess.textsafe import clean_note
from tierassess.yamlio import locate, parse_yaml, validate_document

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession


class ReviewEntry(FileModel):
    """One decision in a ``--answers`` file."""

    verdict: ReviewVerdict
    comment: str | None = None


_review_file = TypeAdapter(dict[str, ReviewEntry])


@dataclass(frozen=True)
class EvidenceView:
    """An evidence reference of an answer, as a reviewer needs it: where to open it, its facts."""

    sha256: str
    item: EvidenceItem | None
    path: Path

    @property
    def stored(self) -> bool:
        """Whether the evidence file is in the store."""
        return self.path.is_file()


@dataclass(frozen=True)
class ReviewTarget:
    """One answer to review: its criterion, its evidence, and whether the reviewer gave it."""

    criterion_id: str
    criterion: Criterion | None
    answer: Answer
    evidence: list[EvidenceView]
    own: bool
    unit_labels: dict[str, str] | None = None  # language -> the answer's unit as read in it


@dataclass
class ReviewSummary:
    """What a review session recorded and skipped, and whether it was stopped."""

    recorded: dict[str, ReviewVerdict] = field(default_factory=dict)
    skipped_own: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stopped: bool = False


def _views(
    workspace: Workspace, site_id: str, answer: Answer, index: EvidenceIndex
) -> list[EvidenceView]:
    return [
        EvidenceView(ref, index.get(ref), workspace.evidence_file(site_id, ref))
        for ref in answer.evidence
    ]


def review_targets(
    workspace: Workspace,
    site_id: str,
    reviewer: str,
    *,
    include_reviewed: bool = False,
    only: list[str] | None = None,
) -> list[ReviewTarget]:
    """The answered criteria to review, in questionnaire order, with their evidence."""
    assessment = workspace.load_assessment(site_id)
    index = workspace.load_evidence_index(site_id)
    by_id: dict[str, Criterion] = {}
    order: list[str] = []
    try:
        checklist: Checklist | None = workspace.load_checklist(assessment.checklist_id)
    except InputError:
        checklist = None  # review still works on the answers alone
    if checklist is not None:
        by_id = checklist.by_id()
        order = [c.id for c in checklist.applicable(assessment.site)]
    ids = order + sorted(set(assessment.answers) - set(order))
    wanted = {c.strip().upper() for c in only} if only else None
    if wanted:
        unknown = sorted(wanted - set(assessment.answers))
        if unknown:
            raise InputError(
                t("review.problem.not_answered", ids=", ".join(unknown), site=repr(site_id))
            )
    targets = []
    for criterion_id in ids:
        answer = assessment.answers.get(criterion_id)
        if answer is None or answer.result is Result.NOT_ASSESSED:
            continue
        if wanted is not None and criterion_id not in wanted:
            continue
        if answer.review is not None and not include_reviewed and wanted is None:
            continue
        targets.append(
            ReviewTarget(
                criterion_id,
                by_id.get(criterion_id),
                answer,
                _views(workspace, site_id, answer, index),
                gave_answer(answer, reviewer),
                {lang: checklist.unit_label(answer.unit, lang) for lang in ("vi", "en")}
                if checklist is not None and answer.unit
                else None,
            )
        )
    return targets


def _verdict_word(verdict: ReviewVerdict) -> str:
    """The verdict as the reader's word ("Không chấp nhận"), as the review panel shows it."""
    return t(f"evidence.html.review_{verdict.value}")


def _check_review(
    assessment: Assessment,
    criterion_id: str,
    verdict: ReviewVerdict,
    reviewer: str,
    comment: str | None,
) -> str | None:
    """Why this review may not be recorded, or None."""
    if not reviewer.strip():
        return t("review.problem.empty_name")
    answer = assessment.answers.get(criterion_id)
    if answer is None or answer.result is Result.NOT_ASSESSED:
        return t("review.problem.no_answer", id=criterion_id)
    if gave_answer(answer, reviewer):
        return t("review.problem.own_answer", name=reviewer, id=criterion_id)
    if verdict in NEEDS_COMMENT and not (comment or "").strip():
        return t("review.problem.needs_comment", verdict=_verdict_word(verdict), id=criterion_id)
    return None


def _apply(
    session: SiteSession,
    criterion_id: str,
    verdict: ReviewVerdict,
    reviewer: str,
    comment: str | None,
) -> tuple[Review, Event]:
    answer = session.assessment.answers[criterion_id]
    previous = answer.review.verdict.value if answer.review else None
    review = Review(
        verdict=verdict,
        comment=clean_note(comment),
        reviewer=reviewer.strip(),
        at=utc_now(),
    )
    answer.review = review
    details: dict[str, object] = {"verdict": verdict.value, "previous": previous}
    if review.comment:
        details["comment"] = review.comment
    return review, Event("review.set", criterion_id, details, actor=review.reviewer)


def record_review(
    session: SiteSession,
    criterion_id: str,
    verdict: ReviewVerdict | str,
    reviewer: str,
    comment: str | None = None,
) -> Review:
    """Record one reviewer's decision on one answer (saved at once, and logged)."""
    assessment = session.assessment
    criterion_id = criterion_id.strip().upper()
    try:
        chosen = ReviewVerdict(verdict)
    except ValueError:
        known = ", ".join(v.value for v in ReviewVerdict)
        raise InputError(
            t("review.problem.unknown_verdict", verdict=repr(verdict), known=known)
        ) from None
    problem = _check_review(assessment, criterion_id, chosen, reviewer, comment)
    if problem:
        raise InputError(problem)
    review, event = _apply(session, criterion_id, chosen, reviewer, comment)
    session.commit_events([event])
    return review


def apply_review_file(session: SiteSession, reviewer: str, path: Path) -> dict[str, Review]:
    """Record every decision in a YAML file; all are checked first, none is recorded on a problem."""
    document = parse_yaml(path)
    if document.data is None:
        raise FileProblems([Problem(path, None, "", t("review.problem.file_empty"))])
    entries = validate_document(document, _review_file)
    assessment = session.assessment
    problems = []
    for criterion_id, entry in entries.items():
        problem = _check_review(
            assessment, criterion_id.upper(), entry.verdict, reviewer, entry.comment
        )
        if problem:
            line, _ = locate(document.root, [criterion_id])
            problems.append(Problem(path, line, criterion_id, problem))
    if problems:
        raise FileProblems(problems, hint=t("review.problem.nothing_recorded"))
    recorded: dict[str, Review] = {}
    events: list[Event] = []
    for criterion_id, entry in entries.items():
        review, event = _apply(
            session, criterion_id.upper(), entry.verdict, reviewer, entry.comment
        )
        recorded[criterion_id.upper()] = review
        events.append(event)
    session.commit_events(events)  # every decision of the file, or none
    return recorded
