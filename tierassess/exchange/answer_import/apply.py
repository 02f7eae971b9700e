"""Step 3 of an imported answer: a checked ``ImportPlan`` applied to the site, all rows or none.

New evidence files are stored first (``tierassess.storage.answers.evidence_files``), every row is recorded
by the same rules as a typed answer, and the site session writes the assessment and one audit
event per changed answer in a single commit. A file that cannot be read midway undoes the files
already stored, so a failed import leaves the site as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tierassess.core.models import Checklist, utc_now
from tierassess.errors import InputError, os_reason
from tierassess.exchange.answer_import.plan import ImportPlan, apply_planned, plan_import
from tierassess.i18n import t
from tierassess.storage.answers.evidence_files import store_evidence_files
from tierassess.storage.answers.record import answer_details
from tierassess.storage.session import Event

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

__all__ = ["ImportSummary", "apply_import", "import_answers"]


@dataclass
class ImportSummary:
    """What an import changed, left as it was, skipped, and how many files it stored."""

    changed: list[str]
    unchanged: list[str]
    skipped_empty: int
    files_stored: int

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data for ``--format json``."""
        return {
            "changed": self.changed,
            "unchanged": self.unchanged,
            "skipped_empty": self.skipped_empty,
            "files_stored": self.files_stored,
        }


def apply_import(
    session: SiteSession, plan: ImportPlan, checklist: Checklist | None = None
) -> ImportSummary:
    """Apply a validated plan: store new evidence files, update answers, save and log at once.

    All or nothing: a file that cannot be read (even midway, after others were stored) ends the
    import with the files it stored removed again, before anything else is written.
    """
    with _store_undone_on_failure(session, any(entry.new_files for entry in plan.rows)):
        return _apply_rows(session, plan, checklist)


@contextmanager
def _store_undone_on_failure(session: SiteSession, storing: bool) -> Iterator[None]:
    """Remove the files stored within the block when it fails before its commit began."""
    from tierassess.storage.session import JOURNAL_FILE
    from tierassess.storage.workspace import EVIDENCE_FILES_DIR

    store = session.site_dir / EVIDENCE_FILES_DIR
    before = set(store.rglob("*")) if storing else set()
    try:
        yield
    except BaseException as exc:
        if storing and not (session.site_dir / JOURNAL_FILE).exists():
            # deepest first, so a folder made for a new file is empty when its turn comes
            for added in sorted(set(store.rglob("*")) - before, reverse=True):
                with suppress(OSError):
                    added.rmdir() if added.is_dir() else added.unlink()
            if isinstance(exc, OSError):
                name = exc.filename or t("answers.file.an_evidence_file")
                why = os_reason(exc)
                raise InputError(
                    t("answers.file.evidence_unreadable", name=name, why=why),
                    hint=t("assess.import.nothing_changed"),
                ) from None
        raise


def _apply_rows(
    session: SiteSession, plan: ImportPlan, checklist: Checklist | None
) -> ImportSummary:
    assessment = session.assessment
    actor = session.actor
    at = utc_now()
    changed: list[str] = []
    unchanged: list[str] = []
    events: list[Event] = []
    files = 0
    before = {e.criterion.id: assessment.answer(e.criterion.id) for e in plan.rows}
    for entry in plan.rows:
        refs: list[str] = []
        if entry.new_files:
            refs, stored = store_evidence_files(
                session, entry.new_files, [entry.criterion.id], checklist
            )
            events += stored
        files += len(refs)
        after = apply_planned(assessment, entry, refs, actor, at)
        (unchanged if after == before[entry.criterion.id] else changed).append(entry.criterion.id)
    for criterion_id in changed:
        events.append(
            Event(
                "answer.import",
                criterion_id,
                {**answer_details(assessment.answer(criterion_id)), "source": plan.source.name},
            )
        )
    session.commit_events(events)
    return ImportSummary(changed, unchanged, plan.skipped_empty, files)


def import_answers(
    session: SiteSession,
    path: Path,
    *,
    dry_run: bool = False,
    convention: str | None = None,
    allow_outside: bool = False,
) -> ImportSummary:
    """Import an answers file into a site's assessment: every row valid, or nothing changes."""
    assessment = session.assessment
    workspace = session.workspace
    checklist = workspace.load_checklist(assessment.checklist_id)
    plan = plan_import(
        workspace, assessment, checklist, path, convention=convention, allow_outside=allow_outside
    )
    if dry_run:
        import copy

        trial = copy.deepcopy(assessment)
        before = {e.criterion.id: trial.answer(e.criterion.id) for e in plan.rows}
        changed: list[str] = []
        unchanged: list[str] = []
        for entry in plan.rows:
            after = apply_planned(trial, entry, [str(p) for p in entry.new_files], session.actor)
            (unchanged if after == before[entry.criterion.id] else changed).append(
                entry.criterion.id
            )
        return ImportSummary(changed, unchanged, plan.skipped_empty, 0)
    return apply_import(session, plan, checklist)
