"""Spreadsheets and files for scripts: XLSX (openpyxl), CSV and JSON, from a ``ReportData``.

The XLSX is for planners: one sheet each for the summary, the scorecard, the gaps, the plan and
the evidence; styled header rows, set column widths, frozen panes, filters, real numbers and dates,
and a dropdown of statuses on the plan. The CSV files hold the same tables with stable English
column names and ids instead of labels, for scripts; the JSON is the ``ReportData`` itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tierassess.cells import csv_value, set_text
from tierassess.i18n import t
from tierassess.report.data import ReportData, tier_label
from tierassess.textsafe import xml_safe
from tierassess.yamlio import atomic_write_bytes, atomic_write_text

HEADER_FILL = "1E3A8A"
GROUP_FILL = "E0E7FF"
MONEY = "#,##0"
FONT = "Calibri"  # the workbook's body font; unnamed bold fonts fall back to a serif in LibreOffice
PERCENT = "0%"


@dataclass(frozen=True)
class Column:
    """One column of a table: its stable key (CSV header), its label key, and how to read a row.

    ``value`` gives what a person sees (labels, localised); ``raw`` what a script wants (ids,
    booleans, plain numbers), defaulting to ``value``.
    """

    key: str
    label: str
    value: Callable[[Any], Any]
    width: float = 14
    number_format: str | None = None
    raw: Callable[[Any], Any] | None = None
    wrap: bool = False


@dataclass(frozen=True)
class Sheet:
    name_key: str
    stem: str
    columns: Sequence[Column]
    rows: Sequence[Any]
    freeze: str = "B2"


def _yes_no(lang: str) -> Callable[[bool], str]:
    return lambda flag: t("report.sheet.yes" if flag else "report.sheet.no", lang)


def _date_format(lang: str) -> str:
    return "dd/mm/yyyy" if lang == "vi" else "yyyy-mm-dd"


def tables(data: ReportData) -> list[Sheet]:
    """The tables shared by the XLSX sheets and the CSV files."""
    lang = data.meta.lang
    yes_no = _yes_no(lang)
    day = _date_format(lang)
    scorecard = [
        Column("criterion_id", "report.col.id", lambda r: r.criterion_id, 13),
        Column("title", "report.col.criterion", lambda r: r.title, 48, wrap=True),
        Column("domain", "report.col.domain", lambda r: r.domain, 22, raw=lambda r: r.domain_id),
        Column(
            "subsystem",
            "report.col.subsystem",
            lambda r: r.subsystem,
            18,
            raw=lambda r: r.subsystem_id,
        ),
        Column("min_tier", "report.col.min_tier", lambda r: r.min_tier, 9),
        Column(
            "severity", "report.col.severity", lambda r: r.severity, 12, raw=lambda r: r.severity_id
        ),
        Column(
            "must_pass",
            "report.col.must_pass",
            lambda r: yes_no(r.must_pass),
            9,
            raw=lambda r: r.must_pass,
        ),
        Column("weight", "report.col.weight", lambda r: r.weight, 8, "0.0"),
        Column("result", "report.col.result", lambda r: r.result, 14, raw=lambda r: r.result_id),
        Column("value", "report.col.value", lambda r: r.value, 10),
        Column("compliance", "report.col.compliance", lambda r: r.compliance, 10, PERCENT),
        Column(
            "evidence_status",
            "report.col.evidence",
            lambda r: r.evidence_status,
            12,
            raw=lambda r: r.evidence_status_id,
        ),
        Column("review", "report.col.review", lambda r: r.review, 14, raw=lambda r: r.review_id),
        Column(
            "counts_as_met",
            "report.col.counts_as_met",
            lambda r: yes_no(r.counts_as_met),
            10,
            raw=lambda r: r.counts_as_met,
        ),
        Column(
            "unverified",
            "report.col.unverified",
            lambda r: yes_no(r.unverified),
            10,
            raw=lambda r: r.unverified,
        ),
        Column("gap_score", "report.col.gap_score", lambda r: r.gap_score, 10, "0.00"),
    ]
    gaps = [
        Column("criterion_id", "report.col.id", lambda r: r.criterion_id, 13),
        Column("title", "report.col.criterion", lambda r: r.title, 44, wrap=True),
        Column("domain", "report.col.domain_code", lambda r: r.domain_id, 16),
        Column(
            "severity", "report.col.severity", lambda r: r.severity, 12, raw=lambda r: r.severity_id
        ),
        Column(
            "must_pass",
            "report.col.must_pass",
            lambda r: yes_no(r.must_pass),
            9,
            raw=lambda r: r.must_pass,
        ),
        Column("result", "report.col.result", lambda r: r.result, 14, raw=lambda r: r.result_id),
        Column(
            "evidence_status",
            "report.col.evidence",
            lambda r: r.evidence_status,
            12,
            raw=lambda r: r.evidence_status_id,
        ),
        Column("review", "report.col.review", lambda r: r.review, 14, raw=lambda r: r.review_id),
        Column("gap_score", "report.col.gap_score", lambda r: r.gap_score, 10, "0.00"),
        Column("action_id", "report.col.action_id", lambda r: r.action_id, 16),
        Column("action", "report.col.action", lambda r: r.action, 50, wrap=True),
    ]
    plan = [
        Column("number", "report.col.no", lambda r: r.number, 6),
        Column("task", "report.col.task", lambda r: r.task, 50, wrap=True),
        Column("lead_unit", "report.col.lead", lambda r: r.lead_unit, 28, wrap=True),
        Column(
            "coordinating_unit",
            "report.col.coordinating",
            lambda r: r.coordinating_unit,
            28,
            wrap=True,
        ),
        Column("timeframe", "report.col.timeframe", lambda r: r.timeframe, 16),
        Column("priority", "report.col.priority", lambda r: r.priority, 8),
        Column("cost_min_vnd", "report.col.cost_min", lambda r: r.cost_min_vnd, 16, MONEY),
        Column("cost_max_vnd", "report.col.cost_max", lambda r: r.cost_max_vnd, 16, MONEY),
        Column("start", "report.col.start", lambda r: r.start, 12, day),
        Column("end", "report.col.end", lambda r: r.end, 12, day),
        Column("status", "report.col.status", lambda r: r.status, 16, raw=lambda r: r.status_id),
        Column("action_id", "report.col.action_id", lambda r: r.action_id, 16),
        Column("criterion_id", "report.col.id", lambda r: r.criterion_id, 13),
        Column("domain", "report.col.domain_code", lambda r: r.domain_id, 16),
        Column(
            "disruption",
            "report.col.disruption",
            lambda r: r.disruption,
            22,
            raw=lambda r: r.disruption_id,
        ),
        Column("depends_on", "report.col.depends_on", lambda r: ", ".join(r.depends_on), 18),
    ]
    evidence = [
        Column("file", "report.col.file", lambda r: r.file, 36, wrap=True),
        Column("sha256", "report.col.sha_full", lambda r: r.sha256, 66),
        Column("kind", "report.col.kind", lambda r: r.kind, 16, raw=lambda r: r.kind_id),
        Column("criteria", "report.col.criteria", lambda r: ", ".join(r.criteria), 30, wrap=True),
        Column("captured_at", "report.col.captured", lambda r: r.captured_at, 12, day),
        Column("review", "report.col.review", lambda r: r.review, 16, raw=lambda r: r.review_id),
        Column(
            "sample", "report.col.sample", lambda r: yes_no(r.sample), 9, raw=lambda r: r.sample
        ),
    ]
    return [
        Sheet("report.sheet.scorecard", "scorecard", scorecard, data.criteria),
        Sheet("report.sheet.gaps", "gaps", gaps, data.gaps),
        Sheet("report.sheet.plan", "plan", plan, data.plan_rows, freeze="C2"),
        Sheet("report.sheet.evidence", "evidence", evidence, data.evidence),
    ]


def _summary_blocks(data: ReportData) -> list[tuple[list[str], list[list[Any]], list[str | None]]]:
    """The summary sheet: key figures, verdicts, readiness by domain, cost by year."""
    lang = data.meta.lang
    meta = data.meta
    yes_no = _yes_no(lang)
    facts: list[list[Any]] = [
        [t("report.sheet.site", lang), meta.site_name],
        [t("report.cover.site_id", lang), meta.site_id],
        [t("report.cover.operator", lang), meta.operator],
        [t("report.cover.assessor", lang), meta.assessor or ""],
        [t("report.cover.date", lang), meta.as_of],
        [t("report.cover.catalogue", lang), f"{meta.checklist_id} v{meta.checklist_version}"],
        [t("report.cover.target", lang), tier_label(meta.target_tier, lang)],
        [t("report.sheet.facility_tier", lang), tier_label(data.facility_tier, lang)],
        [t("report.sheet.meets_target", lang), yes_no(data.meets_target)],
        [t("report.col.readiness", lang), data.readiness],
        [t("report.col.applicable", lang), data.applicable],
        [t("report.col.unanswered", lang), data.unanswered],
        [t("report.col.unverified", lang), data.unverified],
        [t("report.col.cost_min", lang), data.cost_min_vnd],
        [t("report.col.cost_max", lang), data.cost_max_vnd],
    ]
    fact_formats: list[str | None] = [None, None]
    verdicts = [
        [v.subsystem, tier_label(v.tier, lang), v.readiness, ", ".join(v.blockers)]
        for v in data.verdicts
    ]
    domains = [
        [d.title, d.readiness, d.applicable, d.met, d.partial, d.not_met, d.unanswered]
        for d in data.domains
    ]
    years = [[y.year, y.actions, y.cost_min_vnd, y.cost_max_vnd] for y in data.years]
    # each yardstick's own verdict, as in the PDF summary (none when the catalogue declares none)
    yardsticks: list[tuple[list[str], list[list[Any]], list[str | None]]] = (
        [
            (
                [t(f"yardsticks.col.{c}", lang) for c in ("yardstick", "verdict", "why")],
                [[y.title, y.verdict, y.why] for y in data.yardsticks],
                [None, None, None],
            )
        ]
        if data.yardsticks
        else []
    )
    return [
        ([t("report.col.item", lang), t("report.col.figure", lang)], facts, fact_formats),
        *yardsticks,
        (
            [
                t("report.col.subsystem", lang),
                t("report.col.tier", lang),
                t("report.col.readiness", lang),
                t("report.col.blockers", lang),
            ],
            verdicts,
            [None, None, PERCENT, None],
        ),
        (
            [
                t("report.col.domain", lang),
                t("report.col.readiness", lang),
                t("report.col.applicable", lang),
                t("report.col.met", lang),
                t("report.col.partial", lang),
                t("report.col.not_met", lang),
                t("report.col.unanswered", lang),
            ],
            domains,
            [None, PERCENT, None, None, None, None, None],
        ),
        (
            [
                t("report.col.year", lang),
                t("report.col.actions", lang),
                t("report.col.cost_min", lang),
                t("report.col.cost_max", lang),
            ],
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


def xlsx_bytes(data: ReportData) -> bytes:
    """The workbook as bytes (sheets: summary, scorecard, gaps, plan, evidence)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = data.meta.lang
    header_font = Font(name=FONT, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_alignment = Alignment(wrap_text=True, vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    rule = Border(bottom=Side(style="thin", color="CBD5E1"))
    day_format = _date_format(lang)

    workbook = Workbook()
    workbook.properties.title = xml_safe(f"{data.meta.title} — {data.meta.site_name}")
    workbook.properties.creator = xml_safe(data.meta.assessor or data.meta.operator)
    workbook.properties.subject = f"{data.meta.checklist_id} v{data.meta.checklist_version}"
    workbook.properties.language = lang
    workbook.properties.created = datetime(
        data.meta.as_of.year, data.meta.as_of.month, data.meta.as_of.day
    )

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
    for headers, rows, formats in _summary_blocks(data):
        for col, header in enumerate(headers, start=1):
            cell = _put(summary, row_index, col, header)
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
        row_index += 1
        for values in rows:
            for col, value in enumerate(values, start=1):
                cell = _put(summary, row_index, col, value)
                fmt = formats[col - 1] if col - 1 < len(formats) else None
                if isinstance(value, date):
                    cell.number_format = day_format
                elif fmt:
                    cell.number_format = fmt
                elif isinstance(value, int) and value >= 1_000_000:
                    cell.number_format = MONEY
                elif isinstance(value, float) and 0 <= value <= 1 and col == 2:
                    cell.number_format = PERCENT
                cell.alignment = top
            row_index += 1
        row_index += 1
    for col, width in enumerate((38, 30, 14, 24, 12, 12, 14), start=1):
        summary.column_dimensions[get_column_letter(col)].width = width

    for sheet in tables(data):
        worksheet = workbook.create_sheet(t(sheet.name_key, lang))
        for column_index, column in enumerate(sheet.columns, start=1):
            cell = _put(worksheet, 1, column_index, t(column.label, lang))
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
            worksheet.column_dimensions[get_column_letter(column_index)].width = column.width
        # Style one cell per column, then copy its style index array to the others: setting
        # styles cell by cell is most of openpyxl's time on a sheet of this size.
        prototypes: list[Any] = []
        for row_number, row in enumerate(sheet.rows, start=2):
            for column_index, column in enumerate(sheet.columns, start=1):
                cell = worksheet.cell(row=row_number, column=column_index)
                if row_number == 2:
                    if column.number_format:
                        cell.number_format = column.number_format
                    cell.alignment = wrap if column.wrap else top
                    cell.border = rule
                    prototypes.append(copy(cell._style))
                else:
                    cell._style = copy(prototypes[column_index - 1])
                # after the style: a quote prefix belongs to this cell's text, not its column
                set_text(cell, _cell_value(column.value(row)))
        worksheet.row_dimensions[1].height = 32
        worksheet.freeze_panes = sheet.freeze
        # Printed, a sheet runs landscape on A4 and repeats its header row on every page.
        worksheet.page_setup.orientation = "landscape"
        worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
        worksheet.print_title_rows = "1:1"
        # Wrapped cells need their row tall enough: spreadsheet programs do not all grow rows
        # on opening a file (LibreOffice keeps the default height and the lines overlap).
        wrapped = [c for c in sheet.columns if c.wrap]
        if wrapped:
            for row_number, row in enumerate(sheet.rows, start=2):
                lines = max(_line_count(str(c.value(row) or ""), c.width) for c in wrapped)
                if lines > 1:
                    worksheet.row_dimensions[row_number].height = 15 * lines
        last_column = get_column_letter(len(sheet.columns))
        last_row = max(len(sheet.rows) + 1, 2)
        worksheet.auto_filter.ref = f"A1:{last_column}{last_row}"
        if sheet.stem == "plan":
            statuses = [t(f"report.status.{s}", lang) for s in _STATUSES]
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


_STATUSES = ("planned", "in_progress", "done", "deferred", "resolved")


def csv_texts(data: ReportData) -> dict[str, str]:
    """One CSV text per table, keyed by table name; stable English headers and ids for scripts."""
    out: dict[str, str] = {}
    for sheet in tables(data):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([csv_value(c.key) for c in sheet.columns])
        for row in sheet.rows:
            values = []
            for column in sheet.columns:
                value = (column.raw or column.value)(row)
                if isinstance(value, bool):
                    value = "true" if value else "false"
                elif isinstance(value, date):
                    value = value.isoformat()
                elif value is None:
                    value = ""
                values.append(csv_value(value))
            writer.writerow(values)
        out[sheet.stem] = buffer.getvalue()
    return out


def json_text(data: ReportData) -> str:
    """The report's figures as JSON (UTF-8, indented), exactly the ``ReportData`` model."""
    return data.model_dump_json(indent=2) + "\n"


def write_xlsx(data: ReportData, path: Path) -> Path:
    """Write the report's workbook to ``path`` atomically; return ``path``."""
    atomic_write_bytes(path, xlsx_bytes(data))
    return path


def write_csvs(data: ReportData, folder: Path, stem: str) -> list[Path]:
    """Write ``<stem>-<table>.csv`` files, UTF-8 with a byte-order mark so Excel reads Vietnamese."""
    paths = []
    for name, text in csv_texts(data).items():
        path = folder / f"{stem}-{name}.csv"
        atomic_write_bytes(path, ("\ufeff" + text).encode("utf-8"))
        paths.append(path)
    return paths


def write_json(data: ReportData, path: Path) -> Path:
    """Write the report's data as JSON to ``path`` atomically; return ``path``."""
    atomic_write_text(path, json_text(data))
    return path


__all__ = [
    "csv_texts",
    "json_text",
    "tables",
    "write_csvs",
    "write_json",
    "write_xlsx",
    "xlsx_bytes",
]
