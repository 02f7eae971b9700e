"""The PDF kit both report layouts and the sections share.

Colours, paragraph styles, headings that become bookmarks, tables, fast plain-text cells, and
the deterministic document builder. A section (``tierassess.reports.topology_pdf``,
``plan_tables``) and a layout (``pdf``, ``admin``) import from here; nothing here knows what a
report says.
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
from tierassess.reports.fonts import REGULAR, SANS, Faces, register_family

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


def _cell_styles(cell: Any, bold_face: str, monochrome: bool) -> dict[str, Any]:
    """Table cells: bold, header (white on the header's blue, black when monochrome), aligned."""
    from reportlab.lib.colors import black, white
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    return {
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=bold_face),
        "cell_head": ParagraphStyle(
            "cell_head", parent=cell, fontName=bold_face, textColor=black if monochrome else white
        ),
        "cell_right": ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        "cell_center": ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
    }


def _display_styles(body: Any, bold_face: str, ink: str, accent: str) -> dict[str, Any]:
    """Headings, the cover's title and site, the sample banner and boxed notes."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    def bold(name: str, size: float, leading: float, **more: Any) -> Any:
        return ParagraphStyle(
            name, parent=body, fontName=bold_face, fontSize=size, leading=leading, **more
        )

    return {
        "h1": bold("h1", 15, 19, spaceBefore=4, spaceAfter=8, textColor=HexColor(accent)),
        "h2": bold("h2", 11.5, 15, spaceBefore=10, spaceAfter=5, textColor=HexColor(accent)),
        "title": bold("title", 22, 28, textColor=HexColor(accent)),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=12.5, leading=17),
        "banner": bold("banner", 11, 14, alignment=TA_CENTER, textColor=HexColor(WARN)),
        "note": ParagraphStyle(
            "note", parent=body, fontSize=8.5, leading=11.5, textColor=HexColor(ink)
        ),
        "cover_site": bold("cover_site", 16, 21),
    }


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
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_LEFT
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
        **_cell_styles(cell, bold_face, monochrome),
        **_display_styles(body, bold_face, ink, accent),
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


def _base_commands(cell_style: Any, monochrome: bool) -> list[tuple[Any, ...]]:
    """Font, header fill, top alignment, light rules and padding; cell size when given."""
    from reportlab.lib.colors import HexColor

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
    return commands


def _row_commands(
    row_count: int,
    group_rows: Sequence[int],
    total_rows: Sequence[int],
    zebra: bool,
    monochrome: bool,
) -> list[tuple[Any, ...]]:
    """Stripes, group title rows (spanned, kept with their first row) and ruled total rows."""
    from reportlab.lib.colors import HexColor

    commands: list[tuple[Any, ...]] = []
    special = set(group_rows) | set(total_rows)
    if zebra:
        for index in range(2, row_count, 2):
            if index not in special:
                commands.append(("BACKGROUND", (0, index), (-1, index), HexColor(STRIPE_BG)))
    fill = HexColor("#ffffff" if monochrome else GROUP_BG)
    for index in group_rows:
        commands += [
            ("BACKGROUND", (0, index), (-1, index), fill),
            ("SPAN", (1, index), (-1, index)),
        ]
        if index + 1 < row_count:
            # A group's title never ends a page alone: it goes over with its first row.
            commands.append(("NOSPLIT", (0, index), (-1, index + 1)))
    line = HexColor("#000000" if monochrome else ACCENT)
    for index in total_rows:
        commands += [
            ("BACKGROUND", (0, index), (-1, index), fill),
            ("LINEABOVE", (0, index), (-1, index), 0.8, line),
        ]
    return commands


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

    commands = _base_commands(cell_style, monochrome)
    for column, where in (align or {}).items():
        commands.append(("ALIGN", (column, 1), (column, -1), where))
    if monochrome:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, HexColor("#000000")))
        zebra = False
    commands += _row_commands(len(rows), group_rows, total_rows, zebra, monochrome)
    flowable = Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(commands))
    flowable.hAlign = "LEFT"
    return flowable


# --- table cells ---------------------------------------------------------------------------------


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


class Cells:
    """Paragraph makers for table cells in one style set."""

    def __init__(self, styles: Styles, lang: str = "vi") -> None:
        from reportlab.platypus import Paragraph

        self._paragraph = Paragraph
        self.styles = styles
        self.lang = lang

    def __call__(self, text: object, style: Any = None) -> Any:
        """A wrapping cell of plain ``text`` (in ``style``, else the cell style)."""
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
        """A wrapping cell of plain ``text`` in bold."""
        return plain_paragraph(text, self.styles.cell_bold)

    def head(self, text: object, width: float | None = None) -> Any:
        """A header cell; given its column ``width``, set small enough that no word is broken."""
        style = self.styles.cell_head
        if width is not None:
            style = _unbroken(str(text), style, width - 6)
        return plain_paragraph(text, style)

    def right(self, text: object) -> Any:
        """A wrapping cell of plain ``text``, right-aligned."""
        return plain_paragraph(text, self.styles.cell_right)

    def center(self, text: object) -> Any:
        """A wrapping cell of plain ``text``, centred."""
        return plain_paragraph(text, self.styles.cell_center)

    def markup(self, markup: str, style: Any = None) -> Any:
        """A cell of reportlab mini-markup (the caller escapes what it interpolates)."""
        return self._paragraph(markup, style or self.styles.cell)
