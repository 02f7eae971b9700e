"""Diagrams as SVG text, the single points of failure in red.

One per view: electrical one-line, mechanical schematic, fuel.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from tierassess.core.topology.layout import BOX_H, BOX_W, GAP_Y, MARGIN, VIEWS, Layout, layout
from tierassess.core.topology.model import Medium, Topology
from tierassess.core.topology.result import TopologyReport
from tierassess.i18n import t

MEDIUM_COLOUR = {
    Medium.ELECTRICAL: "#333333",
    Medium.BATTERY: "#7a5c00",
    Medium.CHILLED_WATER: "#1f5fa8",
    Medium.CONDENSER_WATER: "#2a8a8a",
    Medium.AIR: "#6a9fd4",
    Medium.MAKEUP_WATER: "#2e7d32",
    Medium.FUEL: "#8d5a00",
    Medium.CONTROL: "#777777",
}
FAIL_STROKE, FAIL_FILL = "#c62828", "#fde8e8"
MUTED_FILL, BOX_FILL = "#eeeeee", "#ffffff"


def muted_ids(topology: Topology) -> set[str]:
    """Elements drawn grey: those that earn no credit or are not taken out (loads, rooms)."""
    from tierassess.core.topology.kinds import kinds

    table = kinds()
    return {e.id for e in topology.elements if table[e.kind].exempt}


def views(topology: Topology, report: TopologyReport) -> dict[str, Layout]:
    """Every view the model has, laid out, failing elements marked."""
    failing = {p.element for p in report.points_of_failure}
    muted = muted_ids(topology)
    laid = {view: layout(topology, view, failing, muted) for view in VIEWS}
    return {view: found for view, found in laid.items() if found.boxes}


def _text(x: float, y: float, text: str, size: int = 11, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="middle">{escape(text)}</text>'
    )


def render_svg(found: Layout, title: str) -> str:
    """One view as a standalone SVG document."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{found.width:.0f}" '
        f'height="{found.height:.0f}" viewBox="0 0 {found.width:.0f} {found.height:.0f}" '
        'font-family="DejaVu Sans, Arial, sans-serif">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{found.width:.0f}" height="{found.height:.0f}" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 4}" font-size="15" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    # Each feeder runs its horizontal bus at its own height, so buses do not merge.
    # feeders at the same x are ordered by id: a set's order changes with the hash seed
    sources = sorted({line.source for line in found.lines}, key=lambda k: (found.boxes[k].x, k))
    lane = {key: (index % 5 + 1) / 6 for index, key in enumerate(sources)}
    for line in found.lines:
        a, b = found.boxes[line.source], found.boxes[line.target]
        x1, y1 = a.x + BOX_W / 2, a.y + BOX_H
        x2, y2 = b.x + BOX_W / 2, b.y
        if y2 <= y1:  # a tie or a loop back up: drawn beside the boxes
            x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2
        middle = y1 + (min(y2, y1 + GAP_Y) - y1) * lane[line.source]
        colour = MEDIUM_COLOUR.get(line.medium, "#333333")
        parts.append(
            f'<path d="M{x1:.1f},{y1:.1f} V{middle:.1f} H{x2:.1f} V{y2:.1f}" fill="none" '
            f'stroke="{colour}" stroke-width="1.4"><title>{escape(line.source)} → '
            f"{escape(line.target)} ({line.medium.value})</title></path>"
        )
    for box in found.boxes.values():
        stroke = FAIL_STROKE if box.failing else "#444444"
        fill = FAIL_FILL if box.failing else MUTED_FILL if box.muted else BOX_FILL
        width = 2.4 if box.failing else 1.0
        parts.append(
            f'<g class="{"failing" if box.failing else "element"}" data-id="{escape(box.key)}">'
            f"<title>{escape(', '.join(box.members))}</title>"
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{BOX_W}" height="{BOX_H}" rx="4" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>'
        )
        parts.append(_text(box.x + BOX_W / 2, box.y + 16, _cut(box.label, 18), 11, "bold"))
        parts.append(_text(box.x + BOX_W / 2, box.y + 30, _cut(box.kind, 20), 9))
        parts.append("</g>")
    parts.append(
        f'<text x="{MARGIN}" y="{found.height - 8:.0f}" font-size="10" fill="{FAIL_STROKE}">'
        f"{escape(t('topology.diagram.legend'))}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diagrams(topology: Topology, report: TopologyReport, site: str) -> dict[str, str]:
    """SVG text per view name."""
    return {
        view: render_svg(found, t(f"topology.diagram.{view}", site=site))
        for view, found in views(topology, report).items()
    }
