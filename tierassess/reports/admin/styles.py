"""Administrative layout, the page and its type: Decree 30/2020/NĐ-CP, Appendix I.

Margins 20 mm top and bottom, 30 mm left, 15 mm right. Sizes are the decree's: 12-13 pt for the
heading components, 14 pt for the body, 12 and 11 pt for ``Nơi nhận:`` and its list; the budget
table at 12 pt and the appendix's plan table, seven columns on a portrait page, at 10 pt. Black on
white with ruled tables: administrative documents are printed and filed in black.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tierassess.reports.fonts import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    SERIF_REGULAR,
)
from tierassess.reports.pdfkit import MM, Cells, Styles, make_styles

LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM
PAD = 6  # right padding of the heading and signature columns


@dataclass
class AdminStyles:
    """The styles of the document, component by component, and its geometry."""

    width: float  # of the text block
    left_col: float  # the issuing body, the number and the recipients
    right_col: float  # the national heading, the date and the signature
    cells: Cells  # the body's tables, 12 pt
    appendix_cells: Cells  # the appendix's plan table, 10 pt
    base: Styles
    parent: Any
    issuer: Any
    number: Any
    nation: Any
    motto: Any
    date: Any
    doc_type: Any
    summary: Any
    attached: Any
    signer: Any
    recipients_head: Any
    recipients_item: Any
    body: Any
    section: Any
    basis: Any
    chart_heading: Any
    note: Any


def _component(base: Styles, name: str, size: float, face: str = SERIF_REGULAR, **more: Any) -> Any:
    """A centred style of the heading components, leading 1.2 times the size unless told."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle(
        name,
        parent=base.body,
        fontName=face,
        fontSize=size,
        leading=more.pop("leading", round(size * 1.2, 1)),
        alignment=more.pop("alignment", TA_CENTER),
        **more,
    )


def admin_styles(lang: str, page_width: float) -> AdminStyles:
    """Every style of the document; the serif faces are registered by ``make_styles``."""
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    base = make_styles(base_size=14, faces=SERIF, cell_size=12, cell_leading=14.5, monochrome=True)
    appendix = make_styles(
        base_size=14, faces=SERIF, cell_size=10, cell_leading=12, monochrome=True
    )
    width = page_width - LEFT - RIGHT
    body = ParagraphStyle(
        "admin_body",
        parent=base.body,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * MM,
        leading=17,
        spaceAfter=6,
    )
    # A heading never ends a page: it goes over with what follows it.
    section = ParagraphStyle("admin_section", parent=body, fontName=SERIF_BOLD, keepWithNext=1)

    def component(name: str, size: float, face: str = SERIF_REGULAR, **more: Any) -> Any:
        return _component(base, name, size, face, **more)

    return AdminStyles(
        width=width,
        left_col=width * 0.42,
        right_col=width * 0.58,
        cells=Cells(base, lang),
        appendix_cells=Cells(appendix, lang),
        base=base,
        parent=component("parent_body", 12),
        issuer=component("issuer", 12, SERIF_BOLD),
        number=component("number", 13),
        nation=component("nation", 12, SERIF_BOLD),
        motto=component("motto", 13, SERIF_BOLD),
        date=component("date_line", 14, SERIF_ITALIC),
        doc_type=component("doc_type", 14, SERIF_BOLD, spaceBefore=10),
        summary=component("summary", 14, SERIF_BOLD),
        attached=component("attached", 13, SERIF_ITALIC),
        signer=component("signer", 14, SERIF_BOLD),
        recipients_head=component("recipients_head", 12, SERIF_BOLD_ITALIC, alignment=TA_LEFT),
        recipients_item=component("recipients", 11, alignment=TA_LEFT, leading=13),
        body=body,
        section=section,
        basis=ParagraphStyle("basis", parent=body, fontName=SERIF_ITALIC),
        # The timeline is taller than the space a page break condition could reserve: its
        # heading goes with it to the next page instead of staying behind alone.
        chart_heading=ParagraphStyle(
            "admin_chart_heading", parent=section, firstLineIndent=0, spaceBefore=10, keepWithNext=1
        ),
        note=component("admin_note", 11, alignment=TA_JUSTIFY, leading=13),
    )
