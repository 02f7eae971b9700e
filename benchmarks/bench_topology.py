"""The maintenance test on a 2,000-element model must take under 2 s, a 200-element one under 0.3 s.

Algorithm (tierassess/core/topology/graph.py): a least fixpoint of "works" over the feed graph
(worklist, O(V + E)), capacity per stage as bitset signatures pushed downstream plus Hall's
condition over the few demand groups (max-flow when there are many), and, for each element taken
out, only its descendants D(e) recomputed on top of the untouched state. Cost of the whole test:
O(sum over elements of |D(e)| + edges into D(e)), plus the Hall checks of the stages a removal
touches. For a one-line shaped like a tree of depth d that is about O(V * d); a model where every
element feeds everything is the worst case, O(V * (V + E)). Racks, rooms, utility and rack
transfer switches are not taken out (they are loads or earn no credit), which is why most
removals touch few elements.

The models are synthetic: a 2(N+1) electrical backbone (per side N+1 generators on a paralleling
bus, fuel, N+1 UPS modules, a distribution board and PDUs per hall), an N+1 chilled-water plant
with towers and make-up water, N+1 CRAHs per hall, dual-corded racks. Timed: validation of the
data and the whole check (best of several runs after a warm-up); Python start-up and imports are
not. CPU time is printed too, since a busy machine inflates wall-clock time.
Run: python benchmarks/bench_topology.py   (exit 1 when a target is missed)
"""

from __future__ import annotations

import sys
import time
from typing import Any

from tierassess.core.topology.check import check_topology
from tierassess.core.topology.loader import topology_from_data

RUNS = 5
TARGETS = {200: 0.3, 2000: 2.0}
RACK_KW = 5.0


def synthetic(halls: int, pdus: int, racks: int) -> dict[str, Any]:
    """A Tier III model with ``halls`` halls, ``pdus`` PDU pairs per hall, ``racks`` per pair."""
    elements: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []

    def add(element_id: str, kind: str, **fields: Any) -> str:
        elements.append({"id": element_id, "kind": kind, **fields})
        return element_id

    def link(source: str, *targets: str, medium: str | None = None) -> None:
        links.append({"from": source, "to": list(targets), **({"medium": medium} if medium else {})})  # fmt: skip

    it_kw = halls * pdus * racks * RACK_KW
    crahs, chillers, gens, modules = 5, 4, 3, 4
    hall_heat = pdus * racks * RACK_KW
    mech_kw = halls * crahs * 5 + chillers * (60 + 7 + 7 + 8) + 4
    add("UTIL", "utility")
    add("CITY", "water_utility")
    boards = {}
    for side in ("A", "B"):
        bus = add(f"PB-{side}", "paralleling_bus")
        plc = add(f"GCP-{side}", "controller", manual_mode=True)
        bulk = add(f"BULK-{side}", "fuel_tank", volume_l=40_000)
        pump = add(f"FP-{side}", "pump", power_kw=1)
        day = add(f"DAY-{side}", "fuel_tank", volume_l=2000)
        link(bulk, pump)
        link(pump, day, medium="fuel")
        ats = add(f"ATS-{side}", "ats")
        for g in range(gens):
            generator = add(f"G-{side}{g}", "generator", rating_kw=(it_kw + mech_kw) / (gens - 1) * 1.1, rating_type="dcc", fuel_lph=250)  # fmt: skip
            link(day, generator)
            link(plc, generator)
            link(generator, bus)
        link(bus, ats)
        link("UTIL", ats)
        msb = add(f"MSB-{side}", "switchboard")
        mb = add(f"MB-{side}", "switchboard")
        link(ats, msb)
        link(msb, mb, plc)
        link(mb, pump)
        ups_bus = add(f"UPSBUS-{side}", "ups_output_bus")
        battery = add(f"BAT-{side}", "battery")
        for m in range(modules):
            module = add(f"UPS-{side}{m}", "ups_module", rating_kw=it_kw / (modules - 1) * 1.05)
            link(msb, module)
            link(battery, module)
            link(module, ups_bus)
        for h in range(halls):
            board = add(f"DB-{side}{h}", "switchboard")
            link(ups_bus, board)
            for p in range(pdus):
                link(board, add(f"PDU-{side}{h}-{p}", "pdu"))
        boards[side] = mb
    for h in range(halls):
        room = add(f"HALL-{h}", "room")
        for p in range(pdus):
            for r in range(racks):
                rack = add(f"R-{h}-{p}-{r}", "it_load", power_kw=RACK_KW, room=room)
                link(f"PDU-A{h}-{p}", rack)
                link(f"PDU-B{h}-{p}", rack)
        for c in range(crahs):
            crah = add(f"CRAH-{h}-{c}", "cooling_unit", capacity_kw=hall_heat / (crahs - 1), power_kw=5)  # fmt: skip
            link(boards["A"], crah)
            link(boards["B"], crah)
            link("HDR-A", crah, medium="chilled_water")
            link("HDR-B", crah, medium="chilled_water")
            link(crah, room)
    share = it_kw / (chillers - 1) * 1.05
    add("HDR-A", "header")
    add("HDR-B", "header")
    for c in range(chillers):
        tower = add(f"CT-{c}", "cooling_tower", capacity_kw=share, makeup_lph=500, power_kw=8)
        cwp = add(f"CWP-{c}", "pump", capacity_kw=share, power_kw=7)
        chiller = add(f"CH-{c}", "chiller", capacity_kw=share, power_kw=60)
        chwp = add(f"CHWP-{c}", "pump", capacity_kw=share, power_kw=7)
        link(boards["A"], tower, cwp, chiller, chwp)  # dual power supplies
        link(boards["B"], tower, cwp, chiller, chwp)
        link(tower, cwp)
        link(cwp, chiller, medium="condenser_water")
        link(chiller, chwp)
        link(chwp, "HDR-A", "HDR-B", medium="chilled_water")
    for w in range(2):
        tank = add(f"WT-{w}", "water_storage", volume_l=30_000)
        link("CITY", tank)
    for w, side in enumerate(("A", "B")):
        pump = add(f"MWP-{w}", "pump", power_kw=2)
        link(boards[side], pump)
        link("WT-0", pump)
        link("WT-1", pump)
        link(pump, *(f"CT-{c}" for c in range(chillers)), medium="makeup_water")
    return {"format_version": 1, "elements": elements, "connections": links}


def measure(data: dict[str, Any]) -> tuple[float, float, int, int]:
    check_topology(topology_from_data(data))  # warm-up
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        report = check_topology(topology_from_data(data))
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, report.site_tier, report.elements_tested


def main() -> int:
    models = {200: synthetic(halls=2, pdus=4, racks=17), 2000: synthetic(halls=10, pdus=10, racks=17)}  # fmt: skip
    failed = False
    for size, data in models.items():
        wall, cpu, tier, tested = measure(data)
        count = len(data["elements"])
        limit = TARGETS[size]
        verdict = "ok" if wall < limit else "TOO SLOW"
        failed |= wall >= limit or tier != 3
        print(
            f"{count:5d} elements, {tested:4d} taken out: {wall:.3f} s wall, {cpu:.3f} s CPU "
            f"(target < {limit} s) — Tier {tier} — {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
