"""Snapshots: taken from a scoring, kept once, read back with their digest checked."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from conftest import SAMPLE_SITE
from test_route import GAPS, site_checklist
from test_scoring import AS_OF, assessment

from tierassess.core.models import EvidenceIndex, PlanOverrides, ScoringSettings
from tierassess.errors import CheckFailed, InputError, WorkspaceError
from tierassess.storage.snapshots import (
    list_snapshots,
    load_snapshot,
    pick_snapshot,
    save_snapshot,
    take_snapshot,
)

TAKEN = datetime(2025, 1, 1, 8, tzinfo=UTC)


def snap(answers: dict[str, str] = GAPS, as_of: date = AS_OF, note: str | None = None) -> object:
    return take_snapshot(
        site_checklist(),
        # fixed file dates: the assessment digest covers the whole file, dates included
        assessment(dict(answers)).model_copy(update={"created_at": TAKEN, "updated_at": TAKEN}),
        EvidenceIndex(),
        PlanOverrides(),
        ScoringSettings(as_of=as_of),
        taken_at=TAKEN,
        note=note,
    )


def test_snapshot_holds_the_scoring_plan_and_route() -> None:
    kept = snap()
    assert kept.as_of == AS_OF and kept.checklist_version == "1.0.0"
    assert kept.verdict("tier").tier == kept.facility_tier
    assert kept.criteria["PWR-FUEL-01"].result.value == "not_met"
    assert {a.id for a in kept.actions} == {
        "PWR-FUEL-01",
        "PWR-FUEL-02",
        "CLG-MNT-01",
        "CLG-UNIT-01",
        "CLG-DOC-01",
    }
    assert set(kept.route.actions) == {"PWR-FUEL-01", "PWR-FUEL-02", "CLG-UNIT-01"}
    on_route = {a.id for a in kept.actions if a.on_route}
    assert on_route == set(kept.route.actions)
    assert len(kept.assessment_digest) == 64 and kept.digest == kept.computed_digest()


def test_the_same_state_gives_the_same_digest_and_a_change_another() -> None:
    assert snap().digest == snap().digest
    assert snap().digest != snap({**GAPS, "CLG-DOC-01": "met"}).digest


def test_saved_once_read_back_and_an_edit_is_detected(tmp_path: Path) -> None:
    kept = snap()
    path = save_snapshot(tmp_path, kept)
    assert path.name == f"{AS_OF.isoformat()}-{kept.digest[:12]}.json"
    assert load_snapshot(path) == kept
    assert save_snapshot(tmp_path, kept) == path  # kept twice: one file
    data = json.loads(path.read_text(encoding="utf-8"))
    data["readiness"] = 0.99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CheckFailed, match="altered"):
        load_snapshot(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid snapshot"):
        load_snapshot(path)


def test_listed_oldest_first_and_picked_by_id_prefix_or_date(tmp_path: Path) -> None:
    later = snap({**GAPS, "CLG-DOC-01": "met"}, as_of=date(2026, 1, 1))
    first = snap()
    for item in (later, first):
        save_snapshot(tmp_path, item)
    found = list_snapshots(tmp_path)
    assert [s.as_of for s in found] == [AS_OF, date(2026, 1, 1)]
    assert pick_snapshot(found, later.name) == later
    assert pick_snapshot(found, later.name[:14]) == later
    assert pick_snapshot(found, "2025-06-30") == first  # the latest on or before the date
    with pytest.raises(WorkspaceError, match="on or before 2024-01-01"):
        pick_snapshot(found, "2024-01-01")
    with pytest.raises(WorkspaceError, match="no snapshot 'nope'"):
        pick_snapshot(found, "nope")


def test_snapshot_take_and_list_commands(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    shipped = list_snapshots(sample_workspace / "evidence" / SAMPLE_SITE)
    day = (shipped[-1].as_of + timedelta(days=1)).isoformat()
    result = cli(
        "snapshot", "take", SAMPLE_SITE, "--as-of", day, "--note", "check",
        workspace=sample_workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Kept snapshot {day}-" in result.output
    listed = cli("snapshot", "list", SAMPLE_SITE, "--format", "json", workspace=sample_workspace)
    rows = json.loads(listed.output)
    assert [r["as_of"] for r in rows] == [*(s.as_of.isoformat() for s in shipped), day]
    assert rows[-1]["note"] == "check"
    # the headline verdict, then each yardstick's own (a pass/fail list has no level)
    assert list(rows[-1]["verdicts"])[:2] == ["tier", "uptime-topology"]
    assert rows[-1]["verdicts"]["tier"] == rows[-1]["verdicts"]["uptime-topology"]
    assert rows[-1]["verdicts"]["vn-legal"] is None
    table = cli("snapshot", "list", SAMPLE_SITE, workspace=sample_workspace)
    assert shipped[0].name[:11] in table.output and "Readiness" in table.output


def test_compare_without_snapshots_says_how_to_take_one(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    import shutil

    shutil.rmtree(sample_workspace / "evidence" / SAMPLE_SITE / "snapshots")
    result = cli("compare", SAMPLE_SITE, workspace=sample_workspace)
    assert result.exit_code == 2
    assert "has no snapshots yet" in result.stderr
    assert "tierassess snapshot take" in result.stderr


def test_an_altered_shipped_snapshot_fails_compare_with_exit_1(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    folder = sample_workspace / "evidence" / SAMPLE_SITE / "snapshots"
    path = sorted(folder.glob("*.json"))[0]
    path.write_text(
        path.read_text(encoding="utf-8").replace('"readiness": 0.', '"readiness": 0.9'),
        encoding="utf-8",
    )
    result = cli("compare", SAMPLE_SITE, workspace=sample_workspace)
    assert result.exit_code == 1
    assert "altered" in result.stderr


def test_score_keep_saves_the_scoring_as_a_snapshot(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    site_dir = sample_workspace / "evidence" / SAMPLE_SITE
    before = len(list_snapshots(site_dir))
    result = cli(
        "score", SAMPLE_SITE, "--format", "json", "--keep", "--as-of", "2027-01-15",
        workspace=sample_workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)  # stdout stays pure JSON: the note goes to stderr
    assert "Kept snapshot 2027-01-15-" in result.stderr
    kept = list_snapshots(site_dir)
    assert len(kept) == before + 1
    assert kept[-1].as_of == date(2027, 1, 15) and kept[-1].route.actions


def test_the_sample_snapshots_fall_on_their_own_days_before_the_report_date() -> None:
    """The report's progress shows one point per day: no snapshot on the report's own date."""
    from conftest import REPO

    from tierassess.storage.workspace import Workspace

    site_dir = REPO / "evidence" / SAMPLE_SITE
    days = [s.as_of for s in list_snapshots(site_dir)]
    report_day = Workspace.at(REPO).load_assessment(SAMPLE_SITE).updated_at.date()
    assert len(days) >= 2 and len(set(days)) == len(days)
    assert max(days) < report_day


def test_snapshot_take_keeps_the_plan_that_plan_prints_under_the_sites_budget(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    """``snapshot take`` and ``compare`` plan as ``plan``, ``score --keep`` and the report do.

    Under a yearly budget the cheapest route's actions are funded first; the snapshot once
    planned without that and kept another schedule than the one ``plan`` prints.
    """
    from tierassess.storage.workspace import Workspace

    workspace = Workspace.at(sample_workspace)
    assessment = workspace.load_assessment(SAMPLE_SITE)
    assessment.site.planning.budget_per_year_vnd = 5_000_000_000
    workspace.save_assessment(assessment)
    day = "2026-06-01"  # after the shipped snapshots
    taken = cli("snapshot", "take", SAMPLE_SITE, "--as-of", day, workspace=sample_workspace)
    assert taken.exit_code == 0, taken.output
    kept = list_snapshots(sample_workspace / "evidence" / SAMPLE_SITE)[-1]
    assert kept.as_of.isoformat() == day
    printed = cli(
        "plan", SAMPLE_SITE, "--format", "json", "--as-of", day, workspace=sample_workspace
    )
    plan = json.loads(printed.stdout)
    assert plan["budget_per_year_vnd"] == 5_000_000_000
    assert [y.model_dump(mode="json") for y in kept.years] == plan["years"]
    scheduled = {a["id"]: a["start"] for a in plan["actions"] if a["scheduled"]}
    assert {a.id: a.start.isoformat() for a in kept.actions if a.scheduled} == scheduled
