r"""Text hygiene at the boundaries: one Unicode form, no control characters, safe to print.

* ``nfc``: every text that enters (typed, imported, a file name) is kept in Unicode NFC, so "Hà
  Nội" typed on macOS (NFD) and on Windows (NFC) is one name, one column header, one key.
* ``check_name``: names (of sites, people, files) refuse control characters and excess length,
  with a message; a name is shown in titles, tables and PDFs, where neither belongs.
* ``clean_note``: free text (notes, comments) keeps line breaks and tabs and loses every other
  control character; the caller is told how many went.
* ``for_terminal``: what is printed shows escape sequences and other control characters as
  visible ``\x1b``-style text, so a note cannot move the cursor, recolour or retitle a terminal.
* ``xml_safe``: what goes into an XLSX cell drops the characters XML 1.0 cannot hold.
"""

from __future__ import annotations

import re
import unicodedata

from tierassess.errors import InputError
from tierassess.i18n import t

__all__ = [
    "MAX_NAME_CHARS",
    "MAX_NOTE_CHARS",
    "check_name",
    "clean_note",
    "for_terminal",
    "has_control",
    "nfc",
    "removed_controls",
    "strip_controls",
    "xml_safe",
]

MAX_NAME_CHARS = 200
"""Longest name accepted (site, operator, person, file): a line of a title, not a paragraph."""

MAX_NOTE_CHARS = 20_000
"""Longest note accepted: several pages of text, far beyond what a cell or a PDF row shows."""

# C0 controls, DEL and C1 controls; plus the bidirectional overrides and isolates, which make
# text display in another order than it is stored ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NOTE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 cannot hold (openpyxl raises IllegalCharacterError on these).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def nfc(text: str) -> str:
    """``text`` in Unicode normal form C."""
    return unicodedata.normalize("NFC", text)


def has_control(text: str) -> bool:
    """True when ``text`` holds a control character (line breaks and tabs included)."""
    return _CONTROL.search(text) is not None


def check_name(text: str, what: str, max_chars: int = MAX_NAME_CHARS) -> str:
    """``text`` as a name: NFC, trimmed, refused (InputError) with control characters or too long."""
    cleaned = nfc(text).strip()
    found = _CONTROL.search(cleaned)
    if found is not None:
        raise InputError(
            t("text.name_control", what=what, name=for_terminal(cleaned)[:80], code=_code(found[0]))
        )
    if len(cleaned) > max_chars:
        raise InputError(t("text.name_too_long", what=what, count=len(cleaned), limit=max_chars))
    return cleaned


def clean_note(text: str | None, max_chars: int = MAX_NOTE_CHARS) -> str | None:
    """Free text as stored: NFC, control characters (but line breaks and tabs) removed, trimmed.

    None for nothing left. Refuses (InputError) a text longer than ``max_chars``.
    """
    if text is None:
        return None
    cleaned = strip_controls(text).strip()
    if len(cleaned) > max_chars:
        raise InputError(t("text.note_too_long", count=len(cleaned), limit=max_chars))
    return cleaned or None


def strip_controls(text: str) -> str:
    """``text`` in NFC without control characters (line breaks and tabs are kept)."""
    return _NOTE_CONTROL.sub("", nfc(text).replace("\r\n", "\n"))


def removed_controls(text: str) -> int:
    """How many characters ``clean_note`` drops from ``text`` (to tell the user)."""
    return len(_NOTE_CONTROL.findall(text.replace("\r\n", "\n")))


def for_terminal(text: str) -> str:
    r"""``text`` safe to print: control characters (not line breaks or tabs) shown as ``\xNN``."""
    return _TERMINAL_UNSAFE.sub(lambda m: _code(m[0]), text)


def xml_safe(text: str) -> str:
    """``text`` without the characters an XLSX cell cannot hold."""
    return _XML_ILLEGAL.sub("", text)


def _code(char: str) -> str:
    point = ord(char)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}"
