"""The budget scheduler's properties, on small jobs built inline (tierassess.core.planning.scheduler)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import pytest
from conftest import SAMPLE_SITE
from hypothesis import given, settings
from hypothesis import strategies as st

from tierassess.core.planning import scheduler
from tierassess.core.planning.jobs import (
    Booked,
    DependencyCycle,
    Job,
    Schedule,
    UnscheduledReason,
    allocation_step,
    year_shares,
)
from tierassess.core.planning.lexsolve import Choice, Row, Work, most_urgent
from tierassess.core.planning.scheduler import schedule

M = 1_000_000
FIRST, LAST = date(2025, 1, 1), date(2030, 12, 31)


def spend_by_year(result: Schedule, jobs: list[Job], step: int = 1) -> dict[int, int]:
    spent: dict[int, int] = {}
    for job in jobs:
        placed = result.placed.get(job.id)
        if placed is None:
            continue
        for year, share in year_shares(placed.start, placed.end, job.cost_vnd, step).items():
            spent[year] = spent.get(year, 0) + share
    return spent


def search_only(
    flat: Sequence[Choice], jobs: Sequence[Work], rows: list[Row], sizes: list[int], deadline: float
) -> tuple[list[int], bool, bool]:
    """The rank-by-rank search alone, in place of ``optimistic.most_urgent_side_by_side``."""
    return most_urgent(flat, jobs, rows, sizes, deadline)


@contextmanager
def rank_by_rank_only() -> Iterator[None]:
    """Schedules made meanwhile use the search alone (no optimistic programme beside it)."""
    with mock.patch.object(scheduler, "most_urgent_side_by_side", search_only):
        yield


def test_blocking_work_goes_first_whatever_the_count() -> None:
    # one P1 job that takes the whole budget beats three P3 jobs that would fit together
    jobs = [
        Job("P1-BIG", 900 * M, 4, rank=1),
        *(Job(f"P3-{n}", 300 * M, 4, rank=3) for n in range(3)),
    ]
    result = schedule(jobs, FIRST, date(2025, 12, 31), 1000 * M)
    assert set(result.placed) == {"P1-BIG"}
    assert result.unscheduled["P3-0"].reason is UnscheduledReason.OVER_BUDGET
    assert result.proven


def test_more_budget_schedules_the_example_of_the_issue_no_worse() -> None:
    jobs = [
        Job(f"J{n}", cost * M, 8, rank=1 + n % 4) for n, cost in enumerate([6000, 1500, 300] * 4)
    ]
    low = schedule(jobs, FIRST, LAST, 5_999_999_999)
    high = schedule(jobs, FIRST, LAST, 6_000_000_000)
    assert high.counts_by_rank(jobs) >= low.counts_by_rank(jobs)


def test_fund_first_outranks_priority() -> None:
    jobs = [Job("P1", 800 * M, 4, rank=1), Job("ROUTE", 800 * M, 4, rank=4)]
    result = schedule(jobs, FIRST, date(2025, 12, 31), 1000 * M, fund_first={"ROUTE"})
    assert set(result.placed) == {"ROUTE"}


def test_work_dearer_than_a_year_is_spread_over_years() -> None:
    result = schedule([Job("BIG", 12_000 * M, 8, rank=1)], FIRST, LAST, 5000 * M)
    placed = result.placed["BIG"]
    assert placed.stretched_years == 3
    shares = year_shares(placed.start, placed.end, 12_000 * M)
    assert len(shares) >= 3 and max(shares.values()) <= 5000 * M


def test_unscheduled_work_has_no_dates_and_a_reason() -> None:
    jobs = [
        Job("LONG", 100 * M, 400, rank=1),
        Job("NEXT", 100 * M, 1, rank=1, depends_on=("LONG",)),
    ]
    result = schedule(jobs, FIRST, LAST)
    assert result.placed == {}
    assert result.unscheduled["LONG"].reason is UnscheduledReason.PAST_WINDOW
    assert result.unscheduled["NEXT"].waits_for == ("LONG",)


def test_works_on_one_system_never_overlap_and_booked_work_holds_the_system() -> None:
    booked = [Booked("PM", date(2025, 1, 1), date(2025, 3, 31), 0, "electrical")]
    jobs = [Job(f"E{n}", 10 * M, 12, rank=1, system="electrical") for n in range(5)]
    jobs.append(Job("M1", 10 * M, 12, rank=1, system="mechanical"))
    result = schedule(jobs, FIRST, date(2025, 12, 31), booked=booked)
    spans = sorted((p.start, p.end) for key, p in result.placed.items() if key.startswith("E"))
    spans.insert(0, (booked[0].start, booked[0].end))
    assert len(spans) == 4  # three 12-week works fit after the booked quarter
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end < start
    assert result.placed["M1"].start == FIRST  # another system is free
    assert result.unscheduled["E4"].reason is UnscheduledReason.SYSTEM_BUSY


def test_an_outage_waits_for_booked_work_that_holds_its_year() -> None:
    # booked work holds the system to 30 June 2027; a 20-week work with a 2-week cut-over cannot
    # have it in 2026 (booked to the year's end) nor before July 2027
    booked = [Booked("B", date(2026, 3, 1), date(2027, 6, 30), 0, "electrical")]
    job = Job("J", 10 * M, 20, rank=1, system="electrical", outage_weeks=2)
    placed = schedule([job], date(2026, 1, 15), LAST, booked=booked).placed["J"]
    assert placed.outage_start is not None and placed.outage_start > booked[0].end
    assert placed.end == placed.outage_end and (placed.end - placed.start).days + 1 == 20 * 7


def test_booked_work_holds_its_system_only_in_its_outage() -> None:
    # a hand-dated 2025-2026 work cuts over in June 2026: 2025 is free for another cut-over
    booked = [Booked("B", date(2025, 1, 1), date(2026, 6, 30), 0, "electrical", date(2026, 6, 1))]
    job = Job("J", 10 * M, 20, rank=1, system="electrical", outage_weeks=2)
    placed = schedule([job], FIRST, LAST, booked=booked).placed["J"]
    assert placed.outage_end is not None and placed.outage_end.year == 2025


def test_allocation_in_steps_funds_what_a_split_to_the_dong_left_out() -> None:
    # a 60-week work from 1 January 2025 costs 100 by days 86/14; its last five days' share
    # decides whether 20 fits 2025 and 80 fits 2026 beside it. Allocated in steps of 10
    # (80/20) both fit; split to the đồng, only one of them does.
    jobs = [
        Job("LONG", 100 * M, 60, rank=1),
        Job("SMALL", 20 * M, 4, rank=3),
        Job("LARGE", 80 * M, 4, rank=3),
    ]
    last = date(2026, 12, 31)
    by_days = schedule(jobs, FIRST, last, 100 * M)
    in_steps = schedule(jobs, FIRST, last, 100 * M, step=10 * M)
    assert by_days.counts_by_rank(jobs) == (0, 1, 0, 1) and by_days.proven
    assert in_steps.counts_by_rank(jobs) == (0, 1, 0, 2) and in_steps.proven
    assert spend_by_year(in_steps, jobs, 10 * M) == {2025: 100 * M, 2026: 100 * M}


def test_year_shares_in_steps_stay_within_a_step_of_the_split_by_days() -> None:
    for start, end in [
        (date(2025, 3, 1), date(2027, 8, 14)),
        (date(2025, 12, 30), FIRST + timedelta(days=800)),
    ]:
        for amount in (7, 6_000 * M, 6_000 * M + 123):
            by_days = year_shares(start, end, amount)
            in_steps = year_shares(start, end, amount, 50 * M)
            assert sum(in_steps.values()) == amount and in_steps.keys() == by_days.keys()
            earlier = sorted(in_steps)[:-1]
            allocated = 0
            for year in earlier:
                allocated += in_steps[year]
                assert allocated % (50 * M) == 0  # each year ends on a whole step
            assert all(abs(in_steps[y] - by_days[y]) < 50 * M + 1 for y in in_steps)
    assert allocation_step(50 * M, 499 * M) == 1 and allocation_step(50 * M, None) == 50 * M


def test_a_cycle_is_refused() -> None:
    with pytest.raises(DependencyCycle):
        schedule([Job("A", 1, 1, 1, ("B",)), Job("B", 1, 1, 1, ("A",))], FIRST, LAST)


@st.composite
def cases(draw: st.DrawFn) -> list[Job]:
    count = draw(st.integers(min_value=1, max_value=8))
    jobs = []
    for n in range(count):
        earlier = [f"J{m}" for m in range(n)]
        jobs.append(
            Job(
                f"J{n}",
                draw(st.sampled_from([50, 300, 1500, 6000])) * M,
                draw(st.integers(min_value=1, max_value=80)),
                draw(st.integers(min_value=1, max_value=4)),
                tuple(draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True)))
                if earlier
                else (),
                draw(st.sampled_from([None, "electrical", "mechanical"])),
            )
        )
        outage = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=jobs[-1].weeks)))
        if jobs[-1].system is not None:
            jobs[-1] = replace(jobs[-1], outage_weeks=outage)
    return jobs


@settings(max_examples=40, deadline=None)
@given(
    cases(),
    st.sampled_from([500, 2000, 5000]),
    st.sampled_from([1, 500, 3000]),
    st.sampled_from([1, 50 * M]),
)
def test_properties(jobs: list[Job], budget_millions: int, more_millions: int, step: int) -> None:
    first = date(2026, 11, 15)
    budget = budget_millions * M
    step = allocation_step(step, budget)
    result = schedule(jobs, first, LAST, budget, step=step)
    assert_keeps_the_rules(result, jobs, first)
    assert all(spent <= budget for spent in spend_by_year(result, jobs, step).values())
    # monotone in budget: more money never funds fewer of the most urgent ranks
    richer = schedule(jobs, first, LAST, budget + more_millions * M, step=step)
    assert_keeps_the_rules(richer, jobs, first)
    assert richer.counts_by_rank(jobs) >= result.counts_by_rank(jobs)
    # no budget at all (solved in independent groups) is the richest of all
    unbounded = schedule(jobs, first, LAST, step=step)
    assert_keeps_the_rules(unbounded, jobs, first)
    assert unbounded.counts_by_rank(jobs) >= richer.counts_by_rank(jobs)


def assert_keeps_the_rules(
    result: Schedule, jobs: list[Job], first: date, last: date = LAST
) -> None:
    assert result.proven
    assert set(result.placed) | set(result.unscheduled) == {j.id for j in jobs}
    by_id = {j.id: j for j in jobs}
    for key, placed in result.placed.items():
        assert first <= placed.start <= placed.end <= last
        for need in by_id[key].depends_on:  # dependencies: ended in an earlier year
            assert need in result.placed and result.placed[need].end.year < placed.start.year
    for key, placed in result.placed.items():  # an outage ends its work; no figure: all of it
        job = by_id[key]
        if job.system is None:
            assert placed.outage_start is None and placed.outage_end is None
            continue
        assert placed.outage_start is not None and placed.outage_end is not None
        assert placed.start <= placed.outage_start <= placed.outage_end == placed.end
        weeks = (placed.outage_end - placed.outage_start).days // 7 + 1
        if job.outage_weeks is None:
            assert placed.outage_start == placed.start
        else:
            assert weeks == job.outage_weeks
    for system in ("electrical", "mechanical"):  # no two outages at once on one system
        spans = sorted(
            (p.outage_start, p.outage_end)
            for k, p in result.placed.items()
            if by_id[k].system == system
        )
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end < start


def test_priority_order_on_equal_jobs() -> None:
    jobs = [Job(f"R{rank}", 400 * M, 4, rank) for rank in (4, 3, 2, 1)]
    result = schedule(jobs, FIRST, FIRST + timedelta(days=364), 800 * M)
    assert set(result.placed) == {"R1", "R2"}


def test_disruptive_works_are_counted_in_weeks_not_quarters() -> None:
    # six 8-week works on one system fill 48 of a year's 52 weeks; whole quarters held only four
    jobs = [Job(f"E{n}", 10 * M, 8, rank=1, system="electrical") for n in range(6)]
    result = schedule(jobs, FIRST, date(2025, 12, 31))
    assert set(result.placed) == {j.id for j in jobs}
    spans = sorted((p.start, p.end) for p in result.placed.values())
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end < start


def test_a_short_first_year_still_holds_disruptive_work() -> None:
    # 15 November to 31 December is 47 days: room for a 4-week shutdown, not a 7-week one
    first = date(2026, 11, 15)
    jobs = [
        Job("SHORT", 10 * M, 4, rank=1, system="electrical"),
        Job("LONG", 10 * M, 7, rank=1, system="mechanical"),
    ]
    result = schedule(jobs, first, date(2026, 12, 31))
    assert result.placed["SHORT"].start == first
    assert result.unscheduled["LONG"].reason is UnscheduledReason.PAST_WINDOW


def test_one_more_urgent_job_outweighs_any_number_of_later_ones() -> None:
    # in 1000 million: A+C (1000) and B+C (900) both fund two P1 jobs; only B+C leaves room for
    # a P2 job, and no mix with fewer P1 jobs may win however many P2 jobs it funds
    jobs = [
        Job("P1-A", 600 * M, 4, rank=1),
        Job("P1-B", 500 * M, 4, rank=1),
        Job("P1-C", 400 * M, 4, rank=1),
        *(Job(f"P2-{n}", 100 * M, 4, rank=2) for n in range(3)),
    ]
    result = schedule(jobs, FIRST, date(2025, 12, 31), 1000 * M)
    assert result.counts_by_rank(jobs) == (0, 2, 1)
    assert {"P1-B", "P1-C"} <= set(result.placed)
    assert result.proven


def test_nothing_reaches_stdout_from_the_solver_on_a_large_plan() -> None:
    # scipy's bundled HiGHS printed a debug line from C on such searches ("HighsMipSolverData::
    # transformNewIntegerFeasibleSolution"); it bypasses sys.stdout, so only a real process shows it
    import subprocess
    import sys

    bench = Path(__file__).resolve().parents[1] / "benchmarks"
    script = (
        f"import sys; sys.path.insert(0, {str(bench)!r})\n"
        "from datetime import date\n"
        "from bench_scheduler import catalogue_jobs\n"
        "from tierassess.core.planning.scheduler import schedule\n"
        "jobs, step = catalogue_jobs()\n"
        "for budget in (5_000_000_000, 20_000_000_000):\n"
        "    schedule(jobs, date(2025, 1, 1), date(2030, 12, 31), budget, step=step)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True
    )
    assert done.stdout == ""


def test_plan_json_at_a_large_budget_parses_from_a_real_process(sample_workspace: Path) -> None:
    import json
    import subprocess
    import sys

    command = [
        sys.executable, "-m", "tierassess", "--workspace", str(sample_workspace), "--lang", "en",
        "plan", SAMPLE_SITE, "--format", "json", "--budget-per-year", "20000000000",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=True)
    plan = json.loads(done.stdout)
    assert plan["budget_per_year_vnd"] == 20_000_000_000 and plan["optimal"]


def _pruned_and_plain(jobs: list[Job], first: date, last: date) -> tuple[Schedule, Schedule, bool]:
    """The plan as solved (without a budget each exact solve looks only for better plans), the
    plan solved without that pruning, and whether a pruned mixed-integer solve happened."""
    from unittest import mock

    from tierassess.core.planning import lexsolve, scheduler

    started: list[bool] = []
    real_solve = lexsolve.solve

    def watched(*args: object, **kwargs: object) -> object:
        started.append(kwargs.get("below") is not None)
        return real_solve(*args, **kwargs)  # type: ignore[arg-type]

    def cold(*args: object, **kwargs: object) -> object:
        return lexsolve.most_urgent(*args, **{**kwargs, "prune": False})  # type: ignore[arg-type]

    with mock.patch.object(lexsolve, "solve", watched):
        pruned = schedule(jobs, first, last)
    with mock.patch.object(scheduler, "most_urgent", cold):
        plain = schedule(jobs, first, last)
    return pruned, plain, any(started)


@st.composite
def crowded_systems(draw: st.DrawFn) -> list[Job]:
    """Works on two systems over two years: packing their weeks often needs the exact solve."""
    count = draw(st.integers(min_value=6, max_value=12))
    return [
        Job(
            f"W{n}",
            50 * M,
            draw(st.sampled_from([9, 11, 18, 27, 32, 33, 36, 39])),
            draw(st.integers(min_value=1, max_value=3)),
            (f"W{n - 1}",) if n and draw(st.booleans()) else (),
            draw(st.sampled_from(["electrical", "mechanical"])),
        )
        for n in range(count)
    ]


@settings(max_examples=30, deadline=None)
@given(crowded_systems())
def test_a_pruned_solve_funds_what_a_plain_one_does(jobs: list[Job]) -> None:
    """Looking only for plans better than the one so far never ends at another optimum."""
    first, last = date(2025, 1, 1), date(2026, 12, 31)
    pruned, plain, _ = _pruned_and_plain(jobs, first, last)
    assert_keeps_the_rules(pruned, jobs, first, last)
    assert pruned.counts_by_rank(jobs) == plain.counts_by_rank(jobs)


def test_pruning_reaches_an_exact_solve_and_keeps_its_optimum() -> None:
    """A packing the greedy plan and the relaxation cannot decide: the pruned solve runs."""
    shapes = [(9, 2, "e"), (36, 2, "m"), (18, 1, "m"), (32, 3, "e")]
    shapes += [(33, 2, "e"), (11, 2, "e"), (39, 1, "m"), (18, 2, "e")]
    depends = {1, 2, 5}
    jobs = [
        Job(
            f"W{n}",
            50 * M,
            weeks,
            rank,
            (f"W{n - 1}",) if n in depends else (),
            "electrical" if system == "e" else "mechanical",
        )
        for n, (weeks, rank, system) in enumerate(shapes)
    ]
    first, last = date(2025, 1, 1), date(2026, 12, 31)
    pruned, plain, started = _pruned_and_plain(jobs, first, last)
    assert started
    assert_keeps_the_rules(pruned, jobs, first, last)
    assert pruned.counts_by_rank(jobs) == plain.counts_by_rank(jobs)


def _started_and_cold(
    jobs: list[Job], first: date, last: date, budget: int
) -> tuple[Schedule, Schedule, bool]:
    """The plan as solved (each exact solve starts from the plan so far), the plan solved with
    no start, and whether a solve was given one: by the rank-by-rank search alone (beside it, the
    optimistic programme may end the search before its started solve, as timing has it)."""
    from unittest import mock

    from tierassess.core.planning import lexsolve

    started: list[bool] = []
    real_solve = lexsolve.solve

    def watched(*args: object, **kwargs: object) -> object:
        started.append(kwargs.get("start") is not None)
        return real_solve(*args, **kwargs)  # type: ignore[arg-type]

    def cold(*args: object, **kwargs: object) -> object:
        return real_solve(*args, **{**kwargs, "start": None})  # type: ignore[arg-type]

    with rank_by_rank_only():
        with mock.patch.object(lexsolve, "solve", watched):
            warm = schedule(jobs, first, last, budget)
        with mock.patch.object(lexsolve, "solve", cold):
            plain = schedule(jobs, first, last, budget)
    return warm, plain, any(started)


@settings(max_examples=30, deadline=None)
@given(cases(), st.sampled_from([500, 2000, 5000]))
def test_a_started_solve_funds_what_a_cold_one_does(jobs: list[Job], budget_millions: int) -> None:
    """Starting the exact search from the plan so far never ends at another optimum."""
    first = date(2026, 11, 15)
    warm, plain, _ = _started_and_cold(jobs, first, LAST, budget_millions * M)
    assert_keeps_the_rules(warm, jobs, first)
    assert warm.counts_by_rank(jobs) == plain.counts_by_rank(jobs)


def test_a_started_exact_solve_keeps_its_optimum() -> None:
    """A budgeted plan the greedy plan and the relaxation cannot decide: a started solve runs."""
    shapes = [
        (6000, 19, 1, (), "mechanical"),
        (6000, 43, 1, (), None),
        (6000, 14, 1, (), "electrical"),
        (50, 54, 2, ("J0",), None),
        (6000, 63, 3, ("J1",), "mechanical"),
        (1500, 38, 2, ("J3",), "electrical"),
        (50, 49, 3, (), None),
        (1500, 24, 1, ("J6",), "electrical"),
        (50, 46, 3, ("J5",), "mechanical"),
    ]
    jobs = [
        Job(f"J{n}", cost * M, weeks, rank, needs, system)
        for n, (cost, weeks, rank, needs, system) in enumerate(shapes)
    ]
    first = date(2026, 11, 15)
    warm, plain, started = _started_and_cold(jobs, first, LAST, 5000 * M)
    assert started
    assert_keeps_the_rules(warm, jobs, first)
    assert warm.counts_by_rank(jobs) == plain.counts_by_rank(jobs)


@pytest.mark.parametrize(
    "spec",
    [
        # HiGHS answered the objective-bound search for rank 2 with a solve error
        [
            (9, 1, (), "m"), (9, 1, (), "m"), (9, 1, (), "e"), (36, 1, ("W2",), "e"),
            (9, 1, ("W3",), "e"), (9, 1, (), "e"), (27, 1, (), "e"), (9, 2, (), "e"),
            (9, 1, (), "m"), (9, 1, (), "e"), (9, 1, ("W9",), "m"),
        ],
        # presolve reduced a plain solve to nothing and called the reduction infeasible
        [
            (9, 1, (), "e"), (27, 1, ("W0",), "e"), (9, 1, ("W1",), "e"), (9, 1, (), "e"),
            (27, 1, (), "e"), (9, 2, (), "e"), (9, 3, (), "e"), (9, 1, (), "m"),
            (9, 1, ("W7",), "e"),
        ],
        # a started solve came back "optimal" with the start's five jobs, its bound at six
        [
            (9, 1, (), "e"), (9, 1, (), "e"), (27, 1, (), "e"), (9, 1, (), "e"),
            (9, 1, ("W3",), "e"), (9, 1, ("W4",), "e"), (27, 1, (), "e"),
        ],
    ],
)  # fmt: skip
def test_a_solver_answer_that_does_not_add_up_is_solved_again(
    spec: list[tuple[int, int, tuple[str, ...], str]],
) -> None:
    jobs = [
        Job(f"W{n}", 50 * M, weeks, rank, needs, "electrical" if s == "e" else "mechanical")
        for n, (weeks, rank, needs, s) in enumerate(spec)
    ]
    first, last = date(2025, 1, 1), date(2026, 12, 31)
    pruned, plain, _ = _pruned_and_plain(jobs, first, last)
    assert_keeps_the_rules(pruned, jobs, first, last)
    assert_keeps_the_rules(plain, jobs, first, last)
    assert pruned.counts_by_rank(jobs) == plain.counts_by_rank(jobs)


def test_long_works_without_a_budget_may_cut_over_early_in_the_next_year() -> None:
    # five 48-week works with 4-week cut-overs on one system, three years: begun on 1 January
    # each one's cut-over falls in weeks 44-48 of its year, room for one a year (plus one
    # carried over); begun late in a year, a cut-over opens the next and the rest fit
    jobs = [Job(f"E{n}", 10 * M, 48, rank=1, system="electrical", outage_weeks=4) for n in range(5)]
    result = schedule(jobs, FIRST, date(2027, 12, 31))
    assert_keeps_the_rules(result, jobs, FIRST, date(2027, 12, 31))
    assert set(result.placed) == {j.id for j in jobs}
    assert any(p.start.year < p.outage_start.year for p in result.placed.values() if p.outage_start)
