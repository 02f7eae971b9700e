"""Thresholds that refer to the site's design conditions, hand-worked on a small inline catalogue.

Three made-up criteria refer to the three conditions of a site profile (``design:``): a flood
height (the site's flood level plus a 1 m margin; partial from the flood level itself), a cooling
tower wet bulb and a dry-bulb ambient (the condition itself; partial 2 °C below it). The flood
criterion blocks the TIA-like yardstick, so an unknown flood level shows as a blocker too.
"""

from __future__ import annotations

from datetime import date
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
    MeasuredAnswer,
    Scorecard,
    ScoringSettings,
    SiteProfile,
)
from tierassess.core.scoring import score_assessment
from tierassess.core.scoring.explain import profile_messages

AS_OF = date(2026, 1, 1)


def text(words: str) -> dict[str, str]:
    return {"vi": f"{words} (vi)", "en": words}


HEADER = ChecklistHeader.model_validate(
    {
        "kind": "checklist",
        "id": "tier3",
        "version": "1.0.0",
        "title": text("Design conditions test checklist"),
        "disclaimer": text("Readiness only."),
        "standards": [{"id": "std", "publisher": "P", "title": text("Standard")}],
        "subsystems": [{"id": s, "title": text(s)} for s in ("mechanical", "architectural")],
        "domains": [
            {"id": "cooling", "code": "CLG", "title": text("Cooling")},
            {"id": "site", "code": "SIT", "title": text("Site")},
        ],
        "yardsticks": [
            {
                "id": "topology",
                "kind": "tier",
                "primary": True,
                "title": text("Topology"),
                "level_name": text("Tier {roman}"),
                "subsystems": ["mechanical"],
            },
            {
                "id": "tia",
                "kind": "tier",
                "title": text("TIA"),
                "level_name": text("Rated-{n}"),
                "subsystems": ["architectural", "mechanical"],
            },
        ],
    }
)


def criterion(cid: str, rules: list[dict[str, Any]], answer: dict[str, Any]) -> Criterion:
    domain, subsystem = (
        ("site", "architectural") if cid.startswith("SIT") else ("cooling", "mechanical")
    )
    return Criterion.model_validate(
        {
            "id": cid,
            "domain": domain,
            "subsystem": subsystem,
            "min_tier": min(r["level"] for r in rules),
            "title": text(cid),
            "requirement": text("Requirement"),
            "guidance": text("Guidance"),
            "answer": {"kind": "measured", **answer},
            "severity": "critical",
            "must_pass": True,
            "references": [{"standard": "std", "clause": "1"}],
            "remediation": {"action": text("Fix"), "cost_band": "S", "duration_weeks": 4},
            "counts_for": rules,
        }
    )


FLOOD = criterion(
    "SIT-FLD-02",
    [{"yardstick": "tia", "level": 2}],
    {
        "unit": "m",
        "comparator": ">=",
        "threshold": 1.0,
        "threshold_from": "flood_level_m",
        "threshold_offset": 1.0,
        "partial_threshold": 0.0,
        "plausible_min": -10,
        "plausible_max": 100,
    },
)
TOWERS = criterion(
    "CLG-AMB-02",
    [{"yardstick": "topology", "level": 3}],
    {
        "unit": "°C",
        "comparator": ">=",
        "threshold": 30,
        "threshold_from": "extreme_wet_bulb_c",
        "partial_threshold": 28,
        "plausible_min": 15,
        "plausible_max": 40,
    },
)
AMBIENT = criterion(
    "CLG-AMB-01",
    [{"yardstick": "topology", "level": 3}],
    {
        "unit": "°C",
        "comparator": ">=",
        "threshold": 41.4,
        "threshold_from": "extreme_dry_bulb_c",
        "partial_threshold": 39.4,
        "plausible_min": 20,
        "plausible_max": 60,
    },
)
CHECKLIST = Checklist(header=HEADER, criteria=[FLOOD, TOWERS, AMBIENT])


def site(floor_m: float, tower_wb: float = 31, ambient: float = 43, **design: Any) -> Assessment:
    profile = SiteProfile.model_validate(
        {
            "id": "flood-dc",
            "name": "Flood DC",
            "operator": "Operator",
            "address": "Quảng Ngãi",
            "cooling_technology": "chilled_water_evaporative",
            "design_it_load_kw": 200,
            "design": design,
        }
    )
    values = {"SIT-FLD-02": floor_m, "CLG-AMB-02": tower_wb, "CLG-AMB-01": ambient}
    answers = {
        cid: Answer(
            value=value,
            result=next(c for c in CHECKLIST.criteria if c.id == cid).answer.result_for(
                value, profile
            ),
        )  # type: ignore[union-attr]
        for cid, value in values.items()
    }
    return Assessment(
        site=profile, checklist_id="tier3", checklist_version="1.0.0", answers=answers
    )


def card(assessment: Assessment) -> Scorecard:
    return score_assessment(
        CHECKLIST,
        assessment,
        EvidenceIndex(),
        ScoringSettings(as_of=AS_OF, unverified_counts_as_met=True),
    )


def results(scored: Scorecard) -> dict[str, str]:
    return {c.criterion_id: c.result.value for c in scored.criteria}


def levels(scored: Scorecard) -> dict[str, int | None]:
    return {v.yardstick: v.level for v in scored.yardsticks}


# --- a site-specific flood level -----------------------------------------------------------------
# Flood marks 1.2 m above the ground floor: the threshold is 2.2 m, partial from 1.2 m.


@pytest.mark.parametrize(
    ("floor_m", "expected"),
    [(2.5, "met"), (2.2, "met"), (1.8, "partial"), (1.2, "partial"), (1.0, "not_met")],
)
def test_the_flood_height_is_judged_against_the_sites_flood_level(
    floor_m: float, expected: str
) -> None:
    assert results(card(site(floor_m, flood_level_m=1.2)))["SIT-FLD-02"] == expected


def test_floods_that_stay_below_the_ground_floor_lower_the_threshold() -> None:
    # floods reach 0.5 m below the ground floor: 0.6 m above it clears the 1 m margin
    scored = card(site(0.6, flood_level_m=-0.5))
    assert results(scored)["SIT-FLD-02"] == "met"
    assert levels(scored)["tia"] == 2  # the only TIA rule here is a Rated-2 one


def test_the_same_floor_passes_one_site_and_fails_another() -> None:
    dry = card(site(1.5, flood_level_m=0.3))  # threshold 1.3 m
    wet = card(site(1.5, flood_level_m=2.0))  # threshold 3.0 m, below the flood itself
    assert (results(dry)["SIT-FLD-02"], results(wet)["SIT-FLD-02"]) == ("met", "not_met")
    assert (levels(dry)["tia"], levels(wet)["tia"]) == (2, 1)


# --- an unknown flood level ------------------------------------------------------------------------


def test_an_unknown_flood_level_is_said_plainly_never_passed() -> None:
    scored = card(site(5.0))  # a high floor, but nothing to compare it with
    assert results(scored)["SIT-FLD-02"] == "not_assessed"
    assert scored.undetermined == {"SIT-FLD-02": "flood_level_m"}
    assert "SIT-FLD-02" not in scored.unanswered  # it was answered
    tia = next(v for v in scored.yardsticks if v.yardstick == "tia")
    assert (tia.level, tia.passed) == (1, False)
    assert [(b.criterion_id, b.reason) for b in tia.blockers] == [
        ("SIT-FLD-02", BlockReason.DESIGN_UNKNOWN)
    ]
    assert tia.undetermined == {"SIT-FLD-02": "flood_level_m"}
    flood_readiness = next(d for d in scored.domains if d.id == "site")
    assert (flood_readiness.readiness, flood_readiness.unanswered) == (0.0, 0)
    [message] = profile_messages(CHECKLIST, scored.yardsticks, "en")
    assert "SIT-FLD-02 cannot be judged" in message and "design flood level" in message
    [tin_nhan] = profile_messages(CHECKLIST, scored.yardsticks, "vi")
    assert "chưa thể chấm SIT-FLD-02" in tin_nhan and "mực lũ thiết kế" in tin_nhan


def test_the_kept_value_is_judged_once_the_profile_gives_the_flood_level() -> None:
    unknown = site(2.5)
    assert unknown.answers["SIT-FLD-02"].result.value == "not_assessed"
    known = unknown.model_copy(
        update={
            "site": unknown.site.model_copy(
                update={"design": unknown.site.design.model_copy(update={"flood_level_m": 1.2})}
            )
        }
    )
    scored = card(known)
    assert results(scored)["SIT-FLD-02"] == "met" and scored.undetermined == {}


def test_recording_against_an_unknown_flood_level_keeps_the_value_unjudged() -> None:
    from tierassess.storage.answers import record_answer

    recorded = record_answer(site(2.5), FLOOD, value=2.5, unit="m", actor="Engineer")
    assert (recorded.result.value, recorded.value) == ("not_assessed", 2.5)


# --- wet bulb and dry bulb ------------------------------------------------------------------------


def test_towers_are_judged_at_the_sites_own_wet_bulb() -> None:
    # towers that hold N up to 29 °C wet bulb: short of the 30 °C default (partial from 28 °C),
    # enough for a site whose design wet bulb is 28.5 °C
    default_site = card(site(3.0, tower_wb=29, flood_level_m=0))
    assert results(default_site)["CLG-AMB-02"] == "partial"
    assert levels(default_site)["topology"] == 2
    drier = card(site(3.0, tower_wb=29, flood_level_m=0, extreme_wet_bulb_c=28.5))
    assert results(drier)["CLG-AMB-02"] == "met" and levels(drier)["topology"] == 3


def test_the_dry_bulb_and_wet_bulb_come_from_the_same_profile() -> None:
    hot_humid = card(site(3.0, tower_wb=31, ambient=43, flood_level_m=0, extreme_dry_bulb_c=44))
    assert results(hot_humid)["CLG-AMB-01"] == "partial"  # 43 °C: short of 44, within 2 °C
    assert results(hot_humid)["CLG-AMB-02"] == "met"


def test_the_quang_ngai_defaults_carry_their_sources_in_both_languages() -> None:
    design = site(1.0).site.design
    assert (design.extreme_dry_bulb_c, design.extreme_wet_bulb_c, design.flood_level_m) == (
        41.4,
        30.0,
        None,
    )
    for field in ("extreme_dry_bulb_c", "extreme_wet_bulb_c", "flood_level_m"):
        source = design.sources[field]
        assert not isinstance(source, str) and source.vi and source.en, field
    assert "unverified" in design.sources["extreme_wet_bulb_c"].en  # type: ignore[union-attr]


def test_an_offset_needs_a_condition() -> None:
    with pytest.raises(ValueError, match="threshold_offset needs threshold_from"):
        MeasuredAnswer(unit="m", comparator=">=", threshold=1, threshold_offset=1)  # type: ignore[arg-type]


# --- what the engineer reads ------------------------------------------------------------------------


def test_the_questionnaire_says_the_flood_level_is_missing_not_a_figure() -> None:
    unknown = site(2.5)
    answer = unknown.answers["SIT-FLD-02"]
    said = FLOOD.answer.verdict_text(answer, CHECKLIST, "en", unknown.site)
    assert said is not None and "not yet assessed" in said.lower()
    assert "design flood level + 1 m, which the site profile does not give yet" in said
    known = site(2.5, flood_level_m=1.2)
    said_known = FLOOD.answer.verdict_text(known.answers["SIT-FLD-02"], CHECKLIST, "en", known.site)
    assert said_known is not None and ">= 2.2 m" in said_known


def test_the_catalogue_shows_which_condition_a_threshold_follows() -> None:
    en = FLOOD.answer.spec_text(CHECKLIST, "en")
    vi = FLOOD.answer.spec_text(CHECKLIST, "vi")
    assert "follows the site's design flood level + 1 m" in en
    assert "mực lũ thiết kế của địa điểm + 1 m" in vi


# --- properties --------------------------------------------------------------------------------------

FLOODS = st.one_of(st.none(), st.floats(-2, 5, allow_nan=False).map(lambda f: round(f, 1)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.floats(-3, 8).map(lambda f: round(f, 1)), st.floats(0, 3).map(lambda f: round(f, 1)), FLOODS
)
def test_a_higher_floor_never_lowers_a_verdict(
    floor_m: float, raise_m: float, flood: float | None
) -> None:
    design = {} if flood is None else {"flood_level_m": flood}
    before = card(site(floor_m, **design))
    after = card(site(floor_m + raise_m, **design))
    for old, new in zip(before.yardsticks, after.yardsticks, strict=True):
        assert (new.level or 0) >= (old.level or 0), (old.yardstick, floor_m, raise_m, flood)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(-3, 8).map(lambda f: round(f, 1)), st.floats(-2, 5).map(lambda f: round(f, 1)))
def test_giving_the_flood_level_never_lowers_a_verdict(floor_m: float, flood: float) -> None:
    unknown = card(site(floor_m))
    known = card(site(floor_m, flood_level_m=flood))
    for old, new in zip(unknown.yardsticks, known.yardsticks, strict=True):
        assert (new.level or 0) >= (old.level or 0), (old.yardstick, floor_m, flood)
