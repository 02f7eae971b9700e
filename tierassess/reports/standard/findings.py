"""Standard layout, the findings: one table of gaps per domain, gravest first."""

from __future__ import annotations

from typing import Any

from tierassess.formats import format_percent
from tierassess.i18n import t
from tierassess.reports.data import FindingsSection, ReportData
from tierassess.reports.pdfkit import MM, Cells, Styles, esc, heading, table


def findings_table(section: FindingsSection, cells: Cells, width: float, lang: str) -> Any:
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


def findings_story(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """The findings section on a new page: intro, one titled table per domain, the legend."""
    from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

    lang = data.meta.lang
    story: list[Any] = [
        PageBreak(),
        heading(t("report.section.findings", lang), styles.h1, 0, "findings"),
        Paragraph(esc(t("report.findings.intro", lang)), styles.body),
    ]
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
    return story
