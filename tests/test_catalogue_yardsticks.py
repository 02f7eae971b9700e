"""Integrity of the shipped catalogue's yardsticks, and described facilities scored against it.

These tests name shipped criteria on purpose: they pin the corrections an Uptime or TIA assessor
asked for (which rule counts for which yardstick, at which level), so a later edit cannot quietly
undo one.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    ChoiceAnswer,
    Comparator,
    EvidenceIndex,
    MeasuredAnswer,
    ScoringSettings,
    SiteProfile,
    YardstickKind,
    YardstickVerdict,
)
from tierassess.core.scoring import score_assessment
from tierassess.storage.catalogue import load_checklist

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped() -> Checklist:
    return load_checklist(REPO / "checklists")


def _yardsticks_of(checklist: Checklist, criterion_id: str) -> set[str]:
    return {rule.yardstick for rule in checklist.criterion(criterion_id).counts_for}


def test_four_yardsticks_and_the_uptime_topology_is_the_headline(shipped: Checklist) -> None:
    yardsticks = {y.id: y for y in shipped.header.yardsticks}
    assert list(yardsticks) == ["uptime-topology", "uptime-os", "tia-942", "vn-legal"]
    assert [y.id for y in shipped.header.yardsticks if y.primary] == ["uptime-topology"]
    assert yardsticks["uptime-topology"].subsystems == ["electrical", "mechanical"]
    assert yardsticks["tia-942"].subsystems == [
        "telecommunications",
        "architectural",
        "electrical",
        "mechanical",
    ]
    assert yardsticks["vn-legal"].kind is YardstickKind.PASS_FAIL
    requirement = yardsticks["uptime-topology"].requires[0]
    assert (requirement.condition.field, requirement.level) == ("has_generators", 1)


def test_carriers_fire_security_and_permits_do_not_rate_the_uptime_topology(
    shipped: Checklist,
) -> None:
    for criterion in shipped.criteria:
        if criterion.domain in ("telecom", "fire", "security", "site", "infosec", "operations"):
            assert "uptime-topology" not in _yardsticks_of(shipped, criterion.id), criterion.id
    for carrier in (
        "TEL-AP-01",
        "TEL-ENT-01",
        "TEL-BB-01",
        "TEL-NET-01",
        "TEL-NET-02",
        "CMT-TEL-01",
    ):
        rule = shipped.criterion(carrier).rule("tia-942")
        assert rule is not None and (rule.level, rule.must_pass) == (3, True), carrier
    for permit in ("FIR-ACC-01", "ISC-LVL-01", "SIT-PRM-01"):
        assert _yardsticks_of(shipped, permit) == {"vn-legal"}, permit
    for fire_or_access in ("FIR-SUP-01", "FIR-SUP-02", "SEC-ACC-01"):
        assert _yardsticks_of(shipped, fire_or_access) == {"tia-942"}, fire_or_access


def test_isolation_records_are_operations_not_topology(shipped: Checklist) -> None:
    assert _yardsticks_of(shipped, "CMT-PRG-01") == {"uptime-os"}
    assert _yardsticks_of(shipped, "OPS-CAP-01") == {"uptime-os"}
    # an element not yet tested, but isolatable on the drawings, counts for the Topology
    rule = shipped.criterion("CMT-SWG-01").rule("uptime-topology")
    assert rule is not None
    spec = rule.threshold_at(3)
    assert spec is not None and "not_tested" in (spec.met_options or [])
    assert "cannot_isolate" not in (spec.met_options or [])


def test_generator_and_fuel_requirements_cannot_be_marked_away(shipped: Checklist) -> None:
    for criterion_id in ("PWR-GEN-01", "PWR-GEN-08", "PWR-GEN-09", "PWR-FUEL-01", "PWR-FUEL-06"):
        rule = shipped.criterion(criterion_id).rule("uptime-topology")
        assert rule is not None and not rule.not_applicable_allowed, criterion_id


def test_per_tier_thresholds_of_generators_and_fuel(shipped: Checklist) -> None:
    generators = shipped.criterion("PWR-GEN-01").rule("uptime-topology")
    assert generators is not None and generators.level == 1
    assert [generators.threshold_at(t).threshold for t in (1, 2, 3)] == [0, 1, 1]  # type: ignore[union-attr]
    fuel_total = shipped.criterion("PWR-FUEL-06")
    assert fuel_total.min_tier == 1 and isinstance(fuel_total.answer, MeasuredAnswer)
    assert fuel_total.answer.threshold == 12
    tia = fuel_total.rule("tia-942")
    assert tia is not None and tia.threshold_at(3) is not None
    assert (tia.threshold_at(3).threshold, tia.unverified_at(3)) == (72, True)  # type: ignore[union-attr]
    fuel_element_out = shipped.criterion("PWR-FUEL-01").rule("uptime-topology")
    assert fuel_element_out is not None and fuel_element_out.level == 3


def test_option_wording_cannot_flip_a_verdict(shipped: Checklist) -> None:
    cooling_power = shipped.criterion("CLG-PWR-02").answer
    assert isinstance(cooling_power, ChoiceAnswer)
    results = {o.id: o.result for o in cooling_power.options}
    assert results["split_short"] == "not_met"
    met_label = next(o for o in cooling_power.options if o.result == "met").label
    assert not met_label.en.lower().startswith("split") and "leaves N" in met_label.en
    controls = shipped.criterion("CLG-CTL-01")
    assert isinstance(controls.answer, ChoiceAnswer)
    assert {o.id: o.result for o in controls.answer.options}["manual_fallback"] == "met"
    tier_four = controls.rule("uptime-topology").threshold_at(4)  # type: ignore[union-attr]
    assert tier_four is not None and tier_four.met_options == ["distributed_or_redundant"]
    ups = shipped.criterion("PWR-UPS-01").answer
    assert isinstance(ups, ChoiceAnswer)
    assert {o.id: o.result for o in ups.options}["n_plus_1_common_frame"] == "met"
    for switch in ("PWR-ATS-01", "CMT-ATS-01"):
        assert "point-of-use" in shipped.criterion(switch).requirement.en, switch


def test_the_design_ambient_is_the_sites(shipped: Checklist) -> None:
    ambient = shipped.criterion("CLG-AMB-01").answer
    assert isinstance(ambient, MeasuredAnswer) and ambient.threshold_from == "extreme_dry_bulb_c"


def test_the_missing_checks_are_there(shipped: Checklist) -> None:
    added = {
        "CLG-CW-01": "uptime-topology",  # condenser water, basins, equalisers
        "CLG-CAP-01": "uptime-topology",  # largest unit out: chillers, towers, pumps
        "PWR-TRF-01": "uptime-topology",  # transformers as path elements
        "PWR-GEN-09": "uptime-topology",  # the rating used for the N count
        "PWR-FUEL-07": "uptime-topology",  # bulk-tank isolation, fuel returns
        "CLG-SUP-01": "uptime-topology",  # cooling of UPS, battery and electrical rooms
        "CLG-WTR-03": "uptime-topology",  # water for adiabatic air-cooled plant
        "PWR-DIST-04": "uptime-topology",  # where A and B converge
    }
    for criterion_id, yardstick in added.items():
        assert yardstick in _yardsticks_of(shipped, criterion_id), criterion_id
    assert shipped.criterion("OPS-CLM-01").counts_for == []  # a record, rated by no yardstick


# --- described facilities scored against the shipped catalogue ----------------------------------


def _met(criterion: Any) -> dict[str, Any]:
    spec = criterion.answer
    if isinstance(spec, MeasuredAnswer):
        margin = 1 if spec.comparator in (Comparator.GE, Comparator.GT) else -1
        value = spec.threshold + margin * max(abs(spec.threshold) * 0.25, 1)
        if spec.plausible_max is not None:
            value = min(value, spec.plausible_max)
        return {"result": "met", "value": max(value, spec.plausible_min)}
    if isinstance(spec, ChoiceAnswer):
        return {"result": "met", "choice": next(o.id for o in spec.options if o.result == "met")}
    return {"result": "met"}


def _facility(
    checklist: Checklist, target: int = 3, **changes: dict[str, Any]
) -> dict[str, YardstickVerdict]:
    profile = SiteProfile(
        id="described",
        name="Described facility",
        operator="Assessor",
        address="Quảng Ngãi",
        cooling_technology="chilled_water_air_cooled",  # type: ignore[arg-type]
        design_it_load_kw=300,
        target_tier=target,
    )
    answers = {c.id: _met(c) for c in checklist.applicable(profile)}
    # TIA's (unverified) Rated-3 figures: the facility meets them unless told otherwise
    answers["PWR-FUEL-06"] = {"result": "met", "value": 80}
    answers.update({k.replace("_", "-"): v for k, v in changes.items()})
    assessment = Assessment(
        site=profile,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        answers={k: Answer.model_validate(v) for k, v in answers.items()},
    )
    card = score_assessment(
        checklist,
        assessment,
        EvidenceIndex(),
        ScoringSettings(as_of=date(2026, 1, 1), unverified_counts_as_met=True),
    )
    return {v.yardstick: v for v in card.yardsticks}


def _levels(verdicts: dict[str, YardstickVerdict]) -> dict[str, object]:
    return {k: v.passed if v.level is None else v.level for k, v in verdicts.items()}


def test_a_facility_meeting_everything(shipped: Checklist) -> None:
    assert _levels(_facility(shipped)) == {
        "uptime-topology": 3,
        "uptime-os": 3,
        "tia-942": 3,
        "vn-legal": True,
    }


def test_one_carrier_meets_uptime_tier_iii_but_not_tia_rated_3(shipped: Checklist) -> None:
    verdicts = _facility(shipped, TEL_AP_01={"result": "not_met", "value": 1})
    assert _levels(verdicts)["uptime-topology"] == 3
    assert (verdicts["tia-942"].level, verdicts["tia-942"].decided_by) == (2, ["TEL-AP-01"])


def test_a_missing_fire_acceptance_fails_only_the_legal_list(shipped: Checklist) -> None:
    verdicts = _facility(shipped, FIR_ACC_01={"result": "not_met", "choice": "none"})
    assert _levels(verdicts) == {
        "uptime-topology": 3,
        "uptime-os": 3,
        "tia-942": 3,
        "vn-legal": False,
    }
    assert verdicts["vn-legal"].decided_by == ["FIR-ACC-01"]


TIER_TWO = {
    "PWR_DIST_01": {"result": "not_met", "choice": "single_path"},
    "PWR_DIST_02": {"result": "not_met", "value": 0},
    "PWR_SWG_01": {"result": "not_met", "choice": "single_board"},
    "PWR_FUEL_01": {"result": "not_met", "value": 0},  # one tank: nothing left with it out
    "PWR_FUEL_06": {"result": "met", "value": 14},  # 14 h in that tank
    "PWR_GEN_02": {"result": "not_met", "choice": "esp_or_ltp"},  # standby rating: Tier I/II only
    "PWR_GEN_09": {"result": "not_met", "choice": "standby_rating_derated"},
    "CLG_CTL_01": {"result": "not_met", "choice": "central_spof"},
}
TIER_ONE = {
    **TIER_TWO,
    "PWR_GEN_01": {"result": "not_met", "value": 0},  # one adequate generator
    "PWR_UPS_01": {"result": "not_met", "choice": "n_only"},
    "CLG_UNIT_01": {"result": "not_met", "value": 0},
    "CLG_CHW_01": {"result": "not_met", "value": 0},
    "CLG_SUP_01": {"result": "not_met", "choice": "n_only"},
}


def test_a_facility_built_to_tier_ii_rates_tier_ii(shipped: Checklist) -> None:
    topology = _facility(shipped, **TIER_TWO)["uptime-topology"]
    assert topology.level == 2
    assert {"PWR-DIST-01", "PWR-FUEL-01", "PWR-GEN-02", "PWR-SWG-01"} <= set(topology.decided_by)
    assert _facility(shipped, target=2, **TIER_TWO)["uptime-topology"].passed


def test_a_facility_built_to_tier_i_rates_tier_i(shipped: Checklist) -> None:
    topology = _facility(shipped, **TIER_ONE)["uptime-topology"]
    assert topology.level == 1
    assert {"PWR-GEN-01", "PWR-UPS-01", "CLG-UNIT-01", "CLG-SUP-01"} <= set(topology.decided_by)
    assert _facility(shipped, target=1, **TIER_ONE)["uptime-topology"].passed


def test_eight_hours_of_fuel_is_below_tier_i_at_every_tier(shipped: Checklist) -> None:
    topology = _facility(shipped, PWR_FUEL_06={"result": "not_met", "value": 8})["uptime-topology"]
    assert (topology.level, topology.decided_by) == (0, ["PWR-FUEL-06"])


def test_a_site_without_generators_cannot_be_tier_iii(shipped: Checklist) -> None:
    na = {"result": "not_applicable", "justification": "no generators on site"}
    names = ("PWR_GEN_01", "PWR_GEN_02", "PWR_GEN_08", "PWR_GEN_09", "PWR_FUEL_01", "PWR_FUEL_06")
    verdicts = _facility(shipped, **dict.fromkeys(names, na))
    assert verdicts["uptime-topology"].level == 0
    assert {b.criterion_id for b in verdicts["uptime-topology"].blockers} >= {
        "PWR-GEN-01",
        "PWR-FUEL-06",
    }


def test_no_profile_answer_scopes_out_a_blocking_topology_rule(shipped: Checklist) -> None:
    # Which cooling technology a site has legitimately chooses its criteria; whether it has
    # generators must not: the yardstick requires them (Yardstick.requires) instead.
    for criterion in shipped.criteria:
        rule = criterion.rule("uptime-topology")
        if rule is not None and rule.must_pass:
            fields = {condition.field for condition in criterion.applies_if}
            assert fields <= {"cooling_technology"}, (criterion.id, fields)
