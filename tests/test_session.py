"""The site session: one lock, one folder, one commit that writes the change and its audit entry.

Every refusal is checked three ways: the exit code, the message, and that no file of the
workspace changed (the lock file aside: taking the lock writes the holder's name and releasing
empties it again).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from assess_support import SITE, make_workspace
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tierassess.errors import WorkspaceError
from tierassess.storage.audit import read_log, verify_chain
from tierassess.storage.locking import LOCK_FILE, acquire_site_lock, read_lock
from tierassess.storage.session import JOURNAL_FILE, open_site
from tierassess.storage.workspace import Workspace

TIERASSESS = [sys.executable, "-m", "tierassess"]
ANSWERS = (
    "answers:\n  PWR-UPS-01: {result: met, notes: two UPS}\n  CLG-CRAC-01: {result: not_met}\n"
)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the workspace and its bytes (the lock file aside)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def run(cli: object, ws: Workspace, *args: str) -> Result:
    result: Result = cli(*args, workspace=ws.root)  # type: ignore[operator]
    return result


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path / "ws")
    with open_site(workspace, SITE, "Lan") as site:
        site.commit("site.create", SITE)  # a log with a head, as `init` leaves it
    return workspace


def _answers(tmp_path: Path, text: str = ANSWERS) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


# --- the lock ------------------------------------------------------------------------------------


def test_lock_names_its_holder_and_is_released(tmp_path: Path) -> None:
    with acquire_site_lock(tmp_path, "Hoa") as lock:
        holder = read_lock(tmp_path / LOCK_FILE)
        assert holder == lock.holder and holder.user == "Hoa" and holder.pid == os.getpid()
        with pytest.raises(WorkspaceError) as refused:
            acquire_site_lock(tmp_path, "Nam")
        assert f"Hoa on {holder.host}, process {os.getpid()}" in refused.value.message
    assert read_lock(tmp_path / LOCK_FILE) is None
    with acquire_site_lock(tmp_path, "Nam") as again:
        assert again.cleared is None  # released properly: nothing to report


def test_the_kernel_releases_the_lock_of_a_killed_process(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from pathlib import Path
        from tierassess.storage.locking import acquire_site_lock
        lock = acquire_site_lock(Path({str(tmp_path)!r}), "Nam")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    child = subprocess.run([sys.executable, "-c", script], check=False)
    assert child.returncode == -signal.SIGKILL
    assert read_lock(tmp_path / LOCK_FILE) is not None  # the name stays behind
    with acquire_site_lock(tmp_path, "Hoa") as lock:
        assert lock.cleared is not None and lock.cleared.user == "Nam"


def test_a_damaged_lock_name_is_reported_not_trusted(tmp_path: Path) -> None:
    (tmp_path / LOCK_FILE).write_text("{half", encoding="utf-8")
    with acquire_site_lock(tmp_path, "Hoa") as lock:
        assert lock.cleared is not None and lock.cleared.pid == 0


def test_a_second_writer_is_refused_naming_the_holder(ws: Workspace, cli: object) -> None:
    before = snapshot(ws.root)
    with open_site(ws, SITE, "Hoa"):
        result = run(cli, ws, "answers", "import", SITE, str(_answers(ws.root.parent)))
    assert result.exit_code == 2
    assert "another session is working on this site: Hoa on" in result.stderr
    assert snapshot(ws.root) == before


# --- a site is its folder ------------------------------------------------------------------------


def test_a_copied_site_folder_is_refused_and_nothing_is_written(
    ws: Workspace, cli: object, tmp_path: Path
) -> None:
    shutil.copytree(ws.site_dir(SITE), ws.site_dir("copy-dc"))
    before = snapshot(ws.root)
    for args in (
        ("answers", "import", "copy-dc", str(_answers(tmp_path))),
        ("evidence", "add", "copy-dc", str(_answers(tmp_path))),
        ("score", "copy-dc"),
    ):
        result = run(cli, ws, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "site.id is 'inline-dc' but the file is in the folder of site 'copy-dc'" in (
            result.stderr
        )
    assert snapshot(ws.root) == before


def test_a_site_id_naming_another_site_never_overwrites_it(
    ws: Workspace, cli: object, tmp_path: Path
) -> None:
    shutil.copytree(ws.site_dir(SITE), ws.site_dir("other-dc"))
    path = ws.assessment_path("other-dc")
    path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", "other-dc", str(_answers(tmp_path)))
    assert result.exit_code == 2 and "a site is its folder" in result.stderr
    assert snapshot(ws.root) == before


def test_a_site_name_that_leaves_the_evidence_folder_is_refused(ws: Workspace) -> None:
    with pytest.raises(Exception, match="is not a site name"):
        open_site(ws, "../x", "Lan").__enter__()


# --- the audit log is checked before every write -------------------------------------------------


def _three_entries(ws: Workspace, tmp_path: Path, cli: object) -> None:
    for n in range(2):
        note = tmp_path / f"n{n}.txt"
        note.write_text(str(n), encoding="utf-8")
        assert run(cli, ws, "evidence", "add", SITE, str(note)).exit_code == 0


def test_a_truncated_log_is_never_healed_by_a_write(
    ws: Workspace, cli: object, tmp_path: Path
) -> None:
    _three_entries(ws, tmp_path, cli)
    log = ws.audit_log_path(SITE)
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:-1]), encoding="utf-8")  # head -n -1 audit.log
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", SITE, str(_answers(tmp_path)))
    assert result.exit_code == 1
    assert "ends at entry 2 but entry 3 was written" in result.stderr
    assert snapshot(ws.root) == before
    verify = run(cli, ws, "evidence", "verify", SITE)
    assert verify.exit_code == 1


def test_a_deleted_log_with_its_head_present_is_reported(
    ws: Workspace, cli: object, tmp_path: Path
) -> None:
    _three_entries(ws, tmp_path, cli)
    ws.audit_log_path(SITE).unlink()
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", SITE, str(_answers(tmp_path)))
    assert result.exit_code == 1 and "audit.log is missing but entry 3 was written" in result.stderr
    assert snapshot(ws.root) == before
    assert verify_chain(ws.audit_log_path(SITE))  # verify says so too
    verify = run(cli, ws, "evidence", "verify", SITE)
    assert verify.exit_code == 1


def test_a_deleted_head_refuses_writes(ws: Workspace, cli: object, tmp_path: Path) -> None:
    _three_entries(ws, tmp_path, cli)
    ws.audit_log_path(SITE).with_name("audit.log.head").unlink()
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", SITE, str(_answers(tmp_path)))
    assert result.exit_code == 1 and "audit.log.head is missing" in result.stderr
    assert snapshot(ws.root) == before


def test_one_bad_byte_in_the_log_is_a_finding_not_a_traceback(
    ws: Workspace, cli: object, tmp_path: Path
) -> None:
    _three_entries(ws, tmp_path, cli)
    log = ws.audit_log_path(SITE)
    data = bytearray(log.read_bytes())
    data[40] = 0xFF
    log.write_bytes(bytes(data))
    before = snapshot(ws.root)
    verify = run(cli, ws, "evidence", "verify", SITE)
    assert verify.exit_code == 1 and "not UTF-8" in verify.output
    shown = run(cli, ws, "log", SITE)  # no traceback (its exit code belongs to `log`'s owner)
    assert "Traceback" not in shown.output
    write = run(cli, ws, "answers", "import", SITE, str(_answers(tmp_path)))
    assert write.exit_code == 1 and "the audit log" in write.stderr
    assert snapshot(ws.root) == before


# --- a commit is all or nothing across a kill ----------------------------------------------------


def _import_killed_at(ws: Workspace, step: str, answers: Path) -> int:
    """Run `answers import` in a child process that kills itself at ``step`` of the commit."""
    script = textwrap.dedent(
        f"""
        import os, signal
        import tierassess.storage.session.journal as session
        def stop(name):
            if name == {step!r}:
                os.kill(os.getpid(), signal.SIGKILL)
        session.fault_hook = stop
        from tierassess.cli import main
        main(["--workspace", {str(ws.root)!r}, "--lang", "en",
              "answers", "import", {SITE!r}, {str(answers)!r}])
        """
    )
    env = {**os.environ, "TIERASSESS_LANG": "en"}
    return subprocess.run([sys.executable, "-c", script], env=env, check=False).returncode


@pytest.mark.parametrize(
    "step", ["staged", "journal-written", "file-written", "log-appended", "head-written"]
)
def test_a_kill_at_any_step_leaves_both_or_neither(
    ws: Workspace, cli: object, tmp_path: Path, step: str
) -> None:
    answers = _answers(tmp_path)
    assert _import_killed_at(ws, step, answers) == -signal.SIGKILL
    journal_left = (ws.site_dir(SITE) / JOURNAL_FILE).exists()
    assert journal_left == (step != "staged")
    verify = run(cli, ws, "evidence", "verify", SITE)  # reading commands say it is pending
    assert ("An interrupted change is pending" in verify.stderr) == journal_left
    # the next writing command completes (or had nothing to complete) and says so
    note = tmp_path / "later.txt"
    note.write_text("later", encoding="utf-8")
    later = run(cli, ws, "evidence", "add", SITE, str(note))
    assert later.exit_code == 0, later.output
    assert ("Completed a change that was interrupted earlier" in later.stderr) == journal_left
    assert not (ws.site_dir(SITE) / JOURNAL_FILE).exists()
    assert verify_chain(ws.audit_log_path(SITE)) == []
    imported = [e.subject for e in read_log(ws.audit_log_path(SITE)) if e.action == "answer.import"]
    answers_now = ws.load_assessment(SITE).answers
    if journal_left:
        assert imported == ["PWR-UPS-01", "CLG-CRAC-01"]
        assert answers_now["PWR-UPS-01"].notes == "two UPS"
    else:
        assert imported == [] and "PWR-UPS-01" not in answers_now
    assert not list(ws.site_dir(SITE).glob(".*.tmp"))


def test_a_failed_write_keeps_the_journal_for_the_next_command(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tierassess.storage.session.journal as session_module

    def fail(name: str) -> None:
        if name == "file-written":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(session_module, "fault_hook", fail)
    with open_site(ws, SITE, "Lan") as site, pytest.raises(WorkspaceError) as refused:
        site.assessment.site.name = "Renamed DC"
        site.commit("site.edit", SITE)
    assert "No space left on device" in refused.value.message
    assert "completed by the next command" in (refused.value.hint or "")
    monkeypatch.setattr(session_module, "fault_hook", None)
    with open_site(ws, SITE, "Lan") as site:
        assert any("interrupted earlier: site.edit" in n for n in site.notices)
    assert ws.load_assessment(SITE).site.name == "Renamed DC"
    assert read_log(ws.audit_log_path(SITE))[-1].action == "site.edit"


def test_a_damaged_journal_stops_writes_until_looked_at(ws: Workspace, cli: object) -> None:
    (ws.site_dir(SITE) / JOURNAL_FILE).write_text("{half", encoding="utf-8")
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", SITE, str(_answers(ws.root.parent)))
    assert result.exit_code == 2 and "journal of an interrupted change" in result.stderr
    assert snapshot(ws.root) == before


def test_temp_files_of_killed_writers_are_removed_by_the_next_writer(
    ws: Workspace, cli: object, tmp_path: Path
) -> None:
    site_dir = ws.site_dir(SITE)
    (site_dir / ".assessment.yaml.abc123.tmp").write_text("half", encoding="utf-8")
    (site_dir / "files").mkdir(exist_ok=True)
    (site_dir / "files" / ".incoming-xyz").write_bytes(b"half a photo")
    result = run(cli, ws, "answers", "import", SITE, str(_answers(tmp_path)))
    assert result.exit_code == 0
    assert "Removed 2 temporary file(s)" in result.stderr
    assert not (site_dir / ".assessment.yaml.abc123.tmp").exists()
    assert not (site_dir / "files" / ".incoming-xyz").exists()


def test_concurrent_writers_never_break_the_chain(ws: Workspace, tmp_path: Path) -> None:
    files = []
    for n in range(6):
        path = tmp_path / f"c{n}.txt"
        path.write_text(f"content {n}", encoding="utf-8")
        files.append(path)
    env = {**os.environ, "TIERASSESS_LANG": "en"}
    children = [
        subprocess.Popen(
            [*TIERASSESS, "--workspace", str(ws.root), "evidence", "add", SITE, str(path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    outcomes = []
    for child in children:
        _, stderr = child.communicate()
        outcomes.append((child.returncode, stderr))
    for code, stderr in outcomes:
        assert code in (0, 2), stderr
        if code == 2:
            assert "another session is working on this site" in stderr
    added = sum(1 for code, _ in outcomes if code == 0)
    assert added >= 1
    log = ws.audit_log_path(SITE)
    assert verify_chain(log) == []
    assert [e.action for e in read_log(log)].count("evidence.add") == added
    assert len(ws.load_evidence_index(SITE).items) == added
    head = json.loads(log.with_name("audit.log.head").read_text(encoding="utf-8"))
    assert head["seq"] == added + 1


# --- input shapes that hypothesis chooses --------------------------------------------------------

_slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True).filter(lambda s: s != SITE)


@given(copy_name=_slugs)
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_copy_of_a_site_folder_is_refused(
    tmp_path_factory: pytest.TempPathFactory, cli: object, copy_name: str
) -> None:
    ws = make_workspace(tmp_path_factory.mktemp("ws") / "ws")
    shutil.copytree(ws.site_dir(SITE), ws.site_dir(copy_name))
    answers = _answers(ws.root.parent)
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", copy_name, str(answers))
    assert result.exit_code == 2
    assert f"but the file is in the folder of site {copy_name!r}" in result.stderr
    assert snapshot(ws.root) == before


@given(entries=st.integers(2, 6), cut=st.integers(1, 5), keep_head=st.booleans())
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_log_cut_short_is_refused_however_it_was_cut(
    tmp_path_factory: pytest.TempPathFactory,
    cli: object,
    entries: int,
    cut: int,
    keep_head: bool,
) -> None:
    ws = make_workspace(tmp_path_factory.mktemp("ws") / "ws")
    with open_site(ws, SITE, "Lan") as site:
        for n in range(entries):
            site.commit("site.note", f"n{n}")
    log = ws.audit_log_path(SITE)
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[: max(0, entries - cut)]), encoding="utf-8")
    if not keep_head:
        log.with_name("audit.log.head").unlink()
    before = snapshot(ws.root)
    result = run(cli, ws, "answers", "import", SITE, str(_answers(ws.root.parent)))
    assert result.exit_code == 1, result.output
    assert "nothing was written" in result.stderr
    assert snapshot(ws.root) == before
