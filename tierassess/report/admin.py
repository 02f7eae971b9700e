"""The remediation plan as a Vietnamese administrative document (Decree 30/2020/NĐ-CP, Appendix I).

The components sit where the decree's layout diagram puts them: the national heading (Quốc hiệu
and Tiêu ngữ, upper right, bold, the motto underlined along its length); the issuing body (upper
left, capitals, bold, a short rule beneath) with the number line (``Số: .../KH-...``) under it; the
place and date line (``Quảng Ngãi, ngày ... tháng ... năm ...``, slanted) under the heading; the
document type (``KẾ HOẠCH``) and its summary centred; the body; the signature block on the right
and the recipients (``Nơi nhận:``) on the left; page numbers centred at the top from page 2;
margins 20 mm top and bottom, 30 mm left, 15 mm right. The plan table follows as the appendix
(``PHỤ LỤC``) in the columns the province's own plans use (TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị
phối hợp, Thời gian).

The decree asks for Times New Roman; the package ships DejaVu Sans (it has every Vietnamese glyph
and may be redistributed), so sizes are a point smaller to keep the same line length.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from pydantic import Field

from tierassess.i18n import t
from tierassess.models import FileModel
from tierassess.report.data import ReportData, format_percent, tier_label
from tierassess.report.fonts import BOLD, REGULAR
from tierassess.report.pdf import (
    MM,
    _Cells,
    abbreviations,
    build_pdf,
    esc,
    heading,
    make_styles,
    oblique_line,
    plan_table,
    years_table,
)


class AdminDocument(FileModel):
    """What only the issuing office knows: who issues, the number, who signs, who receives.

    Read from a YAML file (``report --admin-info FILE``); every field is optional and has a
    sensible default taken from the site and its plan.
    """

    parent_body: str | None = Field(
        default=None, description="Governing body, e.g. UBND TỈNH QUẢNG NGÃI."
    )
    issuing_body: str | None = Field(default=None, description="Default: the plan's lead unit.")
    number: str | None = Field(
        default=None, description="e.g. 12/KH-TTCDS; blank until registered."
    )
    issuer_code: str | None = Field(default=None, description="Abbreviation after KH-, e.g. TTCDS.")
    place: str | None = Field(
        default=None, description="Default: the province in the site address."
    )
    date: _dt.date | None = Field(
        default=None, description="Signing date; default: day left blank."
    )
    summary: str | None = Field(default=None, description="The title line under KẾ HOẠCH.")
    basis: list[str] = Field(default_factory=list, description="Documents the plan is based on.")
    signer_authority: str | None = Field(default=None, description="e.g. KT. GIÁM ĐỐC.")
    signer_title: str | None = Field(default=None, description="e.g. PHÓ GIÁM ĐỐC.")
    signer_name: str | None = None
    recipients: list[str] = Field(default_factory=list)


def _without_abbreviation(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)\s*$", "", name).strip() or name


def place_from_address(address: str) -> str | None:
    """The province or city named last in an address, without its administrative prefix."""
    last = re.sub(r"\s*\([^)]*\)\s*$", "", address).split(",")[-1].strip()
    last = re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", last, flags=re.IGNORECASE).strip()
    last = re.sub(r"\s*\d{4,6}$", "", last).strip()  # a postcode
    return last or None


_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def month_text(month: int) -> str:
    """Decree 30: months 1 and 2 take a leading zero (so nobody can turn 1 into 11)."""
    return f"{month:02d}" if month < 3 else str(month)


def date_line(document: AdminDocument, data: ReportData) -> str:
    lang = data.meta.lang
    place = document.place or place_from_address(data.meta.address) or "........"
    if document.date is not None:
        day = document.date
        return t(
            "report.admin.date_line",
            lang,
            place=place,
            day=f"{day.day:02d}",
            month=month_text(day.month),
            month_name=_MONTHS[day.month - 1],
            year=day.year,
        )
    as_of = data.meta.as_of
    return t(
        "report.admin.date_line",
        lang,
        place=place,
        day="\u00a0" * 7,  # the day is written in when the document is signed
        month=month_text(as_of.month),
        month_name=_MONTHS[as_of.month - 1],
        year=as_of.year,
    )


def number_line(document: AdminDocument, lang: str) -> str:
    if document.number:
        return t("report.admin.number", lang, number=document.number)
    code = document.issuer_code or "........"
    blank = "\u00a0" * 10  # left for the clerk to fill in when the document is registered
    return t("report.admin.number", lang, number=f"{blank}/KH-{code}")


def _rule(length: float, width: float) -> Any:
    """A centred horizontal rule (drawn, not underlined, as the decree asks)."""
    from reportlab.platypus import Flowable

    class CentredRule(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return width, 7

        def draw(self) -> None:
            self.canv.setLineWidth(0.6)
            self.canv.line((width - length) / 2, 3, (width + length) / 2, 3)

    return CentredRule()


def render_administrative(data: ReportData, document: AdminDocument) -> bytes:
    """The plan as an administrative document ready to be attached to a provincial plan."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
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
    styles = make_styles(base_size=11.5)
    cells = _Cells(styles, lang)
    left, right, top, bottom = 30 * MM, 15 * MM, 20 * MM, 20 * MM
    page_width, page_height = A4
    width = page_width - left - right
    left_col, right_col = width * 0.42, width * 0.58

    centre = ParagraphStyle(
        "centre", parent=styles.body, alignment=TA_CENTER, fontSize=11, leading=14
    )
    centre_bold = ParagraphStyle("centre_bold", parent=centre, fontName=BOLD)
    body = ParagraphStyle(
        "admin_body",
        parent=styles.body,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * MM,
        spaceAfter=5,
        leading=16,
    )
    section = ParagraphStyle("admin_section", parent=body, fontName=BOLD, firstLineIndent=10 * MM)
    doc_type = ParagraphStyle(
        "doc_type", parent=centre_bold, fontSize=13, leading=17, spaceBefore=8
    )
    summary_style = ParagraphStyle("summary", parent=centre_bold, fontSize=11.5, leading=15)
    recipients_item = ParagraphStyle(
        "recipients", parent=styles.body, fontSize=10, leading=12.5, alignment=TA_LEFT
    )

    parent = document.parent_body
    issuer_name = document.issuing_body or _without_abbreviation(meta.lead_unit)
    issuer = issuer_name.upper()
    heading_left: list[Any] = []
    if parent:
        heading_left.append(Paragraph(esc(parent.upper()), centre))
    heading_left.append(Paragraph(esc(issuer), centre_bold))
    heading_left.append(_rule(left_col * 0.35, left_col - 6))
    heading_left.append(Spacer(1, 3))
    heading_left.append(Paragraph(esc(number_line(document, lang)), centre))

    nation = t("report.admin.nation", lang)
    motto = t("report.admin.motto", lang)
    motto_style = ParagraphStyle("motto", parent=centre_bold, fontSize=11.5, leading=14.5)
    heading_right: list[Any] = [
        Paragraph(esc(nation), ParagraphStyle("nation", parent=centre_bold, fontSize=10.5)),
        Paragraph(esc(motto), motto_style),
        _rule(stringWidth(motto, BOLD, 11.5), right_col - 6),
        Spacer(1, 7),
        oblique_line(date_line(document, data), REGULAR, 11, right_col - 6),
    ]
    head = Table(
        [[heading_left, heading_right]],
        colWidths=[left_col, right_col],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    summary = document.summary or t(
        "report.admin.summary",
        lang,
        target=tier_label(meta.target_tier, lang),
        site=meta.site_name,
        start=meta.plan_start_year,
        end=meta.plan_end_year,
    )
    story: list[Any] = [
        head,
        Spacer(1, 8),
        heading(t("report.admin.doc_type", lang), doc_type, 0, "admin-plan"),
        Paragraph(esc(summary), summary_style),
        _rule(width * 0.25, width),
        Spacer(1, 8),
    ]
    basis_style = ParagraphStyle("basis", parent=body, fontSize=11)
    for index, line in enumerate(document.basis):
        end = "." if index == len(document.basis) - 1 else ";"
        story.append(Paragraph(f"<i>{esc(line.rstrip(';.'))}{end}</i>", basis_style))

    def para(text: str) -> None:
        story.append(Paragraph(esc(text), body))

    verdict_key = (
        "report.admin.status_meets" if data.meets_target else "report.admin.status_not_met"
    )
    story.append(Paragraph(esc(t("report.admin.s1", lang)), section))
    para(
        t(
            "report.admin.purpose",
            lang,
            date=f"{meta.as_of.day:02d}/{meta.as_of.month:02d}/{meta.as_of.year}",
            site=meta.site_name,
            target=tier_label(meta.target_tier, lang),
            start=meta.plan_start_year,
            end=meta.plan_end_year,
        )
    )
    para(t("report.admin.requirements", lang))
    story.append(Paragraph(esc(t("report.admin.s2", lang)), section))
    para(
        t(
            verdict_key,
            lang,
            tier=tier_label(data.facility_tier, lang),
            target=tier_label(meta.target_tier, lang),
            readiness=format_percent(data.readiness, lang),
            applicable=data.applicable,
            gaps=len(data.gaps),
            blockers=len(data.blockers),
        )
    )
    para(meta.disclaimer)
    story.append(Paragraph(esc(t("report.admin.s3", lang)), section))
    para(t("report.admin.content", lang, count=len(data.plan_rows)))
    story.append(Paragraph(esc(t("report.admin.s4", lang)), section))
    para(t("report.admin.funding", lang, cost=data.cost))
    story.append(years_table(data, cells, width * 0.7))
    story.append(Spacer(1, 4))
    if meta.cost_note:
        para(meta.cost_note)
    story.append(Paragraph(esc(t("report.admin.s5", lang)), section))
    para(t("report.admin.lead", lang, lead=meta.lead_unit))
    para(t("report.admin.coordinating", lang, coordinating=meta.coordinating_unit))

    recipients = document.recipients or [
        t("report.admin.recipient_coordinating", lang, unit=meta.coordinating_unit),
        t("report.admin.recipient_archive", lang),
    ]
    recipient_cell: list[Any] = [
        oblique_line(t("report.admin.recipients", lang), BOLD, 10.5, left_col - 6, align="left")
    ]
    for index, name in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        recipient_cell.append(Paragraph(esc(f"- {name.rstrip(';.')}{end}"), recipients_item))
    signature_cell: list[Any] = []
    if document.signer_authority:
        signature_cell.append(Paragraph(esc(document.signer_authority.upper()), centre_bold))
    signature_cell.append(
        Paragraph(
            esc((document.signer_title or t("report.admin.signer_title", lang)).upper()),
            centre_bold,
        )
    )
    signature_cell.append(Spacer(1, 24 * MM))
    signature_cell.append(Paragraph(esc(document.signer_name or " "), centre_bold))
    story.append(Spacer(1, 6))
    story.append(
        KeepTogether(
            [
                Table(
                    [[recipient_cell, signature_cell]],
                    colWidths=[left_col, right_col],
                    style=TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ]
                    ),
                )
            ]
        )
    )

    # The appendix: the plan in the province's columns.
    story.append(PageBreak())
    story.append(heading(t("report.admin.appendix", lang), doc_type, 0, "admin-appendix"))
    story.append(
        Paragraph(
            esc(t("report.admin.appendix_title", lang, target=tier_label(meta.target_tier, lang))),
            summary_style,
        )
    )
    attached = t(
        "report.admin.attached",
        lang,
        number=document.number or f"{chr(0xA0) * 8}/KH-{document.issuer_code or '........'}",
        date=date_line(document, data).split(",", 1)[-1].strip(),
        issuer=issuer_name,
    )
    story.append(oblique_line(f"({attached})", REGULAR, 9.5, width))
    story.append(Spacer(1, 8))
    if data.plan_rows:
        story.append(plan_table(data, cells, width))
        if abbreviations(data):
            story.append(Spacer(1, 4))
            story.append(Paragraph(esc(abbreviations(data)), styles.small))
    else:
        story.append(Paragraph(esc(t("report.plan.empty", lang)), body))
    story.append(CondPageBreak(60 * MM))
    story.append(heading(t("report.section.timeline", lang), styles.h2, 1, "admin-timeline"))
    story += charts.timeline(data.plan_rows, meta.plan_start_year, meta.plan_end_year, width, lang)

    def first_page(canvas: Any, _doc: Any) -> None:
        # Decree 30: no page number on the first page.
        return

    def later_pages(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 11)
        canvas.drawCentredString(page_width / 2, page_height - 12 * MM, str(canvas.getPageNumber()))
        canvas.restoreState()

    return build_pdf(
        story,
        page_size=A4,
        margins=(left, right, top, bottom),
        on_first_page=first_page,
        on_later_pages=later_pages,
        title=f"{t('report.admin.doc_type', lang)} — {summary}",
        author=document.signer_name or issuer,
        subject=f"{meta.checklist_title} ({meta.checklist_id} v{meta.checklist_version})",
        keywords=["Tier " + str(meta.target_tier), meta.site_id, "Nghị định 30/2020/NĐ-CP"],
        lang=lang,
        as_of=document.date or meta.as_of,
    )


__all__ = [
    "AdminDocument",
    "date_line",
    "month_text",
    "place_from_address",
    "render_administrative",
]
