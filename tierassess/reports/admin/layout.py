"""Administrative layout, the document: its parts in order, and the page numbers.

Decree 30: no page number on the first page; from page 2, Arabic numerals centred in the top
margin. The PDF's metadata names the document type, its summary and who signs.
"""

from __future__ import annotations

from typing import Any

from tierassess.i18n import t
from tierassess.reports.admin.appendix import appendix_story
from tierassess.reports.admin.body import (
    content_story,
    funding_story,
    organisation_story,
    purpose_story,
    status_story,
)
from tierassess.reports.admin.document import AdminDocument, issuer_name
from tierassess.reports.admin.heading import heading_story, summary_line
from tierassess.reports.admin.signature import signature_story, signer_name
from tierassess.reports.admin.styles import BOTTOM, LEFT, RIGHT, TOP, admin_styles
from tierassess.reports.data import ReportData
from tierassess.reports.fonts import SERIF_REGULAR, register_serif_fonts
from tierassess.reports.pdfkit import MM, build_pdf


def administrative_story(data: ReportData, document: AdminDocument, page_width: float) -> list[Any]:
    """Heading, sections I–V, recipients and signature, then the appendix."""
    styles = admin_styles(data.meta.lang, page_width)
    story = heading_story(document, data, styles)
    story += purpose_story(data, styles)
    story += status_story(data, styles)
    story += content_story(data, styles)
    story += funding_story(data, styles)
    story += organisation_story(data, styles)
    story += signature_story(document, data, styles)
    story += appendix_story(document, data, styles)
    return story


def render_administrative(data: ReportData, document: AdminDocument) -> bytes:
    """The plan as an administrative document ready to be attached to a provincial plan."""
    from reportlab.lib.pagesizes import A4

    register_serif_fonts()
    meta, lang = data.meta, data.meta.lang
    page_width, page_height = A4
    story = administrative_story(data, document, page_width)

    def first_page(canvas: Any, _doc: Any) -> None:
        # Decree 30: no page number on the first page.
        return

    def later_pages(canvas: Any, _doc: Any) -> None:
        # Decree 30: Arabic numerals, 13-14 pt, centred in the top margin.
        canvas.saveState()
        canvas.setFont(SERIF_REGULAR, 13)
        canvas.drawCentredString(page_width / 2, page_height - 12 * MM, str(canvas.getPageNumber()))
        canvas.restoreState()

    return build_pdf(
        story,
        page_size=A4,
        margins=(LEFT, RIGHT, TOP, BOTTOM),
        on_first_page=first_page,
        on_later_pages=later_pages,
        title=f"{t('report.admin.doc_type', lang)} — {summary_line(document, data)}",
        author=signer_name(document, data) or issuer_name(document, data).upper(),
        subject=f"{meta.checklist_title} ({meta.checklist_id} v{meta.checklist_version})",
        keywords=["Tier " + str(meta.target_tier), meta.site_id, "Nghị định 30/2020/NĐ-CP"],
        lang=lang,
        as_of=document.date or meta.as_of,
        font=SERIF_REGULAR,
    )
