"""Standard layout, the evidence index: every stored file, its short hash, criteria and review."""

from __future__ import annotations

from typing import Any

from tierassess.formats import format_date
from tierassess.i18n import t
from tierassess.reports.data import ReportData
from tierassess.reports.pdfkit import MM, Cells, Styles, esc, heading, table


def evidence_table(data: ReportData, cells: Cells, width: float) -> Any:
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


def evidence_story(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """The evidence index on a new page (a sentence when the site has no evidence)."""
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    lang = data.meta.lang
    story: list[Any] = [
        PageBreak(),
        heading(t("report.section.evidence", lang), styles.h1, 0, "evidence"),
    ]
    if data.evidence:
        story.append(evidence_table(data, cells, width))
        story.append(Spacer(1, 2 * MM))
        story.append(Paragraph(esc(t("report.evidence.note", lang)), styles.small))
    else:
        story.append(Paragraph(esc(t("report.evidence.none", lang)), styles.body))
    return story
