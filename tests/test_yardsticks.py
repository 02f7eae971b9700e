"""Each yardstick's own verdict, hand-worked on a small inline catalogue of described facilities.

The catalogue below has four yardsticks like the shipped one (an Uptime-like Topology that needs
generators, Operational Sustainability, a TIA-like rating with telecommunications, and a legal
pass/fail list); its criteria are made up for the tests, so the figures can be worked by hand.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tierassess.core.models import (
    Answer,
    Assessment,
    BlockReason,
    Checklist,
    ChecklistHeader,
    Criterion,
    EvidenceIndex,
    Scorecard,
    ScoringSettings,
    SiteProfile,
    YardstickVerdict,
)
from tierassess.core.scoring import score_assessment, score_yardsticks

AS_OF = date(2025, 1, 1)
TOPO, OS, TIA, LEGAL = "topology", "operations-os", "tia", "legal"


def text(words: str) -> dict[str, str]:
    return {"vi": f"{words} (vi)", "en": words}


HEADER = ChecklistHeader.model_validate(
    {
        "kind": "checklist",
        "id": "tier3",
        "version": "1.0.0",
        "title": text("Yardstick test checklist"),
        "disclaimer": text("Readiness only."),
        "standards": [{"id": "std", "publisher": "P", "title": text("Standard")}],
        "subsystems": [
            {"id": s, "title": text(s)}
            for s in (
                "electrical",
                "mechanical",
                "telecommunications",
                "architectural",
                "operations",
            )
        ],
        "domains": [
            {"id": "power", "code": "PWR", "title": text("Power")},
            {"id": "cooling", "code": "CLG", "title": text("Cooling")},
            {"id": "telecom", "code": "TEL", "title": text("Telecom")},
            {"id": "fire", "code": "FIR", "title": text("Fire")},
            {"id": "operations", "code": "OPS", "title": text("Operations")},
        ],
        "yardsticks": [
            {
                "id": TOPO,
                "kind": "tier",
                "primary": True,
                "title": text("Topology"),
                "level_name": text("Tier {roman}"),
                "subsystems": ["electrical", "mechanical"],
                "requires": [
                    {
                        "condition": {"field": "has_generators", "op": "eq", "value": True},
                        "level": 1,
                        "message": text("No Tier without on-site generation"),
                    }
                ],
            },
            {
                "id": OS,
                "kind": "tier",
                "title": text("Operational Sustainability"),
                "level_name": text("Tier {roman} operations"),
                "subsystems": ["operations"],
            },
            {
                "id": TIA,
                "kind": "tier",
                "title": text("TIA"),
                "level_name": text("Rated-{n}"),
                "subsystems": ["telecommunications", "architectural", "electrical", "mechanical"],
            },
            {"id": LEGAL, "kind": "pass_fail", "title": text("Legal prerequisites")},
        ],
    }
)

DOMAIN = {"PWR": "power", "CLG": "cooling", "TEL": "telecom", "FIR": "fire", "OPS": "operations"}
SUBSYSTEM = {
    "PWR": "electrical",
    "CLG": "mechanical",
    "TEL": "telecommunications",
    "FIR": "architectural",
    "OPS": "operations",
}


def measured(unit: str, comparator: str, threshold: float, **more: Any) -> dict[str, Any]:
    return {
        "kind": "measured",
        "unit": unit,
        "comparator": comparator,
        "threshold": threshold,
        **more,
    }


def choice(**options: str) -> dict[str, Any]:
    return {
        "kind": "choice",
        "options": [{"id": k, "label": text(k), "result": v} for k, v in options.items()],
    }


def crit(
    cid: str, counts_for: list[dict[str, Any]], answer: dict[str, Any] | None = None
) -> Criterion:
    prefix = cid.split("-")[0]
    levels = [rule.get("level", 1) for rule in counts_for] or [1]
    return Criterion.model_validate(
        {
            "id": cid,
            "domain": DOMAIN[prefix],
            "subsystem": SUBSYSTEM[prefix],
            "min_tier": min(levels),
            "title": text(cid),
            "requirement": text("Requirement"),
            "guidance": text("Guidance"),
            "answer": answer or {"kind": "yes_no"},
            "severity": "critical",
            "must_pass": any(rule.get("must_pass", True) for rule in counts_for),
            "references": [{"standard": "std", "clause": "1"}],
            "remediation": {"action": text("Fix"), "cost_band": "S", "duration_weeks": 4},
            "counts_for": counts_for,
        }
    )


NO_GEN_NA = {"not_applicable_allowed": False}
CRITERIA = [
    # generators: N at Tier I, N+1 from Tier II (redundant sets beyond N)
    crit(
        "PWR-GEN-01",
        [
            {
                "yardstick": TOPO,
                "thresholds": {1: {"threshold": 0}, 2: {"threshold": 1}},
                **NO_GEN_NA,
            },
            {"yardstick": TIA, "thresholds": {1: {"threshold": 0}, 2: {"threshold": 1}}},
        ],
        measured("sets", ">=", 1),
    ),
    # fuel counted without a tank out (Tier I/II), TIA's own (unverified) figures per rating
    crit(
        "PWR-FUEL-06",
        [
            {"yardstick": TOPO, **NO_GEN_NA},
            {
                "yardstick": TIA,
                "verified": False,
                "thresholds": {
                    1: {"threshold": 8, "verified": False},
                    2: {"threshold": 24, "verified": False},
                    3: {"threshold": 72, "verified": False},
                },
            },
        ],
        measured("h", ">=", 12),
    ),
    # fuel with any fuel element out: Tier III
    crit("PWR-FUEL-01", [{"yardstick": TOPO, "level": 3, **NO_GEN_NA}], measured("h", ">=", 12)),
    crit(
        "PWR-UPS-01",
        [{"yardstick": TOPO, "level": 2}, {"yardstick": TIA, "level": 2}],
        choice(two_n="met", n_plus_1="met", n_only="not_met"),
    ),
    crit("PWR-DIST-01", [{"yardstick": TOPO, "level": 3}, {"yardstick": TIA, "level": 3}]),
    crit(
        "CLG-CTL-01",
        [{"yardstick": TOPO, "level": 3, "thresholds": {4: {"met_options": ["autonomous"]}}}],
        choice(autonomous="met", manual_rehearsed="met", central_spof="not_met"),
    ),
    crit(
        "CLG-AMB-01",
        [{"yardstick": TOPO, "level": 3}],
        measured("°C", ">=", 41.4, partial_threshold=38, threshold_from="extreme_dry_bulb_c"),
    ),
    crit("TEL-AP-01", [{"yardstick": TIA, "level": 3}], measured("providers", ">=", 2)),
    crit("FIR-ACC-01", [{"yardstick": LEGAL}]),
    crit("OPS-STF-01", [{"yardstick": OS, "level": 3}], measured("persons", ">=", 2)),
    crit("OPS-QNG-01", [{"yardstick": LEGAL, "must_pass": False}]),
]
CHECKLIST = Checklist(header=HEADER, criteria=CRITERIA)

# A facility that meets every yardstick at Tier III / Rated-3.
FULL: dict[str, dict[str, Any]] = {
    "PWR-GEN-01": {"result": "met", "value": 1},
    "PWR-FUEL-06": {"result": "met", "value": 96},
    "PWR-FUEL-01": {"result": "met", "value": 48},
    "PWR-UPS-01": {"result": "met", "choice": "two_n"},
    "PWR-DIST-01": {"result": "met"},
    "CLG-CTL-01": {"result": "met", "choice": "autonomous"},
    "CLG-AMB-01": {"result": "met", "value": 43},
    "TEL-AP-01": {"result": "met", "value": 2},
    "FIR-ACC-01": {"result": "met"},
    "OPS-STF-01": {"result": "met", "value": 2},
    "OPS-QNG-01": {"result": "met"},
}


def site(answers: dict[str, dict[str, Any]], target: int = 3, **profile: Any) -> Assessment:
    data: dict[str, Any] = {
        "id": "test-dc",
        "name": "Test DC",
        "operator": "Operator",
        "address": "Quảng Ngãi",
        "cooling_technology": "dx_air_cooled",
        "design_it_load_kw": 200,
        "target_tier": target,
        **profile,
    }
    return Assessment(
        site=SiteProfile.model_validate(data),
        checklist_id="tier3",
        checklist_version="1.0.0",
        answers={k: Answer.model_validate(v) for k, v in answers.items()},
    )


def with_answers(**changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {**FULL, **{k.replace("_", "-"): v for k, v in changes.items()}}


def card(answers: dict[str, dict[str, Any]], target: int = 3, **profile: Any) -> Scorecard:
    return score_assessment(
        CHECKLIST, site(answers, target, **profile), EvidenceIndex(), ScoringSettings(as_of=AS_OF)
    )


def by_id(scorecard: Scorecard) -> dict[str, YardstickVerdict]:
    return {v.yardstick: v for v in scorecard.yardsticks}


def levels(scorecard: Scorecard) -> dict[str, int | bool | None]:
    return {v.yardstick: (v.passed if v.level is None else v.level) for v in scorecard.yardsticks}


# --- the yardsticks disagree, or agree -----------------------------------------------------------


def test_a_facility_that_meets_every_yardstick() -> None:
    result = card(FULL)
    assert levels(result) == {TOPO: 3, OS: 3, TIA: 3, LEGAL: True}
    assert all(v.passed and not v.blockers for v in result.yardsticks)
    assert (result.facility_tier, result.meets_target, result.primary_yardstick) == (3, True, TOPO)
    assert by_id(result)[TOPO].capped_by == "target"


def test_one_carrier_meets_uptime_tier_iii_but_not_tia_rated_3() -> None:
    result = card(with_answers(TEL_AP_01={"result": "not_met", "value": 1}))
    assert levels(result) == {TOPO: 3, OS: 3, TIA: 2, LEGAL: True}
    tia = by_id(result)[TIA]
    assert (tia.decided_by, tia.capped_by, tia.passed) == (["TEL-AP-01"], "blockers", False)
    assert [(s.subsystem, s.level) for s in tia.subsystems] == [
        ("telecommunications", 2),
        ("electrical", 3),
    ]
    # the headline follows the Uptime Topology, which does not rate carriers
    assert (result.facility_tier, result.meets_target) == (3, True)


def test_a_missing_fire_acceptance_fails_only_the_legal_list() -> None:
    result = card(with_answers(FIR_ACC_01={"result": "not_met"}))
    assert levels(result) == {TOPO: 3, OS: 3, TIA: 3, LEGAL: False}
    legal = by_id(result)[LEGAL]
    assert (legal.decided_by, legal.level, legal.kind.value) == (["FIR-ACC-01"], None, "pass_fail")
    assert result.facility_tier == 3


def test_a_non_blocking_legal_item_is_counted_but_does_not_fail_the_list() -> None:
    legal = by_id(card(with_answers(OPS_QNG_01={"result": "not_met"})))[LEGAL]
    assert (legal.passed, legal.criteria, legal.readiness) == (True, 2, 0.5)


def test_operational_sustainability_never_caps_the_topology() -> None:
    result = card(with_answers(OPS_STF_01={"result": "not_met", "value": 0}))
    assert levels(result) == {TOPO: 3, OS: 2, TIA: 3, LEGAL: True}
    assert (result.facility_tier, result.meets_target) == (3, True)


# --- facilities built to Tier I and Tier II reach exactly that -----------------------------------


TIER_ONE = with_answers(
    PWR_GEN_01={"result": "not_met", "value": 0},  # N sets, no redundant one
    PWR_FUEL_06={"result": "met", "value": 14},  # 14 h in total: two 7 h tanks
    PWR_FUEL_01={"result": "not_met", "value": 7},  # 7 h with a tank out
    PWR_UPS_01={"result": "not_met", "choice": "n_only"},
    PWR_DIST_01={"result": "not_met"},
    CLG_CTL_01={"result": "not_met", "choice": "central_spof"},
)
TIER_TWO = {
    **TIER_ONE,
    "PWR-GEN-01": {"result": "met", "value": 1},
    "PWR-UPS-01": {"result": "met", "choice": "n_plus_1"},
}


def test_a_facility_built_to_tier_i_rates_tier_i() -> None:
    topology = by_id(card(TIER_ONE))[TOPO]
    assert (topology.level, topology.capped_by) == (1, "blockers")
    assert topology.decided_by == ["PWR-GEN-01", "PWR-UPS-01"]  # why Tier I: no N+1
    assert [(b.criterion_id, b.level) for b in topology.blockers] == [
        ("PWR-GEN-01", 2),
        ("PWR-UPS-01", 2),
        ("CLG-CTL-01", 3),
        ("PWR-DIST-01", 3),
        ("PWR-FUEL-01", 3),
    ]
    aimed_at_one = card(TIER_ONE, target=1)
    assert (aimed_at_one.facility_tier, aimed_at_one.meets_target) == (1, True)


def test_a_facility_built_to_tier_ii_rates_tier_ii() -> None:
    topology = by_id(card(TIER_TWO))[TOPO]
    assert (topology.level, topology.decided_by) == (
        2,
        ["CLG-CTL-01", "PWR-DIST-01", "PWR-FUEL-01"],
    )
    assert card(TIER_TWO, target=2).meets_target


def test_eight_hours_of_fuel_is_below_tier_i_and_says_why() -> None:
    topology = by_id(card(with_answers(PWR_FUEL_06={"result": "not_met", "value": 8})))[TOPO]
    assert (topology.level, topology.decided_by) == (0, ["PWR-FUEL-06"])


def test_tia_fuel_figures_per_rating_are_flagged_unverified() -> None:
    result = card(with_answers(PWR_FUEL_06={"result": "met", "value": 30}))
    tia = by_id(result)[TIA]
    assert (tia.level, tia.decided_by) == (2, ["PWR-FUEL-06"])  # 30 h: Rated-2 (24 h), not 72 h
    assert tia.blockers[0].unverified_rule and "PWR-FUEL-06" in tia.unverified_rules
    assert by_id(result)[TOPO].level == 3  # Uptime's 12 h minimum is met


def test_manual_control_fallback_is_enough_for_tier_iii_not_tier_iv() -> None:
    manual = with_answers(CLG_CTL_01={"result": "met", "choice": "manual_rehearsed"})
    assert by_id(card(manual))[TOPO].level == 3
    tier_four = by_id(card(manual, target=4))[TOPO]
    assert [(b.criterion_id, b.level) for b in tier_four.blockers] == [("CLG-CTL-01", 4)]


# --- "not applicable" no longer removes a requirement --------------------------------------------


NA = {"result": "not_applicable", "justification": "no generators here"}
ACCEPTED = {"verdict": "accepted", "reviewer": "Auditor", "at": datetime(2025, 1, 1, tzinfo=UTC)}


def test_a_site_without_generators_marked_not_applicable_is_not_tier_iii() -> None:
    answers = with_answers(PWR_GEN_01=NA, PWR_FUEL_06=NA, PWR_FUEL_01=NA)
    result = card(answers, has_generators=False)
    topology = by_id(result)[TOPO]
    assert (topology.level, topology.capped_by, result.facility_tier) == (0, "blockers", 0)
    assert topology.profile_problems == ["has_generators"]
    reasons = {b.criterion_id: b.reason for b in topology.blockers}
    assert reasons == {
        "PWR-GEN-01": BlockReason.NA_NOT_ALLOWED,
        "PWR-FUEL-06": BlockReason.NA_NOT_ALLOWED,
        "PWR-FUEL-01": BlockReason.NA_NOT_ALLOWED,
        "profile:has_generators": BlockReason.PROFILE,
    }
    # even an auditor's acceptance cannot remove a requirement of the standard itself
    accepted = {**NA, "review": ACCEPTED}
    again = card(with_answers(PWR_GEN_01=accepted), has_generators=False)
    assert by_id(again)[TOPO].level == 0


def test_the_profile_alone_makes_every_uptime_tier_impossible() -> None:
    topology = by_id(card(FULL, has_generators=False))[TOPO]
    assert (topology.level, topology.capped_by, topology.decided_by) == (
        0,
        "profile",
        ["profile:has_generators"],
    )


def test_not_applicable_on_a_must_pass_rule_blocks_until_an_auditor_accepts_it() -> None:
    pending = with_answers(PWR_DIST_01={"result": "not_applicable", "justification": "n/a"})
    topology = by_id(card(pending))[TOPO]
    assert [(b.criterion_id, b.reason) for b in topology.blockers] == [
        ("PWR-DIST-01", BlockReason.NA_UNACCEPTED)
    ]
    accepted = with_answers(
        PWR_DIST_01={"result": "not_applicable", "justification": "n/a", "review": ACCEPTED}
    )
    assert by_id(card(accepted))[TOPO].level == 3


# --- site design conditions ----------------------------------------------------------------------


def test_the_design_ambient_comes_from_the_site_profile() -> None:
    answers = with_answers(CLG_AMB_01={"result": "met", "value": 40})
    default_site = by_id(card(answers))[TOPO]  # Quảng Ngãi default: 41.4 °C
    assert [(b.criterion_id, b.reason) for b in default_site.blockers] == [
        ("CLG-AMB-01", BlockReason.PARTIAL)
    ]
    upland = by_id(card(answers, design={"extreme_dry_bulb_c": 39.5}))[TOPO]
    assert (upland.level, upland.blockers) == (3, [])
    hotter = by_id(card(answers, design={"extreme_dry_bulb_c": 45}))[TOPO]
    assert [(b.criterion_id, b.reason) for b in hotter.blockers] == [
        ("CLG-AMB-01", BlockReason.NOT_MET)  # 40 is below 45 - 3.4
    ]


def test_a_recorded_answer_is_judged_against_the_sites_design_ambient() -> None:
    from tierassess.storage.answers import record_answer

    ambient = next(c for c in CRITERIA if c.id == "CLG-AMB-01")
    upland = site({}, design={"extreme_dry_bulb_c": 39.5})
    assert record_answer(upland, ambient, value=40, unit="°C", actor="A").result.value == "met"
    default = site({})
    assert record_answer(default, ambient, value=40, unit="°C", actor="A").result.value == "partial"


def test_design_conditions_default_to_quang_ngai_with_sources() -> None:
    profile = site(FULL).site
    assert profile.design.extreme_dry_bulb_c == 41.4
    source = profile.design.sources["extreme_dry_bulb_c"]
    assert not isinstance(source, str) and "Quảng Ngãi" in source.vi and "Quảng Ngãi" in source.en


# --- the API for other parts of the tool ---------------------------------------------------------


def test_computed_answers_feed_the_verdicts() -> None:
    def topology_analysis(_: Checklist, __: Assessment) -> dict[str, Answer]:
        return {"PWR-DIST-01": Answer(result="not_met")}

    verdicts = score_yardsticks(
        CHECKLIST,
        site(FULL),
        EvidenceIndex(),
        ScoringSettings(as_of=AS_OF),
        computed_answers=topology_analysis,
    )
    assert [v.yardstick for v in verdicts] == [TOPO, OS, TIA, LEGAL]
    assert verdicts[0].decided_by == ["PWR-DIST-01"]


def test_a_checklist_without_yardsticks_keeps_the_single_verdict() -> None:
    bare = Checklist(
        header=HEADER.model_copy(update={"yardsticks": []}),
        criteria=[c.model_copy(update={"counts_for": []}) for c in CRITERIA],
    )
    result = score_assessment(bare, site(FULL), EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    assert (result.yardsticks, result.primary_yardstick) == ([], None)


# --- authoring rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([{"yardstick": TOPO, "level": 1}], "below min_tier"),
        ([{"yardstick": TOPO, "level": 3}, {"yardstick": TOPO, "level": 3}], "twice"),
        ([{"yardstick": TOPO, "level": 3, "thresholds": {2: {"threshold": 1}}}], "below the rule"),
        ([{"yardstick": TOPO, "level": 3, "thresholds": {3: {"met_options": ["x"]}}}], "choice"),
        ([{"yardstick": TOPO, "level": 2, "must_pass": False}], "must_pass must be true"),
        ([{"yardstick": TOPO, "level": 3}], "min_tier 2 must be 3"),
    ],
)
def test_rules_that_cannot_work_are_refused(rules: list[dict[str, Any]], message: str) -> None:
    data = CRITERIA[4].model_dump(mode="json")
    data.update({"min_tier": 2, "counts_for": rules, "must_pass": True})
    with pytest.raises(ValueError, match=message):
        Criterion.model_validate(data)


# --- properties ----------------------------------------------------------------------------------

RESULTS = ["met", "partial", "not_met", "not_assessed"]
ORDER = {"not_assessed": 0, "not_met": 0, "partial": 1, "met": 2}


def _answers(picks: list[str]) -> dict[str, dict[str, Any]]:
    # results only: a recorded result stands where no value or choice contradicts it
    return {c.id: {"result": r} for c, r in zip(CRITERIA, picks, strict=True)}


def _rank(verdict: YardstickVerdict) -> int:
    return int(verdict.passed) if verdict.level is None else verdict.level


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(RESULTS), min_size=len(CRITERIA), max_size=len(CRITERIA)),
    st.integers(0, len(CRITERIA) - 1),
    st.integers(1, 4),
)
def test_closing_a_gap_never_lowers_any_yardstick(
    picks: list[str], index: int, target: int
) -> None:
    better = list(picks)
    better[index] = "met"
    before = card(_answers(picks), target)
    after = card(_answers(better), target)
    for old, new in zip(before.yardsticks, after.yardsticks, strict=True):
        assert _rank(new) >= _rank(old), (old.yardstick, picks, index)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(RESULTS), min_size=len(CRITERIA), max_size=len(CRITERIA)))
def test_criterion_order_does_not_change_any_verdict(picks: list[str]) -> None:
    answers = _answers(picks)
    shuffled = list(CRITERIA)
    random.Random(len(picks)).shuffle(shuffled)
    reordered = Checklist(header=HEADER, criteria=shuffled)
    first = card(answers)
    second = score_assessment(
        reordered, site(answers), EvidenceIndex(), ScoringSettings(as_of=AS_OF)
    )
    assert first.yardsticks == second.yardsticks
