"""Gathering, the evidence index: every stored file, the criteria it backs, and its review state."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from tierassess.core.models import Assessment, EvidenceIndex
from tierassess.i18n import t
from tierassess.reports.data.labels import ReviewState, review_state
from tierassess.storage.evidence.present import kind_word


class EvidenceRow(BaseModel):
    """One evidence file as the report's evidence index lists it."""

    file: str
    sha256: str
    short_sha: str
    kind_id: str | None
    kind: str
    criteria: list[str]
    captured_at: date | None
    review_id: ReviewState
    review: str
    sample: bool


def evidence_review(states: list[ReviewState]) -> ReviewState:
    """An evidence file is as good as the worst review of the answers that cite it."""
    for worst in ("rejected", "needs_evidence"):
        if worst in states:
            return worst
    if states and all(state == "accepted" for state in states):
        return "accepted"
    return "not_reviewed"


def gather_evidence(
    assessment: Assessment, evidence_index: EvidenceIndex, lang: str
) -> list[EvidenceRow]:
    """Every file of the index by capture date, with the criteria linked to or citing it."""
    citing: dict[str, set[str]] = {}
    for criterion_id, answer in assessment.answers.items():
        for sha in answer.evidence:
            citing.setdefault(sha, set()).add(criterion_id)
    evidence = []
    for item in sorted(
        evidence_index.items, key=lambda i: (i.captured_at or date.max, i.original_name, i.sha256)
    ):
        cited_by = citing.get(item.sha256, set())
        linked = sorted(set(item.criteria) | cited_by)
        review = evidence_review([review_state(assessment, cid) for cid in sorted(cited_by)])
        evidence.append(
            EvidenceRow(
                file=item.original_name,
                sha256=item.sha256,
                short_sha=item.sha256[:12],
                kind_id=item.kind.value if item.kind else None,
                kind=kind_word(item.kind, lang, missing="—"),
                criteria=linked,
                captured_at=item.captured_at,
                review_id=review,
                review=t(f"report.review.{review}", lang),
                sample=item.sample,
            )
        )
    return evidence
