"""Section shared by both PDF layouts: progress since the first snapshot.

Readiness over time (a chart and a table with each yardstick's verdict), actions by status, and
planned against actual spend by year. Black and white when the cells' styles are (the
administrative document), in the document's faces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tierassess.formats import format_date, format_percent
from tierassess.i18n import t
from tierassess.reports.fonts import SANS, Faces
from tierassess.reports.pdfkit import MM, esc, table
from tierassess.reports.progress import ProgressSection

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

STATUSES = ("done", "in_progress", "late", "not_started")
GAP = 2 * MM


def _snapshots_table(section: ProgressSection, cells: Any, width: float, lang: str) -> Any:
    """One row per snapshot (the report's own state last): date, readiness, each verdict."""
    head = [
        cells.head(t("route.report.col_date", lang)),
        cells.head(t("route.col.snap_readiness", lang)),
    ]
    rows: list[list[Any]] = [[*head, *(cells.head(y) for y in section.yardsticks)]]
    for row in section.rows:
        day = format_date(row.as_of, lang) + (
            f" ({t('route.report.now', lang)})" if row.current else ""
        )
        rows.append(
            [
                cells(day),
                cells.right(format_percent(row.readiness, lang)),
                *(cells(v) for v in row.verdicts),
            ]
        )
    share = 0.62 / max(len(section.yardsticks), 1)
    return table(
        rows,
        [width * 0.22, width * 0.16] + [width * share] * len(section.yardsticks),
        cell_style=cells.styles.cell,
        align={1: "RIGHT"},
        monochrome=cells.styles.monochrome,
    )


def _status_counts(section: ProgressSection, cells: Any, width: float, lang: str, body: Any) -> Any:
    """How many actions are done, in progress, late and not started, under its sentence."""
    from reportlab.platypus import KeepTogether, Paragraph

    counts = [
        [cells.head(t(f"route.progress.{s}", lang)) for s in STATUSES],
        [cells.right(section.counts.get(s, 0)) for s in STATUSES],
    ]
    return KeepTogether(
        [
            Paragraph(esc(t("route.report.by_status", lang)), body),
            table(
                counts,
                [width / 4] * 4,
                zebra=False,
                cell_style=cells.styles.cell,
                align={0: "RIGHT", 1: "RIGHT", 2: "RIGHT", 3: "RIGHT"},
                monochrome=cells.styles.monochrome,
            ),
        ]
    )


def _spend_by_year(
    section: ProgressSection, cells: Any, width: float, lang: str, body: Any, note: Any
) -> list[Any]:
    """Planned against actual spend by year, and what was spent of what was planned to date."""
    from reportlab.platypus import KeepTogether, Paragraph

    years: list[list[Any]] = [
        [
            cells.head(t("route.col.year_year", lang)),
            cells.head(t("route.col.year_planned", lang)),
            cells.head(t("route.col.year_actual", lang)),
        ]
    ]
    years += [
        [cells.raw(y.year), cells.right(y.planned), cells.right(y.actual)] for y in section.years
    ]
    spent = t("route.report.spent", lang, spent=section.spent, planned=section.planned_to_date)
    return [
        KeepTogether(
            [
                Paragraph(esc(t("route.heading.years", lang)), body),
                table(
                    years,
                    [width * 0.2, width * 0.4, width * 0.4],
                    cell_style=cells.styles.cell,
                    align={1: "RIGHT", 2: "RIGHT"},
                    monochrome=cells.styles.monochrome,
                ),
            ]
        ),
        Paragraph(esc(spent), note),
    ]


def progress_story(
    section: ProgressSection,
    cells: Any,
    width: float,
    lang: str,
    body: Any = None,
    note: Any = None,
    faces: Faces | None = None,
) -> list[Any]:
    """Readiness and verdicts over time, actions by status, planned against actual by year.

    ``body`` and ``note`` as in ``route_story``; ``faces`` the chart's fonts (DejaVu Sans unless
    told). The chart is black and white when the cells' styles are. The first three flowables
    are the introduction, a space and the chart (a layout may keep them with its heading).
    """
    from reportlab.platypus import Paragraph, Spacer

    styles = cells.styles
    body = body or styles.body
    note = note or styles.small
    intro = t(
        "route.report.progress_intro",
        lang,
        since=format_date(section.since, lang),
        closed=section.closed,
        opened=section.opened,
    )
    story: list[Any] = [
        Paragraph(esc(intro), body),
        Spacer(1, GAP),
        progress_chart(section, width, lang, faces or SANS, monochrome=styles.monochrome),
        Spacer(1, GAP),
        _snapshots_table(section, cells, width, lang),
        Spacer(1, GAP),
        _status_counts(section, cells, width, lang, body),
    ]
    if section.late:
        story.append(
            Paragraph(esc(t("route.report.late", lang, ids=", ".join(section.late))), note)
        )
    story.append(Spacer(1, GAP))
    story += _spend_by_year(section, cells, width, lang, body, note)
    return story


def _point_labels(drawing: Drawing, x: float, y: float, row: Any, lang: str, **ink: Any) -> None:
    """Over a point its readiness; under the axis its date and headline verdict."""
    from reportlab.graphics.shapes import String

    regular, bold, colour, bottom = ink["regular"], ink["bold"], ink["colour"], ink["bottom"]
    texts = (
        (y + 5, format_percent(row.readiness, lang), bold),
        (bottom - 12, format_date(row.as_of, lang), regular),
        (bottom - 22, row.verdicts[0] if row.verdicts else "", regular),
    )
    for at, text, face in texts:
        drawing.add(
            String(x, at, text, fontName=face, fontSize=7, fillColor=colour, textAnchor="middle")
        )


def progress_chart(
    section: ProgressSection,
    width: float,
    lang: str,
    faces: Faces | None = None,
    *,
    monochrome: bool = False,
) -> Drawing:
    """Readiness over time as a line from 0 to 100 %.

    Each point is labelled with the headline verdict (the first yardstick's).
    """
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
    from reportlab.lib.colors import HexColor

    regular, bold = (faces or SANS).regular, (faces or SANS).bold
    if monochrome:
        ink, grid, accent = HexColor("#000000"), HexColor("#bbbbbb"), HexColor("#000000")
    else:
        ink, grid, accent = HexColor("#1f2937"), HexColor("#d1d5db"), HexColor("#1e3a8a")
    height, left, right, bottom, top = 150.0, 34.0, 20.0, 34.0, 12.0
    drawing = Drawing(width, height)
    drawing.initialFontName = regular
    plot_w, plot_h = width - left - right, height - bottom - top
    for step in range(0, 101, 25):
        y = bottom + plot_h * step / 100
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=grid, strokeWidth=0.5))
        drawing.add(
            String(
                left - 4,
                y - 2.5,
                f"{step} %",
                fontName=regular,
                fontSize=7,
                fillColor=ink,
                textAnchor="end",
            )
        )
    days = [r.as_of.toordinal() for r in section.rows]
    first, span = days[0], max(days[-1] - days[0], 1)
    points = [
        (
            left + plot_w * (d - first) / span if len(days) > 1 else left + plot_w / 2,
            bottom + plot_h * max(0.0, min(1.0, r.readiness)),
        )
        for d, r in zip(days, section.rows, strict=True)
    ]
    if len(points) > 1:
        drawing.add(PolyLine([c for p in points for c in p], strokeColor=accent, strokeWidth=1.5))
    for (x, y), row in zip(points, section.rows, strict=True):
        drawing.add(Circle(x, y, 2.5, fillColor=accent, strokeColor=accent))
        _point_labels(
            drawing, x, y, row, lang, regular=regular, bold=bold, colour=ink, bottom=bottom
        )
    return drawing
