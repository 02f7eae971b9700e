"""Administrative layout, the appendix (``PHỤ LỤC``): the plan in the province's columns.

TT, Nhiệm vụ, Đơn vị chủ trì, Đơn vị phối hợp, Thời gian (and priority and cost), under a caption
that names the plan it is attached to, then the timeline in black and white.
"""

from __future__ import annotations

from typing import Any

from tierassess.i18n import t, tier_label
from tierassess.reports.admin.document import (
    AdminDocument,
    date_line,
    issuer_name,
    keep_together,
    organisation_case,
)
from tierassess.reports.admin.styles import AdminStyles
from tierassess.reports.data import ReportData
from tierassess.reports.fonts import SERIF_BOLD, SERIF_REGULAR
from tierassess.reports.pdfkit import esc, heading
from tierassess.reports.plan_tables import PLAIN_ROUTE_MARK, abbreviations, plan_table, route_legend

# Wider number and unit columns than the standard report's: at 10 pt, "3.10" and "BCVT&CNTT"
# must not break inside.
APPENDIX_COLUMNS = (0.06, 0.31, 0.15, 0.15, 0.12, 0.06, 0.15)


def attached_caption(document: AdminDocument, data: ReportData) -> str:
    """``(Kèm theo Kế hoạch số …/KH-… ngày … của …)``: the plan this appendix belongs to."""
    attached = t(
        "report.admin.attached",
        data.meta.lang,
        number=document.number or f"{chr(0xA0) * 8}/KH-{document.issuer_code or '........'}",
        date=date_line(document, data).split(",", 1)[-1].strip(),
        # inside a sentence: a name typed in capitals for the heading is written in its case
        issuer=organisation_case(issuer_name(document, data)),
    )
    return f"({attached})"


def _plan_part(data: ReportData, styles: AdminStyles) -> list[Any]:
    """The plan table (route tasks starred with an asterisk) and its notes."""
    from reportlab.platypus import Paragraph, Spacer

    if not data.plan_rows:
        return [Paragraph(esc(t("report.plan.empty", data.meta.lang)), styles.body)]
    # the serif font has no star: route tasks are marked with an asterisk
    story: list[Any] = [
        plan_table(data, styles.appendix_cells, styles.width, APPENDIX_COLUMNS, PLAIN_ROUTE_MARK)
    ]
    for note in (route_legend(data, PLAIN_ROUTE_MARK), abbreviations(data)):
        if note:
            story.append(Spacer(1, 6))
            story.append(Paragraph(esc(note), styles.note))
    return story


def appendix_story(document: AdminDocument, data: ReportData, styles: AdminStyles) -> list[Any]:
    """The appendix on a new page: title, caption, the plan table, the timeline."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    from tierassess.reports import charts

    meta, lang = data.meta, data.meta.lang
    title = t("report.admin.appendix_title", lang, target=tier_label(meta.target_tier, lang))
    story: list[Any] = [
        PageBreak(),
        heading(t("report.admin.appendix", lang), styles.doc_type, 0, "admin-appendix"),
        Paragraph(esc(keep_together(title)), styles.summary),
        Paragraph(esc(attached_caption(document, data)), styles.attached),
        Spacer(1, 10),
        *_plan_part(data, styles),
        heading(t("report.section.timeline", lang), styles.chart_heading, 1, "admin-timeline"),
    ]
    story += charts.timeline(
        data.plan_rows,
        meta.plan_start_year,
        meta.plan_end_year,
        styles.width,
        lang,
        font=SERIF_REGULAR,
        bold_font=SERIF_BOLD,
        monochrome=True,
    )
    return story
