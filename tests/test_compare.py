"""compare: gaps, verdicts, actions against dates and spend between two snapshots, by hand."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from click.testing import Result
from conftest import SAMPLE_SITE

from tierassess.core.models import CriterionRename, LocalizedText, YearTotal
from tierassess.reports.compare import compare, progress_series
from tierassess.storage.snapshots import (
    ActionRecord,
    CriterionState,
    RouteRecord,
    Snapshot,
    VerdictRecord,
)

M = 1_000_000


def state(met: bool) -> CriterionState:
    return CriterionState(result="met" if met else "not_met", counts_as_met=met)


def action(
    key: str, start: date | None, end: date | None, status: str = "planned", **more: Any
) -> ActionRecord:
    return ActionRecord(
        id=key,
        criterion_id=key,
        title=LocalizedText(vi=f"Sửa {key}", en=f"Fix {key}"),
        status=status,
        scheduled=start is not None,
        start=start,
        end=end,
        cost_min_vnd=100 * M,
        cost_max_vnd=300 * M,
        **more,
    )


def snapshot(
    as_of: date,
    criteria: dict[str, bool],
    actions: list[ActionRecord],
    version: str = "1.0.0",
    tier: int = 1,
    years: dict[int, tuple[int, int]] | None = None,
) -> Snapshot:
    made = Snapshot(
        site_id="test-dc",
        taken_at=datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC),
        as_of=as_of,
        assessment_digest="0" * 64,
        checklist_id="tier3",
        checklist_version=version,
        catalogue_digest="",
        target_tier=3,
        readiness=sum(criteria.values()) / len(criteria),
        facility_tier=tier,
        meets_target=tier >= 3,
        verdicts=[VerdictRecord(yardstick="tier", tier=tier, meets_target=tier >= 3)],
        subsystems={},
        domains={},
        criteria={k: state(v) for k, v in criteria.items()},
        plan_start_year=2025,
        plan_end_year=2030,
        plan_cost_min_vnd=0,
        plan_cost_max_vnd=0,
        actions=actions,
        years=[
            YearTotal(year=y, cost_min_vnd=lo, cost_max_vnd=hi, actions=1)
            for y, (lo, hi) in (years or {}).items()
        ],
        route=RouteRecord(
            actions=[], cost_min_vnd=0, cost_max_vnd=0, cost_expected_vnd=0, complete=True
        ),
    )
    made.digest = made.computed_digest()
    return made


BEFORE = date(2025, 1, 1)
AFTER = date(2026, 1, 1)


def test_gaps_closed_opened_and_still_open_and_the_verdict_change() -> None:
    before = snapshot(
        BEFORE, {"A-01": False, "B-01": True, "C-01": False, "D-01": True}, [], tier=0
    )
    after = snapshot(AFTER, {"A-01": True, "B-01": False, "C-01": False, "D-01": True}, [], tier=2)
    result = compare(before, after)
    assert (result.closed, result.opened, result.still_open) == (["A-01"], ["B-01"], ["C-01"])
    (verdict,) = result.verdicts
    assert (verdict.yardstick, verdict.before, verdict.after) == ("tier", 0, 2)
    assert (result.readiness_before, result.readiness_after) == (0.5, 0.5)


def test_renamed_and_split_criteria_are_mapped_never_new_gaps() -> None:
    renames = [
        CriterionRename(old="PWR-OLD-01", new=["PWR-NEW-01"], since="1.1.0"),
        CriterionRename(old="PWR-FUEL-01", new=["PWR-FUEL-01", "PWR-FUEL-05"], since="1.1.0"),
        CriterionRename(old="PWR-ANC-01", new=["PWR-ANC-02"], since="1.0.0"),  # already applied
    ]
    before = snapshot(BEFORE, {"PWR-OLD-01": False, "PWR-FUEL-01": False, "PWR-ANC-01": True}, [])
    after = snapshot(
        AFTER,
        {"PWR-NEW-01": False, "PWR-FUEL-01": True, "PWR-FUEL-05": False, "PWR-BRAND-01": False},
        [],
        version="1.1.0",
    )
    result = compare(before, after, renames)
    assert result.renamed == {
        "PWR-OLD-01": ["PWR-NEW-01"],
        "PWR-FUEL-01": ["PWR-FUEL-01", "PWR-FUEL-05"],
    }
    # the split criterion's open part stays open; its closed part is closed; nothing "opened"
    assert result.closed == ["PWR-FUEL-01"]
    assert result.still_open == ["PWR-FUEL-05", "PWR-NEW-01"]
    assert result.opened == []
    assert result.new_in_catalogue == ["PWR-BRAND-01"]
    assert result.retired == ["PWR-ANC-01"]  # renamed before 1.0.0: not mapped again


def test_without_the_rename_map_a_renamed_criterion_would_look_new_and_retired() -> None:
    before = snapshot(BEFORE, {"PWR-OLD-01": False}, [])
    after = snapshot(AFTER, {"PWR-NEW-01": False}, [], version="1.1.0")
    result = compare(before, after)
    assert result.new_in_catalogue == ["PWR-NEW-01"] and result.retired == ["PWR-OLD-01"]
    assert result.opened == []  # a new catalogue version never produces silent new gaps


def test_actions_done_in_progress_late_and_not_started_against_planned_dates() -> None:
    criteria = dict.fromkeys(
        ("DONE-01", "FIXED-01", "LATE-01", "SLOW-01", "WORK-01", "LATER-01", "OVER-01"), False
    )
    planned = [
        action("DONE-01", date(2025, 2, 1), date(2025, 6, 30)),
        action("FIXED-01", date(2025, 2, 1), date(2025, 6, 30)),
        action("LATE-01", date(2025, 2, 1), date(2025, 6, 30)),
        action("SLOW-01", date(2025, 12, 1), date(2026, 6, 30)),
        action("WORK-01", date(2025, 12, 1), date(2026, 6, 30)),
        action("LATER-01", date(2026, 3, 1), date(2026, 9, 30)),
        action("OVER-01", date(2025, 3, 1), date(2025, 9, 30)),
    ]
    now = [
        action("DONE-01", date(2025, 2, 1), date(2025, 6, 30), "done", spent_vnd={2025: 150 * M}),
        action("LATE-01", date(2025, 2, 1), date(2025, 6, 30)),
        action("SLOW-01", date(2025, 12, 1), date(2026, 6, 30)),
        action(
            "WORK-01", date(2025, 12, 1), date(2026, 6, 30), "in_progress", spent_vnd={2025: 50 * M}
        ),
        action("LATER-01", date(2026, 3, 1), date(2026, 9, 30)),
        action("OVER-01", date(2025, 3, 1), date(2025, 9, 30), "in_progress"),
    ]
    before = snapshot(
        BEFORE, criteria, planned, years={2025: (500 * M, 900 * M), 2026: (200 * M, 400 * M)}
    )
    after = snapshot(AFTER, {**criteria, "FIXED-01": True}, now)
    result = compare(before, after)
    status = {a.id: a.status for a in result.actions}
    assert status == {
        "DONE-01": "done",  # the plan says done
        "FIXED-01": "done",  # its gap closed
        "LATE-01": "late",  # planned end passed
        "SLOW-01": "late",  # planned start passed, not started
        "WORK-01": "in_progress",
        "LATER-01": "not_started",  # not due yet
        "OVER-01": "late",  # started but its planned end passed
    }
    assert result.counts == {"done": 2, "in_progress": 1, "late": 3, "not_started": 1}
    spend = {y.year: (y.planned_min_vnd, y.planned_max_vnd, y.actual_vnd) for y in result.years}
    assert spend == {2025: (500 * M, 900 * M, 200 * M), 2026: (200 * M, 400 * M, 0)}
    assert result.spent_vnd == 200 * M
    # planned to the end of the later snapshot's year (2026): both years
    assert (result.planned_to_date_min_vnd, result.planned_to_date_max_vnd) == (700 * M, 1300 * M)


def test_progress_series_is_ordered_by_date() -> None:
    late = snapshot(AFTER, {"A-01": True}, [], tier=2)
    early = snapshot(BEFORE, {"A-01": False}, [], tier=0)
    series = progress_series([late, early])
    assert [(p.as_of, p.readiness, p.verdicts["tier"]) for p in series] == [
        (BEFORE, 0.0, 0),
        (AFTER, 1.0, 2),
    ]


def shipped_snapshots(workspace: Path) -> list[str]:
    """The sample's snapshot ids, oldest first (their dates follow the sample's last rebuild)."""
    folder = workspace / "evidence" / SAMPLE_SITE / "snapshots"
    return sorted(p.stem for p in folder.glob("*.json"))


def test_compare_on_the_shipped_sample_snapshots(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    first, later = shipped_snapshots(sample_workspace)
    result = cli(
        "compare", SAMPLE_SITE, "--from", first, "--to", later, "--format", "json",
        workspace=sample_workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert "TEL-AP-01" in found["closed"] and found["opened"] == ["CMT-PRG-05"]
    assert found["readiness_after"] > found["readiness_before"]
    assert found["counts"]["done"] >= 2 and found["counts"]["in_progress"] == 1
    assert found["spent_vnd"] == 2_700 * M
    assert sum(found["counts"].values()) == len(found["actions"])
    table = cli(
        "compare",
        SAMPLE_SITE,
        "--from",
        first,
        "--to",
        later,
        workspace=sample_workspace,
    )
    assert "Gaps closed (8)" in table.output
    assert "Gaps opened (1): CMT-PRG-05" in table.output
    assert "Spend by year" in table.output


def test_compare_to_now_scores_the_site_without_keeping_a_snapshot(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    folder = sample_workspace / "evidence" / SAMPLE_SITE / "snapshots"
    before = sorted(p.name for p in folder.iterdir())
    result = cli("--lang", "vi", "compare", SAMPLE_SITE, workspace=sample_workspace)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == before
