"""Standard layout, the cover: sample banner, title, the site's facts, completeness, disclaimer."""

from __future__ import annotations

from typing import Any

from tierassess.formats import format_date
from tierassess.i18n import t, tier_label
from tierassess.reports.data import ReportData, completeness_statement
from tierassess.reports.fonts import REGULAR
from tierassess.reports.pdfkit import MM, RULE, WARN, Cells, Styles, esc, heading


def _sample_banner(lang: str, styles: Styles, width: float) -> Any:
    """A red-ruled box saying the site is a sample, not a real assessment."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    return Table(
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


def _facts_table(data: ReportData, cells: Cells, styles: Styles, width: float) -> Any:
    """Operator, address, assessor, date, catalogue, target, period and site id, ruled."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    meta, lang = data.meta, data.meta.lang
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
    return Table(
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


def _disclaimer_box(data: ReportData, styles: Styles, width: float) -> Any:
    """The catalogue's disclaimer on a grey ground."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    lang = data.meta.lang
    return Table(
        [
            [Paragraph(f"<b>{esc(t('report.pdf.disclaimer_title', lang))}</b>", styles.note)],
            [Paragraph(esc(data.meta.disclaimer), styles.note)],
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


def cover_story(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """The cover page, ending with its page break."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    meta, lang = data.meta, data.meta.lang
    story: list[Any] = [Spacer(1, 28 * MM)]
    if meta.sample:
        story += [_sample_banner(lang, styles, width), Spacer(1, 10 * MM)]
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
    story.append(_facts_table(data, cells, styles, width))
    story.append(Spacer(1, 6 * MM))
    # On the cover: whether the assessment is complete, so nobody reads a partial one as whole.
    story.append(Paragraph(f"<b>{esc(completeness_statement(data))}</b>", styles.body))
    story.append(Spacer(1, 8 * MM))
    story += [_disclaimer_box(data, styles, width), PageBreak()]
    return story
