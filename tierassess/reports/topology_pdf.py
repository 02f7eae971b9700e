"""The topology section of the PDF report: computed answers, conflicts and the diagrams.

The diagrams are drawn with reportlab's vector graphics from the same layout as the SVG files.
"""

from __future__ import annotations

from typing import Any

from tierassess.core.topology.layout import BOX_H, BOX_W, GAP_Y, Layout
from tierassess.core.topology.svg import FAIL_FILL, FAIL_STROKE, MEDIUM_COLOUR, MUTED_FILL
from tierassess.i18n import t
from tierassess.reports.topology_section import TopologySection

MIN_SCALE = 0.35  # below this the labels cannot be read: the SVG files carry the full view


def drawing(found: Layout, width: float, max_height: float) -> Any:
    """A reportlab Drawing of one view, scaled to fit ``width`` x ``max_height`` (never enlarged)."""
    from reportlab.graphics.shapes import Drawing, Group, PolyLine, Rect, String
    from reportlab.lib.colors import HexColor

    from tierassess.reports.fonts import BOLD, REGULAR

    height = found.height - 30  # the SVG title is a heading in the PDF
    scale = min(1.0, width / found.width, max_height / height)
    group = Group()
    # feeders at the same x are ordered by id: a set's order changes with the hash seed
    sources = sorted({line.source for line in found.lines}, key=lambda k: (found.boxes[k].x, k))
    lane = {key: (index % 5 + 1) / 6 for index, key in enumerate(sources)}

    def flip(y: float) -> float:
        return height - (y - 30)

    for line in found.lines:
        a, b = found.boxes[line.source], found.boxes[line.target]
        x1, y1, x2, y2 = a.x + BOX_W / 2, a.y + BOX_H, b.x + BOX_W / 2, b.y
        if y2 <= y1:
            x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2
        middle = y1 + (min(y2, y1 + GAP_Y) - y1) * lane[line.source]
        points = [x1, flip(y1), x1, flip(middle), x2, flip(middle), x2, flip(y2)]
        colour = HexColor(MEDIUM_COLOUR.get(line.medium, "#333333"))
        group.add(PolyLine(points, strokeColor=colour, strokeWidth=1.2))
    for box in found.boxes.values():
        fill = FAIL_FILL if box.failing else MUTED_FILL if box.muted else "#ffffff"
        group.add(
            Rect(
                box.x,
                flip(box.y + BOX_H),
                BOX_W,
                BOX_H,
                rx=4,
                fillColor=HexColor(fill),
                strokeColor=HexColor(FAIL_STROKE if box.failing else "#444444"),
                strokeWidth=2.2 if box.failing else 0.8,
            )
        )
        label = box.label if len(box.label) <= 18 else box.label[:17] + "…"
        group.add(
            String(
                box.x + BOX_W / 2,
                flip(box.y + 16),
                label,
                fontName=BOLD,
                fontSize=10,
                textAnchor="middle",
            )
        )
        group.add(
            String(
                box.x + BOX_W / 2,
                flip(box.y + 30),
                box.kind[:20],
                fontName=REGULAR,
                fontSize=8,
                textAnchor="middle",
            )
        )
    group.scale(scale, scale)
    result = Drawing(found.width * scale, height * scale)
    result.add(group)
    return result


def topology_story(section: TopologySection, styles: Any, width: float, lang: str) -> list[Any]:
    """The flowables of the section (a new page, headings as bookmarks)."""
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph, Spacer

    from tierassess.reports.pdfkit import MM, Cells, esc, heading, table

    cells = Cells(styles, lang)
    story: list[Any] = [
        PageBreak(),
        heading(t("topology.report.title", lang), styles.h1, 0, "topology"),
    ]
    story.append(Paragraph(esc(section.summary), styles.body))
    story.append(Spacer(1, 2 * MM))
    story.append(
        table(
            [[cells(t("topology.col.subsystem", lang)), cells(t("topology.col.tier", lang))]]
            + [[cells(name), cells(tier)] for name, tier in section.subsystems],
            [width * 0.5, width * 0.3],
        )
    )
    if section.conflicts:
        story.append(CondPageBreak(40 * MM))
        story.append(
            heading(t("topology.report.conflicts", lang), styles.h2, 1, "topology-conflicts")
        )
        story.append(Paragraph(esc(t("topology.report.conflicts_intro", lang)), styles.small))
        head = ["criterion", "computed", "answered", "answered_by"]
        rows = [[cells(t(f"topology.report.col.{h}", lang)) for h in head]]
        rows += [
            [cells(f"{c.criterion_id} {c.title}"), cells(c.computed), cells(c.answered), cells(c.answered_by)]
            for c in section.conflicts
        ]  # fmt: skip
        story.append(table(rows, [width * 0.46, width * 0.16, width * 0.16, width * 0.22]))
    story.append(CondPageBreak(40 * MM))
    story.append(heading(t("topology.report.computed", lang), styles.h2, 1, "topology-computed"))
    head = ["criterion", "computed", "basis"]
    rows = [[cells(t(f"topology.report.col.{h}", lang)) for h in head]]
    rows += [[cells(f"{r.criterion_id} {r.title}"), cells(r.result), cells(r.basis)] for r in section.computed]  # fmt: skip
    story.append(table(rows, [width * 0.5, width * 0.16, width * 0.34]))
    for view in section.diagrams:
        title = heading(view.title, styles.h2, 1, f"topology-{view.title}")
        if width / view.layout.width < MIN_SCALE:
            story += [title, Paragraph(esc(t("topology.report.too_large", lang)), styles.small)]
            continue
        legend = Paragraph(esc(t("topology.diagram.legend", lang)), styles.small)
        story.append(KeepTogether([title, drawing(view.layout, width, 200 * MM), legend]))
    return story
