"""Where each box and line of a diagram goes, drawn from the model.

The views are the electrical one-line, the mechanical schematic and the fuel system (rendered by
``svg.py`` and ``pdf_section.py``).

Layered drawing (Sugiyama style, simplified): each element's layer is its distance from the
sources of the view (breadth-first, so bus ties and loops do not matter); the order inside a
layer follows the mean position of its feeders (a few downward sweeps). Leaves of one kind with
the same feeders (a row of racks on the same PDU pair) are drawn as one box "n x kind", which
keeps a large hall readable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tierassess.core.topology.model import Medium, Topology

BOX_W, BOX_H = 120.0, 38.0
GAP_X, GAP_Y = 24.0, 56.0
MARGIN = 24.0
TITLE_H = 40.0
MAX_PER_LINE = 8

VIEWS: dict[str, frozenset[Medium]] = {
    "electrical": frozenset({Medium.ELECTRICAL, Medium.BATTERY}),
    "mechanical": frozenset(
        {Medium.CHILLED_WATER, Medium.CONDENSER_WATER, Medium.AIR, Medium.MAKEUP_WATER}
    ),
    "fuel": frozenset({Medium.FUEL}),
}


@dataclass
class Box:
    """One box of a diagram: an element, or several alike drawn as one, and where it goes."""

    key: str
    label: str
    kind: str
    members: list[str]
    x: float = 0.0
    y: float = 0.0
    failing: bool = False
    muted: bool = False  # no credit (utility) or not tested (loads, rooms)


@dataclass
class Line:
    """A line of a diagram: a feed from one box to another in one medium."""

    source: str
    target: str
    medium: Medium


@dataclass
class Layout:
    """One view of the model laid out: its boxes, its lines and its size."""

    view: str
    boxes: dict[str, Box] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def _edges(topology: Topology, media: frozenset[Medium]) -> list[tuple[str, str, Medium]]:
    return [
        (c.source, target, c.medium)
        for c in topology.connections
        if c.medium in media
        for target in c.to
    ]


def _groups(
    topology: Topology, edges: list[tuple[str, str, Medium]]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Leaf elements with the same kind and the same feeders share one box."""
    feeders: dict[str, set[str]] = {}
    has_children: set[str] = set()
    for source, target, _ in edges:
        feeders.setdefault(target, set()).add(source)
        has_children.add(source)
    kind = {e.id: e.kind for e in topology.elements}
    members: dict[str, list[str]] = {}
    box_of: dict[str, str] = {}
    for element in topology.elements:
        node = element.id
        if node not in feeders and node not in has_children:
            continue
        if node in has_children or node not in feeders:
            key = node
        else:
            key = f"{kind[node]}<-{','.join(sorted(feeders[node]))}"
        box_of[node] = key
        members.setdefault(key, []).append(node)
    return box_of, members


def layout(topology: Topology, view: str, failing: set[str], muted: set[str]) -> Layout:
    """The diagram of one view, or an empty layout when the model has nothing of it."""
    edges = _edges(topology, VIEWS[view])
    result = Layout(view=view)
    if not edges:
        return result
    box_of, members = _groups(topology, edges)
    kind = {e.id: e.kind for e in topology.elements}
    links: dict[tuple[str, str], Medium] = {}
    for source, target, medium in edges:
        a, b = box_of[source], box_of[target]
        if a != b:
            links.setdefault((a, b), medium)
    for key, ids in members.items():
        label = ids[0] if len(ids) == 1 else f"{len(ids)} × {kind[ids[0]]}"
        result.boxes[key] = Box(
            key=key,
            label=label,
            kind=kind[ids[0]],
            members=ids,
            failing=any(i in failing for i in ids),
            muted=all(i in muted for i in ids),
        )
    result.lines = [Line(a, b, m) for (a, b), m in links.items()]
    _place(result, links)
    return result


def _longest_path_layers(keys: list[str], children: dict[str, list[str]]) -> dict[str, int]:
    """Each box one layer below its lowest feeder.

    Loops are broken where a depth-first walk from the sources comes back to a box on its own path
    (a bus tie drawn sideways).
    """
    state: dict[str, int] = {}
    forward: dict[str, list[str]] = {k: [] for k in keys}
    order: list[str] = []
    has_parent = {c for k in keys for c in children[k]}
    roots = [k for k in keys if k not in has_parent] + keys
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(children[root]))]
        state[root] = 1
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                state[node] = 2
                order.append(node)
                stack.pop()
            elif state.get(child) != 1:  # not a way back up the current path
                forward[node].append(child)
                if child not in state:
                    state[child] = 1
                    stack.append((child, iter(children[child])))
    layer = dict.fromkeys(keys, 0)
    for node in reversed(order):  # a topological order of the forward edges
        for child in forward[node]:
            layer[child] = max(layer[child], layer[node] + 1)
    return layer


def _order(
    rows: dict[int, list[str]], parents: dict[str, list[str]], children: dict[str, list[str]]
) -> None:
    """Barycentre sweeps: down (by feeders), up (by what they feed), down again."""
    position: dict[str, float] = {}

    def settle(row: list[str]) -> None:
        for index, key in enumerate(row):
            position[key] = index - (len(row) - 1) / 2  # centred, as the rows are drawn

    def mean(keys: list[str], fallback: float) -> float:
        known = [position[k] for k in keys if k in position]
        return sum(known) / len(known) if known else fallback

    depths = sorted(rows)
    for depth in depths:
        settle(rows[depth])
    sweeps = (
        (depths[1:], parents),
        (list(reversed(depths[:-1])), children),
        (depths[1:], parents),
    )
    for order, towards in sweeps:
        for depth in order:
            row = rows[depth]
            row.sort(key=lambda k, t=towards: mean(t[k], position[k]))  # type: ignore[misc]
            settle(row)


def _place(result: Layout, links: dict[tuple[str, str], Medium]) -> None:
    children: dict[str, list[str]] = {k: [] for k in result.boxes}
    parents: dict[str, list[str]] = {k: [] for k in result.boxes}
    for a, b in links:
        children[a].append(b)
        parents[b].append(a)
    layer = _longest_path_layers(list(result.boxes), children)
    rows: dict[int, list[str]] = {}
    for key in result.boxes:
        rows.setdefault(layer[key], []).append(key)
    _order(rows, parents, children)
    # A wide layer is wrapped onto several lines so that a drawing stays readable when printed.
    lines: list[list[str]] = []
    for depth in sorted(rows):
        row = rows[depth]
        lines += [row[i : i + MAX_PER_LINE] for i in range(0, len(row), MAX_PER_LINE)]
    widest = max(len(line) for line in lines)
    result.width = 2 * MARGIN + widest * BOX_W + (widest - 1) * GAP_X
    result.height = TITLE_H + 2 * MARGIN + len(lines) * BOX_H + (len(lines) - 1) * GAP_Y
    for number, line in enumerate(lines):
        span = len(line) * BOX_W + (len(line) - 1) * GAP_X
        left = (result.width - span) / 2
        for index, key in enumerate(line):
            box = result.boxes[key]
            box.x = left + index * (BOX_W + GAP_X)
            box.y = TITLE_H + MARGIN + number * (BOX_H + GAP_Y)
