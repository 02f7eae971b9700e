"""The content store: evidence files kept by their SHA-256, and what a file says about itself.

Each site keeps its files under ``evidence/<site>/files/ab/<sha256>``. A file is hashed in the same
pass that copies it into the store (1 MiB at a time, so memory stays flat for any size), written
to a temporary file inside the store and renamed into place only once its hash is known; a file
already stored is not stored twice. This module also reads what a file tells about itself: its
media type, the kind of evidence that type implies, and its capture date (the date given, else
the photo's EXIF date, else the file's modification time).
"""

from __future__ import annotations

from tierassess.errors import os_reason

import contextlib
import hashlib
import mimetypes
import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from tierassess.errors import InputError
from tierassess.formats import format_date, parse_date
from tierassess.i18n import t
from tierassess.core.models import CapturedSource, EvidenceKind, utc_now
from tierassess.storage.workspace import EVIDENCE_FILES_DIR, Workspace
from tierassess.yamlio import fsync_dir

__all__ = [
    "CHUNK_SIZE",
    "Progress",
    "StoredFile",
    "capture_date",
    "exif_capture_date",
    "hash_file",
    "media_type_of",
    "resolve_kind",
    "store_file",
]

CHUNK_SIZE = 1024 * 1024
_DEPTH = 4
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
        raise InputError(t("evidence.err.unreadable", path=source, why=os_reason(exc))) from None
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


def capture_date(
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


def resolve_kind(kind: EvidenceKind | str | None, media_type: str) -> EvidenceKind | None:
    """The kind given, else the one the media type suggests (None when it suggests none)."""
    if kind is None:
        return _KIND_BY_MEDIA_TYPE.get(media_type)
    try:
        return EvidenceKind(kind)
    except ValueError:
        known = ", ".join(k.value for k in EvidenceKind)
        raise InputError(t("evidence.err.unknown_kind", kind=kind, known=known)) from None
