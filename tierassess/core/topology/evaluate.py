"""What works, and which capacity reaches what, with a set of elements out of service.

``evaluate`` computes the state of the whole graph; given a base state and the region that a
removal can change (its descendants), it recomputes that region only. See ``graph.py`` for the
algorithm.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Container, Iterable
from dataclasses import dataclass

from tierassess.core.topology.graph import Graph, Stage
from tierassess.core.topology.model import Medium


@dataclass
class State:
    """Per element: works (with controls), has power ignoring controls, and stage signatures."""

    works: list[bool]
    powered: list[bool]  # first pass: controls ignored (a controller works when this is true)
    signatures: dict[str, list[int]]
    # Per stage, the nodes whose signature was recomputed over the base state (None: all).
    touched: dict[str, list[int]] | None = None


def _fixpoint(
    graph: Graph,
    out: set[int],
    region: list[int],
    in_region: list[bool],
    works: list[bool],
    control_ok: list[bool] | None,
) -> None:
    """Least fixpoint of "works" on ``region``; elements outside keep their value in ``works``."""
    missing: dict[int, set[Medium]] = {}
    queue: deque[int] = deque()
    for node in region:
        works[node] = False
    for node in region:
        if node in out or node in graph.never_works:
            continue
        controllers = graph.controllers[node]
        if control_ok is not None and controllers and not any(control_ok[c] for c in controllers):
            continue
        needed = set()
        for medium in graph.required[node]:
            if not any(works[f] and not in_region[f] for f in graph.feeders[node][medium]):
                needed.add(medium)
        if needed:
            missing[node] = needed
        else:
            works[node] = True
            queue.append(node)
    while queue:
        node = queue.popleft()
        for child, medium in graph.successors[node]:
            waiting = missing.get(child)
            if waiting is None or medium not in waiting:
                continue
            waiting.discard(medium)
            if not waiting:
                del missing[child]
                works[child] = True
                queue.append(child)


def _signatures(
    graph: Graph,
    stage: Stage,
    region: list[int],
    in_region: Container[int],
    works: list[bool],
    signature: list[int],
) -> None:
    """OR each working unit's bit downstream along the stage's media, within ``region``."""
    queue: deque[int] = deque()
    media = stage.media
    for node in region:
        value = 0
        if works[node]:
            bit = stage.bit.get(node)
            if bit is not None:
                value = 1 << bit
            for medium, sources in graph.feeders[node].items():
                if medium in media:
                    for source in sources:
                        if source not in in_region and works[source]:
                            value |= signature[source]
        signature[node] = value
        if value:
            queue.append(node)
    while queue:
        node = queue.popleft()
        value = signature[node]
        for child, medium in graph.successors[node]:
            if medium in media and child in in_region and works[child]:
                merged = signature[child] | value
                if merged != signature[child]:
                    signature[child] = merged
                    queue.append(child)


def evaluate(
    graph: Graph,
    out: Iterable[int],
    base: State | None = None,
    region: list[int] | None = None,
) -> State:
    """The state with ``out`` out of service (the whole graph, or ``region`` over ``base``)."""
    out_set = set(out)
    size = len(graph.ids)
    if base is None or region is None:
        region = list(range(size))
        in_region = [True] * size
        powered = [False] * size
        works = [False] * size
        signatures = {s.key: [0] * size for s in graph.stages}
        base = None
    else:
        in_region = [False] * size
        for node in region:
            in_region[node] = True
        powered = list(base.powered)
        works = list(base.works)
        signatures = dict(base.signatures)
    _fixpoint(graph, out_set, region, in_region, powered, None)
    control_ok = list(powered)
    for node in graph.manual_controllers:
        control_ok[node] = True  # a manual mode keeps the plant running without its controller
    _fixpoint(graph, out_set, region, in_region, works, control_ok)
    if base is None:
        for stage in graph.stages:
            _signatures(graph, stage, region, range(size), works, signatures[stage.key])
        return State(works=works, powered=powered, signatures=signatures)
    # A signature can change only downstream of an element that stopped working.
    flipped = [n for n in region if works[n] != base.works[n]]
    touched: dict[str, list[int]] = {}
    for stage in graph.stages:
        changed = _downstream(graph, flipped, stage.media, in_region)
        touched[stage.key] = changed
        if changed:
            signatures[stage.key] = list(base.signatures[stage.key])
            _signatures(graph, stage, changed, set(changed), works, signatures[stage.key])
        else:
            signatures[stage.key] = base.signatures[stage.key]  # shared, never written
    return State(works=works, powered=powered, signatures=signatures, touched=touched)


def _downstream(
    graph: Graph, seeds: list[int], media: frozenset[Medium], in_region: list[bool]
) -> list[int]:
    seen = set(seeds)
    order = list(seeds)
    queue = deque(seeds)
    while queue:
        node = queue.popleft()
        for child, medium in graph.successors[node]:
            if medium in media and in_region[child] and child not in seen:
                seen.add(child)
                order.append(child)
                queue.append(child)
    return order
