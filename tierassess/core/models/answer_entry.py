"""What an answer kind is given and gives back: entries, accepted answers, menu choices.

Also the per-level figures a yardstick may set for a criterion (``LevelThreshold``), which each
kind judges its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Protocol

from pydantic import Field, model_validator

from tierassess.core.models.assessment import Result
from tierassess.core.models.base import FileModel, Lang

if TYPE_CHECKING:
    from tierassess.core.quantities import QuantityError


class UnitNames(Protocol):
    """Whatever names units for readers (a ``Checklist``: ``sets`` reads ``tổ máy``)."""

    def unit_label(self, unit: str | None, lang: Lang | str) -> str:
        """``unit`` as people read it in ``lang``."""
        ...


@dataclass(frozen=True)
class AnswerEntry:
    """An answer as given (typed, chosen in a menu, read from a file), before it is accepted.

    ``wanted`` is the result given with it, if any: it must agree with what the value earns.
    ``convention`` says how a typed number reads ("vi": 1.500 is 1500; "en": 1.5).
    """

    value: str | float | None = None
    unit: str | None = None
    choice: str | None = None
    wanted: Result | None = None
    convention: str | None = None


@dataclass(frozen=True)
class AcceptedAnswer:
    """What an accepted entry stores: the result it earns, and its value, unit or choice."""

    result: Result
    value: float | None = None
    unit: str | None = None
    choice: str | None = None


@dataclass(frozen=True)
class MenuChoice:
    """One answer the questionnaire's menu offers for a criterion.

    ``action`` is the menu's value; ``entry`` is what choosing it records, or None when the
    questionnaire must first ask for a typed value (read with ``typed_readings``).
    """

    title: str
    action: str
    entry: AnswerEntry | None


def given(text: str | float | None) -> bool:
    """Whether a value or choice was given (not None, not blank)."""
    return text is not None and bool(str(text).strip())


def answer_error(field: str, key: str, **values: object) -> QuantityError:
    """The answer error for ``field``: message ``key`` in the current language."""
    from tierassess.core.quantities import QuantityError
    from tierassess.i18n import t

    return QuantityError(field, t(key, None, **values))


class LevelThreshold(FileModel):
    """What a criterion asks at one level of a yardstick, where it differs from its answer spec.

    Applies from its level up to the next level that has its own entry.
    """

    threshold: float | None = Field(
        default=None, description="Measured criteria: the threshold at this level."
    )
    partial_threshold: float | None = None
    met_options: list[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]] | None = Field(
        default=None, description="Choice criteria: the options that count as met at this level."
    )
    verified: bool = Field(
        default=True, description="False where this figure could not be confirmed from a source."
    )

    @model_validator(mode="after")
    def _says_something(self) -> LevelThreshold:
        if self.threshold is None and self.met_options is None:
            raise ValueError("a level threshold needs 'threshold' or 'met_options'")
        if self.partial_threshold is not None and self.threshold is None:
            raise ValueError("partial_threshold needs a threshold")
        return self
