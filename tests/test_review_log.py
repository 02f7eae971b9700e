"""`tierassess log`: a readable table in both languages, JSON for scripts, exit 1 on a broken chain."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bundle_support import AUDITOR, ENGINEER, populate
from click.testing import CliRunner, Result
from session_support import record_review_as
from test_evidence import make_site

from tierassess.cli import build_app
from tierassess.reports.logview import log_rows
from tierassess.storage.audit import read_log

Cli = Callable[..., Result]


def _site(tmp_path: Path) -> Path:
    workspace, site = make_site(tmp_path / "ws")
    populate(workspace, site, tmp_path / "files")
    record_review_as(workspace, site, "PWR-GEN-02", "rejected", AUDITOR, "Sơ đồ cũ")
    return workspace.root


def _log(root: Path, lang: str, *args: str) -> Result:
    return CliRunner().invoke(
        build_app(), ["--workspace", str(root), "--lang", lang, "log", "test-dc", *args]
    )


def test_the_log_reads_as_a_table_in_both_languages(tmp_path: Path) -> None:
    root = _site(tmp_path)
    english = _log(root, "en")
    assert english.exit_code == 0, english.output
    for text in ("When", "Who", "What", "Evidence added", "Review recorded", "verdict: Rejected"):
        assert text in english.output
    assert ENGINEER in english.output and "PWR-GEN-02" in english.output
    assert "review.set" not in english.output and "evidence.add" not in english.output
    vietnamese = _log(root, "vi")
    assert vietnamese.exit_code == 0 and "Thời điểm" in vietnamese.output
    rows = log_rows(read_log(root / "evidence" / "test-dc" / "audit.log"), "vi")
    assert {r.what for r in rows} >= {"Thêm bằng chứng", "Kết luận rà soát"}
    review = next(r for r in rows if r.subject == "PWR-GEN-02")
    assert review.detail.startswith("kết luận: Không chấp nhận") and review.who == AUDITOR


def test_json_keeps_the_codes_for_scripts(tmp_path: Path) -> None:
    root = _site(tmp_path)
    data = json.loads(_log(root, "en", "--format", "json").stdout)
    assert data["intact"] is True
    assert {"evidence.add", "review.set"} <= {e["action"] for e in data["entries"]}


def test_a_broken_chain_exits_1_in_every_format(tmp_path: Path) -> None:
    root = _site(tmp_path)
    log = root / "evidence" / "test-dc" / "audit.log"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text(
        lines[0].replace('"seq":1', '"seq":1 ', 1)
        + "".join(lines[1:]).replace("Sơ đồ cũ", "Sơ đồ mới"),
        encoding="utf-8",
    )
    table = _log(root, "en")
    assert table.exit_code == 1 and "BROKEN" in table.output
    scripted = _log(root, "en", "--format", "json")
    assert scripted.exit_code == 1 and json.loads(scripted.stdout)["intact"] is False
