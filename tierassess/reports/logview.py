"""The audit log as people read it: who, when, what (in words, not codes), about what, in brief.

The log itself stays JSON lines with action codes (``answer.set``); this module only describes
entries for ``tierassess log`` in the reader's language. An action it does not know is shown by
its code, so a newer log never hides an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tierassess.i18n import messages, t
from tierassess.storage.audit import AuditEntry

# Detail fields worth a glance in a table, in the order they are shown; the rest is in --format json.
_SHOWN = (
    "result",
    "verdict",
    "previous",
    "value",
    "unit",
    "choice",
    "name",
    "file",
    "digest",
    "key",
    "signed_by",
    "applied",
    "refused",
    "comment",
    "criteria",
)
_TRANSLATED = {
    "result": "result.{}",
    "verdict": "evidence.html.review_{}",
    "previous": "evidence.html.review_{}",
}
_HASHES = ("digest", "key", "bundle")


@dataclass(frozen=True)
class LogRow:
    """One audit log entry as the log table shows it, in the reader's language."""

    seq: int
    when: str
    who: str
    what: str
    subject: str
    detail: str


def action_label(action: str, lang: str | None = None) -> str:
    """The action in words (``answer.set`` -> "Answer recorded"), else its code."""
    key = "logview.action." + action.replace(".", "_")
    return t(key, lang) if key in messages() else action


def _value(name: str, value: Any, lang: str | None) -> str:
    if name in _TRANSLATED and isinstance(value, str):
        key = _TRANSLATED[name].format(value)
        return t(key, lang) if key in messages() else value
    if name in _HASHES and isinstance(value, str):
        return value[:12]
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _detail(details: dict[str, Any], lang: str | None) -> str:
    parts = []
    for name in _SHOWN:
        if name in details and details[name] not in (None, "", []):
            label_key = f"logview.field.{name}"
            label = t(label_key, lang) if label_key in messages() else name
            parts.append(f"{label}: {_value(name, details[name], lang)}")
    return "; ".join(parts)


def _subject(entry: AuditEntry) -> str:
    subject = entry.subject
    # Evidence entries are about a file: its SHA-256 shortened, with the file's name when logged.
    if len(subject) == 64 and all(c in "0123456789abcdef" for c in subject):
        return subject[:12]
    return subject


def log_rows(entries: list[AuditEntry], lang: str | None = None) -> list[LogRow]:
    """One readable row per entry."""
    return [
        LogRow(
            seq=entry.seq,
            when=entry.at.replace("T", " ").removesuffix("Z") + " UTC",
            who=entry.actor,
            what=action_label(entry.action, lang),
            subject=_subject(entry),
            detail=_detail(entry.details, lang),
        )
        for entry in entries
    ]


def select_entries(
    entries: list[AuditEntry], subject: str | None = None, limit: int | None = None
) -> list[AuditEntry]:
    """The entries ``tierassess log`` shows: the last ``limit`` of those about ``subject``.

    An entry is about ``subject`` when its subject starts with it, or is it in any case.
    """
    if subject:
        entries = [
            e
            for e in entries
            if e.subject.startswith(subject) or e.subject.upper() == subject.upper()
        ]
    return entries[-limit:] if limit else entries
