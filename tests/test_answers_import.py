"""`answers import` with files as spreadsheets write them: Vietnamese numbers, BOM and ";" (Excel
in Vietnamese), quoted cells (LibreOffice), number-formatted XLSX cells, and the refusals that keep
an import trustworthy (ambiguous numbers, unknown columns, duplicate keys, evidence outside the
folder, oversized sheets). Driven through the CLI so that every refusal is seen as a user sees it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from assess_support import (
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from click.testing import Result as CliResult

from tierassess.core.models import Answer, Result
from tierassess.storage.workspace import Workspace

Cli = Callable[..., CliResult]


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


def answers(ws: Workspace) -> dict[str, Answer]:
    return ws.load_assessment(SITE).answers


def run_import(cli: Cli, ws: Workspace, path: Path, *options: str) -> CliResult:
    return cli("answers", "import", SITE, str(path), *options, workspace=ws.root)


def excel_vn_csv(path: Path, rows: list[list[str]]) -> Path:
    """CSV as Excel in Vietnamese saves it: UTF-8 with a BOM, ";" between cells, CRLF."""
    text = "\r\n".join(";".join(row) for row in rows) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


HEADER = ["Mã / ID", "Giá trị đo / Value", "Ghi chú / Notes"]


def test_excel_vn_csv_with_vietnamese_numbers(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    path = excel_vn_csv(
        tmp_path / "phieu.csv",
        [HEADER, ["PWR-GEN-01", "1.500,5", "đo ngày 3/11"], ["CLG-TMP-01", "24,5", ""]],
    )
    result = run_import(cli, ws, path)
    assert result.exit_code == 0, result.output
    saved = answers(ws)
    assert saved["PWR-GEN-01"].value == 1500.5 and saved["PWR-GEN-01"].result is Result.MET
    assert saved["CLG-TMP-01"].value == 24.5


def test_an_ambiguous_number_is_refused_unless_the_convention_is_stated(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    path = excel_vn_csv(tmp_path / "phieu.csv", [HEADER, ["PWR-GEN-01", "1.500", ""]])
    refused = run_import(cli, ws, path)
    assert refused.exit_code == 2
    assert "reads two ways" in refused.stderr and "--numbers" in refused.stderr
    assert answers(ws) == {}
    assert run_import(cli, ws, path, "--numbers", "vi").exit_code == 0
    assert answers(ws)["PWR-GEN-01"].value == 1500
    english = run_import(cli, ws, path, "--numbers", "en")
    assert english.exit_code == 0 and answers(ws)["PWR-GEN-01"].value == 1.5


def test_a_number_format_column_states_the_convention_per_row(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    path = excel_vn_csv(
        tmp_path / "phieu.csv",
        [
            ["Mã / ID", "Giá trị đo / Value", "Quy ước số / Number format"],
            ["PWR-GEN-01", "1.500", "vi"],
        ],
    )
    assert run_import(cli, ws, path).exit_code == 0
    assert answers(ws)["PWR-GEN-01"].value == 1500


def test_libreoffice_csv_with_quoted_cells(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    # LibreOffice: comma separator, quotes around cells holding commas or line breaks, no BOM
    path = tmp_path / "lo.csv"
    path.write_text(
        'id,value,notes\nCLG-TMP-01,"24,5","line one, with a comma\nline two"\n', encoding="utf-8"
    )
    assert run_import(cli, ws, path).exit_code == 0
    temperature = answers(ws)["CLG-TMP-01"]
    assert temperature.value == 24.5 and temperature.notes == "line one, with a comma\nline two"


def test_units_in_the_value_cell(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    path = excel_vn_csv(tmp_path / "u.csv", [HEADER, ["PWR-GEN-01", "14 giờ", ""]])
    assert run_import(cli, ws, path).exit_code == 0
    assert answers(ws)["PWR-GEN-01"].value == 14
    wrong = excel_vn_csv(tmp_path / "w.csv", [HEADER, ["PWR-GEN-01", "14 kg", ""]])
    refused = run_import(cli, ws, wrong)
    assert refused.exit_code == 2 and "measured in h" in refused.stderr


def test_underscores_are_not_digits(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    for path in (
        excel_vn_csv(tmp_path / "a.csv", [HEADER, ["PWR-GEN-01", "1_0", ""]]),
        _yaml(tmp_path / "a.yaml", "answers:\n  PWR-GEN-01: {value: 1_0}\n"),
    ):
        refused = run_import(cli, ws, path)
        assert refused.exit_code == 2 and "is not a number" in refused.stderr, path
    assert answers(ws) == {}


def test_nfd_headers_from_macos_are_read(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    notes = unicodedata.normalize("NFD", "Ghi chú")
    assert notes != "Ghi chú"
    path = excel_vn_csv(tmp_path / "mac.csv", [["Mã", notes], ["PWR-UPS-01", "kiểm tra lại"]])
    assert run_import(cli, ws, path).exit_code == 0
    assert answers(ws)["PWR-UPS-01"].notes == "kiểm tra lại"


def test_unknown_columns_are_refused(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    path = excel_vn_csv(tmp_path / "x.csv", [["Mã", "Ghi chu"], ["PWR-UPS-01", "x"]])
    refused = run_import(cli, ws, path)
    assert refused.exit_code == 2 and "Ghi chu: unknown column" in refused.stderr
    assert answers(ws) == {}


def test_formula_escaped_cells_read_back_as_written(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "escaped.csv"
    path.write_text(
        "id,notes\n"
        'PWR-UPS-01,\'=HYPERLINK("http://x.example")\n'
        "CLG-CRAC-01,''quoted\n"
        "PWR-ATS-01,'-12\n",
        encoding="utf-8",
    )
    assert run_import(cli, ws, path).exit_code == 0, cli
    saved = answers(ws)
    assert saved["PWR-UPS-01"].notes == '=HYPERLINK("http://x.example")'
    assert saved["CLG-CRAC-01"].notes == "'quoted"
    assert saved["PWR-ATS-01"].notes == "'-12"  # the export never quotes a plain number


def _yaml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_duplicate_keys_and_lists_for_one_value_are_refused(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    duplicate = _yaml(
        tmp_path / "dup.yaml",
        "answers:\n  PWR-UPS-01: {result: met}\n  PWR-UPS-01: {result: not_met}\n",
    )
    refused = run_import(cli, ws, duplicate)
    assert refused.exit_code == 2 and "already given at line 2" in refused.stderr
    listed = _yaml(tmp_path / "list.yaml", "answers:\n  PWR-UPS-01:\n    notes: [a, b]\n")
    refused = run_import(cli, ws, listed)
    assert refused.exit_code == 2 and "not a list" in refused.stderr
    assert answers(ws) == {}


def test_yaml_states_its_number_format(cli: Cli, ws: Workspace, tmp_path: Path) -> None:
    path = _yaml(
        tmp_path / "vi.yaml", "number_format: vi\nanswers:\n  PWR-GEN-01: {value: '1.500'}\n"
    )
    assert run_import(cli, ws, path).exit_code == 0
    assert answers(ws)["PWR-GEN-01"].value == 1500


def test_evidence_outside_the_folder_needs_allow_outside(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "sheet"
    folder.mkdir()
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 not for the bundle")
    path = _yaml(
        folder / "a.yaml", "answers:\n  PWR-UPS-01: {result: met, evidence: ../secret.pdf}\n"
    )
    refused = run_import(cli, ws, path)
    assert refused.exit_code == 2 and "outside" in refused.stderr
    assert answers(ws) == {}
    assert run_import(cli, ws, path, "--allow-outside").exit_code == 0
    assert len(answers(ws)["PWR-UPS-01"].evidence) == 1


def test_an_empty_evidence_file_leaves_nothing_changed(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    (tmp_path / "good.jpg").write_bytes(b"\xff\xd8\xff photo")
    (tmp_path / "empty.pdf").write_bytes(b"")
    path = _yaml(
        tmp_path / "a.yaml",
        "answers:\n"
        "  PWR-UPS-01: {result: met, evidence: good.jpg}\n"
        "  CLG-CRAC-01: {result: met, evidence: empty.pdf}\n",
    )
    refused = run_import(cli, ws, path)
    assert refused.exit_code == 2 and "empty.pdf is empty" in refused.stderr
    assert answers(ws) == {}
    assert ws.load_evidence_index(SITE).items == []


def _workbook(path: Path, rows: list[list[object]], number_format: str | None = None) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    if number_format:
        for cell in sheet["B"][1:]:
            if isinstance(cell.value, float | int):
                cell.number_format = number_format
    book.save(path)
    return path


def test_xlsx_number_cells_and_vietnamese_text_cells(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    # Excel stores 1.500,5 typed in a number cell as the number 1500.5 with a display format;
    # a cell formatted as text keeps the characters typed
    path = _workbook(
        tmp_path / "excel.xlsx",
        [HEADER, ["PWR-GEN-01", 1500.5, None], ["CLG-TMP-01", "24,5", None]],
        number_format="#,##0.0",
    )
    assert run_import(cli, ws, path).exit_code == 0
    assert answers(ws)["PWR-GEN-01"].value == 1500.5
    assert answers(ws)["CLG-TMP-01"].value == 24.5
    ambiguous = _workbook(tmp_path / "text.xlsx", [HEADER, ["PWR-GEN-01", "1.500", None]])
    refused = run_import(cli, ws, ambiguous)
    assert refused.exit_code == 2 and "reads two ways" in refused.stderr


def test_an_oversized_sheet_is_refused_before_it_is_loaded(
    cli: Cli, ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    import tierassess.exchange.answer_import.files as files

    path = _workbook(tmp_path / "big.xlsx", [HEADER, ["PWR-GEN-01", 12, "x" * 30_000]])
    with zipfile.ZipFile(path) as archive:
        size = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    monkeypatch.setattr(files, "MAX_SHEET_XML_BYTES", size - 1)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to load a sheet that is too large")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    refused = run_import(cli, ws, path)
    assert refused.exit_code == 2 and "uncompressed" in refused.stderr


def test_a_sheet_that_claims_a_million_rows_is_refused(
    cli: Cli, ws: Workspace, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.cell(row=1_000_000, column=1, value="PWR-GEN-01")
    book.save(tmp_path / "tall.xlsx")
    refused = run_import(cli, ws, tmp_path / "tall.xlsx")
    assert refused.exit_code == 2 and "1000000 rows" in refused.stderr
