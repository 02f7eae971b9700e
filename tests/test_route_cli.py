"""``tierassess route`` in-process on the shipped sample site, and the planning table's checks
(on an inline catalogue)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from assess_support import make_workspace
from click.testing import Result
from conftest import SAMPLE_SITE


def test_route_table_names_the_total_the_full_plan_and_the_method(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    result = cli("route", SAMPLE_SITE, "--as-of", "2026-11-30", workspace=sample_workspace)
    assert result.exit_code == 0, result.output
    assert "Cheapest route to Tier III" in result.output
    assert "Least to fund:" in result.output
    assert "The full plan:" in result.output
    assert "HiGHS (highspy)" in result.output
    assert "Tier IV" in result.output


def test_route_json_is_consistent(cli: Callable[..., Result], sample_workspace: Path) -> None:
    result = cli(
        "route", SAMPLE_SITE, "--as-of", "2026-11-30", "--format", "json",
        workspace=sample_workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    route = json.loads(result.output)
    steps = route["steps"]
    assert route["cost_expected_vnd"] == sum(s["cost_expected_vnd"] for s in steps)
    assert route["cost_min_vnd"] <= route["cost_expected_vnd"] <= route["cost_max_vnd"]
    closed = {c for s in steps for c in s["closes"]}
    fundable = set(route["requirements"]) - set(route["to_verify"]) - set(route["to_assess"])
    assert fundable <= closed
    for step in steps:  # every step has a reason: a requirement it closes or an action needing it
        assert step["reasons"] or step["needed_by"]


def test_route_in_vietnamese(cli: Callable[..., Result], sample_workspace: Path) -> None:
    from click.testing import CliRunner

    from tierassess.cli import build_app

    result = CliRunner().invoke(
        build_app(),
        ["--workspace", str(sample_workspace), "--lang", "vi", "route", SAMPLE_SITE],
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert "Lộ trình tối thiểu" in result.output
    assert "Kế hoạch đầy đủ" in result.output


def test_unknown_yardstick_is_bad_input(cli: Callable[..., Result], sample_workspace: Path) -> None:
    result = cli("route", SAMPLE_SITE, "--standard", "nope", workspace=sample_workspace)
    assert result.exit_code == 2
    assert "no yardstick 'nope'" in result.stderr
    assert "Traceback" not in result.output


# Combined actions and pairs over the inline catalogue's criteria, with three mistakes.
_PLANNING_MISTAKES = """\
combined_actions:
  - id: PWR-BOTH
    title: {vi: "Nguồn và chuyển mạch", en: "Supply and transfer"}
    closes: [PWR-GEN-01, PWR-ATS-01]
    cost_band: M
    duration_weeks: 8
  - id: PWR-PIPE
    title: {vi: "Đường dầu", en: "Fuel pipework"}
    closes: [PWR-UPS-01, PWR-NOPE-99]
    cost_band: S
    duration_weeks: 4
  - id: CLG-CRAC-01
    title: {vi: "Thêm thiết bị làm mát", en: "Add cooling units"}
    closes: [CLG-TMP-01]
    cost_band: S
    duration_weeks: 4
only_together:
  - actions: [PWR-GEN-01, GHOST-01]
    reason: {vi: "Đấu thầu chung", en: "Tendered together"}
"""


def test_planning_table_names_unknown_criteria_with_file_and_line(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    workspace = make_workspace(tmp_path / "ws")
    planning = workspace.checklists_dir / "planning.yaml"
    text = planning.read_text(encoding="utf-8") + _PLANNING_MISTAKES
    planning.write_text(text, encoding="utf-8")
    result = cli("checklist", "validate", str(workspace.checklists_dir))
    assert result.exit_code == 1
    lines = text.splitlines()
    pipe_line = next(i for i, line in enumerate(lines, 1) if "PWR-NOPE-99]" in line)
    assert (
        f"planning.yaml:{pipe_line}: combined_actions[1].closes[1]: unknown criterion PWR-NOPE-99"
        in result.output
    )
    assert "only_together[0].actions[1]: unknown action GHOST-01" in result.output
    assert "CLG-CRAC-01 is already the id of a criterion" in result.output


def test_plan_marks_the_route_and_funds_it_first_under_a_budget(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    routed = json.loads(
        cli("route", SAMPLE_SITE, "--format", "json", workspace=sample_workspace).output
    )
    funded = {s["id"] for s in routed["steps"]} | {c for s in routed["steps"] for c in s["closes"]}
    result = cli(
        "plan", SAMPLE_SITE, "--format", "json", "--budget-per-year", "5000000000",
        workspace=sample_workspace,
    )  # fmt: skip
    plan = json.loads(result.output)
    marked = {a["criterion_id"] for a in plan["actions"] if a["on_route"]}
    assert marked and marked <= funded
    # under the budget, no action off the route starts before every route action has started
    starts = [(a["start"], a["on_route"]) for a in plan["actions"] if a["scheduled"]]
    last_route_start = max(s for s, on in starts if on)
    assert all(s >= min(s for s, on in starts if on) for s, on in starts if not on)
    assert last_route_start
    table = cli("plan", SAMPLE_SITE, workspace=sample_workspace)
    assert "★ on the cheapest route" in table.output


def test_plan_csv_and_xlsx_carry_the_on_route_column(
    cli: Callable[..., Result], sample_workspace: Path, tmp_path: Path
) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    def run(*args: str) -> Result:
        result = cli(*args, workspace=sample_workspace)
        assert result.exit_code == 0, result.output
        return result

    plan = json.loads(run("plan", SAMPLE_SITE, "--format", "json").output)
    expected = {a["id"]: a["on_route"] for a in plan["actions"]}
    assert any(expected.values()) and not all(expected.values())

    text = run("--lang", "vi", "plan", SAMPLE_SITE, "--format", "csv").output
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    column = rows[0].index("Thuộc lộ trình chi phí thấp nhất")
    assert {r[0]: r[column] == "Có" for r in rows[1:]} == expected
    assert {r[column] for r in rows[1:]} == {"Có", "Không"}

    path = tmp_path / "plan.xlsx"
    run("plan", SAMPLE_SITE, "--format", "xlsx", "-o", str(path))
    sheet = list(load_workbook(path)["Tasks"].iter_rows(values_only=True))
    column = sheet[0].index("On the cheapest route")
    assert {r[0]: r[column] == "Yes" for r in sheet[1:]} == expected
