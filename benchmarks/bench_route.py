"""The cheapest route for the full catalogue in under 1 s; compare over 10 snapshots in under 1 s.

Route: a synthetic site with every applicable criterion of the shipped catalogue not met (the
worst case: every criterion is a gap and an action, every combined action and only-together group
of planning.yaml applies). Scoring and planning are done once, untimed; ``find_route`` (the
candidates, the 0-1 program, HiGHS) is timed, best of several runs after a warm-up. How it grows:
building the program is linear in actions + requirements + dependencies; HiGHS solves this set
cover with precedence in branch-and-cut, exponential in the worst case, but the catalogue's
structure (few combined actions, short dependency chains) keeps the LP relaxation near-integral,
so in practice it grows about linearly (about 10 ms for the catalogue's ~190 actions here).

Compare: 10 snapshots of a site drifting towards Tier III (each a year of closed gaps) written to
a folder; timed: reading and checking all ten (digest), comparing each consecutive pair and the
first with the last, and the progress series. Linear in snapshots x (criteria + actions).
Run: python benchmarks/bench_route.py   (exit 1 when a target is missed)
"""

from __future__ import annotations

import itertools
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tierassess.core.models import (
    Answer,
    Assessment,
    CoolingTechnology,
    EvidenceIndex,
    PlanOverrides,
    Result,
    ScoringSettings,
    SiteProfile,
)
from tierassess.core.planning import build_plan
from tierassess.core.route import find_route
from tierassess.core.scoring import score_assessment
from tierassess.reports.compare import compare, progress_series
from tierassess.storage.catalogue import catalogue_dir, load_checklist
from tierassess.storage.snapshots import list_snapshots, save_snapshot, take_snapshot

RUNS = 7
SNAPSHOTS = 10
TARGET_SECONDS = 1.0
AS_OF = date(2026, 6, 1)
REPO = Path(__file__).resolve().parent.parent


def _site(answers: dict[str, Answer]) -> Assessment:
    profile = SiteProfile(
        id="bench-dc",
        name="Benchmark DC",
        operator="Benchmark",
        address="Quảng Ngãi",
        cooling_technology=CoolingTechnology.CHILLED_WATER_AIR_COOLED,
        design_it_load_kw=500,
    )
    return Assessment(
        site=profile, checklist_id="tier3", checklist_version="1.1.0", answers=answers
    )


def _best(work: object, runs: int = RUNS) -> tuple[float, float]:
    assert callable(work)
    work()  # warm-up: imports, validators
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        work()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(wall), min(cpu)


def bench_route() -> float:
    checklist = load_checklist(catalogue_dir(REPO))
    site = _site({})
    applicable = checklist.applicable(site.site, 3)
    site = _site({c.id: Answer(result=Result.NOT_MET) for c in applicable})
    card = score_assessment(checklist, site, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    plan = build_plan(checklist, site, card)
    route = find_route(checklist, card, plan)
    wall, cpu = _best(lambda: find_route(checklist, card, plan))
    print(
        f"route: {len(plan.actions)} actions, {len(route.requirements)} requirements, "
        f"{len(route.steps)} on the route; best {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU"
    )
    return wall


def bench_compare() -> float:
    checklist = load_checklist(catalogue_dir(REPO))
    rnd = random.Random(16)
    applicable = [c.id for c in checklist.applicable(_site({}).site, 3)]
    open_gaps = set(applicable)
    with tempfile.TemporaryDirectory() as folder:
        site_dir = Path(folder)
        for year in range(SNAPSHOTS):
            closing = rnd.sample(sorted(open_gaps), k=min(len(open_gaps), len(applicable) // 12))
            open_gaps -= set(closing)
            answers = {
                c: Answer(result=Result.NOT_MET if c in open_gaps else Result.MET)
                for c in applicable
            }
            day = AS_OF + timedelta(days=365 * year)
            snapshot = take_snapshot(
                checklist,
                _site(answers),
                EvidenceIndex(),
                PlanOverrides(),
                ScoringSettings(as_of=day),
                taken_at=datetime(day.year, day.month, day.day, tzinfo=UTC),
            )
            save_snapshot(site_dir, snapshot)

        def work() -> None:
            found = list_snapshots(site_dir)
            for before, after in itertools.pairwise(found):
                compare(before, after, checklist.renames)
            compare(found[0], found[-1], checklist.renames)
            progress_series(found)

        wall, cpu = _best(work)
    print(
        f"compare: {SNAPSHOTS} snapshots read and checked, {SNAPSHOTS} comparisons and the series; "
        f"best {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU"
    )
    return wall


def main() -> int:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    route = bench_route()
    compared = bench_compare()
    missed = [
        name for name, took in (("route", route), ("compare", compared)) if took >= TARGET_SECONDS
    ]
    print(
        f"target: each under {TARGET_SECONDS:.0f} s -> {'missed: ' + ', '.join(missed) if missed else 'met'}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
