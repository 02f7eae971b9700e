"""Gathering, the findings: every applicable criterion that does not count as met, by domain.

Each gap carries its severity, result, evidence and review state, and what to do about it: the
plan's action, else "assess first", "collect evidence" or the catalogue's remediation.
"""

from __future__ import annotations

from pydantic import BaseModel

from tierassess.core.models import (
    Assessment,
    CriterionScore,
    RemediationAction,
    RemediationPlan,
    Result,
    Scorecard,
    Severity,
)
from tierassess.i18n import t
from tierassess.reports.data.labels import (
    SEVERITY_ORDER,
    CatalogueLabels,
    ReviewState,
    review_state,
)


class GapRow(BaseModel):
    """One applicable criterion that does not count as met."""

    criterion_id: str
    title: str
    domain_id: str
    subsystem_id: str
    severity_id: str
    severity: str
    must_pass: bool
    result_id: str
    result: str
    unverified: bool
    evidence_status_id: str
    evidence_status: str
    review_id: ReviewState
    review: str
    gap_score: float
    action_id: str | None
    action: str


class FindingsSection(BaseModel):
    """One domain's findings: its readiness and its gaps."""

    domain_id: str
    code: str
    title: str
    readiness: float
    gaps: list[GapRow]


def _is_gap(score: CriterionScore) -> bool:
    return score.result is not Result.NOT_APPLICABLE and not score.counts_as_met


def _gap_sort_key(gap: GapRow) -> tuple[int, int, float, str]:
    return (
        SEVERITY_ORDER.get(Severity(gap.severity_id), 3),
        0 if gap.must_pass else 1,
        -gap.gap_score,
        gap.criterion_id,
    )


def _what_to_do(
    score: CriterionScore, action: RemediationAction | None, labels: CatalogueLabels
) -> str:
    """The plan's action; else assess first, collect evidence, or the catalogue's remedy."""
    lang = labels.lang
    if action is not None:
        return action.title.get(lang)
    if score.unanswered:
        return t("report.gap.assess_first", lang)
    if score.unverified or score.result is Result.MET:
        return t("report.gap.collect_evidence", lang)
    criterion = labels.criteria.get(score.criterion_id)
    return criterion.remediation.action.get(lang) if criterion else "—"


def _gap_row(
    assessment: Assessment,
    score: CriterionScore,
    action: RemediationAction | None,
    labels: CatalogueLabels,
) -> GapRow:
    lang = labels.lang
    review = review_state(assessment, score.criterion_id)
    return GapRow(
        criterion_id=score.criterion_id,
        title=labels.criterion(score.criterion_id),
        domain_id=score.domain,
        subsystem_id=score.subsystem,
        severity_id=score.severity.value,
        severity=t(f"severity.{score.severity.value}", lang),
        must_pass=score.must_pass,
        result_id=score.result.value,
        result=t(f"result.{score.result.value}", lang),
        unverified=score.unverified,
        evidence_status_id=score.evidence_status.value,
        evidence_status=t(f"report.evidence_status.{score.evidence_status.value}", lang),
        review_id=review,
        review=t(f"report.review.{review}", lang),
        gap_score=round(score.gap_score, 3),
        action_id=action.id if action else None,
        action=_what_to_do(score, action, labels),
    )


def gather_findings(
    assessment: Assessment,
    scorecard: Scorecard,
    plan: RemediationPlan,
    labels: CatalogueLabels,
) -> list[FindingsSection]:
    """One section per domain with gaps (catalogue order); gravest gaps first in each."""
    actions_by_criterion = {a.criterion_id: a for a in plan.actions}
    sections: dict[str, list[GapRow]] = {}
    for score in scorecard.criteria:
        if not _is_gap(score):
            continue
        action = actions_by_criterion.get(score.criterion_id)
        sections.setdefault(score.domain, []).append(_gap_row(assessment, score, action, labels))
    readiness_by_domain = {d.id: d.readiness for d in scorecard.domains}
    return [
        FindingsSection(
            domain_id=domain_id,
            code=labels.domain_code(domain_id),
            title=labels.domain(domain_id),
            readiness=readiness_by_domain.get(domain_id, 0.0),
            gaps=sorted(gaps, key=_gap_sort_key),
        )
        for domain_id, gaps in sorted(
            sections.items(), key=lambda item: labels.domain_rank(item[0])
        )
    ]
