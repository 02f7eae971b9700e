"""What is asked about an evidence file when it is attached: its kind and its date.

Also whether its content is what its name says. The defaults come from the file (its type, a photo's EXIF date, else the file's date); the engineer
confirms them, because a criterion's requirement is met only by evidence of the kind it asks for
(``tierassess.freshness``). A file whose first bytes do not match its extension (a 10-byte
"fake.pdf") is flagged before it is stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tierassess.models import EvidenceKind

# Signatures of the formats evidence comes in: extension -> accepted first bytes.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
    ".webp": (b"RIFF",),
    ".zip": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".dwg": (b"AC10",),
}
_TEXT = (".txt", ".csv", ".log", ".md", ".json", ".yaml", ".yml", ".xml", ".dxf")


def content_mismatch(path: Path) -> str | None:
    """The extension a file claims when its content is not of that type, else None.

    None too when the type is not one this check knows.
    """
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    if suffix in _SIGNATURES:
        return None if head.startswith(_SIGNATURES[suffix]) else suffix
    if suffix in _TEXT:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the 4 KB boundary
                return suffix
    return None


def suggested_kind(path: Path) -> EvidenceKind | None:
    """The kind the file type suggests: photos and drawings by type, logs by extension."""
    from tierassess.evidence import media_type_of, resolve_kind

    if path.suffix.lower() in (".log", ".csv"):
        return EvidenceKind.LOG
    return resolve_kind(None, media_type_of(path.name))


def suggested_date(path: Path) -> date:
    """A photo's EXIF date when it has one, else the file's modification date."""
    from tierassess.evidence import exif_capture_date

    exif = (
        exif_capture_date(path)
        if path.suffix.lower() in (".jpg", ".jpeg", ".tif", ".tiff")
        else None
    )
    if exif is not None and exif <= datetime.now(UTC).date():
        return exif
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
