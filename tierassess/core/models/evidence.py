"""The evidence store's metadata: what each kept file is, when it was captured, what it backs."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from tierassess.core.models.base import (
    CRITERION_ID_PATTERN,
    SHA256_PATTERN,
    FileModel,
    FreeText,
    Name,
)


class EvidenceKind(StrEnum):
    """What an evidence file is: photo, drawing, test record, log or document."""

    PHOTO = "photo"
    DRAWING = "drawing"
    TEST_RECORD = "test_record"
    LOG = "log"
    DOCUMENT = "document"


class CapturedSource(StrEnum):
    """Where an evidence file's capture date came from: EXIF, the file's time, or given."""

    EXIF = "exif"
    FILE = "file"
    GIVEN = "given"


class EvidenceItem(FileModel):
    """A file kept by content in the site's evidence store."""

    sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]
    original_name: Name
    media_type: str
    size: Annotated[int, Field(ge=0)]
    kind: EvidenceKind | None = None
    captured_at: date | None = None
    captured_source: CapturedSource | None = None
    added_at: datetime
    added_by: str
    description: FreeText | None = None
    criteria: list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]] = Field(
        default_factory=list
    )
    sample: bool = False


class EvidenceIndex(FileModel):
    """The metadata of every evidence item of a site: evidence/<site>/evidence.yaml."""

    format_version: Literal[1] = 1
    items: list[EvidenceItem] = Field(default_factory=list)

    def get(self, sha256: str) -> EvidenceItem | None:
        """The item with this SHA-256, or None."""
        for item in self.items:
            if item.sha256 == sha256:
                return item
        return None
