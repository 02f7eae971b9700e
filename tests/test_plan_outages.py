"""Works that take redundancy away never overlap: the system each outage holds, from the model.

Facilities from ``topology_support``: BASE_2N (A and B paths, each with a generator, UPS,
battery and PDUs; dual-corded racks; three 150 kW cooling units for 300 kW, N+1). UPS_CHW is
BASE_CHW (two chiller trains, N+1) with a UPS on each power path, so that its UPS plant and
its chiller plant are independent.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scoring import AS_OF, assessment, checklist, crit
from topology_support import BASE_2N, BASE_CHW, model, variant

from tierassess.core.models import (
    Checklist,
    Criterion,
    EvidenceIndex,
    PlanOverrides,
    RemediationAction,
    RemediationPlan,
    ScoringSettings,
)
from tierassess.core.planning import build_plan
from tierassess.core.planning.outages import OutageWork, outage_systems
from tierassess.core.route import plan_with_route
from tierassess.core.scoring import score_assessment
from tierassess.core.topology import Topology
from tierassess.core.topology.check import loads_at_risk
from tierassess.core.topology.loader import load_topology
from tierassess.storage.catalogue import load_checklist

UPS_ON_EACH_PATH: dict[str, Any] = {
    "remove_connections": [{"from": "MB-A", "to": "RACK"}, {"from": "MB-B", "to": "RACK"}],
    "add_elements": [
        {"id": "UPS-A", "kind": "ups_module", "rating_kw": 100},
        {"id": "UPS-B", "kind": "ups_module", "rating_kw": 100},
    ],
    "add_connections": [
        {"from": "MB-A", "to": "UPS-A"},
        {"from": "MB-B", "to": "UPS-B"},
        {"from": "UPS-A", "to": "RACK"},
        {"from": "UPS-B", "to": "RACK"},
    ],
}


def ups_chw() -> Topology:
    return variant(BASE_CHW, UPS_ON_EACH_PATH)


def work(work_id: str, *affects: str) -> OutageWork:
    """A work whose criterion's subsystem follows its id, as in ``test_scoring.crit``."""
    return OutageWork(work_id, "electrical" if work_id.startswith("PWR") else "mechanical", affects)


# -- the loads a group of elements out of service puts at risk --------------------------------


def test_loads_at_risk_counts_only_what_the_group_adds_to_the_design() -> None:
    site = model(BASE_2N)
    ups_a, ups_b, both, battery_and_ups = loads_at_risk(
        site, [["UPS-A"], ["UPS-B"], ["UPS-A", "UPS-B"], ["BAT-B", "UPS-A"]]
    )
    assert ups_a == ups_b == frozenset()  # 2N: either path alone carries the racks
    assert both == battery_and_ups == {"RACKS-1", "RACKS-2"}
    # two cooling units out leave 150 kW for 300 kW of heat: the hall's racks are at risk
    assert loads_at_risk(site, [["CU-1", "CU-2"]]) == [{"RACKS-1", "RACKS-2"}]


def test_a_failure_naming_no_load_puts_every_load_at_risk() -> None:
    # both bulk tanks out leave 1,000 l of day tanks: 9.5 h at N, under the 12 h minimum
    assert loads_at_risk(model(BASE_2N), [["BULK-A", "BULK-B"]]) == [{"RACKS-1", "RACKS-2"}]


# -- the system each work holds ------------------------------------------------------------------


def test_two_ups_works_on_a_2n_model_hold_one_system() -> None:
    systems = outage_systems(
        [work("PWR-UPS-01", "ups_module"), work("PWR-UPS-02", "ups_module")], model(BASE_2N)
    )
    assert systems["PWR-UPS-01"] == systems["PWR-UPS-02"] == "electrical"


def test_works_whose_elements_drop_a_load_only_together_hold_one_system() -> None:
    # a battery work and a UPS work take out different elements, each harmless alone; but UPS-A
    # out with BAT-B out leaves no UPS path: the racks drop
    systems = outage_systems(
        [
            work("PWR-UPS-01", "ups_module"),
            work("PWR-BAT-01", "battery"),
            work("CLG-CU-01", "cooling_unit"),
        ],
        model(BASE_2N),
    )
    assert systems["PWR-UPS-01"] == systems["PWR-BAT-01"] == "electrical"
    assert systems["CLG-CU-01"] == "mechanical"  # one unit out of an N+1 plant beside either


def test_elements_named_in_the_plan_file_replace_the_kinds() -> None:
    # by kinds, a UPS work and a battery work clash (UPS-A with BAT-B drops the racks); the
    # engineer names path A's elements for both: path B carries the racks while they overlap
    by_kinds = [work("PWR-UPS-01", "ups_module"), work("PWR-BAT-01", "battery")]
    named = [
        OutageWork("PWR-UPS-01", "electrical", ("ups_module",), ("UPS-A",)),
        OutageWork("PWR-BAT-01", "electrical", ("battery",), ("BAT-A",)),
    ]
    site = model(BASE_2N)
    assert len(set(outage_systems(by_kinds, site).values())) == 1
    assert len(set(outage_systems(named, site).values())) == 2
    across = [named[0], OutageWork("PWR-BAT-01", "electrical", ("battery",), ("BAT-B",))]
    assert len(set(outage_systems(across, site).values())) == 1  # A's UPS with B's battery


def test_works_across_subsystems_that_clash_hold_one_system_named_after_both() -> None:
    # generator A out stops MB-A and its cooling unit CU-1; with CU-2 out too, 150 kW for 300 kW
    systems = outage_systems(
        [work("PWR-GEN-01", "generator"), work("CLG-CU-01", "cooling_unit")], model(BASE_2N)
    )
    assert systems == {"PWR-GEN-01": "electrical+mechanical", "CLG-CU-01": "electrical+mechanical"}


def test_works_that_each_put_one_load_at_risk_hold_one_system() -> None:
    # a single-corded load behind a static switch on path A: the switch out, or either UPS bus
    # A out, drops it; out together they drop nothing more, but the load is never exposed to two
    # works at once
    single = {
        "add_elements": [
            {"id": "STS-1", "kind": "sts"},
            {"id": "SINGLE", "kind": "it_load", "power_kw": 10, "room": "HALL"},
        ],
        "add_connections": [{"from": "PDU-A2", "to": "STS-1"}, {"from": "STS-1", "to": "SINGLE"}],
    }
    works = [work("PWR-STS-01", "sts"), work("PWR-BUS-01", "ups_output_bus")]
    systems = outage_systems(works, variant(BASE_2N, single))
    assert systems == {"PWR-BUS-01": "electrical", "PWR-STS-01": "electrical"}


def test_works_that_take_out_one_element_hold_one_system() -> None:
    # the utility feed puts nothing at risk (the design runs without it), alone or with anything
    works = [work("PWR-UTL-01", "utility"), work("PWR-UTL-02", "utility")]
    assert set(outage_systems(works, model(BASE_2N)).values()) == {"electrical"}


def test_a_ups_work_and_a_chiller_work_on_independent_plants_may_overlap() -> None:
    systems = outage_systems(
        [work("PWR-UPS-01", "ups_module"), work("CLG-CHW-01", "chiller")], ups_chw()
    )
    assert systems == {"PWR-UPS-01": "electrical", "CLG-CHW-01": "mechanical"}


def test_groups_of_one_subsystem_are_numbered_by_their_first_work() -> None:
    ups = [work("PWR-AAA-01", "ups_module"), work("PWR-ZZZ-01", "ups_module")]
    tank = work("PWR-MMM-01", "water_storage")
    expected = {
        "PWR-AAA-01": "electrical:1",
        "PWR-ZZZ-01": "electrical:1",
        "PWR-MMM-01": "electrical:2",
    }
    assert outage_systems([*ups, tank], ups_chw()) == expected
    assert outage_systems([ups[1], tank, ups[0]], ups_chw()) == expected  # whatever the order


def test_a_kind_the_model_lacks_conflicts_by_its_name() -> None:
    works = [
        work("PWR-UPS-01", "ups_module", "fire_panel"),
        work("CLG-CHW-01", "chiller", "fire_panel"),
        work("CLG-TNK-01", "water_storage"),
    ]
    systems = outage_systems(works, ups_chw())
    # UPS and chiller are independent (above), but both works list fire_panel, which the model
    # has no element of: they hold one system; the make-up tank work, either tank feeding both
    # pumps, holds its own
    assert systems["PWR-UPS-01"] == systems["CLG-CHW-01"] == "electrical+mechanical"
    assert systems["CLG-TNK-01"] == "mechanical"


def test_a_tower_work_and_a_chiller_work_on_the_other_train_clash() -> None:
    # each alone leaves a train of N+1; tower 1 out with chiller 2 out leaves no train
    works = [work("CLG-CHW-01", "chiller"), work("CLG-TWR-01", "cooling_tower")]
    assert outage_systems(works, ups_chw()) == {
        "CLG-CHW-01": "mechanical",
        "CLG-TWR-01": "mechanical",
    }


@pytest.mark.parametrize("affects", [(), ("fire_panel",)], ids=["no affects", "kinds all absent"])
def test_a_work_the_model_cannot_place_holds_its_whole_subsystem(affects: tuple[str, ...]) -> None:
    works = [
        work("PWR-UPS-01", "ups_module"),
        work("PWR-TNK-01", "water_storage"),
        work("PWR-DOC-01", *affects),
        work("CLG-CHW-01", "chiller"),
    ]
    systems = outage_systems(works, ups_chw())
    assert systems == {
        "PWR-UPS-01": "electrical",
        "PWR-TNK-01": "electrical",
        "PWR-DOC-01": "electrical",
        "CLG-CHW-01": "mechanical",
    }


def test_without_a_model_a_work_holds_its_subsystem() -> None:
    works = [
        work("PWR-UPS-01", "ups_module"),
        work("CLG-CHW-01", "chiller"),
        OutageWork("OPS-DOC-01", "operations"),
    ]
    assert outage_systems(works, None) == {
        "PWR-UPS-01": "electrical",
        "CLG-CHW-01": "mechanical",
        "OPS-DOC-01": "operations",
    }


KINDS_2N = ["ups_module", "battery", "generator", "cooling_unit", "pdu", "ats", "fire_panel"]
SITE_2N = model(BASE_2N)


@st.composite
def works_on_2n(draw: st.DrawFn) -> list[OutageWork]:
    """A handful of works on BASE_2N: kinds it has, one it lacks (fire_panel), or none."""
    count = draw(st.integers(2, 6))
    return [
        OutageWork(
            f"{draw(st.sampled_from(['PWR', 'CLG']))}-W-{n:02d}",
            draw(st.sampled_from(["electrical", "mechanical"])),
            tuple(draw(st.lists(st.sampled_from(KINDS_2N), max_size=2, unique=True))),
        )
        for n in range(count)
    ]


@settings(max_examples=40, deadline=None)
@given(works_on_2n(), st.randoms(use_true_random=False))
def test_systems_keep_every_conflict_and_do_not_depend_on_order(
    works: list[OutageWork], random: Any
) -> None:
    systems = outage_systems(works, SITE_2N)
    shuffled = list(works)
    random.shuffle(shuffled)
    assert outage_systems(shuffled, SITE_2N) == systems
    present = {e.kind for e in SITE_2N.elements}
    for first, second in combinations(works, 2):
        placeable = [set(w.affects) & present for w in (first, second)]
        shared = set(first.affects) & set(second.affects)
        whole = not placeable[0] or not placeable[1]
        if shared or (whole and first.subsystem == second.subsystem):
            assert systems[first.id] == systems[second.id], (first, second)


# -- through the plan ----------------------------------------------------------------------------


def disruptive(cid: str, *affects: str, weeks: int = 8, outage_weeks: int = 2) -> Criterion:
    base = crit(cid, weeks=weeks, disruption="reduced_redundancy")
    remediation = base.remediation.model_copy(
        update={"affects": list(affects), "outage_weeks": outage_weeks}
    )
    return base.model_copy(update={"remediation": remediation})


def plan_for(cl: Checklist, topology: Topology | None) -> RemediationPlan:
    site = assessment({c.id: "not_met" for c in cl.criteria})
    card = score_assessment(cl, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    return build_plan(cl, site, card, topology=topology)


def window(action: RemediationAction) -> tuple[date, date]:
    """The weeks the work holds its system: its outage window, else (none placed) all of it."""
    if action.outage_start is not None and action.outage_end is not None:
        return action.outage_start, action.outage_end
    assert action.start is not None and action.end is not None
    return action.start, action.end


def apart(first: RemediationAction, second: RemediationAction) -> bool:
    (a_start, a_end), (b_start, b_end) = window(first), window(second)
    return a_end < b_start or b_end < a_start


def test_the_plan_never_overlaps_the_outages_of_works_the_model_says_clash() -> None:
    cl = checklist(disruptive("PWR-GEN-01", "generator"), disruptive("CLG-CU-01", "cooling_unit"))
    with_model = {a.id: a for a in plan_for(cl, model(BASE_2N)).actions}
    gen, cooling = with_model["PWR-GEN-01"], with_model["CLG-CU-01"]
    assert gen.system == cooling.system == "electrical+mechanical"
    assert gen.scheduled and cooling.scheduled and apart(gen, cooling)
    # without the model the two subsystems are apart, and both start on the first day
    plain = {a.id: a for a in plan_for(cl, None).actions}
    assert (plain["PWR-GEN-01"].system, plain["CLG-CU-01"].system) == ("electrical", "mechanical")
    assert not apart(plain["PWR-GEN-01"], plain["CLG-CU-01"])


def test_the_plan_overlaps_works_on_independent_plants_and_not_two_ups_works() -> None:
    cl = checklist(
        disruptive("PWR-UPS-01", "ups_module"),
        disruptive("PWR-UPS-02", "ups_module"),
        disruptive("CLG-CHW-01", "chiller"),
    )
    actions = {a.id: a for a in plan_for(cl, ups_chw()).actions}
    assert apart(actions["PWR-UPS-01"], actions["PWR-UPS-02"])
    assert not apart(actions["PWR-UPS-01"], actions["CLG-CHW-01"])
    assert actions["CLG-CHW-01"].start == actions["PWR-UPS-01"].start == AS_OF


def test_plan_with_route_and_booked_works_use_the_models_systems() -> None:
    cl = checklist(disruptive("PWR-GEN-01", "generator"), disruptive("CLG-CU-01", "cooling_unit"))
    site = assessment({c.id: "not_met" for c in cl.criteria})
    card = score_assessment(cl, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    booked = PlanOverrides.model_validate(
        {"actions": {"PWR-GEN-01": {"start": "2025-01-01", "end": "2025-02-25"}}}
    )
    plan, _ = plan_with_route(cl, site, card, booked, 50_000_000_000, model(BASE_2N))
    actions = {a.id: a for a in plan.actions}
    gen, cooling = actions["PWR-GEN-01"], actions["CLG-CU-01"]
    assert gen.system == cooling.system == "electrical+mechanical"
    assert (gen.start, gen.end) == (date(2025, 1, 1), date(2025, 2, 25))
    # the booked work holds its system for its whole dates: the cooling work's outage is not in them
    cooling_start, cooling_end = window(cooling)
    assert cooling_end < gen.start or cooling_start > gen.end


# -- through the command, on a copy of the sample site ---------------------------------------


def plan_json(cli: Callable[..., Result], workspace: Path, *args: str) -> dict[str, Any]:
    result = cli("plan", "sample-provincial-dc", "--format", "json", *args, workspace=workspace)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def outage_days(action: dict[str, Any]) -> tuple[str, str]:
    """The days an action holds its system: its outage window, else (dated by hand) all of it."""
    if action["outage_start"] is not None:
        return action["outage_start"], action["outage_end"]
    return action["start"], action["end"]


def overlapping(actions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of actions holding one system on a common day."""
    found = []
    for first, second in combinations(actions, 2):
        if first["system"] == second["system"]:
            (a_start, a_end), (b_start, b_end) = outage_days(first), outage_days(second)
            if not (a_end < b_start or b_end < a_start):
                found.append((first["id"], second["id"]))
    return found


BUDGETS = pytest.mark.parametrize(
    "budget", [(), ("--budget-per-year", "5000000000")], ids=["free", "5 ty"]
)


@BUDGETS
def test_plan_holds_the_systems_the_sites_model_gives(
    cli: Callable[..., Result], sample_workspace: Path, budget: tuple[str, ...]
) -> None:
    site_dir = sample_workspace / "evidence" / "sample-provincial-dc"
    by_id = load_checklist(sample_workspace / "checklists").by_id()
    plan = plan_json(cli, sample_workspace, "--as-of", "2026-01-15", *budget)
    disruptive = [a for a in plan["actions"] if a["system"] is not None]
    works = [
        OutageWork(a["id"], a["subsystem"], tuple(by_id[a["id"]].remediation.affects))
        for a in disruptive
    ]
    expected = outage_systems(works, load_topology(site_dir / "topology.yaml"))
    assert {a["id"]: a["system"] for a in disruptive} == expected
    placed = [a for a in disruptive if a["scheduled"] and a["outage_start"] is not None]
    assert overlapping(placed) == []
    # without the model, the subsystems, as before
    (site_dir / "topology.yaml").unlink()
    plain = plan_json(cli, sample_workspace, "--as-of", "2026-01-15", *budget)
    assert all(a["system"] in (None, a["subsystem"]) for a in plain["actions"])


@pytest.mark.parametrize(
    "budget",
    [(), ("--budget-per-year", "5000000000")],
    ids=["free", "5 ty"],
)
def test_booked_work_holds_its_system_for_its_dates(
    cli: Callable[..., Result], sample_workspace: Path, budget: tuple[str, ...]
) -> None:
    plan = plan_json(cli, sample_workspace, "--as-of", "2026-01-15", *budget)
    assert overlapping([a for a in plan["actions"] if a["system"] and a["scheduled"]]) == []


def test_plan_file_elements_must_be_in_the_model(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    site_dir = sample_workspace / "evidence" / "sample-provincial-dc"
    plan_file = site_dir / "plan.yaml"
    text = plan_file.read_text(encoding="utf-8")
    plan_file.write_text(
        text + "  PWR-UPS-04:\n    affects_elements: [MSB, NO-SUCH, UPS-9]\n", encoding="utf-8"
    )
    result = cli("plan", "sample-provincial-dc", workspace=sample_workspace)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if "affects_elements" in line]
    assert len(lines) == 2  # every problem at once, each with its line
    assert "plan.yaml:" in lines[0] and "NO-SUCH" in lines[0] and "UPS-9" in lines[1]
    assert "MSB" not in result.stderr  # the sample's main switchboard is in its model
    # named rightly, the plan builds and keeps the element names it was given
    plan_file.write_text(text + "  PWR-UPS-04:\n    affects_elements: [MSB]\n", encoding="utf-8")
    assert plan_json(cli, sample_workspace)["actions"]
