"""The PDF report, laid out with reportlab platypus from a ``ReportData``.

Two layouts share the machinery here: ``standard`` (an engineering report: cover, executive
summary, findings, plan, evidence index) and ``administrative`` (the plan as a Vietnamese
administrative document, see ``admin.py``). Both are deterministic: reportlab's invariant mode plus
a creation date fixed to the report's as-of date, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from tierassess import __version__
from tierassess.i18n import t
from tierassess.report.data import (
    BlockerRow,
    FindingsSection,
    ReportData,
    completeness_statement,
    format_cost_range,
    format_date,
    format_number,
    format_percent,
    tier_label,
)
from tierassess.report.fonts import BOLD, FAMILY, REGULAR, SANS, Faces, register_family

MM = 72 / 25.4
INK = "#1f2937"
MUTED = "#6b7280"
ACCENT = "#1e3a8a"
HEADER_BG = "#1e3a8a"
GROUP_BG = "#e0e7ff"
STRIPE_BG = "#f5f7fb"
RULE = "#cbd5e1"
WARN = "#b91c1c"


def esc(text: object) -> str:
    """Text safe inside a Paragraph's mini-markup."""
    return escape(str(text))


@dataclass
class Styles:
    """The paragraph styles of a report, built once per render."""

    body: Any
    small: Any
    cell: Any
    cell_bold: Any
    cell_head: Any
    cell_right: Any
    cell_center: Any
    h1: Any
    h2: Any
    title: Any
    subtitle: Any
    banner: Any
    note: Any
    cover_site: Any
    monochrome: bool = False  # black on white, ruled tables (administrative documents)


def make_styles(
    base_size: float = 9.5,
    builtin: bool = False,
    *,
    faces: Faces = SANS,
    cell_size: float = 7.8,
    cell_leading: float = 9.6,
    monochrome: bool = False,
) -> Styles:
    """Paragraph styles in ``faces`` (DejaVu Sans unless told; for benchmarks only, Helvetica).

    ``faces`` is registered on first use; table cells are ``cell_size`` on ``cell_leading``.
    """
    from reportlab.lib.colors import HexColor, black, white
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    ink = "#000000" if monochrome else INK
    accent = "#000000" if monochrome else ACCENT
    if builtin:
        family, bold_face = "Helvetica", "Helvetica-Bold"
    else:
        family, bold_face = register_family(faces), faces.bold
    body = ParagraphStyle(
        "body",
        fontName=family,
        fontSize=base_size,
        leading=base_size * 1.35,
        textColor=HexColor(ink),
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=cell_size, leading=cell_leading, alignment=TA_LEFT
    )
    return Styles(
        body=body,
        small=ParagraphStyle(
            "small", parent=body, fontSize=7.5, leading=9.5, textColor=HexColor(MUTED)
        ),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=bold_face),
        cell_head=ParagraphStyle(
            "cell_head", parent=cell, fontName=bold_face, textColor=black if monochrome else white
        ),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=bold_face,
            fontSize=15,
            leading=19,
            spaceBefore=4,
            spaceAfter=8,
            textColor=HexColor(accent),
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold_face,
            fontSize=11.5,
            leading=15,
            spaceBefore=10,
            spaceAfter=5,
            textColor=HexColor(accent),
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=bold_face,
            fontSize=22,
            leading=28,
            textColor=HexColor(accent),
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=12.5, leading=17),
        banner=ParagraphStyle(
            "banner",
            parent=body,
            fontName=bold_face,
            fontSize=11,
            leading=14,
            alignment=TA_CENTER,
            textColor=HexColor(WARN),
        ),
        note=ParagraphStyle(
            "note", parent=body, fontSize=8.5, leading=11.5, textColor=HexColor(ink)
        ),
        cover_site=ParagraphStyle(
            "cover_site", parent=body, fontName=bold_face, fontSize=16, leading=21
        ),
        monochrome=monochrome,
    )


# --- flowables and the document template ---------------------------------------------------------


def heading(text: str, style: Any, level: int, key: str) -> Any:
    """A heading that becomes a PDF outline entry (bookmark) at ``level``."""
    from reportlab.platypus import Paragraph

    paragraph = Paragraph(esc(text), style)
    paragraph._outline = (level, text, key)  # read by ReportDocument.afterFlowable
    return paragraph


def _pdf_date(day: date) -> Callable[..., str]:
    stamp = f"D:{day.year:04d}{day.month:02d}{day.day:02d}000000+00'00'"
    return lambda *_args: stamp


def _canvas_class(as_of: date, total_form: str, font: str = REGULAR) -> type:
    """A canvas that stamps a fixed creation date and, at save, draws the page total form."""
    from reportlab.pdfgen.canvas import Canvas

    class ReportCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.setDateFormatter(_pdf_date(as_of))

        def save(self) -> None:
            # Pages refer to this form before it exists; it is defined once the count is known.
            self.beginForm(total_form)
            self.setFont(font, 7.5)
            self.drawString(0, 0, str(self.getPageNumber() - 1))
            self.endForm()
            super().save()

    return ReportCanvas


TOTAL_FORM = "tierassessPageTotal"
PageCallback = Callable[[Any, Any], None]


def build_pdf(
    story: Sequence[Any],
    *,
    page_size: tuple[float, float],
    margins: tuple[float, float, float, float],
    on_first_page: PageCallback,
    on_later_pages: PageCallback,
    title: str,
    author: str,
    subject: str,
    keywords: list[str],
    lang: str,
    as_of: date,
    font: str = REGULAR,
) -> bytes:
    """Lay out ``story`` into PDF bytes; outline entries come from ``heading`` paragraphs.

    ``font`` is the document's initial font and the page-total form's: the one face every
    document embeds, so it must be a face the story uses.
    """
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    left, right, top, bottom = margins

    class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
        def afterFlowable(self, flowable: Any) -> None:
            outline = getattr(flowable, "_outline", None)
            if outline is None:
                return
            level, text, key = outline
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(text, key, level=level, closed=False)

    buffer = io.BytesIO()
    document = ReportDocument(
        buffer,
        pagesize=page_size,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author,
        subject=subject,
        creator=f"tierassess {__version__}",
        producer=f"tierassess {__version__} (reportlab)",
        keywords=keywords,
        invariant=1,
        lang=lang,
        initialFontName=font,
    )
    frame = Frame(left, bottom, page_size[0] - left - right, page_size[1] - top - bottom, id="body")
    document.addPageTemplates(
        [
            PageTemplate(
                id="first", frames=[frame], onPage=on_first_page, autoNextPageTemplate="later"
            ),
            PageTemplate(id="later", frames=[frame], onPage=on_later_pages),
        ]
    )
    document.build(list(story), canvasmaker=_canvas_class(as_of, TOTAL_FORM, font))
    return buffer.getvalue()


def draw_page_number(canvas: Any, x: float, y: float, lang: str, centred: bool = False) -> None:
    """``Trang N / T``: T is a form filled in when the document is saved."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = t("report.pdf.page", lang, number=canvas.getPageNumber()) + " / "
    total_width = stringWidth("000", REGULAR, 7.5)
    width = stringWidth(label, REGULAR, 7.5) + total_width
    start = x - width / 2 if centred else x - width
    canvas.setFont(REGULAR, 7.5)
    canvas.drawString(start, y, label)
    canvas.saveState()
    canvas.translate(start + stringWidth(label, REGULAR, 7.5), y)
    canvas.doForm(TOTAL_FORM)
    canvas.restoreState()


def table(
    rows: list[list[Any]],
    widths: list[float],
    *,
    group_rows: Sequence[int] = (),
    total_rows: Sequence[int] = (),
    zebra: bool = True,
    cell_style: Any = None,
    align: dict[int, str] | None = None,
    monochrome: bool = False,
) -> Any:
    """A table with a repeated, shaded header row, light rules and top-aligned wrapping cells.

    ``monochrome`` draws it as administrative documents print: black rules, no fills.

    Cells are Paragraphs (they wrap) or, for short fixed tokens (ids, numbers, dates), plain
    strings drawn in ``cell_style``'s font, which lay out several times faster.
    """
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Table, TableStyle

    font = cell_style.fontName if cell_style is not None else REGULAR
    rule = "#000000" if monochrome else RULE
    commands: list[tuple[Any, ...]] = [
        # Even empty cells set a font: without this, every table would pull in Helvetica.
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#ffffff" if monochrome else HEADER_BG)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor(rule)),
        ("BOX", (0, 0), (-1, -1), 0.5, HexColor(rule)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if cell_style is not None:
        commands += [
            ("FONTSIZE", (0, 0), (-1, -1), cell_style.fontSize),
            ("LEADING", (0, 0), (-1, -1), cell_style.leading),
            ("TEXTCOLOR", (0, 0), (-1, -1), cell_style.textColor),
        ]
    for column, where in (align or {}).items():
        commands.append(("ALIGN", (column, 1), (column, -1), where))
    if monochrome:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, HexColor("#000000")))
        zebra = False
    special = set(group_rows) | set(total_rows)
    if zebra:
        for index in range(2, len(rows), 2):
            if index not in special:
                commands.append(("BACKGROUND", (0, index), (-1, index), HexColor(STRIPE_BG)))
    for index in group_rows:
        commands += [
            (
                "BACKGROUND",
                (0, index),
                (-1, index),
                HexColor("#ffffff" if monochrome else GROUP_BG),
            ),
            ("SPAN", (1, index), (-1, index)),
        ]
        if index + 1 < len(rows):
            # A group's title never ends a page alone: it goes over with its first row.
            commands.append(("NOSPLIT", (0, index), (-1, index + 1)))
    for index in total_rows:
        commands += [
            (
                "BACKGROUND",
                (0, index),
                (-1, index),
                HexColor("#ffffff" if monochrome else GROUP_BG),
            ),
            (
                "LINEABOVE",
                (0, index),
                (-1, index),
                0.8,
                HexColor("#000000" if monochrome else ACCENT),
            ),
        ]
    flowable = Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands))
    flowable.hAlign = "LEFT"
    return flowable


# --- the standard layout -------------------------------------------------------------------------


_SPACES = re.compile(r"[ \t\r\n]+")


def plain_paragraph(text: object, style: Any) -> Any:
    """A wrapping Paragraph of plain text, built without reportlab's markup parser.

    Tables hold a thousand cells of plain text; parsing each as mini-HTML is most of the cost of
    a report. The text fragment is cloned from one parsed once per style, so it carries exactly
    the attributes the parser would have given it.
    """
    from reportlab.platypus import Paragraph

    template = getattr(style, "_tierassess_fragment", None)
    if template is None:
        template = Paragraph("x", style).frags[0]
        style._tierassess_fragment = template
    clean = _SPACES.sub(" ", str(text)).strip()
    return Paragraph(esc(clean), style, frags=[template.clone(text=clean)])


def _unbroken(text: str, style: Any, width: float) -> Any:
    """``style``, or a smaller copy of it in which the longest word of ``text`` fits ``width``."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    longest = max((stringWidth(w, style.fontName, 1) for w in text.split()), default=0)
    if longest * style.fontSize <= width or longest == 0:
        return style
    size = max(5.0, width / longest)
    return ParagraphStyle(
        f"{style.name}_{size:.2f}", parent=style, fontSize=size, leading=size * 1.2
    )


class _Cells:
    """Paragraph makers for table cells in one style set."""

    def __init__(self, styles: Styles, lang: str = "vi") -> None:
        from reportlab.platypus import Paragraph

        self._paragraph = Paragraph
        self.styles = styles
        self.lang = lang

    def __call__(self, text: object, style: Any = None) -> Any:
        return plain_paragraph(text, style or self.styles.cell)

    def raw(self, text: object, width: float | None = None) -> Any:
        """A short token (an id, a number, a date) as a plain string, which lays out fast.

        Given the column ``width``, a token too long for it becomes a wrapping Paragraph.
        """
        from reportlab.pdfbase.pdfmetrics import stringWidth

        value = str(text)
        style = self.styles.cell
        if width is not None and stringWidth(value, style.fontName, style.fontSize) > width - 6:
            return plain_paragraph(value, style)
        return value

    def bold(self, text: object) -> Any:
        return plain_paragraph(text, self.styles.cell_bold)

    def head(self, text: object, width: float | None = None) -> Any:
        """A header cell; given its column ``width``, set small enough that no word is broken."""
        style = self.styles.cell_head
        if width is not None:
            style = _unbroken(str(text), style, width - 6)
        return plain_paragraph(text, style)

    def right(self, text: object) -> Any:
        return plain_paragraph(text, self.styles.cell_right)

    def center(self, text: object) -> Any:
        return plain_paragraph(text, self.styles.cell_center)

    def markup(self, markup: str, style: Any = None) -> Any:
        return self._paragraph(markup, style or self.styles.cell)


def abbreviations(data: ReportData) -> str:
    """The unit names the plan table shortens, spelled out once (empty when none is)."""
    pairs: dict[str, str] = {}
    for row in data.plan_rows:
        for short, full in (
            (row.lead_unit_short, row.lead_unit),
            (row.coordinating_unit_short, row.coordinating_unit),
        ):
            if short != full:
                pairs.setdefault(short, full.removesuffix(f"({short})").strip())
    if not pairs:
        return ""
    listed = "; ".join(f"{short}: {full}" for short, full in sorted(pairs.items()))
    return t("report.plan.abbreviations", data.meta.lang, names=listed)


PLAN_COLUMNS = (0.05, 0.34, 0.135, 0.135, 0.13, 0.06, 0.15)


def plan_table(
    data: ReportData, cells: _Cells, width: float, fractions: Sequence[float] = PLAN_COLUMNS
) -> Any:
    """The plan in the province's appendix columns, grouped by domain, with a total row.

    ``fractions`` share ``width`` among the seven columns (TT, task, lead unit, coordinating
    unit, timeframe, priority, cost).
    """
    lang = data.meta.lang
    widths = [width * f for f in fractions]
    muted = "#555555" if cells.styles.monochrome else MUTED  # a pure grey prints in black ink
    note_size = f"{cells.styles.cell.fontSize * 0.83:.1f}"  # the criterion id and status, smaller
    heads = ("no", "task", "lead", "coordinating", "timeframe", "priority", "cost_millions")
    rows: list[list[Any]] = [
        [
            cells.head(t(f"report.col.{key}", lang), column)
            for key, column in zip(heads, widths, strict=True)
        ]
    ]
    groups: list[int] = []
    for group in data.plan:
        groups.append(len(rows))
        rows.append([cells.bold(group.number), cells.bold(group.title), "", "", "", "", ""])
        for row in group.rows:
            rows.append(
                [
                    cells.raw(row.number, widths[0]),
                    cells.markup(
                        f"{esc(row.task)} <font size='{note_size}' color='{muted}'>({esc(row.criterion_id)})</font>"
                    ),
                    cells(row.lead_unit_short),
                    cells(row.coordinating_unit_short),
                    cells(row.timeframe)
                    if row.status_id in ("planned", "deferred")
                    else cells.markup(
                        f"{esc(row.timeframe)}<br/>"
                        f"<font size='{note_size}' color='{muted}'>{esc(row.status)}</font>"
                    ),
                    cells.raw(row.priority, widths[5]),
                    cells.raw(row.cost, widths[6]),
                ]
            )
    total = len(rows)
    rows.append(
        [
            "",
            cells.bold(t("report.plan.total", lang)),
            "",
            "",
            cells(f"{data.meta.plan_start_year}–{data.meta.plan_end_year}"),
            "",
            cells.markup(f"<b>{esc(data.cost)}</b>", cells.styles.cell_right),
        ]
    )
    return table(
        rows,
        widths,
        group_rows=groups,
        total_rows=[total],
        zebra=False,
        cell_style=cells.styles.cell,
        align={5: "CENTER", 6: "RIGHT"},
        monochrome=cells.styles.monochrome,
    )


def years_table(data: ReportData, cells: _Cells, width: float) -> Any:
    """Cost by year; each task counted once, in the year it starts, so the rows add up."""
    from tierassess.formats import format_cost_range

    lang = data.meta.lang
    widths = [width * 0.22, width * 0.33, width * 0.45]
    heads = ("report.col.year", "report.col.tasks_starting", "report.col.cost_millions")
    rows: list[list[Any]] = [
        [cells.head(t(k, lang), w) for k, w in zip(heads, widths, strict=True)]
    ]
    for year in data.years:
        rows.append([cells.raw(year.year), cells.raw(year.actions), cells.raw(year.cost)])
    total = len(rows)
    low = sum(y.cost_min_vnd for y in data.years)
    high = sum(y.cost_max_vnd for y in data.years)
    rows.append(
        [
            cells.bold(t("report.plan.total", lang)),
            cells.right(sum(y.actions for y in data.years)),
            cells.markup(
                f"<b>{esc(format_cost_range(low, high, lang))}</b>", cells.styles.cell_right
            ),
        ]
    )
    return table(
        rows,
        widths,
        total_rows=[total],
        cell_style=cells.styles.cell,
        align={1: "RIGHT", 2: "RIGHT"},
        monochrome=cells.styles.monochrome,
    )


def years_note(data: ReportData) -> str:
    """How the cost table counts, and what it leaves out (the tasks with no room in the plan)."""
    from tierassess.formats import format_cost_range

    lang = data.meta.lang
    note = t("report.plan.years_note", lang)
    left_out = [r for r in data.plan_rows if not r.scheduled]
    if left_out:
        low = sum(r.cost_min_vnd for r in left_out)
        high = sum(r.cost_max_vnd for r in left_out)
        note += " " + t(
            "report.plan.unscheduled_cost",
            lang,
            count=len(left_out),
            cost=format_cost_range(low, high, lang),
        )
    return note


def verdict_table(data: ReportData, cells: _Cells, width: float) -> Any:
    """Tier reached per subsystem, and the facility's (the weakest subsystem's)."""
    lang = data.meta.lang
    rows: list[list[Any]] = [
        [
            cells.head(t("report.col.subsystem", lang)),
            cells.head(t("report.col.tier", lang)),
            cells.head(t("report.col.readiness", lang)),
            cells.head(t("report.col.blockers", lang)),
        ]
    ]
    for verdict in data.verdicts:
        mark = "✓" if verdict.meets_target else "✗"
        colour = "#15803d" if verdict.meets_target else WARN
        rows.append(
            [
                cells(verdict.subsystem),
                cells.markup(
                    f"<font color='{colour}'>{mark}</font> {esc(tier_label(verdict.tier, lang))}"
                ),
                cells.right(format_percent(verdict.readiness, lang)),
                cells(", ".join(verdict.blockers) or "—"),
            ]
        )
    rows.append(
        [
            cells.bold(t("report.summary.facility", lang)),
            cells.bold(tier_label(data.facility_tier, lang)),
            cells.markup(
                f"<b>{esc(format_percent(data.readiness, lang))}</b>", cells.styles.cell_right
            ),
            cells(""),
        ]
    )
    return table(
        rows, [width * 0.3, width * 0.2, width * 0.14, width * 0.36], total_rows=[len(rows) - 1]
    )


def yardstick_table(data: ReportData, cells: _Cells, width: float) -> Any:
    """Each yardstick's own verdict side by side, with the criteria that decide it."""
    lang = data.meta.lang
    rows: list[list[Any]] = [
        [cells.head(t(f"yardsticks.col.{c}", lang)) for c in ("yardstick", "verdict", "why")]
    ]
    for line in data.yardsticks:
        mark = "✓" if line.passed else "✗"
        colour = "#15803d" if line.passed else WARN
        rows.append(
            [
                cells(line.title),
                cells.markup(f"<font color='{colour}'>{mark}</font> {esc(line.verdict)}"),
                cells(line.why),
            ]
        )
    return table(rows, [width * 0.28, width * 0.3, width * 0.42])


def blockers_table(
    blockers: Sequence[BlockerRow], cells: _Cells, width: float, lang: str = ""
) -> Any:
    """Must-pass criteria that keep the facility below its target tier."""
    lang = lang or cells.lang
    rows: list[list[Any]] = [
        [
            cells.head(t("report.col.id", lang)),
            cells.head(t("report.col.criterion", lang)),
            cells.head(t("report.col.subsystem", lang)),
            cells.head(t("report.col.severity", lang)),
            cells.head(t("report.col.result", lang)),
        ]
    ]
    for blocker in blockers:
        rows.append(
            [
                cells.raw(blocker.criterion_id, width * 0.16),
                cells(blocker.title),
                cells(blocker.subsystem),
                cells(blocker.severity),
                cells(blocker.result),
            ]
        )
    return table(
        rows, [width * f for f in (0.16, 0.44, 0.16, 0.11, 0.13)], cell_style=cells.styles.cell
    )


def findings_table(section: FindingsSection, cells: _Cells, width: float, lang: str) -> Any:
    """One domain's gaps: severity (◆ must pass), result, evidence, review and the action."""
    rows: list[list[Any]] = [
        [
            cells.head(t("report.col.id", lang)),
            cells.head(t("report.col.criterion", lang)),
            cells.head(t("report.col.severity", lang)),
            cells.head(t("report.col.result", lang)),
            cells.head(t("report.col.evidence", lang)),
            cells.head(t("report.col.review", lang)),
            cells.head(t("report.col.action", lang)),
        ]
    ]
    for gap in section.gaps:
        rows.append(
            [
                cells.raw(gap.criterion_id, width * 0.12),
                cells(gap.title),
                cells.markup(esc(gap.severity) + (" ◆" if gap.must_pass else "")),
                cells(gap.result),
                cells(gap.evidence_status),
                cells(gap.review),
                cells(gap.action),
            ]
        )
    return table(
        rows,
        [width * f for f in (0.12, 0.25, 0.1, 0.1, 0.1, 0.1, 0.23)],
        cell_style=cells.styles.cell,
    )


def evidence_table(data: ReportData, cells: _Cells, width: float) -> Any:
    """Every stored evidence file: name, short SHA-256, criteria, capture date, review state."""
    lang = data.meta.lang
    rows: list[list[Any]] = [
        [
            cells.head(t("report.col.file", lang)),
            cells.head(t("report.col.sha", lang)),
            cells.head(t("report.col.criteria", lang)),
            cells.head(t("report.col.captured", lang)),
            cells.head(t("report.col.review", lang)),
        ]
    ]
    for item in data.evidence:
        rows.append(
            [
                cells(item.file),
                cells.raw(item.short_sha, width * 0.16),
                cells(", ".join(item.criteria) or "—"),
                cells.raw(format_date(item.captured_at, lang), width * 0.12),
                cells(item.review),
            ]
        )
    return table(
        rows, [width * f for f in (0.3, 0.16, 0.28, 0.12, 0.14)], cell_style=cells.styles.cell
    )


def report_tables(data: ReportData, styles: Styles, width: float) -> list[Any]:
    """Every table of the standard report, in order (the benchmark lays these out alone)."""
    cells = _Cells(styles, data.meta.lang)
    lang = data.meta.lang
    tables = [verdict_table(data, cells, width)]
    if data.blockers:
        tables.append(blockers_table(data.blockers[:15], cells, width))
    tables.append(years_table(data, cells, width * 0.6))
    tables += [findings_table(section, cells, width, lang) for section in data.findings]
    if data.plan_rows:
        tables.append(plan_table(data, cells, width))
    if data.evidence:
        tables.append(evidence_table(data, cells, width))
    return tables


def _standard_story(data: ReportData, styles: Styles, width: float) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import (
        CondPageBreak,
        KeepTogether,
        PageBreak,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    from tierassess.report import charts

    lang = data.meta.lang
    meta = data.meta
    cells = _Cells(styles, lang)
    story: list[Any] = []

    # Cover
    story.append(Spacer(1, 28 * MM))
    if meta.sample:
        banner = Table(
            [[Paragraph(esc(t("report.pdf.sample_banner", lang)), styles.banner)]],
            colWidths=[width],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("BOX", (0, 0), (-1, -1), 1.2, HexColor(WARN)),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ]
            ),
        )
        story += [banner, Spacer(1, 10 * MM)]
    story.append(heading(meta.title, styles.title, 0, "cover"))
    story.append(Spacer(1, 3 * MM))
    subtitle = t(
        "report.complete.subtitle",
        lang,
        date=format_date(meta.as_of, lang),
        start=meta.plan_start_year,
        end=meta.plan_end_year,
    )
    story.append(Paragraph(esc(subtitle), styles.subtitle))
    story.append(Spacer(1, 12 * MM))
    story.append(Paragraph(esc(meta.site_name), styles.cover_site))
    story.append(Spacer(1, 6 * MM))
    facts = [
        (t("report.cover.operator", lang), meta.operator),
        (t("report.cover.address", lang), meta.address),
        (t("report.cover.assessor", lang), meta.assessor or "—"),
        (t("report.cover.date", lang), format_date(meta.as_of, lang)),
        (t("report.cover.catalogue", lang), f"{meta.checklist_id} v{meta.checklist_version}"),
        (t("report.cover.target", lang), tier_label(meta.target_tier, lang)),
        (t("report.cover.period", lang), f"{meta.plan_start_year}–{meta.plan_end_year}"),
        (t("report.cover.site_id", lang), meta.site_id),
    ]
    story.append(
        Table(
            [[cells.bold(k), Paragraph(esc(v), styles.body)] for k, v in facts],
            colWidths=[width * 0.3, width * 0.7],
            style=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor(RULE)),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            ),
        )
    )
    story.append(Spacer(1, 6 * MM))
    # On the cover: whether the assessment is complete, so nobody reads a partial one as whole.
    story.append(Paragraph(f"<b>{esc(completeness_statement(data))}</b>", styles.body))
    story.append(Spacer(1, 8 * MM))
    disclaimer = Table(
        [
            [Paragraph(f"<b>{esc(t('report.pdf.disclaimer_title', lang))}</b>", styles.note)],
            [Paragraph(esc(meta.disclaimer), styles.note)],
        ],
        colWidths=[width],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor("#f3f4f6")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (0, 0), 7),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
            ]
        ),
    )
    story += [disclaimer, PageBreak()]

    # Executive summary
    story.append(heading(t("report.section.summary", lang), styles.h1, 0, "summary"))
    verdict_key = "report.summary.meets" if data.meets_target else "report.summary.does_not_meet"
    story.append(
        Paragraph(
            t(
                verdict_key,
                lang,
                tier=f"<b>{esc(tier_label(data.facility_tier, lang))}</b>",
                target=esc(tier_label(meta.target_tier, lang)),
            ),
            styles.body,
        )
    )
    story.append(Spacer(1, 2 * MM))
    story.append(
        Paragraph(
            esc(
                t(
                    "report.summary.counts",
                    lang,
                    readiness=format_percent(data.readiness, lang),
                    applicable=data.applicable,
                    answered=data.answered,
                    unanswered=data.unanswered,
                    unverified=data.unverified,
                )
            ),
            styles.body,
        )
    )
    if meta.method:
        story.append(Spacer(1, 1 * MM))
        story.append(Paragraph(esc(meta.method), styles.small))
    story.append(Spacer(1, 3 * MM))
    if data.integrity:
        story += [integrity_box(data, styles, width), Spacer(1, 3 * MM)]
    if data.yardsticks:
        story.append(yardstick_table(data, cells, width))
        story.append(Spacer(1, 3 * MM))
    story.append(verdict_table(data, cells, width))

    story.append(
        KeepTogether(
            [
                heading(t("report.section.readiness_chart", lang), styles.h2, 1, "summary-chart"),
                charts.readiness_bars(
                    data.domains, width, t("report.chart.readiness_note", lang), lang
                ),
            ]
        )
    )

    story.append(CondPageBreak(40 * MM))
    story.append(heading(t("report.section.blockers", lang), styles.h2, 1, "summary-blockers"))
    if data.blockers:
        shown = data.blockers[:15]
        story.append(blockers_table(shown, cells, width))
        if len(data.blockers) > len(shown):
            story.append(
                Paragraph(
                    esc(
                        t(
                            "report.summary.more_blockers",
                            lang,
                            count=len(data.blockers) - len(shown),
                        )
                    ),
                    styles.small,
                )
            )
    else:
        story.append(Paragraph(esc(t("report.summary.no_blockers", lang)), styles.body))

    story.append(CondPageBreak(70 * MM))
    story.append(heading(t("report.section.costs", lang), styles.h2, 1, "summary-costs"))
    story.append(years_table(data, cells, width * 0.6))
    story.append(Paragraph(esc(years_note(data)), styles.small))
    story.append(Spacer(1, 3 * MM))
    story.append(
        charts.cost_by_year_bars(data.years, width, t("report.chart.cost_unit", lang), lang)
    )
    if meta.cost_note:
        story.append(Paragraph(esc(meta.cost_note), styles.small))

    # Findings
    story.append(PageBreak())
    story.append(heading(t("report.section.findings", lang), styles.h1, 0, "findings"))
    story.append(Paragraph(esc(t("report.findings.intro", lang)), styles.body))
    if not data.findings:
        story.append(Paragraph(esc(t("report.findings.none", lang)), styles.body))
    for section in data.findings:
        story.append(CondPageBreak(35 * MM))
        story.append(
            heading(
                f"{section.code} · {section.title} — {format_percent(section.readiness, lang)}",
                styles.h2,
                1,
                f"findings-{section.domain_id}",
            )
        )
        story.append(findings_table(section, cells, width, lang))
    story.append(Spacer(1, 2 * MM))
    story.append(Paragraph(esc(t("report.findings.legend", lang)), styles.small))

    # Plan
    story.append(PageBreak())
    story.append(heading(t("report.section.plan", lang), styles.h1, 0, "plan"))
    story.append(
        Paragraph(
            esc(
                t(
                    "report.plan.intro",
                    lang,
                    count=len(data.plan_rows),
                    start=meta.plan_start_year,
                    end=meta.plan_end_year,
                    cost=data.cost,
                )
            ),
            styles.body,
        )
    )
    if data.budget_per_year_vnd:
        story.append(
            Paragraph(
                esc(
                    t(
                        "report.plan.budget",
                        lang,
                        budget=format_cost_range(
                            data.budget_per_year_vnd, data.budget_per_year_vnd, lang
                        ),
                    )
                ),
                styles.body,
            )
        )
    if data.unscheduled:
        story.append(
            Paragraph(
                esc(t("report.plan.unscheduled_note", lang, ids=", ".join(data.unscheduled))),
                styles.body,
            )
        )
    if data.route is not None:
        from tierassess.report.progress import route_story

        story.append(heading(t("route.report.heading", lang), styles.h2, 1, "plan-route"))
        story += route_story(data.route, cells, width, lang)
    story.append(Spacer(1, 3 * MM))
    if data.plan_rows:
        story.append(plan_table(data, cells, width))
        if abbreviations(data):
            story.append(Spacer(1, 1.5 * MM))
            story.append(Paragraph(esc(abbreviations(data)), styles.small))
    else:
        story.append(Paragraph(esc(t("report.plan.empty", lang)), styles.body))
    story.append(CondPageBreak(60 * MM))
    story.append(heading(t("report.section.timeline", lang), styles.h2, 1, "plan-timeline"))
    story += charts.timeline(data.plan_rows, meta.plan_start_year, meta.plan_end_year, width, lang)

    if data.topology is not None:  # computed from the site's topology model
        from tierassess.topology.pdf_section import topology_story

        story += topology_story(data.topology, styles, width, lang)

    if data.progress is not None:
        from tierassess.report.progress import progress_story

        story.append(PageBreak())
        story.append(heading(t("route.report.progress_heading", lang), styles.h1, 0, "progress"))
        story += progress_story(data.progress, cells, width, lang)

    # Evidence index
    story.append(PageBreak())
    story.append(heading(t("report.section.evidence", lang), styles.h1, 0, "evidence"))
    if data.evidence:
        story.append(evidence_table(data, cells, width))
        story.append(Spacer(1, 2 * MM))
        story.append(Paragraph(esc(t("report.evidence.note", lang)), styles.small))
    else:
        story.append(Paragraph(esc(t("report.evidence.none", lang)), styles.body))
    return story


def render_standard(data: ReportData) -> bytes:
    """The engineering report as PDF bytes."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4

    styles = make_styles()
    lang = data.meta.lang
    meta = data.meta
    left, right, top, bottom = 20 * MM, 16 * MM, 22 * MM, 18 * MM
    page_width, page_height = A4
    width = page_width - left - right
    running = f"{meta.site_name} — {t('report.pdf.running', lang, tier=tier_label(meta.target_tier, lang))}"
    footer_left = f"{meta.checklist_id} v{meta.checklist_version} · {format_date(meta.as_of, lang)}"

    def first_page(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(HexColor(ACCENT))
        canvas.rect(0, page_height - 9 * MM, page_width, 9 * MM, stroke=0, fill=1)
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, bottom - 9 * MM, f"tierassess {__version__}")
        draw_page_number(canvas, page_width - right, bottom - 9 * MM, lang)
        canvas.restoreState()

    def later_pages(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        y = page_height - top + 7 * MM
        canvas.drawString(left, y, running)
        if meta.sample:
            canvas.setFillColor(HexColor(WARN))
            canvas.setFont(BOLD, 7.5)
            canvas.drawRightString(page_width - right, y, t("report.pdf.sample_short", lang))
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(left, y - 2.5 * MM, page_width - right, y - 2.5 * MM)
        canvas.line(left, bottom - 5 * MM, page_width - right, bottom - 5 * MM)
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, bottom - 9 * MM, footer_left)
        canvas.drawCentredString(page_width / 2, bottom - 9 * MM, t("report.pdf.footer_note", lang))
        draw_page_number(canvas, page_width - right, bottom - 9 * MM, lang)
        canvas.restoreState()

    story = _standard_story(data, styles, width)
    return build_pdf(
        story,
        page_size=A4,
        margins=(left, right, top, bottom),
        on_first_page=first_page,
        on_later_pages=later_pages,
        title=f"{meta.title} — {meta.site_name}",
        author=meta.assessor or meta.operator,
        subject=f"{meta.checklist_title} ({meta.checklist_id} v{meta.checklist_version})",
        keywords=["Tier " + str(meta.target_tier), meta.site_id, meta.checklist_id, "tierassess"],
        lang=lang,
        as_of=meta.as_of,
    )


def render_pdf(data: ReportData, layout: str = "standard", admin: Any = None) -> bytes:
    """Render the report in ``layout`` (``standard`` or ``administrative``) to PDF bytes."""
    if layout == "administrative":
        from tierassess.report.admin import AdminDocument, render_administrative

        return render_administrative(data, admin if admin is not None else AdminDocument())
    return render_standard(data)


__all__ = ["FAMILY", "format_number", "render_pdf", "render_standard"]


def integrity_box(data: ReportData, styles: Any, width: float) -> Any:
    """The report's own warnings (tierassess.report.integrity), boxed on the summary page."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    lang = data.meta.lang
    rows = [[Paragraph(f"<b>{esc(t('report_integrity.title', lang))}</b>", styles.note)]]
    for note in data.integrity:
        listed = f" {esc(', '.join(note.ids[:40]))}" + (" …" if len(note.ids) > 40 else "")
        rows.append([Paragraph(f"• {esc(note.text)}{listed if note.ids else ''}", styles.note)])
    return Table(
        rows,
        colWidths=[width],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor("#b00020")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )
