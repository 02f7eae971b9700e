"""No export runs what a site wrote: formula payloads through every spreadsheet and CSV.

A note, an evidence file name, the site's name, operator and assessor, and plan.yaml's
``status_reason`` and ``lead_unit`` carry formula payloads; every XLSX (field sheet, report,
plan) must hold them as string cells with no formula anywhere in the file, and every CSV
(report tables, plan, score, checklist) must start no cell with a formula trigger, while the
original text comes back through ``from_formula_safe``.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from assess_support import SITE, make_workspace
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from tierassess.cells import FORMULA_TRIGGERS, formula_safe, from_formula_safe, set_text
from tierassess.core.models import ActionOverride, ActionStatus, LocalizedText
from tierassess.storage.session import open_site
from tierassess.storage.workspace import Workspace

PAYLOADS = {
    "note": '=HYPERLINK("http://x.example","click")',
    "name": "=cmd|' /C calc'!A0",
    "operator": "+SUM(1,1)",
    "assessor": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "-2+3+cmd|' /C calc'!A0",
    "lead": "=1+1",
    "tab": "\t=1+1",
}
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def _hostile_site(root: Path, cli: object) -> Workspace:
    ws = make_workspace(root)
    with open_site(ws, SITE, "Lan") as site:
        profile = site.assessment.site
        profile.name, profile.operator = PAYLOADS["name"], PAYLOADS["operator"]
        profile.assessor = PAYLOADS["assessor"]
        site.commit("site.edit", SITE)
    answers = root / "answers.yaml"
    answers.write_text(
        "answers:\n"
        f"  PWR-UPS-01: {{result: not_met, notes: '{PAYLOADS['note']}'}}\n"
        f'  CLG-CRAC-01: {{result: not_met, notes: "{PAYLOADS["tab"]}"}}\n',
        encoding="utf-8",
    )
    result: Result = cli("answers", "import", SITE, str(answers), workspace=root)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    evidence = root / "=1+1.txt"
    evidence.write_text("photo", encoding="utf-8")
    result = cli("evidence", "add", SITE, str(evidence), "-c", "PWR-UPS-01", workspace=root)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    with open_site(ws, SITE, "Lan") as site:
        site.plan_overrides.actions["PWR-UPS-01"] = ActionOverride(
            status=ActionStatus.DEFERRED,
            status_reason=PAYLOADS["reason"],
            lead_unit=LocalizedText(vi=PAYLOADS["lead"], en=PAYLOADS["lead"]),
        )
        site.commit("plan.edit", "PWR-UPS-01")
    return ws


def _assert_xlsx_holds_no_formula(path: Path) -> set[str]:
    """No <f> element in any sheet, every text cell a string; the texts found."""
    import openpyxl

    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    texts: set[str] = set()
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    return texts


def _assert_csv_is_inert(text: str) -> set[str]:
    """No cell starts with a formula trigger (but plain numbers); the texts, restored."""
    restored: set[str] = set()
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            if cell[:1] in FORMULA_TRIGGERS:
                assert _PLAIN_NUMBER.fullmatch(cell), cell
            restored.add(from_formula_safe(cell))
    return restored


def test_every_export_writes_people_s_text_as_text(tmp_path: Path, cli: object) -> None:
    root = tmp_path / "ws"
    ws = _hostile_site(root, cli)
    stored_tab_note = ws.load_assessment(SITE).answers["CLG-CRAC-01"].notes
    out = tmp_path / "out"
    run = lambda *args: cli(*args, workspace=root)  # type: ignore[operator]  # noqa: E731

    sheet = out / "field.xlsx"
    assert run("checklist", "export", "--xlsx", str(sheet), "--site", SITE).exit_code == 0
    texts = _assert_xlsx_holds_no_formula(sheet)
    assert PAYLOADS["note"] in texts and stored_tab_note in texts
    assert any("=1+1.txt" in t for t in texts)

    report = run("report", SITE, "--format", "all", "--lang", "en", "-o", str(out))
    assert report.exit_code == 0, report.output
    xlsx_texts: set[str] = set()
    for book in out.glob("*report*.xlsx"):
        xlsx_texts |= _assert_xlsx_holds_no_formula(book)
    joined = " ".join(xlsx_texts)
    assert all(PAYLOADS[key] in joined for key in ("name", "operator", "assessor", "lead"))
    csv_texts: set[str] = set()
    for table in out.glob("*.csv"):
        csv_texts |= _assert_csv_is_inert(table.read_text(encoding="utf-8"))
    assert PAYLOADS["lead"] in csv_texts

    plan_xlsx = out / "plan.xlsx"
    assert run("plan", SITE, "--format", "xlsx", "-o", str(plan_xlsx)).exit_code == 0
    plan_texts = _assert_xlsx_holds_no_formula(plan_xlsx)
    assert PAYLOADS["reason"] in plan_texts
    plan_csv = run("plan", SITE, "--format", "csv")
    assert plan_csv.exit_code == 0
    restored = _assert_csv_is_inert(plan_csv.stdout)
    assert PAYLOADS["reason"] in restored and PAYLOADS["lead"] in restored

    for args in (("score", SITE, "--format", "csv"), ("checklist", "list", "--format", "csv")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        _assert_csv_is_inert(result.stdout)


def test_the_field_sheet_gives_the_payload_back_on_import(tmp_path: Path, cli: object) -> None:
    root = tmp_path / "ws"
    ws = _hostile_site(root, cli)
    sheet = tmp_path / "field.xlsx"
    assert (
        cli("checklist", "export", "--xlsx", str(sheet), "--site", SITE, workspace=root).exit_code
        == 0
    )  # type: ignore[operator]
    result = cli("answers", "import", SITE, str(sheet), workspace=root)  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].notes == PAYLOADS["note"]


# --- the helpers, over any text ------------------------------------------------------------------

_texts = st.one_of(
    st.text(max_size=40),
    st.builds(
        lambda c, rest: c + rest,
        st.sampled_from(sorted(FORMULA_TRIGGERS | {"'"})),
        st.text(max_size=30),
    ),
    st.builds(lambda n, rest: "'" * n + rest, st.integers(1, 3), st.text(max_size=10)),
)


@given(_texts)
@settings(max_examples=400, deadline=None)
def test_formula_safe_is_inert_and_exactly_reversible(text: str) -> None:
    safe = formula_safe(text)
    assert from_formula_safe(safe) == text
    if safe[:1] in FORMULA_TRIGGERS:
        assert _PLAIN_NUMBER.fullmatch(safe)


@given(st.lists(_texts, min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_xlsx_cells_keep_any_text_as_a_string(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row, text in enumerate(texts, start=1):
        set_text(sheet.cell(row=row, column=1), text)
    path = tmp_path_factory.mktemp("x") / "cells.xlsx"
    book.save(path)  # never IllegalCharacterError: control characters are dropped
    _assert_xlsx_holds_no_formula(path)
