"""``tierassess assess``, ``answers import`` and ``checklist export`` as a user runs them.

In-process runs check exit codes and messages; one test runs the installed command in a
pseudo-terminal, kills it with SIGKILL in the middle of a question and finds every confirmed answer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from assess_support import (
    APPLICABLE,
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from click.testing import CliRunner, Result

from tierassess.cli import build_app
from tierassess.core.models import Result as AnswerResult
from tierassess.storage.locking import LOCK_FILE, acquire_site_lock, read_lock
from tierassess.storage.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def run(ws: Workspace) -> Callable[..., Result]:
    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(
            build_app(),
            ["--workspace", str(ws.root), "--lang", "en", *args],
            input=input,
            catch_exceptions=False,
        )

    return invoke


def test_assess_without_a_terminal_points_to_import(run: Callable[..., Result]) -> None:
    result = run("assess", input="1\r")
    assert result.exit_code == 2
    assert "standard input is not a terminal" in result.stderr
    assert f"tierassess answers import {SITE} sheet.xlsx" in result.stderr
    assert "Traceback" not in result.output


def test_assess_with_an_answers_file_needs_no_terminal(
    ws: Workspace, run: Callable[..., Result], tmp_path: Path
) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("id,result\nPWR-UPS-01,met\n", encoding="utf-8")
    result = run("assess", "--answers", str(source), "--as", "Hoa")
    assert result.exit_code == 0, result.output
    assert "1 answers changed" in result.output
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].answered_by == "Hoa"


@pytest.mark.parametrize(
    "args",
    [("assess", "--help"), ("answers", "import", "--help"), ("checklist", "export", "--help")],
)
def test_help(run: Callable[..., Result], args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0 and "Usage:" in result.output


def test_import_then_export(ws: Workspace, run: Callable[..., Result], tmp_path: Path) -> None:
    source = tmp_path / "answers.yaml"
    source.write_text(
        "answers:\n  PWR-UPS-01: {result: met}\n  PWR-GEN-01: {value: 3}\n", encoding="utf-8"
    )
    result = run("answers", "import", SITE, str(source), "--as", "Minh", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["changed"] == ["PWR-UPS-01", "PWR-GEN-01"] and report["dry_run"] is False
    saved = ws.load_assessment(SITE).answers
    assert saved["PWR-GEN-01"].result is AnswerResult.NOT_MET
    assert saved["PWR-GEN-01"].answered_by == "Minh"
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released

    sheet = tmp_path / "out" / "sheet.xlsx"
    result = run("checklist", "export", "--xlsx", str(sheet))
    assert result.exit_code == 0, result.output
    assert "5 criteria that apply to inline-dc" in result.output
    assert sheet.is_file()


def test_import_problems_exit_2_and_list_every_row(
    ws: Workspace, run: Callable[..., Result], tmp_path: Path
) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("id,result,value\nPWR-GEN-01,,-1\nPWR-UPS-01,great,\n", encoding="utf-8")
    before = ws.assessment_path(SITE).read_bytes()
    result = run("answers", "import", SITE, str(source))
    assert result.exit_code == 2
    assert "row 2, column value: -1 h: cannot be negative" in result.stderr
    assert "row 3, column result: “great” is not a result" in result.stderr
    assert "nothing was changed" in result.stderr
    assert ws.assessment_path(SITE).read_bytes() == before


def test_import_waits_for_no_one_while_a_session_holds_the_site(
    ws: Workspace, run: Callable[..., Result], tmp_path: Path
) -> None:
    source = tmp_path / "answers.yaml"
    source.write_text("answers:\n  PWR-UPS-01: {result: met}\n", encoding="utf-8")
    with acquire_site_lock(ws.site_dir(SITE), "Hoa"):
        result = run("answers", "import", SITE, str(source))
    assert result.exit_code == 2
    assert "another session is working on this site: Hoa on" in result.stderr


def test_export_blank_sheet_without_a_site(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    make_workspace(root)
    shutil.rmtree(root / "evidence" / SITE)
    result = CliRunner().invoke(
        build_app(),
        [
            "--workspace",
            str(root),
            "--lang",
            "en",
            "checklist",
            "export",
            "--xlsx",
            str(tmp_path / "b.xlsx"),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "6 criteria (no site yet)" in result.output


def _words(text: str) -> str:
    """A pattern for ``text`` however the terminal wraps it."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _installed_command() -> list[str]:
    beside = Path(sys.executable).parent / "tierassess"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("tierassess")
    return [found] if found else [sys.executable, "-m", "tierassess"]


def _pty_env() -> dict[str, str]:
    # PROMPT_TOOLKIT_NO_CPR: a real terminal answers cursor-position requests, pexpect does not.
    return {
        **os.environ,
        "TIERASSESS_LANG": "en",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }


def test_ctrl_c_in_a_terminal_exits_130_with_answers_kept(ws: Workspace) -> None:
    pexpect = pytest.importorskip("pexpect")
    command, *first_args = _installed_command()
    args = [*first_args, "--workspace", str(ws.root), "assess", SITE]
    child = pexpect.spawn(command, args, env=_pty_env(), encoding="utf-8", timeout=30)
    try:
        child.expect(r"Result\?")
        child.send("s\r")
        child.expect("Redundant UPS")
        child.expect(r"Result\?")
        child.send("1\r")
        child.expect("Saved PWR-UPS-01")
        child.expect(r"Result\?")
        child.sendcontrol("c")
        child.expect(_words("Every confirmed answer is saved (1 of 5)"))
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 130
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].result is AnswerResult.MET
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released


def test_killed_session_loses_no_confirmed_answer(ws: Workspace) -> None:
    pexpect = pytest.importorskip("pexpect")
    command, *first_args = _installed_command()
    env = _pty_env()
    args = [*first_args, "--workspace", str(ws.root), "assess", "--as", "Nam"]

    child = pexpect.spawn(
        command, args, env=env, encoding="utf-8", timeout=30, dimensions=(50, 160)
    )
    try:
        child.expect(r"Result\?")
        child.send("1")
        child.send("\r")
        child.expect(r"Hours of fuel on site \(h\)")
        child.send("14\r")
        child.expect("Saved PWR-GEN-01")
        child.expect(r"Result\?")
        child.send("3\r")
        child.expect("Saved PWR-UPS-01")
        child.expect(r"Result\?")
        child.send("3\r")
        child.expect("Saved PWR-ATS-01")
        child.expect(r"Result\?")
        child.send("4\r")
        child.expect("Why does this criterion not apply")
        child.send("a justification never confirmed")
        child.kill(signal.SIGKILL)
    finally:
        child.close(force=True)
    assert child.signalstatus == signal.SIGKILL

    saved = ws.load_assessment(SITE).answers
    assert [saved[c].result for c in APPLICABLE[:3]] == [
        AnswerResult.MET,
        AnswerResult.NOT_MET,
        AnswerResult.MET,
    ]
    assert "CLG-CRAC-01" not in saved
    assert read_lock(ws.site_dir(SITE) / LOCK_FILE) is not None  # its name stays behind

    again = pexpect.spawn(
        command, args, env=env, encoding="utf-8", timeout=30, dimensions=(50, 160)
    )
    try:
        again.expect("ended without closing")
        again.expect(_words("Recovered 3 answer(s) given in that session; 3 of 5 answers in all"))
        again.expect("CLG-CRAC-01")  # it resumes at the question it was killed in
        again.expect(r"Result\?")
        again.send("q\r")
        again.expect(_words("Saved 0 answers in this session; 3 of 5 criteria assessed in all"))
        again.expect(pexpect.EOF)
    finally:
        again.close(force=True)
    assert again.exitstatus == 0
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released
    after = ws.load_assessment(SITE).answers
    assert {c: a.result for c, a in after.items()} == {c: a.result for c, a in saved.items()}


def test_the_command_module_imports_only_click() -> None:
    import subprocess

    code = (
        "import sys, tierassess.cli.assess\n"
        "heavy = [m for m in ('pydantic', 'questionary', 'prompt_toolkit', 'openpyxl', 'rich')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
