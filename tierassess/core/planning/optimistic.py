"""Every rank at its relaxation's bound at once, solved beside the rank-by-rank search.

The rank-by-rank search (``lexsolve.most_urgent``) proves one rank's count after another, with a
mixed-integer programme for each rank the greedy plan falls short of. Under a budget, each rank's
optimum is usually its linear relaxation's bound rounded down, given the ranks before it at
theirs. Then one feasibility programme holding every rank to its bound finds the whole plan at
once, and the bounds prove it optimal: no plan funds more of a rank than its relaxation allows.

``most_urgent_side_by_side`` runs that optimistic programme in a second thread while the search
runs in the first (HiGHS releases the GIL; each solve uses one thread). Which answer is used
follows a rule that does not depend on which thread is faster, so a plan is the same on every
run and machine:

* a search that needs no mixed-integer programme (the greedy plan and the relaxations decide
  every rank) gives the answer;
* otherwise the optimistic plan is the answer when one exists: the search stops as soon as the
  optimistic programme finds it (before or during its own programmes);
* when none exists (some rank falls short of its bound), the search's answer is used; a search
  that ends first with counts short of the bounds stops the optimistic programme.

The wait is then the shorter of the two where the bounds are met: on the full catalogue at 20 tỷ
a year the optimistic programme takes about 0.7 s against 1.2 s for the search
(benchmarks/bench_scheduler.py). Cost: one linear programme per rank (polynomial); the
feasibility programme is NP-hard in general, like the search's own programmes.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Sequence

from tierassess.core.planning.lexsolve import (
    Choice,
    Row,
    Work,
    by_rank,
    cover_rows,
    most_urgent,
    solve,
)

__all__ = ["most_urgent_side_by_side"]


class _Race:
    """What the two threads tell each other, under one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.search_solves = False  # the search has come to a mixed-integer programme
        self.bounds: list[int] | None = None
        self.plan: list[int] | None = None  # the optimistic plan, once found
        self.bounds_known = threading.Event()  # set once the bounds are known, or never will be
        self.stop_search = threading.Event()
        self.stop_optimist = threading.Event()
        self.error: BaseException | None = None  # raised again in the caller's thread

    def search_may_solve(self) -> bool:
        """The search's question before each programme: go on, unless the optimist has a plan."""
        with self.lock:
            self.search_solves = True
            return self.plan is None

    def found(self, plan: list[int]) -> None:
        with self.lock:
            self.plan = plan
            if self.search_solves:
                self.stop_search.set()


def most_urgent_side_by_side(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    sizes: list[int],
    deadline: float,
) -> tuple[list[int], bool, bool]:
    """``lexsolve.most_urgent``'s answer, sooner where every rank reaches its bound.

    Returns the count per option, whether it is proven, and whether the greedy fill alone gave it.
    """
    race = _Race()

    def optimist() -> None:
        try:
            _bounds_then_plan(flat, jobs, rows, sizes, deadline, race)
        except BaseException as error:  # a bug here must not pass unseen in a side thread
            race.error = error
        finally:
            race.bounds_known.set()

    thread = threading.Thread(
        target=optimist,
        name="tierassess-optimistic",
        daemon=True,  # never keeps the program alive; stopped and joined below in any case
    )
    thread.start()
    try:
        searched = most_urgent(
            flat,
            jobs,
            rows,
            sizes,
            deadline,
            stop=race.stop_search,
            may_solve=race.search_may_solve,
        )
        with race.lock:
            solved = race.search_solves
        if solved:
            race.bounds_known.wait()
        with race.lock:
            short = race.plan is None and by_rank(searched[0], flat, jobs) != race.bounds
        if not solved or short:
            race.stop_optimist.set()  # the search's answer stands: no plan meets the bounds
        thread.join()
    finally:
        race.stop_optimist.set()
        thread.join()
    if race.error is not None:
        raise race.error
    if solved and race.plan is not None:
        return race.plan, True, False
    return searched


def _bounds_then_plan(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    sizes: list[int],
    deadline: float,
    race: _Race,
) -> None:
    """Each rank's bound given the ones before, then a plan meeting them all (told to ``race``)."""
    stop = race.stop_optimist
    upper = [float(sizes[o.job]) for o in flat]
    # The cover rows tighten the relaxations (and so the bounds); the feasibility programme has
    # no bound to prove, and without them it found its plan 2-4 times sooner on the catalogue.
    relaxed_rows = [*rows, *cover_rows(rows, upper)]
    at_least: list[Row] = []
    bounds: list[int] = []
    for rank in sorted({j.rank for j in jobs}):
        members = [col for col, o in enumerate(flat) if jobs[o.job].rank == rank]
        objective = [-1.0 if jobs[o.job].rank == rank else 0.0 for o in flat]
        _, bound, relaxed = solve(
            objective,
            relaxed_rows + at_least,
            upper,
            deadline - time.monotonic(),
            integral=False,
            stop=stop,
        )
        if not relaxed or not math.isfinite(bound):
            return
        bounds.append(math.floor(-bound + 1e-6))
        at_least.append((dict.fromkeys(members, 1.0), float(bounds[-1]), math.inf))
    with race.lock:
        race.bounds = bounds
    race.bounds_known.set()
    found, _, _ = solve(
        [0.0] * len(flat), rows + at_least, upper, deadline - time.monotonic(), stop=stop
    )
    if found is not None and not stop.is_set():
        race.found([round(v) for v in found])
