"""The XLSX workbook read back with openpyxl and pandas; the CSV and JSON files for scripts."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from report_inputs import make_inputs

from tierassess.reports.data import ReportData, gather_report_data
from tierassess.reports.sheets import (
    csv_texts,
    json_text,
    write_csvs,
    write_json,
    write_xlsx,
    xlsx_bytes,
)


@pytest.fixture(scope="module")
def data_vi() -> ReportData:
    return gather_report_data(*make_inputs(10), lang="vi")


@pytest.fixture(scope="module")
def workbook_bytes(data_vi: ReportData) -> bytes:
    return xlsx_bytes(data_vi)


def test_sheets_and_headers(workbook_bytes: bytes) -> None:
    book = load_workbook(io.BytesIO(workbook_bytes))
    assert book.sheetnames == ["Tổng quan", "Bảng điểm", "Tồn tại", "Kế hoạch", "Bằng chứng"]
    plan = book["Kế hoạch"]
    headers = [c.value for c in plan[1]]
    assert headers[:6] == [
        "TT",
        "Nhiệm vụ",
        "Đơn vị chủ trì",
        "Đơn vị phối hợp",
        "Thời gian",
        "Ưu tiên",
    ]
    assert "Trạng thái" in headers
    assert [c.value for c in book["Bằng chứng"][1]][:2] == ["Tệp", "SHA-256"]
    assert [c.value for c in book["Tồn tại"][1]][:3] == ["Mã", "Tiêu chí", "Mã lĩnh vực"]


def test_header_style_widths_frozen_panes_and_filters(workbook_bytes: bytes) -> None:
    book = load_workbook(io.BytesIO(workbook_bytes))
    for name in ("Bảng điểm", "Tồn tại", "Kế hoạch", "Bằng chứng"):
        sheet = book[name]
        header = sheet["A1"]
        assert header.font.bold
        assert header.fill.fgColor.rgb.endswith("1E3A8A")
        assert sheet.freeze_panes in ("B2", "C2")
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert sheet.column_dimensions["B"].width >= 30
    plan = book["Kế hoạch"]
    assert plan["G2"].number_format == "#,##0"
    assert plan["I2"].number_format == "dd/mm/yyyy"


def test_plan_status_has_a_dropdown(workbook_bytes: bytes) -> None:
    plan = load_workbook(io.BytesIO(workbook_bytes))["Kế hoạch"]
    validations = plan.data_validations.dataValidation
    assert len(validations) == 1
    validation = validations[0]
    assert validation.type == "list"
    assert (
        validation.formula1
        == '"Đã lập kế hoạch,Đang thực hiện,Đã hoàn thành,Tạm hoãn,Đã khắc phục"'
    )
    status_column = next(c.column_letter for c in plan[1] if c.value == "Trạng thái")
    assert f"{status_column}2:" in str(validation.sqref)
    statuses = {plan[f"{status_column}{row}"].value for row in range(2, plan.max_row + 1)}
    assert statuses == {"Đã lập kế hoạch"}


def test_every_action_and_gap_read_back_with_pandas(
    data_vi: ReportData, workbook_bytes: bytes
) -> None:
    plan = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Kế hoạch")
    assert list(plan["Mã nhiệm vụ"]) == [row.action_id for row in data_vi.plan_rows]
    assert list(plan["Nhiệm vụ"]) == [row.task for row in data_vi.plan_rows]
    assert plan["Kinh phí tối thiểu (đồng)"].sum() == sum(r.cost_min_vnd for r in data_vi.plan_rows)
    assert plan["Kinh phí tối đa (đồng)"].dtype.kind == "i"
    gaps = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Tồn tại")
    assert set(gaps["Mã"]) == {gap.criterion_id for gap in data_vi.gaps}
    scorecard = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Bảng điểm")
    assert len(scorecard) == len(data_vi.criteria)
    assert scorecard["Mức đáp ứng"].between(0, 1).all()
    evidence = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Bằng chứng")
    assert list(evidence["SHA-256"]) == [item.sha256 for item in data_vi.evidence]


def test_summary_sheet_figures(data_vi: ReportData, workbook_bytes: bytes) -> None:
    summary = load_workbook(io.BytesIO(workbook_bytes))["Tổng quan"]
    values = [[c.value for c in row] for row in summary.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert "MẪU MINH HỌA – số liệu giả định, không phải một cơ sở thực" in flat
    assert data_vi.meta.disclaimer in flat
    assert data_vi.cost_max_vnd in flat
    assert "Tier I" in flat and "Tier III" in flat
    for year in data_vi.years:
        assert year.year in flat


def test_english_workbook_uses_english_sheets() -> None:
    data = gather_report_data(*make_inputs(3, sample=False), lang="en")
    book = load_workbook(io.BytesIO(xlsx_bytes(data)))
    assert book.sheetnames == ["Summary", "Scorecard", "Gaps", "Plan", "Evidence"]
    assert [c.value for c in book["Plan"][1]][:5] == [
        "No.",
        "Task",
        "Lead unit",
        "Coordinating unit",
        "Timeframe",
    ]
    assert book["Plan"]["I2"].number_format == "yyyy-mm-dd"


def test_csv_has_stable_columns_ids_and_a_bom(data_vi: ReportData, tmp_path: Path) -> None:
    paths = write_csvs(data_vi, tmp_path, "site-vi")
    assert sorted(p.name for p in paths) == [
        "site-vi-evidence.csv",
        "site-vi-gaps.csv",
        "site-vi-plan.csv",
        "site-vi-scorecard.csv",
    ]
    raw = (tmp_path / "site-vi-plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["action_id"] for r in rows] == [row.action_id for row in data_vi.plan_rows]
    assert {r["status"] for r in rows} == {"planned"}
    assert rows[0]["task"] == data_vi.plan_rows[0].task
    assert rows[0]["start"] == data_vi.plan_rows[0].start.isoformat()
    gaps = list(csv.DictReader(io.StringIO(csv_texts(data_vi)["gaps"])))
    assert {g["severity"] for g in gaps} <= {"critical", "major", "minor"}
    assert {g["must_pass"] for g in gaps} == {"true", "false"}


def test_json_round_trips_to_the_same_figures(data_vi: ReportData, tmp_path: Path) -> None:
    path = write_json(data_vi, tmp_path / "report.json")
    assert ReportData.model_validate_json(path.read_text(encoding="utf-8")) == data_vi
    assert "Trung tâm dữ liệu tỉnh Quảng Ngãi (mẫu)" in json_text(data_vi)


def test_xlsx_is_written_atomically_and_opens(data_vi: ReportData, tmp_path: Path) -> None:
    path = write_xlsx(data_vi, tmp_path / "out" / "r.xlsx")
    assert load_workbook(path).sheetnames[0] == "Tổng quan"
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_with_its_dropdown(
    data_vi: ReportData, tmp_path: Path
) -> None:
    path = write_xlsx(data_vi, tmp_path / "report.xlsx")
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [
            "soffice", "--headless", "--norestore", f"-env:UserInstallation={profile}",
            "--convert-to", "ods", "--outdir", str(tmp_path), str(path),
        ],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    converted = tmp_path / "report.ods"
    assert converted.is_file(), result.stdout + result.stderr
    with zipfile.ZipFile(converted) as archive:
        content = archive.read("content.xml").decode("utf-8")
    for name in ("Tổng quan", "Bảng điểm", "Tồn tại", "Kế hoạch", "Bằng chứng"):
        assert f'table:name="{name}"' in content
    assert "cell-content-is-in-list(&quot;Đã lập kế hoạch&quot;" in content
    assert data_vi.plan_rows[0].task.split(" ")[0] in content
