"""Scoring: hand-computed scenarios on small inline checklists, and properties over random ones.

The builders at the top are shared with the planning and CLI tests of the scoring family.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    ChecklistHeader,
    Criterion,
    EvidenceIndex,
    EvidenceItem,
    EvidenceStatus,
    PlanningTable,
    Result,
    Review,
    ReviewVerdict,
    Scorecard,
    ScoringSettings,
    SiteProfile,
)
from tierassess.core.scoring import answer_result, score_assessment, score_many

AS_OF = date(2025, 1, 1)
SHA = {n: f"{n:064x}" for n in range(1, 50)}


def text(words: str) -> dict[str, str]:
    return {"vi": f"{words} (vi)", "en": words}


HEADER = ChecklistHeader.model_validate(
    {
        "kind": "checklist",
        "id": "tier3",
        "version": "1.0.0",
        "title": text("Test checklist"),
        "disclaimer": text("Readiness only; only Uptime Institute certifies a Tier."),
        "standards": [{"id": "uptime-topology", "publisher": "UI", "title": text("Topology")}],
        "subsystems": [
            {"id": "electrical", "title": text("Electrical")},
            {"id": "mechanical", "title": text("Mechanical")},
        ],
        "domains": [
            {"id": "power", "code": "PWR", "title": text("Power")},
            {"id": "cooling", "code": "CLG", "title": text("Cooling")},
        ],
    }
)

PLANNING = PlanningTable.model_validate(
    {
        "kind": "planning",
        "as_of": "2025-01-01",
        "cost_bands": [
            {"id": "S", "label": text("Small"), "min_vnd": 100_000_000, "max_vnd": 300_000_000},
            {"id": "M", "label": text("Medium"), "min_vnd": 400_000_000, "max_vnd": 1_000_000_000},
            {"id": "L", "label": text("Large"), "min_vnd": 2_000_000_000, "max_vnd": 6_000_000_000},
        ],
        "defaults": {
            "start_year": 2025,
            "end_year": 2030,
            "lead_unit": text("Trung tâm CDS và ĐMST"),
            "coordinating_unit": text("Phòng BCVT&CNTT"),
        },
    }
)


def crit(
    cid: str,
    *,
    min_tier: int = 3,
    must_pass: bool = False,
    severity: str = "major",
    weight: float = 1.0,
    evidence: list[dict[str, Any]] | None = None,
    answer: dict[str, Any] | None = None,
    depends_on: list[str] | None = None,
    cost_band: str = "S",
    weeks: int = 4,
    disruption: str = "none",
    outage_weeks: int | None = None,
    lead_unit: dict[str, str] | None = None,
    applies_if: list[dict[str, Any]] | None = None,
) -> Criterion:
    """A criterion; PWR-* ids fall in power/electrical, CLG-* in cooling/mechanical."""
    power = cid.startswith("PWR")
    remediation: dict[str, Any] = {
        "action": text(f"Fix {cid}"),
        "cost_band": cost_band,
        "duration_weeks": weeks,
        "depends_on": depends_on or [],
        "disruption": disruption,
    }
    if outage_weeks is not None:
        remediation["outage_weeks"] = outage_weeks
    if lead_unit is not None:
        remediation["lead_unit"] = lead_unit
    return Criterion.model_validate(
        {
            "id": cid,
            "domain": "power" if power else "cooling",
            "subsystem": "electrical" if power else "mechanical",
            "min_tier": min_tier,
            "title": text(f"Criterion {cid}"),
            "requirement": text("Requirement"),
            "guidance": text("Guidance"),
            "answer": answer or {"kind": "yes_no"},
            "severity": severity,
            "weight": weight,
            "must_pass": must_pass,
            "evidence": evidence or [],
            "references": [{"standard": "uptime-topology", "clause": "2.1"}],
            "applies_if": applies_if or [],
            "remediation": remediation,
        }
    )


def checklist(*criteria: Criterion) -> Checklist:
    return Checklist(header=HEADER, criteria=list(criteria), planning=PLANNING)


def profile(**changes: Any) -> SiteProfile:
    data: dict[str, Any] = {
        "id": "test-dc",
        "name": "Test DC",
        "operator": "Operator",
        "address": "Quảng Ngãi",
        "cooling_technology": "dx_air_cooled",
        "design_it_load_kw": 200,
    }
    data.update(changes)
    return SiteProfile.model_validate(data)


def answer(result: str = "met", **fields: Any) -> Answer:
    if result == "not_applicable":
        fields.setdefault("justification", "not here")
    return Answer.model_validate({"result": result, **fields})


def assessment(answers: dict[str, Answer | str], **profile_changes: Any) -> Assessment:
    return Assessment(
        site=profile(**profile_changes),
        checklist_id="tier3",
        checklist_version="1.0.0",
        answers={k: answer(v) if isinstance(v, str) else v for k, v in answers.items()},
    )


def item(
    n: int, *, kind: str | None = "photo", captured: date | None = AS_OF, **fields: Any
) -> EvidenceItem:
    data: dict[str, Any] = {
        "sha256": SHA[n],
        "original_name": f"file{n}.jpg",
        "media_type": "image/jpeg",
        "size": 10,
        "kind": kind,
        "captured_at": captured,
        "added_at": datetime(2024, 6, 1, tzinfo=UTC),
        "added_by": "tester",
    }
    data.update(fields)
    return EvidenceItem.model_validate(data)


def score(
    cl: Checklist,
    answers: dict[str, Answer | str],
    index: EvidenceIndex | None = None,
    **settings_: Any,
) -> Scorecard:
    settings_.setdefault("as_of", AS_OF)
    return score_assessment(
        cl, assessment(answers), index or EvidenceIndex(), ScoringSettings(**settings_)
    )


def verdict(card: Scorecard, subsystem: str) -> tuple[int, list[str]]:
    found = next(v for v in card.verdicts if v.subsystem == subsystem)
    return found.tier, found.blockers


PHOTO_1Y = [{"kind": "photo", "max_age_days": 365}]

# A small Tier III catalogue: must-pass criteria at tiers 1-3 in both subsystems, and extras.
TIERED = checklist(
    crit("PWR-UPS-01", min_tier=1, must_pass=True, severity="critical", weight=2),
    crit("PWR-GEN-01", min_tier=2, must_pass=True, severity="critical", weight=2),
    crit("PWR-DIS-01", min_tier=3, must_pass=True, severity="critical", weight=3),
    crit("PWR-LBL-01", min_tier=1, severity="minor", weight=1),
    crit("CLG-UNIT-01", min_tier=1, must_pass=True, severity="major", weight=2),
    crit("CLG-PIPE-01", min_tier=3, must_pass=True, severity="critical", weight=1),
    crit("CLG-ENV-01", min_tier=2, severity="major", weight=1),
)
ALL_MET = {c.id: "met" for c in TIERED.criteria}


# --- scenarios computed by hand --------------------------------------------------------------


def test_everything_met_gives_tier_three() -> None:
    card = score(TIERED, ALL_MET)
    assert card.facility_tier == 3
    assert card.meets_target
    assert card.readiness == 1.0
    assert [(v.subsystem, v.tier, v.blockers) for v in card.verdicts] == [
        ("electrical", 3, []),
        ("mechanical", 3, []),
    ]
    assert card.unanswered == card.unverified == card.not_applicable == []
    assert card.gap_score == 0


def test_one_must_pass_electrical_gap_names_the_blocker() -> None:
    card = score(TIERED, {**ALL_MET, "PWR-DIS-01": "not_met"})
    assert verdict(card, "electrical") == (2, ["PWR-DIS-01"])
    assert verdict(card, "mechanical") == (3, [])
    assert card.facility_tier == 2
    assert not card.meets_target
    # gap: critical (3) x weight 3 = 9 of a total 3*2 + 3*2 + 3*3 + 1 + 2*2 + 3*1 + 2*1 = 31
    assert card.gap_score == 9
    assert card.readiness == pytest.approx(1 - 9 / 31, abs=1e-6)
    electrical = next(s for s in card.subsystems if s.id == "electrical")
    assert electrical.readiness == pytest.approx(1 - 9 / 22, abs=1e-6)
    assert (electrical.met, electrical.not_met, electrical.applicable) == (3, 1, 4)


def test_tier_one_must_pass_failing_gives_tier_zero() -> None:
    card = score(TIERED, {**ALL_MET, "CLG-UNIT-01": "not_met", "PWR-GEN-01": "not_met"})
    assert verdict(card, "mechanical") == (0, ["CLG-UNIT-01"])
    assert verdict(card, "electrical") == (1, ["PWR-GEN-01"])
    assert card.facility_tier == 0


def test_non_must_pass_gaps_lower_readiness_not_the_verdict() -> None:
    card = score(TIERED, {**ALL_MET, "PWR-LBL-01": "not_met", "CLG-ENV-01": "partial"})
    assert card.facility_tier == 3
    # gaps: minor 1 x 1 x 1 = 1, major 2 x 1 x 0.5 = 1
    assert card.gap_score == 2
    assert card.readiness == pytest.approx(29 / 31, abs=1e-6)
    cooling = next(d for d in card.domains if d.id == "cooling")
    assert (cooling.met, cooling.partial, cooling.readiness) == (
        2,
        1,
        pytest.approx(1 - 1 / 9, abs=1e-6),
    )


def test_readiness_weights_by_severity_and_weight() -> None:
    cl = checklist(
        crit("PWR-AA-01", severity="critical", weight=2),
        crit("PWR-BB-01", severity="major", weight=1),
        crit("PWR-CC-01", severity="minor", weight=3),
    )
    card = score(cl, {"PWR-AA-01": "met", "PWR-BB-01": "partial", "PWR-CC-01": "not_met"})
    # maximum gap 6 + 2 + 3 = 11; gaps 0 + 1 + 3 = 4
    assert card.readiness == pytest.approx(7 / 11, abs=1e-6)
    assert [c.gap_score for c in card.criteria] == [0, 1, 3]
    assert [c.compliance for c in card.criteria] == [1, 0.5, 0]


def test_unanswered_are_gaps_listed_apart() -> None:
    answers: dict[str, Answer | str] = dict(ALL_MET)
    del answers["PWR-DIS-01"]
    answers["CLG-ENV-01"] = "not_assessed"
    card = score(TIERED, answers)
    assert card.unanswered == ["CLG-ENV-01", "PWR-DIS-01"]
    assert verdict(card, "electrical") == (2, ["PWR-DIS-01"])
    power = next(d for d in card.domains if d.id == "power")
    assert (power.unanswered, power.not_met) == (1, 0)
    assert card.gap_score == 9 + 2


def test_unverified_claim_under_both_settings() -> None:
    cl = checklist(
        crit("PWR-UPS-01", min_tier=1, must_pass=True, severity="critical", evidence=PHOTO_1Y),
        crit("CLG-UNIT-01", min_tier=3, must_pass=True),
    )
    answers: dict[str, Answer | str] = {"PWR-UPS-01": "met", "CLG-UNIT-01": "met"}
    strict = score(cl, answers)
    assert strict.unverified == ["PWR-UPS-01"]
    row = strict.criteria[0]
    assert (row.evidence_status, row.counts_as_met, row.compliance, row.gap_score) == (
        EvidenceStatus.MISSING,
        False,
        0.0,
        3.0,
    )
    assert verdict(strict, "electrical") == (0, ["PWR-UPS-01"])
    assert strict.facility_tier == 0

    lenient = score(cl, answers, unverified_counts_as_met=True)
    assert lenient.unverified == ["PWR-UPS-01"]  # still shown apart
    assert lenient.criteria[0].counts_as_met
    assert lenient.facility_tier == 3
    assert lenient.readiness == 1.0

    backed = score(cl, answers, EvidenceIndex(items=[item(1, criteria=["PWR-UPS-01"])]))
    assert backed.unverified == []
    assert backed.facility_tier == 3


def test_stale_evidence_under_both_settings() -> None:
    cl = checklist(crit("PWR-UPS-01", min_tier=3, must_pass=True, evidence=PHOTO_1Y))
    old = EvidenceIndex(items=[item(1, captured=AS_OF - timedelta(days=366))])
    answers: dict[str, Answer | str] = {"PWR-UPS-01": answer("met", evidence=[SHA[1]])}
    strict = score(cl, answers, old)
    assert strict.criteria[0].evidence_status is EvidenceStatus.STALE
    assert strict.stale == strict.unverified == ["PWR-UPS-01"]
    assert strict.facility_tier == 2

    accepting = score(cl, answers, old, stale_counts_as_missing=False)
    assert accepting.stale == ["PWR-UPS-01"]
    assert accepting.unverified == []
    assert accepting.facility_tier == 3

    # 365 days old is still fresh
    fresh = EvidenceIndex(items=[item(1, captured=AS_OF - timedelta(days=365))])
    assert score(cl, answers, fresh).facility_tier == 3


def test_rejected_answer_never_counts() -> None:
    cl = checklist(crit("PWR-UPS-01", min_tier=1, must_pass=True))
    review = Review(
        verdict=ReviewVerdict.REJECTED, reviewer="auditor", at=datetime(2024, 12, 1, tzinfo=UTC)
    )
    answers: dict[str, Answer | str] = {"PWR-UPS-01": answer("met", review=review)}
    for lenient in (False, True):
        card = score(cl, answers, unverified_counts_as_met=lenient)
        assert card.rejected == ["PWR-UPS-01"]
        assert card.criteria[0].evidence_status is EvidenceStatus.REJECTED
        assert not card.criteria[0].counts_as_met
        assert card.facility_tier == 0


def test_measured_value_decides_the_result() -> None:
    fuel = {
        "kind": "measured",
        "unit": "h",
        "comparator": ">=",
        "threshold": 12,
        "partial_threshold": 8,
    }
    cl = checklist(crit("PWR-GEN-01", min_tier=3, must_pass=True, answer=fuel))
    assert score(cl, {"PWR-GEN-01": answer("met", value=6)}).criteria[0].result is Result.NOT_MET
    assert (
        score(cl, {"PWR-GEN-01": answer("not_met", value=9)}).criteria[0].result is Result.PARTIAL
    )
    card = score(cl, {"PWR-GEN-01": answer("not_met", value=12)})
    assert (card.criteria[0].result, card.criteria[0].value, card.facility_tier) == (
        Result.MET,
        12,
        3,
    )


def test_choice_decides_the_result() -> None:
    choice = {
        "kind": "choice",
        "options": [
            {"id": "two", "label": text("Two"), "result": "met"},
            {"id": "one", "label": text("One"), "result": "not_met"},
        ],
    }
    criterion = crit("PWR-FEED-01", answer=choice)
    assert answer_result(criterion, answer("met", choice="one")) is Result.NOT_MET
    assert answer_result(criterion, answer("not_met", choice="two")) is Result.MET


def test_not_applicable_removes_the_criterion() -> None:
    card = score(TIERED, {**ALL_MET, "PWR-DIS-01": "not_applicable"})
    assert card.not_applicable == ["PWR-DIS-01"]
    assert "PWR-DIS-01" not in {c.criterion_id for c in card.criteria}
    assert card.facility_tier == 3


def test_criteria_outside_scope_are_not_scored() -> None:
    cl = checklist(
        crit("PWR-UPS-01", min_tier=1, must_pass=True),
        crit("PWR-DIS-01", min_tier=3, must_pass=True),
        crit(
            "PWR-GEN-01",
            min_tier=3,
            must_pass=True,
            applies_if=[{"field": "has_generators", "op": "eq", "value": True}],
        ),
    )
    answers: dict[str, Answer | str] = {"PWR-UPS-01": "met", "PWR-DIS-01": "met"}
    card = score_assessment(
        cl, assessment(answers, has_generators=False), EvidenceIndex(), ScoringSettings(as_of=AS_OF)
    )
    assert [c.criterion_id for c in card.criteria] == ["PWR-DIS-01", "PWR-UPS-01"]
    assert card.facility_tier == 3


def test_target_setting_scores_a_lower_tier() -> None:
    card = score(TIERED, {**ALL_MET, "PWR-DIS-01": "not_met"}, target_tier=2)
    assert card.target_tier == 2
    assert "PWR-DIS-01" not in {c.criterion_id for c in card.criteria}
    assert card.facility_tier == 2
    assert card.meets_target


def test_verdict_never_exceeds_what_the_checklist_covers() -> None:
    # a checklist of tier-1 criteria alone cannot show that a facility is Tier III
    tier_one = checklist(crit("PWR-UPS-01", min_tier=1, must_pass=True))
    assert score(tier_one, {"PWR-UPS-01": "met"}).facility_tier == 1
    card = score_assessment(
        TIERED, assessment(ALL_MET, target_tier=4), EvidenceIndex(), ScoringSettings(as_of=AS_OF)
    )
    assert card.facility_tier == 3
    assert not card.meets_target


def test_no_applicable_criteria() -> None:
    cl = checklist(crit("PWR-UPS-01", min_tier=3))
    card = score(cl, {"PWR-UPS-01": "met"}, target_tier=1)
    assert card.criteria == card.verdicts == []
    assert (card.facility_tier, card.meets_target, card.readiness) == (0, False, 1.0)


def test_score_many_matches_one_by_one() -> None:
    sites = [
        (assessment(ALL_MET), EvidenceIndex()),
        (assessment({**ALL_MET, "PWR-DIS-01": "not_met"}, id="other-dc"), EvidenceIndex()),
        (assessment({}), EvidenceIndex()),
    ]
    settings_ = ScoringSettings(as_of=AS_OF)
    together = score_many(TIERED, sites, settings_)
    assert [c.facility_tier for c in together] == [3, 2, 0]
    for card, (a, index) in zip(together, sites, strict=True):
        assert card == score_assessment(TIERED, a, index, settings_)


def test_default_as_of_is_today_and_recorded() -> None:
    card = score_assessment(TIERED, assessment(ALL_MET), EvidenceIndex())
    assert card.as_of == datetime.now(UTC).date()
    assert card.settings.as_of == card.as_of


# --- properties over random checklists ---------------------------------------------------------

RESULTS = ["met", "partial", "not_met", "not_assessed", "not_applicable"]


@st.composite
def random_case(draw: st.DrawFn) -> tuple[Checklist, dict[str, Answer | str], EvidenceIndex]:
    count = draw(st.integers(min_value=1, max_value=9))
    criteria = []
    answers: dict[str, Answer | str] = {}
    items = []
    for n in range(count):
        cid = f"{draw(st.sampled_from(['PWR', 'CLG']))}-XX-{n:02d}"
        needs_photo = draw(st.booleans())
        criteria.append(
            crit(
                cid,
                min_tier=draw(st.integers(min_value=1, max_value=3)),
                must_pass=draw(st.booleans()),
                severity=draw(st.sampled_from(["critical", "major", "minor"])),
                weight=draw(st.sampled_from([0.5, 1.0, 2.0, 3.5])),
                evidence=PHOTO_1Y if needs_photo else None,
            )
        )
        answers[cid] = draw(st.sampled_from(RESULTS))
        if needs_photo:
            age = draw(st.sampled_from([None, 10, 400]))
            if age is not None:
                items.append(item(n + 1, captured=AS_OF - timedelta(days=age), criteria=[cid]))
    return checklist(*criteria), answers, EvidenceIndex(items=items)


SETTINGS = st.builds(
    ScoringSettings,
    unverified_counts_as_met=st.booleans(),
    stale_counts_as_missing=st.booleans(),
    as_of=st.just(AS_OF),
)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _score(
    cl: Checklist, answers: dict[str, Answer | str], index: EvidenceIndex, s: ScoringSettings
) -> Scorecard:
    return score_assessment(cl, assessment(answers), index, s)


@FAST
@given(random_case(), SETTINGS, st.data())
def test_turning_a_gap_into_met_never_lowers_anything(
    case: tuple[Checklist, dict[str, Answer | str], EvidenceIndex],
    s: ScoringSettings,
    data: st.DataObject,
) -> None:
    cl, answers, index = case
    gaps = sorted(k for k, v in answers.items() if v in ("partial", "not_met", "not_assessed"))
    if not gaps:
        return
    chosen = data.draw(st.sampled_from(gaps))
    before = _score(cl, answers, index, s)
    after = _score(cl, {**answers, chosen: "met"}, index, s)
    assert after.readiness >= before.readiness
    assert after.facility_tier >= before.facility_tier
    for old_area, new_area in zip(
        before.domains + before.subsystems, after.domains + after.subsystems, strict=True
    ):
        assert new_area.readiness >= old_area.readiness
    for old, new in zip(before.verdicts, after.verdicts, strict=True):
        assert new.tier >= old.tier
        assert set(new.blockers) <= set(old.blockers)


@FAST
@given(random_case(), SETTINGS, st.data())
def test_not_applicable_is_the_same_as_removing_the_criterion(
    case: tuple[Checklist, dict[str, Answer | str], EvidenceIndex],
    s: ScoringSettings,
    data: st.DataObject,
) -> None:
    cl, answers, index = case
    chosen = data.draw(st.sampled_from(sorted(answers)))
    marked = _score(cl, {**answers, chosen: "not_applicable"}, index, s)
    without = checklist(*(c for c in cl.criteria if c.id != chosen))
    removed = _score(without, {k: v for k, v in answers.items() if k != chosen}, index, s)
    assert chosen in marked.not_applicable
    exclude = {"not_applicable"}
    assert marked.model_dump(exclude=exclude) == removed.model_dump(exclude=exclude)


@FAST
@given(random_case(), SETTINGS, st.randoms(use_true_random=False))
def test_results_do_not_depend_on_order(
    case: tuple[Checklist, dict[str, Answer | str], EvidenceIndex],
    s: ScoringSettings,
    rnd: random.Random,
) -> None:
    cl, answers, index = case
    reference = _score(cl, answers, index, s)
    criteria = list(cl.criteria)
    rnd.shuffle(criteria)
    # two "files" loaded in the other order
    half = len(criteria) // 2
    reordered = checklist(*criteria[half:], *criteria[:half])
    keys = list(answers)
    rnd.shuffle(keys)
    items = list(index.items)
    rnd.shuffle(items)
    shuffled = _score(reordered, {k: answers[k] for k in keys}, EvidenceIndex(items=items), s)
    assert shuffled == reference
