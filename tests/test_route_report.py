"""The report shows the least to fund beside the full plan, and progress over the snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from conftest import SAMPLE_SITE
from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def report(cli: Callable[..., Result], workspace: Path, lang: str) -> str:
    result = cli("report", SAMPLE_SITE, "--lang", lang, "--format", "pdf", workspace=workspace)
    assert result.exit_code == 0, result.output
    return pdf_text(workspace / "output" / f"{SAMPLE_SITE}-report-{lang}.pdf")


def test_english_report_has_the_route_and_the_progress_section(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    from tierassess.snapshots import list_snapshots

    first = list_snapshots(sample_workspace / "evidence" / SAMPLE_SITE)[0]
    text = report(cli, sample_workspace, "en")
    assert "The least to fund" in text and "The full plan" in text
    assert "Actions of the least to fund:" in text
    assert "Progress against the plan" in text
    assert f"Since the assessment of {first.as_of.isoformat()}" in text
    assert "Spend by year: planned and actual" in text
    assert "(now)" in text  # the report's own state is the last point


def test_vietnamese_report_has_both_sections(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    text = report(cli, sample_workspace, "vi")
    assert "Mức đầu tư tối thiểu" in text and "Kế hoạch đầy đủ" in text
    assert "Tiến độ thực hiện so với kế hoạch" in text
    assert "Kinh phí theo năm: kế hoạch và thực chi" in text


def test_no_snapshots_no_progress_section(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    shutil.rmtree(sample_workspace / "evidence" / SAMPLE_SITE / "snapshots")
    text = report(cli, sample_workspace, "en")
    assert "The least to fund" in text
    assert "Progress against the plan" not in text


def test_plan_table_stars_the_route_tasks_with_a_legend(
    cli: Callable[..., Result], sample_workspace: Path
) -> None:
    import json

    plan = json.loads(
        cli("plan", SAMPLE_SITE, "--format", "json", workspace=sample_workspace).output
    )
    on_route = [a for a in plan["actions"] if a["on_route"]]
    assert on_route and len(on_route) < len(plan["actions"])
    text = report(cli, sample_workspace, "en")
    legend = "★ A task of the least to fund"
    assert legend in text
    # one star per route task in the plan table, one in the legend
    assert text.count("★") == len(on_route) + 1
    starred = [line for line in text.splitlines() if line.startswith("★") and legend not in line]
    assert starred and all(
        any(line.removeprefix("★ ").startswith(a["title"]["en"][:15]) for a in on_route)
        for line in starred
    )
