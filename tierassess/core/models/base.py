"""What every model rests on: the base classes, the languages, bilingual text, bounded names."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

CRITERION_ID_PATTERN = r"^[A-Z]{2,5}(-[A-Z0-9]{2,8})*-[0-9]{2,3}$"


SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


SHA256_PATTERN = r"^[0-9a-f]{64}$"

VERSION_PATTERN = r"^\d+\.\d+(\.\d+)?$"
"""A catalogue version: 1.2 or 1.2.0."""


def version_key(version: str) -> tuple[int, int, int]:
    """A catalogue version as numbers, so that 1.10.0 sorts after 1.9.0 (1.2 is 1.2.0)."""
    parts = [int(p) for p in version.split(".")]
    return (parts[0], parts[1], parts[2] if len(parts) > 2 else 0)


def utc_now() -> datetime:
    """The current time in UTC, without microseconds (they only add noise to diffs)."""
    return datetime.now(UTC).replace(microsecond=0)


def utc_stamp(moment: datetime) -> str:
    """A UTC moment as the audit log and the lock file store it: ISO 8601 with "Z".

    The questionnaire compares these texts with each other, so they must all be written here.
    """
    return moment.isoformat().replace("+00:00", "Z")


class Model(BaseModel):
    """Base of every model; validators are built on first use, not at import.

    Building all of them up front costs a quarter of a second on every start, and most commands use
    few.
    """

    model_config = ConfigDict(defer_build=True)


class FileModel(Model):
    """Base for everything read from a user-editable file: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class Lang(StrEnum):
    """The languages the tool speaks: Vietnamese and English."""

    VI = "vi"
    EN = "en"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank)]


def _name(value: str) -> str:
    from tierassess.textsafe import MAX_NAME_CHARS, has_control, nfc

    value = nfc(value).strip()
    if not value:
        raise ValueError("must not be empty")
    if has_control(value):
        raise ValueError("must not hold control characters (line breaks, tabs, escapes, NUL)")
    if len(value) > MAX_NAME_CHARS:
        raise ValueError(f"is {len(value)} characters long, over the limit of {MAX_NAME_CHARS}")
    return value


def _free_text(value: str) -> str:
    from tierassess.textsafe import MAX_NOTE_CHARS, strip_controls

    value = strip_controls(value)
    if len(value) > MAX_NOTE_CHARS:
        raise ValueError(f"is {len(value)} characters long, over the limit of {MAX_NOTE_CHARS}")
    return value


Name = Annotated[str, AfterValidator(_name)]
"""A person's, a site's or a file's name: NFC, one line, no control character, bounded length."""


FreeText = Annotated[str, AfterValidator(_free_text)]
"""Notes and comments: NFC, control characters (but line breaks and tabs) removed, bounded."""


FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class LocalizedText(FileModel):
    """A text every user sees, in Vietnamese and English; both are required."""

    vi: NonBlank
    en: NonBlank

    def get(self, lang: Lang | str) -> str:
        """The text in ``lang``: Vietnamese for ``vi``, else English."""
        return self.vi if str(lang) == "vi" else self.en
