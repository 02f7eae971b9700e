"""Reading answers files (YAML, CSV, XLSX) into rows, refusing what cannot be trusted.

Rows come out as text cells keyed by answer field; ``answers.plan_import`` validates them. What is
refused here, before any row is looked at:

* a column (or YAML key) that is not an answer field nor one of the field sheet's own columns;
  headers are compared in Unicode NFC, so "Ghi chú" as macOS writes it (NFD) is still "Ghi chú";
* a duplicate YAML key, and a list or mapping where a single value belongs (notes as a list);
* files, cells and sheets beyond sane sizes, checked before loading: an XLSX is a zip of XML, and
  a 3 MB workbook can hold a 3 GiB sheet, so its declared sizes and dimensions are read first.

A value keeps the text that was written (YAML's own reading of ``1_0`` as 10 is not used), and a
CSV cell that our own export escaped against formulas (``'=…``) reads back as the original text.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tierassess.cells import from_formula_safe
from tierassess.errors import FileProblems, InputError, Problem, os_reason
from tierassess.formats import CONVENTIONS, format_size
from tierassess.i18n import t

#: Columns of an answers file (CSV/XLSX header or YAML keys), with the titles the field sheet uses.
IMPORT_COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("Mã", "ID"),
    "result": ("Kết quả", "Result"),
    "value": ("Giá trị đo", "Value"),
    "unit": ("Đơn vị", "Unit"),
    "choice": ("Lựa chọn", "Choice"),
    "justification": ("Lý do không áp dụng", "Justification"),
    "notes": ("Ghi chú", "Notes"),
    "evidence": ("Tệp bằng chứng", "Evidence files"),
    "flagged": ("Cần xem lại", "Flag for review"),
    "number_format": ("Quy ước số", "Number format"),
}
#: The field sheet's columns that are there to be read, not imported: the import accepts and skips them.
INFORMATION_COLUMNS: dict[str, tuple[str, str]] = {
    "domain": ("Lĩnh vực", "Domain"),
    "title_vi": ("Tiêu chí (tiếng Việt)", "Criterion (Vietnamese)"),
    "title_en": ("Tiêu chí (tiếng Anh)", "Criterion (English)"),
    "requirement_vi": ("Yêu cầu", "Requirement (Vietnamese)"),
    "requirement_en": ("Yêu cầu (tiếng Anh)", "Requirement (English)"),
    "how": ("Cách trả lời", "How to answer"),
    "must_pass": ("Bắt buộc đạt", "Must pass"),
}
#: The field sheet's answers sheet, and the workbook property that names its site.
SHEET_NAME = "Checklist"
SITE_MARKER = "tierassess-site:"
ANSWER_KEYS = ("result", "value", "choice", "justification", "notes", "evidence", "flagged")

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_CELL_CHARS = 100_000
MAX_ROWS = 10_000
MAX_COLUMNS = 200
MAX_SHEET_XML_BYTES = 100 * 1024 * 1024
"""An XLSX sheet's XML, uncompressed (10 000 rows of long notes stay well below)."""


@dataclass
class RawRow:
    """One row of an answers file, before validation."""

    where: str  # "row 12" or "line 30", for messages
    line: int | None
    cells: dict[str, Any]
    columns: dict[str, str] = field(default_factory=dict)  # key -> how the column is named


@dataclass
class AnswerFile:
    """What an answers file holds: its rows, the site it was exported for, its number convention."""

    rows: list[RawRow]
    site: str | None = None
    convention: str | None = None


def nfc(text: str) -> str:
    """``text`` in Unicode NFC, the form headers and names are compared in."""
    return unicodedata.normalize("NFC", text)


def column_title(key: str) -> str:
    """An answer column's title as the field sheet writes it: ``Ghi chú / Notes``."""
    vi, en = IMPORT_COLUMNS[key]
    return f"{vi} / {en}"


def _titles(vi: str, en: str) -> set[str]:
    return {vi.casefold(), en.casefold(), f"{vi} / {en}".casefold()}


def column_key(header: object) -> str | None:
    """The answer field a header names: its key, either title, or the field sheet's ``vi / en``."""
    if header is None:
        return None
    text = nfc(" ".join(str(header).split())).casefold()
    for key, (vi, en) in IMPORT_COLUMNS.items():
        if text == key or text in _titles(vi, en):
            return key
    return None


def _informational(header: object) -> bool:
    """A field sheet column that is there to read (title, requirement, ...), not to import."""
    text = nfc(" ".join(str(header).split())).casefold()
    return any(
        text == key or text in _titles(vi, en) for key, (vi, en) in INFORMATION_COLUMNS.items()
    )


def cell_text(value: Any) -> str:
    """A cell's value as text: empty for none, ``3`` for the float 3.0, else stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column_name(index: int, title: Any, letters: bool) -> str:
    if letters:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(index + 1)} ({cell_text(title)})"
    return cell_text(title)


def _columns(path: Path, header: list[Any], letters: bool) -> tuple[dict[int, str], dict[str, str]]:
    """Which column holds which field; raises FileProblems for unknown or repeated columns."""
    columns: dict[int, str] = {}
    names: dict[str, str] = {}
    problems: list[Problem] = []
    known = ", ".join(column_title(k) for k in IMPORT_COLUMNS)
    for index, title in enumerate(header):
        if cell_text(title) == "":
            continue
        key = column_key(title)
        name = _column_name(index, title, letters)
        if key is None:
            if not _informational(title):
                problems.append(
                    Problem(path, None, name, t("answers.file.unknown_column", known=known))
                )
            continue
        if key in names:
            problems.append(
                Problem(path, None, name, t("assess.import.duplicate_column", column=key))
            )
            continue
        columns[index] = key
        names[key] = name
    if "id" not in names:
        problems.append(
            Problem(path, None, "", t("assess.import.no_id_column", titles=column_title("id")))
        )
    if problems:
        raise FileProblems(problems, hint=t("assess.import.nothing_changed"))
    return columns, names


def _rows_from_table(
    path: Path, header: list[Any], body: Iterable[tuple[int, list[Any]]], letters: bool
) -> list[RawRow]:
    columns, names = _columns(path, header, letters)
    rows = []
    for number, values in body:
        cells = {
            key: values[index] if index < len(values) else None for index, key in columns.items()
        }
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        rows.append(RawRow(t("assess.import.row", row=number), number, cells, names))
    return rows


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(t("answers.file.unreadable", path=path, why=os_reason(exc))) from None
    if size > MAX_FILE_BYTES:
        raise FileProblems(
            [Problem(path, None, "", t("answers.file.too_big", size=format_size(MAX_FILE_BYTES)))]
        )


# --- CSV -----------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[RawRow]:
    import csv
    import io

    _check_size(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblems(
            [Problem(path, None, "", t("answers.file.not_utf8", why=exc.reason))]
        ) from exc
    except OSError as exc:
        raise InputError(t("answers.file.unreadable", path=path, why=os_reason(exc))) from None
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    previous = csv.field_size_limit(MAX_CELL_CHARS)
    try:
        # newline="" keeps line breaks inside quoted cells (multi-line notes) in their cell
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        records: list[list[str]] = []
        for record in reader:
            if len(records) > MAX_ROWS:
                raise FileProblems(
                    [Problem(path, None, "", t("answers.file.too_many_rows", rows=MAX_ROWS))]
                )
            records.append([from_formula_safe(cell) for cell in record[: MAX_COLUMNS + 1]])
    except csv.Error as exc:
        raise FileProblems(
            [
                Problem(
                    path,
                    reader.line_num,
                    "",
                    t("answers.file.csv_cell", chars=MAX_CELL_CHARS, why=exc),
                )
            ]
        ) from None
    finally:
        csv.field_size_limit(previous)
    if not records:
        raise FileProblems([Problem(path, None, "", t("assess.import.empty"))])
    return _rows_from_table(
        path, records[0], ((n, r) for n, r in enumerate(records[1:], start=2)), False
    )


# --- XLSX ----------------------------------------------------------------------------------------

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def check_workbook_bounds(path: Path) -> None:
    """Refuse a workbook whose sheets are too large, before openpyxl loads any of it.

    Reads the zip's directory (declared sizes: a member cannot yield more than it declares) and
    the ``<dimension>`` at the head of each sheet.
    """
    _check_size(path)
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if not info.filename.startswith("xl/"):
                    continue
                if info.file_size > MAX_SHEET_XML_BYTES:
                    raise FileProblems(
                        [
                            Problem(
                                path,
                                None,
                                info.filename,
                                t(
                                    "answers.file.sheet_too_big",
                                    size=format_size(info.file_size),
                                    max=format_size(MAX_SHEET_XML_BYTES),
                                ),
                            )
                        ]
                    )
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with archive.open(info) as member:
                        head = member.read(4096)
                    _check_dimension(path, info.filename, head)
    except zipfile.BadZipFile as exc:
        raise FileProblems(
            [Problem(path, None, "", t("assess.import.not_xlsx", why=exc))]
        ) from None


def _check_dimension(path: Path, member: str, head: bytes) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return  # no dimension given: the XML size bound above still holds
    last_column, last_row = (match[3], match[4]) if match[3] else (match[1], match[2])
    rows, columns = int(last_row), _column_number(last_column.decode())
    if rows > MAX_ROWS + 20 or columns > MAX_COLUMNS:
        raise FileProblems(
            [
                Problem(
                    path,
                    None,
                    member,
                    t(
                        "answers.file.sheet_dimensions",
                        rows=rows,
                        columns=columns,
                        max_rows=MAX_ROWS,
                        max_columns=MAX_COLUMNS,
                    ),
                )
            ]
        )


def _sheet_rows(sheet: Any) -> Iterator[list[Any]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 20:
            break
        yield list(row[:MAX_COLUMNS])


def read_site_marker(book: Any) -> str | None:
    """The site a field sheet was exported for, if it says."""
    identifier = getattr(book.properties, "identifier", None)
    if isinstance(identifier, str) and identifier.startswith(SITE_MARKER):
        return identifier.removeprefix(SITE_MARKER) or None
    return None


def _read_xlsx(path: Path) -> AnswerFile:
    from openpyxl import load_workbook

    check_workbook_bounds(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileProblems([Problem(path, None, "", t("assess.import.not_xlsx", why=exc))]) from exc
    try:
        sheet = book[SHEET_NAME] if SHEET_NAME in book.sheetnames else book.worksheets[0]
        all_rows = list(_sheet_rows(sheet))
        site = read_site_marker(book)
    finally:
        book.close()
    header_at = next(
        (i for i, r in enumerate(all_rows[:10]) if any(column_key(c) == "id" for c in r)), None
    )
    if header_at is None:
        raise FileProblems(
            [Problem(path, None, "", t("assess.import.no_id_column", titles=column_title("id")))]
        )
    body = ((n, r) for n, r in enumerate(all_rows[header_at + 1 :], start=header_at + 2))
    return AnswerFile(_rows_from_table(path, all_rows[header_at], body, True), site)


# --- YAML ----------------------------------------------------------------------------------------


def _duplicate_keys(path: Path, node: Any, problems: list[Problem]) -> None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                name = nfc(str(key.value))
                line = key.start_mark.line + 1
                if name in seen:
                    problems.append(
                        Problem(path, line, name, t("answers.file.duplicate_key", first=seen[name]))
                    )
                seen.setdefault(name, line)
            _duplicate_keys(path, value, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(path, item, problems)


def _raw_scalar(root: Any, keys: list[Any]) -> str | None:
    """The text of a scalar as written in the file (YAML would read ``1_0`` as 10)."""
    import yaml

    node = root
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if str(k.value) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            node = node.value[key] if key < len(node.value) else None
        else:
            return None
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _yaml_entries(
    path: Path, data: Any
) -> tuple[list[tuple[Any, Any, Any]], list[Any], str | None]:
    convention = None
    if isinstance(data, dict) and "answers" in data:
        unknown = sorted(set(data) - {"answers", "number_format", "site"})
        if unknown:
            raise FileProblems(
                [Problem(path, 1, str(unknown[0]), t("answers.file.unknown_top_key"))]
            )
        convention = data.get("number_format")
        if convention is not None and convention not in CONVENTIONS:
            raise FileProblems(
                [Problem(path, 1, "number_format", t("answers.file.bad_convention"))]
            )
        data = data["answers"]
        prefix: list[Any] = ["answers"]
    else:
        prefix = []
    if isinstance(data, dict):
        return [(key, key, body) for key, body in data.items()], prefix, convention
    if isinstance(data, list):
        return (
            [(i, b.get("id") if isinstance(b, dict) else None, b) for i, b in enumerate(data)],
            prefix,
            convention,
        )
    raise FileProblems([Problem(path, 1, "", t("assess.import.yaml_shape"))])


def _read_yaml(path: Path) -> AnswerFile:
    from tierassess.yamlio import locate, parse_yaml

    _check_size(path)
    document = parse_yaml(path)
    problems: list[Problem] = []
    _duplicate_keys(path, document.root, problems)
    if problems:
        raise FileProblems(problems, hint=t("assess.import.nothing_changed"))
    entries, prefix, convention = _yaml_entries(path, document.data)
    rows = []
    for key, criterion_id, body in entries:
        line, where = locate(document.root, [*prefix, key])
        if body is None:
            body = {}
        if not isinstance(body, dict):
            problems.append(Problem(path, line, where, t("assess.import.yaml_entry")))
            continue
        cells: dict[str, Any] = {"id": criterion_id}
        for name, cell in body.items():
            if name == "id":
                continue
            field_line, field_where = locate(document.root, [*prefix, key, name])
            if name not in IMPORT_COLUMNS:
                known = ", ".join(ANSWER_KEYS)
                problems.append(
                    Problem(
                        path, field_line, field_where, t("assess.import.unknown_key", known=known)
                    )
                )
                continue
            if (
                name == "evidence"
                and isinstance(cell, list)
                and all(not isinstance(c, dict | list) for c in cell)
            ):
                cell = ";".join(str(c) for c in cell)
            elif isinstance(cell, dict | list):
                problems.append(
                    Problem(path, field_line, field_where, t("answers.file.not_a_single_value"))
                )
                continue
            elif name == "value" and cell is not None and not isinstance(cell, bool):
                cell = _raw_scalar(document.root, [*prefix, key, name]) or cell
            cells[name] = cell
        rows.append(
            RawRow(t("assess.import.line", line=line), line, cells, {k: k for k in IMPORT_COLUMNS})
        )
    if problems:
        raise FileProblems(problems, hint=t("assess.import.nothing_changed"))
    return AnswerFile(rows, None, convention)


def read_answer_file(path: Path) -> AnswerFile:
    """The rows of an answers file (.yaml/.yml, .csv or .xlsx).

    Also the site the file was exported for, and the number convention it states.
    """
    if not path.is_file():
        raise InputError(t("assess.import.no_file", path=path))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    if suffix == ".csv":
        return AnswerFile(_read_csv(path))
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raise InputError(t("assess.import.unknown_format", path=path), hint=t("assess.import.formats"))
