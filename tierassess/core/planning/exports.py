"""The plan as the reader's spreadsheet: CSV (UTF-8 with a BOM) and XLSX, in one language.

Headers, enumerations and notes are in the reader's language and name their units; dates are real
dates (ISO in CSV, date cells in XLSX) and amounts are whole VND numbers (number cells in XLSX).
People's text never becomes a live formula (``tierassess.cells``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tierassess.core.planning.years import years_note
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.core.models import Checklist, RemediationAction, RemediationPlan

BOM = "\ufeff"

Cell = str | int | date | None


@dataclass(frozen=True)
class PlanColumn:
    key: str  # the header's message key, planning.col.<key>
    value: Callable[[RemediationAction, str], Cell]
    width: int = 14


def _yes(flag: bool, lang: str) -> str:
    return t("planning.value.yes" if flag else "planning.value.no", lang)


PLAN_COLUMNS: tuple[PlanColumn, ...] = (
    PlanColumn("id", lambda a, _: a.id, 14),
    PlanColumn("priority", lambda a, _: a.priority.value, 8),
    PlanColumn("must_pass", lambda a, lang: _yes(a.must_pass, lang), 10),
    # marked by ``route.mark_plan``; a plain plan (no route found) says "no" everywhere
    PlanColumn("on_route", lambda a, lang: _yes(a.on_route, lang), 12),
    PlanColumn(
        "severity",
        lambda a, lang: t(f"severity.{a.severity.value}", lang) if a.severity else "",
        12,
    ),
    PlanColumn(
        "result", lambda a, lang: t(f"result.{a.result.value}", lang) if a.result else "", 12
    ),
    PlanColumn("task", lambda a, lang: a.title.get(lang), 60),
    PlanColumn("cost_min", lambda a, _: a.cost_min_vnd, 16),
    PlanColumn("cost_max", lambda a, _: a.cost_max_vnd, 16),
    PlanColumn("weeks", lambda a, _: a.duration_weeks, 10),
    PlanColumn("year", lambda a, _: a.year if a.scheduled else None, 8),
    PlanColumn("start", lambda a, _: a.start if a.scheduled else None, 12),
    PlanColumn("end", lambda a, _: a.end if a.scheduled else None, 12),
    PlanColumn("status", lambda a, lang: t(f"report.status.{a.status.value}", lang), 14),
    PlanColumn("status_reason", lambda a, _: a.status_reason or "", 30),
    PlanColumn("lead", lambda a, lang: a.lead_unit.get(lang), 30),
    PlanColumn("coordinating", lambda a, lang: a.coordinating_unit.get(lang), 30),
    PlanColumn("disruption", lambda a, lang: t(f"disruption.{a.disruption.value}", lang), 18),
    PlanColumn("outage_start", lambda a, _: a.outage_start if a.scheduled else None, 14),
    PlanColumn("outage_end", lambda a, _: a.outage_end if a.scheduled else None, 14),
    PlanColumn("depends_on", lambda a, _: " ".join(a.depends_on), 16),
    PlanColumn("note", lambda a, lang: a.note.get(lang) if a.note else "", 60),
)


def plan_headers(lang: str) -> list[str]:
    """The plan export's column titles in ``lang``."""
    return [t(f"planning.col.{column.key}", lang) for column in PLAN_COLUMNS]


def plan_rows(plan: RemediationPlan, lang: str = "vi") -> list[list[Cell]]:
    """One row per action, in ``PLAN_COLUMNS`` order, in ``lang``."""
    return [[column.value(action, lang) for column in PLAN_COLUMNS] for action in plan.actions]


def plan_csv(plan: RemediationPlan, lang: str = "vi") -> str:
    """The plan's actions as CSV: a BOM (so Excel reads UTF-8), localised headers, ISO dates.

    The last column is the plan's as-of date on every row, so a file read on its own (or pasted
    into a larger sheet) still says which day its figures are for.
    """
    import csv
    import io

    from tierassess.cells import csv_row

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*plan_headers(lang), t("planning.col.as_of", lang)])
    as_of = "" if plan.as_of is None else plan.as_of.isoformat()
    for row in plan_rows(plan, lang):
        cells = ["" if v is None else v.isoformat() if isinstance(v, date) else v for v in row]
        writer.writerow(csv_row([*cells, as_of]))
    return BOM + buffer.getvalue()


def _years_rows(plan: RemediationPlan, lang: str) -> tuple[list[str], list[list[Cell]]]:
    headers = [
        t(f"planning.col.{key}", lang)
        for key in ("year", "starting", "running", "year_cost_min", "year_cost_max", "budget")
    ]
    from tierassess.core.planning.years import running_by_year

    running = running_by_year(plan.actions)
    rows: list[list[Cell]] = [
        [
            y.year,
            y.actions,
            running.get(y.year, 0),
            y.cost_min_vnd,
            y.cost_max_vnd,
            plan.budget_per_year_vnd,
        ]
        for y in plan.years
    ]
    scheduled = sum(1 for a in plan.actions if a.scheduled)
    rows.append(
        [
            t("planning.value.total", lang),
            scheduled,
            None,
            plan.cost_min_vnd,
            plan.cost_max_vnd,
            None,
        ]
    )
    return headers, rows


def plan_xlsx(plan: RemediationPlan, checklist: Checklist, lang: str = "vi") -> bytes:
    """A workbook of the plan in ``lang``: actions, cost by year, open items, about."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    from tierassess.cells import append_row

    date_format = "DD/MM/YYYY" if lang == "vi" else "YYYY-MM-DD"
    book = Workbook()
    sheet = book.active
    sheet.title = t("planning.sheet.actions", lang)
    sheet.append(plan_headers(lang))
    for row in plan_rows(plan, lang):
        append_row(sheet, row)
    for index, column in enumerate(PLAN_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = column.width
        for cell in sheet[letter][1:]:
            if column.key in ("start", "end"):
                cell.number_format = date_format
            elif column.key in ("cost_min", "cost_max"):
                cell.number_format = "#,##0"
    sheet.freeze_panes = "B2"

    years = book.create_sheet(t("planning.sheet.years", lang))
    headers, rows = _years_rows(plan, lang)
    years.append(headers)
    for row in rows:
        years.append(row)
    for row_cells in years.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in row_cells:
            cell.number_format = "#,##0"
    years.append([years_note(plan.allocation_step_vnd, lang)])
    for letter in "ABCDEF":
        years.column_dimensions[letter].width = 22

    items = book.create_sheet(t("planning.sheet.open_items", lang))
    items.append([t(f"planning.col.{k}", lang) for k in ("list", "id", "criterion")])
    by_id = checklist.by_id()
    for name, ids in (
        ("unscheduled", plan.unscheduled),
        ("to_assess", plan.to_assess),
        ("to_verify", plan.to_verify),
        ("orphan_overrides", plan.orphan_overrides),
    ):
        for criterion_id in ids:
            criterion = by_id.get(criterion_id)
            append_row(
                items,
                [
                    t(f"planning.list.{name}", lang),
                    criterion_id,
                    criterion.title.get(lang) if criterion else "",
                ],
            )
    for letter, width in zip("ABC", (28, 14, 70), strict=True):
        items.column_dimensions[letter].width = width

    about = book.create_sheet(t("planning.sheet.about", lang))
    about.append([t("planning.col.site", lang), plan.site_id])
    about.append([t("planning.col.as_of", lang), plan.as_of])
    about["B2"].number_format = date_format
    append_row(about, [t("planning.col.disclaimer", lang), checklist.header.disclaimer.get(lang)])
    if checklist.planning is not None and checklist.planning.note is not None:
        append_row(about, [t("planning.col.cost_note", lang), checklist.planning.note.get(lang)])
    if checklist.planning is not None and checklist.planning.outage_note is not None:
        outage_note = checklist.planning.outage_note.get(lang)
        append_row(about, [t("planning.col.outage_note", lang), outage_note])
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    for sheet_ in book.worksheets:
        for cell in sheet_[1]:
            cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


__all__ = ["BOM", "PLAN_COLUMNS", "plan_csv", "plan_headers", "plan_rows", "plan_xlsx"]
