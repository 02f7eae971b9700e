"""The solving passes of the budget scheduler (tierassess.core.planning.scheduler): exact and greedy.

``most_urgent`` finds the lexicographic optimum of the jobs funded per rank, one rank at a time:
a greedy plan first, then for each rank it does not fund whole, the linear relaxation's bound
and, only when that bound leaves room for more jobs than the plan so far funds, a mixed-integer
programme (HiGHS through highspy, silent, zero gap) over the columns that rank can use.
``lay_out_earliest`` moves the funded jobs to the earliest years that hold them. Both work on
columns (one per job and possible first year) and rows ``(coefficients by column, lower,
upper)`` that the scheduler builds; the scheduler's docstring gives the rules and how cost grows.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

__all__ = [
    "Choice",
    "Row",
    "Work",
    "by_rank",
    "cover_rows",
    "lay_out_earliest",
    "most_urgent",
    "solve",
]

#: One constraint: coefficients by column, lower bound, upper bound.
Row = tuple[dict[int, float], float, float]


class Work(Protocol):
    """What the passes read of a job (``jobs.Job`` is one)."""

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
    def cost_vnd(self) -> int:
        """What the budget must cover for the job."""

    @property
    def depends_on(self) -> tuple[str, ...]:
        """The ids of the jobs it waits for."""


class Choice(Protocol):
    """What the passes read of a column: the job (its index) it starts."""

    @property
    def job(self) -> int:
        """The index of the job the column starts."""


def solve(
    objective: list[float],
    rows: list[Row],
    upper: list[float],
    time_limit: float,
    integral: bool = True,
    below: float | None = None,
    start: list[float] | None = None,
    presolve: bool = True,
    stop: threading.Event | None = None,
) -> tuple[list[float] | None, float, bool]:
    """Minimise ``objective``: the solution, its proven bound, and whether it is proven optimal.

    ``below``: only solutions whose objective is below it are wanted (the solver prunes the rest;
    when none exists the answer is None, proven). ``start``: a feasible integral solution to
    begin the search from (never together with ``below``). ``stop``: once set, the solve is
    interrupted (its answer is then not proven).

    HiGHS through highspy's core class, with its log off before anything runs: nothing reaches
    stdout (the bundled HiGHS of scipy's ``milp`` printed a debug line on some searches, which
    corrupted ``plan --format json``). ``integral`` False solves the linear relaxation.
    """
    import highspy
    from highspy import _core

    if not objective:
        return [], 0.0, True
    solver = _core._Highs()
    solver.setOptionValue("output_flag", False)
    # One thread per solve: two solves may run side by side (tierassess.core.planning.optimistic),
    # and a single-threaded search is deterministic, so a plan never depends on the machine.
    solver.setOptionValue("threads", 1)
    solver.setOptionValue("mip_rel_gap", 0.0)
    solver.setOptionValue("time_limit", max(time_limit, 0.01))
    if not presolve:
        solver.setOptionValue("presolve", "off")
    model = _highs_model(objective, rows, upper, integral)
    solver.passModel(model)
    if start is not None:
        known = highspy.HighsSolution()
        known.col_value = start
        known.value_valid = True
        solver.setSolution(known)
    if below is not None:
        solver.setOptionValue("objective_bound", below)
    if stop is not None:
        _interrupt_on(solver, stop)
    solver.run()
    status = solver.getModelStatus()
    info = solver.getInfo()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None, math.inf, True
    if status == highspy.HighsModelStatus.kObjectiveBound:
        return None, below if below is not None else math.inf, True
    found: list[float] | None = [float(v) for v in solver.getSolution().col_value]
    if not integral:
        optimal = status == highspy.HighsModelStatus.kOptimal
        if presolve and status == highspy.HighsModelStatus.kSolveError:
            return solve(objective, rows, upper, time_limit, integral, presolve=False, stop=stop)
        return found, info.objective_function_value if optimal else -math.inf, optimal
    if info.primal_solution_status != highspy.SolutionStatus.kSolutionStatusFeasible.value:
        found = None
    optimal = status == highspy.HighsModelStatus.kOptimal
    reached = found is not None and abs(_value(objective, found) - info.mip_dual_bound) < 1e-6
    if presolve and (status == highspy.HighsModelStatus.kSolveError or (optimal and not reached)):
        # HiGHS 1.16's presolve reduced some small models wrongly (a solve error, "untransformed
        # violations"), and some started searches came back "optimal" with the start's values
        # below their own bound: solve again plainly, without presolve, start or bound.
        return solve(objective, rows, upper, time_limit, integral, presolve=False, stop=stop)
    return found, info.mip_dual_bound, optimal


def _interrupt_on(solver: Any, stop: threading.Event) -> None:
    """Ask HiGHS to stop at its next interrupt check once ``stop`` is set."""
    from highspy import cb

    def check(kind: int, message: str, data_out: Any, data_in: Any, user: Any) -> None:
        if data_in is not None and stop.is_set():
            data_in.user_interrupt = True

    solver.setCallback(check, None)
    solver.startCallback(cb.HighsCallbackType.kCallbackMipInterrupt)
    solver.startCallback(cb.HighsCallbackType.kCallbackSimplexInterrupt)


def _highs_model(
    objective: list[float], rows: list[Row], upper: list[float], integral: bool
) -> Any:
    """The programme as HiGHS's model: columns from 0 to ``upper``, rows stored row by row."""
    import highspy
    import numpy as np

    size = len(objective)
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = size, len(rows)
    model.col_cost_ = np.array(objective, dtype=float)
    model.col_lower_ = np.zeros(size)
    model.col_upper_ = np.array(upper, dtype=float)
    infinity = highspy.kHighsInf
    model.row_lower_ = np.array([max(row[1], -infinity) for row in rows], dtype=float)
    model.row_upper_ = np.array([min(row[2], infinity) for row in rows], dtype=float)
    starts: list[int] = [0]
    index: list[int] = []
    value: list[float] = []
    for coefficients, _, _ in rows:
        index += coefficients.keys()
        value += coefficients.values()
        starts.append(len(index))
    model.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    model.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    model.a_matrix_.index_ = np.array(index, dtype=np.int32)
    model.a_matrix_.value_ = np.array(value, dtype=np.float64)
    if integral:
        model.integrality_ = [highspy.HighsVarType.kInteger] * size
    return model


def _value(objective: list[float], solution: list[float]) -> float:
    return sum(c * v for c, v in zip(objective, solution, strict=True))


def most_urgent(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    sizes: list[int],
    deadline: float,
    prune: bool = False,
    stop: threading.Event | None = None,
    may_solve: Callable[[], bool] | None = None,
) -> tuple[list[int], bool, bool]:
    """Lexicographic optimum: most jobs of rank 0, then (keeping that) of rank 1, and so on.

    Returns the count per option, whether it is proven, and whether the greedy fill alone gave
    it. A rank whose every job the plan so far funds needs no solve (no plan funds more), nor
    one whose linear-relaxation bound rounds down to what the plan funds; otherwise the rank is
    solved exactly, and the plan it gives is filled greedily with later ranks' jobs, which often
    decides the next ranks by the same two tests. ``prune`` tells each mixed-integer solve to
    look only for plans funding more than the plan so far (HiGHS's objective bound): packing a
    system's weeks without a budget, that halves the solves on the full catalogue (1.0 s to
    0.5 s CPU); with a budget it made the hardest proof slower (1.2 s to 1.7 s CPU at 20 tỷ a
    year), so the scheduler leaves it off there. ``stop``: once set, the search gives up (the
    answer is then not proven); ``may_solve`` is asked before each mixed-integer programme, and
    False makes the search give up too (tierassess.core.planning.optimistic).
    """
    upper = [float(sizes[o.job]) for o in flat]
    solution = _best_fill(flat, jobs, rows, sizes)
    rows = [*rows, *cover_rows(rows, upper)]
    proven, settled = True, True
    for rank in sorted({j.rank for j in jobs}):
        if stop is not None and stop.is_set():
            return solution, False, False
        members = [col for col, o in enumerate(flat) if jobs[o.job].rank == rank]
        most = sum(sizes[u] for u, job in enumerate(jobs) if job.rank == rank)
        have = sum(solution[col] for col in members)
        if have < most:
            better, optimal = _more_of(
                flat, jobs, rows, upper, rank, have, deadline, prune, solution, stop, may_solve
            )
            proven = proven and optimal
            if better is not None:
                solution, settled = _fill(flat, jobs, rows, sizes, start=better), False
                have = sum(solution[col] for col in members)
        rows.append((dict.fromkeys(members, 1.0), float(have), math.inf))
    return solution, proven, settled


def _more_of(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    upper: list[float],
    rank: int,
    have: int,
    deadline: float,
    prune: bool = False,
    known: list[int] | None = None,
    stop: threading.Event | None = None,
    may_solve: Callable[[], bool] | None = None,
) -> tuple[list[int] | None, bool]:
    """A plan funding more jobs of ``rank`` than ``have`` within ``rows``, if one exists.

    Returns it (None: no plan funds more) and whether that answer is proven. Jobs of later ranks
    that no job of this rank or earlier waits for are left out of the programme: they only take
    money and room. The relaxation is solved first; a mixed-integer solve only when its bound
    leaves room for one more job. ``prune``: that solve is told to look only for plans funding
    more than ``have``. ``known``: the plan so far (feasible for ``rows``), the solve's start.
    """
    wanted = {u for u, job in enumerate(jobs) if job.rank <= rank}
    kept = _with_prerequisites(jobs, wanted)
    columns = [col for col, option in enumerate(flat) if option.job in kept]
    local = {col: k for k, col in enumerate(columns)}
    own_rows: list[Row] = []
    for coefficients, lower, upper_bound in rows:
        own = {local[c]: v for c, v in coefficients.items() if c in local}
        if own:  # a row left empty only held later work, now at zero
            own_rows.append((own, lower, upper_bound))
    objective = [-1.0 if jobs[flat[col].job].rank == rank else 0.0 for col in columns]
    own_upper = [upper[col] for col in columns]
    relaxation, bound, relaxed = solve(
        objective, own_rows, own_upper, deadline - time.monotonic(), integral=False, stop=stop
    )
    most = math.floor(-bound + 1e-6) if relaxed and math.isfinite(bound) else len(columns)
    if most <= have:
        return None, True
    if relaxation:  # rounding the relaxation often reaches its bound: then no solve is needed
        guided = _guided_fill(flat, jobs, rows, upper, columns, relaxation)
        count = sum(n for n, o in zip(guided, flat, strict=True) if jobs[o.job].rank == rank)
        if count >= most and _keeps_lower_bounds(guided, rows):
            return guided, True
    if may_solve is not None and not may_solve():
        return None, False
    below = -(have + 0.5) if prune else None
    # The plan so far is a feasible start: handing it over lets the search prune from the first
    # node (20 tỷ a year on the full catalogue: 3.7 s to 2.6 s CPU). Not with ``prune``: a start
    # the objective bound rules out made HiGHS report it as the optimum.
    start = None if known is None or prune else [float(known[col]) for col in columns]
    found, _, optimal = solve(
        objective,
        own_rows,
        own_upper,
        deadline - time.monotonic(),
        below=below,
        start=start,
        stop=stop,
    )
    if found is None:
        return None, optimal
    solution = [0] * len(flat)
    for k, col in enumerate(columns):
        solution[col] = round(found[k])
    if sum(solution[col] for col in columns if jobs[flat[col].job].rank == rank) <= have:
        return None, optimal
    return solution, optimal


def _guided_fill(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    upper: list[float],
    columns: list[int],
    relaxation: list[float],
) -> list[int]:
    """A greedy plan taking jobs in the order of how much of them the relaxation funds."""
    share: dict[str, float] = defaultdict(float)
    for k, col in enumerate(columns):
        job = jobs[flat[col].job]
        share[job.id] += relaxation[k] / max(upper[col], 1.0)
    sizes = [0] * len(jobs)
    for col, option in enumerate(flat):
        sizes[option.job] = int(upper[col])
    return _fill(flat, jobs, rows, sizes, order=lambda job: (-round(share[job.id] * 1e6),))


def _keeps_lower_bounds(solution: list[int], rows: list[Row]) -> bool:
    """Whether ``solution`` funds what each row asks at least (the counts of earlier ranks)."""
    return all(
        sum(v * solution[c] for c, v in coefficients.items()) >= lower - 1e-9
        for coefficients, lower, _ in rows
        if lower != -math.inf
    )


def cover_rows(rows: list[Row], upper: list[float]) -> list[Row]:
    """Valid rows that tighten the relaxation: how many columns of each size a capacity holds.

    For a row ``sum a_c x_c <= b`` with every ``a_c > 0`` and integer ``x``, no more than
    ``floor(b / t)`` units of the columns with ``a_c >= t`` fit, for any ``t``; the relaxation
    alone would let fractions of them fill ``b`` exactly. One row per distinct coefficient,
    only where it cuts: this is what lets the relaxation's bound decide most ranks.
    """
    found: list[Row] = []
    for coefficients, lower, capacity in rows:
        if lower != -math.inf or capacity == math.inf or min(coefficients.values(), default=0) <= 0:
            continue
        for size in sorted(set(coefficients.values())):
            heavy = [c for c, v in coefficients.items() if v >= size]
            most = math.floor(capacity / size + 1e-9)
            if most < sum(upper[c] for c in heavy) and (most or heavy):
                found.append((dict.fromkeys(heavy, 1.0), -math.inf, float(most)))
    return found


def _with_prerequisites(jobs: Sequence[Work], wanted: set[int]) -> set[int]:
    """``wanted`` and every job they wait for, directly or not."""
    position = {job.id: i for i, job in enumerate(jobs)}
    kept, waiting = set(wanted), list(wanted)
    while waiting:
        for need in jobs[waiting.pop()].depends_on:
            i = position.get(need)
            if i is not None and i not in kept:
                kept.add(i)
                waiting.append(i)
    return kept


def by_rank(solution: list[int], flat: Sequence[Choice], jobs: Sequence[Work]) -> list[int]:
    """How many jobs of each rank a solution funds, most urgent rank first."""
    counts: dict[int, int] = defaultdict(int)
    for n, option in zip(solution, flat, strict=True):
        counts[jobs[option.job].rank] += n
    return [counts[rank] for rank in sorted({job.rank for job in jobs})]


def _best_fill(
    flat: Sequence[Choice], jobs: Sequence[Work], rows: list[Row], sizes: list[int]
) -> list[int]:
    """The better of two greedy plans (shortest first; cheapest first), rank by rank."""
    shortest = _fill(flat, jobs, rows, sizes)
    cheapest = _fill(flat, jobs, rows, sizes, order=lambda job: (job.cost_vnd, job.weeks))
    return max(shortest, cheapest, key=lambda s: by_rank(s, flat, jobs))


#: How the greedy passes order units of one urgency (default: shortest first).
Order = Callable[[Work], tuple[int, ...]]


def _shortest(job: Work) -> tuple[int, ...]:
    return (job.weeks,)


def _as_given(job: Work) -> tuple[int, ...]:
    return ()


def _fill(
    flat: Sequence[Choice],
    jobs: Sequence[Work],
    rows: list[Row],
    sizes: list[int],
    order: Order = _shortest,
    start: list[int] | None = None,
) -> list[int]:
    """A feasible plan: units most urgent first (what they need before them), earliest years.

    ``start`` (a feasible plan) is kept and added to.
    """
    touching = _touching(rows)
    load = [0.0] * len(rows)
    counts = list(start) if start is not None else [0] * len(flat)
    funded = [0] * len(jobs)
    columns: dict[int, list[int]] = defaultdict(list)
    for col, option in enumerate(flat):
        columns[option.job].append(col)
        funded[option.job] += counts[col]
        for r, v in touching[col]:
            load[r] += v * counts[col]
    for unit in _urgent_order(jobs, order):
        left = sizes[unit] - funded[unit]
        for col in columns[unit]:  # options come in year order
            while left and all(load[r] + v <= rows[r][2] + 1e-9 for r, v in touching[col]):
                for r, v in touching[col]:
                    load[r] += v
                counts[col] += 1
                left -= 1
    return counts


def _urgent_order(jobs: Sequence[Work], order: Order = _as_given) -> list[int]:
    """Units by the most urgent rank that waits on them, then by ``order``, then as given.

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
    keys = [order(job) for job in jobs]
    ready = [(urgency[u], keys[u], u) for u, n in enumerate(waiting) if not n]
    heapq.heapify(ready)
    result: list[int] = []
    while ready:
        *_, unit = heapq.heappop(ready)
        result.append(unit)
        for other in dependents[unit]:
            waiting[other] -= 1
            if not waiting[other]:
                heapq.heappush(ready, (urgency[other], keys[other], other))
    return result


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
    fresh = _fill(flat, jobs, rows, funded, order=_as_given)
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
