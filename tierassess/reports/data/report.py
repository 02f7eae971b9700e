"""Gathering, all of it: ``ReportData`` and ``gather_report_data``, which fills it part by part.

Each part is gathered by the module named after it: the cover (``cover``), the scorecard
(``scores``), the findings (``findings``), the plan (``plan``) and the evidence index
(``evidence``). ``tierassess.reports.export`` adds the integrity notes, the topology, the route and
the progress sections, which need the workspace.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from tierassess.core.models import (
    Assessment,
    Checklist,
    EvidenceIndex,
    RemediationPlan,
    ReviewFinding,
    Scorecard,
)
from tierassess.formats import format_cost_range
from tierassess.reports.data.cover import ReportMeta, gather_meta
from tierassess.reports.data.evidence import EvidenceRow, gather_evidence
from tierassess.reports.data.findings import FindingsSection, GapRow, gather_findings
from tierassess.reports.data.labels import CatalogueLabels
from tierassess.reports.data.plan import (
    PlanGroup,
    PlanRow,
    YearRow,
    gather_plan,
    gather_years,
    resolved_actions,
)
from tierassess.reports.data.scores import (
    BlockerRow,
    CriterionRow,
    DomainRow,
    NotJudgedRow,
    VerdictRow,
    YardstickRow,
    gather_blockers,
    gather_criteria,
    gather_domains,
    gather_not_judged,
    gather_profile_notes,
    gather_verdicts,
    gather_yardsticks,
)
from tierassess.reports.integrity import IntegrityNote
from tierassess.reports.progress import ProgressSection, RouteSummary
from tierassess.reports.topology_section import TopologySection


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
    allocation_step_vnd: int = 1
    evidence: list[EvidenceRow]
    topology: TopologySection | None = Field(
        default=None, description="What the site's topology model computed, when it has one."
    )
    yardsticks: list[YardstickRow] = Field(
        default_factory=list, description="Each yardstick's own verdict and why."
    )
    not_judged: list[NotJudgedRow] = Field(
        default_factory=list,
        description="Answered criteria that cannot be judged (a design condition unknown, or "
        "answered before the question changed meaning); not counted as met.",
    )
    profile_notes: list[str] = Field(
        default_factory=list,
        description="Requirements of a yardstick the site itself fails (e.g. Tier III without "
        "on-site generation).",
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


def gather_report_data(
    checklist: Checklist,
    assessment: Assessment,
    evidence_index: EvidenceIndex,
    scorecard: Scorecard,
    plan: RemediationPlan,
    lang: str = "vi",
) -> ReportData:
    """Collect every figure of the report in ``lang``; the result is laid out by the writers."""
    labels = CatalogueLabels(checklist, lang)
    return ReportData(
        meta=gather_meta(checklist, assessment, scorecard, plan, lang),
        facility_tier=scorecard.facility_tier,
        meets_target=scorecard.meets_target,
        readiness=scorecard.readiness,
        applicable=len(scorecard.criteria),
        answered=sum(1 for s in scorecard.criteria if not s.unanswered),
        unanswered=len(scorecard.unanswered),
        unverified=len(scorecard.unverified),
        rejected=len(scorecard.rejected),
        verdicts=gather_verdicts(scorecard, labels),
        domains=gather_domains(scorecard, labels),
        blockers=gather_blockers(scorecard, labels),
        criteria=gather_criteria(assessment, scorecard, labels),
        findings=gather_findings(assessment, scorecard, plan, labels),
        plan=gather_plan(plan, labels),
        years=gather_years(plan, lang),
        cost_min_vnd=plan.cost_min_vnd,
        cost_max_vnd=plan.cost_max_vnd,
        cost=format_cost_range(plan.cost_min_vnd, plan.cost_max_vnd, lang),
        unscheduled=sorted(set(plan.unscheduled)),
        resolved=resolved_actions(plan),
        budget_per_year_vnd=plan.budget_per_year_vnd,
        allocation_step_vnd=plan.allocation_step_vnd,
        evidence=gather_evidence(assessment, evidence_index, lang),
        yardsticks=gather_yardsticks(checklist, scorecard, lang),
        not_judged=gather_not_judged(scorecard, labels),
        profile_notes=gather_profile_notes(checklist, scorecard, lang),
        review_findings=plan.review_findings,
    )
