"""The solving passes of the budget scheduler (tierassess.planning.scheduler): exact and greedy.

``most_urgent`` finds the lexicographic optimum of the jobs funded per rank (a greedy plan first,
then one weighted mixed-integer programme for the ranks it does not fund whole); ``lay_out_earliest``
moves the funded jobs to the earliest years that hold them. Both work on columns (one per job
and possible first year) and rows ``(coefficients by column, lower, upper)`` that the scheduler
builds; the scheduler's docstring gives the rules and how cost grows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

__all__ = ["Choice", "Row", "Work", "lay_out_earliest", "most_urgent", "solve"]

#: One constraint: coefficients by column, lower bound, upper bound.
Row = tuple[dict[int, float], float, float]


class Work(Protocol):
    """What the passes read of a job (``scheduler.Job`` is one)."""

    @property
    def id(self) -> str:
        """The job's id."""

    @property
    def rank(self) -> int:
        """The job's urgency: 0 is the most urgent."""

    @property
    def weeks(self) -> int:
        """How many weeks the job takes."""

    @property
    def depends_on(self) -> tuple[str, ...]:
        """The ids of the jobs it waits for."""


class Choice(Protocol):
    """What the passes read of a column: the job (its index) it starts."""

    @property
    def job(self) -> int:
        """The index of the job the column starts."""


def solve(
    objective: list[float], rows: list[Row], upper: list[float], time_limit: float
) -> tuple[list[float] | None, bool]:
    """The best solution found within ``time_limit`` s, and whether it is proven optimal."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    size = len(objective)
    if size == 0:
        return [], True
    data: list[float] = []
    row_index: list[int] = []
    col_index: list[int] = []
    for number, (coefficients, _, _) in enumerate(rows):
        row_index += [number] * len(coefficients)
        col_index += coefficients.keys()
        data += coefficients.values()
    matrix = coo_array((data, (row_index, col_index)), shape=(len(rows), size)).tocsr()
    settings: dict[str, float | bool] = {"mip_rel_gap": 0.0, "time_limit": max(time_limit, 0.01)}
    result = milp(
        c=np.array(objective),
        constraints=[LinearConstraint(matrix, [r[1] for r in rows], [r[2] for r in rows])],
        integrality=np.ones(size),
        bounds=Bounds(np.zeros(size), np.array(upper)),
        options=settings,
    )
    found = None if result.x is None else [float(v) for v in result.x]
    return found, result.status == 0


def most_urgent(
    flat: Sequence[Choice], jobs: Sequence[Work], rows: list[Row], sizes: list[int], deadline: float
) -> tuple[list[int], bool, bool]:
    """Lexicographic optimum: most jobs of rank 0, then (keeping that) of rank 1, and so on.

    Returns the count per option, whether it is proven, and whether the greedy fill alone gave
    it. A rank whose every job the best plan so far already funds needs no solve: no plan funds
    more. The greedy fill (urgent first, each at its earliest year) is that first plan. The ranks
    left are solved at once when weights can keep them apart exactly (``_rank_weights``).
    """
    import time

    rows = list(rows)
    upper = [float(sizes[o.job]) for o in flat]
    solution = _fill(flat, jobs, rows, sizes)
    proven, settled = True, True
    ranks = sorted({j.rank for j in jobs})
    most = {r: sum(sizes[u] for u, job in enumerate(jobs) if job.rank == r) for r in ranks}
    at = 0
    while at < len(ranks):
        weights = {ranks[at]: 1.0}
        if _count(solution, flat, jobs, ranks[at]) < most[ranks[at]]:
            weights = _rank_weights(ranks[at:], most)
            objective = [-weights.get(jobs[o.job].rank, 0.0) for o in flat]
            found, optimal = solve(objective, rows, upper, deadline - time.monotonic())
            proven, settled = proven and optimal, False
            if found is None:
                break
            solution = [round(x) for x in found]
        for rank in weights:  # each weighted rank's count is now its lexicographic optimum
            members = {col for col, o in enumerate(flat) if jobs[o.job].rank == rank}
            best = _count(solution, flat, jobs, rank)
            rows.append((dict.fromkeys(members, 1.0), best - 0.5, math.inf))
        at += len(weights)
    return solution, proven, settled


def _count(solution: list[int], flat: Sequence[Choice], jobs: Sequence[Work], rank: int) -> int:
    return sum(n for n, o in zip(solution, flat, strict=True) if jobs[o.job].rank == rank)


#: The largest objective weight used: counts times weights stay exact integers far inside the
#: solver's tolerances (1e-6 relative to a count of one job of the last rank).
_MAX_WEIGHT = 1e5


def _rank_weights(ranks: Sequence[int], most: dict[int, int]) -> dict[int, float]:
    """Weights for the ranks left, most urgent first, so that one objective is lexicographic.

    Each rank's weight exceeds all later ranks' jobs together (weight times how many there
    are), so no number of later jobs outweighs one more urgent job: maximising the weighted sum
    maximises the counts rank by rank. The ranks whose weight would grow past ``_MAX_WEIGHT``
    are left for a later solve (the first rank always gets a weight: alone, 1).
    """
    chosen = {ranks[0]: 1.0}
    for end in range(2, len(ranks) + 1):
        weights: dict[int, float] = {}
        weight = 1.0
        for rank in reversed(ranks[:end]):
            weights[rank] = weight
            weight *= most[rank] + 1  # = 1 + the later ranks' weights times their counts
        if weight / (most[ranks[0]] + 1) > _MAX_WEIGHT:
            break
        chosen = weights
    return chosen


def _fill(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    sizes: list[int],
    shortest_first: bool = True,
) -> list[int]:
    """A feasible plan: units most urgent first (what they need before them), earliest years."""
    touching = _touching(rows)
    load = [0.0] * len(rows)
    counts = [0] * len(flat)
    columns: dict[int, list[int]] = defaultdict(list)
    for col, option in enumerate(flat):
        columns[option.job].append(col)
    for unit in _urgent_order(jobs, shortest_first):
        left = sizes[unit]
        for col in columns[unit]:  # options come in year order
            while left and all(load[r] + v <= rows[r][2] + 1e-9 for r, v in touching[col]):
                for r, v in touching[col]:
                    load[r] += v
                counts[col] += 1
                left -= 1
    return counts


def _urgent_order(jobs: Sequence[Work], shortest_first: bool = False) -> list[int]:
    """Units by the most urgent rank that waits on them, then shortest first or in their order.

    What a unit needs comes before it.
    """
    import heapq

    position = {job.id: i for i, job in enumerate(jobs)}
    needs = [{position[d] for d in job.depends_on if d in position} for job in jobs]
    urgency = [job.rank for job in jobs]
    changed = True
    while changed:  # a job takes the urgency of the most urgent job that needs it
        changed = False
        for unit, own in enumerate(needs):
            for need in own:
                if urgency[unit] < urgency[need]:
                    urgency[need], changed = urgency[unit], True
    waiting = [len(own) for own in needs]
    dependents: dict[int, list[int]] = defaultdict(list)
    for unit, own in enumerate(needs):
        for need in own:
            dependents[need].append(unit)
    length = [job.weeks if shortest_first else 0 for job in jobs]
    ready = [(urgency[u], length[u], u) for u, n in enumerate(waiting) if not n]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        *_, unit = heapq.heappop(ready)
        order.append(unit)
        for other in dependents[unit]:
            waiting[other] -= 1
            if not waiting[other]:
                heapq.heappush(ready, (urgency[other], length[other], other))
    return order


def lay_out_earliest(
    flat: Sequence[Choice], jobs: Sequence[Work], rows: list[Row], counts: list[int]
) -> list[int]:
    """With how many of each unit are funded fixed, move work to the earliest years that hold it.

    First the funded jobs are laid out afresh, most urgent first (what they need before them),
    each in the earliest year whose rows (budget, system weeks, dependencies) still hold. When
    that cannot fit them all, the solver's layout is kept and each job moves to the earliest
    year that holds it, until nothing moves (moving work earlier never breaks what needs it).
    """
    funded = [0] * len(jobs)
    for option, count in zip(flat, counts, strict=True):
        funded[option.job] += count
    fresh = _fill(flat, jobs, rows, funded, shortest_first=False)
    if sum(fresh) == sum(funded):
        return fresh
    touching = _touching(rows)
    load = [0.0] * len(rows)
    for col, count in enumerate(counts):
        for row, value in touching[col]:
            load[row] += value * count
    counts = list(counts)
    columns: dict[int, list[int]] = defaultdict(list)
    for col, option in enumerate(flat):
        columns[option.job].append(col)  # options come in year order
    moved = True
    while moved:
        moved = False
        for unit in _urgent_order(jobs):
            own = columns[unit]
            for at, col in enumerate(own):
                for earlier in own[:at]:
                    while counts[col] and _fits(load, rows, touching, col, earlier):
                        for row, value in touching[col]:
                            load[row] -= value
                        for row, value in touching[earlier]:
                            load[row] += value
                        counts[col] -= 1
                        counts[earlier] += 1
                        moved = True
    return counts


def _touching(rows: list[Row]) -> dict[int, list[tuple[int, float]]]:
    """For each column, the rows it appears in and its coefficient there."""
    touching: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for number, (coefficients, _, _) in enumerate(rows):
        for col, value in coefficients.items():
            touching[col].append((number, value))
    return touching


def _fits(
    load: list[float],
    rows: list[Row],
    touching: dict[int, list[tuple[int, float]]],
    leaving: int,
    entering: int,
) -> bool:
    """Whether one job moved from column ``leaving`` to ``entering`` keeps every row in bounds."""
    change: dict[int, float] = defaultdict(float)
    for row, value in touching[leaving]:
        change[row] -= value
    for row, value in touching[entering]:
        change[row] += value
    return all(load[row] + delta <= rows[row][2] + 1e-9 for row, delta in change.items())
