"""The PDF report, laid out with reportlab platypus from a ``ReportData``.

The ``standard`` layout lives here (an engineering report: cover, executive summary, findings,
plan, evidence index); ``render_pdf`` also hands out the ``administrative`` one (the plan as a
Vietnamese administrative document, ``admin.py``). Both are built with the shared kit
(``pdfkit.py``) and the plan's tables (``plan_tables.py``), and both are deterministic: reportlab's invariant mode plus
a creation date fixed to the report's as-of date, so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tierassess import __version__
from tierassess.i18n import t
from tierassess.report.data import (
    BlockerRow,
    FindingsSection,
    ReportData,
    completeness_statement,
    format_cost_range,
    format_date,
    format_number,
    format_percent,
    tier_label,
)
from tierassess.report.fonts import BOLD, FAMILY, REGULAR
from tierassess.report.pdfkit import (
    ACCENT,
    MM,
    MUTED,
    RULE,
    WARN,
    Cells,
    Styles,
    build_pdf,
    draw_page_number,
    esc,
    heading,
    make_styles,
    table,
)
from tierassess.report.plan_tables import (
    abbreviations,
    plan_table,
    review_findings_table,
    route_legend,
    yardstick_table,
    years_note,
    years_table,
)


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


def report_tables(data: ReportData, styles: Styles, width: float) -> list[Any]:
    """Every table of the standard report, in order (the benchmark lays these out alone)."""
    cells = Cells(styles, data.meta.lang)
    lang = data.meta.lang
    tables = [verdict_table(data, cells, width)]
    if data.blockers:
        tables.append(blockers_table(data.blockers[:15], cells, width))
    tables.append(years_table(data, cells, width * 0.6))
    tables += [findings_table(section, cells, width, lang) for section in data.findings]
    if data.plan_rows:
        tables.append(plan_table(data, cells, width))
    if data.evidence:
        tables.append(evidence_table(data, cells, width))
    return tables


def _standard_story(data: ReportData, styles: Styles, width: float) -> list[Any]:
    from reportlab.lib.colors import HexColor
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
    cells = Cells(styles, lang)
    story: list[Any] = []

    # Cover
    story.append(Spacer(1, 28 * MM))
    if meta.sample:
        banner = Table(
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
        story += [banner, Spacer(1, 10 * MM)]
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
    story.append(
        Table(
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
    )
    story.append(Spacer(1, 6 * MM))
    # On the cover: whether the assessment is complete, so nobody reads a partial one as whole.
    story.append(Paragraph(f"<b>{esc(completeness_statement(data))}</b>", styles.body))
    story.append(Spacer(1, 8 * MM))
    disclaimer = Table(
        [
            [Paragraph(f"<b>{esc(t('report.pdf.disclaimer_title', lang))}</b>", styles.note)],
            [Paragraph(esc(meta.disclaimer), styles.note)],
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
    story += [disclaimer, PageBreak()]

    # Executive summary
    story.append(heading(t("report.section.summary", lang), styles.h1, 0, "summary"))
    verdict_key = "report.summary.meets" if data.meets_target else "report.summary.does_not_meet"
    story.append(
        Paragraph(
            t(
                verdict_key,
                lang,
                tier=f"<b>{esc(tier_label(data.facility_tier, lang))}</b>",
                target=esc(tier_label(meta.target_tier, lang)),
            ),
            styles.body,
        )
    )
    story.append(Spacer(1, 2 * MM))
    story.append(
        Paragraph(
            esc(
                t(
                    "report.summary.counts",
                    lang,
                    readiness=format_percent(data.readiness, lang),
                    applicable=data.applicable,
                    answered=data.answered,
                    unanswered=data.unanswered,
                    unverified=data.unverified,
                )
            ),
            styles.body,
        )
    )
    if meta.method:
        story.append(Spacer(1, 1 * MM))
        story.append(Paragraph(esc(meta.method), styles.small))
    story.append(Spacer(1, 3 * MM))
    if data.integrity:
        story += [integrity_box(data, styles, width), Spacer(1, 3 * MM)]
    if data.yardsticks:
        story.append(yardstick_table(data, cells, width))
        story.append(Spacer(1, 3 * MM))
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

    story.append(CondPageBreak(40 * MM))
    story.append(heading(t("report.section.blockers", lang), styles.h2, 1, "summary-blockers"))
    if data.blockers:
        shown = data.blockers[:15]
        story.append(blockers_table(shown, cells, width))
        if len(data.blockers) > len(shown):
            story.append(
                Paragraph(
                    esc(
                        t(
                            "report.summary.more_blockers",
                            lang,
                            count=len(data.blockers) - len(shown),
                        )
                    ),
                    styles.small,
                )
            )
    else:
        story.append(Paragraph(esc(t("report.summary.no_blockers", lang)), styles.body))

    story.append(CondPageBreak(70 * MM))
    story.append(heading(t("report.section.costs", lang), styles.h2, 1, "summary-costs"))
    story.append(years_table(data, cells, width * 0.6))
    story.append(Paragraph(esc(years_note(data)), styles.small))
    story.append(Spacer(1, 3 * MM))
    story.append(
        charts.cost_by_year_bars(data.years, width, t("report.chart.cost_unit", lang), lang)
    )
    if meta.cost_note:
        story.append(Paragraph(esc(meta.cost_note), styles.small))

    # Findings
    story.append(PageBreak())
    story.append(heading(t("report.section.findings", lang), styles.h1, 0, "findings"))
    story.append(Paragraph(esc(t("report.findings.intro", lang)), styles.body))
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

    # Plan
    story.append(PageBreak())
    story.append(heading(t("report.section.plan", lang), styles.h1, 0, "plan"))
    story.append(
        Paragraph(
            esc(
                t(
                    "report.plan.intro",
                    lang,
                    count=len(data.plan_rows),
                    start=meta.plan_start_year,
                    end=meta.plan_end_year,
                    cost=data.cost,
                )
            ),
            styles.body,
        )
    )
    if data.budget_per_year_vnd:
        story.append(
            Paragraph(
                esc(
                    t(
                        "report.plan.budget",
                        lang,
                        budget=format_cost_range(
                            data.budget_per_year_vnd, data.budget_per_year_vnd, lang
                        ),
                    )
                ),
                styles.body,
            )
        )
    if data.unscheduled:
        story.append(
            Paragraph(
                esc(t("report.plan.unscheduled_note", lang, ids=", ".join(data.unscheduled))),
                styles.body,
            )
        )
    if data.review_findings:  # what reviewers sent back, apart from the costed actions
        story.append(heading(t("plan_review.heading", lang), styles.h2, 1, "plan-reviews"))
        story.append(review_findings_table(data, cells, width))
        story.append(Paragraph(esc(t("plan_review.note", lang)), styles.small))
    if data.route is not None:
        from tierassess.report.progress import route_story

        story.append(heading(t("route.report.heading", lang), styles.h2, 1, "plan-route"))
        story += route_story(data.route, cells, width, lang)
    story.append(Spacer(1, 3 * MM))
    if data.plan_rows:
        story.append(plan_table(data, cells, width))
        for note in (route_legend(data), abbreviations(data)):
            if note:
                story.append(Spacer(1, 1.5 * MM))
                story.append(Paragraph(esc(note), styles.small))
    else:
        story.append(Paragraph(esc(t("report.plan.empty", lang)), styles.body))
    story.append(CondPageBreak(60 * MM))
    story.append(heading(t("report.section.timeline", lang), styles.h2, 1, "plan-timeline"))
    story += charts.timeline(data.plan_rows, meta.plan_start_year, meta.plan_end_year, width, lang)

    if data.topology is not None:  # computed from the site's topology model
        from tierassess.topology.pdf_section import topology_story

        story += topology_story(data.topology, styles, width, lang)

    if data.progress is not None:
        from tierassess.report.progress import progress_story

        story.append(PageBreak())
        story.append(heading(t("route.report.progress_heading", lang), styles.h1, 0, "progress"))
        story += progress_story(data.progress, cells, width, lang)

    # Evidence index
    story.append(PageBreak())
    story.append(heading(t("report.section.evidence", lang), styles.h1, 0, "evidence"))
    if data.evidence:
        story.append(evidence_table(data, cells, width))
        story.append(Spacer(1, 2 * MM))
        story.append(Paragraph(esc(t("report.evidence.note", lang)), styles.small))
    else:
        story.append(Paragraph(esc(t("report.evidence.none", lang)), styles.body))
    return story


def render_standard(data: ReportData) -> bytes:
    """The engineering report as PDF bytes."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4

    styles = make_styles()
    lang = data.meta.lang
    meta = data.meta
    left, right, top, bottom = 20 * MM, 16 * MM, 22 * MM, 18 * MM
    page_width, page_height = A4
    width = page_width - left - right
    running = f"{meta.site_name} — {t('report.pdf.running', lang, tier=tier_label(meta.target_tier, lang))}"
    footer_left = f"{meta.checklist_id} v{meta.checklist_version} · {format_date(meta.as_of, lang)}"

    def first_page(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(HexColor(ACCENT))
        canvas.rect(0, page_height - 9 * MM, page_width, 9 * MM, stroke=0, fill=1)
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, bottom - 9 * MM, f"tierassess {__version__}")
        draw_page_number(canvas, page_width - right, bottom - 9 * MM, lang)
        canvas.restoreState()

    def later_pages(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(HexColor(MUTED))
        y = page_height - top + 7 * MM
        canvas.drawString(left, y, running)
        if meta.sample:
            canvas.setFillColor(HexColor(WARN))
            canvas.setFont(BOLD, 7.5)
            canvas.drawRightString(page_width - right, y, t("report.pdf.sample_short", lang))
        canvas.setStrokeColor(HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(left, y - 2.5 * MM, page_width - right, y - 2.5 * MM)
        canvas.line(left, bottom - 5 * MM, page_width - right, bottom - 5 * MM)
        canvas.setFillColor(HexColor(MUTED))
        canvas.setFont(REGULAR, 7.5)
        canvas.drawString(left, bottom - 9 * MM, footer_left)
        canvas.drawCentredString(page_width / 2, bottom - 9 * MM, t("report.pdf.footer_note", lang))
        draw_page_number(canvas, page_width - right, bottom - 9 * MM, lang)
        canvas.restoreState()

    story = _standard_story(data, styles, width)
    return build_pdf(
        story,
        page_size=A4,
        margins=(left, right, top, bottom),
        on_first_page=first_page,
        on_later_pages=later_pages,
        title=f"{meta.title} — {meta.site_name}",
        author=meta.assessor or meta.operator,
        subject=f"{meta.checklist_title} ({meta.checklist_id} v{meta.checklist_version})",
        keywords=["Tier " + str(meta.target_tier), meta.site_id, meta.checklist_id, "tierassess"],
        lang=lang,
        as_of=meta.as_of,
    )


def render_pdf(data: ReportData, layout: str = "standard", admin: Any = None) -> bytes:
    """Render the report in ``layout`` (``standard`` or ``administrative``) to PDF bytes."""
    if layout == "administrative":
        from tierassess.report.admin import AdminDocument, render_administrative

        return render_administrative(data, admin if admin is not None else AdminDocument())
    return render_standard(data)


__all__ = ["FAMILY", "format_number", "render_pdf", "render_standard"]


def integrity_box(data: ReportData, styles: Any, width: float) -> Any:
    """The report's own warnings (tierassess.report.integrity), boxed on the summary page."""
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
