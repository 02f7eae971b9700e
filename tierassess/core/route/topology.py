"""The cheapest set of model changes that clears a topology model's maintenance findings.

A finding is an element whose planned removal takes a critical load down or leaves a shortfall
(a point of failure of ``tierassess.core.topology.check_topology``), named ``topology:<element>``.
Each candidate action carries the model change it makes (``tierassess.core.topology.ModelChange``):

* what an action closes is computed, not declared: its change alone is applied and the
  maintenance test re-run; the findings that disappear are the ones it closes (one added transfer
  switch can clear every element of a path at once);
* the exact program of ``_solve`` picks the cheapest set that closes every finding, and every
  chosen set is checked as a whole (all its changes applied, the test re-run): a set that leaves
  a finding, or makes a new one (an added element that is itself a single point of failure), is
  cut and the search goes on. Closing is monotone here (adding redundancy never removes it), so
  the cuts keep the answer optimal.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from tierassess.core.models import Checklist
from tierassess.core.route._solve import Candidate, RouteProblem, solve
from tierassess.core.topology import ModelChange, Topology, apply_change, check_topology
from tierassess.errors import InputError


@dataclass(frozen=True)
class ModelAction:
    """A remediation action as the topology sees it: its expected cost and its model change."""

    id: str
    cost: int
    change: ModelChange


@dataclass(frozen=True)
class TopologyRoute:
    """The model's part of a route: findings, what clears them, the choice and its cost."""

    findings: frozenset[str]
    closes: dict[str, frozenset[str]]
    chosen: frozenset[str] | None
    cost: int
    uncovered: frozenset[str]


def findings_of(model: Topology) -> frozenset[str]:
    """The maintenance findings of a model: ``topology:<element>`` per point of failure."""
    return frozenset(f"topology:{p.element}" for p in check_topology(model).points_of_failure)


def _applied(model: Topology, actions: Sequence[ModelAction]) -> Topology:
    for action in sorted(actions, key=lambda a: a.id):
        model = apply_change(model, action.change, origin=action.id)
    return model


def topology_route(model: Topology, actions: Sequence[ModelAction]) -> TopologyRoute:
    """The cheapest set of ``actions`` after which the model has no maintenance finding."""
    findings = findings_of(model)
    by_id = {a.id: a for a in actions}
    closes = {a.id: findings - findings_of(_applied(model, [a])) for a in actions}
    # findings no action closes alone stay open (reported as uncovered), never a reason to cut
    alone = frozenset(f for f in findings if not any(f in c for c in closes.values()))

    def accept(chosen: frozenset[str]) -> bool:
        return not findings_of(_applied(model, [by_id[i] for i in chosen])) - alone

    problem = RouteProblem(
        candidates=tuple(Candidate(a.id, closes[a.id], a.cost) for a in actions),
        requirements=findings,
    )
    solution = solve(problem, accept)
    return TopologyRoute(findings, closes, solution.chosen, solution.cost, solution.uncovered)


@dataclass(frozen=True)
class ModelEffects:
    """What a site's topology model says about the route's candidates.

    The findings to clear, what each action with a model change clears alone, and the check of a
    whole set.
    """

    findings: frozenset[str]
    closes: dict[str, frozenset[str]]
    accept: Callable[[frozenset[str]], bool]


def model_effects(model: Topology, checklist: Checklist) -> ModelEffects | None:
    """The effects of the planning table's combined actions that carry a model change.

    None when none does (the model's findings then stay the criteria's business).
    """
    planning = checklist.planning
    bands = {b.id: b for b in planning.cost_bands} if planning else {}
    actions = []
    for combined in planning.combined_actions if planning else []:
        if combined.model_change is None or combined.cost_band not in bands:
            continue
        band = bands[combined.cost_band]
        try:
            change = ModelChange.model_validate(combined.model_change)
        except ValidationError as exc:
            from tierassess.validation_words import error_lines

            first = error_lines(exc.errors(include_url=False))[0]
            raise InputError(f"planning.yaml: {combined.id}.model_change.{first}") from None
        actions.append(ModelAction(combined.id, (band.min_vnd + band.max_vnd) // 2, change))
    if not actions:
        return None
    findings = findings_of(model)
    by_id = {a.id: a for a in actions}
    closes = {a.id: findings - findings_of(_applied(model, [a])) for a in actions}
    alone = frozenset(f for f in findings if not any(f in c for c in closes.values()))

    def accept(chosen: frozenset[str]) -> bool:
        changed = [by_id[i] for i in sorted(chosen) if i in by_id]
        return not findings_of(_applied(model, changed)) - alone

    return ModelEffects(findings, closes, accept)
