"""The topology as a graph, and what works when some elements are out of service.

Algorithm (named in the benchmark too):

1. **Working elements: a least fixpoint over the feed graph** (a worklist, O(V + E)). An element
   works when it is in service and, for every medium something feeds it with, at least one of
   those feeders works (an ATS, a dual-corded load or a board with two incomers needs one live
   feed; a CRAH needs power *and* chilled water). Storage needs no feed. Controls are done in two
   passes: the first ignores control links and tells which controllers have power; the second
   stops every element whose controllers are all down, unless a controller has a manual mode.
   Utility power and public water never work (Tier III gives them no credit).
2. **Capacity: bitset signatures and Hall's condition.** Each capacity stage (generators, UPS
   modules, chillers, pumps per medium, towers, cooling units) gives each of its units a bit; the
   bits flow downstream along the stage's media (OR over a worklist), so every demand node ends
   with the set of units that can reach it. Demand nodes with the same set are merged; supply
   meets demand iff for every union of groups the reachable capacity covers their need (Hall's
   theorem for the transport problem). Few groups: every subset is tried; many: a max-flow on the
   compressed graph (networkx).
3. **Removal is local.** Taking element ``e`` out changes only what lies downstream of ``e`` in the
   feed graph (its descendants ``D(e)``), so each removal recomputes steps 1-2 on ``D(e)`` only,
   starting from the untouched state around it. The whole maintenance test costs
   O(sum over e of |D(e)| + edges into D(e)) plus the Hall checks of the stages it touches: near
   O(V * depth) for tree-like one-lines, O(V * (V + E)) at worst.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from tierassess.core.topology.kinds import (
    MEDIUM_SUBSYSTEM,
    STAGE_MEDIA,
    KindSpec,
    Role,
    Subsystem,
    kinds,
)
from tierassess.core.topology.model import Medium, RatingType, Topology

PRIME_LIMIT_DEFAULT = 0.70
EPSILON = 1e-9


@dataclass
class Stage:
    """One capacity stage: units of one kind whose capacity adds up along one family of media."""

    key: str  # kind, or kind:medium for pumps
    kind: str
    family: str
    media: frozenset[Medium]
    units: list[int]
    capacity: dict[int, float]  # bit position -> kW
    bit: dict[int, int]  # element index -> bit position
    demand: dict[int, float] = field(default_factory=dict)  # element index -> kW need


@dataclass
class Graph:
    """A checked topology compiled to index-based adjacency for fast repeated evaluation."""

    topology: Topology
    ids: list[str]
    index: dict[str, int]
    specs: list[KindSpec]
    subsystem: list[Subsystem]
    feeders: list[dict[Medium, list[int]]]
    successors: list[list[tuple[int, Medium]]]
    required: list[tuple[Medium, ...]]
    controllers: list[list[int]]
    never_works: set[int]
    manual_controllers: list[int]
    stages: list[Stage]

    @cached_property
    def all_successors(self) -> list[list[int]]:
        """Each node's successors over every medium, sorted and without repeats."""
        return [sorted({v for v, _ in out}) for out in self.successors]

    def removal_set(self, node: int) -> list[int]:
        """An element and the others its isolation takes out with it (``isolates_with``)."""
        element = self.topology.elements[node]
        return [node, *(self.index[i] for i in element.isolates_with)]

    def descendants(self, removed: Iterable[int]) -> list[int]:
        """``removed`` and everything downstream of them in the feed graph (any medium)."""
        seen = set(removed)
        queue = deque(seen)
        order = list(seen)
        successors = self.all_successors
        while queue:
            node = queue.popleft()
            for child in successors[node]:
                if child not in seen:
                    seen.add(child)
                    order.append(child)
                    queue.append(child)
        return order


def _subsystem(spec: KindSpec, media: list[Medium]) -> Subsystem:
    if spec.subsystem != "by_medium":
        return Subsystem(spec.subsystem)
    for medium in media:
        if medium in MEDIUM_SUBSYSTEM and medium is not Medium.CONTROL:
            return MEDIUM_SUBSYSTEM[medium]
    return Subsystem.MECHANICAL


def unit_capacity(topology: Topology, element_id: str) -> float:
    """The capacity a unit brings: nameplate, or a prime rating at its average-load limit."""
    element = topology.element(element_id)
    if element is None:
        return 0.0
    spec = kinds()[element.kind]
    value = getattr(element, spec.capacity_field) if spec.capacity_field else None
    if value is None:
        return 0.0
    if element.rating_type is RatingType.PRIME:
        return float(value) * (element.prime_limit or PRIME_LIMIT_DEFAULT)
    return float(value)


def compile_graph(topology: Topology) -> Graph:
    """Index the (media-resolved) topology: feeders, successors, requirements and stages."""
    table = kinds()
    ids = [e.id for e in topology.elements]
    index = {element_id: i for i, element_id in enumerate(ids)}
    size = len(ids)
    feeders: list[dict[Medium, list[int]]] = [{} for _ in range(size)]
    successors: list[list[tuple[int, Medium]]] = [[] for _ in range(size)]
    out_media: list[list[Medium]] = [[] for _ in range(size)]
    for connection in topology.connections:
        medium = connection.medium or Medium(
            table[topology.elements[index[connection.source]].kind].emits[0]
        )
        source = index[connection.source]
        out_media[source].append(medium)
        for target_id in connection.to:
            target = index[target_id]
            feeders[target].setdefault(medium, []).append(source)
            successors[source].append((target, medium))
    specs = [table[e.kind] for e in topology.elements]
    subsystems = []
    required: list[tuple[Medium, ...]] = []
    controllers: list[list[int]] = []
    for i, spec in enumerate(specs):
        in_media = list(feeders[i])
        subsystems.append(_subsystem(spec, out_media[i] + in_media))
        storage_media = set(spec.emits) if spec.role is Role.STORAGE else set()
        required.append(
            tuple(m for m in in_media if m is not Medium.CONTROL and m not in storage_media)
        )
        controllers.append(feeders[i].get(Medium.CONTROL, []))
    never = {i for i, spec in enumerate(specs) if not spec.credit}
    graph = Graph(
        topology=topology,
        ids=ids,
        index=index,
        specs=specs,
        subsystem=subsystems,
        feeders=feeders,
        successors=successors,
        required=required,
        controllers=controllers,
        never_works=never,
        manual_controllers=[
            i
            for i, (spec, element) in enumerate(zip(specs, topology.elements, strict=True))
            if spec.role is Role.CONTROLLER and element.manual_mode
        ],
        stages=[],
    )
    graph.stages = _stages(graph, out_media)
    return graph


def _stages(graph: Graph, out_media: list[list[Medium]]) -> list[Stage]:
    stages: dict[str, Stage] = {}
    for i, spec in enumerate(graph.specs):
        if not spec.is_capacity or spec.stage_family is None:
            continue
        capacity = unit_capacity(graph.topology, graph.ids[i])
        if capacity <= 0:
            continue  # a pump without capacity_kw is a path element only
        key = spec_key = graph.topology.elements[i].kind
        if spec_key == "pump":
            medium = next(iter(out_media[i]), None)
            if medium not in STAGE_MEDIA["cooling"]:
                continue
            key = f"pump:{medium}"
        media = STAGE_MEDIA[spec.stage_family]
        stage = stages.setdefault(key, Stage(key, spec_key, spec.stage_family, media, [], {}, {}))
        stage.bit[i] = len(stage.units)
        stage.capacity[len(stage.units)] = capacity
        stage.units.append(i)
    return list(stages.values())
