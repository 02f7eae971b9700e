"""Signed answer sessions: the engineer signs the answers they gave; a rewritten log is caught."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from bundle_support import ENGINEER, populate
from click.testing import Result
from test_evidence import make_site

from tierassess.storage.audit import AuditEntry, head_path

Cli = Callable[..., Result]


@pytest.fixture
def signed(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", "mật khẩu đủ dài")
    workspace, site = make_site(tmp_path / "ws")
    populate(workspace, site, tmp_path / "files")
    assert cli("key", "new", "--as", ENGINEER, workspace=workspace.root).exit_code == 0
    result = cli("sign", site, "--as", "nguyen van ky", workspace=workspace.root)
    assert result.exit_code == 0, result.output
    assert f"Signed 3 answer(s) of {ENGINEER}" in result.output
    return workspace.root


def test_signatures_name_the_signer_and_the_answers_changed_since(signed: Path, cli: Cli) -> None:
    checked = cli("signatures", "test-dc", workspace=signed)
    assert checked.exit_code == 0 and f"Validly signed by {ENGINEER}" in checked.output
    from tierassess.storage.workspace import Workspace

    workspace = Workspace.at(signed)
    assessment = workspace.load_assessment("test-dc")
    assessment.answers["PWR-GEN-02"].notes = "sửa sau khi ký"
    workspace.save_assessment(assessment)
    report = json.loads(cli("signatures", "test-dc", "--format", "json", workspace=signed).output)
    assert report[0]["signature"] == "valid" and report[0]["changed"] == ["PWR-GEN-02"]


def test_a_log_rewritten_with_its_chain_and_head_fails_the_signature(
    signed: Path, cli: Cli
) -> None:
    """Whoever holds the folder can recompute the chain and the head, but not the signature."""
    log = signed / "evidence" / "test-dc" / "audit.log"
    entries = [AuditEntry.model_validate_json(line) for line in log.read_text().splitlines()]
    signed_entry = next(e for e in entries if e.action == "answers.signed")
    signed_entry.details["answers"]["PWR-UPS-03"] = "0" * 64
    previous = entries[0].prev
    for entry in entries:
        entry.prev = previous
        entry.hash = entry.computed_hash()
        previous = entry.hash
    log.write_text(
        "".join(
            json.dumps(e.model_dump(), ensure_ascii=False, separators=(",", ":")) + "\n"
            for e in entries
        ),
        encoding="utf-8",
    )
    head_path(log).write_text(json.dumps({"seq": entries[-1].seq, "hash": entries[-1].hash}) + "\n")
    assert cli("log", "test-dc", workspace=signed).exit_code == 0  # the chain alone looks intact
    result = cli("signatures", "test-dc", workspace=signed)
    assert result.exit_code == 1 and "BAD SIGNATURE" in result.output


def test_an_unknown_key_is_reported(signed: Path, cli: Cli) -> None:
    for path in (signed / "keyring").iterdir():
        path.unlink()
    result = cli("signatures", "test-dc", workspace=signed)
    assert result.exit_code == 1 and "UNKNOWN KEY" in result.output
