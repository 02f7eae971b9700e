"""The exact minimum-cost route as a 0-1 integer program, solved by HiGHS through highspy.

Why an integer program and why this library: choosing the cheapest set of actions that closes
every requirement is a weighted set cover with precedence and all-or-nothing side constraints,
which is NP-hard in general; a greedy pass can miss the optimum (an action closing two criteria
against two cheaper single ones). HiGHS, an exact branch-and-cut MIP solver, ships as a wheel,
needs no licence or network, and solves the full catalogue's few hundred binaries in
milliseconds; it is called as the budget scheduler calls it (``lexsolve.solve``: silent, relative
gap 0, so the answer is proven optimal, not merely within HiGHS's default 0.01 %).

The model, for binaries ``x_a`` (action *a* is funded):

* minimise ``Σ cost_a · x_a`` (the expected cost);
* every requirement *r*: ``Σ x_a ≥ 1`` over the actions that close *r*;
* every action *a* that needs criterion *d* closed first: ``Σ x_b − x_a ≥ 0`` over the actions
  *b* that close *d* (an action whose need no action closes is never funded);
* every only-together group: its actions are equal (a member that is not a candidate is already
  done, and drops out of the group);
* forced actions (the route already funded, for a marginal route) are fixed at 1.

Among routes of the least cost, a second solve takes the one closing the most criteria (``y_c ≤
Σ x_a`` over the actions closing criterion *c*, maximise ``Σ y_c`` with the cost held at its
least), so a tie never falls to whichever route the solver met first.

``accept`` lets a caller check the chosen set as a whole (the topology model re-run with every
change applied). A rejected set *S* gets a no-good cut ``Σ_{a ∉ S} x_a ≥ 1``; as long as closing
is monotone (more work never reopens a finding) that removes only *S* and its subsets, so the
loop still ends at the optimum.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from tierassess.core.planning import lexsolve
from tierassess.core.planning.lexsolve import Row

SOLVER_NAME = "HiGHS (highspy)"
_MAX_CUTS = 200
_TIME_LIMIT = 300.0  # seconds per solve; the full catalogue's route takes milliseconds


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
    """The cheapest set, and among sets of that cost the one closing the most criteria."""
    count = len(candidates)
    position = {c.id: i for i, c in enumerate(candidates)}
    rows: list[Row] = [(dict.fromkeys(cover[r], 1.0), 1.0, math.inf) for r in wanted]
    upper = [1.0] * count
    for index, candidate in enumerate(candidates):
        for need in sorted(candidate.needs):
            closers = [i for i in cover.get(need, []) if i != index]
            if not closers and need not in candidate.closes:
                upper[index] = 0.0
            elif closers and need not in candidate.closes:
                rows.append(({**dict.fromkeys(closers, 1.0), index: -1.0}, 0.0, math.inf))
    for group in problem.together:
        # a member that is not a candidate is already done (its gap is closed)
        members = sorted(position[a] for a in group if a in position)
        for first, second in itertools.pairwise(members):
            rows.append(({first: 1.0, second: -1.0}, 0.0, 0.0))
    rows += [({position[a]: 1.0}, 1.0, math.inf) for a in problem.forced if a in position]
    for cut in cuts:
        rows.append(({i: 1.0 for i, c in enumerate(candidates) if c.id not in cut}, 1.0, math.inf))
    # costs in thousands of VND: every band edge is a whole number of them, and it keeps the
    # objective far from the float precision limit
    costs = [c.cost / 1000.0 for c in candidates]
    found, _, _ = lexsolve.solve(costs, rows, upper, _TIME_LIMIT)
    if found is None:
        return None
    cheapest = sum(cost for cost, x in zip(costs, found, strict=True) if x > 0.5)
    # Equal-cost routes are common (a combined work priced like one of the works it replaces);
    # the tie goes to the route closing more criteria, not to whichever the solver met first.
    closed = sorted({item for c in candidates for item in c.closes})
    own = len(closed)
    tie_rows = [
        *rows,
        (dict(enumerate(costs)), -math.inf, cheapest + 0.0005),  # the least cost (half a đồng)
        *(
            ({count + k: 1.0, **dict.fromkeys(cover[item], -1.0)}, -math.inf, 0.0)
            for k, item in enumerate(closed)
        ),
    ]
    objective = [0.0] * count + [-1.0] * own
    best, _, _ = lexsolve.solve(
        objective,
        tie_rows,
        upper + [1.0] * own,
        _TIME_LIMIT,
        start=[
            *(round(x) for x in found),
            *(float(any(found[i] > 0.5 for i in cover[item])) for item in closed),
        ],
    )
    chosen = best if best is not None else found
    return frozenset(c.id for c, x in zip(candidates, chosen[:count], strict=True) if x > 0.5)
