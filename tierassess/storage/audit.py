"""The audit trail: an append-only log of every change, each entry chained to the previous by hash.

One JSON object per line in ``evidence/<site>/audit.log``::

    {"seq": 3, "at": "...Z", "actor": "...", "action": "answer.set", "subject": "PWR-UPS-02",
     "details": {...}, "prev": "<hash of entry 2>", "hash": "<sha256 of this entry without hash>"}

Editing, removing or reordering any entry breaks the chain from that entry on, which
``verify_chain`` reports.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from tierassess.core.models import utc_now
from tierassess.core.models.base import utc_stamp
from tierassess.errors import os_reason
from tierassess.i18n import t

GENESIS = "0" * 64


class AuditEntry(BaseModel):
    """One entry of a site's audit log: who did what to which subject, chained by hash."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any] = Field(default_factory=dict)
    prev: str
    hash: str = ""

    def computed_hash(self) -> str:
        """The SHA-256 of the entry's canonical JSON, its own hash left out."""
        body = self.model_dump(exclude={"hash"})
        canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where the audit log's hash chain breaks: the line and why."""

    line: int
    reason: str

    def __str__(self) -> str:
        return t("audit.break.line", line=self.line, reason=self.reason)


def read_last_entry(path: Path) -> AuditEntry | None:
    """The log's last entry (None for no log or an empty one); ValueError when it is damaged."""
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        block = min(size, 64 * 1024)
        handle.seek(size - block)
        tail = handle.read(block).rstrip(b"\n")
        last_line = tail.rsplit(b"\n", 1)[-1]
    if not last_line.strip():
        return None
    return AuditEntry.model_validate_json(last_line)


def new_entry(
    previous: AuditEntry | None,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """The entry that follows ``previous`` (the first one when it is None), its hash computed."""
    entry = AuditEntry(
        seq=(previous.seq + 1) if previous else 1,
        at=utc_stamp(utc_now()),
        actor=actor or "unknown",
        action=action,
        subject=subject,
        details=details or {},
        prev=previous.hash if previous else GENESIS,
    )
    entry.hash = entry.computed_hash()
    return entry


def entry_line(entry: AuditEntry) -> str:
    """One entry as the log stores it: a JSON line."""
    return json.dumps(entry.model_dump(), ensure_ascii=False, separators=(",", ":")) + "\n"


def append_event(
    log_path: Path,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry, chained to the last; flushed and fsynced before returning.

    Low level: it neither locks the site nor checks the log's head. Changes to a site go through
    ``tierassess.storage.session.SiteSession.commit``, which does both and writes the change with it.
    """
    try:
        previous = read_last_entry(log_path)
    except ValueError:
        previous = None  # a damaged last line is reported by verify_chain, not hidden here
    entry = new_entry(previous, actor, action, subject, details)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    line = entry_line(entry)
    if not _ends_with_newline(log_path):
        line = "\n" + line  # never glue an entry onto a hand-edited, unterminated last line
    with log_path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()
        with contextlib.suppress(OSError):
            os.fsync(handle.fileno())
    _write_head(log_path, entry)
    return entry


def head_path(log_path: Path) -> Path:
    """The file recording the log's last entry (``audit.log.head``)."""
    return log_path.with_name(log_path.name + ".head")


def read_head(log_path: Path) -> tuple[int, str] | None:
    """The (seq, hash) that ``audit.log.head`` records; None when it is missing or damaged."""
    try:
        head = json.loads(head_path(log_path).read_text(encoding="utf-8"))
        return int(head["seq"]), str(head["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_head(log_path: Path, entry: AuditEntry) -> None:
    # The chain alone cannot show that its last entries were cut off: the head records the last
    # entry written, so verify_chain notices a log that ends earlier or differently.
    from tierassess.yamlio import atomic_write_text

    atomic_write_text(
        head_path(log_path), json.dumps({"seq": entry.seq, "hash": entry.hash}) + "\n"
    )


def _ends_with_newline(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            if handle.tell() == 0:
                return True
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) == b"\n"
    except FileNotFoundError:
        return True


def read_log(log_path: Path) -> list[AuditEntry]:
    """Every entry that parses (use verify_chain to learn whether the log is intact)."""
    if not log_path.is_file():
        return []
    entries = []
    # A damaged byte must not stop the reading: the chain check reports it (verify_chain).
    # Split on newlines only: a note may hold U+2028, which str.splitlines() would also split on.
    for raw in log_path.read_bytes().decode("utf-8", errors="replace").split("\n"):
        if raw.strip():
            with contextlib.suppress(ValueError):
                entries.append(AuditEntry.model_validate_json(raw))
    return entries


def verify_chain(log_path: Path) -> list[ChainBreak]:
    """Every place where the chain is broken: an edited, removed, inserted or garbled entry.

    A log that is gone while its head says entries were written is a break too.
    """
    if not log_path.is_file():
        head = read_head(log_path)
        if head is not None and head[0] > 0:
            return [ChainBreak(1, t("audit.break.missing", name=log_path.name, seq=head[0]))]
        return []
    try:
        data = log_path.read_bytes()
    except OSError as exc:
        return [
            ChainBreak(1, t("audit.break.unreadable", name=log_path.name, reason=os_reason(exc)))
        ]
    lines = []
    undecodable = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            # Kept (with the bad bytes replaced) so that the chain is checked past this line.
            lines.append(raw.decode("utf-8", errors="replace"))
            undecodable.append(ChainBreak(number, t("audit.break.not_utf8")))
    if lines and lines[-1] == "":
        lines.pop()
    breaks = sorted(undecodable + verify_lines(lines), key=lambda b: b.line)
    return breaks + _check_head(log_path, lines)


def _check_head(log_path: Path, lines: list[str]) -> list[ChainBreak]:
    """Whether the log still ends with the entry last written (when that was recorded)."""
    path = head_path(log_path)
    if not path.is_file():
        return []
    end = len(lines) + 1
    try:
        head = json.loads(path.read_text(encoding="utf-8"))
        seq, digest = int(head["seq"]), str(head["hash"])
    except (OSError, ValueError, KeyError, TypeError):
        return [ChainBreak(end, t("audit.break.head_damaged", name=path.name))]
    entries: dict[int, str] = {}
    for raw in lines:
        with contextlib.suppress(ValueError):
            entry = AuditEntry.model_validate_json(raw)
            entries[entry.seq] = entry.hash
    last = max(entries, default=0)
    if seq not in entries:
        return [ChainBreak(end, t("audit.break.entries_removed", last=last, seq=seq))]
    if entries[seq] != digest:
        return [ChainBreak(end, t("audit.break.not_written", seq=seq))]
    return []


def verify_lines(lines: Iterable[str]) -> list[ChainBreak]:
    """``verify_chain`` over lines already read (e.g. the audit log inside a bundle)."""
    breaks: list[ChainBreak] = []
    previous_hash = GENESIS
    expected_seq = 1
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            entry = AuditEntry.model_validate_json(raw)
        except ValueError:
            breaks.append(ChainBreak(number, t("audit.break.not_json")))
            previous_hash = ""
            continue
        if entry.computed_hash() != entry.hash:
            breaks.append(ChainBreak(number, t("audit.break.altered", seq=entry.seq)))
        if entry.prev != previous_hash:
            breaks.append(ChainBreak(number, t("audit.break.out_of_chain", seq=entry.seq)))
        if entry.seq != expected_seq:
            breaks.append(
                ChainBreak(
                    number, t("audit.break.out_of_order", expected=expected_seq, seq=entry.seq)
                )
            )
        previous_hash = entry.hash
        expected_seq = entry.seq + 1
    return breaks


def chain_head(log_path: Path) -> tuple[int, str]:
    """The number of the last entry and its hash (``0`` and the genesis hash for no log).

    Recorded in bundles, so that a log cut short after export is noticed.
    """
    try:
        last = read_last_entry(log_path)
    except ValueError:
        last = None
    return (last.seq, last.hash) if last else (0, GENESIS)
