"""Measured values as typed: a number in either convention, an optional unit, checked for sense.

The unit table (``quantities.toml``) says which units are counts (no fractions), the plausible
maximum a criterion falls back on when the catalogue gives none, and the words people type after a
number in Vietnamese or English ("15 giây", "15 s", "95 %", "1 tổ máy").
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Protocol

from tierassess.errors import InputError
from tierassess.formats import NumberReading, format_number, read_number
from tierassess.i18n import t


class MeasuredSpec(Protocol):
    """What reading a measured value needs of its criterion (``models.MeasuredAnswer`` has it).

    A protocol, not the model, so that the model's own methods can use this module.
    """

    @property
    def unit(self) -> str:
        """The criterion's unit."""
        ...

    @property
    def plausible_min(self) -> float:
        """The lowest plausible value."""
        ...

    @property
    def plausible_max(self) -> float | None:
        """The highest plausible value, if the criterion gives one."""
        ...


_TABLE = Path(__file__).resolve().parent / "quantities.toml"


class QuantityError(InputError):
    """An answer the criterion does not accept; ``field`` names what is wrong ("value", "unit").

    ``answers.AnswerError`` is this class: every answer rule raises the same error.
    """

    def __init__(self, field: str, message: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.field = field


@dataclass(frozen=True)
class Quantity:
    """What a unit means for data entry."""

    unit: str
    integer: bool = False
    max: float | None = None
    words: frozenset[str] = frozenset()


def _key(word: str) -> str:
    text = unicodedata.normalize("NFC", word).casefold()
    return re.sub(r"[\s.]+", "", text)


@cache
def _table() -> dict[str, Quantity]:
    import tomllib

    data = tomllib.loads(_TABLE.read_text(encoding="utf-8"))
    return {
        unit: Quantity(
            unit,
            bool(entry.get("integer", False)),
            entry.get("max"),
            frozenset(_key(w) for w in [unit, *entry.get("words", [])]),
        )
        for unit, entry in data.items()
    }


def quantity(unit: str) -> Quantity:
    """The table's entry for ``unit`` (a unit not in the table: real-valued, no fallback bound)."""
    return _table().get(unit) or Quantity(unit, words=frozenset({_key(unit)}))


def bounds(spec: MeasuredSpec) -> tuple[float, float | None]:
    """The plausible range: the criterion's own, else the unit's fallback maximum."""
    maximum = spec.plausible_max if spec.plausible_max is not None else quantity(spec.unit).max
    return spec.plausible_min, maximum


_NUMBER_THEN_UNIT = re.compile(
    r"^\s*([-+\u2212]?[0-9][0-9.,\s\u00a0\u202f\u2009]*|[.,][0-9]+)(.*)$"
)


def split_unit(text: str) -> tuple[str, str | None]:
    """("15", "giây") from "15 giây"; the unit is None when only a number was typed."""
    match = _NUMBER_THEN_UNIT.match(str(text))
    if match is None:
        return str(text).strip(), None
    number, unit = match[1].strip(), match[2].strip()
    if unit and not re.match(r"[^\W\d_]|[%°Ω]", unit):
        return str(text).strip(), None  # "1_0", "12#": not a number followed by a unit
    return number, (unit or None)


def unit_matches(spec: MeasuredSpec, typed: str, labels: tuple[str, ...] = ()) -> bool:
    """Whether ``typed`` names the criterion's unit in either language."""
    return _key(typed) in quantity(spec.unit).words | {_key(label) for label in labels if label}


def read_measured(
    spec: MeasuredSpec, text: str, labels: tuple[str, ...] = (), unit_name: str | None = None
) -> NumberReading:
    """The readings of a typed value such as "1.500", "15 giây" or "95 %".

    A unit after the number must be the criterion's own (``labels``: how the catalogue names it);
    ``unit_name`` is how the error names the expected unit. Bounds are checked by ``check_measured``.
    """
    number, unit = split_unit(text)
    if unit is not None and not unit_matches(spec, unit, labels):
        raise QuantityError(
            "unit",
            t("quantities.err.wrong_unit", text=str(text).strip(), unit=unit_name or spec.unit),
        )
    try:
        return read_number(number)
    except InputError as exc:
        raise QuantityError("value", exc.message) from None


def check_measured(
    spec: MeasuredSpec,
    value: float | Decimal,
    unit_name: str | None = None,
    lang: str | None = None,
) -> float:
    """``value`` as a float when it is plausible and, for a count, whole; else QuantityError."""
    number = float(value)
    unit = unit_name or spec.unit
    if not math.isfinite(number):
        raise QuantityError("value", t("assess.err.not_a_number", text=value))
    shown = format_number(Decimal(str(value)) if isinstance(value, Decimal) else number, lang)
    if quantity(spec.unit).integer and not number.is_integer():
        raise QuantityError("value", t("quantities.err.not_whole", value=shown, unit=unit))
    low, high = bounds(spec)
    if number < low:
        key = "assess.err.negative" if low == 0 else "assess.err.too_small"
        raise QuantityError("value", t(key, value=shown, min=format_number(low, lang), unit=unit))
    if high is not None and number > high:
        raise QuantityError(
            "value",
            t("assess.err.too_large", value=shown, max=format_number(high, lang), unit=unit),
        )
    return number
