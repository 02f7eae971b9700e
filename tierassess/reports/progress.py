"""The report's route and progress figures.

"The least to fund" beside "the full plan", and progress over the site's snapshots (readiness and
verdicts over time, actions by status, planned against actual spend by year).

Figures are gathered here into plain models (``RouteSummary``, ``ProgressSection``) that
``ReportData`` carries; ``route_section.route_story`` and ``progress_section.progress_story`` lay
them out for both PDF layouts. ``tierassess.reports.export`` gathers them with the rest of the
report's data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from tierassess.formats import format_cost_range, format_millions
from tierassess.i18n import t, tier_label

if TYPE_CHECKING:
    from tierassess.core.models import Checklist, RemediationPlan
    from tierassess.core.route import Route
    from tierassess.reports.compare import YearSpend
    from tierassess.storage.snapshots import Snapshot


class RouteSummary(BaseModel):
    """The cheapest route beside the full plan, as the report states them."""

    target: str
    route_actions: list[str]
    route_count: int
    route_cost: str
    route_expected: str
    plan_count: int
    plan_cost: str
    beyond_count: int
    beyond_cost: str
    conditions: list[str] = Field(default_factory=list)
    uncovered: list[str] = Field(default_factory=list)


class ProgressRow(BaseModel):
    """One snapshot's point of the progress table: readiness and verdicts as of its date."""

    as_of: date
    readiness: float
    verdicts: list[str] = Field(description="One label per yardstick, in the header's order.")
    current: bool = False


class YearRow(BaseModel):
    """One year's planned cost beside the actual spend, as text."""

    year: int
    planned: str
    actual: str


class ProgressSection(BaseModel):
    """The site over its snapshots, compared from the first one to the report's own state."""

    since: date
    yardsticks: list[str]
    rows: list[ProgressRow]
    counts: dict[str, int]
    closed: int
    opened: int
    late: list[str]
    years: list[YearRow]
    spent: str
    planned_to_date: str


def _target_label(checklist: Checklist, standard: str | None, level: int, lang: str) -> str:
    from tierassess.core.models import YardstickKind

    yardstick = next((y for y in checklist.header.yardsticks if y.id == standard), None)
    if yardstick is None:
        return tier_label(level, lang)
    if yardstick.kind is YardstickKind.PASS_FAIL:
        return yardstick.title.get(lang)
    from tierassess.core.scoring.explain import level_text

    return f"{level_text(yardstick, level, lang)} ({yardstick.title.get(lang)})"


def route_summary(
    checklist: Checklist, route: Route, plan: RemediationPlan, lang: str
) -> RouteSummary:
    """The route and the full plan, in ``lang``."""
    open_actions = [a for a in plan.actions if a.status.value not in ("resolved", "done")]
    return RouteSummary(
        target=_target_label(checklist, route.standard, route.target_tier, lang),
        route_actions=[s.id for s in route.steps],
        route_count=len(route.steps),
        route_cost=format_cost_range(route.cost_min_vnd, route.cost_max_vnd, lang),
        route_expected=format_millions(route.cost_expected_vnd, lang),
        plan_count=len(open_actions),
        plan_cost=format_cost_range(plan.cost_min_vnd, plan.cost_max_vnd, lang),
        beyond_count=len(route.beyond_route),
        beyond_cost=format_cost_range(route.beyond_cost_min_vnd, route.beyond_cost_max_vnd, lang),
        conditions=[*route.to_assess, *route.to_verify],
        uncovered=route.uncovered,
    )


def _verdict_label(checklist: Checklist, yardstick: str, snapshot: Snapshot, lang: str) -> str:
    record = snapshot.verdict(yardstick)
    if record is None:
        return "—"
    if record.tier is None:
        return t("yardsticks.passed" if record.meets_target else "yardsticks.failed", lang)
    known = next((y for y in checklist.header.yardsticks if y.id == yardstick), None)
    if known is None:
        return tier_label(record.tier, lang)
    from tierassess.core.scoring.explain import level_text

    return level_text(known, record.tier, lang)


def gather_progress(
    checklist: Checklist, snapshots: Sequence[Snapshot], now: Snapshot, lang: str
) -> ProgressSection | None:
    """Progress from the first snapshot to ``now`` (the report's state); None without any."""
    from tierassess.reports.compare import compare

    # a snapshot of the very state the report shows is ``now`` itself, not an earlier point
    earlier = [
        s
        for s in snapshots
        if s.as_of < now.as_of
        or (s.as_of == now.as_of and s.assessment_digest != now.assessment_digest)
    ]
    if not earlier:
        return None
    series = sorted(earlier, key=lambda s: (s.as_of, s.taken_at))
    yardsticks = [y.id for y in checklist.header.yardsticks] or ["tier"]
    rows = [
        ProgressRow(
            as_of=s.as_of,
            readiness=s.readiness,
            verdicts=[_verdict_label(checklist, y, s, lang) for y in yardsticks],
            current=s is now,
        )
        for s in [*series, now]
    ]
    result = compare(series[0], now, checklist.renames)
    titles = {y.id: y.title.get(lang) for y in checklist.header.yardsticks}
    return ProgressSection(
        since=series[0].as_of,
        yardsticks=[titles.get(y, tier_label(0, lang) if y == "tier" else y) for y in yardsticks],
        rows=rows,
        counts=result.counts,
        closed=len(result.closed),
        opened=len(result.opened),
        late=[a.id for a in result.actions if a.status == "late"],
        years=[_year_row(y, lang) for y in result.years],
        spent=format_millions(result.spent_vnd, lang),
        planned_to_date=format_cost_range(
            result.planned_to_date_min_vnd, result.planned_to_date_max_vnd, lang
        ),
    )


def _year_row(year: YearSpend, lang: str) -> YearRow:
    return YearRow(
        year=year.year,
        planned=format_cost_range(year.planned_min_vnd, year.planned_max_vnd, lang),
        actual=format_millions(year.actual_vnd, lang),
    )
