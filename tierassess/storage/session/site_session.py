"""The site session: the one way to change a site.

A site is its folder, ``evidence/<name>/``: a session opens the folder the command named (an
assessment whose ``site.id`` names another site is refused), holds the site's lock for as long as
it lives, loads the assessment, the evidence index and the plan overrides when first asked for,
and writes them with ``commit(action, subject, details)``, which also appends the audit entry.
How a commit survives a kill, and how the audit log is checked first, is in ``journal``; how the
assessment is rendered and validated again before it is written, in ``writer``.

Temporary files that a killed writer left in the site folder are removed when a session opens.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from tierassess.core.models import (
    SLUG_PATTERN,
    Assessment,
    Checklist,
    EvidenceIndex,
    PlanOverrides,
    SiteProfile,
    utc_now,
)
from tierassess.errors import InputError, WorkspaceError, os_reason
from tierassess.i18n import t
from tierassess.storage.audit import AuditEntry, new_entry
from tierassess.storage.locking import SiteLock, acquire_site_lock, login_name
from tierassess.storage.session.journal import (
    JOURNAL_FILE,
    checked_head,
    checked_log,
    new_journal,
    recover,
    write_journal,
)
from tierassess.storage.session.writer import AssessmentWriter, adopt, revalidated
from tierassess.storage.workspace import (
    ASSESSMENT_FILE,
    EVIDENCE_FILES_DIR,
    EVIDENCE_INDEX_FILE,
    EVIDENCE_INDEX_HEADER,
    PLAN_FILE,
    PLAN_HEADER,
    Workspace,
)
from tierassess.textsafe import strip_controls
from tierassess.yamlio import model_to_yaml

__all__ = ["Event", "SiteSession", "acting_name", "create_site", "open_site"]


def acting_name(given: str | None, site: Assessment | SiteProfile | None = None) -> str:
    """Who acts: ``--as NAME``, else the site profile's assessor, else the login name.

    One rule for every command, so one person appears under one name in the log. The name is
    kept in NFC and may hold no control character. ``site`` is the assessment or its profile.
    """
    from tierassess.textsafe import check_name

    if given and given.strip():
        return check_name(given, "--as")
    profile = site.site if isinstance(site, Assessment) else site
    if profile is not None and profile.assessor:
        return profile.assessor
    return login_name()


@dataclass(frozen=True)
class Event:
    """One audit entry a commit appends (``actor`` defaults to the session's actor)."""

    action: str
    subject: str
    details: dict[str, Any] = field(default_factory=dict)
    actor: str | None = None


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
                t("session.cannot_write", path=site_dir, why=os_reason(exc))
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
        if (self.site_dir / JOURNAL_FILE).exists():
            self.notices.append(recover(self.site_dir))
        checked_log(self.site_dir)

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
        previous = checked_head(self.site_dir)
        entries: list[AuditEntry] = []
        for event in events:
            before = entries[-1] if entries else previous
            actor, details = event.actor or self.actor, _clean_details(event.details)
            entries.append(new_entry(before, actor, event.action, event.subject, details))
        summary = [f"{e.action} {e.subject}" for e in events]
        write_journal(self.site_dir, new_journal(self.site_dir, files, previous, entries, summary))
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


# --- site names and logged details ---------------------------------------------------------------


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
