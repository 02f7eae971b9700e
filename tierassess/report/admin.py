"""The remediation plan as a Vietnamese administrative document (Decree 30/2020/NĐ-CP, Appendix I).

The components sit where the decree's layout diagram puts them: the national heading (Quốc hiệu
and Tiêu ngữ, upper right, bold, the motto underlined along its length); the issuing body (upper
left, capitals, bold, a short rule beneath) with the number line (``Số: .../KH-...``) under it; the
place and date line (``Quảng Ngãi, ngày ... tháng ... năm ...``, italic) under the heading; the
document type (``KẾ HOẠCH``) and its summary centred; the body; the signature block on the right
and the recipients (``Nơi nhận:``) on the left; page numbers centred at the top from page 2;
margins 20 mm top and bottom, 30 mm left, 15 mm right. The plan table follows as the appendix
(``PHỤ LỤC``) in the columns the province's own plans use (TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị
phối hợp, Thời gian).

The decree asks for Times New Roman; the package ships Liberation Serif, which has the same metrics
(so lines break where Times would break them), every Vietnamese glyph, real italic and bold-italic
faces, and a licence (SIL OFL) that lets it be embedded. Sizes are the decree's: 12-13 pt for the
heading components, 14 pt for the body, 12 and 11 pt for ``Nơi nhận:`` and its list; tables are
smaller so that the appendix's seven columns fit a portrait page.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from pydantic import Field

from tierassess.i18n import t
from tierassess.models import FileModel
from tierassess.report.data import (
    ReportData,
    completeness_statement,
    format_percent,
    tier_label,
    verdict_reason,
)
from tierassess.report.fonts import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    SERIF_REGULAR,
    register_serif_fonts,
)
from tierassess.report.pdfkit import MM, Cells, build_pdf, esc, heading, make_styles
from tierassess.report.plan_tables import (
    PLAIN_ROUTE_MARK,
    abbreviations,
    plan_table,
    route_legend,
    yardstick_table,
    years_note,
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


def _keep_together(title: str) -> str:
    """A title with "Tier III" (any tier label) held on one line by a no-break space."""
    return re.sub(r"\bTier (IV|I{1,3})\b", "Tier\u00a0\\1", title)


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
    """The document's place and date line (``Quảng Ngãi, ngày … tháng … năm …``)."""
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


def _route_part(
    data: ReportData, cells: Cells, width: float, heading: Any, body: Any, note: Any
) -> list[Any]:
    """The route part: "the least to fund" beside "the full plan", under its own heading.

    Nothing without a route. The heading, the sentence that introduces the table and the table stay
    on one page.
    """
    from reportlab.platypus import KeepTogether, Paragraph

    from tierassess.report.progress import route_story

    if data.route is None:
        return []
    lang = data.meta.lang
    story = route_story(data.route, cells, width, lang, body=body, note=note)
    title = Paragraph(esc(t("route.report.heading", lang)), heading)
    return [KeepTogether([title, *story[:3]]), *story[3:]]


def _progress_part(
    data: ReportData, cells: Cells, width: float, heading: Any, body: Any, note: Any
) -> list[Any]:
    """Progress against the plan since the first snapshot, in black and white.

    The chart is in the document's serif; nothing when the site has no earlier snapshot.
    """
    from reportlab.platypus import KeepTogether, Paragraph

    from tierassess.report.fonts import SERIF as serif
    from tierassess.report.progress import progress_story

    if data.progress is None:
        return []
    lang = data.meta.lang
    story = progress_story(data.progress, cells, width, lang, body=body, note=note, faces=serif)
    title = Paragraph(esc(t("route.report.progress_heading", lang)), heading)
    # the heading goes over with the sentence and the chart it introduces
    return [KeepTogether([title, *story[:3]]), *story[3:]]


def render_administrative(data: ReportData, document: AdminDocument) -> bytes:
    """The plan as an administrative document ready to be attached to a provincial plan."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import (
        KeepTogether,
        PageBreak,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    from tierassess.report import charts

    register_serif_fonts()
    lang = data.meta.lang
    meta = data.meta
    # Body 14 pt (the decree allows 13-14); the budget table in the body at 12 pt, the plan table
    # of the appendix, seven columns on a portrait page, at 10 pt.
    # Black on white with ruled tables: administrative documents are printed and filed in black.
    styles = make_styles(
        base_size=14, faces=SERIF, cell_size=12, cell_leading=14.5, monochrome=True
    )
    cells = Cells(styles, lang)
    appendix_cells = Cells(
        make_styles(base_size=14, faces=SERIF, cell_size=10, cell_leading=12, monochrome=True),
        lang,
    )
    left, right, top, bottom = 30 * MM, 15 * MM, 20 * MM, 20 * MM
    page_width, page_height = A4
    width = page_width - left - right
    left_col, right_col = width * 0.42, width * 0.58
    pad = 6  # right padding of the heading and signature columns

    def style(name: str, size: float, face: str = SERIF_REGULAR, **more: Any) -> Any:
        return ParagraphStyle(
            name,
            parent=styles.body,
            fontName=face,
            fontSize=size,
            leading=more.pop("leading", round(size * 1.2, 1)),
            alignment=more.pop("alignment", TA_CENTER),
            **more,
        )

    # The sizes and faces of Decree 30, Appendix I, component by component.
    parent_style = style("parent_body", 12)
    issuer_style = style("issuer", 12, SERIF_BOLD)
    number_style = style("number", 13)
    nation_style = style("nation", 12, SERIF_BOLD)
    motto_style = style("motto", 13, SERIF_BOLD)
    date_style = style("date_line", 14, SERIF_ITALIC)
    doc_type = style("doc_type", 14, SERIF_BOLD, spaceBefore=10)
    summary_style = style("summary", 14, SERIF_BOLD)
    attached_style = style("attached", 13, SERIF_ITALIC)
    signer_style = style("signer", 14, SERIF_BOLD)
    recipients_head = style("recipients_head", 12, SERIF_BOLD_ITALIC, alignment=TA_LEFT)
    recipients_item = style("recipients", 11, alignment=TA_LEFT, leading=13)
    body = ParagraphStyle(
        "admin_body",
        parent=styles.body,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * MM,
        leading=17,
        spaceAfter=6,
    )
    # A heading never ends a page: it goes over with what follows it.
    section = ParagraphStyle("admin_section", parent=body, fontName=SERIF_BOLD, keepWithNext=1)
    basis_style = ParagraphStyle("basis", parent=body, fontName=SERIF_ITALIC)
    # The timeline is taller than the space a page break condition could reserve: its heading
    # goes with it to the next page instead of staying behind alone.
    chart_heading = ParagraphStyle(
        "admin_chart_heading", parent=section, firstLineIndent=0, spaceBefore=10, keepWithNext=1
    )
    note_style = style("admin_note", 11, alignment=TA_JUSTIFY, leading=13)

    def rule_under(text: str, face: str, size: float, column: float, share: float) -> Any:
        """A rule ``share`` of the text's (longest line's) length, centred in ``column``."""
        return _rule(min(stringWidth(text, face, size), column) * share, column)

    parent = document.parent_body or meta.governing_body
    issuer_name = document.issuing_body or _without_abbreviation(meta.lead_unit)
    issuer = issuer_name.upper()
    heading_left: list[Any] = []
    if parent:
        heading_left.append(Paragraph(esc(parent.upper()), parent_style))
    heading_left.append(Paragraph(esc(issuer), issuer_style))
    # Decree 30: a rule a third to a half as long as the issuing body's name.
    heading_left.append(rule_under(issuer, SERIF_BOLD, 12, left_col - pad, 0.4))

    nation = t("report.admin.nation", lang)
    motto = t("report.admin.motto", lang)
    heading_right: list[Any] = [
        Paragraph(esc(nation), nation_style),
        Paragraph(esc(motto), motto_style),
        # Decree 30: under the motto, a rule exactly as long as the motto.
        rule_under(motto, SERIF_BOLD, 13, right_col - pad, 1.0),
    ]
    # Two rows, so that the number (left) and the place and date (right) share a line.
    head = Table(
        [
            [heading_left, heading_right],
            [
                Paragraph(esc(number_line(document, lang)), number_style),
                Paragraph(esc(date_line(document, data)), date_style),
            ],
        ],
        colWidths=[left_col, right_col],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF_REGULAR),
                ("VALIGN", (0, 0), (-1, 0), "TOP"),
                ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
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
        Spacer(1, 10),
        heading(t("report.admin.doc_type", lang), doc_type, 0, "admin-plan"),
        Paragraph(esc(_keep_together(summary)), summary_style),
        rule_under(summary, SERIF_BOLD, 14, width, 0.4),
        Spacer(1, 10),
    ]
    for index, line in enumerate(document.basis):
        end = "." if index == len(document.basis) - 1 else ";"
        story.append(Paragraph(esc(f"{line.rstrip(';.')}{end}"), basis_style))

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
    reason = verdict_reason(data)
    if reason:
        para(reason)
    para(completeness_statement(data))
    if data.yardsticks:
        # The same verdict-by-yardstick table as the standard layout, ruled in black.
        story.append(Spacer(1, 4))
        story.append(yardstick_table(data, cells, width))
        story.append(Spacer(1, 6))
    para(t("report.complete.not_certification", lang))
    story += _progress_part(data, cells, width, section, body, note_style)
    story.append(Paragraph(esc(t("report.admin.s3", lang)), section))
    para(t("report.admin.content", lang, count=len(data.plan_rows)))
    # The budget table is short: kept whole, with its heading and the sentence that introduces
    # it (keepWithNext does not reach into a KeepTogether, so the heading goes inside).
    story.append(
        KeepTogether(
            [
                Paragraph(esc(t("report.admin.s4", lang)), section),
                Paragraph(esc(t("report.admin.funding", lang, cost=data.cost)), body),
                years_table(data, cells, width * 0.7),
                Paragraph(esc(years_note(data)), note_style),
            ]
        )
    )
    story.append(Spacer(1, 8))
    if meta.cost_note:
        para(meta.cost_note)
    story += _route_part(data, cells, width, section, body, note_style)
    story.append(Paragraph(esc(t("report.admin.s5", lang)), section))
    para(t("report.admin.lead", lang, lead=meta.lead_unit))
    para(t("report.admin.coordinating", lang, coordinating=meta.coordinating_unit))

    recipients = document.recipients or [
        t("report.admin.recipient_coordinating", lang, unit=meta.coordinating_unit),
        t("report.admin.recipient_archive", lang),
    ]
    recipient_cell: list[Any] = [
        Paragraph(esc(t("report.admin.recipients", lang)), recipients_head)
    ]
    for index, name in enumerate(recipients):
        end = "." if index == len(recipients) - 1 else ";"
        recipient_cell.append(Paragraph(esc(f"- {name.rstrip(';.')}{end}"), recipients_item))
    signature_cell: list[Any] = []
    if document.signer_authority:
        signature_cell.append(Paragraph(esc(document.signer_authority.upper()), signer_style))
    signature_cell.append(
        Paragraph(
            esc(
                (
                    document.signer_title
                    or meta.signer_title
                    or t("report.admin.signer_title", lang)
                ).upper()
            ),
            signer_style,
        )
    )
    signature_cell.append(Spacer(1, 24 * MM))
    signer_name = document.signer_name or meta.signer_name
    signature_cell.append(Paragraph(esc(signer_name or " "), signer_style))
    story.append(Spacer(1, 6))
    story.append(
        KeepTogether(
            [
                Table(
                    [[recipient_cell, signature_cell]],
                    colWidths=[left_col, right_col],
                    style=TableStyle(
                        [
                            ("FONTNAME", (0, 0), (-1, -1), SERIF_REGULAR),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
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
            esc(
                _keep_together(
                    t(
                        "report.admin.appendix_title",
                        lang,
                        target=tier_label(meta.target_tier, lang),
                    )
                )
            ),
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
    story.append(Paragraph(esc(f"({attached})"), attached_style))
    story.append(Spacer(1, 10))
    if data.plan_rows:
        # Wider number and unit columns than the standard report's: at 10 pt, "3.10" and
        # "BCVT&CNTT" must not break inside.
        columns = (0.06, 0.31, 0.15, 0.15, 0.12, 0.06, 0.15)
        # the serif font has no star: route tasks are marked with an asterisk
        story.append(plan_table(data, appendix_cells, width, columns, PLAIN_ROUTE_MARK))
        for note in (route_legend(data, PLAIN_ROUTE_MARK), abbreviations(data)):
            if note:
                story.append(Spacer(1, 6))
                story.append(Paragraph(esc(note), note_style))
    else:
        story.append(Paragraph(esc(t("report.plan.empty", lang)), body))
    story.append(heading(t("report.section.timeline", lang), chart_heading, 1, "admin-timeline"))
    story += charts.timeline(
        data.plan_rows,
        meta.plan_start_year,
        meta.plan_end_year,
        width,
        lang,
        font=SERIF_REGULAR,
        bold_font=SERIF_BOLD,
        monochrome=True,
    )

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
        margins=(left, right, top, bottom),
        on_first_page=first_page,
        on_later_pages=later_pages,
        title=f"{t('report.admin.doc_type', lang)} — {summary}",
        author=signer_name or issuer,
        subject=f"{meta.checklist_title} ({meta.checklist_id} v{meta.checklist_version})",
        keywords=["Tier " + str(meta.target_tier), meta.site_id, "Nghị định 30/2020/NĐ-CP"],
        lang=lang,
        as_of=document.date or meta.as_of,
        font=SERIF_REGULAR,
    )


__all__ = [
    "AdminDocument",
    "date_line",
    "month_text",
    "place_from_address",
    "render_administrative",
]
