"""Step 2 of an answer, the part every kind shares: a result and a number as people write them.

A result is named by its id or its label in either language ("Đạt", "met"); a number as engineers
type it ("12,5", "1.500", "1 200"). What a value, unit or option means for one criterion is its
answer kind's to say (``accept`` in ``tierassess.core.models.answer_kinds``). Each reader raises
``AnswerError`` with the field it is about and why, in the reader's language.
"""

from __future__ import annotations

import math

from tierassess.core.models import Result
from tierassess.core.quantities import QuantityError as AnswerError
from tierassess.errors import InputError
from tierassess.formats import parse_number as parse_text_number
from tierassess.i18n import t

__all__ = [
    "ANSWERABLE",
    "AnswerError",
    "parse_number",
    "parse_result",
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
