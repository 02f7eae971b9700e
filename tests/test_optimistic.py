"""The optimistic programme beside the rank-by-rank search (tierassess.core.planning.optimistic)."""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_scheduler import cases, rank_by_rank_only

from tierassess.core.planning import optimistic, scheduler
from tierassess.core.planning.jobs import Job, Schedule, allocation_step
from tierassess.core.planning.lexsolve import Row, solve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_scheduler import catalogue_jobs

M = 1_000_000
FIRST, LAST = date(2025, 1, 1), date(2030, 12, 31)


@contextmanager
def optimistic_plans() -> Iterator[list[list[int]]]:
    """The plans the optimistic programme found and handed over."""
    found: list[list[int]] = []
    original = optimistic._Race.found

    def spy(race: optimistic._Race, plan: list[int]) -> None:
        found.append(plan)
        original(race, plan)

    with mock.patch.object(optimistic._Race, "found", spy):
        yield found


def placements(result: Schedule) -> list[tuple[str, date, date]]:
    return sorted((key, p.start, p.end) for key, p in result.placed.items())


def test_the_full_catalogue_is_planned_by_the_optimistic_programme_as_the_search_would() -> None:
    jobs, step = catalogue_jobs()
    budget = 20_000 * M
    with optimistic_plans() as found:
        first = scheduler.schedule(jobs, FIRST, LAST, budget, step=allocation_step(step, budget))
    assert found, "every rank reaches its bound here: the optimistic plan is the answer"
    again = scheduler.schedule(jobs, FIRST, LAST, budget, step=allocation_step(step, budget))
    assert placements(again) == placements(first)  # the same plan whichever thread is faster
    with rank_by_rank_only():
        searched = scheduler.schedule(jobs, FIRST, LAST, budget, step=allocation_step(step, budget))
    assert first.proven and searched.proven
    assert first.counts_by_rank(jobs) == searched.counts_by_rank(jobs)


@settings(max_examples=30, deadline=None)
@given(cases(), st.sampled_from([300, 2000, 5000]))
def test_side_by_side_funds_what_the_search_alone_funds(jobs: list[Job], millions: int) -> None:
    with_optimist = scheduler.schedule(jobs, FIRST, LAST, millions * M)
    with rank_by_rank_only():
        searched = scheduler.schedule(jobs, FIRST, LAST, millions * M)
    assert with_optimist.proven and searched.proven
    assert with_optimist.counts_by_rank(jobs) == searched.counts_by_rank(jobs)


def test_a_failure_in_the_optimistic_thread_reaches_the_caller() -> None:
    jobs = [Job(f"J{n}", 300 * M, 8, rank=1 + n % 3) for n in range(6)]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("broken relaxation")

    with (
        mock.patch.object(optimistic, "solve", broken),
        pytest.raises(RuntimeError, match="broken relaxation"),
    ):
        scheduler.schedule(jobs, FIRST, LAST, 500 * M)


def knapsacks(items: int, rows: int) -> tuple[list[float], list[Row], list[float]]:
    """Random multi-dimensional knapsacks: a search of some length for HiGHS."""
    pick = random.Random(7)
    objective = [-float(pick.randint(10, 99)) for _ in range(items)]
    weights = [[pick.randint(10, 99) for _ in range(items)] for _ in range(rows)]
    capacity = [sum(w) / 2 for w in weights]
    found: list[Row] = [
        ({c: float(v) for c, v in enumerate(w)}, -float("inf"), cap)
        for w, cap in zip(weights, capacity, strict=True)
    ]
    return objective, found, [1.0] * items


def test_a_stopped_solve_ends_unproven() -> None:
    objective, rows, upper = knapsacks(60, 8)
    stop = threading.Event()
    _, _, proven = solve(objective, rows, upper, 30.0, stop=stop)
    assert proven
    stop.set()
    _, _, proven = solve(objective, rows, upper, 30.0, stop=stop)
    assert not proven
