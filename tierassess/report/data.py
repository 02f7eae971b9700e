"""The figures of a report, gathered into one plain model before any page is laid out.

``gather_report_data`` reads the checklist, the assessment, the evidence index, the scorecard and
the remediation plan, and returns a ``ReportData``: every number, every row and every catalogue
text already chosen in the report's language. The PDF, XLSX, CSV and JSON writers only lay it out,
so they agree with each other by construction, and the JSON export is this model as it is.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from tierassess import __version__
from tierassess.formats import (
    format_cost_range,
    format_date,
    format_millions,
    format_number,
    format_percent,
    short_unit,
)
from tierassess.i18n import t
from tierassess.models import (
    ActionStatus,
    Assessment,
    Checklist,
    CriterionScore,
    EvidenceIndex,
    RemediationAction,
    RemediationPlan,
    Result,
    ReviewFinding,
    Scorecard,
    Severity,
)
from tierassess.report.integrity import IntegrityNote
from tierassess.report.progress import ProgressSection, RouteSummary
from tierassess.topology.report_section import TopologySection

ReviewState = Literal["accepted", "rejected", "needs_evidence", "not_reviewed"]

_SEVERITY_ORDER = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
_PRIORITY_ORDER = {"P1": 0, "P2": 1, "P3": 2, "P4": 3}


class ReportMeta(BaseModel):
    """Who, what and when: the cover of the report."""

    lang: str
    title: str
    site_id: str
    site_name: str
    operator: str
    address: str
    assessor: str | None
    as_of: date
    checklist_id: str
    checklist_title: str
    checklist_version: str
    target_tier: int
    sample: bool
    disclaimer: str
    cost_note: str | None
    plan_start_year: int
    plan_end_year: int
    lead_unit: str
    coordinating_unit: str
    method: str = Field(default="", description="How claims were counted, in one sentence.")
    generator: str = ""
    governing_body: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None


class VerdictRow(BaseModel):
    """One subsystem's verdict as the report shows it."""

    subsystem_id: str
    subsystem: str
    tier: int
    meets_target: bool
    readiness: float
    blockers: list[str]


class YardstickRow(BaseModel):
    """One yardstick's verdict as the summary table shows it (see tierassess.scoring.explain)."""

    yardstick: str
    title: str
    verdict: str
    passed: bool
    why: str


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
    compliance: float
    evidence_status_id: str
    evidence_status: str
    counts_as_met: bool
    unverified: bool
    review_id: ReviewState
    review: str
    gap_score: float


class FindingsSection(BaseModel):
    """One domain's findings: its readiness and its gaps."""

    domain_id: str
    code: str
    title: str
    readiness: float
    gaps: list[GapRow]


class PlanRow(BaseModel):
    """One task in the province's appendix columns, plus priority, cost and status."""

    number: str
    action_id: str
    criterion_id: str
    domain_id: str
    task: str
    lead_unit: str
    coordinating_unit: str
    lead_unit_short: str
    coordinating_unit_short: str
    timeframe: str
    start: date | None
    end: date | None
    year: int | None
    scheduled: bool
    priority: str
    cost_min_vnd: int
    cost_max_vnd: int
    cost: str
    status_id: str
    status: str
    disruption_id: str
    disruption: str
    depends_on: list[str]
    on_route: bool = False  # part of the cheapest route (the plan was marked by route.mark_plan)


class PlanGroup(BaseModel):
    """The plan's actions of one domain, numbered as the province's appendix numbers them."""

    number: str
    domain_id: str
    title: str
    rows: list[PlanRow]


class YearRow(BaseModel):
    """One year of the plan: tasks starting, tasks running and the cost range."""

    year: int
    actions: int = Field(description="Tasks starting this year: the rows add up to the total.")
    running: int = 0
    cost_min_vnd: int
    cost_max_vnd: int
    cost: str


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


class ReportData(BaseModel):
    """Everything a report shows, in one language; the writers only lay it out."""

    meta: ReportMeta
    facility_tier: int
    meets_target: bool
    readiness: float
    applicable: int
    answered: int
    unanswered: int
    unverified: int
    rejected: int = Field(default=0, description="Answers an auditor rejected.")
    verdicts: list[VerdictRow]
    domains: list[DomainRow]
    blockers: list[BlockerRow]
    criteria: list[CriterionRow]
    findings: list[FindingsSection]
    plan: list[PlanGroup]
    years: list[YearRow]
    cost_min_vnd: int
    cost_max_vnd: int
    cost: str
    unscheduled: list[str] = Field(default_factory=list)
    resolved: list[str] = Field(
        default_factory=list, description="Actions kept by a plan file whose gap has closed."
    )
    budget_per_year_vnd: int | None = None
    evidence: list[EvidenceRow]
    topology: TopologySection | None = Field(
        default=None, description="What the site's topology model computed, when it has one."
    )
    yardsticks: list[YardstickRow] = Field(
        default_factory=list, description="Each yardstick's own verdict and why."
    )
    integrity: list[IntegrityNote] = Field(
        default_factory=list,
        description="Broken audit chain, missing files, evidence missing, stale or rejected.",
    )
    route: RouteSummary | None = None
    progress: ProgressSection | None = None
    review_findings: list[ReviewFinding] = Field(
        default_factory=list,
        description="Answers a reviewer rejected or asked more evidence for (from the plan).",
    )

    @property
    def gaps(self) -> list[GapRow]:
        """Every gap of every findings section, in order."""
        return [gap for section in self.findings for gap in section.gaps]

    @property
    def plan_rows(self) -> list[PlanRow]:
        """Every plan row of every group, in order."""
        return [row for group in self.plan for row in group.rows]


# --- formatting helpers shared by every writer (numbers, money, dates: tierassess.formats) --------


def timeframe(start: date, end: date) -> str:
    """Months of the start and the end, as a planner reads them: 03–08/2026, 11/2026 – 02/2027."""
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.month:02d}/{start.year}"
        return f"{start.month:02d}–{end.month:02d}/{start.year}"
    return f"{start.month:02d}/{start.year} – {end.month:02d}/{end.year}"


# --- gathering -----------------------------------------------------------------------------------


def _review_state(assessment: Assessment, criterion_id: str) -> ReviewState:
    review = assessment.answer(criterion_id).review
    return "not_reviewed" if review is None else review.verdict.value


def _evidence_review(states: list[ReviewState]) -> ReviewState:
    """An evidence file is as good as the worst review of the answers that cite it."""
    for worst in ("rejected", "needs_evidence"):
        if worst in states:
            return worst
    if states and all(state == "accepted" for state in states):
        return "accepted"
    return "not_reviewed"


def _is_gap(score: CriterionScore) -> bool:
    return score.result is not Result.NOT_APPLICABLE and not score.counts_as_met


def _gap_sort_key(gap: GapRow) -> tuple[int, int, float, str]:
    return (
        _SEVERITY_ORDER.get(Severity(gap.severity_id), 3),
        0 if gap.must_pass else 1,
        -gap.gap_score,
        gap.criterion_id,
    )


def _action_sort_key(action: RemediationAction) -> tuple[date, int, str]:
    return (action.start or date.max, _PRIORITY_ORDER.get(action.priority.value, 9), action.id)


def gather_report_data(
    checklist: Checklist,
    assessment: Assessment,
    evidence_index: EvidenceIndex,
    scorecard: Scorecard,
    plan: RemediationPlan,
    lang: str = "vi",
) -> ReportData:
    """Collect every figure of the report in ``lang``; the result is laid out by the writers."""
    site = assessment.site
    criteria = checklist.by_id()
    domain_order = {d.id: i for i, d in enumerate(checklist.header.domains)}

    def title_of(criterion_id: str) -> str:
        criterion = criteria.get(criterion_id)
        return criterion.title.get(lang) if criterion else criterion_id

    def domain_title(domain_id: str) -> str:
        try:
            return checklist.domain(domain_id).title.get(lang)
        except KeyError:
            return domain_id

    def domain_code(domain_id: str) -> str:
        try:
            return checklist.domain(domain_id).code
        except KeyError:
            return domain_id.upper()[:5]

    def subsystem_title(subsystem_id: str) -> str:
        try:
            return checklist.subsystem(subsystem_id).title.get(lang)
        except KeyError:
            return subsystem_id

    defaults = checklist.planning.defaults if checklist.planning else None
    lead_unit = site.planning.lead_unit or (defaults.lead_unit if defaults else None)
    coordinating = site.planning.coordinating_unit or (
        defaults.coordinating_unit if defaults else None
    )
    cost_note = checklist.planning.note if checklist.planning else None
    meta = ReportMeta(
        lang=lang,
        title=t("report.pdf.title", lang, tier=tier_label(site.target_tier, lang)),
        site_id=site.id,
        site_name=site.name,
        operator=site.operator,
        address=site.address,
        assessor=site.assessor,
        as_of=scorecard.as_of,
        checklist_id=checklist.id,
        checklist_title=checklist.header.title.get(lang),
        checklist_version=checklist.version,
        target_tier=scorecard.target_tier,
        sample=site.sample,
        disclaimer=checklist.header.disclaimer.get(lang),
        cost_note=cost_note.get(lang) if cost_note else None,
        plan_start_year=plan.start_year,
        plan_end_year=plan.end_year,
        lead_unit=lead_unit.get(lang) if lead_unit else site.operator,
        coordinating_unit=coordinating.get(lang) if coordinating else "—",
        method=t(
            "report.method."
            + ("counted" if scorecard.settings.unverified_counts_as_met else "strict")
            + ("_stale" if not scorecard.settings.stale_counts_as_missing else ""),
            lang,
        )
        + " "
        + t("report.method.readiness", lang),
        generator=f"tierassess {__version__}",
        governing_body=site.governing_body,
        signer_title=site.signer_title,
        signer_name=site.signer_name,
    )

    verdicts = [
        VerdictRow(
            subsystem_id=v.subsystem,
            subsystem=subsystem_title(v.subsystem),
            tier=v.tier,
            meets_target=v.tier >= scorecard.target_tier,
            readiness=v.readiness,
            blockers=list(v.blockers),
        )
        for v in scorecard.verdicts
    ]
    domains = sorted(
        (
            DomainRow(
                domain_id=d.id,
                code=domain_code(d.id),
                title=domain_title(d.id),
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
        key=lambda row: domain_order.get(row.domain_id, len(domain_order)),
    )

    scores = {s.criterion_id: s for s in scorecard.criteria}
    blocker_ids = sorted(
        {b for v in scorecard.verdicts for b in v.blockers},
        key=lambda cid: (
            _SEVERITY_ORDER.get(scores[cid].severity, 3) if cid in scores else 3,
            cid,
        ),
    )
    blockers = []
    for criterion_id in blocker_ids:
        score = scores.get(criterion_id)
        criterion = criteria.get(criterion_id)
        severity = score.severity if score else (criterion.severity if criterion else None)
        result = score.result if score else Result.NOT_ASSESSED
        blockers.append(
            BlockerRow(
                criterion_id=criterion_id,
                title=title_of(criterion_id),
                subsystem=subsystem_title(score.subsystem if score else ""),
                severity_id=severity.value if severity else "",
                severity=t(f"severity.{severity.value}", lang) if severity else "",
                result_id=result.value,
                result=t(f"result.{result.value}", lang),
            )
        )

    criterion_rows = [
        CriterionRow(
            criterion_id=score.criterion_id,
            title=title_of(score.criterion_id),
            domain_id=score.domain,
            domain=domain_title(score.domain),
            subsystem_id=score.subsystem,
            subsystem=subsystem_title(score.subsystem),
            min_tier=score.min_tier,
            severity_id=score.severity.value,
            severity=t(f"severity.{score.severity.value}", lang),
            must_pass=score.must_pass,
            weight=score.weight,
            result_id=score.result.value,
            result=t(f"result.{score.result.value}", lang),
            value=score.value,
            compliance=score.compliance,
            evidence_status_id=score.evidence_status.value,
            evidence_status=t(f"report.evidence_status.{score.evidence_status.value}", lang),
            counts_as_met=score.counts_as_met,
            unverified=score.unverified,
            review_id=_review_state(assessment, score.criterion_id),
            review=t(f"report.review.{_review_state(assessment, score.criterion_id)}", lang),
            gap_score=round(score.gap_score, 3),
        )
        for score in sorted(
            scorecard.criteria,
            key=lambda s: (domain_order.get(s.domain, len(domain_order)), s.criterion_id),
        )
    ]

    actions_by_criterion = {a.criterion_id: a for a in plan.actions}
    sections: dict[str, list[GapRow]] = {}
    for score in scorecard.criteria:
        if not _is_gap(score):
            continue
        action = actions_by_criterion.get(score.criterion_id)
        criterion = criteria.get(score.criterion_id)
        if action is not None:
            action_text = action.title.get(lang)
        elif score.unanswered:
            action_text = t("report.gap.assess_first", lang)
        elif score.unverified or score.result is Result.MET:
            action_text = t("report.gap.collect_evidence", lang)
        else:
            action_text = criterion.remediation.action.get(lang) if criterion else "—"
        review = _review_state(assessment, score.criterion_id)
        sections.setdefault(score.domain, []).append(
            GapRow(
                criterion_id=score.criterion_id,
                title=title_of(score.criterion_id),
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
                action=action_text,
            )
        )
    readiness_by_domain = {d.id: d.readiness for d in scorecard.domains}
    findings = [
        FindingsSection(
            domain_id=domain_id,
            code=domain_code(domain_id),
            title=domain_title(domain_id),
            readiness=readiness_by_domain.get(domain_id, 0.0),
            gaps=sorted(gaps, key=_gap_sort_key),
        )
        for domain_id, gaps in sorted(
            sections.items(), key=lambda item: domain_order.get(item[0], len(domain_order))
        )
    ]

    unscheduled = set(plan.unscheduled)
    by_domain: dict[str, list[RemediationAction]] = {}
    resolved = sorted(a.id for a in plan.actions if a.status is ActionStatus.RESOLVED)
    for action in plan.actions:
        if action.status is ActionStatus.RESOLVED:
            continue  # the gap has closed: it is no task of the plan any more
        by_domain.setdefault(action.domain, []).append(action)
    groups = []
    for group_index, (domain_id, actions) in enumerate(
        sorted(by_domain.items(), key=lambda item: domain_order.get(item[0], len(domain_order))),
        start=1,
    ):
        rows = []
        for row_index, action in enumerate(sorted(actions, key=_action_sort_key), start=1):
            scheduled = action.scheduled and action.id not in unscheduled
            if scheduled and action.start is not None and action.end is not None:
                when = timeframe(action.start, action.end)
            elif action.status is ActionStatus.DEFERRED:
                when = t("report.status.deferred", lang)
            else:
                when = t("report.plan.unscheduled", lang)
            rows.append(
                PlanRow(
                    number=f"{group_index}.{row_index}",
                    action_id=action.id,
                    criterion_id=action.criterion_id,
                    domain_id=action.domain,
                    task=action.title.get(lang),
                    lead_unit=action.lead_unit.get(lang),
                    coordinating_unit=action.coordinating_unit.get(lang),
                    lead_unit_short=short_unit(action.lead_unit.get(lang)),
                    coordinating_unit_short=short_unit(action.coordinating_unit.get(lang)),
                    timeframe=when,
                    start=action.start,
                    end=action.end,
                    year=action.year,
                    scheduled=scheduled,
                    priority=action.priority.value,
                    cost_min_vnd=action.cost_min_vnd,
                    cost_max_vnd=action.cost_max_vnd,
                    cost=format_cost_range(action.cost_min_vnd, action.cost_max_vnd, lang),
                    status_id=action.status.value,
                    status=t(f"report.status.{action.status.value}", lang),
                    disruption_id=action.disruption.value,
                    disruption=t(f"disruption.{action.disruption.value}", lang),
                    depends_on=list(action.depends_on),
                    on_route=action.on_route,
                )
            )
        groups.append(
            PlanGroup(
                number=str(group_index),
                domain_id=domain_id,
                title=domain_title(domain_id),
                rows=rows,
            )
        )

    from tierassess.planning import running_by_year

    running = running_by_year(plan.actions)
    years = [
        YearRow(
            year=y.year,
            actions=y.actions,
            running=running.get(y.year, 0),
            cost_min_vnd=y.cost_min_vnd,
            cost_max_vnd=y.cost_max_vnd,
            cost=format_cost_range(y.cost_min_vnd, y.cost_max_vnd, lang),
        )
        for y in sorted(plan.years, key=lambda y: y.year)
    ]

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
        review = _evidence_review([_review_state(assessment, cid) for cid in sorted(cited_by)])
        evidence.append(
            EvidenceRow(
                file=item.original_name,
                sha256=item.sha256,
                short_sha=item.sha256[:12],
                kind_id=item.kind.value if item.kind else None,
                kind=t(f"evidence_kind.{item.kind.value}", lang) if item.kind else "—",
                criteria=linked,
                captured_at=item.captured_at,
                review_id=review,
                review=t(f"report.review.{review}", lang),
                sample=item.sample,
            )
        )

    answered = sum(1 for s in scorecard.criteria if not s.unanswered)
    from tierassess.scoring.explain import verdict_lines

    yardsticks = [
        YardstickRow(
            yardstick=line.yardstick,
            title=line.title,
            verdict=line.verdict,
            passed=line.passed,
            why=line.why,
        )
        for line in verdict_lines(checklist, scorecard.yardsticks, lang)
    ]
    return ReportData(
        meta=meta,
        facility_tier=scorecard.facility_tier,
        meets_target=scorecard.meets_target,
        readiness=scorecard.readiness,
        applicable=len(scorecard.criteria),
        answered=answered,
        unanswered=len(scorecard.unanswered),
        unverified=len(scorecard.unverified),
        rejected=len(scorecard.rejected),
        verdicts=verdicts,
        domains=domains,
        blockers=blockers,
        criteria=criterion_rows,
        findings=findings,
        plan=groups,
        years=years,
        cost_min_vnd=plan.cost_min_vnd,
        cost_max_vnd=plan.cost_max_vnd,
        cost=format_cost_range(plan.cost_min_vnd, plan.cost_max_vnd, lang),
        unscheduled=sorted(unscheduled),
        resolved=resolved,
        budget_per_year_vnd=plan.budget_per_year_vnd,
        evidence=evidence,
        yardsticks=yardsticks,
        review_findings=plan.review_findings,
    )


def completeness_statement(data: ReportData) -> str:
    """What the assessment has not covered yet, said by the organisation (one or two sentences)."""
    lang = data.meta.lang
    if not data.unanswered and not data.unverified:
        return t("report.complete.yes", lang, applicable=data.applicable)
    parts = []
    if data.unanswered:
        parts.append(
            t("report.complete.unanswered", lang, count=data.unanswered, applicable=data.applicable)
        )
    if data.unverified:
        key = (
            "report.complete.unverified_rejected" if data.rejected else "report.complete.unverified"
        )
        parts.append(t(key, lang, count=data.unverified, rejected=data.rejected))
    return t("report.complete.no", lang, parts="; ".join(parts))


def verdict_reason(data: ReportData) -> str | None:
    """Why the facility rates below its target, in one sentence a director understands."""
    if data.meets_target or not data.verdicts:
        return None
    lang = data.meta.lang
    weakest = min(data.verdicts, key=lambda v: (v.tier, -len(v.blockers), v.subsystem_id))
    example = next(
        (b.title for b in data.blockers if b.criterion_id in weakest.blockers),
        weakest.blockers[0] if weakest.blockers else "",
    )
    return t(
        "report.complete.reason" if weakest.blockers else "report.complete.reason_plain",
        lang,
        tier=tier_label(data.facility_tier, lang),
        readiness=format_percent(data.readiness, lang),
        subsystem=weakest.subsystem,
        count=len(weakest.blockers),
        example=example,
        target=tier_label(data.meta.target_tier, lang),
    )


def tier_label(tier: int, lang: str) -> str:
    """A facility tier as a reader expects it: Tier III, or 'below Tier I' for 0."""
    from tierassess.i18n import tier_label as label

    return label(tier, lang)


__all__ = [
    "BlockerRow",
    "CriterionRow",
    "DomainRow",
    "EvidenceRow",
    "FindingsSection",
    "GapRow",
    "PlanGroup",
    "PlanRow",
    "ReportData",
    "ReportMeta",
    "VerdictRow",
    "YearRow",
    "completeness_statement",
    "format_cost_range",
    "format_date",
    "format_millions",
    "format_number",
    "format_percent",
    "gather_report_data",
    "short_unit",
    "tier_label",
    "timeframe",
    "verdict_reason",
]
