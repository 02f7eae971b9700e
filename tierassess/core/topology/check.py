"""The maintenance test of a topology model (``check_topology``).

Take each element out in turn and see whether every critical load keeps power and cooling with
enough capacity, and the generators enough fuel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tierassess.core.topology.capacity import (
    capacity_table,
    demand_groups,
    heat_by_room,
    hours_at_n,
    set_demands,
    worst_shortfall,
)
from tierassess.core.topology.evaluate import State, evaluate
from tierassess.core.topology.graph import EPSILON, Graph, Stage, compile_graph
from tierassess.core.topology.kinds import Role
from tierassess.core.topology.model import Medium, Topology
from tierassess.core.topology.result import Failure, FailureKind, PointOfFailure, TopologyReport
from tierassess.core.topology.rules import judge
from tierassess.errors import InputError
from tierassess.i18n import t


@dataclass
class Context:
    """What every state of one model is judged against."""

    graph: Graph
    loads: list[int]
    rooms: list[int]
    loads_in_room: dict[int, list[int]]
    generators: list[int]
    towers: list[int]
    fuel_lph: float
    water_lph: float
    fuel_min: float
    water_min: float
    shortfall_cache: dict[str, dict[int, float]] = field(default_factory=dict)
    base: State | None = None
    worst_hours: dict[Medium, float] = field(default_factory=dict)
    base_groups: dict[str, dict[int, float]] = field(default_factory=dict)


def _context(graph: Graph) -> Context:
    topology = graph.topology
    heat = heat_by_room(graph)
    loads = [i for i, s in enumerate(graph.specs) if s.role is Role.LOAD]
    loads_in_room: dict[int, list[int]] = {}
    for i in loads:
        room = topology.elements[i].room
        if room is not None:
            loads_in_room.setdefault(graph.index[room], []).append(i)
    generators = [i for i, e in enumerate(topology.elements) if e.kind == "generator"]
    towers = [i for i, e in enumerate(topology.elements) if e.kind == "cooling_tower"]
    power_need = sum(e.power_kw or 0.0 for e in topology.elements)
    rated = sum(topology.elements[i].rating_kw or 0.0 for i in generators)
    fuel_rate = sum(topology.elements[i].fuel_lph or 0.0 for i in generators)
    tower_capacity = sum(topology.elements[i].capacity_kw or 0.0 for i in towers)
    water_rate = sum(topology.elements[i].makeup_lph or 0.0 for i in towers)
    cooled = sum(
        heat.get(graph.index[r], 0.0) for r in {topology.elements[i].room for i in loads} if r
    )
    return Context(
        graph=graph,
        loads=loads,
        rooms=[i for i, need in heat.items() if need > 0],
        loads_in_room=loads_in_room,
        generators=generators,
        towers=towers,
        # Consumption at N: the N load times the plant's litres per kWh (or per kW of heat).
        fuel_lph=power_need * fuel_rate / rated if rated else 0.0,
        water_lph=cooled * water_rate / tower_capacity if tower_capacity else 0.0,
        fuel_min=topology.design.fuel_hours_min,
        water_min=topology.design.makeup_water_hours_min,
    )


def _groups(ctx: Context, stage: Stage, state: State) -> dict[int, float]:
    """Need per signature: from scratch, or the base groups adjusted for the touched nodes."""
    if state.touched is None or ctx.base is None:
        return demand_groups(stage, state)
    groups = dict(ctx.base_groups[stage.key])
    before, after = ctx.base.signatures[stage.key], state.signatures[stage.key]
    for node in state.touched[stage.key]:
        need = stage.demand.get(node)
        if need is None:
            continue
        if ctx.base.works[node] and before[node]:
            left = groups[before[node]] - need
            if left > EPSILON:
                groups[before[node]] = left
            else:
                del groups[before[node]]
        if state.works[node] and after[node]:
            groups[after[node]] = groups.get(after[node], 0.0) + need
    return groups


def _stage_failures(ctx: Context, stage: Stage, state: State) -> list[Failure]:
    graph = ctx.graph
    signatures = state.signatures[stage.key]
    failures = []
    candidates = stage.demand if state.touched is None else state.touched[stage.key]
    unsupplied = [
        graph.ids[n]
        for n in candidates
        if n in stage.demand and state.works[n] and not signatures[n]
    ]
    if unsupplied:
        failures.append(Failure(kind=FailureKind.NO_SUPPLY, stage=stage.key, elements=unsupplied))
    cache = ctx.shortfall_cache.setdefault(stage.key, {})
    worst = worst_shortfall(stage, _groups(ctx, stage, state), cache)
    if worst is not None:
        need, available, union = worst
        short = [
            graph.ids[n]
            for n in stage.demand
            if state.works[n] and signatures[n] and not signatures[n] & ~union
        ]
        failures.append(
            Failure(
                kind=FailureKind.SHORTFALL,
                stage=stage.key,
                elements=short,
                need=round(need, 3),
                available=round(available, 3),
            )
        )
    return failures


def failures_of(ctx: Context, state: State, region: Sequence[int] | None = None) -> list[Failure]:
    """How ``state`` fails the test; with ``region``, only what can differ from the base state."""
    graph = ctx.graph
    nodes = range(len(graph.ids)) if region is None else region
    touched = set(nodes)
    failures = []
    down = [graph.ids[i] for i in ctx.loads if i in touched and not state.works[i]]
    if down:
        failures.append(Failure(kind=FailureKind.NO_POWER, elements=down))
    hot = [graph.ids[i] for i in ctx.rooms if i in touched and not state.works[i]]
    if hot:
        failures.append(Failure(kind=FailureKind.NO_COOLING, elements=hot))
    for stage in graph.stages:
        if state.touched is None or state.touched[stage.key]:
            failures.extend(_stage_failures(ctx, stage, state))
    if ctx.generators:
        fuel = hours_at_n(graph, state, Medium.FUEL, ctx.generators, "fuel_tank", ctx.fuel_lph)
        ctx.worst_hours[Medium.FUEL] = min(fuel, ctx.worst_hours.get(Medium.FUEL, fuel))
        if fuel + 1e-9 < ctx.fuel_min:
            failures.append(
                Failure(kind=FailureKind.FUEL_HOURS, need=ctx.fuel_min, available=round(fuel, 2))
            )
    if ctx.towers:
        water = hours_at_n(
            graph, state, Medium.MAKEUP_WATER, ctx.towers, "water_storage", ctx.water_lph
        )
        water_worst = ctx.worst_hours.get(Medium.MAKEUP_WATER, water)
        ctx.worst_hours[Medium.MAKEUP_WATER] = min(water, water_worst)
        if water + 1e-9 < ctx.water_min:
            failures.append(
                Failure(kind=FailureKind.WATER_HOURS, need=ctx.water_min, available=round(water, 2))
            )
    return failures


def loads_down(ctx: Context, failures: Iterable[Failure]) -> list[str]:
    """The critical IT loads a set of failures takes down (directly or through their room)."""
    graph = ctx.graph
    down: set[str] = set()
    for failure in failures:
        for element_id in failure.elements:
            node = graph.index[element_id]
            if graph.specs[node].role is Role.LOAD:
                down.add(element_id)
            elif node in ctx.loads_in_room:
                down.update(graph.ids[i] for i in ctx.loads_in_room[node])
    return sorted(down)


def check_topology(topology: Topology, without: Sequence[str] = ()) -> TopologyReport:
    """Run the whole test on a checked model with ``without`` out of service."""
    graph = compile_graph(topology)
    unknown = [w for w in without if w not in graph.index]
    if unknown:
        raise InputError(t("topology.err.without", ids=", ".join(unknown)))
    design = evaluate(graph, ())
    set_demands(graph, design)
    ctx = _context(graph)
    base_out = {graph.index[w] for w in without}
    base = evaluate(graph, base_out)
    base_failures = failures_of(ctx, base)
    ctx.base = base
    ctx.base_groups = {stage.key: demand_groups(stage, base) for stage in graph.stages}
    base_keys = {f.key() for f in base_failures}
    points: list[PointOfFailure] = []
    tested = 0
    for node, spec in enumerate(graph.specs):
        if spec.exempt or not spec.credit or node in base_out:
            continue
        tested += 1
        removed = graph.removal_set(node)
        region = graph.descendants(removed)
        state = evaluate(graph, base_out | set(removed), base, region)
        new = [f for f in failures_of(ctx, state, region) if f.key() not in base_keys]
        if new:
            points.append(
                PointOfFailure(
                    element=graph.ids[node],
                    kind=topology.elements[node].kind,
                    subsystem=graph.subsystem[node].value,
                    capacity_component=spec.is_capacity,
                    loads_down=loads_down(ctx, new),
                    failures=new,
                )
            )
    fuel = (
        hours_at_n(graph, base, Medium.FUEL, ctx.generators, "fuel_tank", ctx.fuel_lph)
        if ctx.generators
        else None
    )
    water = (
        hours_at_n(graph, base, Medium.MAKEUP_WATER, ctx.towers, "water_storage", ctx.water_lph)
        if ctx.towers
        else None
    )
    rules, subsystems = judge(graph, ctx.loads, base_failures, points, fuel, water)
    site_tier = min((s.tier for s in subsystems), default=0)
    return TopologyReport(
        digest=topology.digest(),
        target_tier=topology.design.target_tier,
        without=list(without),
        site_tier=site_tier,
        subsystems=subsystems,
        capacity=capacity_table(graph, design),
        baseline_failures=base_failures,
        points_of_failure=points,
        rules=rules,
        fuel_hours=None if fuel is None else round(fuel, 2),
        fuel_hours_min=ctx.fuel_min,
        fuel_hours_worst=_rounded(ctx.worst_hours.get(Medium.FUEL)),
        makeup_water_hours=None if water is None else round(water, 2),
        makeup_water_hours_min=ctx.water_min,
        makeup_water_hours_worst=_rounded(ctx.worst_hours.get(Medium.MAKEUP_WATER)),
        elements_tested=tested,
    )


def loads_at_risk(topology: Topology, outages: Sequence[Sequence[str]]) -> list[frozenset[str]]:
    """For each group of element ids out of service together, the critical loads it puts at risk.

    At risk: beyond what already fails with everything in service, the group leaves the load
    without power or cooling, short of a stage's capacity, or fed by equipment that is; a failure
    that names nothing (fuel or make-up water hours) puts every critical load at risk. The
    planner's overlap rule (``tierassess.core.planning.outages``) uses it, and errs on the side of
    more loads. Cost: one compile, then one evaluation downstream of each group.
    """
    graph = compile_graph(topology)
    set_demands(graph, evaluate(graph, ()))
    ctx = _context(graph)
    base = evaluate(graph, ())
    ctx.base = base
    ctx.base_groups = {stage.key: demand_groups(stage, base) for stage in graph.stages}
    base_keys = {f.key() for f in failures_of(ctx, base)}
    served: dict[int, frozenset[str]] = {}
    found: list[frozenset[str]] = []
    for ids in outages:
        removed = {n for i in ids for n in graph.removal_set(graph.index[i])}
        region = graph.descendants(removed)
        state = evaluate(graph, removed, base, region)
        at_risk: set[str] = set()
        for failure in failures_of(ctx, state, region):
            if failure.key() in base_keys:
                continue
            if not failure.elements:
                at_risk.update(graph.ids[i] for i in ctx.loads)
            for element_id in failure.elements:
                at_risk |= _loads_served(ctx, graph.index[element_id], served)
        found.append(frozenset(at_risk))
    return found


def _loads_served(ctx: Context, node: int, cache: dict[int, frozenset[str]]) -> frozenset[str]:
    """The critical loads that depend on ``node``: itself, or downstream of it and in its rooms."""
    loads = cache.get(node)
    if loads is None:
        graph = ctx.graph
        below = graph.descendants([node])
        loads = frozenset(
            graph.ids[i]
            for n in below
            for i in (n, *ctx.loads_in_room.get(n, ()))
            if graph.specs[i].role is Role.LOAD
        )
        cache[node] = loads
    return loads


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
