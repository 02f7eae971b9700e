"""The remediation plan: actions, their schedule and costs, and a project manager's overrides."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from tierassess.core.models.assessment import Result, ReviewVerdict
from tierassess.core.models.base import FileModel, LocalizedText, Model
from tierassess.core.models.criteria import Disruption, Severity


class Priority(StrEnum):
    """An action's priority: P1 blocks the target verdict, P2-P4 by severity."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class ActionStatus(StrEnum):
    """Where a remediation action stands: planned, in progress, done, deferred, ..."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DEFERRED = "deferred"
    RESOLVED = "resolved"
    UNSCHEDULED = "unscheduled"  # set by the scheduler, never by a plan file: no room for it


class UnscheduledReason(StrEnum):
    """Why an open action has no dates in the plan."""

    PAST_WINDOW = "past_window"
    OVER_BUDGET = "over_budget"
    SYSTEM_BUSY = "system_busy"
    WAITS_FOR = "waits_for"
    DEFERRED = "deferred"


class RemediationAction(Model):
    """One piece of work in the remediation plan, made from a criterion's template."""

    id: str
    criterion_id: str
    domain: str
    subsystem: str
    title: LocalizedText
    priority: Priority
    cost_min_vnd: int
    cost_max_vnd: int
    duration_weeks: int
    lead_unit: LocalizedText
    coordinating_unit: LocalizedText
    depends_on: list[str]
    disruption: Disruption
    outage_weeks: int | None = Field(
        default=None,
        description="Weeks at the end of the work without the system's redundancy (disruptive "
        "works only; the whole work when the catalogue gives no figure).",
    )
    system: str | None = Field(
        default=None,
        description="What its outage holds: works holding one system never overlap in their "
        "outage weeks (the subsystem, or a group of works from the site's topology model).",
    )
    outage_start: date | None = None
    outage_end: date | None = None
    year: int | None = Field(default=None, description="The year it starts; None: unscheduled.")
    start: date | None = None
    end: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    status_reason: str | None = None
    overridden: list[str] = Field(default_factory=list, description="Fields set by a plan file.")
    result: Result | None = Field(default=None, description="The criterion's result (the gap).")
    severity: Severity | None = None
    must_pass: bool = False
    phase: int | None = Field(default=None, description="1 for the plan's first year, and so on.")
    scheduled: bool = Field(
        default=True,
        description="In the timeline; False when it does not fit the window or the budget, is "
        "deferred or waits for one that is, or is resolved.",
    )
    note: LocalizedText | None = Field(
        default=None, description="Why it is costed, scheduled or resolved the way it is."
    )
    on_route: bool = Field(
        default=False, description="Part of the cheapest route to the target verdict."
    )
    spent_vnd: dict[int, int] = Field(
        default_factory=dict, description="Money spent on it so far, by calendar year."
    )
    unscheduled_reason: UnscheduledReason | None = None
    funded_years: int = Field(
        default=0, description=">1: stretched over this many years so no year overspends."
    )


class ActionOverride(FileModel):
    """A project manager's change to one action, kept across re-scoring (evidence/<site>/plan.yaml)."""

    lead_unit: LocalizedText | None = None
    coordinating_unit: LocalizedText | None = None
    start: date | None = None
    end: date | None = None
    cost_min_vnd: Annotated[int, Field(ge=0)] | None = None
    cost_max_vnd: Annotated[int, Field(ge=0)] | None = None
    status: ActionStatus | None = None
    status_reason: str | None = None
    spent_vnd: dict[Annotated[int, Field(ge=2000, le=2100)], Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Money spent so far, by calendar year (for progress)."
    )
    affects_elements: list[Annotated[str, Field(min_length=1, max_length=80)]] = Field(
        default_factory=list,
        description="The site's topology element ids this work's outage takes out (one at a "
        "time), where the engineer knows them: they replace the catalogue's element kinds when "
        "the plan decides which works may overlap.",
    )

    @model_validator(mode="after")
    def _deferral_has_reason(self) -> ActionOverride:
        if self.status is ActionStatus.DEFERRED and not (self.status_reason or "").strip():
            raise ValueError("a deferred action needs a status_reason")
        if self.status is ActionStatus.UNSCHEDULED:
            raise ValueError("'unscheduled' is set by the scheduler; use 'deferred' with a reason")
        # Checked here, not when the plan is built, so that every entry's problem is listed at once.
        low, high = self.cost_min_vnd, self.cost_max_vnd
        if low is not None and high is not None and high < low:
            raise ValueError("cost_max_vnd is below cost_min_vnd")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class PlanOverrides(FileModel):
    """A site's ``plan.yaml``: what a project manager set on actions, by criterion id."""

    format_version: Literal[1] = 1
    actions: dict[str, ActionOverride] = Field(default_factory=dict)


class YearTotal(Model):
    """One year of the plan: costs by the days actions run in it; each action counted once."""

    year: int
    cost_min_vnd: int
    cost_max_vnd: int
    actions: int = Field(description="Actions starting this year (they add up to the total).")


class ReviewFinding(Model):
    """An answer a reviewer rejected or asked more evidence for: the engineer's to-do, as said."""

    criterion_id: str
    verdict: ReviewVerdict
    reviewer: str
    at: datetime
    comment: str | None = None
    key_id: str | None = Field(default=None, description="The reviewer's signing key, if signed.")


class RemediationPlan(Model):
    """The remediation plan of a site: its actions, scheduled years and costs."""

    site_id: str
    target_tier: int
    start_year: int
    end_year: int
    budget_per_year_vnd: int | None
    allocation_step_vnd: int = Field(
        default=1,
        description="Multi-year work's yearly costs are whole multiples of this (1: by days).",
    )
    actions: list[RemediationAction]
    years: list[YearTotal]
    cost_min_vnd: int
    cost_max_vnd: int
    unscheduled: list[str] = Field(
        default_factory=list, description="Actions that do not fit the window or the budget."
    )
    as_of: date | None = None
    facility_tier: int | None = None
    to_assess: list[str] = Field(
        default_factory=list, description="Criteria not yet answered: assess them first."
    )
    to_verify: list[str] = Field(
        default_factory=list,
        description="Claimed met but lacking fresh, accepted evidence: collect or renew it.",
    )
    orphan_overrides: list[str] = Field(
        default_factory=list, description="Plan-file entries naming no criterion of the checklist."
    )
    review_findings: list[ReviewFinding] = Field(
        default_factory=list,
        description="Answers a reviewer rejected or asked more evidence for, by priority: "
        "who, when and why, to rework before the next review.",
    )
    optimal: bool = Field(
        default=True,
        description="False when the scheduler's time limit struck before it proved "
        "the funded set optimal.",
    )
