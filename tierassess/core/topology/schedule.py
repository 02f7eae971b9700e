"""An equipment schedule (the spreadsheet engineers keep) read into a topology model.

Two tables: **elements** (columns ``id``, ``kind``, ``name`` and any element field such as
``rating_kw``, ``room``; ``isolates_with`` lists ids separated by ``;``) and **connections**
(``from``, ``to``, ``medium``; ``to`` may list several ids separated by ``;``). Either one XLSX
file with sheets named ``elements`` and ``connections``, or two CSV files. Empty cells are left
out. Every row is checked before anything is written; problems read ``file:row: column: message``.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tierassess.cells import from_formula_safe
from tierassess.core.topology.loader import model_problems, resolve_media
from tierassess.core.topology.model import Topology
from tierassess.errors import FileProblems, InputError, Problem
from tierassess.i18n import t
from tierassess.validation_words import error_message

LIST_FIELDS = {"isolates_with", "to"}
BOOL_FIELDS = {"manual_mode"}

Rows = list[tuple[int, dict[str, str]]]  # (row number in the sheet, cells by column)


def _csv_rows(path: Path) -> Rows:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            return [
                (
                    number,
                    {
                        (k or "").strip().lower(): from_formula_safe(v or "").strip()
                        for k, v in row.items()
                    },
                )
                for number, row in enumerate(reader, start=2)
            ]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(t("topology.err.csv", path=path, reason=exc)) from exc


def _xlsx_rows(path: Path) -> tuple[Rows, Rows]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputError(t("topology.err.xlsx", path=path, reason=exc)) from exc
    sheets = {name.strip().lower(): name for name in book.sheetnames}
    tables = []
    for wanted in ("elements", "connections"):
        if wanted not in sheets:
            raise InputError(
                t("topology.err.sheet", path=path, sheet=wanted, sheets=", ".join(book.sheetnames))
            )
        rows = list(book[sheets[wanted]].iter_rows(values_only=True))
        header = [str(c or "").strip().lower() for c in rows[0]] if rows else []
        table = []
        for number, values in enumerate(rows[1:], start=2):
            cells = {
                header[i]: ("" if v is None else str(v).strip())
                for i, v in enumerate(values)
                if i < len(header) and header[i]
            }
            if any(cells.values()):
                table.append((number, cells))
        tables.append(table)
    book.close()
    return tables[0], tables[1]


def _record(cells: dict[str, str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column, text in cells.items():
        if not text:
            continue
        if column in LIST_FIELDS:
            record[column] = [p.strip() for p in text.replace(",", ";").split(";") if p.strip()]
        elif column in BOOL_FIELDS:
            record[column] = text.lower() in ("1", "true", "yes", "x", "có", "co")
        else:
            record[column] = text
    return record


def build_model(
    elements: Rows, connections: Rows, elements_name: str, connections_name: str
) -> Topology:
    """The model from the two tables; FileProblems lists every bad row."""
    data = {
        "elements": [_record(cells) for _, cells in elements],
        "connections": [_record(cells) for _, cells in connections],
    }
    where = {
        "elements": (elements_name, [n for n, _ in elements]),
        "connections": (connections_name, [n for n, _ in connections]),
    }

    def problem(loc: tuple[str | int, ...], message: str) -> Problem:
        table = str(loc[0]) if loc else ""
        if table in where and len(loc) > 1 and isinstance(loc[1], int):
            name, numbers = where[table]
            column = ".".join(str(p) for p in loc[2:3])
            return Problem(name, numbers[loc[1]], column, message)
        return Problem(elements_name, None, ".".join(str(p) for p in loc), message)

    try:
        model = Topology.model_validate(data)
    except ValidationError as exc:
        raise FileProblems(
            [problem(tuple(e["loc"]), error_message(e)) for e in exc.errors(include_url=False)]
        ) from exc
    found = model_problems(model)
    if found:
        raise FileProblems([problem(loc, message) for loc, message in found])
    return resolve_media(model)


def read_schedule(first: Path, connections_csv: Path | None) -> Topology:
    """One XLSX (``connections_csv`` None) or two CSV files, read and checked."""
    if connections_csv is None:
        if first.suffix.lower() != ".xlsx":
            raise InputError(t("topology.err.one_csv", path=first))
        elements, connections = _xlsx_rows(first)
        return build_model(elements, connections, f"{first}[elements]", f"{first}[connections]")
    for path in (first, connections_csv):
        if path.suffix.lower() != ".csv":
            raise InputError(t("topology.err.not_csv", path=path))
    return build_model(
        _csv_rows(first), _csv_rows(connections_csv), str(first), str(connections_csv)
    )


def schedule_yaml(model: Topology, site: str) -> str:
    """The imported model as ``topology.yaml`` text: one flow-style line per element."""
    lines = [
        "# Imported from an equipment schedule by `tierassess topology import`.",
        "# The format: docs/topology.md",
        "format_version: 1",
        f"site: {site}",
        "elements:",
    ]
    for element in model.elements:
        data = element.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        lines.append("  - " + _flow(data))
    lines.append("connections:")
    for connection in model.connections:
        data = connection.model_dump(mode="json", by_alias=True, exclude_none=True)
        lines.append("  - " + _flow(data))
    return "\n".join(lines) + "\n"


def _flow(data: dict[str, Any]) -> str:
    ordered: dict[str, Any] = {k: data[k] for k in ("id", "kind", "from", "to") if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    if isinstance(ordered.get("to"), list) and len(ordered["to"]) == 1:
        ordered["to"] = ordered["to"][0]
    text: str = yaml.safe_dump(
        ordered, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000
    )
    return text.strip()
