"""The facts sheet's rules R1-R9 and a tier per subsystem, from the maintenance test's findings.

R1 N+1 capacity with any one capacity component out · R2 every path element maintainable ·
R3 IT on two paths (dual cords on separate paths, or a point-of-use transfer switch) · R4 utility
earns no credit · R5 no run-hour limit on the generators at N · R6 >= 12 h fuel at N with any
element out · R7 fuel components maintainable · R8 make-up water maintainable (evaporative
plants) · R9 the weakest subsystem sets the site.
"""

from __future__ import annotations

import dataclasses
from collections import deque

from tierassess.core.topology.evaluate import evaluate
from tierassess.core.topology.graph import Graph
from tierassess.core.topology.kinds import Role, Subsystem
from tierassess.core.topology.model import LIMITED_RATINGS, Medium
from tierassess.core.topology.result import (
    Failure,
    FailureKind,
    PointOfFailure,
    RuleFinding,
    RuleStatus,
    SubsystemTier,
    listing,
)

_BASE_SUBSYSTEM = {
    FailureKind.NO_POWER: Subsystem.ELECTRICAL,
    FailureKind.NO_COOLING: Subsystem.MECHANICAL,
    FailureKind.FUEL_HOURS: Subsystem.FUEL,
    FailureKind.WATER_HOURS: Subsystem.MAKEUP_WATER,
}


def _finding(rule: str, elements: list[str], details: list[str] | None = None) -> RuleFinding:
    status = RuleStatus.NOT_MET if elements or details else RuleStatus.MET
    return RuleFinding(rule=rule, status=status, elements=elements, details=details or [])


def rule_of(point: PointOfFailure) -> str:
    """Which rule a point of failure breaks."""
    if point.subsystem == Subsystem.FUEL:
        return "R7"
    if point.subsystem == Subsystem.MAKEUP_WATER:
        return "R8"
    return "R1" if point.capacity_component else "R2"


def _nearest_upstream(graph: Graph, load: int, candidates: set[str]) -> str | None:
    seen = {load}
    queue = deque([load])
    while queue:
        node = queue.popleft()
        for source in graph.feeders[node].get(Medium.ELECTRICAL, []):
            if source in seen:
                continue
            if graph.ids[source] in candidates:
                return graph.ids[source]
            seen.add(source)
            queue.append(source)
    return None


def _dual_path(graph: Graph, loads: list[int], points: list[PointOfFailure]) -> RuleFinding:
    """R3: a load needs two electrical paths that do not meet before it."""
    killers: dict[str, set[str]] = {}
    for point in points:
        for failure in point.failures:
            if failure.kind is FailureKind.NO_POWER:
                for load_name in failure.elements:
                    killers.setdefault(load_name, set()).add(point.element)
    elements: list[str] = []
    details: list[str] = []
    for load in loads:
        load_id = graph.ids[load]
        plugged = graph.feeders[load].get(Medium.ELECTRICAL, [])
        cords = sorted(set(plugged))
        if len(cords) == 1:
            cord = cords[0]
            switch = graph.specs[cord].role is Role.TRANSFER
            if not switch or len(set(graph.feeders[cord].get(Medium.ELECTRICAL, []))) < 2:
                # Two cords into one PDU are one path: the load counts as single-corded.
                code = "same_path" if len(plugged) > 1 else "single_corded"
                elements.append(graph.ids[cord])
                details.append(f"{load_id}: {code}:{graph.ids[cord]}")
                continue
        meeting = _nearest_upstream(graph, load, killers.get(load_id, set()))
        if meeting is not None:
            elements.append(meeting)
            details.append(f"{load_id}: same_path:{meeting}")
    return _finding("R3", sorted(set(elements)), details)


def _utility(
    graph: Graph, loads: list[int], base_failures: list[Failure], points: list[PointOfFailure]
) -> RuleFinding:
    """R4: what would only hold if utility power counted.

    Loads utility alone keeps at baseline, and removals that it alone would ride through (utility
    used as the redundant source).
    """
    utilities = sorted(
        graph.ids[i] for i in graph.never_works if graph.specs[i].role is Role.SOURCE
    )
    has_generator = any(e.kind == "generator" for e in graph.topology.elements)
    credited = dataclasses.replace(graph, never_works=set())
    details: list[str] = [] if has_generator else ["no_generator"]
    down = {e for f in base_failures if f.kind is FailureKind.NO_POWER for e in f.elements}
    if down:
        state = evaluate(credited, ())
        details += [
            f"{graph.ids[i]}: utility_only"
            for i in loads
            if graph.ids[i] in down and state.works[i]
        ]
    for point in points:
        lost = {e for f in point.failures if f.kind is FailureKind.NO_POWER for e in f.elements}
        if not lost:
            continue
        state = evaluate(credited, graph.removal_set(graph.index[point.element]))
        saved = sorted(e for e in lost if state.works[graph.index[e]])
        if saved:
            details.append(f"{point.element}: utility_as_redundancy:{listing(saved)}")
    if not details:
        return _finding("R4", [])
    return _finding("R4", utilities, details)


def judge(
    graph: Graph,
    loads: list[int],
    base_failures: list[Failure],
    points: list[PointOfFailure],
    fuel_hours: float | None,
    water_hours: float | None,
) -> tuple[list[RuleFinding], list[SubsystemTier]]:
    """The rules R1-R9 and the tier of each subsystem present."""
    by_rule: dict[str, list[str]] = {"R1": [], "R2": [], "R7": [], "R8": []}
    for point in points:
        by_rule[rule_of(point)].append(point.element)
    generators = [e for e in graph.topology.elements if e.kind == "generator"]
    limited = [e.id for e in generators if e.rating_type in LIMITED_RATINGS]
    fuel_short = [
        p.element for p in points if any(f.kind is FailureKind.FUEL_HOURS for f in p.failures)
    ]
    fuel_base = (
        [f"baseline:{round(fuel_hours or 0.0, 1)}"]
        if any(f.kind is FailureKind.FUEL_HOURS for f in base_failures)
        else []
    )
    water_short = [
        p.element for p in points if any(f.kind is FailureKind.WATER_HOURS for f in p.failures)
    ]
    has_towers = any(e.kind == "cooling_tower" for e in graph.topology.elements)
    rules = [
        _finding("R1", by_rule["R1"]),
        _finding("R2", by_rule["R2"]),
        _dual_path(graph, loads, points),
        _utility(graph, loads, base_failures, points),
        _finding("R5", limited)
        if generators
        else RuleFinding(rule="R5", status=RuleStatus.NOT_APPLICABLE),
        _finding("R6", fuel_short, fuel_base)
        if generators
        else RuleFinding(rule="R6", status=RuleStatus.NOT_APPLICABLE),
        _finding("R7", by_rule["R7"])
        if generators
        else RuleFinding(rule="R7", status=RuleStatus.NOT_APPLICABLE),
        _finding("R8", sorted(set(by_rule["R8"] + water_short)))
        if has_towers
        else RuleFinding(rule="R8", status=RuleStatus.NOT_APPLICABLE),
    ]
    subsystems = _tiers(graph, base_failures, points, rules)
    weakest = min((s.tier for s in subsystems), default=0)
    target = min(graph.topology.design.target_tier, 3)
    capping = [s.subsystem for s in subsystems if s.tier == weakest and weakest < target]
    rules.append(_finding("R9", capping))
    return rules, subsystems


def _tiers(
    graph: Graph,
    base_failures: list[Failure],
    points: list[PointOfFailure],
    rules: list[RuleFinding],
) -> list[SubsystemTier]:
    present = {Subsystem.ELECTRICAL, Subsystem.MECHANICAL}
    for node, spec in enumerate(graph.specs):
        if not spec.exempt:
            present.add(graph.subsystem[node])
    if any(e.kind == "cooling_tower" for e in graph.topology.elements):
        present.add(Subsystem.MAKEUP_WATER)
    failing = {r.rule for r in rules if r.status is RuleStatus.NOT_MET}
    result = []
    for subsystem in Subsystem:
        if subsystem not in present:
            continue
        reasons: list[str] = []
        base = [f for f in base_failures if _base_subsystem(f) is subsystem]
        mine = [p for p in points if p.subsystem == subsystem.value]
        if base:
            tier = 0
            reasons = sorted({f"baseline:{f.kind.value}" for f in base})
        elif any(p.capacity_component for p in mine):
            tier = 1
            # The rule that names them: a fuel pump is R7 and a make-up pump R8, not R1.
            reasons = sorted({rule_of(p) for p in mine if p.capacity_component})
        else:
            tier = 3
            reasons = sorted({rule_of(p) for p in mine})
            caps = {"R3", "R5"} if subsystem is Subsystem.ELECTRICAL else set()
            if subsystem is Subsystem.FUEL:
                caps = {"R6"}
            reasons = sorted(set(reasons) | (caps & failing))
            if reasons:
                tier = 2
        result.append(SubsystemTier(subsystem=subsystem.value, tier=tier, reasons=reasons))
    return result


def _base_subsystem(failure: Failure) -> Subsystem:
    if failure.kind in _BASE_SUBSYSTEM:
        return _BASE_SUBSYSTEM[failure.kind]
    stage = failure.stage or ""
    power = stage.startswith(("generator", "ups_module"))
    return Subsystem.ELECTRICAL if power else Subsystem.MECHANICAL
