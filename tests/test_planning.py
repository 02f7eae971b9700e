"""The remediation plan on small inline checklists: every figure below is worked out by hand.

Cost bands (test_scoring.PLANNING): S 100-300 million VND, M 400 million-1 billion, L 2-6 billion.
An action of W weeks runs 7*W days: starting 2025-01-01, four weeks end on 2025-01-28.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from test_scoring import AS_OF, HEADER, assessment, checklist, crit, text

from tierassess.core.models import (
    ActionOverride,
    ActionStatus,
    Answer,
    Checklist,
    EvidenceIndex,
    LocalizedText,
    PlanOverrides,
    Priority,
    RemediationAction,
    RemediationPlan,
    ScoringSettings,
)
from tierassess.core.planning import (
    build_plan,
    plan_csv,
    plan_xlsx,
    running_by_year,
    years_note,
)
from tierassess.core.scoring import score_assessment
from tierassess.errors import InputError

M = 1_000_000


def plan_for(
    cl: Checklist,
    answers: dict[str, Answer | str],
    overrides: dict[str, dict[str, Any]] | None = None,
    budget: int | None = None,
    as_of: date = AS_OF,
    **profile: Any,
) -> RemediationPlan:
    site = assessment(answers, **profile)
    card = score_assessment(cl, site, EvidenceIndex(), ScoringSettings(as_of=as_of))
    plan_file = PlanOverrides.model_validate({"actions": overrides or {}})
    return build_plan(cl, site, card, plan_file, budget)


def action(plan: RemediationPlan, action_id: str) -> RemediationAction:
    return next(a for a in plan.actions if a.id == action_id)


def dates(plan: RemediationPlan, action_id: str) -> tuple[date, date]:
    found = action(plan, action_id)
    return found.start, found.end


def test_priorities() -> None:
    cl = checklist(
        crit("PWR-UPS-01", must_pass=True, severity="minor"),
        crit("PWR-GEN-01", severity="critical"),
        crit("PWR-DIS-01", severity="major"),
        crit("PWR-LBL-01", severity="minor"),
    )
    plan = plan_for(cl, {c.id: "not_met" for c in cl.criteria})
    assert {a.id: a.priority for a in plan.actions} == {
        "PWR-UPS-01": Priority.P1,
        "PWR-GEN-01": Priority.P2,
        "PWR-DIS-01": Priority.P3,
        "PWR-LBL-01": Priority.P4,
    }
    # with no budget they all start on the first day; ties go by priority
    assert [a.id for a in plan.actions] == ["PWR-UPS-01", "PWR-GEN-01", "PWR-DIS-01", "PWR-LBL-01"]
    assert all(a.start == AS_OF and a.year == 2025 and a.phase == 1 for a in plan.actions)


def test_costs_from_bands_and_half_for_partial_gaps() -> None:
    cl = checklist(crit("PWR-UPS-01", cost_band="M"), crit("PWR-GEN-01", cost_band="S"))
    plan = plan_for(cl, {"PWR-UPS-01": "not_met", "PWR-GEN-01": "partial"})
    assert (action(plan, "PWR-UPS-01").cost_min_vnd, action(plan, "PWR-UPS-01").cost_max_vnd) == (
        400 * M,
        1000 * M,
    )
    partial = action(plan, "PWR-GEN-01")
    assert (partial.cost_min_vnd, partial.cost_max_vnd) == (50 * M, 150 * M)
    assert partial.note is not None and "50%" in partial.note.en and "50%" in partial.note.vi
    assert (plan.cost_min_vnd, plan.cost_max_vnd) == (450 * M, 1150 * M)


def test_met_and_unanswered_criteria_make_no_action() -> None:
    cl = checklist(crit("PWR-UPS-01"), crit("PWR-GEN-01"), crit("PWR-DIS-01"), crit("PWR-LBL-01"))
    plan = plan_for(
        cl, {"PWR-UPS-01": "met", "PWR-GEN-01": "not_met", "PWR-LBL-01": "not_applicable"}
    )
    assert [a.id for a in plan.actions] == ["PWR-GEN-01"]
    assert plan.to_assess == ["PWR-DIS-01"]


def test_unverified_claims_are_listed_to_verify_by_priority() -> None:
    photo = [{"kind": "photo"}]
    cl = checklist(
        crit("PWR-AA-01", evidence=photo, severity="minor"),
        crit("PWR-BB-01", evidence=photo, must_pass=True),
        crit("PWR-CC-01"),
    )
    plan = plan_for(cl, {"PWR-AA-01": "met", "PWR-BB-01": "met", "PWR-CC-01": "not_assessed"})
    assert plan.actions == []
    assert plan.to_verify == ["PWR-BB-01", "PWR-AA-01"]
    assert plan.to_assess == ["PWR-CC-01"]


def test_units_from_template_else_site_else_defaults() -> None:
    cl = checklist(crit("PWR-UPS-01", lead_unit=text("Sở TT&TT")), crit("PWR-GEN-01"))
    answers: dict[str, Answer | str] = {"PWR-UPS-01": "not_met", "PWR-GEN-01": "not_met"}
    plan = plan_for(cl, answers)
    assert action(plan, "PWR-UPS-01").lead_unit.en == "Sở TT&TT"
    assert action(plan, "PWR-GEN-01").lead_unit.en == "Trung tâm CDS và ĐMST"
    assert action(plan, "PWR-GEN-01").coordinating_unit.en == "Phòng BCVT&CNTT"
    site_units = {"lead_unit": text("Ban QLDA"), "coordinating_unit": text("VNPT Quảng Ngãi")}
    plan = plan_for(cl, answers, planning=site_units)
    assert action(plan, "PWR-UPS-01").lead_unit.en == "Sở TT&TT"
    assert action(plan, "PWR-GEN-01").lead_unit.en == "Ban QLDA"
    assert action(plan, "PWR-GEN-01").coordinating_unit.vi == "VNPT Quảng Ngãi (vi)"


def test_dependency_chain_orders_actions() -> None:
    cl = checklist(
        crit("PWR-AA-01", weeks=4, severity="minor"),
        crit("PWR-BB-01", weeks=2, depends_on=["PWR-AA-01"]),
        crit("PWR-CC-01", weeks=1, must_pass=True, depends_on=["PWR-BB-01"]),
        crit("PWR-DD-01", weeks=1, depends_on=["PWR-EE-01"]),  # its prerequisite is met
        crit("PWR-EE-01"),
    )
    answers: dict[str, Answer | str] = {c.id: "not_met" for c in cl.criteria}
    answers["PWR-EE-01"] = "met"
    plan = plan_for(cl, answers)
    assert dates(plan, "PWR-AA-01") == (date(2025, 1, 1), date(2025, 1, 28))
    # the year is the plan's unit: what depends on a task starts in a later year
    assert dates(plan, "PWR-BB-01") == (date(2026, 1, 1), date(2026, 1, 14))
    assert dates(plan, "PWR-CC-01") == (date(2027, 1, 1), date(2027, 1, 7))
    assert action(plan, "PWR-CC-01").depends_on == ["PWR-BB-01"]
    assert action(plan, "PWR-DD-01").depends_on == []
    assert dates(plan, "PWR-DD-01") == (date(2025, 1, 1), date(2025, 1, 7))
    assert [a.id for a in plan.actions] == ["PWR-DD-01", "PWR-AA-01", "PWR-BB-01", "PWR-CC-01"]


def test_dependency_cycle_is_an_input_error() -> None:
    cl = checklist(
        crit("PWR-AA-01", depends_on=["PWR-BB-01"]), crit("PWR-BB-01", depends_on=["PWR-AA-01"])
    )
    with pytest.raises(InputError, match="cycle"):
        plan_for(cl, {"PWR-AA-01": "not_met", "PWR-BB-01": "not_met"})


def test_budget_cap_pushes_actions_into_later_years() -> None:
    cl = checklist(
        crit("PWR-AA-01", must_pass=True),
        crit("PWR-BB-01"),
        crit("PWR-CC-01", severity="minor"),
        crit("PWR-DD-01", cost_band="L"),
        crit("PWR-EE-01", depends_on=["PWR-DD-01"]),
    )
    plan = plan_for(cl, {c.id: "not_met" for c in cl.criteria}, budget=600 * M)
    # each S action may cost up to 300 million: two fit a year, the third moves to 2026
    assert dates(plan, "PWR-AA-01") == (date(2025, 1, 1), date(2025, 1, 28))
    assert dates(plan, "PWR-BB-01") == (date(2025, 1, 1), date(2025, 1, 28))
    moved = action(plan, "PWR-CC-01")
    assert (moved.start, moved.year, moved.phase) == (date(2026, 1, 1), 2026, 2)
    # an L action (up to 6 billion) never fits; what depends on it waits with it
    assert plan.unscheduled == ["PWR-DD-01", "PWR-EE-01"]
    assert not action(plan, "PWR-DD-01").scheduled
    assert "PWR-DD-01" in (action(plan, "PWR-EE-01").note or text("")).en
    totals = {y.year: (y.cost_min_vnd, y.cost_max_vnd, y.actions) for y in plan.years}
    assert totals[2025] == (200 * M, 600 * M, 2)
    assert totals[2026] == (100 * M, 300 * M, 1)
    assert totals[2027] == (0, 0, 0)
    assert sorted(totals) == [2025, 2026, 2027, 2028, 2029, 2030]
    # the plan's total is the whole bill, scheduled or not
    assert plan.cost_max_vnd == 3 * 300 * M + 6000 * M + 300 * M
    assert plan.budget_per_year_vnd == 600 * M


def test_budget_from_the_site_profile() -> None:
    cl = checklist(crit("PWR-AA-01"), crit("PWR-BB-01"))
    plan = plan_for(
        cl,
        {"PWR-AA-01": "not_met", "PWR-BB-01": "not_met"},
        planning={"budget_per_year_vnd": 300 * M},
    )
    assert (action(plan, "PWR-AA-01").year, action(plan, "PWR-BB-01").year) == (2025, 2026)
    with pytest.raises(InputError):
        plan_for(cl, {"PWR-AA-01": "not_met"}, budget=0)


def test_cost_spread_over_the_years_an_action_runs_in() -> None:
    cl = checklist(crit("PWR-AA-01", weeks=4))
    plan = plan_for(cl, {"PWR-AA-01": "not_met"}, as_of=date(2025, 12, 18))
    # 28 days from 2025-12-18: 14 in 2025 and 14 in 2026
    assert dates(plan, "PWR-AA-01") == (date(2025, 12, 18), date(2026, 1, 14))
    running = running_by_year(plan.actions)
    totals = {
        y.year: (y.cost_min_vnd, y.cost_max_vnd, y.actions, running[y.year]) for y in plan.years
    }
    # counted once, in the year it starts; costed by its days in each year
    assert totals[2025] == (50 * M, 150 * M, 1, 1)
    assert totals[2026] == (50 * M, 150 * M, 0, 1)


def test_multi_year_cost_is_allocated_in_the_catalogues_step() -> None:
    cl = checklist(crit("PWR-AA-01", weeks=4))
    assert cl.planning is not None
    cl.planning.allocation_step_vnd = 100 * M
    plan = plan_for(cl, {"PWR-AA-01": "not_met"}, as_of=date(2025, 12, 18))
    totals = {y.year: (y.cost_min_vnd, y.cost_max_vnd) for y in plan.years}
    # by days 150/150 million; in steps of 100 million the first year is 100, the last the rest;
    # the lower figures follow the same split, so neither year's low passes its high
    assert (totals[2025], totals[2026]) == ((33_333_333, 100 * M), (66_666_667, 200 * M))
    assert plan.allocation_step_vnd == 100 * M
    assert "100 million" in years_note(plan.allocation_step_vnd, "en")
    # a budget under ten steps a year splits by days to the đồng
    small = plan_for(cl, {"PWR-AA-01": "not_met"}, as_of=date(2025, 12, 18), budget=999 * M)
    assert small.allocation_step_vnd == 1 and small.years[0].cost_max_vnd == 150 * M


def test_plan_starts_no_earlier_than_the_as_of_date() -> None:
    cl = checklist(crit("PWR-AA-01"))
    plan = plan_for(cl, {"PWR-AA-01": "not_met"}, as_of=date(2026, 11, 27))
    assert (action(plan, "PWR-AA-01").start, action(plan, "PWR-AA-01").phase) == (
        date(2026, 11, 27),
        2,
    )


def test_work_that_cannot_finish_in_the_window_is_unscheduled() -> None:
    cl = checklist(crit("PWR-AA-01", weeks=60), crit("PWR-BB-01", weeks=10))
    plan = plan_for(
        cl, {"PWR-AA-01": "not_met", "PWR-BB-01": "not_met"}, planning={"end_year": 2025}
    )
    assert plan.unscheduled == ["PWR-AA-01"]
    assert "2025" in (action(plan, "PWR-AA-01").note or text("")).en
    assert action(plan, "PWR-BB-01").scheduled
    assert [y.year for y in plan.years] == [2025]


def test_disruption_flag_is_carried() -> None:
    cl = checklist(
        crit("PWR-AA-01", disruption="shutdown"), crit("PWR-BB-01", disruption="reduced_redundancy")
    )
    plan = plan_for(cl, {"PWR-AA-01": "not_met", "PWR-BB-01": "not_met"})
    assert (
        action(plan, "PWR-AA-01").disruption.value,
        action(plan, "PWR-BB-01").disruption.value,
    ) == (
        "shutdown",
        "reduced_redundancy",
    )


def test_works_on_one_system_overlap_except_in_their_outage_weeks() -> None:
    # two 30-week works on the electrical system in one year: their whole lengths (60 weeks)
    # cannot follow each other inside 2025, their 2-week cut-overs can; without a figure the
    # whole work is the outage and only one fits
    def plan_of(outage: int | None) -> RemediationPlan:
        cl = checklist(
            *(
                crit(cid, weeks=30, disruption="reduced_redundancy", outage_weeks=outage)
                for cid in ("PWR-AA-01", "PWR-BB-01")
            )
        )
        answers: dict[str, Answer | str] = {"PWR-AA-01": "not_met", "PWR-BB-01": "not_met"}
        return plan_for(cl, answers, planning={"end_year": 2025})

    plan = plan_of(2)
    first, second = sorted(
        (action(plan, cid) for cid in ("PWR-AA-01", "PWR-BB-01")), key=lambda a: a.outage_start
    )
    for work in (first, second):
        assert work.scheduled and work.system == "electrical" and work.outage_weeks == 2
        assert work.outage_end == work.end
        assert (work.outage_end - work.outage_start).days + 1 == 14
    assert first.outage_end < second.outage_start  # one cut-over after the other
    assert second.start < first.end  # the rest of the works run side by side
    whole = plan_of(None)
    assert sum(a.scheduled for a in whole.actions) == 1
    assert all(a.outage_weeks == 30 for a in whole.actions)


CHAIN = checklist(
    crit("PWR-AA-01", weeks=4),
    crit("PWR-BB-01", weeks=2, depends_on=["PWR-AA-01"]),
    crit("PWR-CC-01", weeks=1),
)
CHAIN_GAPS: dict[str, Answer | str] = {
    "PWR-AA-01": "not_met",
    "PWR-BB-01": "not_met",
    "PWR-CC-01": "not_met",
}


def test_overrides_are_applied_and_named() -> None:
    overrides = {
        "PWR-AA-01": {
            "lead_unit": text("Công ty ABC"),
            "start": "2026-03-02",
            "cost_min_vnd": 120 * M,
            "cost_max_vnd": 150 * M,
            "status": "in_progress",
        }
    }
    plan = plan_for(CHAIN, CHAIN_GAPS, overrides)
    first = action(plan, "PWR-AA-01")
    assert first.overridden == ["cost_max_vnd", "cost_min_vnd", "lead_unit", "start", "status"]
    assert (first.start, first.end, first.year, first.phase) == (
        date(2026, 3, 2),
        date(2026, 3, 29),
        2026,
        2,
    )
    assert (first.cost_min_vnd, first.cost_max_vnd, first.status) == (
        120 * M,
        150 * M,
        ActionStatus.IN_PROGRESS,
    )
    assert first.lead_unit.en == "Công ty ABC"
    # what depends on it starts in the year after the date the project manager set
    assert dates(plan, "PWR-BB-01") == (date(2027, 1, 1), date(2027, 1, 14))
    assert action(plan, "PWR-CC-01").overridden == []


def test_fixed_dates_reserve_the_budget_first() -> None:
    overrides = {"PWR-CC-01": {"start": "2025-06-02"}}
    plan = plan_for(CHAIN, CHAIN_GAPS, overrides, budget=600 * M)
    assert dates(plan, "PWR-CC-01") == (date(2025, 6, 2), date(2025, 6, 8))
    assert action(plan, "PWR-AA-01").year == 2025
    assert action(plan, "PWR-BB-01").start == date(2026, 1, 1)


def test_deferred_action_leaves_the_timeline_with_its_dependents() -> None:
    overrides = {"PWR-AA-01": {"status": "deferred", "status_reason": "chờ vốn năm 2027"}}
    plan = plan_for(CHAIN, CHAIN_GAPS, overrides)
    deferred = action(plan, "PWR-AA-01")
    assert (deferred.status, deferred.scheduled, deferred.status_reason) == (
        ActionStatus.DEFERRED,
        False,
        "chờ vốn năm 2027",
    )
    assert plan.unscheduled == ["PWR-BB-01"]
    assert action(plan, "PWR-CC-01").scheduled
    assert all(y.actions <= 1 for y in plan.years)


def test_deferral_needs_a_reason() -> None:
    with pytest.raises(ValueError, match="status_reason"):
        ActionOverride(status=ActionStatus.DEFERRED)


def test_closed_gap_with_an_override_stays_as_resolved() -> None:
    overrides = {
        "PWR-AA-01": {"status": "in_progress", "start": "2025-02-03"},
        "PWR-CC-01": {"lead_unit": text("Ban QLDA")},
        "PWR-ZZ-99": {"status": "done"},
    }
    before = plan_for(CHAIN, CHAIN_GAPS, overrides)
    assert {a.id for a in before.actions} == {"PWR-AA-01", "PWR-BB-01", "PWR-CC-01"}
    assert before.orphan_overrides == ["PWR-ZZ-99"]
    # re-scoring after the work: AA met, CC not applicable, BB still open
    after = plan_for(
        CHAIN,
        {"PWR-AA-01": "met", "PWR-BB-01": "not_met", "PWR-CC-01": "not_applicable"},
        overrides,
    )
    resolved = action(after, "PWR-AA-01")
    assert (resolved.status, resolved.scheduled, resolved.start) == (
        ActionStatus.RESOLVED,
        False,
        date(2025, 2, 3),
    )
    assert resolved.overridden == ["start", "status"]
    assert resolved.note is not None and resolved.note.vi and resolved.note.en
    assert action(after, "PWR-CC-01").status is ActionStatus.RESOLVED
    assert action(after, "PWR-CC-01").lead_unit.en == "Ban QLDA"
    # the open action no longer waits for the resolved one, and resolved work costs nothing more
    assert action(after, "PWR-BB-01").depends_on == []
    assert action(after, "PWR-BB-01").start == AS_OF
    assert (after.cost_min_vnd, after.cost_max_vnd) == (100 * M, 300 * M)
    assert {a.id for a in after.actions[-2:]} == {"PWR-AA-01", "PWR-CC-01"}  # resolved come last
    # without an override a closed gap simply has no action
    assert {a.id for a in plan_for(CHAIN, {"PWR-AA-01": "met"}).actions} == set()


def test_unanswered_criterion_with_an_override_keeps_its_action() -> None:
    plan = plan_for(CHAIN, {"PWR-BB-01": "not_met"}, {"PWR-AA-01": {"status": "planned"}})
    kept = action(plan, "PWR-AA-01")
    assert kept.status is ActionStatus.PLANNED and kept.scheduled
    assert "PWR-AA-01" in plan.to_assess
    assert action(plan, "PWR-BB-01").depends_on == ["PWR-AA-01"]


def test_resolved_status_on_an_open_gap_means_done() -> None:
    plan = plan_for(CHAIN, CHAIN_GAPS, {"PWR-CC-01": {"status": "resolved"}})
    assert action(plan, "PWR-CC-01").status is ActionStatus.DONE


def test_bad_override_values_are_input_errors() -> None:
    with pytest.raises(InputError, match="cost_max_vnd"):
        plan_for(CHAIN, CHAIN_GAPS, {"PWR-CC-01": {"cost_min_vnd": 500 * M}})
    # dates in the wrong order are refused when the plan file is read, with its line
    with pytest.raises(ValidationError, match="end is before start"):
        plan_for(CHAIN, CHAIN_GAPS, {"PWR-CC-01": {"start": "2025-05-01", "end": "2025-04-01"}})


def test_end_only_override_fixes_the_start_from_the_duration() -> None:
    plan = plan_for(CHAIN, CHAIN_GAPS, {"PWR-CC-01": {"end": "2025-03-07"}})
    assert dates(plan, "PWR-CC-01") == (date(2025, 3, 1), date(2025, 3, 7))


def test_missing_planning_table_or_band_is_an_input_error() -> None:
    bare = Checklist(header=HEADER, criteria=[crit("PWR-AA-01")])
    with pytest.raises(InputError, match="planning"):
        plan_for(bare, {"PWR-AA-01": "not_met"})
    with pytest.raises(InputError, match="XXL"):
        plan_for(checklist(crit("PWR-AA-01", cost_band="XXL")), {"PWR-AA-01": "not_met"})


def _texts(value: Any) -> list[LocalizedText]:
    if isinstance(value, LocalizedText):
        return [value]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _texts(getattr(value, name))]
    return []


def test_every_text_in_the_plan_is_in_both_languages() -> None:
    cl = checklist(
        crit("PWR-AA-01", cost_band="L"),
        crit("PWR-BB-01", depends_on=["PWR-AA-01"]),
        crit("PWR-CC-01"),
        crit("PWR-DD-01"),
    )
    answers: dict[str, Answer | str] = {
        "PWR-AA-01": "not_met",
        "PWR-BB-01": "not_met",
        "PWR-CC-01": "partial",
    }
    plan = plan_for(cl, answers, {"PWR-DD-01": {"status": "done"}}, budget=300 * M)
    texts = _texts(plan)
    assert len(texts) >= 4 * 3 + 3  # title, lead, coordinating per action, plus notes
    for localized in texts:
        assert localized.vi.strip() and localized.en.strip()
    notes = [a.note for a in plan.actions if a.note]
    assert notes and all(n.vi != n.en for n in notes)


def test_plan_is_deterministic_and_order_free() -> None:
    cl = checklist(
        crit("PWR-AA-01", weeks=3),
        crit("PWR-BB-01", depends_on=["PWR-AA-01"]),
        crit("CLG-CC-01", severity="critical"),
        crit("CLG-DD-01", must_pass=True, cost_band="M"),
    )
    answers: dict[str, Answer | str] = {c.id: "not_met" for c in cl.criteria}
    reference = plan_for(cl, answers, budget=1200 * M)
    reordered = checklist(*reversed(cl.criteria))
    assert plan_for(reordered, dict(reversed(list(answers.items()))), budget=1200 * M) == reference


def test_csv_and_xlsx_speak_the_readers_language() -> None:
    import io

    from openpyxl import load_workbook

    plan = plan_for(CHAIN, CHAIN_GAPS, budget=300 * M)
    csv_text = plan_csv(plan, "vi")
    assert csv_text.startswith("\ufeff")  # Excel reads the Vietnamese right
    header, *rows = csv_text[1:].splitlines()
    assert "Kinh phí tối đa (đồng)" in header and "title_vi" not in header
    assert len(rows) == 3 and "Fix PWR-AA-01 (vi)" in csv_text
    assert header.endswith(",Tính đến ngày")  # the figures' date travels with the file
    assert all(row.endswith(f",{plan.as_of.isoformat()}") for row in rows)
    assert "(vi)" not in plan_csv(plan, "en")
    book = load_workbook(io.BytesIO(plan_xlsx(plan, CHAIN, "en")))
    assert book.sheetnames == ["Tasks", "Cost by year", "Open items", "About"]
    actions = list(book["Tasks"].iter_rows(values_only=True))
    assert actions[0][:3] == ("Criterion id", "Priority", "Must pass")
    assert {r[0] for r in actions[1:]} == {"PWR-AA-01", "PWR-BB-01", "PWR-CC-01"}
    start = actions[0].index("Start date")
    assert all(isinstance(r[start], datetime) for r in actions[1:])  # real dates, not text
    years = list(book["Cost by year"].iter_rows(values_only=True))
    assert years[1][:5] == (2025, 1, 1, 100 * M, 300 * M)
    assert years[-2][0] == "Total" and years[-2][1] == 3


def test_window_dates_stay_within_the_plan_years() -> None:
    cl = checklist(*(crit(f"PWR-AA-{n:02d}", weeks=26, cost_band="M") for n in range(1, 15)))
    plan = plan_for(cl, {c.id: "not_met" for c in cl.criteria}, budget=2000 * M)
    for a in plan.actions:
        if a.scheduled:
            assert date(2025, 1, 1) <= a.start <= a.end <= date(2030, 12, 31)
            assert a.end - a.start == timedelta(days=26 * 7 - 1)
    for year in plan.years:
        assert year.cost_max_vnd <= 2000 * M
    # two half-year actions of up to 1 billion fit 2 billion a year: 12 in six years, 2 left over
    assert plan.unscheduled == ["PWR-AA-13", "PWR-AA-14"]


# --- over the shipped catalogue ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Checklist:
    from conftest import CHECKLISTS

    from tierassess.storage.catalogue import load_checklist

    return load_checklist(CHECKLISTS, "tier3")


def test_shipped_catalogue_all_met_with_fresh_evidence_gives_tier_three(shipped: Checklist) -> None:
    from tierassess.core.models import EvidenceItem

    site = assessment({})
    items = []
    for n, criterion in enumerate(shipped.applicable(site.site)):
        # one item of each kind the criterion asks for: only that kind counts (freshness)
        shas = [f"{n + 1:056x}{k:08x}" for k in range(len(criterion.evidence))]
        site.answers[criterion.id] = Answer(
            result="met", evidence=shas, catalogue_version=shipped.version
        )
        for sha, expectation in zip(shas, criterion.evidence, strict=True):
            items.append(
                EvidenceItem(
                    sha256=sha,
                    original_name="x.pdf",
                    media_type="application/pdf",
                    size=1,
                    kind=expectation.kind,
                    captured_at=AS_OF,
                    added_at="2024-12-01T00:00:00Z",
                    added_by="t",
                )
            )
    card = score_assessment(shipped, site, EvidenceIndex(items=items), ScoringSettings(as_of=AS_OF))
    assert card.unverified == card.unanswered == []
    assert (card.facility_tier, card.meets_target, card.readiness) == (3, True, 1.0)
    assert build_plan(shipped, site, card, PlanOverrides()).actions == []


def test_shipped_catalogue_plans_every_gap(shipped: Checklist) -> None:
    site = assessment({})
    for criterion in shipped.applicable(site.site):
        site.answers[criterion.id] = Answer(result="not_met", catalogue_version=shipped.version)
    card = score_assessment(shipped, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    assert card.facility_tier == 0
    plan = build_plan(shipped, site, card, PlanOverrides(), budget_per_year_vnd=20_000_000_000)
    assert len(plan.actions) == len(card.criteria)
    ends = {a.id: a.end for a in plan.actions}
    for a in plan.actions:
        assert a.lead_unit.vi and a.lead_unit.en
        if a.scheduled:
            assert all(ends[d] < a.start for d in a.depends_on)


def test_a_time_limit_keeps_the_best_plan_found_and_says_it_is_not_proven(
    shipped: Checklist,
) -> None:
    site = assessment({})
    for criterion in shipped.applicable(site.site):
        site.answers[criterion.id] = Answer(result="not_met", catalogue_version=shipped.version)
    card = score_assessment(shipped, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    rushed = build_plan(
        shipped, site, card, PlanOverrides(), budget_per_year_vnd=20_000_000_000, time_limit=0.01
    )
    assert not rushed.optimal
    ends = {a.id: a.end for a in rushed.actions}
    scheduled = [a for a in rushed.actions if a.scheduled]
    assert scheduled  # the greedy plan at least
    for a in scheduled:
        assert all(ends[d] is not None and ends[d] < a.start for d in a.depends_on)
    for year in rushed.years:
        assert year.cost_max_vnd <= 20_000_000_000


def test_a_prerequisite_inherits_the_urgency_of_what_waits_for_it() -> None:
    cl = checklist(
        crit("PWR-AA-01", severity="minor"),  # P4, but the P1 action needs it
        crit("PWR-BB-01", must_pass=True, depends_on=["PWR-AA-01"]),
        crit("PWR-CC-01", severity="critical"),  # P2
    )
    plan = plan_for(cl, {c.id: "not_met" for c in cl.criteria}, budget=300 * M)
    # one S action (up to 300 million) a year: the P4 prerequisite goes before the P2 action
    assert [(a.id, a.year) for a in plan.actions] == [
        ("PWR-AA-01", 2025),
        ("PWR-BB-01", 2026),
        ("PWR-CC-01", 2027),
    ]
    assert action(plan, "PWR-AA-01").priority is Priority.P4


def test_done_without_dates_leaves_the_timeline() -> None:
    plan = plan_for(CHAIN, CHAIN_GAPS, {"PWR-AA-01": {"status": "done"}}, budget=300 * M)
    done = action(plan, "PWR-AA-01")
    assert (done.status, done.scheduled) == (ActionStatus.DONE, False)
    assert done.note is not None and "update the answer" in done.note.en
    assert plan.unscheduled == []
    # what waited for it starts at once, and the budget is free for the others
    assert dates(plan, "PWR-BB-01")[0] == AS_OF
    assert action(plan, "PWR-CC-01").year == 2026


@st.composite
def random_plan_case(draw: st.DrawFn) -> tuple[Checklist, dict[str, Answer | str], int | None]:
    count = draw(st.integers(min_value=1, max_value=10))
    criteria = []
    for n in range(count):
        earlier = [f"PWR-RR-{m:02d}" for m in range(n)]
        criteria.append(
            crit(
                f"PWR-RR-{n:02d}",
                must_pass=draw(st.booleans()),
                severity=draw(st.sampled_from(["critical", "major", "minor"])),
                cost_band=draw(st.sampled_from(["S", "M", "L"])),
                weeks=draw(st.integers(min_value=1, max_value=120)),
                depends_on=draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
                if earlier
                else [],
            )
        )
    answers: dict[str, Answer | str] = {
        c.id: draw(st.sampled_from(["not_met", "partial", "met", "not_assessed"])) for c in criteria
    }
    budget = draw(st.sampled_from([None, 500 * M, 2000 * M, 7000 * M]))
    return checklist(*criteria), answers, budget


@settings(max_examples=60, deadline=None)
@given(random_plan_case())
def test_schedule_invariants(case: tuple[Checklist, dict[str, Answer | str], int | None]) -> None:
    cl, answers, budget = case
    plan = plan_for(cl, answers, budget=budget)
    by_id = {a.id: a for a in plan.actions}
    gaps = {k for k, v in answers.items() if v in ("not_met", "partial")}
    assert set(by_id) == gaps
    for a in plan.actions:
        if a.scheduled:
            assert date(2025, 1, 1) <= a.start <= a.end <= date(2030, 12, 31)
            assert a.phase == a.year - 2024
            for need in a.depends_on:
                assert by_id[need].scheduled and by_id[need].end < a.start
        else:
            assert a.id in plan.unscheduled
    for a in plan.actions:
        if any(d in plan.unscheduled for d in a.depends_on):
            assert a.id in plan.unscheduled
    if budget is not None:
        assert all(y.cost_max_vnd <= budget for y in plan.years)
    assert plan.cost_max_vnd == sum(a.cost_max_vnd for a in plan.actions)
    scheduled_total = sum(a.cost_max_vnd for a in plan.actions if a.scheduled)
    assert sum(y.cost_max_vnd for y in plan.years) == scheduled_total
