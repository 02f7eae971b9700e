"""Numbers, money, sizes and dates: format and parse are exact inverses in each language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tierassess.errors import InputError
from tierassess.formats import (
    AmbiguousNumber,
    NumberError,
    format_cost_range,
    format_date,
    format_datetime,
    format_millions,
    format_money,
    format_number,
    format_percent,
    format_size,
    parse_date,
    parse_money,
    parse_number,
    parse_percent,
    parse_size,
    read_number,
    short_unit,
)

LANGS = st.sampled_from(["vi", "en"])
# Measurements and budgets: up to 10^15, down to 10^-9 (the parser refuses over 40 digits).
FLOATS = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(
    lambda x: x == 0 or abs(x) >= 1e-9
)


@given(FLOATS, LANGS)
def test_a_number_reads_back_exactly_in_its_language(value: float, lang: str) -> None:
    assert parse_number(format_number(value, lang), lang) == value


@given(st.integers(min_value=-(10**15), max_value=10**15), LANGS)
def test_a_whole_number_reads_back_without_knowing_the_language(value: int, lang: str) -> None:
    text = format_number(value, lang)
    # grouped whole numbers are ambiguous only with a single group of three ("1.500")
    reading = read_number(text)
    assert reading.value(lang) == value
    if not reading.ambiguous:
        assert parse_number(text) == value


@given(st.floats(min_value=0, max_value=10).filter(lambda x: x == 0 or x >= 1e-9), LANGS)
def test_a_percentage_reads_back_exactly(share: float, lang: str) -> None:
    assert parse_percent(format_percent(share, lang, decimals=None), lang) == share


@given(st.integers(min_value=0, max_value=10**15), LANGS)
def test_money_reads_back_exactly(vnd: int, lang: str) -> None:
    assert parse_money(format_money(vnd, lang), lang) == vnd


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), LANGS)
def test_a_date_reads_back_exactly(day: date, lang: str) -> None:
    assert parse_date(format_date(day, lang)) == day


@given(st.integers(min_value=0, max_value=2**50), LANGS)
@example(1_048_525, "vi")  # 1023.95 KB: shown as 1,0 MB, not 1.024,0 KB
def test_a_size_as_shown_reads_back_to_the_same_text(size: int, lang: str) -> None:
    # sizes are shown rounded to one decimal: reading the text back gives the same text
    shown = format_size(size, lang)
    assert format_size(parse_size(shown, lang), lang) == shown


@pytest.mark.parametrize(
    ("text", "vi", "en"),
    [
        ("1.500", 1500, 1.5),
        ("1,500", 1.5, 1500),
        ("1.000", 1000, 1),
    ],
)
def test_a_single_group_of_three_reads_two_ways(text: str, vi: float, en: float) -> None:
    reading = read_number(text)
    assert reading.ambiguous
    assert (reading.value("vi"), reading.value("en")) == (vi, en)
    with pytest.raises(AmbiguousNumber, match="reads two ways"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.500,5", 1500.5),
        ("2.000.000", 2_000_000),
        ("5.000.000.000", 5_000_000_000),
        ("12,5", 12.5),
        ("12.5", 12.5),
        ("1,500.5", 1500.5),
        ("1 500", 1500),
        ("1\u00a0500,5", 1500.5),
        ("0.500", 0.5),
        ("-3,5", -3.5),
        ("\u22123,5", -3.5),
        (",5", 0.5),
        ("  12  ", 12),
    ],
)
def test_numbers_with_one_reading(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["1_0", "1e3", "inf", "nan", "0x10", "1.2.3,4,5", "12 5", "", "abc", "1,50.0"]
)
def test_not_numbers(text: str) -> None:
    with pytest.raises(NumberError):
        parse_number(text)


def test_too_many_digits_are_refused_before_conversion() -> None:
    with pytest.raises(NumberError, match="too many digits") as refused:
        parse_number("9" * 10_000)
    assert len(refused.value.message) < 200  # the text is not echoed back in full


def test_a_convention_reads_only_its_own_way() -> None:
    assert parse_number("1.500", "vi") == 1500
    assert parse_number("1.500", "en") == 1.5
    with pytest.raises(NumberError, match="Vietnamese way"):
        parse_number("1,500.5", "vi")


def test_vietnamese_and_english_formatting() -> None:
    assert format_number(1500.5, "vi") == "1.500,5"
    assert format_number(1500.5, "en") == "1,500.5"
    assert format_number(12.5, "vi", 2) == "12,50"
    assert format_number(-0.0, "vi") == "0"
    assert format_number(Decimal("0.1") + Decimal("0.2"), "vi") == "0,3"
    assert format_percent(0.955, "vi", 1) == "95,5 %"
    assert format_millions(300_000_000, "vi") == "300"
    assert format_millions(1_500_000_000, "vi") == "1.500"
    assert format_millions(2_500_000, "en") == "2.5"
    assert format_cost_range(300_000_000, 1_500_000_000, "vi") == "300–1.500"
    assert format_money(1_500_000_000, "vi") == "1,5 tỷ đồng"
    assert format_money(300_000_000, "en") == "VND 300 million"
    assert format_size(1536, "vi") == "1,5 KB"
    assert format_date(date(2026, 3, 31), "vi") == "31/03/2026"


def test_a_moment_reads_as_its_utc_date_and_time_in_each_language() -> None:
    from datetime import datetime, timedelta, timezone

    hanoi = timezone(timedelta(hours=7))
    moment = datetime(2026, 4, 1, 6, 5, tzinfo=hanoi)  # 23:05 UTC the day before
    assert format_datetime(moment, "vi") == "31/03/2026 23:05 UTC"
    assert format_datetime(moment, "en") == "2026-03-31 23:05 UTC"
    assert format_datetime(None, "vi") == "—"


@pytest.mark.parametrize(
    ("text", "vnd"),
    [
        ("5 tỷ", 5_000_000_000),
        ("5tỷ", 5_000_000_000),
        ("1,5 tỷ đồng", 1_500_000_000),
        ("300 triệu", 300_000_000),
        ("VND 5 billion", 5_000_000_000),
        ("5.000.000.000", 5_000_000_000),
        ("5.000.000.000 đ", 5_000_000_000),
    ],
)
def test_money_as_people_write_it(text: str, vnd: int) -> None:
    assert parse_money(text) == vnd


def test_dates_that_do_not_exist_are_refused_in_the_readers_language() -> None:
    with pytest.raises(InputError, match="no such day"):
        parse_date("31/02/2026")
    with pytest.raises(InputError, match="not a date"):
        parse_date("tomorrow")


def test_short_unit_names() -> None:
    assert (
        short_unit("Trung tâm Chuyển đổi số và Đổi mới sáng tạo (Trung tâm CDS và ĐMST)")
        == "Trung tâm CDS và ĐMST"
    )
    assert short_unit("Sở Xây dựng (phối hợp 2026)") == "Sở Xây dựng (phối hợp 2026)"
