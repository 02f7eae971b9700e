"""The plan a director signs, read back from the PDFs: totals, completeness, black and white.

Text is read with pypdf; pages are rendered with pdftoppm (poppler-utils) and every pixel of the
administrative layout must be a grey (red = green = blue).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_inputs import make_inputs

from tierassess.formats import format_cost_range
from tierassess.reports.admin import AdminDocument
from tierassess.reports.data import ReportData, gather_report_data
from tierassess.reports.pdf import render_pdf


def _data(lang: str, **site: object) -> ReportData:
    checklist, assessment, evidence, scorecard, plan = make_inputs(6, sample=False)
    if site:
        assessment = assessment.model_copy(update={"site": assessment.site.model_copy(update=site)})
    return gather_report_data(checklist, assessment, evidence, scorecard, plan, lang=lang)


def _text(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        unicodedata.normalize("NFC", " ".join((page.extract_text() or "").split()))
        for page in reader.pages
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_administrative_plan_states_completeness_and_never_speaks_of_software(lang: str) -> None:
    data = _data(lang)
    assert data.unanswered or data.unverified  # the inputs are an incomplete assessment
    text = " ".join(_text(render_pdf(data, "administrative", AdminDocument())))
    statement = "Đánh giá chưa đầy đủ" if lang == "vi" else "The assessment is not complete"
    assert statement in text
    assert str(data.unanswered) in text
    assert "Công cụ" not in text and "tool" not in text.lower() and "phần mềm" not in text
    if not data.meets_target:
        because = "xếp hạng Tier theo hệ thống yếu nhất" if lang == "vi" else "weakest subsystem"
        assert because in text


@pytest.mark.parametrize("layout", ["standard", "administrative"])
def test_both_layouts_say_the_outage_weeks_are_estimates(layout: str) -> None:
    for lang in ("vi", "en"):
        data = _data(lang)
        assert data.meta.outage_note
        text = " ".join(_text(render_pdf(data, layout, AdminDocument())))
        assert data.meta.outage_note in text


def test_standard_cover_says_the_assessment_is_incomplete_and_does_not_repeat_itself() -> None:
    data = _data("vi")
    cover = _text(render_pdf(data, "standard"))[0]
    assert "Đánh giá chưa đầy đủ" in cover
    assert data.meta.checklist_title not in cover  # the title already says what it measures


@pytest.mark.parametrize("layout", ["standard", "administrative"])
def test_the_cost_table_adds_up(layout: str) -> None:
    data = _data("vi")
    scheduled = [r for r in data.plan_rows if r.scheduled]
    assert sum(y.actions for y in data.years) == len(scheduled)
    text = " ".join(
        _text(render_pdf(data, layout, AdminDocument() if layout != "standard" else None))
    )
    low = sum(y.cost_min_vnd for y in data.years)
    high = sum(y.cost_max_vnd for y in data.years)
    assert f"Tổng cộng {len(scheduled)} {format_cost_range(low, high, 'vi')}" in text
    assert "Mỗi nhiệm vụ được đếm một lần, vào năm bắt đầu" in text


def test_governing_body_and_signer_come_from_the_site_profile() -> None:
    data = _data(
        "vi",
        governing_body="Ủy ban nhân dân tỉnh Quảng Ngãi",
        signer_title="Giám đốc",
        signer_name="Nguyễn Thị Bình",
    )
    first = _text(render_pdf(data, "administrative", AdminDocument()))[0]
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI" in first
    text = " ".join(_text(render_pdf(data, "administrative", AdminDocument())))
    assert "Nguyễn Thị Bình" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_word_of_the_plan_table_header_is_broken(lang: str) -> None:
    from tierassess.i18n import t

    pages = _text(render_pdf(_data(lang), "administrative", AdminDocument()))
    appendix = " ".join(p for p in pages if ("PHỤ LỤC" if lang == "vi" else "APPENDIX") in p)
    for key in ("no", "task", "lead", "coordinating", "timeframe", "priority", "cost_millions"):
        header = t(f"report.col.{key}", lang)
        for word in header.split():
            assert word in appendix, (key, word)


def test_a_header_word_too_wide_for_its_column_is_set_smaller() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from tierassess.reports.pdfkit import Cells, make_styles

    cells = Cells(make_styles(), "en")
    narrow = cells.head("Priority", 30)
    style = narrow.style
    assert stringWidth("Priority", style.fontName, style.fontSize) <= 24
    assert cells.head("Priority", 300).style is cells.styles.cell_head


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_administrative_pages_have_no_coloured_pixel(lang: str, tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    pdf = tmp_path / "admin.pdf"
    pdf.write_bytes(render_pdf(_data(lang), "administrative", AdminDocument()))
    subprocess.run(["pdftoppm", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.ppm"))
    assert pages
    for page in pages:
        with Image.open(page) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
        coloured = (pixels[..., 0] != pixels[..., 1]) | (pixels[..., 1] != pixels[..., 2])
        assert not coloured.any(), (page.name, pixels[coloured][:5].tolist())


@pytest.mark.parametrize("basis_lines", [0, 2, 4, 6, 8])
def test_no_section_heading_is_left_at_the_foot_of_a_page(basis_lines: int) -> None:
    from tierassess.i18n import t

    data = _data("vi")
    document = AdminDocument(
        parent_body="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
        basis=[
            f"Căn cứ văn bản số {n}/QĐ-UBND về việc triển khai chuyển đổi số"
            for n in range(basis_lines)
        ],
    )
    headings = {t(f"report.admin.s{n}", "vi") for n in range(1, 6)}
    reader = PdfReader(io.BytesIO(render_pdf(data, "administrative", document)))
    for number, page in enumerate(reader.pages, start=1):
        lines = [
            unicodedata.normalize("NFC", line.strip())
            for line in (page.extract_text() or "").splitlines()
            if line.strip() and not line.strip().isdigit()
        ]
        assert lines and lines[-1] not in headings, (number, lines[-1])


def _with_yardsticks(lang: str) -> ReportData:
    from tierassess.reports.data import YardstickRow

    rows = [
        YardstickRow(
            yardstick="uptime-topology",
            title="Uptime Tier Standard: Topology",
            verdict="below Tier I (short of the Tier III target)",
            passed=False,
            why="Tier I not reached because of: PWR-FUEL-06",
        ),
        YardstickRow(
            yardstick="vn-legal",
            title="Vietnamese legal prerequisites",
            verdict="Met",
            passed=True,
            why="every required item met",
        ),
    ]
    return _data(lang).model_copy(update={"yardsticks": rows})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_administrative_plan_shows_the_yardstick_table_with_whole_header_words(
    lang: str,
) -> None:
    from tierassess.i18n import t

    pages = _text(render_pdf(_with_yardsticks(lang), "administrative", AdminDocument()))
    body = " ".join(p for p in pages if ("PHỤ LỤC" if lang == "vi" else "APPENDIX") not in p)
    words = set(body.split())
    for key in ("yardstick", "verdict", "why"):
        for word in t(f"yardsticks.col.{key}", lang).split():
            assert word in words, (key, word)
    for text in ("Uptime Tier Standard: Topology", "below Tier I", "PWR-FUEL-06", "Met"):
        assert text in body, text
    assert "Vietnamese legal prerequisites" in body


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_the_administrative_yardstick_table_is_black_and_white(tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    pdf = tmp_path / "admin.pdf"
    pdf.write_bytes(render_pdf(_with_yardsticks("vi"), "administrative", AdminDocument()))
    subprocess.run(["pdftoppm", "-r", "60", str(pdf), str(tmp_path / "p")], check=True)
    for page in sorted(tmp_path.glob("p*.ppm")):
        with Image.open(page) as image:
            pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
        coloured = (pixels[..., 0] != pixels[..., 1]) | (pixels[..., 1] != pixels[..., 2])
        assert not coloured.any(), page.name
