"""Which disruptive works may overlap, from a topology model: well under a second for the catalogue.

``tierassess.core.planning.outages.outage_systems`` runs inside every ``plan``, ``report`` and
snapshot, so it must stay a small part of an interactive command. Timed: the shipped catalogue's
disruptive remediation templates (every one a work, with its ``affects``) on

* the sample site's model (evidence/sample-provincial-dc/topology.yaml, 29 elements), and
* the synthetic Tier III models of ``bench_topology.py`` (about 200 and 2,000 elements), where
  nothing is a single point of failure, so few works conflict through the loads they put at risk
  alone and the pair removals are what the time goes to.

How it grows: with K distinct elements of the kinds the works list, K single removals and at most
K²/2 pair removals (pairs of works already in one system, or sharing an element, are skipped),
each an evaluation of the model downstream of the elements out (``check.loads_at_risk``; about
O(depth) for tree-like one-lines). Linear in the works and their ``affects`` otherwise. Best of
several runs after a warm-up; CPU time is printed too, since a busy machine inflates wall time.
Run: python benchmarks/bench_outages.py   (exit 1 when a target is missed)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench_topology import synthetic

from tierassess.core.models import Disruption
from tierassess.core.planning.outages import OutageWork, outage_systems
from tierassess.core.topology.loader import load_topology, topology_from_data
from tierassess.core.topology.model import Topology
from tierassess.storage.catalogue import catalogue_dir, load_checklist

RUNS = 5
TARGET_SECONDS = 0.3  # the sample site: a small share of an interactive `plan`
LARGE_TARGET_SECONDS = 2.0
REPO = Path(__file__).resolve().parent.parent


def catalogue_works() -> list[OutageWork]:
    """Every disruptive remediation template of the shipped catalogue, as a work."""
    checklist = load_checklist(catalogue_dir(REPO))
    return [
        OutageWork(c.id, c.subsystem, tuple(c.remediation.affects))
        for c in checklist.criteria
        if c.remediation.disruption is not Disruption.NONE
    ]


def measure(works: list[OutageWork], topology: Topology) -> tuple[float, float, int]:
    outage_systems(works, topology)  # warm-up
    best_wall, best_cpu = float("inf"), float("inf")
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        systems = outage_systems(works, topology)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, len(set(systems.values()))


def main() -> int:
    works = catalogue_works()
    models = {
        "sample site": (
            load_topology(REPO / "evidence" / "sample-provincial-dc" / "topology.yaml"),
            TARGET_SECONDS,
        ),
        "synthetic ~200": (
            topology_from_data(synthetic(halls=2, pdus=4, racks=17)),
            LARGE_TARGET_SECONDS,
        ),
        "synthetic ~2000": (
            topology_from_data(synthetic(halls=10, pdus=10, racks=17)),
            LARGE_TARGET_SECONDS,
        ),
    }
    failed = False
    for name, (topology, limit) in models.items():
        wall, cpu, systems = measure(works, topology)
        verdict = "ok" if wall < limit else "TOO SLOW"
        failed |= wall >= limit
        print(
            f"{name:16s} {len(topology.elements):5d} elements, {len(works)} works -> "
            f"{systems} systems: {wall:.3f} s wall, {cpu:.3f} s CPU (target < {limit} s) — {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
