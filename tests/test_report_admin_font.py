"""The administrative PDF in Liberation Serif (Decree 30's Times New Roman), read back with pypdf.

Which faces are embedded (every font resource, forms included), which face draws which line (the
date line italic, "Nơi nhận:" bold-italic), Vietnamese text intact, and the same bytes every run,
in this process or a fresh one.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from report_inputs import make_inputs

from tierassess.reports.admin import AdminDocument
from tierassess.reports.data import ReportData, gather_report_data
from tierassess.reports.fonts import (
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_FAMILY,
    SERIF_ITALIC,
    SERIF_REGULAR,
    font_path,
    register_serif_fonts,
)
from tierassess.reports.pdf import render_pdf

TESTS = Path(__file__).resolve().parent
SERIF_FACES = {SERIF_REGULAR, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC}

DOCUMENT = AdminDocument(
    parent_body="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
    number="15/KH-TTCDS",
    date=date(2027, 2, 5),
    signer_authority="KT. Giám đốc",
    signer_title="Phó Giám đốc",
    signer_name="Trần Văn Ất",
    recipients=["Sở Khoa học và Công nghệ (để báo cáo)", "Lưu: VT, BCVT&CNTT"],
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _base_name(font: Any) -> str:
    """``/AAAAAA+LiberationSerif-Bold`` → ``LiberationSerif-Bold`` (the subset tag dropped)."""
    return str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1]


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Every font the document's pages and the forms they draw refer to."""
    names: set[str] = set()
    seen: set[int] = set()

    def walk(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject) or id(resources) in seen:
            return
        seen.add(id(resources))
        for ref in resources.get("/Font", DictionaryObject()).get_object().values():
            names.add(_base_name(ref.get_object()))
        for ref in resources.get("/XObject", DictionaryObject()).get_object().values():
            walk(ref.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return names


def text_by_face(page: Any) -> dict[str, str]:
    """The page's text, split by the face that draws it."""
    runs: dict[str, list[str]] = defaultdict(list)

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if font is not None and text.strip():
            runs[_base_name(font)].append(text)

    page.extract_text(visitor_text=visit)
    return {face: _nfc(" ".join(parts)) for face, parts in runs.items()}


@pytest.fixture(scope="module")
def data_vi() -> ReportData:
    return gather_report_data(*make_inputs(12), lang="vi")


@pytest.fixture(scope="module")
def admin_pdf(data_vi: ReportData) -> bytes:
    return render_pdf(data_vi, "administrative", DOCUMENT)


def test_serif_family_maps_bold_and_italic_to_real_faces() -> None:
    from reportlab.lib.fonts import tt2ps

    assert register_serif_fonts() == SERIF_FAMILY
    assert register_serif_fonts() == SERIF_FAMILY  # a second call is a no-op
    assert tt2ps(SERIF_FAMILY, 0, 0) == SERIF_REGULAR
    assert tt2ps(SERIF_FAMILY, 1, 0) == SERIF_BOLD
    assert tt2ps(SERIF_FAMILY, 0, 1) == SERIF_ITALIC
    assert tt2ps(SERIF_FAMILY, 1, 1) == SERIF_BOLD_ITALIC
    for face in SERIF_FACES:
        assert font_path(face).is_file()
    assert (font_path(SERIF_REGULAR).parent / "LICENSE-Liberation.txt").is_file()


def test_administrative_pdf_embeds_only_liberation_serif(admin_pdf: bytes) -> None:
    # The timeline chart is drawn in Liberation Serif too, so no other font is needed anywhere.
    assert embedded_fonts(PdfReader(io.BytesIO(admin_pdf))) == SERIF_FACES


def test_decree_30_components_are_in_their_faces(admin_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(admin_pdf))
    first = text_by_face(reader.pages[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first[SERIF_BOLD]
    assert "Độc lập - Tự do - Hạnh phúc" in first[SERIF_BOLD]
    assert "TRUNG TÂM CHUYỂN ĐỔI SỐ" in first[SERIF_BOLD]
    assert "KẾ HOẠCH" in first[SERIF_BOLD]
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI" in first[SERIF_REGULAR]
    assert "Số: 15/KH-TTCDS" in first[SERIF_REGULAR]
    # Real italic, no longer an upright face skewed.
    assert "Quảng Ngãi, ngày 05 tháng 02 năm 2027" in first[SERIF_ITALIC]
    pages = [text_by_face(page) for page in reader.pages]
    recipients = [page[SERIF_BOLD_ITALIC] for page in pages if SERIF_BOLD_ITALIC in page]
    assert recipients == ["Nơi nhận:"]
    assert any("PHÓ GIÁM ĐỐC" in page.get(SERIF_BOLD, "") for page in pages)
    assert any(
        "Kèm theo Kế hoạch số 15/KH-TTCDS ngày 05 tháng 02 năm 2027" in page.get(SERIF_ITALIC, "")
        for page in pages
    )


def test_vietnamese_text_extracts_intact(data_vi: ReportData, admin_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(admin_pdf))
    text = " ".join(_nfc(page.extract_text() or "") for page in reader.pages)
    for phrase in (
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 05 tháng 02 năm 2027",
        "Nơi nhận:",
        "- Sở Khoa học và Công nghệ (để báo cáo);",
        "Trần Văn Ất",
        "PHỤ LỤC",
    ):
        assert phrase in text, phrase
    # Catalogue text with the letters fonts without Vietnamese lose (ạ ả ẩ ậ ệ ồ ờ ữ).
    assert data_vi.plan_rows
    for row in data_vi.plan_rows:
        assert f"{_nfc(row.task)} ({row.criterion_id})" in text, row.task


def test_default_date_line_keeps_the_blank_day_in_italic(data_vi: ReportData) -> None:
    reader = PdfReader(io.BytesIO(render_pdf(data_vi, "administrative")))
    italic = text_by_face(reader.pages[0])[SERIF_ITALIC]
    assert italic.startswith("Quảng Ngãi, ngày") and italic.endswith("tháng 11 năm 2026")


def test_same_bytes_in_this_process_and_in_a_fresh_one(
    data_vi: ReportData, admin_pdf: bytes, tmp_path: Path
) -> None:
    assert render_pdf(data_vi, "administrative", DOCUMENT) == admin_pdf
    # A fresh interpreter registers the fonts in its own order; the bytes must not change.
    out = tmp_path / "fresh.pdf"
    script = (
        "import sys\n"
        "from report_inputs import make_inputs\n"
        "from test_report_admin_font import DOCUMENT\n"
        "from tierassess.reports.data import gather_report_data\n"
        "from tierassess.reports.pdf import render_pdf\n"
        "data = gather_report_data(*make_inputs(12), lang='vi')\n"
        "open(sys.argv[1], 'wb').write(render_pdf(data, 'administrative', DOCUMENT))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, timeout=120)
    assert out.read_bytes() == admin_pdf


def test_administrative_tables_print_in_black_and_white(admin_pdf: bytes) -> None:
    # The standard report's accent blue (#1e3a8a), as reportlab writes it: the tables' header fill.
    colours = (".117647 .227451 .541176",)
    reader = PdfReader(io.BytesIO(admin_pdf))
    for page in reader.pages:
        content = page.get_contents()
        stream = content.get_data().decode("latin-1") if content is not None else ""
        assert not any(colour in stream for colour in colours)
