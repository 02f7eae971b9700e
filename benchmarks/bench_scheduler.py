"""The budget scheduler must plan the full catalogue's worth of actions for 2025-2030 in under 1 s.

Every criterion of the shipped catalogue becomes one job (its cost band's upper cost, its duration,
its priority, its dependencies, and for works that take redundancy away their subsystem and their
outage weeks), and the jobs are scheduled over 2025-2030 with no budget, 5 tỷ and 20 tỷ a year,
multi-year money allocated in the catalogue's step (planning.yaml ``allocation_step_vnd``).
Building the jobs is not timed; ``schedule`` is, best of a few runs. Wall-clock and CPU time are
printed (a busy machine inflates the former), and whether the solver proved its plan optimal.

How cost grows: the model has one variable per (job, first year), n x years, and rows per job,
year, system-year (one per distinct first week an outage may start) and dependency-year (about
200 jobs, 6 years: some 500-1,000 variables and 1,300-1,700 rows per solve), so building it and
the greedy passes are linear in n x years. Ranks are solved one at a time
(tierassess.core.planning.lexsolve): a rank the greedy plan funds whole costs nothing more;
otherwise its linear relaxation is solved (polynomial; 10-30 ms CPU here), and only when the
relaxation's bound, rounded down, leaves room for more jobs than the plan so far is a
mixed-integer programme solved (exponential in the worst case). Under a budget a second thread
solves one feasibility programme holding every rank to its bound
(tierassess.core.planning.optimistic); where one exists it ends the search, which is why wall
time is below CPU time.

Figures on this machine (2 cores, best wall time): no budget 0.25 s (all 198 jobs placed);
5 tỷ 0.25-0.4 s; 20 tỷ about 0.5 s (the optimistic plan, found at its first node, against 1.2 s
for the rank-by-rank search). Between 5 and 45 tỷ a year the wall time is 0.4-2.5 s: 1-1.7 s
where some rank falls short of its bound and the search decides alone, up to 2.4 s where the
optimistic programme needs a few hundred nodes. Before multi-year money was allocated in whole
steps, knife edges of a few million đồng took 2-9 s to prove; the step removed them.
Tried without an exact gain: knapsack cover rows in the feasibility programme (2-4 times
slower), CP-SAT, one weighted solve for all ranks, LP diving and rounding, restricted sub-MIPs,
merging identical jobs by their options, HiGHS options (heuristic effort, symmetry, presolve,
node limits). ``schedule``'s ``time_limit`` (``plan --time-limit``) bounds the wait: the best plan
found is kept and marked not proven.
Run: python benchmarks/bench_scheduler.py   (exit 1 when the target is missed)
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from tierassess.core.models import Disruption
from tierassess.core.planning import priority_for
from tierassess.core.planning.jobs import Job, allocation_step
from tierassess.core.planning.scheduler import schedule
from tierassess.storage.catalogue import catalogue_dir, load_checklist

TARGET_SECONDS = 1.0
RUNS = 3
BUDGETS = (None, 5_000_000_000, 20_000_000_000)


def catalogue_jobs() -> tuple[list[Job], int]:
    """The catalogue's criteria as jobs, and the catalogue's allocation step."""
    checklist = load_checklist(catalogue_dir(Path(__file__).resolve().parents[1]))
    assert checklist.planning is not None
    bands = {band.id: band for band in checklist.planning.cost_bands}
    ids = {criterion.id for criterion in checklist.criteria}
    jobs = []
    for criterion in checklist.criteria:
        template = criterion.remediation
        disruptive = template.disruption is not Disruption.NONE
        jobs.append(
            Job(
                criterion.id,
                bands[template.cost_band].max_vnd,
                template.duration_weeks,
                int(priority_for(criterion, 3).value[1]),
                tuple(d for d in template.depends_on if d in ids),
                criterion.subsystem if disruptive else None,
                outage_weeks=template.outage_weeks if disruptive else None,
            )
        )
    return jobs, checklist.planning.allocation_step_vnd


def main() -> int:
    jobs, step = catalogue_jobs()
    print(f"{len(jobs)} jobs, 2025-2030")
    worst, proven = 0.0, True
    for budget in BUDGETS:
        best_wall = best_cpu = float("inf")
        for _ in range(RUNS):
            wall, cpu = time.perf_counter(), time.process_time()
            result = schedule(
                jobs,
                date(2025, 1, 1),
                date(2030, 12, 31),
                budget,
                step=allocation_step(step, budget),
            )
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        worst = max(worst, best_wall)
        proven = proven and result.proven  # a plan cut short by the time limit does not count
        label = "no budget" if budget is None else f"{budget:,} VND/year"
        print(
            f"{label:>26}: {best_wall:.3f} s wall, {best_cpu:.3f} s CPU; "
            f"{len(result.placed)} placed, {len(result.unscheduled)} left out; "
            f"proven optimal: {result.proven}"
        )
    ok = worst < TARGET_SECONDS and proven
    print(
        f"target {TARGET_SECONDS:.1f} s, proven plans: {'met' if ok else 'MISSED'} "
        f"(worst {worst:.3f} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
