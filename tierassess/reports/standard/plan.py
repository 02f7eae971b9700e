"""Standard layout, the plan: the costed tasks, what reviewers sent back, the route, the timeline.

Also the progress section, which follows the plan when the site has earlier snapshots.
"""

from __future__ import annotations

from typing import Any

from tierassess.formats import format_cost_range
from tierassess.i18n import t
from tierassess.reports.data import ReportData
from tierassess.reports.pdfkit import MM, Cells, Styles, esc, heading
from tierassess.reports.plan_tables import (
    abbreviations,
    plan_table,
    review_findings_table,
    route_legend,
)


def _plan_intro(data: ReportData, styles: Styles) -> list[Any]:
    """How many tasks over which years at what cost; the yearly budget; what has no room."""
    from reportlab.platypus import Paragraph

    meta, lang = data.meta, data.meta.lang
    intro = t(
        "report.plan.intro",
        lang,
        count=len(data.plan_rows),
        start=meta.plan_start_year,
        end=meta.plan_end_year,
        cost=data.cost,
    )
    story: list[Any] = [Paragraph(esc(intro), styles.body)]
    if data.budget_per_year_vnd:
        budget = format_cost_range(data.budget_per_year_vnd, data.budget_per_year_vnd, lang)
        story.append(Paragraph(esc(t("report.plan.budget", lang, budget=budget)), styles.body))
    if data.unscheduled:
        ids = ", ".join(data.unscheduled)
        story.append(Paragraph(esc(t("report.plan.unscheduled_note", lang, ids=ids)), styles.body))
    return story


def _plan_tasks(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """The plan table with its legend and abbreviations, then the timeline under its heading."""
    from reportlab.platypus import CondPageBreak, Paragraph, Spacer

    from tierassess.reports import charts

    meta, lang = data.meta, data.meta.lang
    story: list[Any] = [Spacer(1, 3 * MM)]
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
    return story


def plan_story(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """The plan section on a new page."""
    from reportlab.platypus import PageBreak, Paragraph

    lang = data.meta.lang
    story: list[Any] = [PageBreak(), heading(t("report.section.plan", lang), styles.h1, 0, "plan")]
    story += _plan_intro(data, styles)
    if data.review_findings:  # what reviewers sent back, apart from the costed actions
        story.append(heading(t("plan_review.heading", lang), styles.h2, 1, "plan-reviews"))
        story.append(review_findings_table(data, cells, width))
        story.append(Paragraph(esc(t("plan_review.note", lang)), styles.small))
    if data.route is not None:
        from tierassess.reports.route_section import route_story

        story.append(heading(t("route.report.heading", lang), styles.h2, 1, "plan-route"))
        story += route_story(data.route, cells, width, lang)
    story += _plan_tasks(data, styles, cells, width)
    return story


def progress_story(data: ReportData, styles: Styles, cells: Cells, width: float) -> list[Any]:
    """Progress since the first snapshot, on a new page (nothing without earlier snapshots)."""
    from reportlab.platypus import PageBreak

    from tierassess.reports.progress_section import progress_story as progress_part

    if data.progress is None:
        return []
    lang = data.meta.lang
    return [
        PageBreak(),
        heading(t("route.report.progress_heading", lang), styles.h1, 0, "progress"),
        *progress_part(data.progress, cells, width, lang),
    ]
