"""Spreadsheets, the workbook: a summary sheet, then one sheet per table of ``columns``.

For planners: styled header rows, set column widths, frozen panes, filters, real numbers and
dates, rows tall enough for their wrapped text, printing landscape on A4 with the header on every
page, and a dropdown of statuses on the plan.
"""

from __future__ import annotations

import io
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tierassess.cells import set_text
from tierassess.i18n import t, tier_label
from tierassess.reports.columns import MONEY, PERCENT, Sheet, date_format, tables, yes_no
from tierassess.reports.data import ReportData
from tierassess.textsafe import xml_safe

HEADER_FILL = "1E3A8A"
GROUP_FILL = "E0E7FF"
FONT = "Calibri"  # the workbook's body font; unnamed bold fonts fall back to a serif in LibreOffice
STATUSES = ("planned", "in_progress", "done", "deferred", "resolved")
SUMMARY_WIDTHS = (38, 30, 14, 24, 12, 12, 14)

# a block of the summary sheet: its headers, its rows, and a number format per column
Block = tuple[list[str], list[list[Any]], list[str | None]]


@dataclass(frozen=True)
class Look:
    """The workbook's cell styles (openpyxl objects), made once per workbook."""

    header_font: Any
    header_fill: Any
    header_alignment: Any
    wrap: Any
    top: Any
    rule: Any
    day_format: str

    def header(self, cell: Any) -> None:
        """Style ``cell`` as a header: white bold on blue, wrapped."""
        cell.font, cell.fill, cell.alignment = (
            self.header_font,
            self.header_fill,
            self.header_alignment,
        )


def _look(lang: str) -> Look:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    return Look(
        header_font=Font(name=FONT, bold=True, color="FFFFFF"),
        header_fill=PatternFill("solid", fgColor=HEADER_FILL),
        header_alignment=Alignment(wrap_text=True, vertical="center"),
        wrap=Alignment(wrap_text=True, vertical="top"),
        top=Alignment(vertical="top"),
        rule=Border(bottom=Side(style="thin", color="CBD5E1")),
        day_format=date_format(lang),
    )


def _facts(data: ReportData) -> list[list[Any]]:
    """The summary's key figures: the site, the verdict, the counts and the whole cost."""
    meta, lang = data.meta, data.meta.lang
    flag = yes_no(lang)
    return [
        [t("report.sheet.site", lang), meta.site_name],
        [t("report.cover.site_id", lang), meta.site_id],
        [t("report.cover.operator", lang), meta.operator],
        [t("report.cover.assessor", lang), meta.assessor or ""],
        [t("report.cover.date", lang), meta.as_of],
        [t("report.cover.catalogue", lang), f"{meta.checklist_id} v{meta.checklist_version}"],
        [t("report.cover.target", lang), tier_label(meta.target_tier, lang)],
        [t("report.sheet.facility_tier", lang), tier_label(data.facility_tier, lang)],
        [t("report.sheet.meets_target", lang), flag(data.meets_target)],
        [t("report.col.readiness", lang), data.readiness],
        [t("report.col.applicable", lang), data.applicable],
        [t("report.col.unanswered", lang), data.unanswered],
        [t("report.col.unverified", lang), data.unverified],
        [t("report.col.cost_min", lang), data.cost_min_vnd],
        [t("report.col.cost_max", lang), data.cost_max_vnd],
    ]


def _heads(lang: str, *keys: str) -> list[str]:
    return [t(f"report.col.{key}", lang) for key in keys]


def summary_blocks(data: ReportData) -> list[Block]:
    """The summary sheet: key figures, yardsticks, verdicts, readiness by domain, cost by year."""
    lang = data.meta.lang
    blocks: list[Block] = [(_heads(lang, "item", "figure"), _facts(data), [None, None])]
    if data.yardsticks:  # each yardstick's own verdict, as in the PDF summary
        blocks.append(
            (
                [t(f"yardsticks.col.{c}", lang) for c in ("yardstick", "verdict", "why")],
                [[y.title, y.verdict, y.why] for y in data.yardsticks],
                [None, None, None],
            )
        )
    notes = [[row.criterion_id, row.text] for row in data.not_judged]
    notes += [["", note] for note in data.profile_notes]
    if notes:  # what cannot be judged and what the site itself lacks, as in the PDF summary
        blocks.append(
            (
                [t("report.col.criterion", lang), t("report.not_judged.heading", lang)],
                notes,
                [None, None],
            )
        )
    verdicts = [
        [v.subsystem, tier_label(v.tier, lang), v.readiness, ", ".join(v.blockers)]
        for v in data.verdicts
    ]
    domains = [
        [d.title, d.readiness, d.applicable, d.met, d.partial, d.not_met, d.unanswered]
        for d in data.domains
    ]
    years = [[y.year, y.actions, y.cost_min_vnd, y.cost_max_vnd] for y in data.years]
    return [
        *blocks,
        (
            _heads(lang, "subsystem", "tier", "readiness", "blockers"),
            verdicts,
            [None, None, PERCENT, None],
        ),
        (
            _heads(
                lang, "domain", "readiness", "applicable", "met", "partial", "not_met", "unanswered"
            ),
            domains,
            [None, PERCENT, None, None, None, None, None],
        ),
        (
            _heads(lang, "year", "actions", "cost_min", "cost_max"),
            years,
            [None, None, MONEY, MONEY],
        ),
    ]


def _cell_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell; a text is a string cell, never a formula (``tierassess.cells``)."""
    return set_text(sheet.cell(row=row, column=column), _cell_value(value))


def _number_format(value: Any, column: int, fmt: str | None, look: Look) -> str | None:
    """A date as a date, then the block's format, else money and shares by their size."""
    if isinstance(value, date):
        return look.day_format
    if fmt:
        return fmt
    if isinstance(value, int) and value >= 1_000_000:
        return MONEY
    if isinstance(value, float) and 0 <= value <= 1 and column == 2:
        return PERCENT
    return None


def _write_block(sheet: Any, row_index: int, block: Block, look: Look) -> int:
    """One block of the summary at ``row_index``; return the row after it and a blank one."""
    headers, rows, formats = block
    for col, header in enumerate(headers, start=1):
        look.header(_put(sheet, row_index, col, header))
    row_index += 1
    for values in rows:
        for col, value in enumerate(values, start=1):
            cell = _put(sheet, row_index, col, value)
            fmt = _number_format(
                value, col, formats[col - 1] if col - 1 < len(formats) else None, look
            )
            if fmt:
                cell.number_format = fmt
            cell.alignment = look.top
        row_index += 1
    return row_index + 1


def _write_summary(workbook: Any, data: ReportData, look: Look) -> None:
    """The first sheet: sample banner, title, disclaimer, then the summary's blocks."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    lang = data.meta.lang
    summary = workbook.active
    summary.title = t("report.sheet.summary", lang)
    row_index = 1
    if data.meta.sample:
        _put(summary, row_index, 1, t("report.pdf.sample_banner", lang)).font = Font(
            name=FONT, bold=True, color="B91C1C"
        )
        row_index += 2
    _put(summary, row_index, 1, data.meta.title).font = Font(name=FONT, bold=True, size=14)
    row_index += 1
    _put(summary, row_index, 1, data.meta.disclaimer).alignment = Alignment(
        wrap_text=True, vertical="top"
    )
    summary.merge_cells(start_row=row_index, start_column=1, end_row=row_index, end_column=6)
    summary.row_dimensions[row_index].height = 45
    row_index += 2
    for block in summary_blocks(data):
        row_index = _write_block(summary, row_index, block, look)
    for col, width in enumerate(SUMMARY_WIDTHS, start=1):
        summary.column_dimensions[get_column_letter(col)].width = width


def _write_rows(worksheet: Any, sheet: Sheet, look: Look) -> None:
    """The table's rows under its header row.

    Style one cell per column, then copy its style index array to the others: setting styles
    cell by cell is most of openpyxl's time on a sheet of this size.
    """
    prototypes: list[Any] = []
    for row_number, row in enumerate(sheet.rows, start=2):
        for column_index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=row_number, column=column_index)
            if row_number == 2:
                if column.number_format:
                    cell.number_format = column.number_format
                cell.alignment = look.wrap if column.wrap else look.top
                cell.border = look.rule
                prototypes.append(copy(cell._style))
            else:
                cell._style = copy(prototypes[column_index - 1])
            # after the style: a quote prefix belongs to this cell's text, not its column
            set_text(cell, _cell_value(column.value(row)))


def _fit_wrapped_rows(worksheet: Any, sheet: Sheet) -> None:
    """Wrapped cells need their row tall enough.

    Spreadsheet programs do not all grow rows on opening a file (LibreOffice keeps the default
    height and the lines overlap).
    """
    wrapped = [c for c in sheet.columns if c.wrap]
    if not wrapped:
        return
    for row_number, row in enumerate(sheet.rows, start=2):
        lines = max(_line_count(str(c.value(row) or ""), c.width) for c in wrapped)
        if lines > 1:
            worksheet.row_dimensions[row_number].height = 15 * lines


def _status_dropdown(worksheet: Any, sheet: Sheet, lang: str) -> None:
    """The plan's status column as a list to pick from, spare rows included."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    statuses = [t(f"report.status.{s}", lang) for s in STATUSES]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(statuses) + '"',
        allow_blank=True,
        showDropDown=False,  # False shows the in-cell arrow (the attribute name misleads)
        showErrorMessage=True,
        errorTitle=t("report.col.status", lang),
        error=t("report.sheet.status_prompt", lang),
        promptTitle=t("report.col.status", lang),
        prompt=t("report.sheet.status_prompt", lang),
    )
    status_column = get_column_letter(
        next(i for i, c in enumerate(sheet.columns, start=1) if c.key == "status")
    )
    # Cover spare rows too, so that tasks a planner adds get the dropdown as well.
    validation.add(f"{status_column}2:{status_column}{len(sheet.rows) + 200}")
    worksheet.add_data_validation(validation)


def _write_table(workbook: Any, sheet: Sheet, lang: str, look: Look) -> None:
    """One table as a sheet: header, rows, frozen panes, print setup, filter, dropdown."""
    from openpyxl.utils import get_column_letter

    worksheet = workbook.create_sheet(t(sheet.name_key, lang))
    for column_index, column in enumerate(sheet.columns, start=1):
        look.header(_put(worksheet, 1, column_index, t(column.label, lang)))
        worksheet.column_dimensions[get_column_letter(column_index)].width = column.width
    _write_rows(worksheet, sheet, look)
    worksheet.row_dimensions[1].height = 32
    worksheet.freeze_panes = sheet.freeze
    # Printed, a sheet runs landscape on A4 and repeats its header row on every page.
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.print_title_rows = "1:1"
    _fit_wrapped_rows(worksheet, sheet)
    last_column = get_column_letter(len(sheet.columns))
    last_row = max(len(sheet.rows) + 1, 2)
    worksheet.auto_filter.ref = f"A1:{last_column}{last_row}"
    if sheet.stem == "plan":
        _status_dropdown(worksheet, sheet, lang)


def xlsx_bytes(data: ReportData) -> bytes:
    """The workbook as bytes (sheets: summary, scorecard, gaps, plan, evidence)."""
    from openpyxl import Workbook

    lang = data.meta.lang
    look = _look(lang)
    workbook = Workbook()
    workbook.properties.title = xml_safe(f"{data.meta.title} — {data.meta.site_name}")
    workbook.properties.creator = xml_safe(data.meta.assessor or data.meta.operator)
    workbook.properties.subject = f"{data.meta.checklist_id} v{data.meta.checklist_version}"
    workbook.properties.language = lang
    workbook.properties.created = datetime(
        data.meta.as_of.year, data.meta.as_of.month, data.meta.as_of.day
    )
    _write_summary(workbook, data, look)
    for sheet in tables(data):
        _write_table(workbook, sheet, lang, look)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _line_count(text: str, width: float) -> int:
    """About how many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    per_line = max(int(width * 1.1), 1)
    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines += max(1, -(-len(paragraph) // per_line))
    return lines
