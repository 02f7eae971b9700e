"""An organisation typed in capitals for the heading is written in its own case mid-sentence.

Decree 30 puts the issuing body in capitals in the heading; inside a sentence (the appendix's
"Kèm theo Kế hoạch số … của …") the name is written as Vietnamese writes names of bodies: a capital
on the first syllable of its kind and of its field ("Sở Khoa học và Công nghệ").
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from report_inputs import make_inputs

from tierassess.reports.admin import AdminDocument
from tierassess.reports.admin.document import organisation_case
from tierassess.reports.data import gather_report_data
from tierassess.reports.pdf import render_pdf


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông"),
        ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "Ủy ban nhân dân tỉnh Quảng Ngãi"),
        ("UBND TỈNH QUẢNG NGÃI", "UBND tỉnh Quảng Ngãi"),
        (
            "PHÒNG BƯU CHÍNH, VIỄN THÔNG VÀ CÔNG NGHỆ THÔNG TIN",
            "Phòng Bưu chính, Viễn thông và Công nghệ thông tin",
        ),
        ("TRUNG TÂM CNTT VÀ TRUYỀN THÔNG", "Trung tâm CNTT và Truyền thông"),
        # already in its case, or not a name in capitals: left alone
        ("Trung tâm Chuyển đổi số", "Trung tâm Chuyển đổi số"),
        ("Digital Transformation Centre", "Digital Transformation Centre"),
    ],
)
def test_organisation_case(typed: str, written: str) -> None:
    assert organisation_case(typed) == written


def _pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        unicodedata.normalize("NFC", " ".join((page.extract_text() or "").split()))
        for page in reader.pages
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_appendix_caption_writes_the_issuer_in_sentence_case(lang: str) -> None:
    data = gather_report_data(*make_inputs(2), lang=lang)
    document = AdminDocument(issuing_body="SỞ KHOA HỌC VÀ CÔNG NGHỆ", issuer_code="SKHCN")
    pages = _pages(render_pdf(data, "administrative", document))
    # the heading keeps the decree's capitals
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in pages[0]
    caption = next(p for p in pages if "/KH-SKHCN" in p and p is not pages[0])
    assert "Sở Khoa học và Công nghệ" in caption
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" not in caption
