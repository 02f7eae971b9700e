"""``assess --sign``: the walk ends by signing the person's answers (prompt_toolkit pipe input)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from assess_support import (
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from click.testing import Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tierassess.cli.interactive.questionnaire import SessionReport, TextOutput, run_session
from tierassess.errors import InputError
from tierassess.exchange.identity import keyring, new_key
from tierassess.exchange.identity.attest import ACTION, check_answer_signatures
from tierassess.storage.audit import read_log
from tierassess.storage.workspace import Workspace

ENTER = "\r"
CTRL_C = "\x03"
PASSPHRASE = "mật khẩu của Lan"
ANSWER_ONE_AND_QUIT = "1" + ENTER + "14" + ENTER + "q" + ENTER  # PWR-GEN-01: 14 h, save and quit


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path / "ws")
    new_key(workspace, "Nguyen Van Lan", PASSPHRASE)  # the key's spelling need not match --as
    return workspace


def _walk(ws: Workspace, keys: str, printed: list[str]) -> SessionReport:
    buffer = io.StringIO()
    try:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(keys)
            return run_session(
                ws, SITE, actor="Nguyễn Văn Lan", lang="en", out=TextOutput(buffer), sign=True
            )
    finally:
        printed.append(" ".join(buffer.getvalue().split()))


def _signed_entries(ws: Workspace) -> list[object]:
    return [e for e in read_log(ws.audit_log_path(SITE)) if e.action == ACTION]


def test_the_walk_ends_by_asking_the_passphrase_once_and_signing(ws: Workspace) -> None:
    printed: list[str] = []
    _walk(ws, ANSWER_ONE_AND_QUIT + PASSPHRASE + ENTER, printed)
    assert "Signed 1 answer(s) of Nguyen Van Lan with key" in printed[0]
    [check] = check_answer_signatures(ws, SITE, keyring(ws))
    assert check.ok and list(check.answers) == ["PWR-GEN-01"] and check.changed == []


def test_the_passphrase_can_come_from_the_environment(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    _walk(ws, ANSWER_ONE_AND_QUIT, [])  # no passphrase typed: none is asked
    assert len(_signed_entries(ws)) == 1


def test_ctrl_c_before_the_end_keeps_the_answers_unsigned_and_says_so(ws: Workspace) -> None:
    printed: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        _walk(ws, "1" + ENTER + "14" + ENTER + CTRL_C, printed)
    assert ws.load_assessment(SITE).answers["PWR-GEN-01"].value == 14.0
    assert _signed_entries(ws) == []
    assert "saved but NOT signed" in printed[0]
    assert f'tierassess sign {SITE} --as "Nguyễn Văn Lan"' in printed[0]


def test_ctrl_c_at_the_passphrase_prompt_also_leaves_them_unsigned(ws: Workspace) -> None:
    printed: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        _walk(ws, ANSWER_ONE_AND_QUIT + "mật" + CTRL_C, printed)
    assert "PWR-GEN-01" in ws.load_assessment(SITE).answers
    assert _signed_entries(ws) == [] and "NOT signed" in printed[0]


def test_a_wrong_passphrase_keeps_the_answers_and_refuses_clearly(ws: Workspace) -> None:
    printed: list[str] = []
    with pytest.raises(InputError, match="passphrase"):
        _walk(ws, ANSWER_ONE_AND_QUIT + "sai mật khẩu" + ENTER, printed)
    assert "PWR-GEN-01" in ws.load_assessment(SITE).answers
    assert _signed_entries(ws) == [] and "NOT signed" in printed[0]


def test_without_a_key_the_walk_does_not_start(tmp_path: Path) -> None:
    bare = make_workspace(tmp_path / "bare")
    with pytest.raises(InputError, match="Nguyễn Văn Lan"):
        _walk(bare, ANSWER_ONE_AND_QUIT, [])
    assert bare.load_assessment(SITE).answers == {}


def test_assess_offers_sign_in_help(cli: Callable[..., Result]) -> None:
    result = cli("assess", "--help")
    assert result.exit_code == 0 and "--sign" in result.output


def test_assess_answers_file_with_sign_imports_then_signs(
    ws: Workspace, tmp_path: Path, cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    source = tmp_path / "answers.csv"
    source.write_text("id,result\nPWR-UPS-01,met\n", encoding="utf-8")
    args = ("assess", "--answers", str(source), "--as", "Nguyễn Văn Lan", "--sign")
    result = cli(*args, workspace=ws.root)
    assert result.exit_code == 0, result.output
    assert "Signed 1 answer(s) of Nguyen Van Lan" in result.output
    assert len(_signed_entries(ws)) == 1
    nobody = cli(*args[:-3], "--as", "Hoa", "--sign", workspace=ws.root)
    assert nobody.exit_code == 2 and "Hoa" in nobody.output
    assert len(_signed_entries(ws)) == 1
