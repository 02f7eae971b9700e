"""The commit journal, and the checks that the audit log still ends where it was last left.

A commit first writes a journal (``.journal.json``, atomically) holding the new text of every file
it changes and the audit lines it appends; only then does it rewrite the files, append the lines,
record the log's head and remove the journal. A kill before the journal lands changes nothing; a
kill after it leaves a journal that the next session on the site completes (and reports) before
doing anything else.

Before writing anything, a session checks the audit log: a chain that is broken, a log that no
longer ends where ``audit.log.head`` says it ended (entries cut off), a head whose log is gone,
refuse the command (exit 1). A damaged log is never rewritten into a fresh-looking one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tierassess.errors import CheckFailed, WorkspaceError, os_reason
from tierassess.i18n import t
from tierassess.storage.audit import (
    GENESIS,
    AuditEntry,
    entry_line,
    head_path,
    read_head,
    read_last_entry,
    verify_chain,
)
from tierassess.storage.workspace import (
    ASSESSMENT_FILE,
    AUDIT_LOG_FILE,
    EVIDENCE_INDEX_FILE,
    PLAN_FILE,
)
from tierassess.yamlio import atomic_write_text, fsync_dir

__all__ = [
    "JOURNAL_FILE",
    "apply_journal",
    "checked_head",
    "checked_log",
    "fault_hook",
    "new_journal",
    "recover",
    "write_journal",
]

JOURNAL_FILE = ".journal.json"
_JOURNAL_VERSION = 1

fault_hook: Callable[[str], None] | None = None
"""Called at each named step of a commit; tests set it to kill the process at an exact point.

Steps: ``staged`` (nothing written yet), ``journal-written``, ``file-written`` (after each
file), ``log-appended``, ``head-written`` (the journal is removed next).
"""


def _step(name: str) -> None:
    if fault_hook is not None:
        fault_hook(name)


def _cannot_write(site_dir: Path, exc: OSError, hint: str | None = None) -> WorkspaceError:
    return WorkspaceError(t("session.cannot_write", path=site_dir, why=os_reason(exc)), hint=hint)


# --- the audit log's recorded end ----------------------------------------------------------------


def checked_log(site_dir: Path) -> None:
    """Refuse a site whose audit chain is broken or whose log no longer ends at its head."""
    log = site_dir / AUDIT_LOG_FILE
    breaks = verify_chain(log)
    if breaks:
        lines = "; ".join(str(b) for b in breaks[:3])
        raise CheckFailed(
            t("session.log_broken", path=log, breaks=lines), hint=t("session.log_broken_hint")
        )
    checked_head(site_dir)


def checked_head(site_dir: Path) -> AuditEntry | None:
    """The log's last entry, after checking it is the one ``audit.log.head`` recorded."""
    log = site_dir / AUDIT_LOG_FILE
    head_file = head_path(log)
    try:
        last = read_last_entry(log)
    except ValueError:
        raise CheckFailed(
            t("session.log_broken", path=log, breaks=t("session.last_line_damaged")),
            hint=t("session.log_broken_hint"),
        ) from None
    head = read_head(log)
    if head is None:
        if head_file.exists():
            raise CheckFailed(
                t("session.head_damaged", path=head_file), hint=t("session.log_broken_hint")
            )
        if last is not None:
            raise CheckFailed(
                t("session.head_missing", path=head_file, seq=last.seq),
                hint=t("session.log_broken_hint"),
            )
        if log.exists():
            # an empty log with no head: only cutting every entry (and the head) leaves that
            raise CheckFailed(
                t("session.log_and_head_missing", path=log), hint=t("session.log_broken_hint")
            )
        return None
    if last is None:
        raise CheckFailed(
            t("session.log_missing", path=log, seq=head[0]), hint=t("session.log_broken_hint")
        )
    if (last.seq, last.hash) != head:
        raise CheckFailed(
            t("session.log_cut", path=log, last=last.seq, seq=head[0]),
            hint=t("session.log_broken_hint"),
        )
    return last


# --- writing a journal and carrying it out -------------------------------------------------------


def new_journal(
    site_dir: Path,
    files: dict[str, str],
    previous: AuditEntry | None,
    entries: Sequence[AuditEntry],
    summary: list[str],
) -> dict[str, Any]:
    """The journal of one commit: new file texts, the log lines to append and the new head."""
    return {
        "version": _JOURNAL_VERSION,
        "files": files,
        "log_size": _size(site_dir / AUDIT_LOG_FILE),
        "prev": previous.hash if previous else GENESIS,
        "append": "".join(entry_line(e) for e in entries),
        "head": {"seq": entries[-1].seq, "hash": entries[-1].hash} if entries else None,
        "summary": summary,
    }


def write_journal(site_dir: Path, journal: dict[str, Any]) -> None:
    """Write the journal, then carry it out; a failure midway keeps it for the next session."""
    _step("staged")
    try:
        atomic_write_text(site_dir / JOURNAL_FILE, json.dumps(journal, ensure_ascii=False))
    except OSError as exc:
        raise _cannot_write(site_dir, exc) from None
    _step("journal-written")
    try:
        apply_journal(site_dir, journal)
    except OSError as exc:
        # The journal stays: the next session on this site completes the change.
        raise _cannot_write(site_dir, exc, hint=t("session.journal_kept")) from None


def recover(site_dir: Path) -> str:
    """Complete the journal a killed commit left; what it changed, for the user."""
    journal_path = site_dir / JOURNAL_FILE
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        if journal.get("version") != _JOURNAL_VERSION:
            raise ValueError("unknown version")
    except (OSError, ValueError, AttributeError):
        raise WorkspaceError(
            t("session.journal_damaged", path=journal_path),
            hint=t("session.journal_damaged_hint"),
        ) from None
    if not _log_matches_journal(site_dir / AUDIT_LOG_FILE, journal):
        raise CheckFailed(
            t("session.journal_log_mismatch", path=journal_path),
            hint=t("session.journal_damaged_hint"),
        )
    try:
        apply_journal(site_dir, journal)
    except OSError as exc:
        raise _cannot_write(site_dir, exc) from None
    summary = ", ".join(str(s) for s in journal.get("summary") or []) or "-"
    return t("session.recovered", changes=summary)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _log_matches_journal(log: Path, journal: dict[str, Any]) -> bool:
    """True when the log is as the journal left it: its old end, plus part or all of its lines."""
    try:
        size = int(journal["log_size"])
        append = str(journal["append"]).encode("utf-8")
        data = log.read_bytes() if log.exists() else b""
    except (KeyError, TypeError, ValueError, OSError):
        return False
    if len(data) < size or not append.startswith(data[size:]):
        return False
    last = data[:size].rstrip(b"\n").rsplit(b"\n", 1)[-1]
    if not last.strip():
        return str(journal.get("prev")) == GENESIS
    try:
        return AuditEntry.model_validate_json(last).hash == journal.get("prev")
    except ValueError:
        return False


def apply_journal(site_dir: Path, journal: dict[str, Any]) -> None:
    """Carry out a journal (again, if it was partly done): files, log lines, head; then drop it."""
    for name, text in dict(journal["files"]).items():
        if name not in (ASSESSMENT_FILE, EVIDENCE_INDEX_FILE, PLAN_FILE):
            raise OSError(0, f"the journal names an unknown file {name!r}")
        # each file is fsynced; the folder once, below: the journal already holds the change
        atomic_write_text(site_dir / name, str(text), sync_dir=False)
        _step("file-written")
    append = str(journal["append"]).encode("utf-8")
    log = site_dir / AUDIT_LOG_FILE
    if append:
        size = int(journal["log_size"])
        with log.open("ab") as handle:
            handle.truncate(size)  # a partly appended tail from a killed commit
            handle.write(append)
            handle.flush()
            os.fsync(handle.fileno())
        _step("log-appended")
    head = journal.get("head")
    if head:
        atomic_write_text(
            head_path(log),
            json.dumps({"seq": int(head["seq"]), "hash": str(head["hash"])}) + "\n",
            sync_dir=False,
        )
        _step("head-written")
    # The new names must be on disk before the journal's removal can be: one folder sync for
    # all of them, then the removal, left unsynced. If a power cut brings the journal back, the
    # next session applies it again, which rewrites the same text (reported as completed).
    fsync_dir(site_dir)
    (site_dir / JOURNAL_FILE).unlink()
