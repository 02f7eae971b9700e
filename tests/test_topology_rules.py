"""Rules R1-R9 and the facts sheet's edge cases, each on a hand-worked facility that meets it and
one that fails it; the failing one is named by its element (tests/topology_support.py)."""

from __future__ import annotations

import pytest
from topology_support import BASE_2N, BASE_CHW, check, model, points, rule, tiers, variant

from tierassess.core.topology.result import FailureKind, RuleStatus

MET, NOT_MET = RuleStatus.MET, RuleStatus.NOT_MET


def test_the_2n_facility_meets_every_rule_and_rates_tier_iii() -> None:
    report = check(model())
    assert report.site_tier == 3 and report.target_met
    assert tiers(report) == {"electrical": 3, "mechanical": 3, "fuel": 3}
    assert all(r.status is not NOT_MET for r in report.rules)
    assert report.points_of_failure == []
    assert report.tier_iv == "not_assessed"
    assert report.fuel_hours == pytest.approx(7000 / 105.5, abs=0.01)
    groups = {g.stage: g for g in report.capacity}
    assert groups["generator"].redundancy == "2N" and groups["generator"].need_kw == 422
    assert groups["ups_module"].redundancy == "2N"
    assert (groups["cooling_unit"].n, groups["cooling_unit"].redundancy) == (2, "N+1")


def test_r1_cooling_at_n_only_fails_naming_each_unit() -> None:
    report = check(variant(BASE_2N, {"remove_elements": ["CU-3"]}))
    finding = rule(report, "R1")
    # Each generator too: with G-A out, board A and CU-1 go dark and one unit is left.
    assert finding.status is NOT_MET and finding.elements == ["G-A", "G-B", "CU-1", "CU-2"]
    point = next(p for p in report.points_of_failure if p.element == "CU-1")
    shortfall = point.failures[0]
    assert shortfall.kind is FailureKind.SHORTFALL and shortfall.stage == "cooling_unit"
    assert (shortfall.need, shortfall.available) == (300, 150)
    assert point.loads_down == ["RACKS-1", "RACKS-2"]
    assert tiers(report)["mechanical"] == 1 and tiers(report)["electrical"] == 1
    assert next(g for g in report.capacity if g.stage == "cooling_unit").redundancy == "N"


def test_r1_prime_rating_counts_at_its_average_load_limit() -> None:
    prime = {"rating_type": "prime", "rating_kw": 500}
    report = check(
        variant(
            BASE_2N,
            {"update_elements": [{"id": "G-A", **prime}, {"id": "G-B", **prime}]},
        )
    )
    # 500 kW prime x 0.70 = 350 kW per side, below the 382 kW one side then carries.
    assert rule(report, "R1").elements == ["G-A", "G-B"]
    assert rule(report, "R5").status is MET


def test_r2_common_output_switchboard_fails_naming_it() -> None:
    change = {
        "remove_connections": [
            {"from": "UPSBUS-A", "to": "PDU-A1"},
            {"from": "UPSBUS-A", "to": "PDU-A2"},
            {"from": "UPSBUS-B", "to": "PDU-B1"},
            {"from": "UPSBUS-B", "to": "PDU-B2"},
        ],
        "add_elements": [{"id": "OUT-SWB", "kind": "switchboard"}],
        "add_connections": [
            {"from": "UPSBUS-A", "to": "OUT-SWB"},
            {"from": "UPSBUS-B", "to": "OUT-SWB"},
            {"from": "OUT-SWB", "to": ["PDU-A1", "PDU-A2", "PDU-B1", "PDU-B2"]},
        ],
    }
    report = check(variant(BASE_2N, change))
    assert rule(report, "R2").elements == ["OUT-SWB"]
    assert rule(report, "R1").status is MET
    assert tiers(report)["electrical"] == 2
    assert rule(report, "R3").status is NOT_MET  # both cords meet at the common board


def test_r2_cooling_split_over_boards_fails_naming_the_board() -> None:
    # The cross-system fact of the issue: one board out leaves fewer than N cooling units.
    change = {
        "remove_connections": [{"from": "ATS-M", "to": "CU-3"}, {"from": "MB-B", "to": "CU-2"}],
        "add_connections": [{"from": "MB-A", "to": ["CU-2", "CU-3"]}],
    }
    report = check(variant(BASE_2N, change))
    assert "MB-A" in rule(report, "R2").elements
    point = next(p for p in report.points_of_failure if p.element == "MB-A")
    assert point.failures[0].kind is FailureKind.NO_COOLING
    assert rule(report, "R1").elements == ["G-A"]  # all the cooling now hangs on side A
    assert tiers(report)["electrical"] == 1 and tiers(report)["mechanical"] == 3


def test_r3_single_corded_load_fails_naming_its_pdu() -> None:
    report = check(variant(BASE_2N, {"remove_connections": [{"from": "PDU-B1", "to": "RACKS-1"}]}))
    finding = rule(report, "R3")
    assert finding.status is NOT_MET and finding.elements == ["PDU-A1"]
    assert finding.details == ["RACKS-1: single_corded:PDU-A1"]
    assert points(report) >= {"PDU-A1", "UPSBUS-A", "UPS-A"}


def test_r3_edge_two_cords_in_one_pdu_count_as_single_corded() -> None:
    change = {
        "remove_connections": [{"from": "PDU-B1", "to": "RACKS-1"}],
        "add_connections": [{"from": "PDU-A1", "to": "RACKS-1"}],
    }
    finding = rule(check(variant(BASE_2N, change)), "R3")
    assert finding.details == ["RACKS-1: same_path:PDU-A1"]


def test_r3_edge_cords_on_two_pdus_of_one_ups_meet_at_its_bus() -> None:
    change = {
        "remove_connections": [{"from": "PDU-B1", "to": "RACKS-1"}],
        "add_connections": [{"from": "PDU-A2", "to": "RACKS-1"}],
    }
    finding = rule(check(variant(BASE_2N, change)), "R3")
    assert finding.details == ["RACKS-1: same_path:UPSBUS-A"]


def test_r3_edge_point_of_use_switch_gives_a_single_corded_load_two_paths() -> None:
    rewire = {
        "remove_connections": [
            {"from": "PDU-A1", "to": "RACKS-1"},
            {"from": "PDU-B1", "to": "RACKS-1"},
        ],
        "add_elements": [{"id": "RTS-1", "kind": "pou_transfer_switch"}],
        "add_connections": [{"from": "RTS-1", "to": "RACKS-1"}],
    }
    both = {**rewire, "add_connections": [*rewire["add_connections"], {"from": "PDU-A1", "to": "RTS-1"}, {"from": "PDU-B1", "to": "RTS-1"}]}  # fmt: skip
    report = check(variant(BASE_2N, both))
    assert rule(report, "R3").status is MET and report.points_of_failure == []
    one = {**rewire, "add_connections": [*rewire["add_connections"], {"from": "PDU-A1", "to": "RTS-1"}]}  # fmt: skip
    failing = check(variant(BASE_2N, one))
    assert rule(failing, "R3").details == ["RACKS-1: single_corded:RTS-1"]
    assert "PDU-A1" in points(failing)


def test_r4_utility_as_the_redundant_source_fails_naming_the_utility() -> None:
    no_generator_b = {"remove_elements": ["G-B", "DAY-B", "BULK-B", "FP-B"]}
    report = check(variant(BASE_2N, no_generator_b))
    finding = rule(report, "R4")
    assert finding.status is NOT_MET and finding.elements == ["UTIL"]
    assert any("utility_as_redundancy" in d for d in finding.details)
    assert rule(report, "R2").status is NOT_MET  # side B is dead without credit for utility
    assert rule(check(model()), "R4").status is MET


def test_r4_utility_alone_is_below_tier_i() -> None:
    no_generators = {"remove_elements": ["G-A", "DAY-A", "BULK-A", "FP-A", "G-B", "DAY-B", "BULK-B", "FP-B"]}  # fmt: skip
    report = check(variant(BASE_2N, no_generators))
    finding = rule(report, "R4")
    assert finding.details[0] == "no_generator"
    assert "RACKS-1: utility_only" in finding.details
    assert report.site_tier == 0
    assert rule(report, "R6").status is RuleStatus.NOT_APPLICABLE


def test_r5_standby_rating_limits_the_electrical_tier() -> None:
    report = check(variant(BASE_2N, {"update_elements": [{"id": "G-A", "rating_type": "standby"}]}))
    assert rule(report, "R5").elements == ["G-A"]
    assert report.points_of_failure == []  # the topology itself is concurrently maintainable
    assert tiers(report)["electrical"] == 2 and report.site_tier == 2


def test_r6_fuel_short_with_one_tank_out_names_the_tank() -> None:
    small = {
        "update_elements": [
            {"id": "BULK-A", "volume_l": 600},
            {"id": "BULK-B", "volume_l": 600},
            {"id": "DAY-A", "volume_l": 100},
            {"id": "DAY-B", "volume_l": 100},
        ]
    }
    report = check(variant(BASE_2N, small))
    assert report.fuel_hours == pytest.approx(1400 / 105.5, abs=0.01)  # 13.3 h: Tier I holds
    finding = rule(report, "R6")
    # Each side's tanks, pump and generator, and the boards that power its transfer pump:
    # with any of them out that side's fuel is stranded.
    assert {"BULK-A", "DAY-A", "FP-A", "G-A", "MB-A", "BULK-B", "MB-B"} <= set(finding.elements)
    assert tiers(report)["fuel"] == 1  # the transfer pumps are capacity components


def test_r6_edge_two_24_hour_tanks_are_24_hours_not_48() -> None:
    # Two tanks of 24 h each, both feeding both generators; the design asks for 30 h.
    shared = {
        "remove_elements": ["DAY-A", "DAY-B", "FP-A", "FP-B"],
        "update_elements": [{"id": "BULK-A", "volume_l": 2520}, {"id": "BULK-B", "volume_l": 2520}],
        "add_connections": [{"from": "BULK-A", "to": ["G-A", "G-B"]}, {"from": "BULK-B", "to": ["G-A", "G-B"]}],
    }  # fmt: skip
    topology = variant(BASE_2N, shared)
    assert rule(check(topology), "R6").status is MET
    strict = topology.model_copy(
        update={"design": topology.design.model_copy(update={"fuel_hours_min": 30})}
    )
    report = check(strict)
    assert report.fuel_hours == pytest.approx(48, abs=0.1)
    assert rule(report, "R6").elements == ["BULK-A", "BULK-B"]
    assert rule(report, "R6").details == []  # 48 h with both: only the removal falls short


def test_r6_not_enough_fuel_at_all_is_below_tier_i() -> None:
    tiny = {"update_elements": [{"id": t, "volume_l": 100} for t in ("BULK-A", "BULK-B", "DAY-A", "DAY-B")]}  # fmt: skip
    report = check(variant(BASE_2N, tiny))
    assert rule(report, "R6").details == ["baseline:3.8"]
    assert tiers(report)["fuel"] == 0


def test_r7_one_shared_day_tank_fails_naming_it() -> None:
    shared = {
        "remove_elements": ["DAY-B"],
        "add_connections": [{"from": "DAY-A", "to": "G-B"}, {"from": "FP-B", "to": "DAY-A", "medium": "fuel"}],
    }  # fmt: skip
    report = check(variant(BASE_2N, shared))
    assert rule(report, "R7").elements == ["DAY-A"]
    assert tiers(report)["fuel"] == 2 and tiers(report)["electrical"] == 3
    assert rule(check(model()), "R7").status is MET


def test_r8_makeup_water_meets_with_two_tanks_and_fails_with_one() -> None:
    report = check(model(BASE_CHW))
    assert rule(report, "R8").status is MET and report.site_tier == 3
    assert report.makeup_water_hours == pytest.approx(25)
    one_tank = check(variant(BASE_CHW, {"remove_elements": ["WT-2"], "update_elements": [{"id": "WT-1", "volume_l": 5000}]}))  # fmt: skip
    assert rule(one_tank, "R8").elements == ["WT-1"]
    assert one_tank.makeup_water_hours == pytest.approx(25)
    assert tiers(one_tank)["makeup_water"] == 2


def test_r8_does_not_apply_without_evaporative_cooling() -> None:
    assert rule(check(model()), "R8").status is RuleStatus.NOT_APPLICABLE


def test_r8_public_water_earns_no_credit() -> None:
    city = {
        "remove_elements": ["WT-1", "WT-2"],
        "add_elements": [{"id": "CITY", "kind": "water_utility"}],
        "add_connections": [{"from": "CITY", "to": ["MWP-1", "MWP-2"]}],
    }
    report = check(variant(BASE_CHW, city))
    assert report.makeup_water_hours == 0
    assert tiers(report)["makeup_water"] == 0


def test_r9_the_weakest_subsystem_sets_the_site() -> None:
    shared = {
        "remove_elements": ["DAY-B"],
        "add_connections": [{"from": "DAY-A", "to": "G-B"}, {"from": "FP-B", "to": "DAY-A", "medium": "fuel"}],
    }  # fmt: skip
    report = check(variant(BASE_2N, shared))
    assert report.site_tier == 2
    assert rule(report, "R9").elements == ["fuel"]
    assert rule(check(model()), "R9").status is MET


def test_edge_n_plus_1_modules_in_one_ups_frame_share_its_bus() -> None:
    frame = {
        "remove_elements": ["UPS-B", "UPSBUS-B", "BAT-B", "UPS-A"],
        "add_elements": [
            {"id": f"UPS-M{i}", "kind": "ups_module", "rating_kw": 150} for i in (1, 2, 3)
        ],
        "add_connections": [
            {"from": "MSB-A", "to": ["UPS-M1", "UPS-M2", "UPS-M3"]},
            {"from": "MSB-B", "to": ["UPS-M1", "UPS-M2", "UPS-M3"]},
            {"from": "BAT-A", "to": ["UPS-M1", "UPS-M2", "UPS-M3"]},
            {"from": "UPS-M1", "to": "UPSBUS-A"},
            {"from": "UPS-M2", "to": "UPSBUS-A"},
            {"from": "UPS-M3", "to": "UPSBUS-A"},
            {"from": "UPSBUS-A", "to": ["PDU-B1", "PDU-B2"]},
        ],
    }
    report = check(variant(BASE_2N, frame))
    ups = next(g for g in report.capacity if g.stage == "ups_module")
    assert (ups.n, ups.redundancy) == (2, "N+1")
    assert rule(report, "R1").status is MET  # any one module out still leaves N
    assert "UPSBUS-A" in rule(report, "R2").elements  # ...but the frame's bus is one element
    assert tiers(report)["electrical"] == 2


def test_edge_tier_iii_needs_no_second_active_path_nor_compartments() -> None:
    # CU-3 hangs on a transfer switch whose second feed is normally idle; nothing is
    # compartmentalised and switching is manual. Tier III asks for none of that.
    report = check(model())
    assert report.site_tier == 3 and report.tier_iv == "not_assessed"


def test_edge_single_controller_without_manual_mode_is_a_path_element() -> None:
    plc = {
        "add_elements": [{"id": "PLC", "kind": "controller"}],
        "add_connections": [{"from": "MB-A", "to": "PLC"}, {"from": "PLC", "to": ["CH-1", "CH-2"]}],
    }
    report = check(variant(BASE_CHW, plc))
    assert rule(report, "R2").elements == ["MB-A", "PLC"] or "PLC" in rule(report, "R2").elements
    assert tiers(report)["controls"] == 2
    manual = variant(BASE_CHW, {**plc, "add_elements": [{"id": "PLC", "kind": "controller", "manual_mode": True}]})  # fmt: skip
    assert rule(check(manual), "R2").status is MET


def test_edge_isolating_a_valve_takes_its_pipe_section_with_it() -> None:
    valve = {
        "remove_connections": [{"from": "HDR-B", "to": "CRAH-1"}, {"from": "HDR-B", "to": "CRAH-2"}],
        "add_elements": [{"id": "V-1", "kind": "valve", "isolates_with": ["HDR-A"]}],
        "add_connections": [{"from": "HDR-A", "to": "V-1"}, {"from": "V-1", "to": ["CRAH-1", "CRAH-2"]}],
    }  # fmt: skip
    report = check(variant(BASE_CHW, valve))
    assert {"HDR-A", "V-1"} <= set(rule(report, "R2").elements)
