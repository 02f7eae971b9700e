"""From a scorecard and its plan to the cheapest route, its reasons and its marginal routes.

The rules, in one place:

* **Requirements.** The verdict predicate is ``verdict_reached``: the target verdict is reached
  when every criterion in ``requirements_for`` counts as met and the catalogue covers the tier.
  With the weakest-link verdict of ``tierassess.scoring`` the requirements are the must-pass
  criteria at or below the target that do not count as met; closing them is necessary and
  sufficient, whatever else stays open.
* **What money closes.** A requirement with a gap (not met, partial) is closed by its own plan
  action or by a combined action of the planning table that lists it. A requirement not answered
  yet is listed in ``to_assess``, and one claimed met without valid evidence in ``to_verify``:
  they need work, not money, and the route holds on condition that they are confirmed.
* **Cost.** Each action's expected cost is the middle of its range (the plan's range, with its
  overrides; a combined action's cost band). The route minimises the expected total and reports
  the range of the actions it chose. An action marked done costs nothing more.
* **Dependencies.** An action that needs a criterion closed first (its template's
  ``depends_on``) may be funded only with an action that closes that criterion; criteria already
  closed need nothing. Only-together groups of the planning table are funded whole or not at all.
* **Beyond the route**: the open plan actions whose criterion the route leaves open.
* **Marginal route**: the next tier, scored and planned at that tier, solved with the route's
  actions already funded; its cost is what it adds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tierassess.errors import InputError
from tierassess.i18n import t
from tierassess.models import (
    ActionStatus,
    Assessment,
    Checklist,
    EvidenceIndex,
    LocalizedText,
    PlanOverrides,
    RemediationPlan,
    Result,
    Scorecard,
    ScoringSettings,
)
from tierassess.route._model import MarginalRoute, Route, RouteStep
from tierassess.route._solve import SOLVER_NAME, Candidate, RouteProblem, Solution, solve

STANDARDS: tuple[str, ...] = ()  # per-yardstick verdicts plug in here (see requirements_for)


def _check_standard(standard: str | None) -> None:
    if standard is not None and standard not in STANDARDS:
        known = ", ".join(STANDARDS) or "—"
        raise InputError(t("route.error.standard", standard=standard, known=known))


def covered_tier(scorecard: Scorecard) -> int:
    """The highest tier the scored criteria can show (see the verdict rule of scoring)."""
    return min(scorecard.target_tier, max((c.min_tier for c in scorecard.criteria), default=0))


def requirements_for(scorecard: Scorecard, target: int, standard: str | None = None) -> list[str]:
    """The criteria that must count as met for the target verdict."""
    _check_standard(standard)
    return sorted(
        c.criterion_id
        for c in scorecard.criteria
        if c.must_pass and c.min_tier <= target and not c.counts_as_met
    )


def verdict_reached(
    scorecard: Scorecard,
    closed: set[str] | frozenset[str],
    target: int,
    standard: str | None = None,
) -> bool:
    """Whether the target verdict is reached once the ``closed`` criteria count as met."""
    if covered_tier(scorecard) < target:
        return False
    return not set(requirements_for(scorecard, target, standard)) - set(closed)


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
    requirements: list[str]
    found: dict[str, Offer]


def _solve_for(
    checklist: Checklist,
    scorecard: Scorecard,
    plan: RemediationPlan,
    target: int,
    standard: str | None,
    forced: frozenset[str] = frozenset(),
    accept: Callable[[frozenset[str]], bool] | None = None,
) -> _Solved:
    requirements = requirements_for(scorecard, target, standard)
    results = {c.criterion_id: c.result for c in scorecard.criteria}
    fundable = {r for r in requirements if results.get(r) in (Result.NOT_MET, Result.PARTIAL)}
    found = offers(checklist, plan)
    problem = RouteProblem(
        candidates=tuple(o.candidate for o in found.values()),
        requirements=frozenset(fundable),
        together=_together(checklist, set(found)),
        forced=forced & set(found),
    )
    solution = solve(problem, accept)
    chosen = solution.chosen or frozenset()
    return _Solved(_steps(chosen, found, fundable, forced), solution, requirements, found)


def _sums(steps: list[RouteStep]) -> tuple[int, int, int]:
    return (
        sum(s.cost_min_vnd for s in steps),
        sum(s.cost_max_vnd for s in steps),
        sum(s.cost_expected_vnd for s in steps),
    )


def find_route(
    checklist: Checklist,
    scorecard: Scorecard,
    plan: RemediationPlan,
    standard: str | None = None,
    accept: Callable[[frozenset[str]], bool] | None = None,
) -> Route:
    """The cheapest route to the scorecard's target verdict (pure: no I/O)."""
    target = scorecard.target_tier
    solved = _solve_for(checklist, scorecard, plan, target, standard, accept=accept)
    by_id = {c.criterion_id: c for c in scorecard.criteria}
    requirements = solved.requirements
    to_assess = [r for r in requirements if by_id[r].result is Result.NOT_ASSESSED]
    to_verify = [r for r in requirements if by_id[r].result is Result.MET]
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
        standard=standard,
        as_of=scorecard.as_of,
        solver=SOLVER_NAME,
        reached=verdict_reached(scorecard, set(), target, standard),
        complete=solved.solution.chosen is not None
        and not solved.solution.uncovered
        and covered_tier(scorecard) >= target,
        steps=solved.steps,
        cost_min_vnd=low,
        cost_max_vnd=high,
        cost_expected_vnd=expected,
        requirements=requirements,
        uncovered=sorted(solved.solution.uncovered),
        to_assess=to_assess,
        to_verify=to_verify,
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
) -> MarginalRoute:
    """What the scorecard's target (a higher tier, another yardstick) adds on top of ``route``."""
    target = scorecard.target_tier
    forced = frozenset(s.id for s in route.steps)
    solved = _solve_for(checklist, scorecard, plan, target, standard, forced)
    low, high, expected = _sums(solved.steps)
    beyond = covered_tier(scorecard) < target
    return MarginalRoute(
        target_tier=target,
        standard=standard,
        reachable=solved.solution.chosen is not None
        and not solved.solution.uncovered
        and not beyond,
        steps=solved.steps,
        cost_min_vnd=low,
        cost_max_vnd=high,
        cost_expected_vnd=expected,
        uncovered=sorted(solved.solution.uncovered),
        beyond_catalogue=beyond,
    )


def route_for_site(
    checklist: Checklist,
    assessment: Assessment,
    index: EvidenceIndex,
    settings: ScoringSettings,
    overrides: PlanOverrides | None = None,
    standard: str | None = None,
) -> tuple[Route, Scorecard, RemediationPlan]:
    """Score, plan and route the site at its target, with the next tier as a marginal route."""
    from tierassess.planning import build_plan
    from tierassess.scoring import score_assessment

    _check_standard(standard)
    scorecard = score_assessment(checklist, assessment, index, settings)
    plan = build_plan(checklist, assessment, scorecard, overrides)
    route = find_route(checklist, scorecard, plan, standard)
    if scorecard.target_tier < 4:
        higher = settings.model_copy(update={"target_tier": scorecard.target_tier + 1})
        next_card = score_assessment(checklist, assessment, index, higher)
        next_plan = build_plan(checklist, assessment, next_card, overrides)
        route.marginal.append(marginal_route(checklist, route, next_card, next_plan, standard))
    return route, scorecard, mark_plan(plan, route)


def mark_plan(plan: RemediationPlan, route: Route) -> RemediationPlan:
    """The plan with its route actions marked (``on_route``)."""
    funded = route.funded_ids()
    marked = plan.model_copy(deep=True)
    for action in marked.actions:
        action.on_route = action.id in funded or action.criterion_id in funded
    return marked
