"""Every command, run with ``--lang vi`` against wrong input, answers in Vietnamese only.

The walk takes the commands from the CLI itself, so a new command is walked without editing this
file. For each it tries: an unknown option, missing arguments, and arguments naming things that do
not exist (a site, a criterion, a file). Output is English when a line, once user input (quoted
text, paths, ids, option names, metavars) is taken out, still holds two English function words.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tierassess.cli import build_app

# Vietnamese words written without marks overlap a few short English ones ("an", "to", "no"):
# those are left out. A line is English with two of these, or with one of the MARKERS.
ENGLISH = {
    "the", "is", "not", "must", "should", "be", "of", "for", "with", "and",
    "or", "this", "that", "missing", "invalid", "error", "usage", "options", "found", "does",
    "cannot", "expected", "input", "such", "file", "given", "use", "try", "help", "show",
    "message", "exit", "are", "has", "have", "already", "only", "unknown", "someone", "else",
    "value", "field", "required", "string", "match", "pattern", "site", "sites", "none",
    "yet", "create", "there", "was", "were", "will", "can", "could", "please", "check", "than",
    "from", "at", "on", "by", "into", "its", "your", "you", "need", "needs", "out", "date",
    "altered", "entry", "entries", "bundle", "member", "members", "refused", "nothing",
    "written", "broken", "listed", "declared", "depends", "duplicate", "known", "mismatch",
    "line", "says", "which", "when", "would", "outside", "after", "before", "over", "limit",
    "syntax", "while", "scanning", "allowed", "here", "mapping", "values", "second", "table",
    "dependency", "cycle",
}  # fmt: skip
MARKERS = {"usage", "options", "error", "hint", "commands", "critical", "major", "minor"}
_USER_TEXT = re.compile(
    r"“[^”]*”|‘[^’]*’|'[^']*'|\"[^\"]*\"|`[^`]*`"  # quoted text
    r"|\S*[/\\]\S*"  # paths
    r"|--?[\w-]+"  # options
    r"|\b[A-Z][A-Z0-9_-]{1,}\b"  # ids and metavars (SITE, PWR-UPS-02)
    r"|\b\w+(?:\[\d+\]|\.\w+)+"  # field paths (criteria[7].remediation.depends_on[0])
    r"|\b[a-z0-9]+(?:_[a-z0-9]+)+\b"  # field names (must_pass, counts_for)
    r"|\{[^}]*\}|\[[^\]]*\]"  # choices and metavar groups
)


def english_lines(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        words = re.findall(r"[a-zA-Z]+", _USER_TEXT.sub(" ", line))
        lowered = [w.lower() for w in words]
        if len([w for w in lowered if w in ENGLISH]) >= 2 or MARKERS & set(lowered):
            found.append(line)
    return found


def test_the_detector_finds_english_and_passes_vietnamese() -> None:
    assert english_lines("Error: no site 'x' in /tmp/ws (sites: none yet)")
    assert english_lines("Usage: tierassess init [OPTIONS] SITE")
    assert not english_lines("Lỗi: không có cơ sở 'x' trong /tmp/ws (các cơ sở: chưa có)")
    assert not english_lines("Cách dùng: tierassess init [OPTIONS] SITE")
    assert not english_lines("criteria[7].remediation.depends_on[0]: phụ thuộc vào PWR-GEN-01")
    assert not english_lines("must_pass phải là true khi có quy tắc counts_for là must_pass")
    assert english_lines("criteria[7].remediation.depends_on[0]: depends on unknown criterion")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += _commands(command, (*prefix, name))
        elif command is not None:
            out.append((*prefix, name))
    return out


APP = build_app(eager=True)
COMMANDS = _commands(APP)


def _wrong_inputs(path: tuple[str, ...]) -> list[list[str]]:
    command: click.Command = APP
    for name in path:
        assert isinstance(command, click.Group)
        next_command = command.get_command(click.Context(command), name)
        assert next_command is not None
        command = next_command
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    bogus = ["khong-co" if p.nargs == 1 else "khong-co.yaml" for p in arguments]
    cases = [[*path, "--khong-co"], [*path, *bogus]]
    if any(p.required for p in arguments):
        cases.append(list(path))
    return cases


CASES = [case for path in COMMANDS for case in _wrong_inputs(path)]


def _assert_answered_in_vietnamese(
    args: list[str], workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run the command in Vietnamese: no traceback, and no English line in what it prints."""
    from tierassess.i18n import set_lang

    monkeypatch.chdir(workspace)
    set_lang("vi")
    try:
        result = CliRunner().invoke(
            build_app(), ["--workspace", str(workspace), "--lang", "vi", *args]
        )
    finally:
        set_lang("en")
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    assert english_lines(result.output + result.stderr) == []


@pytest.fixture(scope="module")
def vi_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ws")
    (root / "evidence").mkdir()
    return root


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c) for c in CASES])
def test_wrong_input_is_answered_in_vietnamese(
    args: list[str], vi_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_answered_in_vietnamese(args, vi_workspace, monkeypatch)


def _with_site(path: tuple[str, ...]) -> list[str] | None:
    """The command with its SITE argument naming a real site and every other argument bogus."""
    command: click.Command = APP
    for name in path:
        assert isinstance(command, click.Group)
        found = command.get_command(click.Context(command), name)
        assert found is not None
        command = found
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if not arguments or arguments[0].name != "site" or path == ("init",):
        return None
    rest = ["KHONG-CO-01" if p.nargs == 1 else "khong-co.yaml" for p in arguments[1:]]
    return [*path, "dc", *rest]


SITE_CASES = [case for case in map(_with_site, COMMANDS) if case is not None]


@pytest.fixture(scope="module")
def site_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import MINIMAL_PROFILE

    root = tmp_path_factory.mktemp("ws-site")
    (root / "evidence").mkdir()
    profile = root / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    result = CliRunner().invoke(
        build_app(), ["--workspace", str(root), "init", "dc", "--profile", str(profile)]
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("args", SITE_CASES, ids=[" ".join(c) for c in SITE_CASES])
def test_wrong_input_for_a_real_site_is_answered_in_vietnamese(
    args: list[str], site_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_answered_in_vietnamese(args, site_workspace, monkeypatch)


BAD_PROFILES = {
    "numbers and choices": "name: X\noperator: Y\naddress: Z\ntarget_tier: 7\n"
    "cooling_technology: bogus\ndesign_it_load_kw: abc\nhalls: 1.5\nfoo: 1\n",
    "blank and missing": "name: ' '\noperator: Y\ncoastal: maybe\nplanning: {start_year: x}\n",
    "not a mapping": "- just\n- a list\n",
}


def _run_vi(root: Path, *args: str) -> tuple[int, str]:
    from tierassess.i18n import set_lang

    set_lang("vi")
    try:
        result = CliRunner().invoke(build_app(), ["--workspace", str(root), "--lang", "vi", *args])
    finally:
        set_lang("en")
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.output + result.stderr


@pytest.mark.parametrize("text", BAD_PROFILES.values(), ids=list(BAD_PROFILES))
def test_a_bad_profile_is_explained_in_vietnamese(text: str, site_workspace: Path) -> None:
    bad = site_workspace / "bad-profile.yaml"
    bad.write_text(text, encoding="utf-8")
    for command in (
        ["init", "moi", "--profile", str(bad)],
        ["site", "edit", "dc", "--profile", str(bad)],
    ):
        code, output = _run_vi(site_workspace, *command)
        assert code == 2, output
        assert "bad-profile.yaml:" in output
        assert english_lines(output) == []
    code, output = _run_vi(site_workspace, "init", "moi", "--profile", str(bad))
    if "target_tier" in text:  # field names carry the label people know, bounds come from ctx
        assert "target_tier (Tier mục tiêu): phải nhỏ hơn hoặc bằng 4" in output
        assert "hoặc 'liquid_direct'" in output


def test_hand_edited_assessment_and_topology_are_explained_in_vietnamese(
    tmp_path: Path,
) -> None:
    from conftest import MINIMAL_PROFILE

    profile = tmp_path / "profile.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    code, output = _run_vi(tmp_path, "init", "dc", "--profile", str(profile))
    assert code == 0, output
    assessment = next(tmp_path.rglob("assessment.yaml"))
    text = assessment.read_text(encoding="utf-8")
    broken = text.replace("design_it_load_kw: 200", "design_it_load_kw: -5").replace(
        "target_tier: 3", "target_tier: ba"
    )
    assert broken != text
    assessment.write_text(broken, encoding="utf-8")
    code, output = _run_vi(tmp_path, "assess", "dc", "--answers", str(profile))
    assert code == 2, output
    assert "phải lớn hơn 0" in output and "phải là số nguyên" in output
    assert english_lines(output) == []

    topology = tmp_path / "topology.yaml"
    topology.write_text(
        "elements:\n  - {id: 1, kind: bogus, rating_kw: abc}\n  - {id: g, colour: red}\n",
        encoding="utf-8",
    )
    code, output = _run_vi(tmp_path, "topology", "check", str(topology))
    assert code == 2, output
    assert "topology.yaml:" in output
    assert english_lines(output) == []


def test_every_pydantic_error_the_translator_knows_has_both_languages() -> None:
    from tierassess.i18n import messages
    from tierassess.validation_words import _KNOWN, _PATTERNS, _VALUE_ERRORS

    keys = [f"validation.type.{k}" for k in _KNOWN]
    keys += [f"validation.pattern.{k}" for k in _PATTERNS.values()]
    keys += [f"validation.value.{k}" for _, k in _VALUE_ERRORS]
    for key in keys:
        assert set(messages()[key]) == {"vi", "en"}, key


def test_a_file_that_is_not_a_bundle_is_bad_input_in_vietnamese(tmp_path: Path) -> None:
    not_zip = tmp_path / "hostname"
    not_zip.write_text("may-chu\n", encoding="utf-8")
    for command in (["bundle", "verify", str(not_zip)], ["bundle", "import", str(not_zip)]):
        code, output = _run_vi(tmp_path, *command)
        assert code == 2, output
        assert "zip" in output and english_lines(output) == []
