"""Hostile input gives a message and an exit code, never a traceback, and changes nothing.

Control characters and huge names at input, a hand-edited assessment with ``.nan`` or an id
with a trailing newline, a 5,000-digit number, folders that cannot be written, a catalogue file
checked away from its checklist, and duplicate ids located on their own line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from assess_support import SITE, make_workspace
from click.testing import Result
from conftest import MINIMAL_PROFILE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_session import snapshot

from tierassess.storage.session import open_site
from tierassess.storage.workspace import Workspace
from tierassess.textsafe import check_name, clean_note, for_terminal, has_control


def _ws(tmp_path: Path) -> Workspace:
    ws = make_workspace(tmp_path / "ws")
    with open_site(ws, SITE, "Lan") as site:
        site.commit("site.init", SITE)
    return ws


def run(cli: object, root: Path, *args: str) -> Result:
    result: Result = cli(*args, workspace=root)  # type: ignore[operator]
    assert "Traceback" not in result.output
    return result


# --- names and notes -----------------------------------------------------------------------------

_CONTROLS = st.sampled_from(["\x00", "\x1b[31m", "\x07", "\x1b]0;pwned\x07", "\u202e", "\x7f"])


@given(
    before=st.text(alphabet=st.characters(categories=["L", "N", "Zs"]), max_size=20),
    control=_CONTROLS,
    after=st.text(alphabet=st.characters(categories=["L", "N"]), max_size=20),
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_site_name_with_control_characters_is_refused_at_init(
    tmp_path_factory: pytest.TempPathFactory, cli: object, before: str, control: str, after: str
) -> None:
    root = tmp_path_factory.mktemp("ws")
    shutil.copytree(Path(__file__).parent.parent / "checklists", root / "checklists")
    profile = root / "profile.yaml"
    name = f"{before}{control}{after}"
    text = MINIMAL_PROFILE.replace("name: Test DC", f'name: "{_yaml_escape(name)}"')
    profile.write_text(text, encoding="utf-8")
    before_files = snapshot(root)
    result = run(cli, root, "init", "new-dc", "--profile", str(profile))
    assert result.exit_code == 2
    assert "name: must not hold control characters" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert snapshot(root) == before_files and not (root / "evidence" / "new-dc").exists()


def _yaml_escape(text: str) -> str:
    return "".join(c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)


def test_a_100000_character_site_name_is_refused_with_its_length(
    tmp_path: Path, cli: object, workspace: Path
) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE.replace("Test DC", "N" * 100_000), encoding="utf-8")
    result = run(cli, workspace, "init", "big-dc", "--profile", str(profile))
    assert result.exit_code == 2
    assert "name: is 100000 characters long, over the limit of 200" in result.stderr
    assert not (workspace / "evidence" / "big-dc").exists()


def test_notes_lose_control_characters_and_keep_their_lines(tmp_path: Path, cli: object) -> None:
    ws = _ws(tmp_path)
    answers = tmp_path / "answers.csv"
    answers.write_text(
        'id,result,notes\nPWR-UPS-01,met,"two UPS\x1b[2J\nboth\x00 on bypass\x07"\n',
        encoding="utf-8",
    )
    result = run(cli, ws.root, "answers", "import", SITE, str(answers))
    assert result.exit_code == 0, result.output
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].notes == "two UPS[2J\nboth on bypass"


def test_an_evidence_note_is_cleaned_and_says_so(tmp_path: Path, cli: object) -> None:
    ws = _ws(tmp_path)
    photo = tmp_path / "a.txt"
    photo.write_text("a", encoding="utf-8")
    result = run(cli, ws.root, "evidence", "add", SITE, str(photo), "--note", "ok\x1b[31m red")
    assert result.exit_code == 0
    assert "Removed 1 control character(s) from the note." in result.stderr
    assert ws.load_evidence_index(SITE).items[0].description == "ok[31m red"


def test_an_evidence_file_name_with_a_control_character_is_refused(
    tmp_path: Path, cli: object
) -> None:
    ws = _ws(tmp_path)
    odd = tmp_path / "photo\x1b[31m.jpg"
    odd.write_bytes(b"\xff\xd8\xff x")
    before = snapshot(ws.root)
    result = run(cli, ws.root, "evidence", "add", SITE, str(odd))
    assert result.exit_code == 2
    assert "file name" in result.stderr and "\\x1b" in result.stderr
    assert "\x1b" not in result.stderr
    assert snapshot(ws.root) == before


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_text_hygiene_over_any_text(text: str) -> None:
    shown = for_terminal(text)
    assert "\x1b" not in shown and "\x00" not in shown and "\x9b" not in shown
    cleaned = clean_note(text)
    assert cleaned is None or not any(ord(c) < 32 and c not in "\n\t" for c in cleaned)
    try:
        name = check_name(text, "name")
    except Exception as exc:  # refused: with a message a person can act on
        assert "control character" in str(exc) or not text.strip() or "limit" in str(exc)
    else:
        assert not has_control(name) and name == name.strip()


# --- a hand-edited assessment --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("result: met\n", "result: met\n    value: .nan\n"), "must be a finite number"),
        (("  PWR-UPS-01:", '  "PWR-UPS-01\\n":'), "is not a criterion id"),
    ],
)
def test_hand_edits_that_would_pass_silently_are_refused(
    tmp_path: Path, cli: object, edit: tuple[str, str], message: str
) -> None:
    ws = _ws(tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  PWR-UPS-01: {result: met}\n", encoding="utf-8")
    assert run(cli, ws.root, "answers", "import", SITE, str(answers)).exit_code == 0
    path = ws.assessment_path(SITE)
    text = path.read_text(encoding="utf-8")
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    before = snapshot(ws.root)
    for args in (("score", SITE), ("answers", "import", SITE, str(answers))):
        result = run(cli, ws.root, *args)
        assert result.exit_code == 2, result.output
        assert message in result.stderr.lower() or message in result.stderr
        assert "assessment.yaml:" in result.stderr
    assert snapshot(ws.root) == before


def test_a_5000_digit_value_is_a_message(tmp_path: Path, cli: object) -> None:
    ws = _ws(tmp_path)
    answers = tmp_path / "a.yaml"
    answers.write_text(f"answers:\n  PWR-GEN-01: {{value: {'9' * 5000}}}\n", encoding="utf-8")
    before = snapshot(ws.root)
    result = run(cli, ws.root, "answers", "import", SITE, str(answers))
    assert result.exit_code == 2
    assert f"{answers}:2:" in result.stderr and "numbers this long are refused" in result.stderr
    assert snapshot(ws.root) == before


# --- folders that cannot be written ---------------------------------------------------------------


def test_an_output_folder_that_cannot_be_made_is_a_message(tmp_path: Path, cli: object) -> None:
    ws = _ws(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    for args in (
        ("report", SITE, "--format", "csv", "-o", str(blocker / "out")),
        ("checklist", "export", "--xlsx", str(blocker / "sheet.xlsx")),
        ("plan", SITE, "--format", "xlsx", "-o", str(blocker / "plan.xlsx")),
    ):
        result = run(cli, ws.root, *args)
        assert result.exit_code == 2, (args, result.output)
        assert "cannot read or write" in result.stderr or "Not a directory" in result.stderr


def test_a_workspace_that_cannot_be_written_is_a_message(
    tmp_path: Path, cli: object, workspace: Path
) -> None:
    (workspace / "evidence").rmdir()
    (workspace / "evidence").write_text("a file where the folder should be", encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    result = run(cli, workspace, "init", "new-dc", "--profile", str(profile))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr or "cannot read or write" in result.stderr


# --- the catalogue validator ----------------------------------------------------------------------


def test_a_criteria_file_away_from_its_checklist_is_not_called_valid(
    tmp_path: Path, cli: object
) -> None:
    from assess_support import CRITERIA

    lonely = tmp_path / "alone" / "criteria.yaml"
    lonely.parent.mkdir()
    lonely.write_text(CRITERIA, encoding="utf-8")
    result = run(cli, tmp_path, "checklist", "validate", str(lonely))
    assert result.exit_code == 1
    assert "valid, 0 criteria" not in result.output
    assert "no checklist header" in result.stderr


def test_a_duplicate_id_points_at_its_own_line(tmp_path: Path, cli: object) -> None:
    ws = make_workspace(tmp_path / "ws")
    path = ws.checklists_dir / "tier3-inline.yaml"
    text = path.read_text(encoding="utf-8").replace("  - id: PWR-UPS-01", "  - id: PWR-GEN-01", 1)
    path.write_text(text, encoding="utf-8")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "id: PWR-GEN-01" in line]
    result = run(cli, ws.root, "checklist", "validate", str(path))
    assert result.exit_code == 1
    assert f"{path}:{lines[1]}: criteria[1].id: duplicate id PWR-GEN-01" in result.stderr
    assert f"(first at {path}:{lines[0]})" in result.stderr
