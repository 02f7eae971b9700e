"""Scorecard to remediation plan: what to do, in which order, in which year, at what cost.

The rules, in one place:

* **Which gaps become actions.** Every scored criterion whose result is *not met* or *partial*
  becomes one action, made from the criterion's remediation template; the action's id is the
  criterion id (so a plan file names actions by criterion id). Two other kinds of open item are
  *not* costed, because the work they need is not known yet, and are listed apart:
  ``to_assess`` (not answered yet: assess first, the cost of an unknown gap would be a guess) and
  ``to_verify`` (claimed met, but the evidence is missing, stale or rejected: collect or renew it).
* **Priority.** P1: a must-pass criterion at or below the target tier (it blocks the verdict);
  otherwise P2 critical, P3 major, P4 minor.
* **Cost.** The template's cost band from the checklist's planning table; a *partial* gap costs
  half the band (half the work is done on average), rounded to the nearest 1,000 VND.
* **Units.** Lead and coordinating unit from the template, else the site's planning settings,
  else the planning table's defaults.
* **Schedule.** Actions are placed in dependency order, the most urgent first (a prerequisite
  takes the priority of the most urgent action waiting for it, so a P4 step that a P1 action
  needs is not starved of budget by P2 and P3 work; then by id); an action starts
  the day after every action it depends on ends, and never before the plan's first day (1 January
  of the first year, or the scorecard's as-of date when later). Dependencies on criteria without
  an open action (met, not applicable, not answered) are taken as satisfied. When a yearly budget is
  given, each action's upper cost is spread over the calendar years it runs in, in proportion to
  its days in each; an action that would overspend a year is pushed to 1 January of the next
  year. An action that cannot end by 31 December of the last year goes to ``unscheduled``, and so
  do the actions that depend on it. Budget is filled greedily: a smaller action may use what is
  left of a year that a larger, more urgent one could not fit into.
* **Overrides** (``evidence/<site>/plan.yaml``, keyed by criterion id) set an action's units,
  dates, cost or status and are kept on every re-scoring; ``overridden`` names the fields. Dates a
  project manager set are kept as given and their cost is reserved in the budget first. An action
  marked done without dates leaves the timeline (what waits for it may start at once) until a new
  answer closes the gap; with dates it stays where it was done. A deferred action leaves the
  timeline, with the actions that depend on it. An override whose gap has closed
  (now met or not applicable) keeps its action, marked ``resolved``; one naming no criterion of the
  checklist is listed in ``orphan_overrides``.
* **Totals.** ``years`` sums the scheduled actions' costs by the years they run in; the plan's
  ``cost_min_vnd`` / ``cost_max_vnd`` are the whole bill of every action not resolved, scheduled
  or not.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from tierassess.errors import InputError
from tierassess.i18n import t
from tierassess.models import (
    ActionOverride,
    ActionStatus,
    Assessment,
    Checklist,
    CostBand,
    Criterion,
    CriterionScore,
    LocalizedText,
    PlanningTable,
    PlanOverrides,
    Priority,
    RemediationAction,
    RemediationPlan,
    Result,
    Scorecard,
    Severity,
    YearTotal,
)

PARTIAL_COST_FRACTION = 0.5
_SEVERITY_PRIORITY = {
    Severity.CRITICAL: Priority.P2,
    Severity.MAJOR: Priority.P3,
    Severity.MINOR: Priority.P4,
}
_GAPS = (Result.NOT_MET, Result.PARTIAL)
_CLOSED = (Result.MET, Result.NOT_APPLICABLE)


def _both(key: str, **values: object) -> LocalizedText:
    return LocalizedText(vi=t(key, lang="vi", **values), en=t(key, lang="en", **values))


def _join(notes: list[LocalizedText]) -> LocalizedText | None:
    if not notes:
        return None
    return LocalizedText(vi=" ".join(n.vi for n in notes), en=" ".join(n.en for n in notes))


def priority_for(criterion: Criterion, target_tier: int) -> Priority:
    """P1 when the criterion blocks the target tier, else by severity."""
    if criterion.must_pass and criterion.min_tier <= target_tier:
        return Priority.P1
    return _SEVERITY_PRIORITY[criterion.severity]


def _round_vnd(amount: float) -> int:
    return round(amount / 1000.0) * 1000


@dataclass
class _Draft:
    action: RemediationAction
    override: ActionOverride | None
    notes: list[LocalizedText] = field(default_factory=list)
    fixed: bool = False
    blocked: bool = False


def _year_shares(start: date, end: date, amount: int) -> dict[int, int]:
    """``amount`` spread over the calendar years of [start, end] by days; shares sum to it."""
    total_days = (end - start).days + 1
    shares: dict[int, int] = {}
    given = 0
    for year in range(start.year, end.year + 1):
        first = max(start, date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        if year == end.year:
            shares[year] = amount - given
        else:
            share = amount * ((last - first).days + 1) // total_days
            shares[year] = share
            given += share
    return shares


def _band(planning: PlanningTable, criterion: Criterion) -> CostBand:
    for band in planning.cost_bands:
        if band.id == criterion.remediation.cost_band:
            return band
    known = ", ".join(b.id for b in planning.cost_bands)
    raise InputError(
        t("scoring.error.unknown_band", id=criterion.id, band=criterion.remediation.cost_band),
        hint=t("scoring.error.known_bands", bands=known),
    )


def _draft(
    criterion: Criterion,
    score: CriterionScore | None,
    assessment: Assessment,
    planning: PlanningTable,
    target_tier: int,
    as_of: date,
    override: ActionOverride | None,
) -> _Draft:
    template = criterion.remediation
    site_planning = assessment.site.planning
    result = score.result if score is not None else None
    band = _band(planning, criterion)
    notes: list[LocalizedText] = []
    fraction = 1.0
    if result is Result.PARTIAL:
        fraction = PARTIAL_COST_FRACTION
        notes.append(_both("scoring.note.partial_cost", percent=int(fraction * 100)))
    closed = result is None or result in _CLOSED
    status = ActionStatus.RESOLVED if closed else ActionStatus.PLANNED
    if closed:
        notes.append(
            _both("scoring.note.resolved" if score is not None else "scoring.note.out_of_scope")
        )
    elif result is Result.NOT_ASSESSED:
        notes.append(_both("scoring.note.kept_unassessed"))
    action = RemediationAction(
        id=criterion.id,
        criterion_id=criterion.id,
        domain=criterion.domain,
        subsystem=criterion.subsystem,
        title=template.action,
        priority=priority_for(criterion, target_tier),
        cost_min_vnd=_round_vnd(band.min_vnd * fraction),
        cost_max_vnd=_round_vnd(band.max_vnd * fraction),
        duration_weeks=template.duration_weeks,
        lead_unit=template.lead_unit or site_planning.lead_unit or planning.defaults.lead_unit,
        coordinating_unit=template.coordinating_unit
        or site_planning.coordinating_unit
        or planning.defaults.coordinating_unit,
        depends_on=[],
        disruption=template.disruption,
        year=as_of.year,
        start=as_of,
        end=as_of,
        status=status,
        result=result,
        severity=criterion.severity,
        must_pass=criterion.must_pass,
        scheduled=False,
    )
    draft = _Draft(action=action, override=override, notes=notes)
    if override is not None:
        _apply_override(draft, override)
    return draft


def _apply_override(draft: _Draft, override: ActionOverride) -> None:
    action = draft.action
    overridden = sorted(
        name for name in override.model_fields_set if getattr(override, name) not in (None, {})
    )
    for name in ("lead_unit", "coordinating_unit", "cost_min_vnd", "cost_max_vnd", "status_reason"):
        value = getattr(override, name)
        if value is not None:
            setattr(action, name, value)
    action.spent_vnd = dict(override.spent_vnd)
    if override.status is not None and action.status is not ActionStatus.RESOLVED:
        # a project manager cannot close a gap the assessment still shows open: it is done work
        action.status = (
            ActionStatus.DONE if override.status is ActionStatus.RESOLVED else override.status
        )
    if action.cost_max_vnd < action.cost_min_vnd:
        raise InputError(t("scoring.error.cost_order", id=action.id))
    weeks = timedelta(days=action.duration_weeks * 7 - 1)
    if override.start is not None or override.end is not None:
        start = override.start or (override.end - weeks if override.end else None)
        assert start is not None
        end = override.end or start + weeks
        if end < start:
            raise InputError(t("scoring.error.date_order", id=action.id))
        action.start, action.end, action.year = start, end, start.year
        draft.fixed = True
    action.overridden = overridden


def _topological(drafts: dict[str, _Draft]) -> list[str]:
    waiting = {key: set(d.action.depends_on) for key, d in drafts.items()}
    dependents: dict[str, list[str]] = defaultdict(list)
    for key, needs in waiting.items():
        for need in needs:
            dependents[need].append(key)

    # a prerequisite is as urgent as the most urgent action waiting for it
    urgency: dict[str, str] = {}

    def inherited(key: str, trail: frozenset[str] = frozenset()) -> str:
        if key not in urgency:
            own = drafts[key].action.priority.value
            later = [inherited(d, trail | {key}) for d in dependents[key] if d not in trail]
            urgency[key] = min([own, *later])
        return urgency[key]

    def rank(key: str) -> tuple[str, str]:
        return (inherited(key), key)

    ready = [rank(key) for key, needs in waiting.items() if not needs]
    heapq.heapify(ready)
    order = []
    while ready:
        _, key = heapq.heappop(ready)
        order.append(key)
        for dependent in dependents[key]:
            waiting[dependent].discard(key)
            if not waiting[dependent]:
                heapq.heappush(ready, rank(dependent))
    if len(order) != len(drafts):
        cycle = sorted(set(drafts) - set(order))
        raise InputError(t("scoring.error.cycle", ids=", ".join(cycle)))
    return order


@dataclass
class _Budget:
    per_year: int | None
    spent: dict[int, int] = field(default_factory=lambda: defaultdict(int))

    def fits(self, start: date, end: date, cost: int) -> bool:
        if self.per_year is None:
            return True
        shares = _year_shares(start, end, cost)
        return all(self.spent[y] + s <= self.per_year for y, s in shares.items())

    def spend(self, start: date, end: date, cost: int) -> None:
        for year, share in _year_shares(start, end, cost).items():
            self.spent[year] += share


def _schedule(
    drafts: dict[str, _Draft], first_day: date, last_day: date, budget: _Budget
) -> list[str]:
    """Place every open action; returns the ids that did not fit."""
    for draft in drafts.values():
        action = draft.action
        if draft.fixed and action.status is not ActionStatus.DEFERRED:
            budget.spend(action.start, action.end, action.cost_max_vnd)
            action.scheduled = True
    unscheduled: list[str] = []
    for key in _topological(drafts):
        draft = drafts[key]
        action = draft.action
        if action.status is ActionStatus.DEFERRED:
            draft.blocked = True
            draft.notes.append(_both("scoring.note.deferred"))
            continue
        if draft.fixed:
            continue
        if action.status is ActionStatus.DONE:
            # done without dates: nothing left to schedule or pay; what waits for it may start
            action.start = action.end = first_day - timedelta(days=1)
            action.year = action.start.year
            draft.notes.append(_both("scoring.note.done_reassess"))
            continue
        waits = sorted(d for d in action.depends_on if drafts[d].blocked)
        if waits:
            draft.blocked = True
            unscheduled.append(key)
            draft.notes.append(_both("scoring.note.waits_for", ids=", ".join(waits)))
            continue
        start = max(
            [first_day] + [drafts[d].action.end + timedelta(days=1) for d in action.depends_on]
        )
        length = timedelta(days=action.duration_weeks * 7 - 1)
        pushed = False
        while True:
            end = start + length
            if end > last_day or budget.fits(start, end, action.cost_max_vnd):
                break
            start, pushed = date(start.year + 1, 1, 1), True
        action.start, action.end, action.year = start, end, start.year
        if end > last_day:
            draft.blocked = True
            unscheduled.append(key)
            reason = "scoring.note.over_budget" if pushed else "scoring.note.past_window"
            draft.notes.append(_both(reason, year=last_day.year))
            continue
        if pushed:
            draft.notes.append(_both("scoring.note.pushed", year=start.year))
        budget.spend(start, end, action.cost_max_vnd)
        action.scheduled = True
    return sorted(unscheduled)


def _year_totals(
    actions: list[RemediationAction], first_year: int, last_year: int
) -> list[YearTotal]:
    low: dict[int, int] = defaultdict(int)
    high: dict[int, int] = defaultdict(int)
    count: dict[int, int] = defaultdict(int)
    for action in actions:
        if not action.scheduled:
            continue
        for year, share in _year_shares(action.start, action.end, action.cost_min_vnd).items():
            low[year] += share
            count[year] += 1
        for year, share in _year_shares(action.start, action.end, action.cost_max_vnd).items():
            high[year] += share
    years = sorted(set(range(first_year, last_year + 1)) | set(count))
    return [
        YearTotal(year=y, cost_min_vnd=low[y], cost_max_vnd=high[y], actions=count[y])
        for y in years
    ]


def build_plan(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    overrides: PlanOverrides | None = None,
    budget_per_year_vnd: int | None = None,
) -> RemediationPlan:
    """The costed, scheduled remediation plan for the scorecard's gaps (pure: no I/O)."""
    planning = checklist.planning
    if planning is None:
        raise InputError(t("scoring.error.no_planning"), hint=t("scoring.error.no_planning_hint"))
    overrides = overrides or PlanOverrides()
    settings = assessment.site.planning
    budget = (
        budget_per_year_vnd if budget_per_year_vnd is not None else settings.budget_per_year_vnd
    )
    if budget is not None and budget <= 0:
        raise InputError(t("scoring.error.budget", value=budget))
    target = scorecard.target_tier
    by_id = checklist.by_id()
    scores = {s.criterion_id: s for s in scorecard.criteria}

    drafts: dict[str, _Draft] = {}
    for score in scorecard.criteria:
        if score.result in _GAPS or (score.unanswered and score.criterion_id in overrides.actions):
            criterion = by_id[score.criterion_id]
            override = overrides.actions.get(score.criterion_id)
            drafts[score.criterion_id] = _draft(
                criterion, score, assessment, planning, target, scorecard.as_of, override
            )
    resolved: dict[str, _Draft] = {}
    orphans = []
    for key, override in sorted(overrides.actions.items()):
        if key in drafts:
            continue
        if key not in by_id:
            orphans.append(key)
            continue
        resolved[key] = _draft(
            by_id[key], scores.get(key), assessment, planning, target, scorecard.as_of, override
        )
    for draft in drafts.values():
        wanted = draft.action
        wanted.depends_on = sorted(
            d for d in by_id[wanted.criterion_id].remediation.depends_on if d in drafts
        )

    first_day = max(date(settings.start_year, 1, 1), scorecard.as_of)
    last_day = date(settings.end_year, 12, 31)
    unscheduled = _schedule(drafts, first_day, last_day, _Budget(budget))

    actions = []
    for draft in [*drafts.values(), *resolved.values()]:
        action = draft.action
        if action.scheduled:
            action.phase = action.year - settings.start_year + 1
        action.note = _join(draft.notes)
        actions.append(action)
    actions.sort(key=_display_order)
    open_actions = [a for a in actions if a.status is not ActionStatus.RESOLVED]
    unassessed = [s for s in scorecard.criteria if s.unanswered]
    unproven = [s for s in scorecard.criteria if s.result is Result.MET and s.unverified]
    return RemediationPlan(
        site_id=assessment.site.id,
        target_tier=target,
        start_year=settings.start_year,
        end_year=settings.end_year,
        budget_per_year_vnd=budget,
        actions=actions,
        years=_year_totals(actions, settings.start_year, settings.end_year),
        cost_min_vnd=sum(a.cost_min_vnd for a in open_actions),
        cost_max_vnd=sum(a.cost_max_vnd for a in open_actions),
        unscheduled=unscheduled,
        as_of=scorecard.as_of,
        facility_tier=scorecard.facility_tier,
        to_assess=_by_priority(unassessed, by_id, target),
        to_verify=_by_priority(unproven, by_id, target),
        orphan_overrides=orphans,
    )


def _by_priority(
    scores: list[CriterionScore], by_id: dict[str, Criterion], target: int
) -> list[str]:
    return [
        s.criterion_id
        for s in sorted(
            scores,
            key=lambda s: (priority_for(by_id[s.criterion_id], target).value, s.criterion_id),
        )
    ]


def _display_order(action: RemediationAction) -> tuple[int, date, str, str]:
    group = 0 if action.scheduled else 2 if action.status is ActionStatus.RESOLVED else 1
    return (group, action.start, action.priority.value, action.id)


PLAN_COLUMNS = (
    "id", "criterion_id", "priority", "must_pass", "severity", "domain", "subsystem", "result",
    "title_vi", "title_en", "cost_min_vnd", "cost_max_vnd", "duration_weeks", "year", "phase",
    "start", "end", "scheduled", "status", "status_reason", "lead_unit_vi", "lead_unit_en",
    "coordinating_unit_vi", "coordinating_unit_en", "disruption", "depends_on", "overridden",
    "note_vi", "note_en",
)  # fmt: skip


def plan_rows(plan: RemediationPlan) -> list[list[object]]:
    """One row per action, in ``PLAN_COLUMNS`` order; every text in Vietnamese and English."""
    rows: list[list[object]] = []
    for a in plan.actions:
        rows.append(
            [
                a.id,
                a.criterion_id,
                a.priority.value,
                a.must_pass,
                a.severity.value if a.severity else "",
                a.domain,
                a.subsystem,
                a.result.value if a.result else "",
                a.title.vi,
                a.title.en,
                a.cost_min_vnd,
                a.cost_max_vnd,
                a.duration_weeks,
                a.year if a.scheduled else "",
                a.phase if a.phase is not None else "",
                a.start.isoformat() if a.scheduled else "",
                a.end.isoformat() if a.scheduled else "",
                a.scheduled,
                a.status.value,
                a.status_reason or "",
                a.lead_unit.vi,
                a.lead_unit.en,
                a.coordinating_unit.vi,
                a.coordinating_unit.en,
                a.disruption.value,
                " ".join(a.depends_on),
                " ".join(a.overridden),
                a.note.vi if a.note else "",
                a.note.en if a.note else "",
            ]
        )
    return rows


def plan_csv(plan: RemediationPlan) -> str:
    """The plan's actions as CSV (UTF-8, one header row)."""
    import csv
    import io

    from tierassess.cells import csv_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PLAN_COLUMNS)
    # status_reason, lead_unit and the rest are people's text: never a live formula
    writer.writerows(csv_row(row) for row in plan_rows(plan))
    return buffer.getvalue()


def plan_xlsx(plan: RemediationPlan, checklist: Checklist) -> bytes:
    """A workbook of the plan: actions, cost by year, open items (the report has the full one)."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tierassess.cells import append_row

    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append(list(PLAN_COLUMNS))
    for row in plan_rows(plan):
        append_row(sheet, row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "C2"
    years = book.create_sheet("Years")
    years.append(["year", "actions", "cost_min_vnd", "cost_max_vnd", "budget_per_year_vnd"])
    for total in plan.years:
        years.append(
            [
                total.year,
                total.actions,
                total.cost_min_vnd,
                total.cost_max_vnd,
                plan.budget_per_year_vnd,
            ]
        )
    years.append(["total", len(plan.actions), plan.cost_min_vnd, plan.cost_max_vnd, None])
    items = book.create_sheet("Open items")
    items.append(["list", "criterion_id", "title_vi", "title_en"])
    by_id = checklist.by_id()
    for name, ids in (
        ("unscheduled", plan.unscheduled),
        ("to_assess", plan.to_assess),
        ("to_verify", plan.to_verify),
        ("orphan_overrides", plan.orphan_overrides),
    ):
        for criterion_id in ids:
            criterion = by_id.get(criterion_id)
            append_row(
                items,
                [
                    name,
                    criterion_id,
                    criterion.title.vi if criterion else "",
                    criterion.title.en if criterion else "",
                ],
            )
    about = book.create_sheet("About")
    append_row(about, ["site_id", plan.site_id])
    append_row(about, ["target_tier", plan.target_tier])
    append_row(about, ["facility_tier", plan.facility_tier])
    append_row(about, ["as_of", plan.as_of.isoformat() if plan.as_of else ""])
    append_row(about, ["disclaimer_vi", checklist.header.disclaimer.vi])
    append_row(about, ["disclaimer_en", checklist.header.disclaimer.en])
    if checklist.planning is not None and checklist.planning.note is not None:
        append_row(about, ["cost_note_vi", checklist.planning.note.vi])
        append_row(about, ["cost_note_en", checklist.planning.note.en])
    for sheet_ in book.worksheets:
        for column in sheet_.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet_.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
