"""Spreadsheet cells that cannot run code: every text a person wrote goes in as text.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, on import, one that starts with a tab or a carriage return) as a formula: a note
``=HYPERLINK("http://x.example", "click")`` would become a live link in an auditor's copy.

* **CSV** (OWASP's CSV-injection guidance): such a text is written with a leading apostrophe
  (``'=HYPERLINK(...)``), which spreadsheets show as text. A text that already starts with an
  apostrophe gets one more, so the mapping is exactly reversible: ``formula_safe`` on export,
  ``from_formula_safe`` on import gives back the text as written. A plain number (``-12.5``) is
  not a formula and is left as it is, so negative values stay numbers.
* **XLSX**: the cell is typed as a string and styled with ``quotePrefix`` (what Excel itself does
  when one types a leading apostrophe), so it is text to any reader, stays text when edited, and
  keeps the exact original value: an XLSX import needs no inverse.

Only ``str`` values are touched; numbers and dates stay what they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tierassess.textsafe import xml_safe

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

__all__ = [
    "FORMULA_TRIGGERS",
    "append_row",
    "csv_row",
    "csv_value",
    "formula_safe",
    "from_formula_safe",
    "set_text",
    "xlsx_value",
]

FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
"""First characters that make a spreadsheet read a cell as a formula (with full-width forms)."""

_QUOTE = "'"
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _needs_quote(value: str) -> bool:
    if not value:
        return False
    if value[0] == _QUOTE:
        return True
    return value[0] in FORMULA_TRIGGERS and _PLAIN_NUMBER.fullmatch(value) is None


def formula_safe(value: str) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text (an apostrophe in front when needed)."""
    return _QUOTE + value if _needs_quote(value) else value


def from_formula_safe(value: str) -> str:
    """The text ``formula_safe`` was given: its inverse, for CSV imports (before any strip)."""
    if value.startswith(_QUOTE) and _needs_quote(value[1:]):
        return value[1:]
    return value


def csv_value(value: object) -> object:
    """A value for ``csv.writer``: text made formula-safe, anything else as it is."""
    return formula_safe(value) if isinstance(value, str) else value


def xlsx_value(value: object) -> object:
    """A value for an openpyxl cell: text without the characters XML cannot hold."""
    return xml_safe(value) if isinstance(value, str) else value


def set_text(cell: Cell, value: object) -> Cell:
    """Put ``value`` in an openpyxl cell; a text is typed as a string, never as a formula."""
    safe = xlsx_value(value)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"
        if safe[:1] in FORMULA_TRIGGERS or safe[:1] == _QUOTE:
            cell.quotePrefix = True
    return cell


def append_row(sheet: Any, values: Sequence[object]) -> None:
    """``sheet.append(values)`` with every text typed as a string (``set_text``)."""
    sheet.append([xlsx_value(v) for v in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        set_text(cell, value)


def csv_row(values: Iterable[object]) -> list[object]:
    """A row for ``csv.writer`` with every text formula-safe."""
    return [csv_value(v) for v in values]
