"""Whether the capacity that reaches each load covers its need.

Hall's condition over the demand groups of a stage (loads with the same set of reachable units),
or a max-flow when the groups are many. Also: the capacity table (N, installed, redundancy) and
fuel/water hours at N.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from tierassess.core.topology.evaluate import State
from tierassess.core.topology.graph import EPSILON, Graph, Stage
from tierassess.core.topology.kinds import Role
from tierassess.core.topology.model import Medium
from tierassess.core.topology.result import CapacityGroup

HALL_SUBSETS_MAX_GROUPS = 8


def heat_by_room(graph: Graph) -> dict[int, float]:
    """Design heat per room: its IT loads' heat (power when not given) plus its extra heat."""
    heat: dict[int, float] = {}
    for i, element in enumerate(graph.topology.elements):
        if element.kind == "room":
            heat[i] = heat.get(i, 0.0) + (element.extra_heat_kw or 0.0)
        elif element.room is not None:
            room = graph.index[element.room]
            load = element.heat_kw if element.heat_kw is not None else element.power_kw or 0.0
            heat[room] = heat.get(room, 0.0) + load
    return heat


def set_demands(graph: Graph, design: State) -> None:
    """Each stage's demand: the nodes its units reach in the full design (nothing out)."""
    heat = heat_by_room(graph)
    for stage in graph.stages:
        signatures = design.signatures[stage.key]
        if stage.family == "power":
            needs = {
                i: e.power_kw
                for i, e in enumerate(graph.topology.elements)
                if e.power_kw and graph.specs[i].role is not Role.ROOM
            }
        else:
            needs = heat
        stage.demand = {i: float(need) for i, need in needs.items() if need and signatures[i]}


def capacity_of(stage: Stage, signature: int, cache: dict[int, float]) -> float:
    """The total capacity of a stage's units in ``signature`` (a bit set), cached per set."""
    total = cache.get(signature)
    if total is None:
        total = 0.0
        bits, position = signature, 0
        while bits:
            if bits & 1:
                total += stage.capacity[position]
            bits >>= 1
            position += 1
        cache[signature] = total
    return total


def demand_groups(stage_def: Stage, state: State) -> dict[int, float]:
    """Need per signature for the working demand nodes that some unit reaches."""
    signatures = state.signatures[stage_def.key]
    groups: dict[int, float] = {}
    for node, need in stage_def.demand.items():
        signature = signatures[node]
        if state.works[node] and signature:
            groups[signature] = groups.get(signature, 0.0) + need
    return groups


def worst_shortfall(
    stage: Stage, groups: dict[int, float], cache: dict[int, float]
) -> tuple[float, float, int] | None:
    """(need, available, union signature) of the worst violated set of groups, or None.

    Groups that share no unit are independent, so each pool of overlapping groups is checked
    on its own: one group is a sum; a few, every subset (Hall); many, a max-flow.
    """
    worst: tuple[float, float, int] | None = None
    for pool in _pools(groups):
        items = [(signature, groups[signature]) for signature in pool]
        if len(items) == 1:
            found = _single(stage, items[0], cache)
        elif len(items) > HALL_SUBSETS_MAX_GROUPS:
            found = _max_flow_shortfall(stage, items, cache)
        else:
            found = _subsets(stage, items, cache)
        if found is not None and (worst is None or found[0] - found[1] > worst[0] - worst[1]):
            worst = found
    return worst


def _single(
    stage: Stage, item: tuple[int, float], cache: dict[int, float]
) -> tuple[float, float, int] | None:
    signature, need = item
    available = capacity_of(stage, signature, cache)
    return None if available + EPSILON >= need else (need, available, signature)


def _subsets(
    stage: Stage, items: list[tuple[int, float]], cache: dict[int, float]
) -> tuple[float, float, int] | None:
    common, total = -1, 0.0
    for signature, need in items:
        common &= signature
        total += need
    if capacity_of(stage, common, cache) + EPSILON >= total:
        return None  # the units every group reaches carry them all
    worst: tuple[float, float, int] | None = None
    for mask in range(1, 1 << len(items)):
        union, need = 0, 0.0
        for position, (signature, group_need) in enumerate(items):
            if mask >> position & 1:
                union |= signature
                need += group_need
        available = capacity_of(stage, union, cache)
        if available + EPSILON < need and (worst is None or need - available > worst[0] - worst[1]):
            worst = (need, available, union)
    return worst


def _max_flow_shortfall(
    stage: Stage, items: list[tuple[int, float]], cache: dict[int, float]
) -> tuple[float, float, int] | None:
    import networkx as nx

    union_all = 0
    for signature, _ in items:
        union_all |= signature
    # Units that belong to exactly the same groups are one supply node.
    classes: dict[tuple[int, ...], float] = {}
    position = 0
    bits = union_all
    while bits:
        if bits & 1:
            member = tuple(g for g, (sig, _) in enumerate(items) if sig >> position & 1)
            classes[member] = classes.get(member, 0.0) + stage.capacity[position]
        bits >>= 1
        position += 1
    flow: nx.DiGraph[object] = nx.DiGraph()
    for number, (member, capacity) in enumerate(classes.items()):
        flow.add_edge("s", ("u", number), capacity=capacity)
        for group in member:
            flow.add_edge(("u", number), ("g", group))
    need = 0.0
    for group, (_, group_need) in enumerate(items):
        flow.add_edge(("g", group), "t", capacity=group_need)
        need += group_need
    value, _ = nx.maximum_flow(flow, "s", "t")
    if value + EPSILON >= need:
        return None
    return need, float(value), union_all


def hours_at_n(
    graph: Graph,
    state: State,
    medium: Medium,
    consumers: list[int],
    storage_kind: str,
    consumption: float,
) -> float:
    """Hours of stored fuel or water at N.

    The volume of working tanks that can still reach a working consumer along working pipes, over
    the consumption at N.
    """
    if consumption <= 0:
        return 0.0
    reach: set[int] = set()
    queue = deque(c for c in consumers if state.works[c])
    reach.update(queue)
    while queue:
        node = queue.popleft()
        for source in graph.feeders[node].get(medium, []):
            if source not in reach and state.works[source]:
                reach.add(source)
                queue.append(source)
    volume = sum(
        graph.topology.elements[i].volume_l or 0.0
        for i in reach
        if graph.topology.elements[i].kind == storage_kind
    )
    return volume / consumption


def _units_needed(capacities: list[float], need: float) -> int | None:
    total = 0.0
    for count, capacity in enumerate(sorted(capacities, reverse=True), start=1):
        total += capacity
        if total + EPSILON >= need:
            return count
    return None


def capacity_table(graph: Graph, design: State) -> list[CapacityGroup]:
    """Per stage and pool of units serving the same loads: need, installed, N, redundancy."""
    rows = []
    for stage in graph.stages:
        groups = demand_groups(stage, design)
        pools = _pools(list(groups))
        for pool in pools:
            union = 0
            for signature in pool:
                union |= signature
            bits = [b for b in range(len(stage.units)) if union >> b & 1]
            need = sum(groups[s] for s in pool)
            capacities = [stage.capacity[b] for b in bits]
            n = _units_needed(capacities, need)
            rows.append(
                CapacityGroup(
                    stage=stage.key,
                    units=[graph.ids[stage.units[b]] for b in bits],
                    need_kw=round(need, 3),
                    installed_kw=round(sum(capacities), 3),
                    n=n,
                    redundancy=_redundancy(graph, stage, bits, need, n),
                    largest_unit_kw=max(capacities, default=0.0),
                )
            )
    return rows


def _pools(signatures: Iterable[int]) -> list[list[int]]:
    pools: list[tuple[int, list[int]]] = []
    for signature in signatures:
        merged_union, merged = signature, [signature]
        rest = []
        for union, members in pools:
            if union & merged_union:
                merged_union |= union
                merged.extend(members)
            else:
                rest.append((union, members))
        pools = [*rest, (merged_union, merged)]
    return [members for _, members in pools]


def _redundancy(graph: Graph, stage: Stage, bits: list[int], need: float, n: int | None) -> str:
    if n is None:
        return "below N"
    sides = _sides(graph, stage, bits)
    if len(sides) >= 2:
        side_n = [_units_needed([stage.capacity[b] for b in side], need) for side in sides]
        if all(k is not None for k in side_n):
            counts = [len(side) for side in sides]
            if all(c == k for c, k in zip(counts, side_n, strict=True)):
                return "2N"
            if all(
                c is not None and k is not None and c > k
                for c, k in zip(counts, side_n, strict=True)
            ):
                return "2(N+1)"
    extra = len(bits) - n
    return "N" if extra == 0 else f"N+{extra}"


def _sides(graph: Graph, stage: Stage, bits: list[int]) -> list[list[int]]:
    """Units grouped by the element they feed first (paralleled units share a bus)."""
    parent = {b: b for b in bits}

    def find(b: int) -> int:
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    first: dict[int, int] = {}
    for b in bits:
        for child, medium in graph.successors[stage.units[b]]:
            if medium in stage.media:
                if child in first:
                    parent[find(b)] = find(first[child])
                else:
                    first[child] = b
    sides: dict[int, list[int]] = {}
    for b in bits:
        sides.setdefault(find(b), []).append(b)
    return list(sides.values())
