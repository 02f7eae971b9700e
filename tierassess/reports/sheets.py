"""Spreadsheets and files for scripts: XLSX, CSV and JSON, from a ``ReportData``.

The tables are defined once (``columns.py``) and written twice: as the sheets of the workbook
(``xlsx.py``, for planners) and as CSV files with stable English column names and ids instead of
labels (here, for scripts). The JSON is the ``ReportData`` itself. Every file is written
atomically.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from tierassess.cells import csv_value
from tierassess.reports.columns import tables
from tierassess.reports.data import ReportData
from tierassess.reports.xlsx import xlsx_bytes
from tierassess.yamlio import atomic_write_bytes, atomic_write_text


def _csv_cell(value: object) -> object:
    """Booleans as ``true``/``false``, dates in ISO form, nothing as an empty cell."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return csv_value(value)


def csv_texts(data: ReportData) -> dict[str, str]:
    """One CSV text per table, keyed by table name; stable English headers and ids for scripts.

    Every row ends with the report's as-of date (``as_of``): a file read on its own still says
    which day its figures hold for.
    """
    as_of = data.meta.as_of.isoformat()
    out: dict[str, str] = {}
    for sheet in tables(data):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([*(csv_value(c.key) for c in sheet.columns), "as_of"])
        for row in sheet.rows:
            values = [_csv_cell((column.raw or column.value)(row)) for column in sheet.columns]
            writer.writerow([*values, as_of])
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
