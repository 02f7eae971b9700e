"""The exact minimum-cost route as a 0-1 integer program, solved by HiGHS through scipy.

Why an integer program and why this library: choosing the cheapest set of actions that closes
every requirement is a weighted set cover with precedence and all-or-nothing side constraints,
which is NP-hard in general; a greedy pass can miss the optimum (an action closing two criteria
against two cheaper single ones). ``scipy.optimize.milp`` wraps HiGHS, an exact branch-and-cut
MIP solver, ships as a wheel, needs no licence or network, and solves the full catalogue's few
hundred binaries in milliseconds. The relative gap is set to 0 so the answer is proven optimal,
not merely within HiGHS's default 0.01 %.

The model, for binaries ``x_a`` (action *a* is funded):

* minimise ``Σ cost_a · x_a`` (the expected cost);
* every requirement *r*: ``Σ x_a ≥ 1`` over the actions that close *r*;
* every action *a* that needs criterion *d* closed first: ``Σ x_b − x_a ≥ 0`` over the actions
  *b* that close *d* (an action whose need no action closes is never funded);
* every only-together group: its actions are equal (a member that is not a candidate is already
  done, and drops out of the group);
* forced actions (the route already funded, for a marginal route) are fixed at 1.

``accept`` lets a caller check the chosen set as a whole (the topology model re-run with every
change applied). A rejected set *S* gets a no-good cut ``Σ_{a ∉ S} x_a ≥ 1``; as long as closing
is monotone (more work never reopens a finding) that removes only *S* and its subsets, so the
loop still ends at the optimum.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

SOLVER_NAME = "scipy.optimize.milp (HiGHS)"
_MAX_CUTS = 200


@dataclass(frozen=True)
class Candidate:
    """An action the route may fund: what it closes, its expected cost, what it needs first."""

    id: str
    closes: frozenset[str]
    cost: int
    needs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RouteProblem:
    candidates: tuple[Candidate, ...]
    requirements: frozenset[str]
    together: tuple[frozenset[str], ...] = ()
    forced: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Solution:
    """``chosen`` is None when no set of actions satisfies the constraints."""

    chosen: frozenset[str] | None
    cost: int
    uncovered: frozenset[str] = field(default_factory=frozenset)


def _coverers(candidates: Iterable[Candidate]) -> dict[str, list[int]]:
    cover: dict[str, list[int]] = {}
    for index, candidate in enumerate(candidates):
        for item in candidate.closes:
            cover.setdefault(item, []).append(index)
    return cover


def solve(
    problem: RouteProblem, accept: Callable[[frozenset[str]], bool] | None = None
) -> Solution:
    """The minimum-cost set of candidates meeting every requirement (proven optimal).

    Requirements that no candidate closes are returned as ``uncovered``; the rest are still
    routed, so a caller can show the cheapest route to everything that money can close.
    """
    candidates = tuple(sorted(problem.candidates, key=lambda c: c.id))
    cover = _coverers(candidates)
    uncovered = frozenset(r for r in problem.requirements if r not in cover)
    wanted = sorted(problem.requirements - uncovered)
    if not candidates:
        return Solution(frozenset(), 0, uncovered)
    cuts: list[frozenset[str]] = []
    for _ in range(_MAX_CUTS):
        chosen = _solve_once(candidates, cover, wanted, problem, cuts)
        if chosen is None:
            return Solution(None, 0, uncovered)
        if accept is None or accept(chosen):
            cost = sum(c.cost for c in candidates if c.id in chosen)
            return Solution(chosen, cost, uncovered)
        cuts.append(chosen)
    raise RuntimeError(f"route search stopped after {_MAX_CUTS} rejected sets")


def _solve_once(
    candidates: tuple[Candidate, ...],
    cover: dict[str, list[int]],
    wanted: list[str],
    problem: RouteProblem,
    cuts: list[frozenset[str]],
) -> frozenset[str] | None:
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    count = len(candidates)
    position = {c.id: i for i, c in enumerate(candidates)}
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    lower: list[float] = []
    upper: list[float] = []

    def row(terms: Iterable[tuple[int, float]], low: float, high: float) -> None:
        number = len(lower)
        for col, value in terms:
            rows.append(number)
            cols.append(col)
            values.append(value)
        lower.append(low)
        upper.append(high)

    for requirement in wanted:
        row(((i, 1.0) for i in cover[requirement]), 1.0, np.inf)
    low_bound = np.zeros(count)
    high_bound = np.ones(count)
    for index, candidate in enumerate(candidates):
        for need in sorted(candidate.needs):
            closers = [i for i in cover.get(need, []) if i != index]
            if not closers and need not in candidate.closes:
                high_bound[index] = 0.0
            elif closers and need not in candidate.closes:
                row([*((i, 1.0) for i in closers), (index, -1.0)], 0.0, np.inf)
    for group in problem.together:
        # a member that is not a candidate is already done (its gap is closed)
        members = sorted(position[a] for a in group if a in position)
        for first, second in itertools.pairwise(members):
            row([(first, 1.0), (second, -1.0)], 0.0, 0.0)
    for action in problem.forced:
        if action in position:
            low_bound[position[action]] = 1.0
    for cut in cuts:
        row(((i, 1.0) for i, c in enumerate(candidates) if c.id not in cut), 1.0, np.inf)

    constraints = []
    if lower:
        matrix = coo_array((values, (rows, cols)), shape=(len(lower), count)).tocsr()
        constraints.append(LinearConstraint(matrix, np.array(lower), np.array(upper)))
    # costs in thousands of VND: every band edge is a whole number of them, and it keeps the
    # objective far from the float precision limit
    costs = np.array([c.cost / 1000.0 for c in candidates])
    result = milp(
        costs,
        integrality=np.ones(count),
        bounds=Bounds(low_bound, high_bound),
        constraints=constraints,
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.x is None or not result.success:
        return None
    return frozenset(c.id for c, x in zip(candidates, result.x, strict=True) if x > 0.5)
