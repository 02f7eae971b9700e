"""The report shows the least to fund beside the full plan, and progress over the snapshots."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
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
    from tierassess.storage.snapshots import list_snapshots

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


def _admin_pages(workspace: Path, lang: str, basis_lines: int = 0) -> tuple[bytes, list[str]]:
    import io
    import unicodedata

    from tierassess.reports.admin import AdminDocument
    from tierassess.reports.export import prepare_report_data
    from tierassess.reports.pdf import render_pdf
    from tierassess.storage.workspace import Workspace

    data = prepare_report_data(Workspace(workspace), SAMPLE_SITE, lang=lang)
    document = AdminDocument(basis=[f"Căn cứ văn bản số {n}/QĐ-UBND" for n in range(basis_lines)])
    pdf = render_pdf(data, "administrative", document)
    pages = [
        unicodedata.normalize("NFC", page.extract_text() or "")
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
    return pdf, pages


def test_administrative_plan_has_the_least_to_fund_progress_and_marked_rows(
    sample_workspace: Path,
) -> None:
    _, pages = _admin_pages(sample_workspace, "vi")
    text = " ".join(" ".join(page.split()) for page in pages)
    assert "Mức đầu tư tối thiểu Tập nhiệm vụ" in text  # the heading, then its sentence
    assert "Mức tối thiểu Kế hoạch đầy đủ" in text
    assert "Tiến độ thực hiện so với kế hoạch So với lần đánh giá ngày" in text
    assert "Kinh phí theo năm: kế hoạch và thực chi" in text
    # the serif font has no star: the appendix marks route tasks with an asterisk, explained
    assert "* Nhiệm vụ thuộc mức đầu tư tối thiểu" in text
    appendix = text[text.index("PHỤ LỤC") :]
    assert appendix.count("* ") >= 2 and "★" not in text
    # the route sits in the funding section, progress in the status section
    assert text.index("II. KẾT QUẢ") < text.index("Tiến độ thực hiện") < text.index("III. NỘI")
    assert text.index("IV. KINH PHÍ") < text.index("Mức tối thiểu Kế hoạch") < text.index("V. TỔ")
    _, english = _admin_pages(sample_workspace, "en")
    english_text = " ".join(" ".join(page.split()) for page in english)
    assert "The least to fund The full plan" in english_text
    assert "Progress against the plan" in english_text


@pytest.mark.parametrize("basis_lines", [0, 3, 6])
def test_administrative_route_and_progress_headings_never_end_a_page(
    sample_workspace: Path, basis_lines: int
) -> None:
    _, pages = _admin_pages(sample_workspace, "vi", basis_lines)
    headings = {"Mức đầu tư tối thiểu", "Tiến độ thực hiện so với kế hoạch"}
    seen = set()
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        seen |= headings & set(lines)
        assert lines[-1] not in headings, (number, lines[-1])
    assert seen == headings


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_administrative_route_and_progress_pages_are_black_and_white(
    sample_workspace: Path, tmp_path: Path
) -> None:
    import subprocess

    import numpy as np
    from PIL import Image

    pdf, pages = _admin_pages(sample_workspace, "vi")
    # the pages of sections II to IV (progress chart and tables, the route table)
    wanted = [n for n, page in enumerate(pages, start=1) if "Mức tối thiểu" in page or "%" in page]
    assert wanted
    path = tmp_path / "admin.pdf"
    path.write_bytes(pdf)
    for number in wanted:
        subprocess.run(
            ["pdftoppm", "-r", "50", "-f", str(number), "-l", str(number), str(path),
             str(tmp_path / f"page{number}")],
            check=True,
        )  # fmt: skip
    for page in sorted(tmp_path.glob("page*.ppm")):
        with Image.open(page) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
        coloured = (pixels[..., 0] != pixels[..., 1]) | (pixels[..., 1] != pixels[..., 2])
        assert not coloured.any(), (page.name, pixels[coloured][:5].tolist())
