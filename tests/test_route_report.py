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
