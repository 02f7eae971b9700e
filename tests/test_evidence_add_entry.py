"""`evidence add` asks or states the kind and date, refuses empty files, flags a wrong extension."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

CliRun = Callable[..., Result]


def test_without_a_terminal_the_file_suggests_kind_and_date_and_says_so(
    cli: CliRun, workspace: Path, site: str, tmp_path: Path
) -> None:
    log = tmp_path / "run.log"
    log.write_text("12:00 generator started\n", encoding="utf-8")
    result = cli("evidence", "add", site, str(log), "--format", "json", workspace=workspace)
    assert result.exit_code == 0, result.output
    assert "run.log" in result.stderr and "--kind/--captured" in result.stderr
    assert '"kind": "log"' in result.stdout


def test_given_kind_and_date_are_taken_without_a_note(
    cli: CliRun, workspace: Path, site: str, tmp_path: Path
) -> None:
    log = tmp_path / "run.log"
    log.write_text("12:00 generator started\n", encoding="utf-8")
    result = cli(
        "evidence", "add", site, str(log), "--kind", "test_record", "--captured", "2026-01-05",
        "--format", "json", workspace=workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert '"kind": "test_record"' in result.stdout and "2026-01-05" in result.stdout


def test_empty_and_disguised_files_are_refused_and_force_stores_the_disguised_one(
    cli: CliRun, workspace: Path, site: str, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"0123456789")
    result = cli("evidence", "add", site, str(empty), workspace=workspace)
    assert result.exit_code == 2 and "empty" in result.stderr
    result = cli("evidence", "add", site, str(fake), workspace=workspace)
    assert result.exit_code == 2 and ".pdf" in result.stderr and "--force" in result.stderr
    listed = cli("evidence", "list", site, "--format", "json", workspace=workspace)
    assert "fake.pdf" not in listed.stdout
    result = cli("evidence", "add", site, str(fake), "--force", workspace=workspace)
    assert result.exit_code == 0, result.output
