"""Charts for the PDF, drawn with reportlab.graphics so that they are vector and embed the font.

Each function takes plain figures from ``ReportData`` and returns a ``Drawing`` (a flowable).
Labels use the registered DejaVu family (the timeline can be told to use another, such as the
administrative layout's Liberation Serif), so Vietnamese names of domains render correctly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tierassess.formats import format_number, format_percent
from tierassess.reports.data import DomainRow, PlanRow, YearRow
from tierassess.reports.fonts import BOLD, REGULAR

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

PRIORITY_COLOURS = {"P1": "#b91c1c", "P2": "#d97706", "P3": "#2563eb", "P4": "#6b7280"}
#: Black to white for printers without colour: P1 solid black down to P4 white in a black outline.
PRIORITY_SHADES = {"P1": "#000000", "P2": "#555555", "P3": "#aaaaaa", "P4": "#ffffff"}
_INK = "#1f2937"
_GRID = "#d1d5db"
_ACCENT = "#1e3a8a"


def _colour(hex_value: str) -> object:
    from reportlab.lib.colors import HexColor

    return HexColor(hex_value)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten ``text`` with an ellipsis so that it fits ``width`` points."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


_BAR_ROW = 17.0  # height of one domain's row in the readiness chart


def _readiness_bar(
    drawing: Drawing, domain: DomainRow, y: float, label_width: float, bar_width: float, lang: str
) -> None:
    """One domain: its name right-aligned, a grey track, the bar coloured by share, the share."""
    from reportlab.graphics.shapes import Rect, String

    bar_left = label_width + 8
    label = _fit(domain.title, REGULAR, 8, label_width - 4)
    drawing.add(
        String(
            label_width,
            y + 3,
            label,
            fontName=REGULAR,
            fontSize=8,
            fillColor=_colour(_INK),
            textAnchor="end",
        )
    )
    share = max(0.0, min(1.0, domain.readiness))
    colour = "#15803d" if share >= 0.9 else "#d97706" if share >= 0.6 else "#b91c1c"
    track = _colour("#f3f4f6")
    drawing.add(Rect(bar_left, y, bar_width, _BAR_ROW - 6, fillColor=track, strokeColor=None))
    if share > 0:
        drawing.add(
            Rect(
                bar_left,
                y,
                bar_width * share,
                _BAR_ROW - 6,
                fillColor=_colour(colour),
                strokeColor=None,
            )
        )
    drawing.add(
        String(
            bar_left + bar_width + 4,
            y + 3,
            format_percent(share, lang),
            fontName=BOLD,
            fontSize=8,
            fillColor=_colour(_INK),
        )
    )


def readiness_bars(domains: list[DomainRow], width: float, target_label: str, lang: str) -> Drawing:
    """Readiness by domain as horizontal bars from 0 to 100 %, with the domain names beside."""
    from reportlab.graphics.shapes import Drawing, Line, String

    row = _BAR_ROW
    label_width = min(170.0, width * 0.38)
    bar_left = label_width + 8
    bar_width = width - bar_left - 40
    top_pad, bottom_pad = 6.0, 32.0
    height = top_pad + bottom_pad + row * max(len(domains), 1)
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR  # else each chart pulls in Helvetica
    base_y = bottom_pad
    for step in range(0, 101, 25):
        x = bar_left + bar_width * step / 100
        drawing.add(Line(x, base_y - 3, x, height - top_pad, strokeColor=_colour(_GRID)))
        drawing.add(
            String(
                x,
                base_y - 13,
                f"{step} %",
                fontName=REGULAR,
                fontSize=7,
                fillColor=_colour(_INK),
                textAnchor="middle",
            )
        )
    for index, domain in enumerate(domains):
        y = height - top_pad - row * (index + 1) + 3
        _readiness_bar(drawing, domain, y, label_width, bar_width, lang)
    drawing.add(
        String(
            bar_left + bar_width,
            2,
            target_label,
            fontName=REGULAR,
            fontSize=7,
            fillColor=_colour("#6b7280"),
            textAnchor="end",
        )
    )
    return drawing


def cost_by_year_bars(years: list[YearRow], width: float, unit_label: str, lang: str) -> Drawing:
    """Low and high cost estimates per year, in billions of VND, as paired columns."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing, String

    height = 170.0
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR  # else each chart pulls in Helvetica
    chart = VerticalBarChart()
    chart.x, chart.y = 46, 30
    chart.width, chart.height = width - 60, height - 62
    lows = [y.cost_min_vnd / 1e9 for y in years] or [0.0]
    highs = [y.cost_max_vnd / 1e9 for y in years] or [0.0]
    chart.data = [lows, highs]
    chart.categoryAxis.categoryNames = [str(y.year) for y in years] or ["—"]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    top = max(highs) if highs else 0.0
    chart.valueAxis.valueMax = top * 1.15 if top > 0 else 1
    chart.valueAxis.labelTextFormat = lambda v: format_number(v, lang, 1 if top < 10 else 0)
    chart.valueAxis.gridStrokeColor = _colour(_GRID)
    chart.valueAxis.visibleGrid = True
    chart.bars[0].fillColor = _colour("#93c5fd")
    chart.bars[1].fillColor = _colour(_ACCENT)
    chart.bars.strokeColor = None
    chart.barSpacing = 2
    chart.groupSpacing = 10
    drawing.add(chart)
    drawing.add(
        String(4, height - 12, unit_label, fontName=REGULAR, fontSize=7, fillColor=_colour(_INK))
    )
    legend = Legend()
    legend.x, legend.y = width - 150, height - 6
    legend.fontName = REGULAR
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 7
    legend.deltax = 70
    legend.colorNamePairs = [
        (_colour("#93c5fd"), unit_label_low(lang)),
        (_colour(_ACCENT), unit_label_high(lang)),
    ]
    drawing.add(legend)
    return drawing


def unit_label_low(lang: str) -> str:
    """The chart legend's label for the low cost estimate, in ``lang``."""
    from tierassess.i18n import t

    return t("report.chart.low", lang)


def unit_label_high(lang: str) -> str:
    """The chart legend's label for the high cost estimate, in ``lang``."""
    from tierassess.i18n import t

    return t("report.chart.high", lang)


@dataclass(frozen=True)
class _Gantt:
    """The timeline's geometry and ink: where a date falls, and how rows are drawn."""

    width: float
    start_year: int
    end_year: int
    font: str
    bold_font: str
    monochrome: bool
    row_height: float = 9.5
    header: float = 16.0
    footer: float = 25.0  # two lines: the priority swatches, then what the rows mean

    @property
    def window_start(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def window_end(self) -> date:
        return date(self.end_year, 12, 31)

    @property
    def span(self) -> int:
        return (self.window_end - self.window_start).days or 1

    @property
    def label_width(self) -> float:
        return min(210.0, self.width * 0.42)

    @property
    def chart_width(self) -> float:
        return self.width - self.label_width - 4

    @property
    def palette(self) -> dict[str, str]:
        return PRIORITY_SHADES if self.monochrome else PRIORITY_COLOURS

    @property
    def ink(self) -> str:
        return "#000000" if self.monochrome else _INK

    @property
    def outline(self) -> object:
        return _colour("#000000") if self.monochrome else None

    def x(self, days: float) -> float:
        """The x of a point ``days`` after the window's first day."""
        return self.label_width + self.chart_width * days / self.span

    def year_axis(self, drawing: Drawing, top: float) -> None:
        """A line at each 1 January and the year's number centred over its span."""
        from reportlab.graphics.shapes import Line, String

        grid = "#bbbbbb" if self.monochrome else _GRID
        for year in range(self.start_year, self.end_year + 2):
            day = date(min(year, self.end_year + 1), 1, 1)
            x = self.x(min((day - self.window_start).days, self.span))
            drawing.add(Line(x, self.footer, x, top + 4, strokeColor=_colour(grid)))
            if year <= self.end_year:
                days = (date(year, 7, 1) - self.window_start).days
                mid = self.label_width + self.chart_width * (days / self.span)
                drawing.add(
                    String(
                        mid,
                        top + 5,
                        str(year),
                        fontName=self.bold_font,
                        fontSize=8,
                        fillColor=_colour(self.ink),
                        textAnchor="middle",
                    )
                )

    def row(self, drawing: Drawing, index: int, row: PlanRow, top: float) -> None:
        """One task: a stripe on even rows, its label, and its bar clipped to the window."""
        from reportlab.graphics.shapes import Rect, String

        y = top - self.row_height * (index + 1)
        if index % 2 == 0:
            stripe = "#f2f2f2" if self.monochrome else "#f9fafb"
            drawing.add(
                Rect(0, y, self.width, self.row_height, fillColor=_colour(stripe), strokeColor=None)
            )
        label = f"{row.number}  {row.criterion_id}  {row.task}"
        drawing.add(
            String(
                2,
                y + 2.5,
                _fit(label, self.font, 6.5, self.label_width - 4),
                fontName=self.font,
                fontSize=6.5,
                fillColor=_colour(self.ink),
            )
        )
        assert row.start is not None and row.end is not None
        colour = self.palette.get(row.priority, "#6b7280")
        self.span_bar(drawing, row.start, row.end, y + 1.5, self.row_height - 3, colour, True)
        if row.outage_start is not None and row.outage_end is not None:
            # A black strip under the bar where the work takes its system's redundancy away:
            # black reads on every shade and on a monochrome printer.
            self.span_bar(drawing, row.outage_start, row.outage_end, y + 0.5, 2.2, "#000000", False)

    def span_bar(
        self,
        drawing: Drawing,
        start: date,
        end: date,
        y: float,
        height: float,
        colour: str,
        outlined: bool,
    ) -> None:
        """A bar over the days from ``start`` to ``end``, clipped to the window (none outside)."""
        from reportlab.graphics.shapes import Rect

        begin, finish = max(start, self.window_start), min(end, self.window_end)
        if finish < begin:
            return
        x0 = self.x((begin - self.window_start).days)
        x1 = self.x((finish - self.window_start).days + 1)
        stroke: dict[str, Any] = {"strokeColor": None}
        if outlined:
            stroke = {"strokeColor": self.outline, "strokeWidth": 0.5}
        drawing.add(Rect(x0, y, max(x1 - x0, 1.5), height, fillColor=_colour(colour), **stroke))

    def legend(self, drawing: Drawing, lang: str) -> None:
        """A swatch per priority, and what the bars mean, along the foot."""
        from reportlab.graphics.shapes import Rect, String

        from tierassess.i18n import t

        x = self.label_width
        for priority, colour in self.palette.items():
            drawing.add(
                Rect(
                    x,
                    13,
                    8,
                    7,
                    fillColor=_colour(colour),
                    strokeColor=self.outline,
                    strokeWidth=0.5,
                )
            )
            drawing.add(
                String(
                    x + 11,
                    14,
                    priority,
                    fontName=self.font,
                    fontSize=7,
                    fillColor=_colour(self.ink),
                )
            )
            x += 38
        key = (
            "report.chart.timeline_legend_shade"
            if self.monochrome
            else "report.chart.timeline_legend"
        )
        drawing.add(
            String(
                self.width,
                3,
                t(key, lang),
                fontName=self.font,
                fontSize=7,
                fillColor=_colour("#555555" if self.monochrome else "#6b7280"),
                textAnchor="end",
            )
        )


def timeline(
    rows: list[PlanRow],
    start_year: int,
    end_year: int,
    width: float,
    lang: str,
    *,
    font: str = REGULAR,
    bold_font: str = BOLD,
    monochrome: bool = False,
) -> list[Drawing]:
    """A Gantt chart of the actions over the plan's years; split into drawings of 55 rows at most.

    Each row is labelled with its number in the plan table, its criterion id and its task; bars
    are coloured by priority (``monochrome``: shaded from black to outlined white, in pure greys).
    Actions outside the window are clipped to it. Labels are in ``font`` and ``bold_font``
    (registered faces; DejaVu Sans unless told).
    """
    from reportlab.graphics.shapes import Drawing

    gantt = _Gantt(width, start_year, end_year, font, bold_font, monochrome)
    scheduled = [r for r in rows if r.scheduled and r.start is not None and r.end is not None]
    chunks = [scheduled[i : i + 55] for i in range(0, len(scheduled), 55)] or [[]]
    drawings = []
    for chunk in chunks:
        height = gantt.header + gantt.footer + gantt.row_height * max(len(chunk), 1)
        drawing = Drawing(width, height)
        drawing.initialFontName = font  # else each chart pulls in Helvetica
        top = height - gantt.header
        gantt.year_axis(drawing, top)
        for index, row in enumerate(chunk):
            gantt.row(drawing, index, row, top)
        gantt.legend(drawing, lang)
        drawings.append(drawing)
    return drawings
