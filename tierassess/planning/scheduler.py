"""The budget scheduler: which actions are funded in which year, as one exact optimisation.

``schedule(jobs, first_day, last_day, budget_per_year, booked, fund_first)`` places jobs (costed
pieces of work of known length) in a window of calendar years under a yearly budget. It solves a
mixed-integer programme (scipy's ``milp``, the HiGHS solver, zero optimality gap) rather than
making a greedy pass, so that its answers have properties a greedy pass lacks:

* **Urgency is lexicographic.** Jobs carry a ``rank`` (0 = fund first, e.g. the cheapest route's
  actions; 1 = blocks the target tier; 2, 3, 4 = priority P2-P4). No number of jobs of a later
  rank is worth leaving out one job of an earlier rank: the solver first funds as many jobs of
  rank 0 as can be, then, keeping that count, as many of rank 1, and so on, each proven optimal.
  Identical jobs with no dependencies are solved as one integer count, not told apart.
* **More budget never schedules less.** A larger budget only widens the set of feasible plans, so
  the optimum's count per rank, read as a vector from rank 0 down, never goes down.
* **The year is the plan's unit**, as in the province's plans. A job runs inside the year it is
  funded in, from 1 January (or the window's first day); a job longer than the year left runs
  over consecutive years from its first. Its cost is spread over those years by days, and no year
  spends more than the budget (minus booked work).
* **Multi-year funding.** A job that costs more than one year's budget is stretched over as many
  years as its cost needs (no year pays more than the budget), when the window allows it.
* **Dependencies hold.** A job starts in a later year than every job it depends on ends, and is
  not scheduled when one of them is not. ``Job.after`` holds a job back until booked work it
  needs has ended (again from the first day of a later year).
* **Works that take redundancy away never overlap.** Jobs with a ``system`` (a shutdown or reduced
  redundancy on that system) are funded in a year only while that system's such work, counted in
  whole quarters, fits in the year; they are then run back to back, most urgent first, after any
  carried-over or booked work on the system, so no two ever run on one system at once.
* **Nothing is dated that is not scheduled.** A job left out gets no dates, only a reason.

Among plans with the best counts, a second solve (with the chosen set fixed) funds the most urgent
jobs in the earliest years.

Size: one variable per (job, possible first year), n x years; the rows are one per job, one per
year (budget), one per system and year (overlaps) and one per dependency and year. Building grows
linearly with n x years; solving is NP-hard in general, and on the whole catalogue (186 jobs,
2025-2030, about 900 variables) proving the optimum takes seconds, dominated by packing each
subsystem's disruptive works into its years (benchmarks/bench_scheduler.py). A real site's few
dozen open actions solve in a fraction of a second. ``time_limit`` bounds the wait: when it
strikes, the best plan found so far is used and ``Schedule.proven`` says it is not proven.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "Booked",
    "DependencyCycle",
    "Job",
    "Placement",
    "Schedule",
    "Unscheduled",
    "UnscheduledReason",
    "schedule",
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


@dataclass(frozen=True)
class Booked:
    """Work already dated (by a project manager): it spends budget and occupies its system."""

    id: str
    start: date
    end: date
    cost_vnd: int
    system: str | None = None


@dataclass(frozen=True)
class Placement:
    start: date
    end: date
    stretched_years: int = 0  # >0: lengthened over this many calendar years so none overspends


class UnscheduledReason(StrEnum):
    PAST_WINDOW = "past_window"  # cannot end by the window's last day, even with nothing else
    OVER_BUDGET = "over_budget"  # the budget left after more urgent work does not cover it
    SYSTEM_BUSY = "system_busy"  # works on the same system leave no room for it in the window
    WAITS_FOR = "waits_for"  # a job it depends on is not scheduled


@dataclass(frozen=True)
class Unscheduled:
    reason: UnscheduledReason
    waits_for: tuple[str, ...] = ()


@dataclass
class Schedule:
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


def year_shares(start: date, end: date, amount: int) -> dict[int, int]:
    """``amount`` spread over the calendar years of [start, end] by days; shares sum to it."""
    total_days = (end - start).days + 1
    shares: dict[int, int] = {}
    given = 0
    for year in range(start.year, end.year + 1):
        first = max(start, date(year, 1, 1))
        last = min(end, date(year, 12, 31))
        if year == end.year:
            shares[year] = amount - given
        else:
            share = amount * ((last - first).days + 1) // total_days
            shares[year] = share
            given += share
    return shares


@dataclass(frozen=True)
class _Option:
    """One job run from the first day of one year."""

    job: int
    start: date
    end: date
    shares: dict[int, int]  # cost by year
    days: dict[int, int]  # days of work by year (what it takes of its system's year)


class _Window:
    def __init__(self, first_day: date, last_day: date) -> None:
        self.first_day, self.last_day = first_day, last_day
        self.years = list(range(first_day.year, last_day.year + 1))

    def year_start(self, year: int) -> date:
        return max(self.first_day, date(year, 1, 1))

    def year_end(self, year: int) -> date:
        return min(self.last_day, date(year, 12, 31))

    def capacity(self, year: int) -> int:
        return (self.year_end(year) - self.year_start(year)).days + 1


def _length(job: Job, budget: int | None) -> tuple[int, int]:
    """The job's days, and the years it is stretched over (0: not stretched)."""
    days = job.weeks * 7
    if budget is not None and job.cost_vnd > budget:
        # No calendar year holds more than 366 of its days, so no year pays more than the budget.
        needed = math.ceil(366 * job.cost_vnd / budget)
        if needed > days:
            return needed, math.ceil(needed / 365)
    return days, 0


def _options(
    jobs: Sequence[Job],
    window: _Window,
    budget: int | None,
    busy: Collection[tuple[str, int]] = frozenset(),
) -> list[list[_Option]]:
    found: list[list[_Option]] = []
    for index, job in enumerate(jobs):
        days, _ = _length(job, budget)
        own: list[_Option] = []
        for year in window.years:
            start = window.year_start(year)
            if job.after is not None and start <= job.after:
                continue
            end = start + timedelta(days=days - 1)
            if end > window.last_day:
                break
            if job.system is not None and any(
                (job.system, later) in busy for later in range(year + 1, end.year + 1)
            ):
                continue  # it runs from 1 January of those years, where booked work holds them
            used = {
                y: (min(end, window.year_end(y)) - window.year_start(y)).days + 1
                for y in range(start.year, end.year + 1)
            }
            if end.year > start.year:
                used[start.year] = window.capacity(start.year)  # nothing else fits beside it
            own.append(_Option(index, start, end, year_shares(start, end, job.cost_vnd), used))
        found.append(own)
    return found


def _booked_load(
    booked: Sequence[Booked], window: _Window
) -> tuple[dict[int, int], dict[tuple[str, int], list[tuple[date, date]]]]:
    """Budget spent by booked work per year, and the days it keeps each system busy."""
    spent: dict[int, int] = defaultdict(int)
    busy: dict[tuple[str, int], list[tuple[date, date]]] = defaultdict(list)
    for work in booked:
        for year, share in year_shares(work.start, work.end, work.cost_vnd).items():
            spent[year] += share
        if work.system is None:
            continue
        for year in window.years:
            first = max(work.start, window.year_start(year))
            last = min(work.end, window.year_end(year))
            if first <= last:
                busy[(work.system, year)].append((first, last))
    return spent, busy


#: Works on one system are counted in whole weeks of their year (works last whole weeks, so only
#: the part of a multi-year work after 1 January is rounded up); they run back to back.
_WEEK_DAYS = 7

_Row = tuple[dict[int, float], float, float]


def _rows(
    options: list[list[_Option]],
    jobs: Sequence[Job],
    window: _Window,
    budget: int | None,
    spent: dict[int, int],
    busy: dict[tuple[str, int], list[tuple[date, date]]],
    sizes: list[int],
) -> list[_Row]:
    """One start per job; each year's budget; each system's days per year; dependencies."""
    inf = math.inf
    columns: list[list[int]] = []
    flat: list[_Option] = []
    for own in options:
        columns.append(list(range(len(flat), len(flat) + len(own))))
        flat += own
    rows: list[_Row] = [
        (dict.fromkeys(cols, 1.0), -inf, float(sizes[index]))
        for index, cols in enumerate(columns)
        if cols
    ]
    if budget is not None:
        per_year: dict[int, dict[int, float]] = defaultdict(dict)
        for col, option in enumerate(flat):
            for year, share in option.shares.items():
                per_year[year][col] = float(share)
        for year, coefficients in sorted(per_year.items()):
            rows.append((coefficients, -inf, float(max(0, budget - spent.get(year, 0)))))
    per_system: dict[tuple[str, int], dict[int, float]] = defaultdict(dict)
    for col, option in enumerate(flat):
        system = jobs[option.job].system
        if system is not None:
            for year, days in option.days.items():
                # A work holding more than the year's whole weeks counts as the whole year.
                weeks = min(math.ceil(days / _WEEK_DAYS), window.capacity(year) // _WEEK_DAYS)
                per_system[(system, year)][col] = float(weeks)
    for (system, year), coefficients in sorted(per_system.items()):
        # Booked work takes the year up to its end: what is placed after it then always fits.
        # With booked work the room stays below the whole year, which only a free year holds.
        whole = window.capacity(year) // _WEEK_DAYS
        spans = busy.get((system, year), [])
        room = whole
        if spans:
            taken = (max(last for _, last in spans) - window.year_start(year)).days + 1
            room = min(whole - 1, (window.capacity(year) - taken) // _WEEK_DAYS)
        rows.append((coefficients, -inf, float(max(0, room))))
    position = {job.id: i for i, job in enumerate(jobs)}
    for j, job in enumerate(jobs):
        for need in job.depends_on:
            i = position.get(need)
            if i is None:
                continue
            # j funded from year y or earlier => i ended by the year before y.
            for year in window.years:
                coefficients = {
                    c: 1.0
                    for c, o in zip(columns[j], options[j], strict=True)
                    if o.start.year <= year
                }
                coefficients.update(
                    {
                        c: -1.0
                        for c, o in zip(columns[i], options[i], strict=True)
                        if o.end.year < year
                    }
                )
                rows.append((coefficients, -inf, 0.0))
    return rows


def _solve(
    objective: list[float], rows: list[_Row], upper: list[float], time_limit: float
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


def schedule(
    jobs: Sequence[Job],
    first_day: date,
    last_day: date,
    budget_per_year: int | None = None,
    booked: Sequence[Booked] = (),
    fund_first: Collection[str] = frozenset(),
    time_limit: float = 30.0,
) -> Schedule:
    """Place ``jobs`` between ``first_day`` and ``last_day`` (the rules: the module's docstring).

    ``budget_per_year`` None means no budget limit. ``fund_first`` names jobs treated as rank 0
    whatever their own rank (the cheapest route to the target tier funds its actions before
    anything else). ``booked`` work is fixed: it spends its share of each year's budget first and
    keeps its system busy. Dependencies on ids that are not jobs are taken as satisfied. Raises
    ``DependencyCycle`` when jobs depend on each other in a circle. ``time_limit`` (seconds)
    bounds the solver: when it strikes before optimality is proven, the best plan found is kept
    and ``Schedule.proven`` is False.
    """
    import time

    chosen = frozenset(fund_first)
    ordered = [
        Job(j.id, j.cost_vnd, j.weeks, 0, j.depends_on, j.system, j.after) if j.id in chosen else j
        for j in sorted(jobs, key=lambda j: j.id)
    ]
    _check_cycles(ordered)
    result = Schedule()
    if first_day > last_day:
        for job in ordered:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.PAST_WINDOW)
        return result
    window = _Window(first_day, last_day)
    units = _interchangeable(ordered)
    heads = [ordered[members[0]] for members in units]
    sizes = [len(members) for members in units]
    spent, busy = _booked_load(booked, window)
    options = _options(heads, window, budget_per_year, busy)
    deadline = time.monotonic() + time_limit
    solved: list[tuple[list[int], list[_Option], list[int], list[_Row], bool]] = []
    for part in _parts(heads, options, budget_per_year is not None):
        local = [heads[u] for u in part]
        own = [[replace(o, job=k) for o in options[u]] for k, u in enumerate(part)]
        part_sizes = [sizes[u] for u in part]
        rows = _rows(own, local, window, budget_per_year, spent, busy, part_sizes)
        flat = [option for choices in own for option in choices]
        counts, proven, settled = _most_urgent(flat, local, rows, part_sizes, deadline)
        result.proven = result.proven and proven
        crowded = budget_per_year is not None or any(j.system for j in local)
        solved.append((part, flat, counts, rows, crowded or not settled))
    placed_counts: list[tuple[_Option, int]] = []
    for part, flat, counts, rows, unsettled in solved:
        if unsettled:  # not every job at its earliest year already: move work earlier
            counts = _sooner(flat, [heads[u] for u in part], rows, counts)
        placed_counts += [
            (replace(o, job=part[o.job]), n) for o, n in zip(flat, counts, strict=True)
        ]
    flat = [o for o, _ in placed_counts]
    counts = [n for _, n in placed_counts]
    picked: list[tuple[_Option, Job]] = []
    for unit, members in enumerate(units):
        # members of a unit are interchangeable: the first ids go to the earliest years
        funded = [o for o, n in zip(flat, counts, strict=True) if o.job == unit for _ in range(n)]
        picked += [(o, ordered[m]) for o, m in zip(funded, members, strict=False)]
    _place(picked, window, busy, budget_per_year, result)
    by_id = {
        job.id: options[unit]
        for unit, members in enumerate(units)
        for job in (ordered[m] for m in members)
    }
    _explain(ordered, by_id, result, budget_per_year)
    return result


def _interchangeable(jobs: Sequence[Job]) -> list[list[int]]:
    """Jobs alike in everything the plan weighs, with no dependencies either way, as one unit.

    Solved as one integer count per year instead of one binary per job: the solver does not
    waste its time telling identical jobs apart.
    """
    needed = {d for job in jobs for d in job.depends_on}
    units: dict[object, list[int]] = {}
    for index, job in enumerate(jobs):
        alone = bool(job.depends_on) or job.id in needed
        key = job.id if alone else (job.cost_vnd, job.weeks, job.rank, job.system, job.after)
        units.setdefault(key, []).append(index)
    return list(units.values())


def _parts(heads: Sequence[Job], options: list[list[_Option]], budgeted: bool) -> list[list[int]]:
    """Units that can be placed, in groups solved apart: no row of one touches another.

    A yearly budget ties every job together; without one, only a shared system or a dependency
    does. The lexicographic optimum of independent groups is each group's own optimum.
    """
    unit_of = {job.id: u for u, job in enumerate(heads)}
    dead = {u for u, own in enumerate(options) if not own}
    while True:  # what needs a job that cannot be placed cannot be placed either
        more = {
            u
            for u, job in enumerate(heads)
            if u not in dead and any(unit_of.get(d) in dead for d in job.depends_on)
        }
        if not more:
            break
        dead |= more
    live = [u for u in range(len(heads)) if u not in dead]
    if budgeted:
        return [live] if live else []
    group = {u: u for u in live}

    def root(u: int) -> int:
        while group[u] != u:
            group[u] = group[group[u]]
            u = group[u]
        return u

    first_on: dict[str, int] = {}
    for u in live:
        linked = [unit_of[d] for d in heads[u].depends_on if d in unit_of]
        system = heads[u].system
        if system is not None:
            linked.append(first_on.setdefault(system, u))
        for other in linked:
            group[root(other)] = root(u)
    found: dict[int, list[int]] = defaultdict(list)
    for u in live:
        found[root(u)].append(u)
    return list(found.values())


def _most_urgent(
    flat: list[_Option], jobs: Sequence[Job], rows: list[_Row], sizes: list[int], deadline: float
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
            found, optimal = _solve(objective, rows, upper, deadline - time.monotonic())
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


def _count(solution: list[int], flat: list[_Option], jobs: Sequence[Job], rank: int) -> int:
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
    flat: list[_Option],
    jobs: Sequence[Job],
    rows: list[_Row],
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


def _urgent_order(jobs: Sequence[Job], shortest_first: bool = False) -> list[int]:
    """Units by the most urgent rank that waits on them, then shortest first or by id (their
    order); what a unit needs comes before it."""
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


def _sooner(
    flat: list[_Option], jobs: Sequence[Job], rows: list[_Row], counts: list[int]
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


def _touching(rows: list[_Row]) -> dict[int, list[tuple[int, float]]]:
    """For each column, the rows it appears in and its coefficient there."""
    touching: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for number, (coefficients, _, _) in enumerate(rows):
        for col, value in coefficients.items():
            touching[col].append((number, value))
    return touching


def _fits(
    load: list[float],
    rows: list[_Row],
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


def _place(
    picked: list[tuple[_Option, Job]],
    window: _Window,
    busy: dict[tuple[str, int], list[tuple[date, date]]],
    budget: int | None,
    result: Schedule,
) -> None:
    """Dates: each job from its first year's first day; works on one system back to back."""
    free: dict[tuple[str, int], date] = {}
    for (system, year), spans in busy.items():
        free[(system, year)] = max(last for _, last in spans) + timedelta(days=1)
    # Multi-year works first (they hold their system from the first of the year), then by urgency.
    picked = sorted(
        picked, key=lambda p: (p[0].start, p[0].end.year == p[0].start.year, p[1].rank, p[1].id)
    )
    for option, job in picked:
        start, end = option.start, option.end
        if job.system is not None:
            key = (job.system, start.year)
            start = max(start, free.get(key, start))
            end = start + (option.end - option.start)
            for year in range(start.year, end.year + 1):
                free[(job.system, year)] = end + timedelta(days=1)
        stretched = _length(job, budget)[1] > 0
        years = end.year - start.year + 1 if stretched else 0
        result.placed[job.id] = Placement(start, end, years)


def _explain(
    jobs: Sequence[Job], options: dict[str, list[_Option]], result: Schedule, budget: int | None
) -> None:
    known = {j.id for j in jobs}
    for job in jobs:
        if job.id in result.placed:
            continue
        missing = tuple(sorted(d for d in job.depends_on if d in known and d not in result.placed))
        if missing:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.WAITS_FOR, missing)
        elif not options[job.id]:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.PAST_WINDOW)
        elif budget is not None:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.OVER_BUDGET)
        else:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.SYSTEM_BUSY)


def _check_cycles(jobs: Sequence[Job]) -> None:
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
