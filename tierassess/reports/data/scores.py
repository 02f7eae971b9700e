"""Gathering, the scorecard: verdicts, yardsticks, domains, blockers and every scored criterion.

The rows of the summary (tier per subsystem, each yardstick's verdict, readiness by domain, what
blocks the target) and of the scorecard sheet (one row per applicable criterion).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tierassess.core.models import Assessment, Checklist, CriterionScore, Result, Scorecard
from tierassess.i18n import t
from tierassess.reports.data.labels import (
    SEVERITY_ORDER,
    CatalogueLabels,
    ReviewState,
    review_state,
)


class VerdictRow(BaseModel):
    """One subsystem's verdict as the report shows it."""

    subsystem_id: str
    subsystem: str
    tier: int
    meets_target: bool
    readiness: float
    blockers: list[str]


class YardstickRow(BaseModel):
    """One yardstick's verdict as the summary table shows it (see tierassess.core.scoring.explain)."""

    yardstick: str
    title: str
    verdict: str
    passed: bool
    why: str


class NotJudgedRow(BaseModel):
    """An answered criterion the report cannot judge, and why (as ``score`` says it)."""

    criterion_id: str
    title: str
    reason: Literal["design_unknown", "asked_anew"] = Field(
        description="design_unknown: its threshold needs a design condition the profile leaves "
        "unknown; asked_anew: answered before its question changed meaning."
    )
    detail: str = Field(
        description="The missing design condition's field, or the catalogue version that "
        "changed the question."
    )
    text: str = Field(description="The sentence the summary shows.")


class DomainRow(BaseModel):
    """One domain's readiness and counts as the report shows them."""

    domain_id: str
    code: str
    title: str
    readiness: float
    applicable: int
    met: int
    partial: int
    not_met: int
    unanswered: int
    unverified: int


class BlockerRow(BaseModel):
    """A must-pass criterion that blocks the target tier, as the report lists it."""

    criterion_id: str
    title: str
    subsystem: str
    severity_id: str
    severity: str
    result_id: str
    result: str


class CriterionRow(BaseModel):
    """One applicable criterion as scored: the rows of the scorecard sheet."""

    criterion_id: str
    title: str
    domain_id: str
    domain: str
    subsystem_id: str
    subsystem: str
    min_tier: int
    severity_id: str
    severity: str
    must_pass: bool
    weight: float
    result_id: str
    result: str
    value: float | None
    unit_id: str | None = Field(default=None, description="The unit the value was measured in.")
    unit: str = Field(default="", description="That unit as the reader reads it (giờ, h).")
    compliance: float
    evidence_status_id: str
    evidence_status: str
    counts_as_met: bool
    unverified: bool
    review_id: ReviewState
    review: str
    gap_score: float
    not_judged_id: str = Field(
        default="", description="design_unknown or asked_anew when the answer is not judged."
    )
    not_judged: str = Field(default="", description="Why, as the reader reads it.")


def gather_verdicts(scorecard: Scorecard, labels: CatalogueLabels) -> list[VerdictRow]:
    """The tier each subsystem reaches, in the scorecard's order."""
    return [
        VerdictRow(
            subsystem_id=v.subsystem,
            subsystem=labels.subsystem(v.subsystem),
            tier=v.tier,
            meets_target=v.tier >= scorecard.target_tier,
            readiness=v.readiness,
            blockers=list(v.blockers),
        )
        for v in scorecard.verdicts
    ]


def gather_yardsticks(checklist: Checklist, scorecard: Scorecard, lang: str) -> list[YardstickRow]:
    """Each yardstick's own verdict and why (none when the catalogue declares none)."""
    from tierassess.core.scoring.explain import verdict_lines

    return [
        YardstickRow(
            yardstick=line.yardstick,
            title=line.title,
            verdict=line.verdict,
            passed=line.passed,
            why=line.why,
        )
        for line in verdict_lines(checklist, scorecard.yardsticks, lang)
    ]


def gather_not_judged(scorecard: Scorecard, labels: CatalogueLabels) -> list[NotJudgedRow]:
    """Answers that cannot be judged: a design condition is unknown, or the question changed."""
    lang = labels.lang
    rows = [
        NotJudgedRow(
            criterion_id=cid,
            title=labels.criterion(cid),
            reason="design_unknown",
            detail=field,
            text=t(
                "report.not_judged.design",
                lang,
                id=cid,
                title=labels.criterion(cid),
                condition=t(f"design.condition.{field}", lang),
                field=field,
            ),
        )
        for cid, field in scorecard.undetermined.items()
    ]
    rows += [
        NotJudgedRow(
            criterion_id=cid,
            title=labels.criterion(cid),
            reason="asked_anew",
            detail=version,
            text=t("design.asked_anew.line", lang, id=cid, version=version),
        )
        for cid, version in scorecard.asked_anew.items()
    ]
    return rows


def gather_profile_notes(checklist: Checklist, scorecard: Scorecard, lang: str) -> list[str]:
    """The yardsticks' requirements the site itself fails, as ``score`` says them."""
    from tierassess.core.scoring.explain import profile_problem_messages

    return profile_problem_messages(checklist, scorecard.yardsticks, lang)


def gather_domains(scorecard: Scorecard, labels: CatalogueLabels) -> list[DomainRow]:
    """Readiness and counts of every domain with an applicable criterion, in catalogue order."""
    return sorted(
        (
            DomainRow(
                domain_id=d.id,
                code=labels.domain_code(d.id),
                title=labels.domain(d.id),
                readiness=d.readiness,
                applicable=d.applicable,
                met=d.met,
                partial=d.partial,
                not_met=d.not_met,
                unanswered=d.unanswered,
                unverified=d.unverified,
            )
            for d in scorecard.domains
            if d.applicable > 0
        ),
        key=lambda row: labels.domain_rank(row.domain_id),
    )


def gather_blockers(scorecard: Scorecard, labels: CatalogueLabels) -> list[BlockerRow]:
    """The must-pass criteria that keep any subsystem below target, gravest first."""
    lang = labels.lang
    scores = {s.criterion_id: s for s in scorecard.criteria}
    blocker_ids = sorted(
        {b for v in scorecard.verdicts for b in v.blockers},
        key=lambda cid: (
            SEVERITY_ORDER.get(scores[cid].severity, 3) if cid in scores else 3,
            cid,
        ),
    )
    blockers = []
    for criterion_id in blocker_ids:
        score = scores.get(criterion_id)
        criterion = labels.criteria.get(criterion_id)
        severity = score.severity if score else (criterion.severity if criterion else None)
        result = score.result if score else Result.NOT_ASSESSED
        blockers.append(
            BlockerRow(
                criterion_id=criterion_id,
                title=labels.criterion(criterion_id),
                subsystem=labels.subsystem(score.subsystem if score else ""),
                severity_id=severity.value if severity else "",
                severity=t(f"severity.{severity.value}", lang) if severity else "",
                result_id=result.value,
                result=t(f"result.{result.value}", lang),
            )
        )
    return blockers


def measured_unit(
    assessment: Assessment, score: CriterionScore, labels: CatalogueLabels
) -> str | None:
    """The unit of a measured value: as recorded with the answer, else the criterion's own."""
    if score.value is None:
        return None
    recorded = assessment.answer(score.criterion_id).unit
    if recorded:
        return recorded
    criterion = labels.criteria.get(score.criterion_id)
    return criterion.answer.answer_unit if criterion else None


def _not_judged_reason(scorecard: Scorecard, criterion_id: str) -> str:
    if criterion_id in scorecard.undetermined:
        return "design_unknown"
    return "asked_anew" if criterion_id in scorecard.asked_anew else ""


def _not_judged_word(scorecard: Scorecard, criterion_id: str, lang: str) -> str:
    reason = _not_judged_reason(scorecard, criterion_id)
    return t(f"report.not_judged.reason.{reason}", lang) if reason else ""


def gather_criteria(
    assessment: Assessment, scorecard: Scorecard, labels: CatalogueLabels
) -> list[CriterionRow]:
    """Every applicable criterion as scored, by domain (catalogue order), then id."""
    lang = labels.lang
    return [
        CriterionRow(
            criterion_id=score.criterion_id,
            title=labels.criterion(score.criterion_id),
            domain_id=score.domain,
            domain=labels.domain(score.domain),
            subsystem_id=score.subsystem,
            subsystem=labels.subsystem(score.subsystem),
            min_tier=score.min_tier,
            severity_id=score.severity.value,
            severity=t(f"severity.{score.severity.value}", lang),
            must_pass=score.must_pass,
            weight=score.weight,
            result_id=score.result.value,
            result=t(f"result.{score.result.value}", lang),
            value=score.value,
            unit_id=measured_unit(assessment, score, labels),
            unit=labels.unit(measured_unit(assessment, score, labels)),
            compliance=score.compliance,
            evidence_status_id=score.evidence_status.value,
            evidence_status=t(f"report.evidence_status.{score.evidence_status.value}", lang),
            counts_as_met=score.counts_as_met,
            unverified=score.unverified,
            review_id=review_state(assessment, score.criterion_id),
            review=t(f"report.review.{review_state(assessment, score.criterion_id)}", lang),
            gap_score=round(score.gap_score, 3),
            not_judged_id=_not_judged_reason(scorecard, score.criterion_id),
            not_judged=_not_judged_word(scorecard, score.criterion_id, lang),
        )
        for score in sorted(
            scorecard.criteria,
            key=lambda s: (labels.domain_rank(s.domain), s.criterion_id),
        )
    ]
