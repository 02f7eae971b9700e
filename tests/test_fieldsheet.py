"""The XLSX field sheet: export, fill offline, import back (all or nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from assess_support import (
    APPLICABLE,
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from openpyxl import load_workbook
from session_support import import_answers_as

from tierassess.core.models import Result, WorkflowState
from tierassess.errors import FileProblems
from tierassess.exchange.answer_import.files import SHEET_NAME, column_title
from tierassess.exchange.fieldsheet import LISTS_SHEET, export_field_sheet
from tierassess.storage.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


def export(ws: Workspace, path: Path) -> Path:
    assessment = ws.load_assessment(SITE)
    export_field_sheet(ws.load_checklist(), path, assessment)
    return path


def fill(path: Path, rows: dict[str, dict[str, object]], out: Path | None = None) -> Path:
    """Type values into the sheet as an engineer would, by criterion id and answer column key."""
    book = load_workbook(path)
    sheet = book[SHEET_NAME]
    header = [c.value for c in sheet[1]]
    keys = [
        "id",
        "result",
        "value",
        "unit",
        "choice",
        "justification",
        "notes",
        "evidence",
        "flagged",
    ]
    column = {key: header.index(column_title(key)) + 1 for key in keys}
    for row in range(2, sheet.max_row + 1):
        criterion_id = sheet.cell(row=row, column=column["id"]).value
        for key, value in rows.get(str(criterion_id), {}).items():
            sheet.cell(row=row, column=column[key], value=value)
    target = out or path
    book.save(target)
    return target


def test_sheet_layout_texts_and_dropdowns(ws: Workspace, tmp_path: Path) -> None:
    path = export(ws, tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    sheet = book[SHEET_NAME]
    ids = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert ids == APPLICABLE  # one row per applicable criterion; PWR-NOG-01 does not apply
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
    assert row["Tiêu chí (tiếng Việt) / Criterion (Vietnamese)"] == "VI On-site fuel"
    assert row["Tiêu chí (tiếng Anh) / Criterion (English)"] == "On-site fuel"
    assert row[column_title("unit")] == "giờ / h"  # a label in both languages, not a code
    assert "Hours of fuel on site" in row["Cách trả lời / How to answer"]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    results = [book[LISTS_SHEET].cell(row=r, column=1).value for r in range(1, 5)]
    assert results == [
        "Đạt / met",
        "Đạt một phần / partial",
        "Không đạt / not_met",
        "Không áp dụng / not_applicable",
    ]
    validations = sheet.data_validations.dataValidation
    result_letter = "I"
    assert header[8] == column_title("result")
    lists = [v for v in validations if v.type == "list"]
    assert any(
        f"{result_letter}2" in str(v.sqref) and v.formula1.startswith(f"={LISTS_SHEET}!$A$1")
        for v in lists
    )
    decimals = [v for v in validations if v.type == "decimal"]
    assert {(v.formula1, v.formula2) for v in decimals} == {("0", "2000"), ("5", "50")}
    # the choice criterion offers its own options
    choice_lists = [v for v in lists if column_title("choice") and "L4" in str(v.sqref)]
    assert len(choice_lists) == 1
    options = [book[LISTS_SHEET].cell(row=r, column=3).value for r in range(1, 4)]
    assert options == ["Không có / none", "Chuyển tay / manual", "Tự động / automatic"]


def test_round_trip_gives_the_same_answers(ws: Workspace, tmp_path: Path) -> None:
    (tmp_path / "ats.jpg").write_bytes(b"a photo of the ATS")
    path = export(ws, tmp_path / "sheet.xlsx")
    fill(
        path,
        {
            "PWR-GEN-01": {"value": 14, "notes": "day tank + main tank"},
            "PWR-UPS-01": {"result": "Đạt một phần / partial", "flagged": "Có / yes"},
            "PWR-ATS-01": {"choice": "Tự động / automatic", "evidence": "ats.jpg"},
            "CLG-CRAC-01": {
                "result": "Không áp dụng / not_applicable",
                "justification": "in-row units",
            },
            "CLG-TMP-01": {"value": "24,5", "unit": "°C"},
        },
    )
    summary = import_answers_as(ws, SITE, path, "Lan")
    assert summary.changed == APPLICABLE
    saved = ws.load_assessment(SITE).answers
    assert (saved["PWR-GEN-01"].result, saved["PWR-GEN-01"].value) == (Result.MET, 14.0)
    assert saved["PWR-GEN-01"].notes == "day tank + main tank"
    assert (saved["PWR-UPS-01"].result, saved["PWR-UPS-01"].state) == (
        Result.PARTIAL,
        WorkflowState.FLAGGED,
    )
    assert (saved["PWR-ATS-01"].result, saved["PWR-ATS-01"].choice) == (Result.MET, "automatic")
    assert len(saved["PWR-ATS-01"].evidence) == 1
    assert saved["CLG-CRAC-01"].justification == "in-row units"
    assert saved["CLG-TMP-01"].value == 24.5

    # exporting again shows the answers, and importing that sheet changes nothing
    again = export(ws, tmp_path / "again.xlsx")
    unchanged = import_answers_as(ws, SITE, again, "Lan")
    assert unchanged.changed == [] and unchanged.unchanged == APPLICABLE
    assert ws.load_assessment(SITE).answers == saved


def test_a_sheet_with_bad_rows_is_refused_whole(ws: Workspace, tmp_path: Path) -> None:
    path = export(ws, tmp_path / "sheet.xlsx")
    fill(
        path,
        {
            "PWR-GEN-01": {"value": "lots"},
            "PWR-UPS-01": {"result": "Đạt / met"},  # fine on its own
            "PWR-ATS-01": {"choice": "sometimes"},
            "CLG-CRAC-01": {"result": "Không áp dụng / not_applicable"},
            "CLG-TMP-01": {"value": 20, "result": "Không đạt / not_met", "flagged": "perhaps"},
        },
    )
    before = ws.assessment_path(SITE).read_bytes()
    with pytest.raises(FileProblems) as refused:
        import_answers_as(ws, SITE, path, "Lan")
    lines = refused.value.lines()
    assert lines == [
        f"{path}: row 2, column J (Giá trị đo / Value): “lots” is not a number",
        f"{path}: row 4, column L (Lựa chọn / Choice): no option “sometimes” (options: None (none), Manual transfer (manual), Automatic transfer (automatic))",
        f"{path}: row 5, column M (Lý do không áp dụng / Justification): a not-applicable answer needs a justification",
        f"{path}: row 6, column P (Cần xem lại / Flag for review): “perhaps” is not yes/no",
        f"{path}: row 6, column I (Kết quả / Result): result says “not_met” but 20 °C against <= 27 is “met”;"
        " leave the result empty, the value decides",
    ]
    assert ws.assessment_path(SITE).read_bytes() == before  # untouched, the good row included


def test_a_sheet_for_another_site_is_refused(ws: Workspace, tmp_path: Path) -> None:
    path = export(ws, tmp_path / "sheet.xlsx")
    book = load_workbook(path)
    book.properties.identifier = "tierassess-site:other-dc"
    book.save(path)
    with pytest.raises(FileProblems, match="exported for site other-dc, not inline-dc"):
        import_answers_as(ws, SITE, path, "Lan")


def test_blank_sheet_lists_every_criterion(ws: Workspace, tmp_path: Path) -> None:
    count = export_field_sheet(ws.load_checklist(), tmp_path / "blank.xlsx")
    assert count == 6
    book = load_workbook(tmp_path / "blank.xlsx")
    assert book.properties.identifier is None
    assert book[SHEET_NAME].max_row == 7


def test_not_a_workbook(ws: Workspace, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_bytes(b"not a zip")
    with pytest.raises(FileProblems, match="not a readable workbook"):
        import_answers_as(ws, SITE, bogus, "Lan")


def test_flag_column_no_unflags_and_blank_keeps(ws: Workspace, tmp_path: Path) -> None:
    path = export(ws, tmp_path / "sheet.xlsx")
    fill(path, {"PWR-UPS-01": {"result": "Đạt / met", "flagged": "Có / yes"}})
    import_answers_as(ws, SITE, path, "Lan")
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].state is WorkflowState.FLAGGED
    blank = fill(export(ws, tmp_path / "again.xlsx"), {"PWR-UPS-01": {"flagged": None}})
    assert import_answers_as(ws, SITE, blank, "Lan").changed == []
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].state is WorkflowState.FLAGGED
    # "no" on a row never flagged is nothing to import; "no" on the flagged row clears it
    no = fill(
        export(ws, tmp_path / "third.xlsx"),
        {"PWR-UPS-01": {"flagged": "Không / no"}, "PWR-ATS-01": {"flagged": "Không / no"}},
    )
    summary = import_answers_as(ws, SITE, no, "Lan")
    assert summary.changed == ["PWR-UPS-01"]
    saved = ws.load_assessment(SITE).answers
    assert saved["PWR-UPS-01"].state is WorkflowState.ANSWERED
    assert "PWR-ATS-01" not in saved
