"""A new kind of answer goes through data entry untouched: the questionnaire's menu and prompts,
``answers import`` and the field sheet ask the kind, so none of them needs a change for it.

The kind is the percentage of ``test_answer_kinds`` (no verdict line, no bounds, no options);
the inline site gets one criterion of it, alone in the fire domain so that a walk of that domain
asks only it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from assess_support import (
    CRITERIA,
    SITE,
    _criterion,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from openpyxl import load_workbook
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from session_support import import_answers_as
from test_answer_kinds import PercentAnswer

from tierassess.cli.interactive.questionnaire import TextOutput, run_session
from tierassess.core.models import AnswerKind, Result
from tierassess.exchange.answer_import.files import SHEET_NAME
from tierassess.exchange.fieldsheet import export_field_sheet
from tierassess.i18n import set_lang
from tierassess.storage.answers import AnswerError, record_answer
from tierassess.storage.workspace import Workspace

PERCENT = """\
      kind: percent
      at_least: 90
      partial_from: 80"""
BATTERY = "FIR-BAT-01"
ENTER = "\r"


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    PercentAnswer.register()
    try:
        workspace = make_workspace(tmp_path / "ws")
        extra = _criterion(BATTERY, "fire", "electrical", "Battery health", PERCENT)
        inline = workspace.root / "checklists" / "tier3-inline.yaml"
        inline.write_text(CRITERIA + extra, encoding="utf-8")
        yield workspace
    finally:
        AnswerKind.unregister("percent")


def walk(ws: Workspace, keys: str) -> str:
    """Type ``keys`` into a walk of the fire domain in English; what it printed."""
    set_lang("en")
    buffer = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        run_session(ws, SITE, actor="Lan", lang="en", domain="fire", out=TextOutput(buffer, 200))
    return buffer.getvalue()


def test_the_questionnaire_offers_the_kinds_menu_and_reads_the_typed_value(
    ws: Workspace,
) -> None:
    # 1 is the kind's one menu line ("enter the value"); Enter at the end of the list finishes
    printed = walk(ws, "1" + ENTER + "85 %" + ENTER + ENTER)
    saved = ws.load_assessment(SITE).answers[BATTERY]
    assert (saved.value, saved.unit, saved.result) == (85, "%", Result.PARTIAL)
    assert f"Saved {BATTERY}" in printed


def test_the_questionnaire_refuses_what_the_kind_refuses_and_asks_again(ws: Workspace) -> None:
    clear = "\x15"
    walk(ws, "1" + ENTER + "150" + ENTER + clear + "95" + ENTER + ENTER)
    saved = ws.load_assessment(SITE).answers[BATTERY]
    assert (saved.value, saved.result) == (95, Result.MET)


def test_record_answer_asks_the_kind(ws: Workspace) -> None:
    checklist = ws.load_checklist()
    criterion = checklist.by_id()[BATTERY]
    assessment = ws.load_assessment(SITE)
    answer = record_answer(assessment, criterion, value="92", actor="Lan")
    assert (answer.value, answer.result) == (92, Result.MET)
    with pytest.raises(AnswerError) as refused:
        record_answer(assessment, criterion, value="150", actor="Lan")
    assert refused.value.field == "value"
    with pytest.raises(AnswerError) as refused:  # not applicable is the same for every kind
        record_answer(assessment, criterion, result="not_applicable", value="5", actor="Lan")
    assert refused.value.field == "value"


def test_an_import_row_and_the_field_sheet_round_trip_through_the_kind(
    ws: Workspace, tmp_path: Path
) -> None:
    rows = tmp_path / "answers.csv"
    rows.write_text(f"id,value,unit\n{BATTERY},81,%\n", encoding="utf-8")
    summary = import_answers_as(ws, SITE, rows, "Lan")
    assert summary.changed == [BATTERY]
    saved = ws.load_assessment(SITE).answers[BATTERY]
    assert (saved.value, saved.result) == (81, Result.PARTIAL)

    sheet_path = tmp_path / "sheet.xlsx"
    checklist = ws.load_checklist()
    export_field_sheet(checklist, sheet_path, ws.load_assessment(SITE))
    sheet = load_workbook(sheet_path)[SHEET_NAME]
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == BATTERY)
    cells = dict(zip(header, row, strict=True))
    result_title = next(h for h in header if str(h).startswith("Kết quả"))
    unit_title = next(h for h in header if str(h).startswith("Đơn vị"))
    assert cells[result_title] is None  # earned from the value, so only the value is shown
    assert cells[unit_title] == "%"
    # the sheet brought back unchanged changes nothing
    assert import_answers_as(ws, SITE, sheet_path, "Lan").changed == []
