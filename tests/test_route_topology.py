"""The route on a topology model: one added element that clears several maintenance findings.

BROKEN is the 2N facility of topology_support with cooling unit CU-2 moved from board B onto
board A: with path A out, only CU-3 (on the transfer switch, so fed from B) is left, 150 kW for
300 kW of heat. Every element whose removal drops board A is a finding, worked by hand below.
"""

from __future__ import annotations

import yaml
from topology_support import BASE_2N, check, points, variant

from tierassess.core.route.topology import ModelAction, findings_of, topology_route
from tierassess.core.topology import ModelChange, apply_change

MOVE_CU2 = {
    "remove_connections": [{"from": "MB-B", "to": "CU-2"}],
    "add_connections": [{"from": "MB-A", "to": "CU-2"}],
}
# the fix: one transfer switch in front of CU-2, fed from both mechanical boards
ATS_CU2 = """
remove_connections:
  - {from: MB-A, to: CU-2}
add_elements:
  - {id: ATS-2, kind: ats}
add_connections:
  - {from: MB-A, to: ATS-2}
  - {from: MB-B, to: ATS-2}
  - {from: ATS-2, to: CU-2}
"""
# the alternative: a fourth cooling unit on board B
CU4_ON_B = """
add_elements:
  - {id: CU-4, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
add_connections:
  - {from: MB-B, to: CU-4}
  - {from: CU-4, to: HALL}
"""
# a fourth unit on board A helps nothing when path A is out
CU4_ON_A = CU4_ON_B.replace("MB-B", "MB-A")


def action(key: str, cost: int, text: str) -> ModelAction:
    return ModelAction(key, cost, ModelChange.model_validate(yaml.safe_load(text)))


def test_the_broken_facility_has_several_findings_on_path_a() -> None:
    broken = variant(BASE_2N, MOVE_CU2)
    found = points(check(broken))
    # path A's generator, its day tank, its transfer switch and both its boards: each one out
    # drops board A and with it CU-1 and CU-2 (the bulk tank is not: the day tank carries on)
    assert found == {"G-A", "DAY-A", "ATS-A", "MSB-A", "MB-A"}


def test_one_added_element_clears_every_finding_and_beats_the_costlier_fix() -> None:
    broken = variant(BASE_2N, MOVE_CU2)
    actions = [
        action("ATS-CU2", 50, ATS_CU2),
        action("CU4-B", 80, CU4_ON_B),
        action("CU4-A", 40, CU4_ON_A),
    ]
    route = topology_route(broken, actions)
    assert route.closes["ATS-CU2"] == route.findings  # one element, every finding
    assert route.closes["CU4-B"] == route.findings
    assert route.closes["CU4-A"] == frozenset()
    assert route.chosen == {"ATS-CU2"} and route.cost == 50
    after = apply_change(broken, actions[0].change)
    assert findings_of(after) == frozenset() and check(after).site_tier == 3


def test_when_the_switch_costs_more_the_fourth_unit_is_the_route() -> None:
    broken = variant(BASE_2N, MOVE_CU2)
    route = topology_route(broken, [action("ATS-CU2", 100, ATS_CU2), action("CU4-B", 80, CU4_ON_B)])
    assert route.chosen == {"CU4-B"} and route.cost == 80


def test_nothing_closes_the_findings_leaves_them_uncovered() -> None:
    broken = variant(BASE_2N, MOVE_CU2)
    route = topology_route(broken, [action("CU4-A", 40, CU4_ON_A)])
    assert route.uncovered == route.findings and route.chosen == frozenset()


def test_tierassess_route_applies_the_model_changes_of_combined_actions() -> None:
    # the criteria of test_route's site, priced, plus two combined actions with model changes
    from test_route import GAPS, routed_with, site_checklist

    combined = [
        {
            "id": "ATS-CU2",
            "title": {"vi": "Bộ chuyển nguồn cho CU-2", "en": "A transfer switch for CU-2"},
            "closes": ["CLG-DOC-01"],
            "cost_band": "M",
            "duration_weeks": 8,
            "model_change": yaml.safe_load(ATS_CU2),
        },
        {
            "id": "CU4-A",
            "title": {"vi": "Thêm CU-4 trên tủ A", "en": "CU-4 on board A"},
            "closes": ["CLG-DOC-01"],
            "cost_band": "S",
            "duration_weeks": 8,
            "model_change": yaml.safe_load(CU4_ON_A),
        },
    ]
    cl = site_checklist(combined_actions=combined)
    broken = variant(BASE_2N, MOVE_CU2)
    route = routed_with(cl, GAPS, topology=broken)
    switch = next(s for s in route.steps if s.id == "ATS-CU2")
    # its reasons are the five maintenance findings it clears (CLG-DOC-01 is not a blocker)
    assert switch.reasons == sorted(
        f"topology:{e}" for e in ("ATS-A", "DAY-A", "G-A", "MB-A", "MSB-A")
    )
    assert "CU4-A" not in {s.id for s in route.steps}  # cheaper, but clears nothing
    assert route.complete
    without = routed_with(cl, GAPS)  # no model: the findings are not the route's business
    assert "ATS-CU2" not in {s.id for s in without.steps}


def test_the_next_tier_keeps_the_maintenance_findings_no_action_clears() -> None:
    # only CU4-A carries a model change, and it clears nothing: the findings stay open for the
    # route and, re-checked the same way, for the marginal route to the next tier
    from test_route import GAPS, routed_with, site_checklist

    combined = [
        {
            "id": "CU4-A",
            "title": {"vi": "Thêm CU-4 trên tủ A", "en": "CU-4 on board A"},
            "closes": ["CLG-DOC-01"],
            "cost_band": "S",
            "duration_weeks": 8,
            "model_change": yaml.safe_load(CU4_ON_A),
        }
    ]
    route = routed_with(site_checklist(combined_actions=combined), GAPS, variant(BASE_2N, MOVE_CU2))
    findings = {f"topology:{e}" for e in ("ATS-A", "DAY-A", "G-A", "MB-A", "MSB-A")}
    assert findings <= set(route.uncovered) and not route.complete
    next_tier = next(m for m in route.marginal if m.target_tier == route.target_tier + 1)
    assert findings <= set(next_tier.uncovered) and not next_tier.reachable


def test_the_plan_marks_the_route_the_route_command_finds() -> None:
    # `plan` and the report star the route; with a topology model it must be the route that
    # `tierassess route` finds, the transfer switch that clears the maintenance findings
    from test_route import AS_OF, GAPS, assessment, site_checklist

    from tierassess.core.models import EvidenceIndex, ScoringSettings
    from tierassess.core.route import plan_with_route
    from tierassess.core.scoring import score_assessment

    switch = {
        "id": "ATS-CU2",
        "title": {"vi": "Bộ chuyển nguồn cho CU-2", "en": "A transfer switch for CU-2"},
        "closes": ["CLG-DOC-01"],
        "cost_band": "M",
        "duration_weeks": 8,
        "model_change": yaml.safe_load(ATS_CU2),
    }
    cl = site_checklist(combined_actions=[switch])
    site = assessment(dict(GAPS))
    card = score_assessment(cl, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    plan, route = plan_with_route(cl, site, card, None, None, variant(BASE_2N, MOVE_CU2))
    assert "ATS-CU2" in route.funded_ids()
    # the plan has a row per criterion; the switch's row is the criterion it closes, which is on
    # the route only because of the model (CLG-DOC-01 blocks nothing)
    assert "CLG-DOC-01" in {a.criterion_id for a in plan.actions if a.on_route}
    plain, _ = plan_with_route(cl, site, card)
    assert "CLG-DOC-01" not in {a.criterion_id for a in plain.actions if a.on_route}


def test_a_snapshot_keeps_the_route_the_route_command_finds() -> None:
    # `snapshot take` and `compare` keep the route as `route` and `score --keep` find it
    from test_route import AS_OF, GAPS, assessment, site_checklist

    from tierassess.core.models import EvidenceIndex, PlanOverrides, ScoringSettings
    from tierassess.storage.snapshots import take_snapshot

    switch = {
        "id": "ATS-CU2",
        "title": {"vi": "Bộ chuyển nguồn cho CU-2", "en": "A transfer switch for CU-2"},
        "closes": ["CLG-DOC-01"],
        "cost_band": "M",
        "duration_weeks": 8,
        "model_change": yaml.safe_load(ATS_CU2),
    }
    cl = site_checklist(combined_actions=[switch])
    inputs = (cl, assessment(dict(GAPS)), EvidenceIndex(), PlanOverrides())
    settings = ScoringSettings(as_of=AS_OF)
    kept = take_snapshot(*inputs, settings, topology=variant(BASE_2N, MOVE_CU2))
    assert "ATS-CU2" in kept.route.actions
    assert "ATS-CU2" not in take_snapshot(*inputs, settings).route.actions
