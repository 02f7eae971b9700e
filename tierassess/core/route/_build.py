"""From a scorecard and its plan to the cheapest route, its reasons and its marginal routes.

The rules, in one place:

* **Requirements.** The verdict predicate is ``verdict_reached``: the target verdict is reached
  when every item of ``requirements`` counts as met and the catalogue covers the level. With
  yardsticks (``--standard``; the primary one by default) the items are the yardstick verdict's
  blockers at or below the target level (every blocker of a pass/fail list); without them, the
  must-pass criteria at or below the target that do not count as met. Either way the verdict is
  a weakest link, so closing them all is necessary and sufficient, whatever else stays open.
* **What money closes.** A requirement with a gap (not met, partial) is closed by its own plan
  action or by a combined action of the planning table that lists it. A requirement not answered
  yet is listed in ``to_assess``, and one claimed met without valid evidence (or marked not
  applicable without an auditor's acceptance) in ``to_verify``: they need work, not money, and
  the route holds on condition that they are confirmed. A requirement that no action closes (a
  site-profile requirement, for one) is ``uncovered``.
* **Cost.** Each action's expected cost is the middle of its range (the plan's range, with its
  overrides; a combined action's cost band). The route minimises the expected total and reports
  the range of the actions it chose. An action marked done costs nothing more.
* **Dependencies.** An action that needs a criterion closed first (its template's
  ``depends_on``) may be funded only with an action that closes that criterion; criteria already
  closed need nothing. Only-together groups of the planning table are funded whole or not at all.
* **Beyond the route**: the open plan actions whose criterion the route leaves open.
* **Marginal routes**: the next level of the same yardstick, scored and planned at that level,
  and every other yardstick at the target, each solved with the route's actions already funded;
  their cost is what they add.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tierassess.core.models import (
    ActionStatus,
    Assessment,
    BlockReason,
    Checklist,
    EvidenceIndex,
    LocalizedText,
    PlanOverrides,
    RemediationPlan,
    Result,
    Scorecard,
    ScoringSettings,
    YardstickKind,
    YardstickVerdict,
)
from tierassess.core.route._model import MarginalRoute, Route, RouteStep
from tierassess.errors import InputError
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.core.route.topology import ModelEffects
    from tierassess.core.topology import Topology

from tierassess.core.route._solve import SOLVER_NAME, Candidate, RouteProblem, Solution, solve

_GAP_RESULTS = (Result.NOT_MET, Result.PARTIAL)
_WORK_NOT_MONEY = {
    BlockReason.UNANSWERED: "to_assess",
    BlockReason.ASKED_ANEW: "to_assess",
    BlockReason.UNVERIFIED: "to_verify",
    BlockReason.NA_UNACCEPTED: "to_verify",
}


@dataclass(frozen=True)
class Requirements:
    """What the target verdict needs: every item must count as met.

    ``fundable`` are closed by work the plan costs (or by nothing, when no action closes them:
    a profile requirement, a "not applicable" the yardstick does not allow); ``to_assess`` and
    ``to_verify`` need an answer or evidence, not money.
    """

    standard: str | None
    items: list[str]
    fundable: frozenset[str]
    to_assess: list[str]
    to_verify: list[str]
    coverage: int


def yardstick_of(scorecard: Scorecard, standard: str | None) -> YardstickVerdict | None:
    """The verdict ``standard`` names (default: the primary yardstick), or None without any."""
    if not scorecard.yardsticks:
        if standard is not None:
            raise InputError(t("route.error.standard", standard=standard, known="—"))
        return None
    wanted = standard or scorecard.primary_yardstick or scorecard.yardsticks[0].yardstick
    for verdict in scorecard.yardsticks:
        if verdict.yardstick == wanted:
            return verdict
    known = ", ".join(v.yardstick for v in scorecard.yardsticks)
    raise InputError(t("route.error.standard", standard=wanted, known=known))


def _coverage(checklist: Checklist | None, scorecard: Scorecard, standard: str | None) -> int:
    """The highest level the scored criteria can show for the yardstick (the verdict's cap)."""
    if standard is None or checklist is None:
        return max((c.min_tier for c in scorecard.criteria), default=0)
    by_id = checklist.by_id()
    levels = [
        rule.level
        for c in scorecard.criteria
        if c.criterion_id in by_id and (rule := by_id[c.criterion_id].rule(standard)) is not None
    ]
    return max(levels, default=0)


def requirements(
    scorecard: Scorecard,
    target: int,
    standard: str | None = None,
    checklist: Checklist | None = None,
) -> Requirements:
    """The criteria that must count as met for the target verdict of ``standard``."""
    verdict = yardstick_of(scorecard, standard)
    if verdict is None:
        scores = {c.criterion_id: c for c in scorecard.criteria}
        items = sorted(
            c.criterion_id
            for c in scorecard.criteria
            if c.must_pass and c.min_tier <= target and not c.counts_as_met
        )
        result = {i: scores[i].result for i in items}
        return Requirements(
            standard=None,
            items=items,
            fundable=frozenset(i for i in items if result[i] in _GAP_RESULTS),
            to_assess=[i for i in items if result[i] is Result.NOT_ASSESSED],
            to_verify=[i for i in items if result[i] is Result.MET],
            coverage=_coverage(None, scorecard, None),
        )
    pass_fail = verdict.kind is YardstickKind.PASS_FAIL
    blockers = [b for b in verdict.blockers if pass_fail or b.level <= target]
    items = sorted({b.criterion_id for b in blockers})
    kinds: dict[str, list[str]] = {"to_assess": [], "to_verify": []}
    for blocker in sorted(blockers, key=lambda b: b.criterion_id):
        kind = _WORK_NOT_MONEY.get(blocker.reason)
        if kind is not None:
            kinds[kind].append(blocker.criterion_id)
    return Requirements(
        standard=verdict.yardstick,
        items=items,
        fundable=frozenset(items) - set(kinds["to_assess"]) - set(kinds["to_verify"]),
        to_assess=kinds["to_assess"],
        to_verify=kinds["to_verify"],
        coverage=target if pass_fail else _coverage(checklist, scorecard, verdict.yardstick),
    )


def requirements_for(scorecard: Scorecard, target: int, standard: str | None = None) -> list[str]:
    """The criteria that must count as met for the target verdict."""
    return requirements(scorecard, target, standard).items


def verdict_reached(
    scorecard: Scorecard,
    closed: set[str] | frozenset[str],
    target: int,
    standard: str | None = None,
    checklist: Checklist | None = None,
) -> bool:
    """Whether the target verdict is reached once the ``closed`` criteria count as met."""
    needed = requirements(scorecard, target, standard, checklist)
    return needed.coverage >= target and not set(needed.items) - set(closed)


def _expected(low: int, high: int) -> int:
    return (low + high) // 2


@dataclass(frozen=True)
class Offer:
    """A candidate action with what the output shows about it."""

    candidate: Candidate
    title: LocalizedText
    combined: bool
    cost_min_vnd: int
    cost_max_vnd: int
    status: ActionStatus


def offers(checklist: Checklist, plan: RemediationPlan) -> dict[str, Offer]:
    """Every action the route may fund: the plan's open actions and the combined actions."""
    found: dict[str, Offer] = {}
    open_ids = set()
    for action in plan.actions:
        if action.status is ActionStatus.RESOLVED:
            continue
        open_ids.add(action.criterion_id)
        done = action.status is ActionStatus.DONE
        low, high = (0, 0) if done else (action.cost_min_vnd, action.cost_max_vnd)
        candidate = Candidate(
            action.id,
            frozenset({action.criterion_id}),
            _expected(low, high),
            frozenset(action.depends_on),
        )
        found[action.id] = Offer(candidate, action.title, False, low, high, action.status)
    planning = checklist.planning
    if planning is None:
        return found
    bands = {b.id: b for b in planning.cost_bands}
    for combined in planning.combined_actions:
        closes = frozenset(combined.closes) & open_ids
        band = bands.get(combined.cost_band)
        if not closes or band is None:
            continue
        needs = (frozenset(combined.depends_on) & open_ids) - closes
        candidate = Candidate(combined.id, closes, _expected(band.min_vnd, band.max_vnd), needs)
        found[combined.id] = Offer(
            candidate, combined.title, True, band.min_vnd, band.max_vnd, ActionStatus.PLANNED
        )
    return found


def _together(checklist: Checklist, present: set[str]) -> tuple[frozenset[str], ...]:
    if checklist.planning is None:
        return ()
    groups = (frozenset(g.actions) & present for g in checklist.planning.only_together)
    return tuple(g for g in groups if len(g) > 1)


def _steps(
    chosen: frozenset[str], found: dict[str, Offer], requirements: set[str], skip: frozenset[str]
) -> list[RouteStep]:
    steps = []
    for action_id in sorted(chosen - skip):
        offer = found[action_id]
        closes = offer.candidate.closes
        needed_by = sorted(
            other
            for other in chosen
            if other != action_id and found[other].candidate.needs & closes
        )
        steps.append(
            RouteStep(
                id=action_id,
                title=offer.title,
                combined=offer.combined,
                closes=sorted(closes),
                reasons=sorted(closes & requirements),
                needed_by=needed_by,
                cost_min_vnd=offer.cost_min_vnd,
                cost_max_vnd=offer.cost_max_vnd,
                cost_expected_vnd=offer.candidate.cost,
                status=offer.status,
            )
        )
    return steps


@dataclass(frozen=True)
class _Solved:
    steps: list[RouteStep]
    solution: Solution
    needed: Requirements


def _solve_for(
    checklist: Checklist,
    scorecard: Scorecard,
    plan: RemediationPlan,
    target: int,
    standard: str | None,
    forced: frozenset[str] = frozenset(),
    effects: ModelEffects | None = None,
) -> _Solved:
    needed = requirements(scorecard, target, standard, checklist)
    found = offers(checklist, plan)
    wanted = set(needed.fundable)
    accept = None
    if effects is not None:  # the site's topology findings are requirements too
        for key, cleared in effects.closes.items():
            if key in found:
                offer = found[key]
                closes = offer.candidate.closes | cleared
                found[key] = replace(offer, candidate=replace(offer.candidate, closes=closes))
        wanted |= effects.findings
        accept = effects.accept
    problem = RouteProblem(
        candidates=tuple(o.candidate for o in found.values()),
        requirements=frozenset(wanted),
        together=_together(checklist, set(found)),
        forced=forced & set(found),
    )
    solution = solve(problem, accept)
    chosen = solution.chosen or frozenset()
    return _Solved(_steps(chosen, found, wanted, forced), solution, needed)


def _sums(steps: list[RouteStep]) -> tuple[int, int, int]:
    return (
        sum(s.cost_min_vnd for s in steps),
        sum(s.cost_max_vnd for s in steps),
        sum(s.cost_expected_vnd for s in steps),
    )


def _complete(solved: _Solved, target: int) -> bool:
    return (
        solved.solution.chosen is not None
        and not solved.solution.uncovered
        and solved.needed.coverage >= target
    )


def find_route(
    checklist: Checklist,
    scorecard: Scorecard,
    plan: RemediationPlan,
    standard: str | None = None,
    effects: ModelEffects | None = None,
) -> Route:
    """The cheapest route to the scorecard's target verdict (pure: no I/O).

    With ``effects`` (``route.topology.model_effects``) the topology model's findings must be
    cleared too.
    """
    target = scorecard.target_tier
    solved = _solve_for(checklist, scorecard, plan, target, standard, effects=effects)
    needed = solved.needed
    low, high, expected = _sums(solved.steps)
    closed = {c for s in solved.steps for c in s.closes}
    beyond = [
        a
        for a in plan.actions
        if a.status not in (ActionStatus.RESOLVED, ActionStatus.DONE)
        and a.criterion_id not in closed
        and a.id not in closed
    ]
    return Route(
        site_id=scorecard.site_id,
        checklist_version=scorecard.checklist_version,
        target_tier=target,
        standard=needed.standard,
        as_of=scorecard.as_of,
        solver=SOLVER_NAME,
        reached=not needed.items and needed.coverage >= target,
        complete=_complete(solved, target),
        steps=solved.steps,
        cost_min_vnd=low,
        cost_max_vnd=high,
        cost_expected_vnd=expected,
        requirements=needed.items,
        uncovered=sorted(solved.solution.uncovered),
        to_assess=needed.to_assess,
        to_verify=needed.to_verify,
        beyond_route=[a.id for a in beyond],
        beyond_cost_min_vnd=sum(a.cost_min_vnd for a in beyond),
        beyond_cost_max_vnd=sum(a.cost_max_vnd for a in beyond),
        plan_cost_min_vnd=plan.cost_min_vnd,
        plan_cost_max_vnd=plan.cost_max_vnd,
    )


def marginal_route(
    checklist: Checklist,
    route: Route,
    scorecard: Scorecard,
    plan: RemediationPlan,
    standard: str | None = None,
    effects: ModelEffects | None = None,
) -> MarginalRoute:
    """What the scorecard's target (a higher tier, another yardstick) adds on top of ``route``.

    With ``effects`` the topology model is re-checked as for the route itself (its findings stay
    requirements, and a set whose model changes leave or make one is refused).
    """
    target = scorecard.target_tier
    forced = frozenset(s.id for s in route.steps)
    solved = _solve_for(checklist, scorecard, plan, target, standard, forced, effects)
    low, high, expected = _sums(solved.steps)
    return MarginalRoute(
        target_tier=target,
        standard=solved.needed.standard,
        reachable=_complete(solved, target),
        steps=solved.steps,
        cost_min_vnd=low,
        cost_max_vnd=high,
        cost_expected_vnd=expected,
        uncovered=sorted(solved.solution.uncovered),
        beyond_catalogue=solved.needed.coverage < target,
    )


def effects_of(topology: Topology | None, checklist: Checklist) -> ModelEffects | None:
    """What the site's topology model adds to a route, or None for a site without a model.

    Its findings to clear, and the actions' model changes.
    """
    if topology is None:
        return None
    from tierassess.core.route.topology import model_effects

    return model_effects(topology, checklist)


def route_for_site(
    checklist: Checklist,
    assessment: Assessment,
    index: EvidenceIndex,
    settings: ScoringSettings,
    overrides: PlanOverrides | None = None,
    standard: str | None = None,
    topology: Topology | None = None,
) -> tuple[Route, Scorecard, RemediationPlan]:
    """Score, plan and route the site at its target.

    The next tier of the same yardstick and every other yardstick are marginal routes on top of it.
    With the site's ``topology`` model, the combined actions that carry a model change are applied
    and the check re-run.
    """
    from tierassess.core.planning import build_plan
    from tierassess.core.scoring import score_assessment

    scorecard = score_assessment(checklist, assessment, index, settings)
    plan = build_plan(checklist, assessment, scorecard, overrides, topology=topology)
    effects = effects_of(topology, checklist)
    route = find_route(checklist, scorecard, plan, standard, effects)
    chosen = yardstick_of(scorecard, standard)
    if scorecard.target_tier < 4 and (chosen is None or chosen.kind is YardstickKind.TIER):
        higher = settings.model_copy(update={"target_tier": scorecard.target_tier + 1})
        next_card = score_assessment(checklist, assessment, index, higher)
        next_plan = build_plan(checklist, assessment, next_card, overrides, topology=topology)
        route.marginal.append(
            marginal_route(checklist, route, next_card, next_plan, standard, effects)
        )
    for other in scorecard.yardsticks:
        if chosen is not None and other.yardstick != chosen.yardstick:
            route.marginal.append(
                marginal_route(checklist, route, scorecard, plan, other.yardstick, effects)
            )
    return route, scorecard, mark_plan(plan, route)


def mark_plan(plan: RemediationPlan, route: Route) -> RemediationPlan:
    """The plan with its route actions marked (``on_route``)."""
    funded = route.funded_ids()
    marked = plan.model_copy(deep=True)
    for action in marked.actions:
        action.on_route = action.id in funded or action.criterion_id in funded
    return marked


def plan_with_route(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    overrides: PlanOverrides | None = None,
    budget_per_year_vnd: int | None = None,
    topology: Topology | None = None,
    time_limit: float | None = None,
) -> tuple[RemediationPlan, Route]:
    """The plan with the cheapest route's actions marked and, under a yearly budget, funded first.

    Funded before any other (``build_plan(fund_first=...)``); the route is found on the unbudgeted
    plan, since its costs do not depend on the schedule. ``time_limit`` bounds each exact solve
    (``build_plan``'s default when None).
    """
    from tierassess.core.planning import DEFAULT_TIME_LIMIT, build_plan

    limit = DEFAULT_TIME_LIMIT if time_limit is None else time_limit

    # with the site's topology model, as `tierassess route` does, so the plan's starred rows and
    # the report's "least to fund" are the route the route command shows; the model also says
    # which disruptive works may overlap
    plan = build_plan(
        checklist, assessment, scorecard, overrides, topology=topology, time_limit=limit
    )
    route = find_route(checklist, scorecard, plan, effects=effects_of(topology, checklist))
    budget = budget_per_year_vnd or assessment.site.planning.budget_per_year_vnd
    if budget is not None:
        funded = sorted(route.funded_ids())
        plan = build_plan(
            checklist,
            assessment,
            scorecard,
            overrides,
            budget,
            fund_first=funded,
            topology=topology,
            time_limit=limit,
        )
    return mark_plan(plan, route), route
