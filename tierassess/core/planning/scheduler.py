"""The budget scheduler: which actions are funded in which year, as one exact optimisation.

``schedule(jobs, first_day, last_day, budget_per_year, booked, fund_first)`` places jobs (costed
pieces of work of known length) in a window of calendar years under a yearly budget. It solves a
mixed-integer programme (HiGHS through highspy, zero optimality gap, silent) rather than
making a greedy pass, so that its answers have properties a greedy pass lacks:

* **Urgency is lexicographic.** Jobs carry a ``rank`` (0 = fund first, e.g. the cheapest route's
  actions; 1 = blocks the target tier; 2, 3, 4 = priority P2-P4). No number of jobs of a later
  rank is worth leaving out one job of an earlier rank: the solver funds as many jobs of rank 0
  as can be, then, keeping that count, as many of rank 1, and so on, each proven optimal.
  Identical jobs with no dependencies are solved as one integer count, not told apart.
* **More budget never schedules less.** A larger budget only widens the set of feasible plans, so
  the optimum's count per rank, read as a vector from rank 0 down, never goes down.
* **The year is the plan's unit**, as in the province's plans. A job runs inside the year it is
  funded in, from 1 January (or the window's first day); a job longer than the year left runs
  over consecutive years from its first. Its cost is spread over those years by days, in whole
  steps of the plan's allocation step (``jobs.year_shares``), and no year spends more than the
  budget (minus booked work).
* **Multi-year funding.** A job that costs more than one year's budget is stretched over as many
  years as its cost needs (no year pays more than the budget), when the window allows it.
* **Dependencies hold.** A job starts in a later year than every job it depends on ends, and is
  not scheduled when one of them is not. ``Job.after`` holds a job back until booked work it
  needs has ended (again from the first day of a later year).
* **Works that take redundancy away never overlap.** A job with a ``system`` takes that system's
  redundancy away (a shutdown or reduced redundancy) in its last ``outage_weeks`` (cut-over,
  isolation tests; None: the whole work); the weeks before leave it whole. Outages on one system
  run one after another, counted in whole weeks from each year's first day: in a year, the
  outages are ordered by the first week each may start, and one row per such week makes them
  all end inside the year (exact for one machine with release dates and a common deadline). An
  outage that must wait for another moves its work later by as many weeks, inside its year. An
  outage in a later year than its work began holds that year from 1 January to its end (it
  cannot wait without moving money between years), so one such outage at most per system and
  year; one longer than a year, or one that is the whole work and crosses 31 December, holds
  every year it touches. Without a budget, a disruptive job may also begin late in a year so that
  its outage opens the next one (otherwise every long work's outage falls in its year's last
  weeks, and they crowd each other out). Booked work holds its system in its last outage weeks
  (as a job would), counted as holding its year from 1 January to its end. The system is the
  criterion's subsystem, or a group of works from the site's topology model
  (tierassess.core.planning.outages).
* **Nothing is dated that is not scheduled.** A job left out gets no dates, only a reason.

Among plans with the best counts, the funded jobs are laid out most urgent first, each in the
earliest year that holds it (by id within a rank); when that cannot fit them all, the solver's
layout is kept and each job moves to the earliest year that still holds it.

How it is solved, cheapest first. Without a budget, jobs that share no system and no dependency
are solved apart (each group's lexicographic optimum together is the whole's). In each group the
better of two greedy plans (urgent first; shortest first or cheapest first) is the first plan;
then rank by rank (``lexsolve.most_urgent``): a rank the plan funds whole needs no solve; else the
linear relaxation is solved, over only the jobs of that rank or earlier and what they wait for
(later work only takes money and room), with rows that say how many jobs of each size a year's
budget or a system's weeks can hold (they tighten the relaxation); when its bound, rounded down,
is what the plan funds, the rank is decided; when a greedy plan in the relaxation's order reaches
the bound, that plan is taken; only otherwise is the rank solved as a mixed-integer programme.
The earlier ranks' counts are kept as rows. A real site's few dozen open actions usually need
no mixed-integer programme at all. Under a budget, a second thread meanwhile holds every rank to
its relaxation's bound at once in one feasibility programme; when the search needs a
mixed-integer programme and such a plan exists, that plan is the answer, proven by the bounds
(``optimistic``: the rule never depends on which thread is faster, so plans are reproducible).

Size: one variable per (job, possible first year), n x years; the rows are one per job, one per
year (budget), one per system and year (weeks), one per dependency and year, and the size rows
(one per distinct cost or length in each budget or system row). Building and the greedy passes
grow linearly with n x years (the layout pass with its square at worst); each relaxation is a
linear programme of that size (polynomial); the mixed-integer solves are NP-hard in general and
are what the time goes to when they are needed (benchmarks/bench_scheduler.py has the figures).
``time_limit`` bounds the wait: when it strikes, the best plan found so far is used and
``Schedule.proven`` says it is not proven.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from tierassess.core.planning.jobs import (
    Booked,
    Job,
    Placement,
    Schedule,
    Unscheduled,
    UnscheduledReason,
    check_cycles,
    explain_left_out,
    year_shares,
)
from tierassess.core.planning.lexsolve import Row as _Row
from tierassess.core.planning.lexsolve import lay_out_earliest, most_urgent
from tierassess.core.planning.optimistic import most_urgent_side_by_side

__all__ = ["schedule"]


#: Outages on one system are counted in whole weeks from a year's first day; they run one after
#: another.
_WEEK_DAYS = 7


@dataclass(frozen=True)
class _Option:
    """One job run from the first day of one year."""

    job: int
    start: date
    end: date  # at the earliest; a movable outage waiting for its system moves the work later
    shares: dict[int, int]  # cost by year
    holds: dict[int, tuple[int, int]]  # its system's year -> (weeks held, first week it may hold)
    outage: tuple[date, date] | None = None  # at the earliest
    movable: bool = False  # its outage may wait inside its year (the work starts later with it)


class _Window:
    """The calendar years jobs are placed in, and the step their money is allocated in."""

    def __init__(self, first_day: date, last_day: date, step: int = 1) -> None:
        self.first_day, self.last_day, self.step = first_day, last_day, step
        self.years = list(range(first_day.year, last_day.year + 1))

    def shares(self, start: date, end: date, amount: int) -> dict[int, int]:
        """What work from ``start`` to ``end`` costs in each year (``jobs.year_shares``)."""
        return year_shares(start, end, amount, self.step)

    def year_start(self, year: int) -> date:
        return max(self.first_day, date(year, 1, 1))

    def year_end(self, year: int) -> date:
        return min(self.last_day, date(year, 12, 31))

    def capacity(self, year: int) -> int:
        return (self.year_end(year) - self.year_start(year)).days + 1

    def weeks(self, year: int) -> int:
        """The whole weeks of a year in the window: what outages on one system share."""
        return self.capacity(year) // _WEEK_DAYS


def _length(job: Job, budget: int | None, step: int) -> tuple[int, int]:
    """The job's days, and the years it is stretched over (0: not stretched)."""
    days = job.weeks * 7
    if budget is not None and job.cost_vnd > budget:
        # No calendar year holds more than 366 of its days, so no year pays more than the budget
        # (allocated in steps, a year may pay up to a step more than its days' share).
        needed = math.ceil(366 * job.cost_vnd / (budget - (step if step > 1 else 0)))
        if needed > days:
            return needed, math.ceil(needed / 365)
    return days, 0


def _outage_length(days: int, outage_weeks: int | None) -> tuple[int, int]:
    """An outage's days (its weeks, or the whole work when None) and the whole weeks it holds."""
    length = days if outage_weeks is None else min(days, outage_weeks * _WEEK_DAYS)
    return length, math.ceil(length / _WEEK_DAYS)


def _outage(
    window: _Window, start: date, days: int, outage_weeks: int | None
) -> tuple[date, date, dict[int, tuple[int, int]], bool] | None:
    """Where a work started on ``start`` holds its system, at the earliest; None: past the window.

    Returns the outage's first and last day, what it holds of each year (weeks, the first week
    it may start), and whether it may wait inside its year. Outages lie on whole weeks from a
    year's first day. An outage at the end of a work begun in the same year may wait for its
    system (the work then starts later with it). One in a later year than its work began holds
    that year from its first day, so it never waits (the cost already spread over the years
    stays as it is). One that would cross 31 December starts on 1 January instead, the work
    before it waiting; one that is the whole work, or longer than a year, holds every year it
    touches whole.
    """
    end = start + timedelta(days=days - 1)
    length, weeks = _outage_length(days, outage_weeks)
    begin = end - timedelta(days=length - 1)
    year = begin.year
    first_week = math.ceil((begin - window.year_start(year)).days / _WEEK_DAYS)
    if (
        begin > start
        and first_week + weeks > window.weeks(year)
        and weeks <= window.weeks(year + 1)
    ):
        year, first_week = year + 1, 0  # wait for 1 January rather than straddle the year
        if year > window.years[-1]:
            return None
    if first_week + weeks <= window.weeks(year):
        opens = window.year_start(year) + timedelta(days=first_week * _WEEK_DAYS)
        closes = opens + timedelta(days=weeks * _WEEK_DAYS - 1)
        if closes > window.last_day:
            return None
        if year == start.year:
            return opens, closes, {year: (weeks, first_week)}, True
        return opens, closes, {year: (first_week + weeks, 0)}, False
    if end > window.last_day:
        return None
    held = {y: (window.weeks(y), 0) for y in range(begin.year, end.year + 1)}
    return begin, end, held, False


def _options(
    jobs: Sequence[Job],
    window: _Window,
    budget: int | None,
    busy: Collection[tuple[str, int]] = frozenset(),
) -> list[list[_Option]]:
    found: list[list[_Option]] = []
    for index, job in enumerate(jobs):
        days, _ = _length(job, budget, window.step)
        own: list[_Option] = []
        for year in window.years:
            start = window.year_start(year)
            if job.after is not None and start <= job.after:
                continue
            if days > (window.last_day - start).days + 1:
                break  # past the window; a tiny budget stretches a job past any date there is
            end = start + timedelta(days=days - 1)
            if job.system is None:
                shares = window.shares(start, end, job.cost_vnd)
                own.append(_Option(index, start, end, shares, {}))
                continue
            outage = _outage(window, start, days, job.outage_weeks)
            if outage is None:
                continue
            opens, closes, held, movable = outage
            if not movable and any((job.system, y) in busy for y in held):
                continue  # it holds those years from 1 January, where booked work holds them
            end = max(end, closes)
            shares = window.shares(start, end, job.cost_vnd)
            own.append(_Option(index, start, end, shares, held, (opens, closes), movable))
            # Without a budget only: with one, options whose money spans two years made the
            # exact solve time out on the full catalogue (30 s instead of 0.2-2.6 s).
            late = (
                None
                if budget is not None
                else _across_new_year(index, job, days, year, window, busy)
            )
            if late is not None:
                own.append(late)
        found.append(own)
    return found


def _across_new_year(
    index: int, job: Job, days: int, year: int, window: _Window, busy: Collection[tuple[str, int]]
) -> _Option | None:
    """A disruptive job begun late in ``year`` so that its outage opens the next year.

    Begun on 1 January, a long work's outage falls in the last weeks of its year, where every
    long work's does; begun later, its work before the outage ends on 31 December and the outage
    holds the next year from its first day (fixed, like an outage carried over: its money is
    spread over both years by days, in ``window.step``). None when that start is not inside ``year`` or the outage
    does not fit the window.
    """
    assert job.system is not None
    if year + 1 > window.years[-1] or (job.system, year + 1) in busy:
        return None
    length, weeks = _outage_length(days, job.outage_weeks)
    opens = window.year_start(year + 1)
    start = opens - timedelta(days=days - length)
    if not window.year_start(year) < start <= window.year_end(year):
        return None
    if job.after is not None and start <= job.after:
        return None
    closes = opens + timedelta(days=weeks * _WEEK_DAYS - 1)
    if weeks > window.weeks(year + 1) or closes > window.last_day:
        return None
    shares = window.shares(start, closes, job.cost_vnd)
    return _Option(index, start, closes, shares, {year + 1: (weeks, 0)}, (opens, closes), False)


def _booked_load(
    booked: Sequence[Booked], window: _Window
) -> tuple[dict[int, int], dict[tuple[str, int], list[tuple[date, date]]]]:
    """Budget spent by booked work per year, and the days it keeps each system busy."""
    spent: dict[int, int] = defaultdict(int)
    busy: dict[tuple[str, int], list[tuple[date, date]]] = defaultdict(list)
    for work in booked:
        for year, share in window.shares(work.start, work.end, work.cost_vnd).items():
            spent[year] += share
        if work.system is None:
            continue
        for year in window.years:
            first = max(work.outage_start or work.start, window.year_start(year))
            last = min(work.end, window.year_end(year))
            if first <= last:
                busy[(work.system, year)].append((first, last))
    return spent, busy


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
    per_system: dict[tuple[str, int], list[tuple[int, int, int, int]]] = defaultdict(list)
    fixed: dict[tuple[str, int], dict[int, float]] = defaultdict(dict)
    for col, option in enumerate(flat):
        system = jobs[option.job].system
        if system is not None:
            for year, (weeks, first_week) in option.holds.items():
                per_system[(system, year)].append((col, weeks, first_week, sizes[option.job]))
                if not option.movable:
                    fixed[(system, year)][col] = 1.0
    for (system, year), held in sorted(per_system.items()):
        rows += _outage_rows(held, window.weeks(year), _booked_weeks(busy, system, year, window))
    for coefficients in fixed.values():
        # An outage held from 1 January cannot wait, so one such outage at most per system-year
        # (it goes first; the others then wait their turn after it).
        if sum(sizes[flat[col].job] for col in coefficients) > 1:
            rows.append((coefficients, -inf, 1.0))
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


def _booked_weeks(
    busy: dict[tuple[str, int], list[tuple[date, date]]], system: str, year: int, window: _Window
) -> int:
    """Weeks of a system's year that booked work holds: from its first day to the booked end."""
    spans = busy.get((system, year), [])
    if not spans:
        return 0
    return math.ceil(
        ((max(last for _, last in spans) - window.year_start(year)).days + 1) / _WEEK_DAYS
    )


def _outage_rows(held: list[tuple[int, int, int, int]], weeks: int, booked: int) -> list[_Row]:
    """Rows that let one system's outages of a year run one after another inside it.

    Outages run in the order of the first week each may start (booked work first). They all
    end within the year exactly when, for every such first week t, the outages that may not
    start before t fit in the weeks from t (or from the booked work's end) to the year's end:
    one row per distinct first week, those that cut only (a row no choice of columns can
    break, or one a row before it already implies, is left out).
    """
    rows: list[_Row] = []
    # The row from week 0 always stands: the later ones are left out as implied by it.
    for threshold in sorted({0} | {first for _, _, first, _ in held}):
        if threshold and threshold <= booked:
            continue  # implied by the row for the first week 0, which has the same room
        later = [(col, w, most) for col, w, first, most in held if first >= threshold]
        room = weeks - max(threshold, booked)
        if threshold and sum(w * most for _, w, most in later) <= room:
            continue  # holds whatever is chosen
        coefficients = {col: float(w) for col, w, _ in later}
        rows.append((coefficients, -math.inf, float(max(0, room))))
    return rows


def schedule(
    jobs: Sequence[Job],
    first_day: date,
    last_day: date,
    budget_per_year: int | None = None,
    booked: Sequence[Booked] = (),
    fund_first: Collection[str] = frozenset(),
    time_limit: float = 30.0,
    step: int = 1,
) -> Schedule:
    """Place ``jobs`` between ``first_day`` and ``last_day`` (the rules: the module's docstring).

    ``budget_per_year`` None means no budget limit. ``fund_first`` names jobs treated as rank 0
    whatever their own rank (the cheapest route to the target tier funds its actions before
    anything else). ``booked`` work is fixed: it spends its share of each year's budget first and
    keeps its system busy. Dependencies on ids that are not jobs are taken as satisfied. Raises
    ``DependencyCycle`` when jobs depend on each other in a circle. ``time_limit`` (seconds)
    bounds the solver: when it strikes before optimality is proven, the best plan found is kept
    and ``Schedule.proven`` is False. ``step``: multi-year work's money is allocated in whole
    steps (``jobs.year_shares``; 1: split by days to the đồng).
    """
    import time

    chosen = frozenset(fund_first)
    ordered = [
        Job(j.id, j.cost_vnd, j.weeks, 0, j.depends_on, j.system, j.after) if j.id in chosen else j
        for j in sorted(jobs, key=lambda j: j.id)
    ]
    check_cycles(ordered)
    result = Schedule()
    if first_day > last_day:
        for job in ordered:
            result.unscheduled[job.id] = Unscheduled(UnscheduledReason.PAST_WINDOW)
        return result
    window = _Window(first_day, last_day, step)
    units = _interchangeable(ordered, budget_per_year is not None)
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
        counts, proven, settled = _most_urgent(
            flat, local, rows, part_sizes, deadline, budget_per_year is not None
        )
        result.proven = result.proven and proven
        crowded = budget_per_year is not None or any(j.system for j in local)
        solved.append((part, flat, counts, rows, crowded or not settled))
    placed_counts: list[tuple[_Option, int]] = []
    for part, flat, counts, rows, unsettled in solved:
        if unsettled:  # not every job at its earliest year already: move work earlier
            counts = lay_out_earliest(flat, [heads[u] for u in part], rows, counts)
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
    placeable = {
        ordered[m].id for unit, members in enumerate(units) for m in members if options[unit]
    }
    explain_left_out(ordered, placeable, result, budget_per_year is not None)
    return result


def _most_urgent(
    flat: list[_Option],
    jobs: list[Job],
    rows: list[_Row],
    sizes: list[int],
    deadline: float,
    budgeted: bool,
) -> tuple[list[int], bool, bool]:
    """The lexicographic optimum of one part (``lexsolve.most_urgent``)."""
    if budgeted:  # one budget ties every job: the optimistic programme often decides it sooner
        return most_urgent_side_by_side(flat, jobs, rows, sizes, deadline)
    return most_urgent(flat, jobs, rows, sizes, deadline, prune=True)


def _interchangeable(jobs: Sequence[Job], budgeted: bool) -> list[list[int]]:
    """Jobs alike in everything the plan weighs, with no dependencies either way, as one unit.

    Solved as one integer count per year instead of one binary per job: the solver does not
    waste its time telling identical jobs apart.
    """
    needed = {d for job in jobs for d in job.depends_on}
    units: dict[object, list[int]] = {}
    for index, job in enumerate(jobs):
        alone = bool(job.depends_on) or job.id in needed
        cost = job.cost_vnd if budgeted else 0  # without a budget, cost tells no job apart
        key = (
            job.id
            if alone
            else (cost, job.weeks, job.rank, job.system, job.after, job.outage_weeks)
        )
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


def _place(
    picked: list[tuple[_Option, Job]],
    window: _Window,
    busy: dict[tuple[str, int], list[tuple[date, date]]],
    budget: int | None,
    result: Schedule,
) -> None:
    """Dates: each job from its first year's first day; outages on one system one after another.

    In each system's year, outages that hold it from 1 January come first, then the others in
    the order of the first week each may start (most urgent first among equals); an outage that
    must wait for the one before it moves its work later by as many weeks (it stays in its year:
    the rows made sure of it).
    """
    cursor: dict[tuple[str, int], int] = {}
    for option, job in sorted(picked, key=lambda p: _placing_order(p[0], p[1])):
        start, end, outage = option.start, option.end, option.outage
        if job.system is not None and outage is not None:
            for year, (weeks, first_week) in option.holds.items():
                key = (job.system, year)
                if key not in cursor:
                    cursor[key] = _booked_weeks(busy, job.system, year, window)
                if not option.movable:
                    cursor[key] = max(cursor[key], first_week + weeks)
                    continue
                wait = timedelta(days=max(0, cursor[key] - first_week) * _WEEK_DAYS)
                start, end = start + wait, end + wait
                outage = (outage[0] + wait, outage[1] + wait)
                cursor[key] = max(cursor[key], first_week) + weeks
        stretched = _length(job, budget, window.step)[1] > 0
        years = end.year - start.year + 1 if stretched else 0
        opens, closes = outage if outage is not None else (None, None)
        result.placed[job.id] = Placement(start, end, years, opens, closes)


def _placing_order(option: _Option, job: Job) -> tuple[date, bool, int, str]:
    if not option.holds:
        return (option.start, False, job.rank, job.id)
    year, (_, first_week) = min(option.holds.items())
    opens = date(year, 1, 1) + timedelta(days=first_week * _WEEK_DAYS)
    return (opens if option.movable else date(year, 1, 1), option.movable, job.rank, job.id)
