"""The cheapest route: hand-worked optima, a brute-force property test, and the site pipeline.

Cost bands (test_scoring.PLANNING): S 100-300 million VND (expected 200), M 400-1,000 (700),
L 2,000-6,000 (4,000); this file adds C 250-350 (expected 300) for combined actions.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring import AS_OF, PLANNING, assessment, crit, text

from tierassess.core.models import (
    Checklist,
    EvidenceIndex,
    PlanningTable,
    PlanOverrides,
    ScoringSettings,
)
from tierassess.core.route import (
    Candidate,
    RouteProblem,
    find_route,
    requirements_for,
    route_for_site,
    solve,
    verdict_reached,
)
from tierassess.core.scoring import score_assessment

M = 1_000_000


def problem(
    actions: dict[str, tuple[int, set[str], set[str]]],
    requirements: set[str],
    together: list[set[str]] | None = None,
) -> RouteProblem:
    """actions: id -> (cost, criteria it closes, criteria it needs closed first)."""
    return RouteProblem(
        candidates=tuple(
            Candidate(key, frozenset(closes), cost, frozenset(needs))
            for key, (cost, closes, needs) in actions.items()
        ),
        requirements=frozenset(requirements),
        together=tuple(frozenset(g) for g in together or []),
    )


# --- hand-worked optima on the solver -------------------------------------------------------------


def test_one_action_closing_two_criteria_beats_two_cheaper_singles() -> None:
    # singles 60 + 60 = 120; the pipe that serves both costs 100, more than either single
    found = solve(
        problem(
            {"A": (60, {"a"}, set()), "B": (60, {"b"}, set()), "PIPE": (100, {"a", "b"}, set())},
            {"a", "b"},
        )
    )
    assert found.chosen == {"PIPE"}
    assert found.cost == 100


def test_two_singles_win_when_the_combined_action_costs_more_than_both() -> None:
    found = solve(
        problem(
            {"A": (60, {"a"}, set()), "B": (60, {"b"}, set()), "PIPE": (130, {"a", "b"}, set())},
            {"a", "b"},
        )
    )
    assert found.chosen == {"A", "B"}
    assert found.cost == 120


def test_a_dependency_forces_a_costlier_route() -> None:
    # X (10) closes r but needs d closed first, and only D (100) closes d: X + D = 110 > Y (50)
    actions = {"X": (10, {"r"}, {"d"}), "D": (100, {"d"}, set()), "Y": (50, {"r"}, set())}
    found = solve(problem(actions, {"r"}))
    assert found.chosen == {"Y"}
    assert found.cost == 50
    # with a cheaper prerequisite, X + D = 40 < 50: the prerequisite is funded too
    actions["D"] = (30, {"d"}, set())
    found = solve(problem(actions, {"r"}))
    assert found.chosen == {"X", "D"}
    assert found.cost == 40


def test_an_only_together_group_is_funded_whole_or_not_at_all() -> None:
    actions = {"X": (10, {"r"}, set()), "Z": (100, {"z"}, set()), "Y": (50, {"r"}, set())}
    assert solve(problem(actions, {"r"})).chosen == {"X"}
    found = solve(problem(actions, {"r"}, together=[{"X", "Z"}]))
    assert found.chosen == {"Y"}
    assert found.cost == 50


def test_a_tie_in_cost_goes_to_the_route_closing_more_criteria() -> None:
    # a combined work priced like the single one it replaces also closes a second criterion
    actions = {
        "A-SINGLE": (300, {"r"}, set()),
        "B-COMBINED": (300, {"r", "s"}, set()),
        "C-DEARER": (301, {"r", "s", "t"}, set()),
    }
    found = solve(problem(actions, {"r"}))
    assert found.chosen == {"B-COMBINED"}
    assert found.cost == 300


def test_a_requirement_no_action_closes_is_uncovered_and_the_rest_still_routed() -> None:
    found = solve(problem({"A": (5, {"a"}, set())}, {"a", "nobody"}))
    assert found.uncovered == {"nobody"}
    assert found.chosen == {"A"}


def test_an_action_whose_need_nobody_closes_is_never_funded() -> None:
    found = solve(problem({"X": (10, {"r"}, {"ghost"}), "Y": (50, {"r"}, set())}, {"r"}))
    assert found.chosen == {"Y"}


def test_a_set_rejected_as_a_whole_is_cut_and_the_next_best_returned() -> None:
    # two cheap actions that each close a finding alone but not together (the check of the whole
    # set says no): the search moves on to the next cheapest set that passes
    actions = {"A": (10, {"f"}, set()), "B": (20, {"f"}, set()), "C": (40, {"f"}, set())}
    seen: list[frozenset[str]] = []

    def accept(chosen: frozenset[str]) -> bool:
        seen.append(chosen)
        return chosen not in ({"A"}, {"B"})

    found = solve(problem(actions, {"f"}), accept)
    assert found.chosen == {"A", "B"}  # 30: cheaper than C alone (40); subsets were cut
    assert seen[:2] == [frozenset({"A"}), frozenset({"B"})]


def test_no_feasible_set_gives_none() -> None:
    actions = {"X": (10, {"r"}, set()), "Y": (10, {"s"}, set())}
    found = solve(problem(actions, {"r", "s"}, together=[{"X", "Y"}, {"X"}]))
    assert found.chosen == {"X", "Y"}
    # r needs X, and X comes only with W, whose need nobody closes: no route
    blocked = {"X": (10, {"r"}, set()), "W": (10, {"w"}, {"ghost"})}
    assert solve(problem(blocked, {"r"}, together=[{"X", "W"}])).chosen is None


# --- the property: never above any feasible set found by brute force ------------------------------


@st.composite
def instances(draw: st.DrawFn) -> RouteProblem:
    criteria = [f"c{i}" for i in range(draw(st.integers(1, 5)))]
    count = draw(st.integers(1, 7))
    actions: dict[str, tuple[int, set[str], set[str]]] = {}
    for number in range(count):
        closes = set(draw(st.lists(st.sampled_from(criteria), min_size=1, max_size=3)))
        needs = set(draw(st.lists(st.sampled_from(criteria), max_size=1))) - closes
        actions[f"a{number}"] = (draw(st.integers(0, 50)) * 1000, closes, needs)
    ids = sorted(actions)
    groups = (
        draw(st.lists(st.sets(st.sampled_from(ids), min_size=2, max_size=3), max_size=2))
        if len(ids) > 1
        else []
    )
    wanted = set(draw(st.lists(st.sampled_from(criteria), min_size=1, max_size=4)))
    return problem(actions, wanted, groups)


def feasible(chosen: set[str], route: RouteProblem) -> bool:
    by_id = {c.id: c for c in route.candidates}
    closed = {item for key in chosen for item in by_id[key].closes}
    if not route.requirements <= closed:
        return False
    if any(not by_id[key].needs <= closed for key in chosen):
        return False
    return all(len(group & chosen) in (0, len(group)) for group in route.together)


@settings(max_examples=150, deadline=None)
@given(instances())
def test_route_cost_is_never_above_any_feasible_set(route: RouteProblem) -> None:
    ids = [c.id for c in route.candidates]
    costs = {c.id: c.cost for c in route.candidates}
    best: int | None = None
    for size in range(len(ids) + 1):
        for subset in itertools.combinations(ids, size):
            if feasible(set(subset), route):
                cost = sum(costs[k] for k in subset)
                best = cost if best is None else min(best, cost)
    found = solve(route)
    if best is None:
        assert found.chosen is None or found.uncovered
        return
    assert found.chosen is not None
    assert feasible(set(found.chosen), route)
    assert found.cost == best


# --- on a scorecard and its plan -------------------------------------------------------------------

COMBINED_PLANNING = {
    **PLANNING.model_dump(mode="json"),
    "cost_bands": [
        *PLANNING.model_dump(mode="json")["cost_bands"],
        {"id": "C", "label": text("Combined"), "min_vnd": 250 * M, "max_vnd": 350 * M},
    ],
}


def site_checklist(**planning: Any) -> Checklist:
    table = PlanningTable.model_validate({**COMBINED_PLANNING, **planning})
    return Checklist.model_validate(
        {
            "header": __import__("test_scoring").HEADER,
            "criteria": [
                crit("PWR-FUEL-01", must_pass=True),
                crit("PWR-FUEL-02", must_pass=True),
                crit("PWR-GEN-01", must_pass=True, cost_band="M", depends_on=["CLG-MNT-01"]),
                crit("CLG-MNT-01", cost_band="L"),
                crit("CLG-UNIT-01", must_pass=True, cost_band="M"),
                crit("CLG-DOC-01"),
            ],
            "planning": table,
        }
    )


PIPE = {
    "id": "FUEL-PIPE",
    "title": text("Second fuel pipe"),
    "closes": ["PWR-FUEL-01", "PWR-FUEL-02"],
    "cost_band": "C",
    "duration_weeks": 10,
}
GAPS = {
    "PWR-FUEL-01": "not_met",
    "PWR-FUEL-02": "not_met",
    "PWR-GEN-01": "met",
    "CLG-MNT-01": "not_met",
    "CLG-UNIT-01": "partial",
    "CLG-DOC-01": "not_met",
}


def routed(cl: Checklist, answers: dict[str, str], **overrides: Any) -> Any:
    site = assessment(dict(answers))
    card = score_assessment(cl, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    plan_file = PlanOverrides.model_validate({"actions": overrides})
    return route_for_site(cl, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF), plan_file)[
        0
    ], card


def routed_with(cl: Checklist, answers: dict[str, str], topology: Any = None) -> Any:
    """The route of the inline site, with the site's topology model when given."""
    site = assessment(dict(answers))
    settings = ScoringSettings(as_of=AS_OF)
    return route_for_site(cl, site, EvidenceIndex(), settings, None, None, topology)[0]


def test_combined_action_from_the_planning_table_beats_the_two_criteria_actions() -> None:
    cl = site_checklist(combined_actions=[PIPE])
    route, card = routed(cl, GAPS)
    assert requirements_for(card, 3) == ["CLG-UNIT-01", "PWR-FUEL-01", "PWR-FUEL-02"]
    # FUEL-PIPE 300 (250-350) < 200 + 200; CLG-UNIT-01 partial: half of M = 200-500, expected 350
    assert [s.id for s in route.steps] == ["CLG-UNIT-01", "FUEL-PIPE"]
    pipe = route.steps[1]
    assert pipe.combined and pipe.reasons == ["PWR-FUEL-01", "PWR-FUEL-02"]
    assert (route.cost_min_vnd, route.cost_max_vnd) == (450 * M, 850 * M)
    assert route.cost_expected_vnd == 650 * M
    # the full plan adds the two non-blocking gaps: CLG-MNT-01 (L) and CLG-DOC-01 (S)
    assert sorted(route.beyond_route) == ["CLG-DOC-01", "CLG-MNT-01"]
    assert (route.beyond_cost_min_vnd, route.beyond_cost_max_vnd) == (2100 * M, 6300 * M)
    assert route.complete and not route.reached


def test_closing_the_route_reaches_the_target_verdict() -> None:
    cl = site_checklist(combined_actions=[PIPE])
    route, card = routed(cl, GAPS)
    closed = {c for s in route.steps for c in s.closes}
    assert verdict_reached(card, closed, 3)
    assert not verdict_reached(card, closed - {"PWR-FUEL-02"}, 3)
    after = assessment({**GAPS, **dict.fromkeys(closed, "met")})
    rescored = score_assessment(cl, after, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    assert rescored.meets_target


def test_a_dependency_from_the_catalogue_brings_its_prerequisite_onto_the_route() -> None:
    # PWR-GEN-01 (M) must wait for CLG-MNT-01 (L); with GEN open, the route funds both
    cl = site_checklist()
    route, _ = routed(cl, {**GAPS, "PWR-GEN-01": "not_met"})
    ids = [s.id for s in route.steps]
    assert "CLG-MNT-01" in ids
    prerequisite = next(s for s in route.steps if s.id == "CLG-MNT-01")
    assert prerequisite.reasons == [] and prerequisite.needed_by == ["PWR-GEN-01"]
    assert "CLG-MNT-01" not in route.beyond_route


def test_only_together_group_from_the_planning_table() -> None:
    group = {"actions": ["PWR-FUEL-01", "CLG-DOC-01"], "reason": text("same contract")}
    cl = site_checklist(only_together=[group])
    route, _ = routed(cl, GAPS)
    assert {"PWR-FUEL-01", "CLG-DOC-01"} <= {s.id for s in route.steps}
    doc = next(s for s in route.steps if s.id == "CLG-DOC-01")
    assert doc.reasons == []


def test_done_action_costs_nothing_and_unproven_requirements_are_conditions() -> None:
    cl = site_checklist()
    answers = {**GAPS, "PWR-FUEL-02": "met"}  # met but its evidence is missing: to verify
    del answers["CLG-UNIT-01"]  # unanswered: to assess
    route, _ = routed(
        cl,
        answers,
        **{"PWR-FUEL-01": {"status": "done", "start": "2025-01-01", "end": "2025-02-01"}},
    )
    fuel = next(s for s in route.steps if s.id == "PWR-FUEL-01")
    assert fuel.cost_expected_vnd == 0 and fuel.status.value == "done"
    assert route.to_assess == ["CLG-UNIT-01"]
    assert route.to_verify == []  # the test criteria expect no evidence, so a met claim counts


def test_already_at_target_means_nothing_to_fund() -> None:
    cl = site_checklist()
    route, _ = routed(cl, {c.id: "met" for c in cl.criteria})
    assert route.reached and route.steps == [] and route.cost_expected_vnd == 0


def test_marginal_route_to_the_next_tier_adds_only_what_it_needs() -> None:
    cl = site_checklist()
    extra = crit("PWR-T4-01", min_tier=4, must_pass=True, cost_band="M")
    cl = cl.model_copy(update={"criteria": [*cl.criteria, extra]})
    route, _ = routed(cl, {**GAPS, "PWR-T4-01": "not_met"})
    (next_tier,) = route.marginal
    assert next_tier.target_tier == 4 and next_tier.reachable
    assert [s.id for s in next_tier.steps] == ["PWR-T4-01"]
    assert next_tier.cost_expected_vnd == 700 * M


def test_no_criterion_at_the_next_tier_is_beyond_the_catalogue() -> None:
    route, _ = routed(site_checklist(), GAPS)
    assert route.marginal[0].beyond_catalogue and not route.marginal[0].reachable


def test_find_route_alone_and_plan_marking() -> None:
    from tierassess.core.planning import build_plan
    from tierassess.core.route import mark_plan

    cl = site_checklist(combined_actions=[PIPE])
    site = assessment(dict(GAPS))
    card = score_assessment(cl, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    plan = build_plan(cl, site, card)
    route = find_route(cl, card, plan)
    marked = {a.id: a.on_route for a in mark_plan(plan, route).actions}
    # the pipe's criteria are marked through it; the non-blocking gaps are not on the route
    assert marked == {
        "PWR-FUEL-01": True,
        "PWR-FUEL-02": True,
        "CLG-UNIT-01": True,
        "CLG-MNT-01": False,
        "CLG-DOC-01": False,
    }
