"""The command frame: help everywhere, version, exit codes, languages, init and sites."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest
from click.testing import Result

from tierassess import __version__
from tierassess.cli import build_app
from tierassess.i18n import LOCALE_DIR, _sources, messages, parse_sources


def all_commands() -> Iterator[list[str]]:
    def walk(command: click.Command, path: list[str]) -> Iterator[list[str]]:
        yield path
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                yield from walk(sub, [*path, name])

    yield from walk(build_app(eager=True), [])


@pytest.mark.parametrize("path", list(all_commands()), ids=lambda p: " ".join(p) or "root")
def test_every_command_has_help_in_both_languages(
    path: list[str], cli: Callable[..., Result]
) -> None:
    english = cli(*path, "--help")
    assert english.exit_code == 0
    assert "Usage:" in english.output
    lines = english.output.split("Options:")[0].strip().splitlines()
    assert len(lines) >= 2, f"{path} has no help text"
    vietnamese = click.testing.CliRunner().invoke(build_app(), ["--lang", "vi", *path, "--help"])
    assert vietnamese.exit_code == 0


def test_version(cli: Callable[..., Result]) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_unknown_command_is_a_usage_error(cli: Callable[..., Result]) -> None:
    result = cli("frobnicate")
    assert result.exit_code == 2
    assert "No such command" in result.stderr


def test_every_message_has_both_languages() -> None:
    for key, entry in messages().items():
        assert set(entry) == {"vi", "en"}, f"{key} lacks a language"
        assert all(text.strip() for text in entry.values()), f"{key} has an empty text"


def test_compiled_messages_match_the_toml_sources() -> None:
    files, _ = _sources()
    assert messages() == parse_sources(files), (
        f"{LOCALE_DIR}/compiled.json is stale: run `python -m tierassess.i18n`"
    )


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tierassess",
            "--lang",
            "en",
            "checklist",
            "list",
            "--format",
            "csv",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no checklists/ here: the shipped catalogue must be found
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("id,domain,subsystem")
    assert len(result.stdout.splitlines()) > 100


def test_init_from_a_profile_creates_the_site(
    workspace: Path, site: str, cli: Callable[..., Result]
) -> None:
    assessment = workspace / "evidence" / site / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    assert "checklist_id: tier3" in text
    assert "Trung tâm Chuyển đổi số" in text  # planning defaults filled from the catalogue
    result = cli("sites", "--format", "json", workspace=workspace)
    assert result.exit_code == 0
    assert '"id": "test-dc"' in result.output


def test_init_refuses_to_overwrite(
    workspace: Path, site: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    profile = tmp_path / "profile.yaml"
    result = cli("init", site, "--profile", str(profile), workspace=workspace)
    assert result.exit_code == 2
    assert "already exists" in result.stderr


def test_a_bad_profile_names_file_line_and_field(
    workspace: Path, cli: Callable[..., Result], tmp_path: Path
) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(
        "name: X\noperator: Y\naddress: Z\ncooling_technology: dx_air_cooled\n"
        "design_it_load_kw: -5\nfavourite_colour: red\n",
        encoding="utf-8",
    )
    result = cli("init", "bad-site", "--profile", str(profile), workspace=workspace)
    assert result.exit_code == 2
    assert (
        f"{profile}:5: design_it_load_kw (design IT load, kW): must be greater than 0"
        in result.stderr
    )
    assert f"{profile}:6: favourite_colour: unknown key" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (workspace / "evidence" / "bad-site" / "assessment.yaml").exists()


def test_init_without_a_terminal_points_to_profile(
    workspace: Path, cli: Callable[..., Result]
) -> None:
    result = cli("init", "new-site", workspace=workspace, input="")
    assert result.exit_code == 2
    assert "--profile" in result.stderr


def test_a_damaged_assessment_is_reported_not_crashed(
    workspace: Path, site: str, cli: Callable[..., Result]
) -> None:
    path = workspace / "evidence" / site / "assessment.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("target_tier: 3", "target_tier: high"),
        encoding="utf-8",
    )
    result = cli("sites", workspace=workspace)
    assert result.exit_code == 2
    assert f"{path}:" in result.stderr and "site.target_tier" in result.stderr


def test_checklist_show_in_both_languages(cli: Callable[..., Result]) -> None:
    from tierassess.storage.catalogue import load_checklist, packaged_catalogue_dir

    checklist = load_checklist(packaged_catalogue_dir())
    criterion = checklist.criteria[0]
    english = cli("checklist", "show", criterion.id.lower())
    assert english.exit_code == 0
    assert criterion.title.en.split()[0] in english.output
    vietnamese = click.testing.CliRunner().invoke(
        build_app(), ["--lang", "vi", "checklist", "show", criterion.id]
    )
    assert vietnamese.exit_code == 0
    assert criterion.title.vi.split()[0] in vietnamese.output
    assert "Hướng dẫn kiểm tra tại hiện trường" in vietnamese.output
    # a disruptive work says how long its outage is and what it takes out, in words
    disruptive = next(c for c in checklist.criteria if c.remediation.affects)
    shown = click.testing.CliRunner().invoke(
        build_app(), ["--lang", "vi", "checklist", "show", disruptive.id], env={"COLUMNS": "400"}
    )
    weeks = disruptive.remediation.outage_weeks
    assert f"khoảng {weeks} tuần cuối" in shown.output
    assert disruptive.remediation.affects[0] not in shown.output  # a label, not the kind's id


def test_checklist_show_unknown_id_exits_2(cli: Callable[..., Result]) -> None:
    result = cli("checklist", "show", "PWR-NOPE-99")
    assert result.exit_code == 2
    assert "no criterion with id PWR-NOPE-99" in result.stderr


def test_workspace_from_environment(
    workspace: Path, site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERASSESS_WORKSPACE", str(workspace))
    result = click.testing.CliRunner().invoke(build_app(), ["--lang", "en", "sites"])
    assert result.exit_code == 0
    assert site in result.output
