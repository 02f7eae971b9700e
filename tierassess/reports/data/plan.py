"""Gathering, the plan: the tasks in the province's appendix columns, by domain, and by year.

Rows are numbered as the province's appendix numbers them (group ``1``, task ``1.1``); actions
whose gap has closed (``resolved``) are no task of the plan and are only listed by id.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from tierassess.core.models import ActionStatus, RemediationAction, RemediationPlan
from tierassess.formats import format_cost_range, short_unit
from tierassess.i18n import t
from tierassess.reports.data.labels import PRIORITY_ORDER, CatalogueLabels


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
    outage_start: date | None = None  # when the work takes its system's redundancy away
    outage_end: date | None = None
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


def timeframe(start: date, end: date) -> str:
    """Months of the start and the end, as a planner reads them: 03–08/2026, 11/2026 – 02/2027."""
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.month:02d}/{start.year}"
        return f"{start.month:02d}–{end.month:02d}/{start.year}"
    return f"{start.month:02d}/{start.year} – {end.month:02d}/{end.year}"


def _action_sort_key(action: RemediationAction) -> tuple[date, int, str]:
    return (action.start or date.max, PRIORITY_ORDER.get(action.priority.value, 9), action.id)


def _plan_row(number: str, action: RemediationAction, scheduled: bool, lang: str) -> PlanRow:
    if scheduled and action.start is not None and action.end is not None:
        when = timeframe(action.start, action.end)
    elif action.status is ActionStatus.DEFERRED:
        when = t("report.status.deferred", lang)
    else:
        when = t("report.plan.unscheduled", lang)
    return PlanRow(
        number=number,
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
        outage_start=action.outage_start if scheduled else None,
        outage_end=action.outage_end if scheduled else None,
        depends_on=list(action.depends_on),
        on_route=action.on_route,
    )


def gather_plan(plan: RemediationPlan, labels: CatalogueLabels) -> list[PlanGroup]:
    """The open tasks grouped by domain (catalogue order), by start date and priority in each."""
    unscheduled = set(plan.unscheduled)
    by_domain: dict[str, list[RemediationAction]] = {}
    for action in plan.actions:
        if action.status is ActionStatus.RESOLVED:
            continue  # the gap has closed: it is no task of the plan any more
        by_domain.setdefault(action.domain, []).append(action)
    ordered = sorted(by_domain.items(), key=lambda item: labels.domain_rank(item[0]))
    groups = []
    for group_index, (domain_id, actions) in enumerate(ordered, start=1):
        rows = [
            _plan_row(
                f"{group_index}.{row_index}",
                action,
                action.scheduled and action.id not in unscheduled,
                labels.lang,
            )
            for row_index, action in enumerate(sorted(actions, key=_action_sort_key), start=1)
        ]
        groups.append(
            PlanGroup(
                number=str(group_index),
                domain_id=domain_id,
                title=labels.domain(domain_id),
                rows=rows,
            )
        )
    return groups


def resolved_actions(plan: RemediationPlan) -> list[str]:
    """Actions kept by a plan file whose gap has closed, by id."""
    return sorted(a.id for a in plan.actions if a.status is ActionStatus.RESOLVED)


def gather_years(plan: RemediationPlan, lang: str) -> list[YearRow]:
    """Cost by year; each task counted once, where it starts, and also where it runs."""
    from tierassess.core.planning import running_by_year

    running = running_by_year(plan.actions)
    return [
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
