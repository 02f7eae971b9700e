"""``tierassess score`` and ``tierassess plan`` in-process, on a small inline catalogue and site."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from test_scoring import HEADER, PLANNING, SHA, answer, assessment, crit, item

from tierassess.core.models import CriteriaFile, EvidenceIndex, PlanOverrides
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]

CRITERIA = [
    crit("PWR-UPS-01", min_tier=1, must_pass=True, severity="critical", weight=2),
    crit(
        "PWR-DIS-01",
        min_tier=3,
        must_pass=True,
        severity="critical",
        evidence=[{"kind": "photo", "max_age_days": 365}],
    ),
    crit("CLG-UNIT-01", min_tier=3, must_pass=True, cost_band="M", disruption="shutdown"),
    crit("CLG-ENV-01", min_tier=2, severity="minor", depends_on=["CLG-UNIT-01"]),
]


def _dump(model: object) -> str:
    data = model.model_dump(mode="json", exclude_none=True)  # type: ignore[attr-defined]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace with a four-criterion catalogue and site test-dc: Tier III met on 2025-01-01.

    PWR-DIS-01's photo was taken on 2024-06-01 and is good for 365 days; CLG-ENV-01 is not met.
    """
    root = tmp_path / "ws"
    (root / "checklists").mkdir(parents=True)
    (root / "checklists" / "tier3.yaml").write_text(_dump(HEADER), encoding="utf-8")
    criteria = CriteriaFile(kind="criteria", checklist="tier3", criteria=CRITERIA)
    (root / "checklists" / "tier3-power.yaml").write_text(_dump(criteria), encoding="utf-8")
    (root / "checklists" / "planning.yaml").write_text(_dump(PLANNING), encoding="utf-8")
    workspace = Workspace(root)
    workspace.site_dir("test-dc").mkdir(parents=True)
    workspace.output_dir.mkdir()
    answers = {
        "PWR-UPS-01": answer("met"),
        "PWR-DIS-01": answer("met", evidence=[SHA[1]]),
        "CLG-UNIT-01": answer("met"),
        "CLG-ENV-01": answer("not_met"),
    }
    workspace.save_assessment(assessment(answers))  # type: ignore[arg-type]
    photo = item(1, captured=date(2024, 6, 1), added_at=datetime(2024, 6, 2, tzinfo=UTC))
    workspace.save_evidence_index("test-dc", EvidenceIndex(items=[photo]))
    return root


def _json(result: Result) -> dict:  # type: ignore[type-arg]
    assert result.exit_code == 0, result.output
    data: dict = json.loads(result.output)  # type: ignore[type-arg]
    return data


def test_score_table_shows_the_verdict_and_the_disclaimer(cli: Cli, ws: Path) -> None:
    result = cli("score", "--as-of", "2025-01-01", workspace=ws)
    assert result.exit_code == 0, result.output
    assert "Tier III — MEETS the Tier III target" in result.output
    assert "Readiness by domain" in result.output and "█" in result.output
    assert "Only Uptime Institute certifies a Tier" in result.output
    assert "CLG-ENV-01" in result.output  # the largest gaps


def test_stale_evidence_blocks_and_fail_under_exits_1(cli: Cli, ws: Path) -> None:
    result = cli("score", "test-dc", "--as-of", "2025-07-01", "--fail-under", workspace=ws)
    assert result.exit_code == 1
    assert "does NOT meet" in result.stdout
    assert "PWR-DIS-01" in result.stdout
    assert "Tier II, below the Tier III target" in result.stderr
    passing = cli("score", "--as-of", "2025-01-01", "--fail-under", workspace=ws)
    assert passing.exit_code == 0


def test_settings_options_change_the_verdict(cli: Cli, ws: Path) -> None:
    strict = _json(cli("score", "--as-of", "2025-07-01", "--format", "json", workspace=ws))
    assert (strict["facility_tier"], strict["stale"], strict["unverified"]) == (
        2,
        ["PWR-DIS-01"],
        ["PWR-DIS-01"],
    )
    assert strict["verdicts"][0] == {
        "subsystem": "electrical",
        "tier": 2,
        "readiness": pytest.approx(1 - 3 / 9, abs=1e-6),
        "blockers": ["PWR-DIS-01"],
    }
    stale_ok = _json(
        cli("score", "--as-of", "2025-07-01", "--format", "json", "--accept-stale", workspace=ws)
    )
    assert stale_ok["facility_tier"] == 3 and stale_ok["unverified"] == []
    counted = _json(
        cli(
            "score", "--as-of", "2025-07-01", "--format", "json", "--count-unverified", workspace=ws
        )
    )
    assert counted["facility_tier"] == 3 and counted["unverified"] == ["PWR-DIS-01"]
    assert counted["settings"]["unverified_counts_as_met"] is True


def test_score_json_figures(cli: Cli, ws: Path) -> None:
    card = _json(cli("score", "--as-of", "2025-01-01", "--format", "json", workspace=ws))
    assert (card["site_id"], card["as_of"], card["facility_tier"], card["meets_target"]) == (
        "test-dc",
        "2025-01-01",
        3,
        True,
    )
    # gap: CLG-ENV-01 minor (1) x 1; total 3*2 + 3*1 + 2*1 + 1*1 = 12
    assert card["gap_score"] == 1
    assert card["readiness"] == pytest.approx(11 / 12, abs=1e-6)
    assert [d["id"] for d in card["domains"]] == ["power", "cooling"]


def test_score_target_option(cli: Cli, ws: Path) -> None:
    card = _json(
        cli("score", "--as-of", "2025-07-01", "--format", "json", "--target", "2", workspace=ws)
    )
    assert (card["target_tier"], card["facility_tier"], card["meets_target"]) == (2, 2, True)
    assert {c["criterion_id"] for c in card["criteria"]} == {"PWR-UPS-01", "CLG-ENV-01"}


def test_score_csv(cli: Cli, ws: Path) -> None:
    result = cli("score", "--as-of", "2025-01-01", "--format", "csv", workspace=ws)
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["criterion_id"] for r in rows] == [
        "PWR-DIS-01",
        "PWR-UPS-01",
        "CLG-ENV-01",
        "CLG-UNIT-01",
    ]
    assert rows[2]["result"] == "not_met" and rows[2]["gap_score"] == "1.0"
    assert rows[0]["title"] == "Criterion PWR-DIS-01"


def test_plan_json_and_overrides(cli: Cli, ws: Path) -> None:
    plan = _json(cli("plan", "--as-of", "2025-01-01", "--format", "json", workspace=ws))
    assert [a["id"] for a in plan["actions"]] == ["CLG-ENV-01"]
    first = plan["actions"][0]
    assert (first["priority"], first["start"], first["cost_max_vnd"], first["lead_unit"]["vi"]) == (
        "P4",
        "2025-01-01",
        300_000_000,
        "Trung tâm CDS và ĐMST (vi)",
    )
    overrides = PlanOverrides.model_validate(
        {
            "actions": {
                "CLG-ENV-01": {"start": "2026-04-01", "status": "planned"},
                "CLG-UNIT-01": {"status": "done"},
            }
        }
    )
    Workspace(ws).save_plan_overrides("test-dc", overrides)
    again = _json(cli("plan", "--as-of", "2025-01-01", "--format", "json", workspace=ws))
    by_id = {a["id"]: a for a in again["actions"]}
    assert by_id["CLG-ENV-01"]["start"] == "2026-04-01"
    assert by_id["CLG-ENV-01"]["overridden"] == ["start", "status"]
    assert by_id["CLG-UNIT-01"]["status"] == "resolved"  # its gap is closed


def test_plan_budget_option(cli: Cli, ws: Path) -> None:
    plan = _json(
        cli(
            "plan",
            "--as-of",
            "2025-01-01",
            "--format",
            "json",
            "--budget-per-year",
            "100000000",
            workspace=ws,
        )
    )
    assert plan["budget_per_year_vnd"] == 100_000_000
    # 300 million at 100 million a year: spread over the years its cost needs
    assert plan["unscheduled"] == []
    spread = plan["actions"][0]
    assert (spread["start"], spread["end"], spread["funded_years"]) == (
        "2025-01-01",
        "2028-01-03",
        4,
    )
    bad = cli("plan", "--budget-per-year", "0", workspace=ws)
    assert bad.exit_code == 2
    for written in ("5.000.000.000", "5,000,000,000", "5 tỷ", "5 billion", "5000 triệu"):
        again = cli("plan", "--format", "json", "--budget-per-year", written, workspace=ws)
        assert _json(again)["budget_per_year_vnd"] == 5_000_000_000, written
    garbled = cli("plan", "--budget-per-year", "5 xu", workspace=ws)
    assert garbled.exit_code == 2 and "5 xu" in garbled.stderr
    # "1,000" is a thousand đồng: refused, with the millions it most likely meant
    slip = cli("plan", "--budget-per-year", "1,000", workspace=ws)
    assert slip.exit_code == 2
    assert "VND 1,000," in slip.stderr and "VND 1 billion" in slip.stderr
    assert '"1,000 million"' in slip.stderr


def test_plan_table_in_vietnamese(ws: Path) -> None:
    from tierassess.cli import build_app

    result = CliRunner().invoke(
        build_app(), ["--workspace", str(ws), "--lang", "vi", "plan", "--as-of", "2025-01-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Kế hoạch khắc phục Test DC" in result.output
    assert "Fix CLG-ENV-01 (vi)" in result.output
    assert "chỉ Uptime Institute chứng nhận Tier" in result.output


def test_plan_files(cli: Cli, ws: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    result = cli("plan", "--as-of", "2025-01-01", "--format", "xlsx", workspace=ws)
    assert result.exit_code == 0, result.output
    book = load_workbook(ws / "output" / "test-dc-plan.xlsx")
    assert book["Tasks"]["A2"].value == "CLG-ENV-01"
    target = tmp_path / "plan.csv"
    result = cli(
        "plan", "--as-of", "2025-01-01", "--format", "csv", "-o", str(target), workspace=ws
    )
    assert result.exit_code == 0 and "plan.csv" in result.output
    assert target.read_text(encoding="utf-8").startswith("\ufeffCriterion id,Priority,")
    text_file = tmp_path / "plan.txt"
    assert cli("plan", "--as-of", "2025-01-01", "-o", str(text_file), workspace=ws).exit_code == 0
    assert "Remediation plan for Test DC" in text_file.read_text(encoding="utf-8")


def test_errors_are_one_line_with_exit_2(cli: Cli, ws: Path) -> None:
    missing = cli("score", "no-such-site", workspace=ws)
    assert missing.exit_code == 2
    assert "no site 'no-such-site'" in missing.stderr
    assert "Traceback" not in missing.output
    bad_date = cli("score", "--as-of", "31/06/2025", workspace=ws)  # June has 30 days
    assert bad_date.exit_code == 2 and "31/06/2025" in bad_date.stderr
    # the day as a Vietnamese reader writes it is the day in ISO form
    written = cli("score", "--as-of", "01/07/2025", "--format", "json", workspace=ws)
    iso = cli("score", "--as-of", "2025-07-01", "--format", "json", workspace=ws)
    assert written.exit_code == 0 and written.output == iso.output


def test_help(cli: Cli) -> None:
    for command, options in (
        ("score", ("--fail-under", "--count-unverified", "--as-of", "--target", "--format")),
        ("plan", ("--budget-per-year", "--format", "-o, --output")),
    ):
        result = cli(command, "--help")
        assert result.exit_code == 0
        for option in options:
            assert option in result.output


def test_a_bad_plan_file_is_reported_with_its_line(cli: Cli, ws: Path) -> None:
    plan_file = ws / "evidence" / "test-dc" / "plan.yaml"
    plan_file.write_text("actions:\n  CLG-ENV-01:\n    status: deferred\n", encoding="utf-8")
    result = cli("plan", workspace=ws)
    assert result.exit_code == 2
    assert "plan.yaml:3" in result.stderr and "status_reason" in result.stderr
    assert "Traceback" not in result.output


def test_every_plan_file_problem_is_reported_at_once_with_its_line(cli: Cli, ws: Path) -> None:
    plan_file = ws / "evidence" / "test-dc" / "plan.yaml"
    plan_file.write_text(
        "actions:\n"
        "  CLG-ENV-01:\n"
        "    status: deferred\n"
        "  CLG-UNIT-01:\n"
        "    start: 2026-05-01\n"
        "    end: 2026-01-01\n"
        "  PWR-DIS-01:\n"
        "    cost_min_vnd: 500\n"
        "    cost_max_vnd: 100\n",
        encoding="utf-8",
    )
    result = cli("plan", workspace=ws)
    assert result.exit_code == 2
    for line, words in ((3, "status_reason"), (5, "end is before start"), (8, "cost_max_vnd")):
        assert f"plan.yaml:{line}" in result.stderr and words in result.stderr, result.stderr


def test_plan_shows_a_spinner_on_a_terminal_only(cli: Cli, sample_workspace: Path) -> None:
    """The solve may take seconds: a terminal sees that it is working; a pipe sees nothing."""
    import os
    import shutil
    import sys

    import pexpect

    beside = Path(sys.executable).parent / "tierassess"
    command = str(beside) if beside.is_file() else shutil.which("tierassess") or "tierassess"
    argv = ["--workspace", str(sample_workspace), "--lang", "vi", "plan", "--format", "json"]
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm"}
    child = pexpect.spawn(command, argv, env=env, encoding="utf-8", timeout=60)
    assert child.expect(["Đang tìm phương án xếp lịch tối ưu", pexpect.EOF]) == 0
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    piped = cli("plan", "--format", "json", workspace=sample_workspace)
    assert "schedule" not in piped.stderr and piped.exit_code == 0


def test_plan_time_limit_reaches_the_scheduler(
    cli: Cli, ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tierassess.core.planning as planning

    seen: list[float] = []
    real = planning.schedule

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(args[6] if len(args) > 6 else kwargs["time_limit"])
        return real(*args, **kwargs)

    monkeypatch.setattr(planning, "schedule", watched)
    assert cli("plan", "--time-limit", "2.5", workspace=ws).exit_code == 0
    assert seen and set(seen) == {2.5}
    assert cli("plan", "--time-limit", "0", workspace=ws).exit_code == 2
    # not a number: said in the reader's words, without Click's own type name ("float range")
    english = cli("plan", "--time-limit", "abc", workspace=ws)
    assert english.exit_code == 2
    assert "'abc' is not a valid number." in english.output and "range" not in english.output
    vietnamese = cli("--lang", "vi", "plan", "--time-limit", "abc", workspace=ws)
    assert "'abc' không phải là một số hợp lệ." in vietnamese.output
