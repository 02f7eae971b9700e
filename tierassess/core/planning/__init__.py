"""Scorecard to remediation plan: what to do, in which order, in which year, at what cost.

The rules, in one place:

* **Which gaps become actions.** Every scored criterion whose result is *not met* or *partial*
  becomes one action, made from the criterion's remediation template; the action's id is the
  criterion id (so a plan file names actions by criterion id). Two other kinds of open item are
  *not* costed, because the work they need is not known yet, and are listed apart:
  ``to_assess`` (not answered yet: assess first, the cost of an unknown gap would be a guess) and
  ``to_verify`` (claimed met, but the evidence is missing, stale or rejected: collect or renew it).
  ``review_findings`` says, apart, which answers a reviewer rejected or asked more evidence for,
  whatever their result: who decided, when, and their comment, so the engineer knows what to redo.
* **Priority.** P1: a must-pass criterion at or below the target tier (it blocks the verdict);
  otherwise P2 critical, P3 major, P4 minor.
* **Cost.** The template's cost band from the checklist's planning table; a *partial* gap costs
  half the band (half the work is done on average), rounded to the nearest 1,000 VND.
* **Units.** Lead and coordinating unit from the template, else the site's planning settings,
  else the planning table's defaults.
* **Schedule** (``tierassess.core.planning.scheduler``, an exact optimisation): actions that block the
  target tier first, then by priority, the year as the plan's unit, dependencies in later years,
  works that take redundancy away on one system never at once (the criterion's subsystem; with
  the site's topology model, the works whose outages together put a critical load at risk:
  ``tierassess.core.planning.outages``), costs spread over the years an action runs in by days,
  and within a yearly budget when one is given.
  The plan's first day is 1 January of the first year, or the scorecard's as-of date when later.
  Dependencies on criteria without an open action (met, not applicable, not answered, done) are
  taken as satisfied. An action left out has no dates: ``unscheduled_reason`` says why.
* **Overrides** (``evidence/<site>/plan.yaml``, keyed by criterion id) set an action's units,
  dates, cost or status and are kept on every re-scoring; ``overridden`` names the fields. Dates a
  project manager set are kept as given and their cost is reserved in the budget first. An action
  marked done without dates leaves the timeline (what waits for it may start at once) until a new
  answer closes the gap; with dates it stays where it was done. A deferred action leaves the
  timeline, with the actions that depend on it. An override whose gap has closed
  (now met or not applicable) keeps its action, marked ``resolved``; one naming no criterion of the
  checklist is listed in ``orphan_overrides``.
* **Totals** (``tierassess.core.planning.years``). ``years`` sums the scheduled actions' costs by the
  days they run in each year, counts each action once, in the year it starts
  (``running_by_year`` counts it in every year), and starts at the as-of year (past years of the window are history, not plan); the plan's
  ``cost_min_vnd`` / ``cost_max_vnd`` are the whole bill of every action not resolved, scheduled
  or not.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from tierassess.core.models import (
    ActionOverride,
    ActionStatus,
    Assessment,
    Checklist,
    CostBand,
    Criterion,
    CriterionScore,
    Disruption,
    LocalizedText,
    PlanningTable,
    PlanOverrides,
    Priority,
    RemediationAction,
    RemediationPlan,
    RemediationTemplate,
    Result,
    ReviewFinding,
    Scorecard,
    Severity,
    UnscheduledReason,
)
from tierassess.core.planning.jobs import Booked, DependencyCycle, Job, allocation_step
from tierassess.core.planning.outages import OutageWork, outage_systems
from tierassess.core.planning.scheduler import schedule
from tierassess.core.planning.years import running_by_year, year_totals, years_note
from tierassess.core.reviews import needs_rework
from tierassess.core.topology.model import Topology
from tierassess.errors import InputError
from tierassess.i18n import t

PARTIAL_COST_FRACTION = 0.5
#: Seconds the exact schedule may take before the best plan found is kept, unproven.
DEFAULT_TIME_LIMIT = 30.0
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
        outage_weeks=_outage_weeks(template),
        system=criterion.subsystem if template.disruption is not Disruption.NONE else None,
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
        name for name in override.model_fields_set if getattr(override, name) not in (None, {}, [])
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


def _rank(action: RemediationAction) -> int:
    """1 for work that blocks the target tier (P1), 2-4 for P2-P4; 0 is kept for fund-first."""
    return int(action.priority.value[1])


def _outage_weeks(template: RemediationTemplate) -> int | None:
    """A disruptive work's outage weeks: the catalogue's figure, else the whole work."""
    if template.disruption is Disruption.NONE:
        return None
    return template.outage_weeks or template.duration_weeks


def _job(action: RemediationAction) -> Job:
    return Job(
        action.id,
        action.cost_max_vnd,
        action.duration_weeks,
        _rank(action),
        tuple(action.depends_on),
        action.system,
        outage_weeks=action.outage_weeks,
    )


def _hold_systems(
    drafts: dict[str, _Draft], by_id: dict[str, Criterion], topology: Topology | None
) -> None:
    """Set the system each open disruptive work's outage holds, booked works included.

    Works that will not run (deferred, done) are counted too: they can only add conflicts, and
    every disruptive action then names a system the plan's others share.
    """
    works = [
        OutageWork(
            key,
            draft.action.subsystem,
            tuple(by_id[key].remediation.affects),
            tuple(draft.override.affects_elements) if draft.override is not None else (),
        )
        for key, draft in sorted(drafts.items())
        if draft.action.system is not None
    ]
    for key, system in outage_systems(works, topology).items():
        drafts[key].action.system = system


def _blocked_by_deferral(drafts: dict[str, _Draft]) -> dict[str, list[str]]:
    """Open actions that wait, directly or not, for a deferred one: id -> what they wait for."""
    blocked: dict[str, list[str]] = {}
    deferred = {k for k, d in drafts.items() if d.action.status is ActionStatus.DEFERRED}
    changed = True
    while changed:
        changed = False
        for key, draft in drafts.items():
            if key in deferred or key in blocked:
                continue
            waits = sorted(d for d in draft.action.depends_on if d in deferred or d in blocked)
            if waits:
                blocked[key] = waits
                changed = True
    return blocked


def _schedule(
    drafts: dict[str, _Draft],
    first_day: date,
    last_day: date,
    budget: int | None,
    fund_first: Collection[str],
    time_limit: float,
    step: int,
) -> bool:
    """Date every open action the optimiser funds; returns whether its choice is proven optimal."""
    blocked = _blocked_by_deferral(drafts)
    booked: list[Booked] = []
    jobs: list[Job] = []
    for key, draft in sorted(drafts.items()):
        action = draft.action
        if action.status is ActionStatus.DEFERRED:
            _leave_out(draft, UnscheduledReason.DEFERRED, _both("scoring.note.deferred"))
        elif key in blocked:
            ids = ", ".join(blocked[key])
            _leave_out(draft, UnscheduledReason.WAITS_FOR, _both("scoring.note.waits_for", ids=ids))
        elif draft.fixed and action.start is not None and action.end is not None:
            job = _job(action)
            if job.system is not None:  # dated by hand: its outage is its last weeks, as planned
                weeks = timedelta(days=7 * (job.outage_weeks or job.weeks) - 1)
                action.outage_start = max(action.start, action.end - weeks)
                action.outage_end = action.end
            booked.append(
                Booked(
                    key,
                    action.start,
                    action.end,
                    action.cost_max_vnd,
                    job.system,
                    action.outage_start,
                )
            )
            action.scheduled = True
        elif action.status is ActionStatus.DONE:
            # done without dates: nothing left to schedule or pay; what waits for it may start
            draft.notes.append(_both("scoring.note.done_reassess"))
        else:
            jobs.append(_job(action))
    ends = {b.id: b.end for b in booked}
    jobs = [  # booked work it needs holds a job back until it ends; done work does not
        replace(j, after=max((ends[d] for d in j.depends_on if d in ends), default=None))
        for j in jobs
    ]  # fmt: skip
    try:
        result = schedule(jobs, first_day, last_day, budget, booked, fund_first, time_limit, step)
    except DependencyCycle as cycle:
        raise InputError(t("scoring.error.cycle", ids=", ".join(cycle.ids))) from None
    for key, placement in result.placed.items():
        action = drafts[key].action
        action.start, action.end, action.year = placement.start, placement.end, placement.start.year
        action.outage_start, action.outage_end = placement.outage_start, placement.outage_end
        action.scheduled = True
        if placement.stretched_years > 1:
            action.funded_years = placement.stretched_years
            drafts[key].notes.append(
                _both("planning.note.stretched", years=placement.stretched_years)
            )
    for key, why in result.unscheduled.items():
        reason = UnscheduledReason(why.reason.value)
        values: dict[str, object] = {"year": last_day.year, "ids": ", ".join(why.waits_for)}
        _leave_out(drafts[key], reason, _both(f"planning.unscheduled.{reason.value}", **values))
    return result.proven


def _leave_out(draft: _Draft, reason: UnscheduledReason, note: LocalizedText) -> None:
    action = draft.action
    action.start = action.end = action.year = None
    action.scheduled = False
    action.unscheduled_reason = reason
    if action.status is not ActionStatus.DEFERRED:
        action.status = ActionStatus.UNSCHEDULED
    draft.notes.append(note)


def build_plan(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    overrides: PlanOverrides | None = None,
    budget_per_year_vnd: int | None = None,
    fund_first: Collection[str] = (),
    topology: Topology | None = None,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> RemediationPlan:
    """The costed, scheduled remediation plan for the scorecard's gaps (pure: no I/O).

    ``fund_first`` names actions (criterion ids) the budget funds before any other, whatever
    their priority (the cheapest route to the target tier uses it). With the site's
    ``topology`` model, which disruptive works may overlap comes from it (``outages``).
    ``time_limit`` (seconds) bounds the exact solve: when it strikes, the best plan found is
    kept and ``optimal`` says it is not proven.
    """
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
    by_id = checklist.by_id()
    drafts, resolved, orphans = _drafts(checklist, assessment, scorecard, overrides, planning)
    first_day = max(date(settings.start_year, 1, 1), scorecard.as_of)
    last_day = date(settings.end_year, 12, 31)
    _hold_systems(drafts, by_id, topology)
    step = allocation_step(planning.allocation_step_vnd, budget)
    optimal = _schedule(drafts, first_day, last_day, budget, fund_first, time_limit, step)

    actions = []
    for draft in [*drafts.values(), *resolved.values()]:
        action = draft.action
        if action.scheduled and action.year is not None:
            action.phase = action.year - settings.start_year + 1
        action.note = _join(draft.notes)
        actions.append(action)
    actions.sort(key=_display_order)
    open_actions = [a for a in actions if a.status is not ActionStatus.RESOLVED]
    unassessed = [s for s in scorecard.criteria if s.unanswered]
    unproven = [s for s in scorecard.criteria if s.result is Result.MET and s.unverified]
    first_year = max(settings.start_year, min(scorecard.as_of.year, settings.end_year))
    target = scorecard.target_tier
    return RemediationPlan(
        site_id=assessment.site.id,
        target_tier=target,
        start_year=settings.start_year,
        end_year=settings.end_year,
        budget_per_year_vnd=budget,
        actions=actions,
        years=year_totals(actions, first_year, settings.end_year, step),
        allocation_step_vnd=step,
        cost_min_vnd=sum(a.cost_min_vnd for a in open_actions),
        cost_max_vnd=sum(a.cost_max_vnd for a in open_actions),
        unscheduled=sorted(
            a.id
            for a in open_actions
            if a.unscheduled_reason is not None and a.status is not ActionStatus.DEFERRED
        ),
        as_of=scorecard.as_of,
        facility_tier=scorecard.facility_tier,
        to_assess=_by_priority(unassessed, by_id, target),
        to_verify=_by_priority(unproven, by_id, target),
        orphan_overrides=orphans,
        review_findings=_review_findings(assessment, scorecard, by_id, target),
        optimal=optimal,
    )


def _drafts(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    overrides: PlanOverrides,
    planning: PlanningTable,
) -> tuple[dict[str, _Draft], dict[str, _Draft], list[str]]:
    """The open gaps' actions, the overridden actions whose gap has closed, orphan overrides."""
    target = scorecard.target_tier
    by_id = checklist.by_id()
    scores = {s.criterion_id: s for s in scorecard.criteria}
    drafts: dict[str, _Draft] = {}
    for score in scorecard.criteria:
        if score.result in _GAPS or (score.unanswered and score.criterion_id in overrides.actions):
            criterion = by_id[score.criterion_id]
            override = overrides.actions.get(score.criterion_id)
            drafts[score.criterion_id] = _draft(
                criterion, score, assessment, planning, target, override
            )
    resolved: dict[str, _Draft] = {}
    orphans = []
    for key, override in sorted(overrides.actions.items()):
        if key in drafts:
            continue
        if key not in by_id:
            orphans.append(key)
            continue
        resolved[key] = _draft(by_id[key], scores.get(key), assessment, planning, target, override)
    for draft in drafts.values():
        wanted = draft.action
        wanted.depends_on = sorted(
            d for d in by_id[wanted.criterion_id].remediation.depends_on if d in drafts
        )
    return drafts, resolved, orphans


def _review_findings(
    assessment: Assessment, scorecard: Scorecard, by_id: dict[str, Criterion], target: int
) -> list[ReviewFinding]:
    """What reviewers sent back (rejected, needs more evidence) on the scored criteria."""
    findings: dict[str, ReviewFinding] = {}
    for score in scorecard.criteria:
        answer = assessment.answers.get(score.criterion_id)
        review = answer.review if answer is not None else None
        if answer is not None and review is not None and needs_rework(answer):
            findings[score.criterion_id] = ReviewFinding(
                criterion_id=score.criterion_id,
                verdict=review.verdict,
                reviewer=review.reviewer,
                at=review.at,
                comment=review.comment,
                key_id=review.key_id,
            )
    order = _by_priority(
        [s for s in scorecard.criteria if s.criterion_id in findings], by_id, target
    )
    return [findings[key] for key in order]


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
    return (group, action.start or date.max, action.priority.value, action.id)


from tierassess.core.planning.exports import PLAN_COLUMNS, plan_csv, plan_rows, plan_xlsx  # noqa: E402

__all__ = [
    "DEFAULT_TIME_LIMIT",
    "PARTIAL_COST_FRACTION",
    "PLAN_COLUMNS",
    "build_plan",
    "plan_csv",
    "plan_rows",
    "plan_xlsx",
    "priority_for",
    "running_by_year",
    "years_note",
]
