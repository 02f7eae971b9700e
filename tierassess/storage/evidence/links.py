"""The evidence index: adding a stored file to a site, and linking items to criteria.

Metadata lives in ``evidence.yaml`` (``EvidenceIndex``), and the criteria an item backs are kept in
step with ``Answer.evidence`` in the assessment, so an answer and its evidence always agree. Every
change goes through the site session and is written with its audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tierassess.errors import InputError
from tierassess.storage.evidence.store import Progress, capture_date, media_type_of, resolve_kind, store_file
from tierassess.i18n import t
from tierassess.core.models import CRITERION_ID_PATTERN, Answer, Assessment, CapturedSource, Checklist, EvidenceIndex, EvidenceItem, EvidenceKind, utc_now
from tierassess.storage.session import Event
from tierassess.textsafe import check_name, clean_note

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

__all__ = [
    "MIN_PREFIX",
    "add_evidence",
    "checked_criteria",
    "link_evidence",
    "resolve_sha",
    "stage_evidence",
    "unlink_evidence",
]

MIN_PREFIX = 4
_SHA_CHARS = re.compile(r"^[0-9a-f]+$")


def checked_criteria(criteria: Iterable[str], checklist: Checklist | None) -> list[str]:
    """The criterion ids as stored (upper case, each once); an id not in ``checklist`` is refused."""
    wanted: list[str] = []
    for raw in criteria:
        criterion_id = raw.strip().upper()
        if not re.match(CRITERION_ID_PATTERN, criterion_id):
            raise InputError(t("evidence.err.not_an_id", text=raw))
        if checklist is not None and criterion_id not in checklist.by_id():
            prefix = criterion_id.split("-")[0]
            close = [c.id for c in checklist.criteria if c.id.startswith(prefix)][:8]
            raise InputError(
                t(
                    "evidence.err.no_criterion",
                    id=criterion_id,
                    checklist=checklist.id,
                    version=checklist.version,
                ),
                hint=t("checklist.did_you_mean", ids=", ".join(close))
                if close
                else t("evidence.err.see_list"),
            )
        if criterion_id not in wanted:
            wanted.append(criterion_id)
    return wanted


def _link_answers(assessment: Assessment, sha256: str, criteria: Iterable[str]) -> list[str]:
    changed = []
    for criterion_id in criteria:
        answer = assessment.answers.get(criterion_id)
        if answer is None:
            answer = assessment.answers[criterion_id] = Answer()
        if sha256 not in answer.evidence:
            answer.evidence.append(sha256)
            changed.append(criterion_id)
    return changed


def _unlink_answers(assessment: Assessment, sha256: str, criteria: Iterable[str]) -> list[str]:
    changed = []
    for criterion_id in criteria:
        answer = assessment.answers.get(criterion_id)
        if answer is not None and sha256 in answer.evidence:
            answer.evidence.remove(sha256)
            changed.append(criterion_id)
    return changed


def _site_checklist(session: SiteSession) -> Checklist:
    """The site's checklist (the workspace caches it while its files are unchanged)."""
    return session.workspace.load_checklist(session.assessment.checklist_id)


@dataclass(frozen=True)
class _FileFacts:
    """What one file brings to the index, read before it is stored."""

    name: str
    media_type: str
    kind: EvidenceKind | None
    captured_at: date
    captured_source: CapturedSource
    exif_date: date | None
    description: str | None


def _check_file(path: Path) -> None:
    """Refuse a path that is not a non-empty regular file."""
    if not path.exists():
        raise InputError(t("evidence.err.no_file", path=path))
    if not path.is_file():
        raise InputError(t("evidence.err.not_regular", path=path))
    if path.stat().st_size == 0:
        raise InputError(t("evidence.err.empty", path=path))


def _file_facts(
    path: Path, captured: date | str | None, note: str | None, kind: EvidenceKind | str | None
) -> _FileFacts:
    """A file's name, media type, kind and capture date, and the note given with it."""
    media_type = media_type_of(path.name)
    evidence_kind = resolve_kind(kind, media_type)
    captured_at, captured_source, exif_date = capture_date(path, media_type, captured)
    name = check_name(path.name, "file name")
    return _FileFacts(
        name,
        media_type,
        evidence_kind,
        captured_at,
        captured_source,
        exif_date,
        clean_note(note),
    )


def _indexed_item(
    index: EvidenceIndex, sha256: str, size: int, facts: _FileFacts, actor: str
) -> tuple[EvidenceItem, bool]:
    """The index's item for ``sha256`` (added when new) and whether it was there already.

    An item already indexed keeps its first metadata; only a missing description or kind is
    filled in, and a date the person gave replaces one read from the file.
    """
    item = index.get(sha256)
    if item is None:
        item = EvidenceItem(
            sha256=sha256,
            original_name=facts.name,
            media_type=facts.media_type,
            size=size,
            kind=facts.kind,
            captured_at=facts.captured_at,
            captured_source=facts.captured_source,
            added_at=utc_now(),
            added_by=actor,
            description=facts.description,
            criteria=[],
        )
        index.items.append(item)
        return item, False
    if item.description is None and facts.description:
        item.description = facts.description
    if item.kind is None and facts.kind is not None:
        item.kind = facts.kind
    if (
        facts.captured_source is CapturedSource.GIVEN
        and item.captured_source is not CapturedSource.GIVEN
    ):
        item.captured_at, item.captured_source = facts.captured_at, facts.captured_source
    return item, True


def stage_evidence(
    session: SiteSession,
    path: Path,
    criteria: Sequence[str] = (),
    captured: date | str | None = None,
    note: str | None = None,
    kind: EvidenceKind | str | None = None,
    *,
    checklist: Checklist | None = None,
    progress: Progress | None = None,
) -> tuple[EvidenceItem, Event]:
    """Store one file and link it in the session's index and answers; commit the event later.

    The file goes into the content store at once (an unreferenced stored file is harmless);
    the index, the answers and the audit entry change only when the session commits.
    """
    path = Path(path)
    _check_file(path)
    assessment = session.assessment
    wanted = checked_criteria(criteria, checklist or _site_checklist(session))
    facts = _file_facts(path, captured, note, kind)
    stored = store_file(session.workspace, session.site_id, path, progress)
    item, duplicate = _indexed_item(
        session.evidence_index, stored.sha256, stored.size, facts, session.actor
    )
    new_links = [c for c in wanted if c not in item.criteria]
    item.criteria.extend(new_links)
    _link_answers(assessment, item.sha256, item.criteria)

    details: dict[str, object] = {
        "name": facts.name,
        "size": stored.size,
        "media_type": facts.media_type,
        "criteria": new_links,
        "duplicate": duplicate,
    }
    if not duplicate:
        details["captured_at"] = facts.captured_at.isoformat()
        details["captured_source"] = facts.captured_source.value
    if facts.exif_date is not None and facts.exif_date != facts.captured_at:
        details["exif_date"] = facts.exif_date.isoformat()
    return item, Event("evidence.add", item.sha256, details)


def add_evidence(
    session: SiteSession,
    path: Path,
    criteria: Sequence[str] = (),
    captured: date | str | None = None,
    note: str | None = None,
    kind: EvidenceKind | str | None = None,
    *,
    checklist: Checklist | None = None,
    progress: Progress | None = None,
) -> EvidenceItem:
    """Store one file as evidence for the session's site, link it to criteria, save and log it.

    A file already in the store keeps its first metadata; new criteria are linked to it and a
    description or kind is filled in only where it was missing. ``checklist`` saves loading the
    catalogue again when many files are added; criterion ids are checked against it.
    """
    item, event = stage_evidence(
        session, path, criteria, captured, note, kind, checklist=checklist, progress=progress
    )
    session.commit_events([event])
    return item


def resolve_sha(index: EvidenceIndex, text: str) -> EvidenceItem:
    """The item whose SHA-256 is ``text`` or starts with it (at least 4 hex digits, unique)."""
    wanted = text.strip().lower()
    if len(wanted) < MIN_PREFIX or not _SHA_CHARS.match(wanted):
        raise InputError(
            t("evidence.err.not_sha", text=text),
            hint=t("evidence.err.sha_hint", digits=MIN_PREFIX),
        )
    matches = [item for item in index.items if item.sha256.startswith(wanted)]
    if not matches:
        raise InputError(t("evidence.err.no_item", sha=wanted), hint=t("evidence.err.list_hint"))
    if len(matches) > 1:
        names = ", ".join(f"{m.sha256[:12]} ({m.original_name})" for m in matches[:6])
        raise InputError(
            t("evidence.err.several", sha=wanted, names=names), hint=t("evidence.err.more_digits")
        )
    return matches[0]


def link_evidence(session: SiteSession, sha: str, criteria: Sequence[str]) -> EvidenceItem:
    """Link an item to more criteria (both in the index and in the answers); save and log it."""
    assessment = session.assessment
    wanted = checked_criteria(criteria, _site_checklist(session))
    item = resolve_sha(session.evidence_index, sha)
    added = [c for c in wanted if c not in item.criteria]
    item.criteria.extend(added)
    _link_answers(assessment, item.sha256, wanted)
    session.commit_events(
        [Event("evidence.link", item.sha256, {"criteria": added})] if added else []
    )
    return item


def unlink_evidence(session: SiteSession, sha: str, criteria: Sequence[str]) -> EvidenceItem:
    """Take criteria off an item (index and answers); the file itself stays in the store."""
    assessment = session.assessment
    wanted = checked_criteria(criteria, None)
    item = resolve_sha(session.evidence_index, sha)
    unknown = [
        c
        for c in wanted
        if c not in item.criteria and item.sha256 not in assessment.answer(c).evidence
    ]
    if unknown:
        raise InputError(
            t("evidence.err.not_linked", sha=item.sha256[:12], ids=", ".join(unknown)),
            hint=t("evidence.err.it_backs", ids=", ".join(item.criteria) or "—"),
        )
    removed = [c for c in wanted if c in item.criteria]
    item.criteria = [c for c in item.criteria if c not in wanted]
    answers = _unlink_answers(assessment, item.sha256, wanted)
    session.commit(
        "evidence.unlink", item.sha256, {"criteria": sorted(set(removed) | set(answers))}
    )
    return item
