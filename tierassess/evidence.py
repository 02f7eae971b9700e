"""The evidence store: files kept by content (SHA-256), their metadata, links and verification.

Each site keeps its files under ``evidence/<site>/files/ab/<sha256>``. A file is hashed in the same
pass that copies it into the store (1 MiB at a time, so memory stays flat for any size), written
to a temporary file inside the store and renamed into place only once its hash is known; a file
already stored is not stored twice. Metadata lives in ``evidence.yaml`` (``EvidenceIndex``), and
the criteria an item backs are kept in step with ``Answer.evidence`` in the assessment, so an
answer and its evidence always agree. Every change is written to the site's audit log.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import re
import tempfile
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tierassess.audit import ChainBreak, verify_chain
from tierassess.errors import InputError
from tierassess.formats import format_date, parse_date
from tierassess.i18n import t
from tierassess.models import (
    CRITERION_ID_PATTERN,
    Answer,
    Assessment,
    CapturedSource,
    Checklist,
    EvidenceIndex,
    EvidenceItem,
    EvidenceKind,
    EvidenceStatus,
    Result,
    utc_now,
)
from tierassess.session import JOURNAL_FILE, Event
from tierassess.textsafe import check_name, clean_note
from tierassess.workspace import EVIDENCE_FILES_DIR, Workspace
from tierassess.yamlio import fsync_dir

if TYPE_CHECKING:
    from tierassess.freshness import KindCheck
    from tierassess.session import SiteSession

CHUNK_SIZE = 1024 * 1024
_DEPTH = 4
MIN_PREFIX = 4
_SHA_CHARS = re.compile(r"^[0-9a-f]+$")
_INCOMING_PREFIX = ".incoming-"

Progress = Callable[[int], None]
"""Called with the number of bytes just processed (drives a progress bar)."""

# Media types whose kind of evidence is plain from the type alone; anything else stays unset
# rather than guessed, because the kind decides which freshness rule applies.
_KIND_BY_MEDIA_TYPE = {
    "image/jpeg": EvidenceKind.PHOTO,
    "image/png": EvidenceKind.PHOTO,
    "image/tiff": EvidenceKind.PHOTO,
    "image/heic": EvidenceKind.PHOTO,
    "image/webp": EvidenceKind.PHOTO,
    "image/vnd.dwg": EvidenceKind.DRAWING,
    "image/vnd.dxf": EvidenceKind.DRAWING,
    "application/acad": EvidenceKind.DRAWING,
}
_EXTRA_TYPES = {".dwg": "image/vnd.dwg", ".dxf": "image/vnd.dxf", ".heic": "image/heic"}
_EXIF_TYPES = ("image/jpeg", "image/tiff")
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 36867


@dataclass(frozen=True)
class StoredFile:
    """The outcome of copying one file into the store."""

    sha256: str
    size: int
    path: Path
    new: bool


def hash_file(path: Path, progress: Progress | None = None) -> tuple[str, int]:
    """SHA-256 and size of a file, read 1 MiB at a time."""
    digest = hashlib.sha256()
    size = 0
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    with path.open("rb", buffering=0) as handle:
        while count := handle.readinto(buffer):
            digest.update(view[:count])
            size += count
            if progress:
                progress(count)
    return digest.hexdigest(), size


def _write_all(fd: int, data: memoryview) -> None:
    written = 0
    while written < len(data):
        written += os.write(fd, data[written:])


def _copy_hashing(source: BinaryIO, target: int, progress: Progress | None) -> tuple[str, int]:
    """Copy ``source`` to the descriptor ``target`` and hash it, reading each byte once.

    Writing runs on a second thread while the main thread hashes the same chunk (both release
    the GIL), so the copy costs little more than the hash; memory stays at ``_DEPTH`` buffers of
    ``CHUNK_SIZE`` however large the file.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    digest = hashlib.sha256()
    buffers = [bytearray(CHUNK_SIZE) for _ in range(_DEPTH)]
    pending: list[Future[None] | None] = [None] * _DEPTH
    size = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-write") as writer:
        slot = 0
        while True:
            previous = pending[slot]
            if previous is not None:
                previous.result()  # this buffer is free again (and a failed write raises here)
            buffer = buffers[slot]
            try:
                count = source.readinto(buffer)  # type: ignore[attr-defined]
            except OSError as exc:  # a read error midway names no file: say which one
                exc.filename = exc.filename or getattr(source, "name", None)
                raise
            if not count:
                break
            chunk = memoryview(buffer)[:count]
            size += count
            pending[slot] = writer.submit(_write_all, target, chunk)
            digest.update(chunk)
            if progress:
                progress(count)
            slot = (slot + 1) % _DEPTH
        for future in pending:
            if future is not None:
                future.result()
    return digest.hexdigest(), size


def store_file(
    workspace: Workspace, site_id: str, source: Path, progress: Progress | None = None
) -> StoredFile:
    """Copy ``source`` into the site's store under its SHA-256, hashing while copying.

    The copy goes to a temporary file inside the store and is renamed to its hash only when
    complete, so a failed or interrupted copy never leaves a partial file under a hash name.

    The data is not forced to disk with fsync: on the disks this runs on that halves the speed
    of adding large files (the throughput target is that of a plain copy). A power cut in the
    seconds after an add can therefore leave a stored file short; ``evidence verify`` reports
    it, and adding the same file again replaces it.
    """
    store = workspace.site_dir(site_id) / EVIDENCE_FILES_DIR
    store.mkdir(parents=True, exist_ok=True)
    try:
        handle = source.open("rb", buffering=0)
    except IsADirectoryError:
        raise InputError(t("evidence.err.is_folder", path=source)) from None
    except OSError as exc:
        raise InputError(t("evidence.err.unreadable", path=source, why=exc.strerror)) from None
    fd, temp_name = tempfile.mkstemp(prefix=_INCOMING_PREFIX, dir=store)
    temp = Path(temp_name)
    try:
        with handle:
            sha256, size = _copy_hashing(handle, fd, progress)
        os.close(fd)
        fd = -1
        target = workspace.evidence_file(site_id, sha256)
        existed = target.is_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        temp.chmod(0o444)  # evidence is never edited in place
        # Replacing a file already stored costs nothing more (the copy is made) and repairs
        # one that was damaged since: the new copy is known to match its name.
        temp.replace(target)
        fsync_dir(target.parent)
        return StoredFile(sha256, size, target, new=not existed)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def media_type_of(name: str) -> str:
    """The media type a file name suggests (application/octet-stream when unknown)."""
    suffix = Path(name).suffix.lower()
    if suffix in _EXTRA_TYPES:
        return _EXTRA_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name, strict=False)
    return guessed or "application/octet-stream"


def exif_capture_date(path: Path) -> date | None:
    """DateTimeOriginal from a JPEG or TIFF photo's EXIF, when present and sane."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with Image.open(path) as image:
                exif = image.getexif()
                raw = exif.get_ifd(_EXIF_IFD).get(_DATETIME_ORIGINAL)
    except Exception:  # any unreadable image simply has no EXIF date
        return None
    if not isinstance(raw, str):
        return None
    try:
        taken = datetime.strptime(raw.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return taken.date() if taken.year >= 1990 else None


def _captured(
    path: Path, media_type: str, given: date | str | None
) -> tuple[date, CapturedSource, date | None]:
    """The capture date to record, where it came from, and the EXIF date if there was one."""
    exif = exif_capture_date(path) if media_type in _EXIF_TYPES else None
    if exif is not None and exif > utc_now().date():
        exif = None  # a camera whose clock runs ahead proves no date
    if given is not None:
        chosen = parse_date(given) if isinstance(given, str) else given
        if chosen > utc_now().date():
            raise InputError(t("evidence.err.future", day=format_date(chosen)))
        return chosen, CapturedSource.GIVEN, exif
    if exif is not None:
        return exif, CapturedSource.EXIF, exif
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
    return mtime, CapturedSource.FILE, None


def _check_criteria(criteria: Iterable[str], checklist: Checklist | None) -> list[str]:
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


def _site_checklist(workspace: Workspace, assessment: Assessment) -> Checklist:
    """The site's checklist (the workspace caches it while its files are unchanged)."""
    return workspace.load_checklist(assessment.checklist_id)


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


def resolve_kind(kind: EvidenceKind | str | None, media_type: str) -> EvidenceKind | None:
    """The kind given, else the one the media type suggests (None when it suggests none)."""
    if kind is None:
        return _KIND_BY_MEDIA_TYPE.get(media_type)
    try:
        return EvidenceKind(kind)
    except ValueError:
        known = ", ".join(k.value for k in EvidenceKind)
        raise InputError(t("evidence.err.unknown_kind", kind=kind, known=known)) from None


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
    if not path.exists():
        raise InputError(t("evidence.err.no_file", path=path))
    if not path.is_file():
        raise InputError(t("evidence.err.not_regular", path=path))
    if path.stat().st_size == 0:
        raise InputError(t("evidence.err.empty", path=path))
    assessment = session.assessment
    wanted = _check_criteria(criteria, checklist or _site_checklist(session.workspace, assessment))
    media_type = media_type_of(path.name)
    evidence_kind = resolve_kind(kind, media_type)
    captured_at, captured_source, exif_date = _captured(path, media_type, captured)
    name = check_name(path.name, "file name")
    description = clean_note(note)
    stored = store_file(session.workspace, session.site_id, path, progress)

    index = session.evidence_index
    item = index.get(stored.sha256)
    duplicate = item is not None
    if item is None:
        item = EvidenceItem(
            sha256=stored.sha256,
            original_name=name,
            media_type=media_type,
            size=stored.size,
            kind=evidence_kind,
            captured_at=captured_at,
            captured_source=captured_source,
            added_at=utc_now(),
            added_by=session.actor,
            description=description,
            criteria=[],
        )
        index.items.append(item)
    else:
        if item.description is None and description:
            item.description = description
        if item.kind is None and evidence_kind is not None:
            item.kind = evidence_kind
        if (
            captured_source is CapturedSource.GIVEN
            and item.captured_source is not CapturedSource.GIVEN
        ):
            item.captured_at, item.captured_source = captured_at, captured_source
    new_links = [c for c in wanted if c not in item.criteria]
    item.criteria.extend(new_links)
    _link_answers(assessment, item.sha256, item.criteria)

    details: dict[str, object] = {
        "name": name,
        "size": stored.size,
        "media_type": media_type,
        "criteria": new_links,
        "duplicate": duplicate,
    }
    if not duplicate:
        details["captured_at"] = captured_at.isoformat()
        details["captured_source"] = captured_source.value
    if exif_date is not None and exif_date != captured_at:
        details["exif_date"] = exif_date.isoformat()
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
    wanted = _check_criteria(criteria, _site_checklist(session.workspace, assessment))
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
    wanted = _check_criteria(criteria, None)
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


# --- verification --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlteredFile:
    """A stored evidence file whose bytes no longer match its recorded SHA-256."""

    item: EvidenceItem
    actual_sha256: str
    actual_size: int


@dataclass(frozen=True)
class LinkMismatch:
    """An answer and the index disagree about one link."""

    criterion_id: str
    sha256: str
    reason: str


@dataclass
class VerifyReport:
    """What ``verify_site`` found. Missing and altered files and chain breaks fail the check."""

    checked: int = 0
    bytes_checked: int = 0
    missing: list[EvidenceItem] = field(default_factory=list)
    altered: list[AlteredFile] = field(default_factory=list)
    chain_breaks: list[ChainBreak] = field(default_factory=list)
    unindexed: list[Path] = field(default_factory=list)
    mismatches: list[LinkMismatch] = field(default_factory=list)
    log_entries: int = 0
    pending_change: bool = False  # a journal a killed commit left; the next writer completes it

    @property
    def ok(self) -> bool:
        """Whether nothing is missing or altered and the audit chain holds."""
        return not (self.missing or self.altered or self.chain_breaks)


def _store_files(store: Path) -> Iterable[Path]:
    if not store.is_dir():
        return []
    return sorted(p for p in store.glob("??/*") if p.is_file())


def link_mismatches(assessment: Assessment, index: EvidenceIndex) -> list[LinkMismatch]:
    """Links the index records that the answers lack, and the other way round."""
    problems: list[LinkMismatch] = []
    known = {item.sha256 for item in index.items}
    for item in index.items:
        for criterion_id in item.criteria:
            if item.sha256 not in assessment.answer(criterion_id).evidence:
                problems.append(
                    LinkMismatch(
                        criterion_id, item.sha256, "linked in evidence.yaml, not in the answer"
                    )
                )
    for criterion_id, answer in assessment.answers.items():
        for ref in answer.evidence:
            cited = index.get(ref) if ref in known else None
            if cited is None:
                problems.append(
                    LinkMismatch(criterion_id, ref, "the answer cites evidence not in the store")
                )
            elif criterion_id not in cited.criteria:
                problems.append(
                    LinkMismatch(
                        criterion_id, ref, "cited by the answer, not linked in evidence.yaml"
                    )
                )
    return problems


def verify_site(
    workspace: Workspace, site_id: str, progress: Progress | None = None
) -> VerifyReport:
    """Recompute every stored file's hash, check the audit chain and the answer/evidence links."""
    report = VerifyReport()
    index = workspace.load_evidence_index(site_id)
    for item in index.items:
        path = workspace.evidence_file(site_id, item.sha256)
        if not path.is_file():
            report.missing.append(item)
            if progress:
                progress(item.size)
            continue
        actual, size = hash_file(path, progress)
        report.checked += 1
        report.bytes_checked += size
        if actual != item.sha256 or size != item.size:
            report.altered.append(AlteredFile(item, actual, size))
    indexed = {item.sha256 for item in index.items}
    store = workspace.site_dir(site_id) / EVIDENCE_FILES_DIR
    report.unindexed = [p for p in _store_files(store) if p.name not in indexed]
    log_path = workspace.audit_log_path(site_id)
    report.chain_breaks = verify_chain(log_path)
    from tierassess.audit import read_log

    report.log_entries = len(read_log(log_path))
    report.mismatches = link_mismatches(workspace.load_assessment(site_id), index)
    report.pending_change = (workspace.site_dir(site_id) / JOURNAL_FILE).exists()
    return report


def store_size(workspace: Workspace, site_id: str) -> int:
    """Bytes of evidence the index lists (what a verify or a bundle has to read)."""
    return sum(item.size for item in workspace.load_evidence_index(site_id).items)


# --- freshness report ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StaleRow:
    """A claimed criterion whose evidence does not back it (stale, missing or rejected)."""

    criterion_id: str
    status: str
    result: str
    checks: list[KindCheck]
    items: list[EvidenceItem]
    as_of: date

    def expected_text(self, lang: str) -> str:
        """Per expected kind: its age limit, its status and, when stale, when it expired."""
        from tierassess.i18n import t

        parts = []
        for check in self.checks:
            text = t(f"evidence_kind.{check.kind.value}", lang)
            if check.max_age_days:
                text += t("criterion.max_age", lang, days=check.max_age_days)
            text += f": {t(f'evidence.status.{check.status.value}', lang)}"
            if check.expires is not None and check.status is EvidenceStatus.STALE:
                text += " " + t("evidence.stale.expired", lang, date=check.expires.isoformat())
            parts.append(text)
        return "\n".join(parts) or "-"

    def evidence_text(self, lang: str | None = None) -> str:
        """The row's evidence files, one line each with its age, in ``lang``."""
        from tierassess.i18n import t

        lines = []
        for item in self.items:
            age = (
                ", " + t("evidence.stale.age_days", lang, days=(self.as_of - item.captured_at).days)
                if item.captured_at
                else ""
            )
            kind = t(f"evidence_kind.{item.kind.value}", lang) if item.kind else "?"
            lines.append(
                f"{item.sha256[:12]} {item.original_name} ({kind}, {item.captured_at or '-'}{age})"
            )
        return "\n".join(lines) or "-"


@dataclass
class StaleReport:
    """The criteria of a site whose evidence is missing or too old, as of a date."""

    site_id: str
    as_of: date
    rows: list[StaleRow]

    def as_json(self) -> dict[str, object]:
        """The report as plain data for ``--format json``."""
        return {
            "site": self.site_id,
            "as_of": self.as_of.isoformat(),
            "criteria": [
                {
                    "criterion_id": row.criterion_id,
                    "status": row.status,
                    "result": row.result,
                    "expected": [
                        {
                            "kind": check.kind.value,
                            "max_age_days": check.max_age_days,
                            "status": check.status.value,
                            "newest": check.newest.isoformat() if check.newest else None,
                            "expires": check.expires.isoformat() if check.expires else None,
                        }
                        for check in row.checks
                    ],
                    "evidence": [
                        {
                            "sha256": i.sha256,
                            "name": i.original_name,
                            "kind": i.kind.value if i.kind else None,
                            "captured_at": i.captured_at.isoformat() if i.captured_at else None,
                            "age_days": (self.as_of - i.captured_at).days
                            if i.captured_at
                            else None,
                        }
                        for i in row.items
                    ],
                }
                for row in self.rows
            ],
        }


_CLAIMS = (Result.MET, Result.PARTIAL)
_REPORTED = (EvidenceStatus.STALE, EvidenceStatus.MISSING, EvidenceStatus.REJECTED)


def stale_report(workspace: Workspace, site_id: str, as_of: date | None = None) -> StaleReport:
    """Every claimed (met or partial) criterion whose evidence is stale, missing or rejected.

    The rule is the scoring's own (``tierassess.freshness``), so this report and the scorecard
    never disagree.
    """
    from tierassess.freshness import evidence_details, evidence_status

    when = as_of or utc_now().date()
    assessment = workspace.load_assessment(site_id)
    checklist = _site_checklist(workspace, assessment)
    index = workspace.load_evidence_index(site_id)
    rows = []
    for criterion in checklist.applicable(assessment.site):
        answer = assessment.answers.get(criterion.id)
        if answer is None or answer.result not in _CLAIMS:
            continue
        status = evidence_status(criterion, answer, index, when)
        if status not in _REPORTED:
            continue
        checks = evidence_details(criterion, answer, index, when)
        linked = {sha for check in checks for sha in check.items} | set(answer.evidence)
        items = [item for item in index.items if item.sha256 in linked]
        rows.append(StaleRow(criterion.id, status.value, answer.result.value, checks, items, when))
    return StaleReport(site_id, when, rows)
