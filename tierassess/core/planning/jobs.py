"""What the budget scheduler (tierassess.core.planning.scheduler) takes and gives.

Jobs to place and work already dated go in; placements, the jobs left out with their reason,
and whether the answer is proven optimal come out. ``year_shares`` is how a job's money is
spread over the calendar years it runs in, here and in the plan's yearly totals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

__all__ = [
    "Booked",
    "DependencyCycle",
    "Job",
    "Placement",
    "Schedule",
    "Unscheduled",
    "UnscheduledReason",
    "allocation_step",
    "check_cycles",
    "explain_left_out",
    "split",
    "year_shares",
]


@dataclass(frozen=True)
class Job:
    """One piece of work to place.

    ``cost_vnd`` is what the budget must cover (the upper estimate); ``rank`` orders urgency
    (0 first); ``system`` names the system whose redundancy the work takes away (None: none).
    """

    id: str
    cost_vnd: int
    weeks: int
    rank: int
    depends_on: tuple[str, ...] = ()
    system: str | None = None
    after: date | None = None  # starts only after this day (the end of booked work it needs)
    outage_weeks: int | None = None  # of a work with a system: its last weeks hold it (None: all)


@dataclass(frozen=True)
class Booked:
    """Work already dated (by a project manager): it spends budget and occupies its system."""

    id: str
    start: date
    end: date
    cost_vnd: int
    system: str | None = None
    outage_start: date | None = None  # it holds its system from here to its end (None: start)


@dataclass(frozen=True)
class Placement:
    """Where a job is placed: its start and end, and whether it was stretched."""

    start: date
    end: date
    stretched_years: int = 0  # >0: lengthened over this many calendar years so none overspends
    outage_start: date | None = None  # when its system runs without redundancy (system works)
    outage_end: date | None = None


class UnscheduledReason(StrEnum):
    """Why a job has no place in the plan."""

    PAST_WINDOW = "past_window"  # cannot end by the window's last day, even with nothing else
    OVER_BUDGET = "over_budget"  # the budget left after more urgent work does not cover it
    SYSTEM_BUSY = "system_busy"  # works on the same system leave no room for it in the window
    WAITS_FOR = "waits_for"  # a job it depends on is not scheduled


@dataclass(frozen=True)
class Unscheduled:
    """A job left out, why, and which jobs it waits for."""

    reason: UnscheduledReason
    waits_for: tuple[str, ...] = ()


@dataclass
class Schedule:
    """The scheduler's answer: the jobs placed, those left out, and whether it is optimal."""

    placed: dict[str, Placement] = field(default_factory=dict)
    unscheduled: dict[str, Unscheduled] = field(default_factory=dict)
    proven: bool = True  # the funded set is the proven optimum (False: the time limit struck)

    def counts_by_rank(self, jobs: Iterable[Job]) -> tuple[int, ...]:
        """How many jobs of each rank (0, 1, ...) are placed: the vector the solver maximises."""
        ranked = list(jobs)
        top = max((j.rank for j in ranked), default=-1)
        return tuple(
            sum(1 for j in ranked if j.rank == r and j.id in self.placed) for r in range(top + 1)
        )


class DependencyCycle(ValueError):
    """Jobs that depend on each other in a circle."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(", ".join(ids))
        self.ids = ids


def year_shares(start: date, end: date, amount: int, step: int = 1) -> dict[int, int]:
    """``amount`` spread over the calendar years of [start, end] by days; shares sum to it.

    With a ``step``, what has been allocated by the end of each year is rounded down to a whole
    number of steps and the last year takes the rest: a multi-year work is allocated in round
    sums, as yearly capital plans are, and each year's share is within one step of its share by
    days. (Split to the đồng, the plan hinged on sums far below what its estimates can tell
    apart: a few million đồng of one work's split decided whether another work fitted a year.)
    """
    days = {
        year: (min(end, date(year, 12, 31)) - max(start, date(year, 1, 1))).days + 1
        for year in range(start.year, end.year + 1)
    }
    return split(amount, days, step)


def split(amount: int, weights: dict[int, int], step: int = 1) -> dict[int, int]:
    """``amount`` over the years of ``weights`` in their proportions; the shares sum to it.

    What is allocated by the end of each year is rounded down to whole ``step``; the last year
    takes the rest.
    """
    total = max(1, sum(weights.values()))
    *earlier, last = sorted(weights)
    shares: dict[int, int] = {}
    given = done = 0
    for year in earlier:
        done += weights[year]
        allocated = amount * done // total // step * step
        shares[year] = allocated - given
        given = allocated
    shares[last] = amount - given
    return shares


def allocation_step(step: int, budget: int | None) -> int:
    """The step a plan allocates multi-year work in: ``step``, or 1 under a budget of < 10 steps.

    A year's share may exceed its share by days by up to a step, so a budget only a few steps
    large would be mostly rounding: there money is split by days to the đồng.
    """
    return step if budget is None or budget >= 10 * step else 1


def check_cycles(jobs: Sequence[Job]) -> None:
    """Raises ``DependencyCycle`` naming the jobs that wait for each other in a circle."""
    known = {j.id for j in jobs}
    waiting = {j.id: {d for d in j.depends_on if d in known} for j in jobs}
    dependents: dict[str, list[str]] = defaultdict(list)
    for key, needs in waiting.items():
        for need in needs:
            dependents[need].append(key)
    ready = [key for key, needs in waiting.items() if not needs]
    done: set[str] = set()
    while ready:
        key = ready.pop()
        done.add(key)
        for other in dependents[key]:
            waiting[other].discard(key)
            if not waiting[other]:
                ready.append(other)
    if len(done) != len(known):
        raise DependencyCycle(sorted(known - done))


def explain_left_out(
    jobs: Sequence[Job], placeable: set[str], result: Schedule, budgeted: bool
) -> None:
    """Record why each job ``result`` does not place is left out.

    It waits for a job that is not placed, no start fits the window (not in ``placeable``), the
    budget does not cover it, or its system's weeks are taken.
    """
    known = {j.id for j in jobs}
    for job in jobs:
        if job.id in result.placed:
            continue
        missing = tuple(sorted(d for d in job.depends_on if d in known and d not in result.placed))
        if missing:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.WAITS_FOR, missing)
        elif job.id not in placeable:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.PAST_WINDOW)
        elif budgeted:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.OVER_BUDGET)
        else:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.SYSTEM_BUSY)
