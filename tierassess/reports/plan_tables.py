"""The plan's tables, shared by the standard report and the administrative document.

The plan in the province's appendix columns, cost by year, and the unit abbreviations they use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tierassess.core.planning.years import years_note as planning_years_note
from tierassess.i18n import t
from tierassess.reports.data import PlanRow, ReportData
from tierassess.reports.pdfkit import MUTED, WARN, Cells, esc, table


def abbreviations(data: ReportData) -> str:
    """The unit names the plan table shortens, spelled out once (empty when none is)."""
    pairs: dict[str, str] = {}
    for row in data.plan_rows:
        for short, full in (
            (row.lead_unit_short, row.lead_unit),
            (row.coordinating_unit_short, row.coordinating_unit),
        ):
            if short != full:
                pairs.setdefault(short, full.removesuffix(f"({short})").strip())
    if not pairs:
        return ""
    listed = "; ".join(f"{short}: {full}" for short, full in sorted(pairs.items()))
    return t("report.plan.abbreviations", data.meta.lang, names=listed)


PLAN_COLUMNS = (0.05, 0.34, 0.135, 0.135, 0.13, 0.06, 0.15)

ROUTE_MARK = "★"
"""Marks a route task in the plan table; the administrative serif font has no star, so that
layout passes ``PLAIN_ROUTE_MARK`` instead."""
PLAIN_ROUTE_MARK = "*"


def route_legend(data: ReportData, mark: str = ROUTE_MARK) -> str:
    """What the mark in the plan table means (empty when no task is on the route)."""
    if not any(row.on_route for row in data.plan_rows):
        return ""
    return t("route.report.plan_legend", data.meta.lang, mark=mark)


def _task_row(row: PlanRow, cells: Cells, widths: list[float], route_mark: str) -> list[Any]:
    """One task: its number, the task with its criterion id, units, timeframe (and status)."""
    muted = "#555555" if cells.styles.monochrome else MUTED  # a pure grey prints in black ink
    note_size = f"{cells.styles.cell.fontSize * 0.83:.1f}"  # the criterion id and status, smaller
    note = f"<font size='{note_size}' color='{muted}'>"
    task = (f"<b>{esc(route_mark)}</b> " if row.on_route else "") + (
        f"{esc(row.task)} {note}({esc(row.criterion_id)})</font>"
    )
    if row.status_id in ("planned", "deferred"):
        when = cells(row.timeframe)
    else:
        when = cells.markup(f"{esc(row.timeframe)}<br/>{note}{esc(row.status)}</font>")
    return [
        cells.raw(row.number, widths[0]),
        cells.markup(task),
        cells(row.lead_unit_short),
        cells(row.coordinating_unit_short),
        when,
        cells.raw(row.priority, widths[5]),
        cells.raw(row.cost, widths[6]),
    ]


def plan_table(
    data: ReportData,
    cells: Cells,
    width: float,
    fractions: Sequence[float] = PLAN_COLUMNS,
    route_mark: str = ROUTE_MARK,
) -> Any:
    """The plan in the province's appendix columns, grouped by domain, with a total row.

    ``fractions`` share ``width`` among the seven columns (TT, task, lead unit, coordinating
    unit, timeframe, priority, cost). A task on the cheapest route starts with ``route_mark``
    (explained by ``route_legend``).
    """
    lang = data.meta.lang
    widths = [width * f for f in fractions]
    heads = ("no", "task", "lead", "coordinating", "timeframe", "priority", "cost_millions")
    rows: list[list[Any]] = [
        [
            cells.head(t(f"report.col.{key}", lang), column)
            for key, column in zip(heads, widths, strict=True)
        ]
    ]
    groups: list[int] = []
    for group in data.plan:
        groups.append(len(rows))
        rows.append([cells.bold(group.number), cells.bold(group.title), "", "", "", "", ""])
        rows += [_task_row(row, cells, widths, route_mark) for row in group.rows]
    total = len(rows)
    rows.append(
        [
            "",
            cells.bold(t("report.plan.total", lang)),
            "",
            "",
            cells(f"{data.meta.plan_start_year}–{data.meta.plan_end_year}"),
            "",
            cells.markup(f"<b>{esc(data.cost)}</b>", cells.styles.cell_right),
        ]
    )
    return table(
        rows,
        widths,
        group_rows=groups,
        total_rows=[total],
        zebra=False,
        cell_style=cells.styles.cell,
        align={5: "CENTER", 6: "RIGHT"},
        monochrome=cells.styles.monochrome,
    )


def years_table(data: ReportData, cells: Cells, width: float) -> Any:
    """Cost by year; each task counted once, in the year it starts, so the rows add up."""
    from tierassess.formats import format_cost_range

    lang = data.meta.lang
    widths = [width * 0.22, width * 0.33, width * 0.45]
    heads = ("report.col.year", "report.col.tasks_starting", "report.col.cost_millions")
    rows: list[list[Any]] = [
        [cells.head(t(k, lang), w) for k, w in zip(heads, widths, strict=True)]
    ]
    for year in data.years:
        rows.append([cells.raw(year.year), cells.raw(year.actions), cells.raw(year.cost)])
    total = len(rows)
    low = sum(y.cost_min_vnd for y in data.years)
    high = sum(y.cost_max_vnd for y in data.years)
    rows.append(
        [
            cells.bold(t("report.plan.total", lang)),
            cells.right(sum(y.actions for y in data.years)),
            cells.markup(
                f"<b>{esc(format_cost_range(low, high, lang))}</b>", cells.styles.cell_right
            ),
        ]
    )
    return table(
        rows,
        widths,
        total_rows=[total],
        cell_style=cells.styles.cell,
        align={1: "RIGHT", 2: "RIGHT"},
        monochrome=cells.styles.monochrome,
    )


def years_note(data: ReportData) -> str:
    """How the cost table counts, and what it leaves out (the tasks with no room in the plan)."""
    from tierassess.formats import format_cost_range

    lang = data.meta.lang
    note = planning_years_note(data.allocation_step_vnd, lang)
    left_out = [r for r in data.plan_rows if not r.scheduled]
    if left_out:
        low = sum(r.cost_min_vnd for r in left_out)
        high = sum(r.cost_max_vnd for r in left_out)
        note += " " + t(
            "report.plan.unscheduled_cost",
            lang,
            count=len(left_out),
            cost=format_cost_range(low, high, lang),
        )
    return note


def review_findings_table(data: ReportData, cells: Cells, width: float) -> Any:
    """What reviewers rejected or asked more evidence for: who, when and their comment."""
    from tierassess.formats import format_date

    lang = data.meta.lang
    widths = [width * f for f in (0.16, 0.17, 0.2, 0.12, 0.35)]
    heads = ("criterion", "decision", "reviewer", "date", "comment")
    rows: list[list[Any]] = [
        [cells.head(t(f"plan_review.col.{k}", lang), w) for k, w in zip(heads, widths, strict=True)]
    ]
    for finding in data.review_findings:
        rows.append(
            [
                cells.raw(finding.criterion_id, widths[0]),
                cells(t(f"plan_review.verdict.{finding.verdict.value}", lang)),
                cells(finding.reviewer),
                cells.raw(format_date(finding.at.date(), lang)),
                cells(finding.comment or t("plan_review.no_comment", lang)),
            ]
        )
    return table(rows, widths, cell_style=cells.styles.cell, monochrome=cells.styles.monochrome)


def yardstick_table(data: ReportData, cells: Cells, width: float) -> Any:
    """Each yardstick's own verdict side by side, with the criteria that decide it.

    With monochrome cells (the administrative layout) there is no coloured mark: the verdict's
    words already say whether the target is met.
    """
    lang = data.meta.lang
    monochrome = cells.styles.monochrome
    widths = [width * 0.28, width * 0.3, width * 0.42]
    heads = ("yardstick", "verdict", "why")
    rows: list[list[Any]] = [
        [cells.head(t(f"yardsticks.col.{c}", lang), w) for c, w in zip(heads, widths, strict=True)]
    ]
    for line in data.yardsticks:
        if monochrome:
            verdict = cells(line.verdict)
        else:
            mark = "✓" if line.passed else "✗"
            colour = "#15803d" if line.passed else WARN
            verdict = cells.markup(f"<font color='{colour}'>{mark}</font> {esc(line.verdict)}")
        rows.append([cells(line.title), verdict, cells(line.why)])
    return table(rows, widths, cell_style=cells.styles.cell, monochrome=monochrome)
