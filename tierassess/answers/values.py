"""Step 2 of an answer: reading what was typed or written against the criterion's answer kind.

A number as engineers type it ("12,5", "1.500 kW"), a unit that must be the criterion's own, an
option named by its id or its label in either language, a result named the same way. Each reader
returns the value the rules (``tierassess.answers.record``) store, or raises ``AnswerError`` with
the field it is about and why, in the reader's language.
"""

from __future__ import annotations

import math

from tierassess.errors import InputError
from tierassess.formats import parse_number as parse_text_number
from tierassess.i18n import current_lang, t
from tierassess.models import ChoiceAnswer, ChoiceOption, MeasuredAnswer, Result
from tierassess.quantities import QuantityError as AnswerError
from tierassess.quantities import check_measured, read_measured, unit_matches

__all__ = [
    "ANSWERABLE",
    "AnswerError",
    "check_unit",
    "check_value",
    "measured_value",
    "parse_number",
    "parse_result",
    "resolve_choice",
]

ANSWERABLE = (Result.MET, Result.PARTIAL, Result.NOT_MET, Result.NOT_APPLICABLE)


def parse_number(text: str | float | int, convention: str | None = None) -> float:
    """A number as engineers type it ("12", "12,5", "1.500", "1 200"); raises AnswerError.

    Without ``convention`` a text that reads differently in Vietnamese and English ("1.500") is
    refused as ambiguous; with it, the text is read in that convention.
    """
    if isinstance(text, bool):
        raise AnswerError("value", t("assess.err.not_a_number", text=text))
    if isinstance(text, int | float):
        if not math.isfinite(text):
            raise AnswerError("value", t("assess.err.not_a_number", text=text))
        return float(text)
    try:
        return parse_text_number(str(text), convention)
    except InputError as exc:
        raise AnswerError("value", exc.message, hint=exc.hint) from None


def check_value(spec: MeasuredAnswer, value: float, unit_label: str | None = None) -> float:
    """The value if it is plausible (and whole, for a count); raises AnswerError saying why not.

    ``unit_label`` is the unit as the reader reads it (``Checklist.unit_label``).
    """
    return check_measured(spec, value, unit_label)


def check_unit(spec: MeasuredAnswer, unit: str | None) -> str:
    """The criterion's own unit; a different unit given with the value is refused (no conversion)."""
    parts = [unit, *unit.split(" / ")] if unit is not None else []
    if unit is not None and unit.strip() and not any(unit_matches(spec, p) for p in parts):
        raise AnswerError("unit", t("assess.err.wrong_unit", unit=unit.strip(), expected=spec.unit))
    return spec.unit


def measured_value(
    spec: MeasuredAnswer, value: str | float, convention: str | None = None
) -> float:
    """A measured value typed or read from a file, with an optional unit after the number."""
    if isinstance(value, str):
        reading = read_measured(spec, value)
        try:
            number = reading.value(convention)
        except InputError as exc:
            raise AnswerError("value", exc.message, hint=exc.hint) from None
        return check_measured(spec, number)
    return check_measured(spec, parse_number(value))


def resolve_choice(spec: ChoiceAnswer, choice: str) -> ChoiceOption:
    """The option named by its id or by its label in either language (case-insensitive)."""
    wanted = choice.strip().casefold()
    for option in spec.options:
        names = {option.id, option.label.vi, option.label.en, f"{option.label.vi} / {option.id}"}
        if wanted in {n.casefold() for n in names}:
            return option
    lang = current_lang()
    known = ", ".join(f"{o.label.get(lang)} ({o.id})" for o in spec.options)
    raise AnswerError("choice", t("assess.err.unknown_choice", choice=choice, known=known))


def parse_result(text: str | Result) -> Result:
    """A result from its id (``met``) or its label in either language (``Đạt``, ``Met``)."""
    if isinstance(text, Result):
        return text
    wanted = str(text).strip().casefold()
    for result in Result:
        names = {
            result.value,
            result.value.replace("_", " "),
            t(f"result.{result.value}", "vi"),
            t(f"result.{result.value}", "en"),
        }
        names.add(f"{t(f'result.{result.value}', 'vi')} / {result.value}")
        if wanted in {n.casefold() for n in names}:
            return result
    if wanted in {"partially_met", "partially met"}:
        return Result.PARTIAL
    known = ", ".join(r.value for r in ANSWERABLE)
    raise AnswerError("result", t("assess.err.unknown_result", result=text, known=known))
