"""Standard layout, the executive summary: the verdict, its yardsticks, readiness, blockers, costs.

The verdict and the counts, the report's own warnings (``integrity_box``), each yardstick's
verdict, the answers it cannot judge and what the site itself lacks, the tier per subsystem (``verdict_table``), readiness by domain, the must-pass criteria
that block the target (``blockers_table``) and cost by year.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tierassess.formats import format_percent
from tierassess.i18n import t, tier_label
from tierassess.reports.data import BlockerRow, ReportData
from tierassess.reports.pdfkit import MM, WARN, Cells, Styles, esc, heading, table
from tierassess.reports.plan_tables import yardstick_table, years_note, years_table

BLOCKERS_SHOWN = 15  # the rest are counted in a line under the table


def verdict_table(data: ReportData, cells: Cells, width: float) -> Any:
    """Tier reached per subsystem, and the facility's (the weakest subsystem's)."""
    lang = data.meta.lang
    rows: list[list[Any]] = [
        [
            cells.head(t("report.col.subsystem", lang)),
            cells.head(t("report.col.tier", lang)),
            cells.head(t("report.col.readiness", lang)),
            cells.head(t("report.col.blockers", lang)),
        ]
    ]
    for verdict in data.verdicts:
        mark = "✓" if verdict.meets_target else "✗"
        colour = "#15803d" if verdict.meets_target else WARN
        rows.append(
            [
                cells(verdict.subsystem),
                cells.markup(
                    f"<font color='{colour}'>{mark}</font> {esc(tier_label(verdict.tier, lang))}"
                ),
                cells.right(format_percent(verdict.readiness, lang)),
                cells(", ".join(verdict.blockers) or "—"),
            ]
        )
    rows.append(
        [
            cells.bold(t("report.summary.facility", lang)),
            cells.bold(tier_label(data.facility_tier, lang)),
            cells.markup(
                f"<b>{esc(format_percent(data.readiness, lang))}</b>", cells.styles.cell_right
            ),
            cells(""),
        ]
    )
    return table(
        rows, [width * 0.3, width * 0.2, width * 0.14, width * 0.36], total_rows=[len(rows) - 1]
    )


def blockers_table(
    blockers: Sequence[BlockerRow], cells: Cells, width: float, lang: str = ""
) -> Any:
    """Must-pass criteria that keep the facility below its target tier."""
    lang = lang or cells.lang
    rows: list[list[Any]] = [
        [
            cells.head(t("report.col.id", lang)),
            cells.head(t("report.col.criterion", lang)),
            cells.head(t("report.col.subsystem", lang)),
            cells.head(t("report.col.severity", lang)),
            cells.head(t("report.col.result", lang)),
        ]
    ]
    for blocker in blockers:
        rows.append(
            [
                cells.raw(blocker.criterion_id, width * 0.16),
                cells(blocker.title),
                cells(blocker.subsystem),
                cells(blocker.severity),
                cells(blocker.result),
            ]
        )
    return table(
        rows, [width * f for f in (0.16, 0.44, 0.16, 0.11, 0.13)], cell_style=cells.styles.cell
    )


def integrity_box(data: ReportData, styles: Any, width: float) -> Any:
    """The report's own warnings (tierassess.reports.integrity), boxed on the summary page."""
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table, TableStyle

    lang = data.meta.lang
    rows = [[Paragraph(f"<b>{esc(t('report_integrity.title', lang))}</b>", styles.note)]]
    for note in data.integrity:
        listed = f" {esc(', '.join(note.ids[:40]))}" + (" …" if len(note.ids) > 40 else "")
        rows.append([Paragraph(f"• {esc(note.text)}{listed if note.ids else ''}", styles.note)])
    return Table(
        rows,
        colWidths=[width],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor("#b00020")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ]
        ),
    )


def _verdict_paragraphs(data: ReportData, styles: Styles) -> list[Any]:
    """The verdict against the target, the counts, and how claims were counted."""
    from reportlab.platypus import Paragraph, Spacer

    meta, lang = data.meta, data.meta.lang
    verdict_key = "report.summary.meets" if data.meets_target else "report.summary.does_not_meet"
    verdict = t(
        verdict_key,
        lang,
        tier=f"<b>{esc(tier_label(data.facility_tier, lang))}</b>",
        target=esc(tier_label(meta.target_tier, lang)),
    )
    counts = t(
        "report.summary.counts",
        lang,
        readiness=format_percent(data.readiness, lang),
        applicable=data.applicable,
        answered=data.answered,
        unanswered=data.unanswered,
        unverified=data.unverified,
    )
    story: list[Any] = [
        Paragraph(verdict, styles.body),
        Spacer(1, 2 * MM),
        Paragraph(esc(counts), styles.body),
    ]
    if meta.method:
        story.append(Spacer(1, 1 * MM))
        story.append(Paragraph(esc(meta.method), styles.small))
    story.append(Spacer(1, 3 * MM))
    return story


def _not_judged_part(data: ReportData, styles: Styles) -> list[Any]:
    """Answers that cannot be judged and requirements the site itself fails, one line each."""
    from reportlab.platypus import Paragraph, Spacer

    lines = [row.text for row in data.not_judged] + data.profile_notes
    if not lines:
        return []
    lang = data.meta.lang
    story: list[Any] = [
        heading(t("report.not_judged.heading", lang), styles.h2, 1, "summary-not-judged")
    ]
    story += [
        Paragraph(f"<font color='{WARN}'>•</font> {esc(line)}", styles.body) for line in lines
    ]
    story.append(Spacer(1, 3 * MM))
    return story


def _blockers_part(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """What blocks the target: the gravest blockers, and how many more there are."""
    from reportlab.platypus import CondPageBreak, Paragraph

    lang = data.meta.lang
    story: list[Any] = [
        CondPageBreak(40 * MM),
        heading(t("report.section.blockers", lang), styles.h2, 1, "summary-blockers"),
    ]
    if not data.blockers:
        story.append(Paragraph(esc(t("report.summary.no_blockers", lang)), styles.body))
        return story
    shown = data.blockers[:BLOCKERS_SHOWN]
    story.append(blockers_table(shown, cells, width))
    if len(data.blockers) > len(shown):
        more = t("report.summary.more_blockers", lang, count=len(data.blockers) - len(shown))
        story.append(Paragraph(esc(more), styles.small))
    return story


def _costs_part(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """Cost by year as a table, its note, and as a chart."""
    from reportlab.platypus import CondPageBreak, Paragraph, Spacer

    from tierassess.reports import charts

    lang = data.meta.lang
    story: list[Any] = [
        CondPageBreak(70 * MM),
        heading(t("report.section.costs", lang), styles.h2, 1, "summary-costs"),
        years_table(data, cells, width * 0.6),
        Paragraph(esc(years_note(data)), styles.small),
        Spacer(1, 3 * MM),
        charts.cost_by_year_bars(data.years, width, t("report.chart.cost_unit", lang), lang),
    ]
    for note in (data.meta.cost_note, data.meta.outage_note):
        if note:
            story.append(Paragraph(esc(note), styles.small))
    return story


def summary_story(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """The executive summary, from its heading to the cost by year."""
    from reportlab.platypus import KeepTogether, Spacer

    from tierassess.reports import charts

    lang = data.meta.lang
    story: list[Any] = [heading(t("report.section.summary", lang), styles.h1, 0, "summary")]
    story += _verdict_paragraphs(data, styles)
    if data.integrity:
        story += [integrity_box(data, styles, width), Spacer(1, 3 * MM)]
    if data.yardsticks:
        story.append(yardstick_table(data, cells, width))
        story.append(Spacer(1, 3 * MM))
    story += _not_judged_part(data, styles)
    story.append(verdict_table(data, cells, width))
    story.append(
        KeepTogether(
            [
                heading(t("report.section.readiness_chart", lang), styles.h2, 1, "summary-chart"),
                charts.readiness_bars(
                    data.domains, width, t("report.chart.readiness_note", lang), lang
                ),
            ]
        )
    )
    story += _blockers_part(data, styles, cells, width)
    story += _costs_part(data, styles, cells, width)
    return story
