"""Numbers, percentages, money, sizes and dates as each language writes them, and read back.

One module so that there is one way to do each: every screen, report and import formats and parses
through here. ``format_*`` and ``parse_*`` are exact inverses (a property test proves it).

Conventions: Vietnamese groups thousands with "." and marks decimals with ","; English the other
way round ("1.500,5" and "1,500.5" are the same number). A text such as "1.500" is therefore
*ambiguous*: 1500 in Vietnamese, 1.5 in English. ``read_number`` returns every reading, so that a
prompt can confirm which was meant and an import can refuse the text unless its file states the
convention.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext

from tierassess.errors import InputError

CONVENTIONS = ("vi", "en")
#: More digits than any measurement or budget needs; longer text is refused before it is converted.
MAX_DIGITS = 40
_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (thousands, decimal)
_SPACES = "\u00a0\u202f\u2009 "
_MINUS = "-\u2212"


class NumberError(InputError):
    """Text that is not a number in any convention (or too long to be one)."""

    def __init__(self, text: object, key: str = "formats.err.not_a_number") -> None:
        from tierassess.i18n import t

        shown = str(text).strip()
        shown = shown if len(shown) <= 40 else shown[:40] + "…"  # a 3 GB cell is not echoed back
        super().__init__(t(key, text=shown, digits=MAX_DIGITS))
        self.text = shown


class AmbiguousNumber(InputError):
    """Text whose value depends on the convention ("1.500": 1500 or 1.5)."""

    def __init__(self, reading: NumberReading) -> None:
        from tierassess.i18n import t

        super().__init__(
            t(
                "formats.err.ambiguous",
                text=reading.text,
                vi=format_number(reading.values["vi"], "vi"),
                en=format_number(reading.values["en"], "vi"),
            ),
            hint=t("formats.err.ambiguous_hint"),
        )
        self.reading = reading


def _grouped(sep: str) -> str:
    # a first group of 1-3 digits not starting with 0 ("0.500" is never five hundred)
    return rf"[1-9][0-9]{{0,2}}(?:{re.escape(sep)}[0-9]{{3}})+"


def _pattern(convention: str) -> re.Pattern[str]:
    group, decimal = _SEPARATORS[convention]
    integer = rf"(?:[0-9]+|{_grouped(group)}|{_grouped(' ')})"
    return re.compile(rf"^(?P<int>{integer})?(?:{re.escape(decimal)}(?P<frac>[0-9]+))?$")


_PATTERNS = {c: _pattern(c) for c in CONVENTIONS}


@dataclass(frozen=True)
class NumberReading:
    """What a typed number means in each convention it is valid in."""

    text: str
    values: dict[str, Decimal]

    @property
    def ambiguous(self) -> bool:
        """Whether the conventions read the text as different numbers."""
        return len(set(self.values.values())) > 1

    def value(self, convention: str | None = None) -> Decimal:
        """The value in ``convention``; without one, the only value, else AmbiguousNumber."""
        if convention is not None and convention in self.values:
            return self.values[convention]
        if convention is not None:
            raise NumberError(self.text, f"formats.err.not_in_{convention}")
        if self.ambiguous:
            raise AmbiguousNumber(self)
        return next(iter(self.values.values()))


def _normalise(text: str) -> tuple[str, bool]:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    negative = False
    if cleaned and cleaned[0] in _MINUS + "+":
        negative = cleaned[0] in _MINUS
        cleaned = cleaned[1:].lstrip()
    for space in _SPACES:
        cleaned = cleaned.replace(space, " ")
    return cleaned, negative


def read_number(text: str) -> NumberReading:
    """Every reading of ``text`` as a number; raises NumberError when it is none.

    Accepted: digits, optional thousands groups ("1.500", "1,500", "1 500"), an optional decimal
    part, an optional sign. Not accepted: exponents, underscores ("1_0"), inf/nan, hex.
    """
    cleaned, negative = _normalise(str(text))
    if len(cleaned) > 2 * MAX_DIGITS or sum(ch.isdigit() for ch in cleaned) > MAX_DIGITS:
        raise NumberError(text, "formats.err.too_many_digits")
    values: dict[str, Decimal] = {}
    for convention, pattern in _PATTERNS.items():
        match = pattern.match(cleaned)
        if match is None or not (match["int"] or match["frac"]):
            continue
        digits = re.sub(r"[^0-9]", "", match["int"] or "0")
        number = Decimal(f"{digits}.{match['frac'] or '0'}")
        values[convention] = -number if negative else number
    if not values:
        raise NumberError(text)
    return NumberReading(str(text).strip(), values)


def parse_number(text: str, convention: str | None = None) -> float:
    """``text`` as a float: in ``convention`` when given, else its only reading (or it raises)."""
    return float(read_number(text).value(convention))


def _decimal(value: float | int | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))  # the shortest text that reads back as this float
    return Decimal(value)


def format_number(
    value: float | int | Decimal, lang: str | None = None, decimals: int | None = None
) -> str:
    """Grouped digits as the reader writes them: 1.500,5 in Vietnamese, 1,500.5 in English.

    ``decimals`` None writes as many as the value needs (and reads back exactly).
    """
    from tierassess.i18n import current_lang

    lang = lang or current_lang()
    number = _decimal(value)
    if not number.is_finite():
        raise NumberError(value)
    if decimals is None:
        text = f"{number.normalize():,f}"
    else:
        # half up, on the decimal value shown: 66.35 h is 66,4 (a float's binary 66.3499… is not)
        with localcontext() as context:
            context.prec = 400  # enough for any finite float's whole digits
            shown = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = f"{shown:,.{decimals}f}"
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # no "-0"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def format_quantity(value: float | int | Decimal, unit: str, lang: str | None = None) -> str:
    """A number followed by its unit label ("1.500 giờ"); the unit as the reader reads it."""
    return f"{format_number(value, lang)} {unit}".strip()


# --- percentages ---------------------------------------------------------------------------------


def format_percent(share: float, lang: str | None = None, decimals: int | None = 0) -> str:
    """A share (0.95) as a percentage ("95 %"); ``decimals`` None keeps every digit."""
    percent = _decimal(share) * 100
    return format_number(percent, lang, decimals) + " %"


def parse_percent(text: str, convention: str | None = None) -> float:
    """A percentage as a fraction: "95 %", "95%" or "95" -> 0.95."""
    stripped = str(text).strip().removesuffix("%").strip()
    return float(read_number(stripped).value(convention) / 100)


# --- money ---------------------------------------------------------------------------------------

MILLION = 1_000_000
BILLION = 1_000_000_000
_MONEY_WORDS = {
    "triệu": MILLION,
    "tr": MILLION,
    "million": MILLION,
    "m": MILLION,
    "tỷ": BILLION,
    "tỉ": BILLION,
    "billion": BILLION,
    "bn": BILLION,
}
_CURRENCY = ("đồng", "vnđ", "vnd", "đ")


def format_millions(vnd: int, lang: str | None = None) -> str:
    """A VND amount in millions, as plans state costs (triệu đồng / VND million).

    One decimal below 10 million (0,5), none above: the precision a cost estimate has.
    """
    millions = Decimal(vnd) / MILLION
    decimals = 0 if millions >= 10 or millions == int(millions) else 1
    return format_number(millions, lang, decimals)


def format_cost_range(low: int, high: int, lang: str | None = None) -> str:
    """A cost range in millions of VND; one figure when both ends agree."""
    if low == high:
        return format_millions(low, lang)
    return f"{format_millions(low, lang)}–{format_millions(high, lang)}"


def format_money(vnd: int, lang: str | None = None) -> str:
    """An exact VND amount in the largest word that keeps it short: "1,5 tỷ đồng", "VND 300 million"."""
    from tierassess.i18n import current_lang

    lang = lang or current_lang()
    for size, vi, en in ((BILLION, "tỷ", "billion"), (MILLION, "triệu", "million")):
        if abs(vnd) >= size:
            amount = format_number(Decimal(vnd) / size, lang)
            return f"{amount} {vi} đồng" if lang == "vi" else f"VND {amount} {en}"
    return f"{format_number(vnd, lang)} đồng" if lang == "vi" else f"VND {format_number(vnd, lang)}"


def parse_money(text: str, convention: str | None = None) -> int:
    """Whole đồng from "5 tỷ", "1,5 tỷ đồng", "300 triệu", "VND 5 billion" or "5.000.000.000"."""
    words = str(text).strip().casefold()
    for currency in _CURRENCY:
        words = words.removeprefix(currency).removesuffix(currency).strip()
    multiplier = 1
    for word, size in _MONEY_WORDS.items():
        if words.endswith(" " + word) or (
            words.endswith(word) and words[: -len(word)][-1:].isdigit()
        ):
            words = words[: -len(word)].strip()
            multiplier = size
            break
    amount = read_number(words).value(convention) * multiplier
    if amount != amount.to_integral_value():
        raise NumberError(text, "formats.err.not_whole_dong")
    return int(amount)


# --- sizes ---------------------------------------------------------------------------------------

_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")


def format_size(size: int, lang: str | None = None) -> str:
    """A byte count for people: "512 B", "1,5 MB" (binary multiples, one decimal)."""
    value = Decimal(size)
    for unit in _SIZE_UNITS:
        decimals = 0 if unit == "B" else 1
        # compared as shown: 1023.96 KB would show as "1024,0 KB", which is "1,0 MB"
        shown = abs(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if shown < 1024 or unit == _SIZE_UNITS[-1]:
            return f"{format_number(value, lang, decimals)} {unit}"
        value /= 1024
    raise AssertionError("unreachable")  # pragma: no cover


def parse_size(text: str, convention: str | None = None) -> int:
    """Bytes from "1,5 MB" (binary multiples); a plain number is bytes."""
    match = re.match(r"^(.*?)\s*([KMGT]?B)?$", str(text).strip(), re.IGNORECASE)
    assert match is not None
    unit = (match[2] or "B").upper()
    return int(read_number(match[1]).value(convention) * 1024 ** _SIZE_UNITS.index(unit))


# --- dates ---------------------------------------------------------------------------------------


def format_date(day: date | None, lang: str | None = None) -> str:
    """dd/mm/yyyy in Vietnamese, ISO 8601 in English; "—" for no date."""
    from tierassess.i18n import current_lang

    if day is None:
        return "—"
    return day.strftime("%d/%m/%Y") if (lang or current_lang()) == "vi" else day.isoformat()


def format_datetime(moment: datetime | None, lang: str | None = None) -> str:
    """A moment as its UTC date (``format_date``) and time: "30/11/2026 09:05 UTC"; "—" for none."""
    if moment is None:
        return "—"
    utc = moment.astimezone(UTC) if moment.tzinfo else moment  # naive moments are UTC already
    return f"{format_date(utc.date(), lang)} {utc:%H:%M} UTC"


def parse_date(text: str) -> date:
    """A date typed as dd/mm/yyyy (also with - or .) or ISO yyyy-mm-dd; raises InputError."""
    from tierassess.i18n import t

    cleaned = str(text).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", cleaned)
    dmy = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", cleaned)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dmy:
            return date(int(dmy[3]), int(dmy[2]), int(dmy[1]))
    except ValueError:
        raise InputError(t("formats.err.no_such_date", text=cleaned)) from None
    raise InputError(t("formats.err.not_a_date", text=cleaned))


# --- names ---------------------------------------------------------------------------------------

_ACRONYM = re.compile(r"\b[A-ZĐ]{2,}")


def short_unit(name: str) -> str:
    """The short name an organisation gives itself in parentheses, as the province's tables use it.

    "Trung tâm Chuyển đổi số và Đổi mới sáng tạo (Trung tâm CDS và ĐMST)" -> "Trung tâm CDS và
    ĐMST". Parentheses that hold a note rather than an abbreviation are kept: the short form is
    taken only when it is shorter, has no digits, and brings an acronym the full name lacks.
    """
    match = re.search(r"^(.*?)\s*\(([^()]+)\)\s*$", name)
    if match is None:
        return name
    full, short = match.group(1), match.group(2).strip()
    new_acronyms = set(_ACRONYM.findall(short)) - set(_ACRONYM.findall(full))
    if new_acronyms and len(short) < len(full) and not re.search(r"\d", short):
        return short
    return name


__all__ = [
    "CONVENTIONS",
    "MAX_DIGITS",
    "AmbiguousNumber",
    "NumberError",
    "NumberReading",
    "format_cost_range",
    "format_date",
    "format_datetime",
    "format_millions",
    "format_money",
    "format_number",
    "format_percent",
    "format_quantity",
    "format_size",
    "parse_date",
    "parse_money",
    "parse_number",
    "parse_percent",
    "parse_size",
    "read_number",
    "short_unit",
]
