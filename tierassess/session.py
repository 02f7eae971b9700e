"""The site session: the one way to change a site.

A site is its folder, ``evidence/<name>/``: a session opens the folder the command named (an
assessment whose ``site.id`` names another site is refused), holds the site's lock for as long as
it lives, loads the assessment, the evidence index and the plan overrides when first asked for,
and writes them with ``commit(action, subject, details)``, which also appends the audit entry.

A commit is all-or-nothing across a kill at any moment. It first writes a journal
(``.journal.json``, atomically) holding the new text of every file it changes and the audit lines
it appends; only then does it rewrite the files, append the lines, record the log's head and
remove the journal. A kill before the journal lands changes nothing; a kill after it leaves a
journal that the next session on the site completes (and reports) before doing anything else.

Before writing anything, a session checks the audit log: a chain that is broken, a log that no
longer ends where ``audit.log.head`` says it ended (entries cut off), a head whose log is gone,
refuse the command (exit 1). A damaged log is never rewritten into a fresh-looking one.

Temporary files that a killed writer left in the site folder are removed when a session opens.

What a commit writes is validated again first, whatever path changed it (``model_copy`` and
assignment skip pydantic's validators): free text loses its control characters in memory and on
disk alike, and a name that holds one refuses the commit before anything is written.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tierassess.audit import (
    GENESIS,
    AuditEntry,
    entry_line,
    head_path,
    new_entry,
    read_head,
    read_last_entry,
    verify_chain,
)
from tierassess.errors import CheckFailed, FileProblems, InputError, WorkspaceError
from tierassess.i18n import t
from tierassess.locking import SiteLock, acquire_site_lock, login_name
from tierassess.models import (
    SLUG_PATTERN,
    Answer,
    Assessment,
    Checklist,
    EvidenceIndex,
    PlanOverrides,
    SiteProfile,
    utc_now,
)
from tierassess.textsafe import strip_controls
from tierassess.workspace import (
    _ASSESSMENT_HEADER,
    ASSESSMENT_FILE,
    AUDIT_LOG_FILE,
    EVIDENCE_FILES_DIR,
    EVIDENCE_INDEX_FILE,
    EVIDENCE_INDEX_HEADER,
    PLAN_FILE,
    PLAN_HEADER,
    Workspace,
)
from tierassess.yamlio import (
    atomic_write_text,
    fsync_dir,
    model_to_yaml,
    to_yaml,
    validation_problems,
)

__all__ = [
    "JOURNAL_FILE",
    "AssessmentWriter",
    "Event",
    "SiteSession",
    "acting_name",
    "create_site",
    "fault_hook",
    "open_site",
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


def acting_name(given: str | None, assessment: Assessment | None = None) -> str:
    """Who acts: ``--as NAME``, else the site profile's assessor, else the login name.

    One rule for every command, so one person appears under one name in the log. The name is
    kept in NFC and may hold no control character.
    """
    from tierassess.textsafe import check_name

    if given and given.strip():
        return check_name(given, "--as")
    if assessment is not None and assessment.site.assessor:
        return assessment.site.assessor
    return login_name()


@dataclass(frozen=True)
class Event:
    """One audit entry a commit appends (``actor`` defaults to the session's actor)."""

    action: str
    subject: str
    details: dict[str, Any] = field(default_factory=dict)
    actor: str | None = None


class AssessmentWriter:
    """Renders an assessment exactly as a full dump does, but fast on re-saves.

    PyYAML's representer is pure Python and costs about as much per node as the rest of a save;
    a 150-criterion assessment has thousands. Each answer is rendered on its own under the same
    ``answers:`` key (so line folding falls at the same columns) and kept until its data changes,
    so saving one changed answer renders one answer. The text is byte-identical to a full dump.
    One writer lives in each session, so nothing is cached across sites or processes.
    """

    def __init__(self) -> None:
        self._fragments: dict[str, tuple[dict[str, Any], str]] = {}

    def render(self, assessment: Assessment, path: Path | None = None) -> str:
        """The assessment's YAML text, validated again (``path`` names it in a refusal)."""
        path = path or Path(ASSESSMENT_FILE)
        data = assessment.model_dump(mode="json", exclude_none=True)
        answers = data.pop("answers", None)
        if not isinstance(answers, dict) or not answers or list(data)[-1:] != ["updated_at"]:
            # nothing to gain (no answers yet) or a shape this writer does not know
            adopt(assessment, revalidated(Assessment, {**data, "answers": answers or {}}, path))
            return model_to_yaml(assessment, _ASSESSMENT_HEADER)
        # the head and the answer ids ({} is a valid answer); the answers themselves below
        head_model = revalidated(
            Assessment, {**data, "answers": {key: {} for key in answers}}, path
        )
        adopt(assessment, head_model, skip=("answers",))
        head = model_to_yaml(assessment.model_copy(update={"answers": {}}), _ASSESSMENT_HEADER)
        marker = "answers: {}\n"
        if not head.endswith(marker):
            return model_to_yaml(assessment, _ASSESSMENT_HEADER)
        parts = [head[: -len(marker)], "answers:\n"]
        fresh: dict[str, tuple[dict[str, Any], str]] = {}
        for criterion_id, body in answers.items():
            cached = self._fragments.get(criterion_id)
            if cached is not None and cached[0] == body:
                fragment = cached[1]
            else:
                body = self.checked_answer(assessment, criterion_id, body, path)
                fragment = to_yaml({"answers": {criterion_id: body}}).removeprefix("answers:\n")
            fresh[criterion_id] = (body, fragment)
            parts.append(fragment)
        self._fragments = fresh
        return "".join(parts)

    @staticmethod
    def checked_answer(
        assessment: Assessment, criterion_id: str, body: dict[str, Any], path: Path
    ) -> dict[str, Any]:
        """An answer's data validated again (only changed answers get here); cleaned in place."""
        clean = revalidated(Answer, body, path, ("answers", criterion_id))
        clean_body = clean.model_dump(mode="json", exclude_none=True)
        if clean_body != body:
            assessment.answers[criterion_id] = clean
        return clean_body


M = TypeVar("M", bound=BaseModel)


def revalidated(model: type[M], data: Any, path: Path, prefix: Sequence[int | str] = ()) -> M:
    """``data`` validated as ``model`` before it is written; a refusal writes nothing."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, path, None, prefix)
        raise FileProblems(problems, hint=t("session.nothing_written")) from None


def adopt(target: BaseModel, clean: BaseModel, skip: Sequence[str] = ()) -> None:
    """Give ``target`` the fields of its validated copy that differ (callers keep ``target``)."""
    for name in type(target).model_fields:
        if name not in skip and getattr(target, name) != getattr(clean, name):
            setattr(target, name, getattr(clean, name))


class SiteSession:
    """An open site: its lock, its data as loaded, and ``commit`` to write changes and log them.

    Open one with ``open_site`` (or ``SiteSession.open``/``SiteSession.create``) in a ``with``
    block; the lock is released when the block ends.
    """

    def __init__(self, workspace: Workspace, site_id: str, lock: SiteLock, actor: str) -> None:
        self.workspace = workspace
        self.site_id = site_id
        self.site_dir = workspace.site_dir(site_id)
        self.actor = actor
        self.lock = lock
        self.notices: list[str] = []  # what the session found and repaired, for the user
        self._writer = AssessmentWriter()
        self._assessment: Assessment | None = None
        self._index: EvidenceIndex | None = None
        self._plan: PlanOverrides | None = None
        self._written: dict[str, str] = {}  # file name -> text as last read or written

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, workspace: Workspace, site: str, actor: str | None = None) -> SiteSession:
        """Lock the site folder ``site`` and check it; the caller closes the session."""
        site_id = _folder_name(workspace, site)
        site_dir = workspace.site_dir(site_id)
        if not (site_dir / ASSESSMENT_FILE).is_file():
            workspace.resolve_site(site_id)  # raises the usual "no site" message
            raise WorkspaceError(t("session.no_assessment", path=site_dir / ASSESSMENT_FILE))
        lock = acquire_site_lock(site_dir, actor)
        session = cls(workspace, site_id, lock, actor or lock.holder.user)
        try:
            session._prepare()
        except BaseException:
            lock.release()
            raise
        if actor is None:
            session.actor = acting_name(None, session.assessment)
        return session

    @classmethod
    def create(
        cls, workspace: Workspace, assessment: Assessment, actor: str | None = None
    ) -> SiteSession:
        """Make the folder of a new site and lock it; ``commit`` writes its first assessment."""
        site_id = _folder_name(workspace, assessment.site.id)
        site_dir = workspace.site_dir(site_id)
        if (site_dir / ASSESSMENT_FILE).exists():
            raise WorkspaceError(t("session.exists", path=site_dir / ASSESSMENT_FILE, site=site_id))
        try:
            site_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                t("session.cannot_write", path=site_dir, why=exc.strerror or str(exc))
            ) from None
        lock = acquire_site_lock(site_dir, actor)
        session = cls(workspace, site_id, lock, actor or assessment.site.assessor or "")
        session.actor = session.actor or lock.holder.user
        try:
            if (site_dir / ASSESSMENT_FILE).exists():  # made by someone between our two looks
                raise WorkspaceError(
                    t("session.exists", path=site_dir / ASSESSMENT_FILE, site=site_id)
                )
            session._prepare()
        except BaseException:
            lock.release()
            raise
        session._assessment = assessment
        return session

    def _prepare(self) -> None:
        """Clean up after killed writers, finish an interrupted commit, check the audit log."""
        self._remove_temp_files()
        journal = self.site_dir / JOURNAL_FILE
        if journal.exists():
            self._recover(journal)
        log = self.site_dir / AUDIT_LOG_FILE
        breaks = verify_chain(log)
        if breaks:
            lines = "; ".join(str(b) for b in breaks[:3])
            raise CheckFailed(
                t("session.log_broken", path=log, breaks=lines), hint=t("session.log_broken_hint")
            )
        self._check_head()

    def _remove_temp_files(self) -> None:
        # Under the lock no one else writes here, so every temporary file is a killed writer's.
        patterns = [(self.site_dir, ".*.tmp"), (self.site_dir / EVIDENCE_FILES_DIR, ".incoming-*")]
        removed = 0
        for folder, pattern in patterns:
            with contextlib.suppress(OSError):
                for leftover in folder.glob(pattern):
                    with contextlib.suppress(OSError):
                        leftover.unlink()
                        removed += 1
        if removed:
            self.notices.append(t("session.temp_removed", count=removed))

    # --- the data ------------------------------------------------------------------------------

    @property
    def assessment(self) -> Assessment:
        """The site's assessment (loaded on first use; changes are written by ``commit``)."""
        if self._assessment is None:
            path = self.site_dir / ASSESSMENT_FILE
            self._assessment = self.workspace.load_assessment(self.site_id)
            with contextlib.suppress(OSError, UnicodeDecodeError):
                self._written[ASSESSMENT_FILE] = path.read_text(encoding="utf-8")
        return self._assessment

    @property
    def evidence_index(self) -> EvidenceIndex:
        """The site's evidence index (loaded on first use; written by ``commit``)."""
        if self._index is None:
            self._index = self.workspace.load_evidence_index(self.site_id)
            self._written[EVIDENCE_INDEX_FILE] = model_to_yaml(self._index, EVIDENCE_INDEX_HEADER)
        return self._index

    @property
    def plan_overrides(self) -> PlanOverrides:
        """The site's plan overrides (loaded on first use; written by ``commit``)."""
        if self._plan is None:
            self._plan = self.workspace.load_plan_overrides(self.site_id)
            self._written[PLAN_FILE] = model_to_yaml(self._plan, PLAN_HEADER)
        return self._plan

    # --- committing ----------------------------------------------------------------------------

    def commit(
        self, action: str, subject: str, details: dict[str, Any] | None = None
    ) -> list[AuditEntry]:
        """Write every changed file and append one audit entry, all or nothing."""
        return self.commit_events([Event(action, subject, dict(details or {}))])

    def commit_events(self, events: Sequence[Event]) -> list[AuditEntry]:
        """Write every changed file and append ``events`` to the audit log, all or nothing."""
        if not self.lock.held:
            raise WorkspaceError(t("session.closed", site=self.site_id))
        files = self._changed_files()
        if not files and not events:
            return []
        log = self.site_dir / AUDIT_LOG_FILE
        previous = self._check_head()
        entries: list[AuditEntry] = []
        for event in events:
            before = entries[-1] if entries else previous
            actor, details = event.actor or self.actor, _clean_details(event.details)
            entries.append(new_entry(before, actor, event.action, event.subject, details))
        journal = {
            "version": _JOURNAL_VERSION,
            "files": files,
            "log_size": _size(log),
            "prev": previous.hash if previous else GENESIS,
            "append": "".join(entry_line(e) for e in entries),
            "head": {"seq": entries[-1].seq, "hash": entries[-1].hash} if entries else None,
            "summary": [f"{e.action} {e.subject}" for e in events],
        }
        journal_path = self.site_dir / JOURNAL_FILE
        _step("staged")
        try:
            atomic_write_text(journal_path, json.dumps(journal, ensure_ascii=False))
        except OSError as exc:
            raise WorkspaceError(
                t("session.cannot_write", path=self.site_dir, why=exc.strerror or str(exc))
            ) from None
        _step("journal-written")
        try:
            _apply(self.site_dir, journal)
        except OSError as exc:
            # The journal stays: the next session on this site completes the change.
            raise WorkspaceError(
                t("session.cannot_write", path=self.site_dir, why=exc.strerror or str(exc)),
                hint=t("session.journal_kept"),
            ) from None
        self._written.update(files)
        return entries

    def _changed_files(self) -> dict[str, str]:
        files: dict[str, str] = {}
        if self._assessment is not None:
            path = self.site_dir / ASSESSMENT_FILE
            text = self._writer.render(self._assessment, path)
            if text != self._written.get(ASSESSMENT_FILE):
                self._assessment.updated_at = utc_now()
                files[ASSESSMENT_FILE] = self._writer.render(self._assessment, path)
        for name, model, header in (
            (EVIDENCE_INDEX_FILE, self._index, EVIDENCE_INDEX_HEADER),
            (PLAN_FILE, self._plan, PLAN_HEADER),
        ):
            if model is None:
                continue
            text = model_to_yaml(model, header)
            if text != self._written.get(name):
                adopt(model, revalidated(type(model), model.model_dump(), self.site_dir / name))
                files[name] = model_to_yaml(model, header)
        return files

    def _check_head(self) -> AuditEntry | None:
        """The log's last entry, after checking it is the one ``audit.log.head`` recorded."""
        log = self.site_dir / AUDIT_LOG_FILE
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

    # --- recovery ------------------------------------------------------------------------------

    def _recover(self, journal_path: Path) -> None:
        try:
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            if journal.get("version") != _JOURNAL_VERSION:
                raise ValueError("unknown version")
        except (OSError, ValueError, AttributeError):
            raise WorkspaceError(
                t("session.journal_damaged", path=journal_path),
                hint=t("session.journal_damaged_hint"),
            ) from None
        log = self.site_dir / AUDIT_LOG_FILE
        if not _log_matches_journal(log, journal):
            raise CheckFailed(
                t("session.journal_log_mismatch", path=journal_path),
                hint=t("session.journal_damaged_hint"),
            )
        try:
            _apply(self.site_dir, journal)
        except OSError as exc:
            raise WorkspaceError(
                t("session.cannot_write", path=self.site_dir, why=exc.strerror or str(exc))
            ) from None
        summary = ", ".join(str(s) for s in journal.get("summary") or []) or "-"
        self.notices.append(t("session.recovered", changes=summary))

    # --- closing -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release the site's lock."""
        self.lock.release()

    def __enter__(self) -> SiteSession:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


@contextlib.contextmanager
def open_site(
    workspace: Workspace,
    site: str,
    actor: str | None = None,
    notify: Callable[[str], None] | None = None,
) -> Iterator[SiteSession]:
    """``SiteSession.open`` as a ``with`` block; ``notify`` hears what the session repaired."""
    with SiteSession.open(workspace, site, actor) as session:
        if notify is not None:
            for notice in session.notices:
                notify(notice)
        yield session


def create_site(
    workspace: Workspace,
    profile: SiteProfile,
    checklist: Checklist,
    actor: str | None = None,
    details: dict[str, Any] | None = None,
) -> Assessment:
    """Create a site's folder and its empty assessment, logged as ``site.init``."""
    assessment = Assessment(
        site=profile, checklist_id=checklist.id, checklist_version=checklist.version
    )
    with SiteSession.create(workspace, assessment, actor) as session:
        session.commit(
            "site.init",
            profile.id,
            details or {"checklist": checklist.id, "checklist_version": checklist.version},
        )
    with contextlib.suppress(OSError):  # reports say so when they are written
        workspace.output_dir.mkdir(parents=True, exist_ok=True)
    return assessment


# --- the journal ---------------------------------------------------------------------------------


def _folder_name(workspace: Workspace, site: str) -> str:
    """The folder a site name designates; refuses names that would leave ``evidence/``."""
    if not isinstance(site, str) or not re.fullmatch(SLUG_PATTERN, site):
        raise InputError(t("session.bad_site_name", site=_shown(site)))
    return site


def _shown(text: object) -> str:
    from tierassess.textsafe import for_terminal

    return for_terminal(str(text))[:80]


def _clean_details(value: Any) -> Any:
    """An event's details as logged: text without control characters, as the files store it."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, dict):
        return {str(k): _clean_details(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_details(v) for v in value]
    return value


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


def _apply(site_dir: Path, journal: dict[str, Any]) -> None:
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
