"""``tierassess score`` shows each yardstick's verdict side by side; ``--standard`` picks one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from test_yardsticks import CRITERIA, FULL, HEADER, site, with_answers

from tierassess.core.models import CriteriaFile, EvidenceIndex
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]


def _dump(model: Any) -> str:
    data = model.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _workspace(root: Path, answers: dict[str, dict[str, Any]], **profile: Any) -> Path:
    (root / "checklists").mkdir(parents=True)
    (root / "checklists" / "tier3.yaml").write_text(_dump(HEADER), encoding="utf-8")
    criteria = CriteriaFile(kind="criteria", checklist="tier3", criteria=CRITERIA)
    (root / "checklists" / "tier3-all.yaml").write_text(_dump(criteria), encoding="utf-8")
    workspace = Workspace(root)
    workspace.site_dir("test-dc").mkdir(parents=True)
    workspace.save_assessment(site(answers, **profile))
    workspace.save_evidence_index("test-dc", EvidenceIndex())
    return root


@pytest.fixture
def one_carrier(tmp_path: Path) -> Path:
    """Meets the Topology at Tier III with one carrier: TIA stops at Rated-2."""
    return _workspace(tmp_path / "ws", with_answers(TEL_AP_01={"result": "not_met", "value": 1}))


def test_the_table_shows_every_yardstick_and_why(cli: Cli, one_carrier: Path) -> None:
    result = cli("score", "--as-of", "2025-01-01", "--gaps", "0", workspace=one_carrier)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Verdict by yardstick" in flat
    assert "Tier III (meets the Tier III target)" in flat
    assert "Rated-2 (short of the Rated-3 target)" in flat
    assert "Rated-3 not reached because of: TEL-AP-01" in flat
    assert "every required item met" in flat
    assert "none lowers another" in flat
    assert "leans on figures not confirmed" in flat and "PWR-FUEL-06" in flat


def test_json_carries_every_verdict_with_its_blockers(cli: Cli, one_carrier: Path) -> None:
    result = cli("score", "--as-of", "2025-01-01", "--format", "json", workspace=one_carrier)
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    verdicts = {v["yardstick"]: v for v in card["yardsticks"]}
    assert set(verdicts) == {"topology", "operations-os", "tia", "legal"}
    assert verdicts["tia"]["blockers"] == [
        {
            "criterion_id": "TEL-AP-01",
            "subsystem": "telecommunications",
            "level": 3,
            "reason": "not_met",
            "unverified_rule": False,
        }
    ]
    assert (card["facility_tier"], card["primary_yardstick"]) == (3, "topology")


def test_standard_picks_one_yardstick_and_fail_under_follows_it(
    cli: Cli, one_carrier: Path
) -> None:
    args = ("score", "--as-of", "2025-01-01", "--fail-under")
    tia = cli(*args, "--standard", "tia", workspace=one_carrier)
    assert tia.exit_code == 1
    assert "TIA" in tia.stdout and "Topology" not in tia.stdout
    assert "TIA: Rated-2 (short of the Rated-3 target), short of the target" in tia.stderr
    topology = cli(*args, "--standard", "topology", workspace=one_carrier)
    assert topology.exit_code == 0, topology.output
    data = cli("score", "--standard", "legal", "--format", "json", workspace=one_carrier)
    assert [v["yardstick"] for v in json.loads(data.output)["yardsticks"]] == ["legal"]


def test_an_unknown_standard_is_a_usage_error(cli: Cli, one_carrier: Path) -> None:
    result = cli("score", "--standard", "bicsi", workspace=one_carrier)
    assert result.exit_code == 2
    assert "no yardstick 'bicsi' (known: topology, operations-os, tia, legal)" in result.stderr


def test_blockers_say_why_when_it_is_not_simply_unmet(cli: Cli, tmp_path: Path) -> None:
    pending = {"result": "not_applicable", "justification": "no A/B here"}
    root = _workspace(
        tmp_path / "ws",
        with_answers(PWR_DIST_01=pending, PWR_FUEL_06={"result": "met", "value": 30}),
    )
    result = cli("score", "--as-of", "2025-01-01", "--standard", "topology", workspace=root)
    flat = " ".join(result.output.split())
    assert 'Tier III: PWR-DIST-01 ("not applicable" not yet accepted by an auditor)' in flat
    tia = cli("score", "--as-of", "2025-01-01", "--standard", "tia", workspace=root)
    assert (
        'Rated-3: PWR-DIST-01 ("not applicable" not yet accepted by an auditor), PWR-FUEL-06 †'
        in " ".join(tia.output.split())
    )


def test_a_site_without_generators_is_told_why(cli: Cli, tmp_path: Path) -> None:
    root = _workspace(tmp_path / "ws", FULL, has_generators=False)
    result = cli("score", "--as-of", "2025-01-01", "--standard", "topology", workspace=root)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "below Tier I" in flat
    assert "Tier I impossible: the site itself (has_generators)" in flat
    assert "No Tier without on-site generation" in flat


def test_the_report_summary_shows_the_same_yardstick_table(
    sample_workspace: Path, cli: Cli
) -> None:
    import io

    from pypdf import PdfReader

    from tierassess.reports.export import prepare_report_data

    result = cli("report", "sample-provincial-dc", "--format", "pdf", workspace=sample_workspace)
    assert result.exit_code == 0, result.output
    pdf = sample_workspace / "output" / "sample-provincial-dc-report-vi.pdf"
    summary = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages[:4]
    )
    data = prepare_report_data(Workspace.at(sample_workspace), "sample-provincial-dc", lang="vi")
    assert [row.yardstick for row in data.yardsticks] == [
        "uptime-topology",
        "uptime-os",
        "tia-942",
        "vn-legal",
    ]
    assert "Thước đo" in summary and "Vì sao (tiêu chí quyết định)" in summary
    for row in data.yardsticks:
        assert row.title in summary
        assert row.verdict in summary, row.verdict


def test_the_workbook_summary_carries_the_yardsticks(sample_workspace: Path, cli: Cli) -> None:
    from openpyxl import load_workbook

    from tierassess.reports.export import prepare_report_data

    result = cli(
        "report", "sample-provincial-dc", "--format", "xlsx", "--lang", "en",
        workspace=sample_workspace,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = load_workbook(sample_workspace / "output" / "sample-provincial-dc-report-en.xlsx")
    cells = [c.value for row in book["Summary"].iter_rows() for c in row if c.value is not None]
    data = prepare_report_data(Workspace.at(sample_workspace), "sample-provincial-dc", lang="en")
    assert "Why (the deciding criteria)" in cells
    for row in data.yardsticks:
        assert [row.title, row.verdict, row.why] == cells[cells.index(row.title) :][:3]
