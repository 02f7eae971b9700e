"""`init`, `site edit` and `sites` through the in-process CLI."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from conftest import MINIMAL_PROFILE

from tierassess.storage.audit import read_log, verify_chain
from tierassess.storage.workspace import Workspace


def test_init_on_an_existing_site_refuses_before_asking(
    workspace: Path, site: str, cli: Callable[..., Result]
) -> None:
    result = cli("init", site, workspace=workspace)
    assert result.exit_code == 2
    assert "already exists" in result.stderr and f"site edit {site}" in result.stderr
    assert "terminal" not in result.stderr  # it did not get as far as asking


def test_init_refuses_a_bad_id_before_asking(workspace: Path, cli: Callable[..., Result]) -> None:
    result = cli("init", "Trung Tâm", workspace=workspace)
    assert result.exit_code == 2 and "cannot be a site id" in result.stderr


def test_init_is_in_the_audit_log(workspace: Path, site: str) -> None:
    log = Workspace(workspace).audit_log_path(site)
    entries = read_log(log)
    assert [(e.action, e.subject, e.actor) for e in entries] == [("site.init", site, "Tester")]
    assert entries[0].details["design_it_load_kw"] == 200


def test_site_edit_changes_the_profile_and_logs_it(
    workspace: Path, site: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    profile = tmp_path / "edited.yaml"
    profile.write_text(
        MINIMAL_PROFILE.replace("design_it_load_kw: 200", "design_it_load_kw: 1500"),
        encoding="utf-8",
    )
    result = cli("site", "edit", site, "--profile", str(profile), workspace=workspace)
    assert result.exit_code == 0, result.output
    assert "design_it_load_kw" in result.output
    ws = Workspace(workspace)
    assert ws.load_assessment(site).site.design_it_load_kw == 1500
    log = ws.audit_log_path(site)
    last = read_log(log)[-1]
    assert (last.action, last.details["design_it_load_kw"]) == (
        "site.edit",
        {"from": 200.0, "to": 1500.0},
    )
    assert verify_chain(log) == []
    again = cli("site", "edit", site, "--profile", str(profile), workspace=workspace)
    assert "unchanged" in again.output and len(read_log(log)) == 2


def test_site_edit_applies_the_same_checks_as_init(
    workspace: Path, site: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(MINIMAL_PROFILE.replace("halls: 1", "halls: 0"), encoding="utf-8")
    result = cli("site", "edit", site, "--profile", str(profile), workspace=workspace)
    assert result.exit_code == 2 and "halls" in result.stderr
    assert Workspace(workspace).load_assessment(site).site.halls == 1


def test_sites_explains_its_columns_and_survives_a_damaged_site(
    workspace: Path, site: str, cli: Callable[..., Result], tmp_path: Path
) -> None:
    profile = tmp_path / "profile.yaml"
    assert cli("init", "other-dc", "--profile", str(profile), workspace=workspace).exit_code == 0
    listing = cli("sites", workspace=workspace)
    assert listing.exit_code == 0
    assert "0/" in listing.output and "answered" in listing.output
    assert "audit log intact" in listing.output and "✓" not in listing.output
    damaged = Workspace(workspace).assessment_path("other-dc")
    damaged.write_text("site: [unclosed\n", encoding="utf-8")
    result = cli("sites", workspace=workspace)
    assert result.exit_code == 2
    assert site in result.output and "Test DC" in result.output  # the good site is still listed
    assert "other-dc" in result.output and "cannot be read" in result.output
    assert str(damaged) in result.stderr


def test_sites_says_when_an_audit_log_is_broken(
    workspace: Path, site: str, cli: Callable[..., Result]
) -> None:
    log = Workspace(workspace).audit_log_path(site)
    log.write_text(log.read_text(encoding="utf-8").replace("Tester", "Someone"), encoding="utf-8")
    assert "audit log BROKEN" in cli("sites", workspace=workspace).output
