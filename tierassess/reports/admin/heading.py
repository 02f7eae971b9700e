"""Administrative layout, the heading: issuing body, national heading, number, place and date.

Where Decree 30's layout diagram puts them: the national heading (Quốc hiệu and Tiêu ngữ, upper
right, bold, the motto ruled along its length); the issuing body (upper left, capitals, bold, a
short rule beneath) with the number line (``Số: .../KH-...``) under it; the place and date line
(italic) under the heading; then the document type (``KẾ HOẠCH``), its summary and the documents
the plan is based on.
"""

from __future__ import annotations

from typing import Any

from tierassess.i18n import t, tier_label
from tierassess.reports.admin.document import (
    AdminDocument,
    date_line,
    issuer_name,
    keep_together,
    number_line,
)
from tierassess.reports.admin.styles import PAD, AdminStyles
from tierassess.reports.data import ReportData
from tierassess.reports.fonts import SERIF_BOLD, SERIF_REGULAR
from tierassess.reports.pdfkit import esc, heading


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


def rule_under(text: str, face: str, size: float, column: float, share: float) -> Any:
    """A rule ``share`` of the text's (longest line's) length, centred in ``column``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return _rule(min(stringWidth(text, face, size), column) * share, column)


def _issuing_body(document: AdminDocument, data: ReportData, styles: AdminStyles) -> list[Any]:
    """Upper left: the governing body, the issuing body in bold capitals, a short rule."""
    from reportlab.platypus import Paragraph

    parent = document.parent_body or data.meta.governing_body
    issuer = issuer_name(document, data).upper()
    column: list[Any] = []
    if parent:
        column.append(Paragraph(esc(parent.upper()), styles.parent))
    column.append(Paragraph(esc(issuer), styles.issuer))
    # Decree 30: a rule a third to a half as long as the issuing body's name.
    column.append(rule_under(issuer, SERIF_BOLD, 12, styles.left_col - PAD, 0.4))
    return column


def _national_heading(lang: str, styles: AdminStyles) -> list[Any]:
    """Upper right: Quốc hiệu and Tiêu ngữ, the motto ruled exactly along its length."""
    from reportlab.platypus import Paragraph

    motto = t("report.admin.motto", lang)
    return [
        Paragraph(esc(t("report.admin.nation", lang)), styles.nation),
        Paragraph(esc(motto), styles.motto),
        # Decree 30: under the motto, a rule exactly as long as the motto.
        rule_under(motto, SERIF_BOLD, 13, styles.right_col - PAD, 1.0),
    ]


def heading_table(document: AdminDocument, data: ReportData, styles: AdminStyles) -> Any:
    """Two rows, so that the number (left) and the place and date (right) share a line."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    lang = data.meta.lang
    return Table(
        [
            [_issuing_body(document, data, styles), _national_heading(lang, styles)],
            [
                Paragraph(esc(number_line(document, lang)), styles.number),
                Paragraph(esc(date_line(document, data)), styles.date),
            ],
        ],
        colWidths=[styles.left_col, styles.right_col],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF_REGULAR),
                ("VALIGN", (0, 0), (-1, 0), "TOP"),
                ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0),
                ("TOPPADDING", (0, 1), (-1, 1), 6),
            ]
        ),
    )


def summary_line(document: AdminDocument, data: ReportData) -> str:
    """The title line under KẾ HOẠCH: as given, else the target, the site and the years."""
    meta, lang = data.meta, data.meta.lang
    return document.summary or t(
        "report.admin.summary",
        lang,
        target=tier_label(meta.target_tier, lang),
        site=meta.site_name,
        start=meta.plan_start_year,
        end=meta.plan_end_year,
    )


def heading_story(document: AdminDocument, data: ReportData, styles: AdminStyles) -> list[Any]:
    """The heading, the document type and summary (ruled), and the basis, one line each."""
    from reportlab.platypus import Paragraph, Spacer

    summary = summary_line(document, data)
    story: list[Any] = [
        heading_table(document, data, styles),
        Spacer(1, 10),
        heading(t("report.admin.doc_type", data.meta.lang), styles.doc_type, 0, "admin-plan"),
        Paragraph(esc(keep_together(summary)), styles.summary),
        rule_under(summary, SERIF_BOLD, 14, styles.width, 0.4),
        Spacer(1, 10),
    ]
    for index, line in enumerate(document.basis):
        end = "." if index == len(document.basis) - 1 else ";"
        story.append(Paragraph(esc(f"{line.rstrip(';.')}{end}"), styles.basis))
    return story
