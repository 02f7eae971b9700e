"""The report's spreadsheets for a reader: units beside measured values, real dates and numbers,
and CSV files that Excel reads (a BOM) and that say which day they hold for (``as_of``)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_inputs import AS_OF, make_inputs

from tierassess.core.models import LocalizedText, MeasuredAnswer
from tierassess.reports.data import ReportData, gather_report_data
from tierassess.reports.sheets import write_csvs, xlsx_bytes

MEASURED = "PWR-01"


def measured_report(lang: str) -> ReportData:
    """The hand-built inputs, with one criterion measured in hours (9.5 h against 12 h)."""
    checklist, assessment, evidence, scorecard, plan = make_inputs(2)
    checklist.header.units["h"] = LocalizedText(vi="giờ", en="h")
    criterion = checklist.by_id()[MEASURED]
    criterion.answer = MeasuredAnswer(unit="h", comparator=">=", threshold=12)
    answer = assessment.answers[MEASURED]
    answer.value, answer.unit = 9.5, "h"
    score = next(s for s in scorecard.criteria if s.criterion_id == MEASURED)
    score.value = 9.5
    return gather_report_data(checklist, assessment, evidence, scorecard, plan, lang=lang)


def sheet_rows(workbook: bytes, index: int) -> list[tuple[object, ...]]:
    return list(load_workbook(io.BytesIO(workbook)).worksheets[index].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("lang", "value_head", "unit_head", "unit"),
    [("vi", "Giá trị đo", "Đơn vị đo", "giờ"), ("en", "Measured value", "Unit", "h")],
)
def test_measured_value_has_its_unit_beside_it(
    lang: str, value_head: str, unit_head: str, unit: str
) -> None:
    rows = sheet_rows(xlsx_bytes(measured_report(lang)), 1)  # the scorecard sheet
    header = list(rows[0])
    column = header.index(value_head)
    assert header[column + 1] == unit_head
    measured = next(r for r in rows[1:] if r[0] == MEASURED)
    assert (measured[column], measured[column + 1]) == (9.5, unit)
    unmeasured = next(r for r in rows[1:] if r[0] != MEASURED)
    assert unmeasured[column] is None and unmeasured[column + 1] in (None, "")


def test_csv_gives_the_unit_id_for_scripts(tmp_path: Path) -> None:
    write_csvs(measured_report("vi"), tmp_path, "site-vi")
    text = (tmp_path / "site-vi-scorecard.csv").read_text(encoding="utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(text)) if r["criterion_id"] == MEASURED)
    assert (row["value"], row["unit"]) == ("9.5", "h")


def test_every_csv_has_a_bom_and_the_as_of_date(tmp_path: Path) -> None:
    data = gather_report_data(*make_inputs(2), lang="vi")
    paths = write_csvs(data, tmp_path, "site-vi")
    assert len(paths) == 4
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), path.name
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert rows, path.name
        assert {r["as_of"] for r in rows} == {AS_OF.isoformat()}, path.name


def test_xlsx_holds_real_dates_and_numbers() -> None:
    data = gather_report_data(*make_inputs(2), lang="vi")
    book = load_workbook(io.BytesIO(xlsx_bytes(data)))
    summary = [r for r in book.worksheets[0].iter_rows(values_only=True) if r[0]]
    facts = {r[0]: r[1] for r in summary}
    assert facts["Ngày đánh giá"] == datetime(AS_OF.year, AS_OF.month, AS_OF.day)
    assert isinstance(facts["Kinh phí tối thiểu (đồng)"], int)
    plan = book.worksheets[3]
    header = [c.value for c in plan[1]]
    first = list(plan[2])
    start = first[header.index("Bắt đầu")]
    assert isinstance(start.value, datetime) and start.number_format == "dd/mm/yyyy"
    cost = first[header.index("Kinh phí tối thiểu (đồng)")]
    assert isinstance(cost.value, int) and cost.number_format == "#,##0"
    scorecard = book.worksheets[1]
    compliance = [c.value for c in scorecard[1]].index("Mức đáp ứng")
    shares = [r[compliance] for r in scorecard.iter_rows(min_row=2)]
    assert all(isinstance(c.value, int | float) and c.number_format == "0%" for c in shares)
