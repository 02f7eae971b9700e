"""The PDF report, read back with pypdf: pages, outline, font, metadata, text, determinism."""

from __future__ import annotations

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from report_inputs import ACTIONS_VI, AS_OF, TITLES_VI, make_inputs

from tierassess.formats import format_cost_range, format_number, short_unit
from tierassess.reports.admin import (
    AdminDocument,
    month_text,
    place_from_address,
    render_administrative,
)
from tierassess.reports.data import ReportData, gather_report_data, timeframe
from tierassess.reports.pdf import render_pdf


def text_of(pdf: bytes) -> list[str]:
    """Each page's text, whitespace collapsed (table cells wrap), in NFC."""
    reader = PdfReader(io.BytesIO(pdf))
    return [
        unicodedata.normalize("NFC", " ".join((page.extract_text() or "").split()))
        for page in reader.pages
    ]


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))  # type: ignore[attr-defined]

    walk(reader.outline)
    return titles


def fonts_of(reader: PdfReader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


@pytest.fixture(scope="module")
def data_vi() -> ReportData:
    return gather_report_data(*make_inputs(12), lang="vi")


@pytest.fixture(scope="module")
def pdf_vi(data_vi: ReportData) -> bytes:
    return render_pdf(data_vi)


@pytest.fixture(scope="module")
def pages_vi(pdf_vi: bytes) -> list[str]:
    return text_of(pdf_vi)


def test_pages_outline_and_metadata(pdf_vi: bytes, data_vi: ReportData) -> None:
    reader = PdfReader(io.BytesIO(pdf_vi))
    assert len(reader.pages) >= 8
    titles = outline_titles(reader)
    for expected in (
        "1. Tóm tắt",
        "Mức độ sẵn sàng theo lĩnh vực",
        "Kinh phí dự kiến theo năm",
        "2. Kết quả theo lĩnh vực",
        "PWR · Cung cấp điện — 38 %",
        "3. Kế hoạch khắc phục",
        "Tiến độ thực hiện",
        "4. Danh mục bằng chứng",
    ):
        assert expected in titles
    info = reader.metadata
    assert info is not None
    assert (
        info.title
        == "Báo cáo đánh giá mức độ sẵn sàng Tier III — Trung tâm dữ liệu tỉnh Quảng Ngãi (mẫu)"
    )
    assert info.author == "Nguyễn Thị Hồng Nhung"
    assert "tier3 v1.0.0" in (info.subject or "")
    assert str(info["/CreationDate"]).startswith("D:20261120")


def test_embeds_dejavu_and_no_builtin_font(pdf_vi: bytes) -> None:
    fonts = fonts_of(PdfReader(io.BytesIO(pdf_vi)))
    assert any(name.endswith("DejaVuSans") for name in fonts), fonts
    assert any(name.endswith("DejaVuSans-Bold") for name in fonts), fonts
    assert not [name for name in fonts if "Helvetica" in name or "Times" in name], fonts


def test_vietnamese_catalogue_strings_extracted_intact(
    data_vi: ReportData, pages_vi: list[str]
) -> None:
    text = " ".join(pages_vi)
    shown = {gap.title for gap in data_vi.gaps} | {row.task for row in data_vi.plan_rows}
    assert len(shown & set(ACTIONS_VI)) >= 4
    assert "Cảm biến phát hiện khói sớm & báo động <VESDA> tại phòng máy" in shown
    for phrase in shown:
        assert phrase in text, phrase
    assert set(TITLES_VI) & shown
    for phrase in (
        "Trung tâm dữ liệu tỉnh Quảng Ngãi (mẫu)",
        "Nguyễn Thị Hồng Nhung",
        "ảnh-tủ-điện-01.jpg",
    ):
        assert phrase in text


def test_cover_has_site_catalogue_target_banner_and_disclaimer(pages_vi: list[str]) -> None:
    cover = pages_vi[0]
    for phrase in (
        "MẪU MINH HỌA",
        "Trung tâm dữ liệu tỉnh Quảng Ngãi (mẫu)",
        "20/11/2026",
        "tier3 v1.0.0",
        "Tier III",
        "Nguyễn Thị Hồng Nhung",
        "Chỉ Uptime Institute cấp chứng nhận Tier.",
    ):
        assert phrase in cover, phrase


def test_every_plan_action_is_in_the_plan_table(data_vi: ReportData, pages_vi: list[str]) -> None:
    start = next(i for i, page in enumerate(pages_vi) if "3. Kế hoạch khắc phục" in page)
    end = next(i for i, page in enumerate(pages_vi) if "4. Danh mục bằng chứng" in page)
    plan_text = " ".join(pages_vi[start:end])
    assert data_vi.plan_rows
    for row in data_vi.plan_rows:
        assert f"{row.task} ({row.criterion_id})" in plan_text
    for header in ("TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian", "Ưu tiên"):
        assert header in plan_text
    assert "Trung tâm CDS và ĐMST" in plan_text
    assert "Phòng BCVT&CNTT" in plan_text
    assert f"Tổng cộng 2025–2030 {data_vi.cost}" in plan_text


def test_gap_tables_show_severity_evidence_and_review(
    data_vi: ReportData, pages_vi: list[str]
) -> None:
    text = " ".join(pages_vi)
    assert "Không chấp nhận" in text  # a rejected review
    assert "Chưa rà soát" in text
    assert "nghiêm trọng ◆" in text
    for gap in data_vi.gaps:
        assert gap.criterion_id in text


def test_long_tables_repeat_their_header_row(pages_vi: list[str]) -> None:
    with_plan_header = [p for p in pages_vi if "Đơn vị chủ trì Đơn vị phối hợp" in p]
    assert len(with_plan_header) >= 2


def test_same_inputs_give_the_same_bytes(data_vi: ReportData, pdf_vi: bytes) -> None:
    again = gather_report_data(*make_inputs(12), lang="vi")
    assert render_pdf(again) == pdf_vi
    later = again.model_copy(
        update={"meta": again.meta.model_copy(update={"as_of": date(2026, 12, 1)})}
    )
    assert render_pdf(later) != pdf_vi


def test_english_report() -> None:
    data = gather_report_data(*make_inputs(4, sample=False), lang="en")
    pages = text_of(render_pdf(data))
    text = " ".join(pages)
    assert "MẪU MINH HỌA" not in text and "ILLUSTRATIVE SAMPLE" not in text
    for phrase in (
        "Tier III readiness report",
        "1. Executive summary",
        "3. Remediation plan",
        "Lead unit",
    ):
        assert phrase in text
    assert "English action PWR-02" in text
    assert "Only Uptime Institute certifies a Tier." in pages[0]


def test_report_without_gaps_plan_or_evidence_renders(data_vi: ReportData) -> None:
    empty = data_vi.model_copy(update={"findings": [], "plan": [], "evidence": [], "blockers": []})
    text = " ".join(text_of(render_pdf(empty)))
    assert "Mọi tiêu chí áp dụng đều được tính là đạt." in text
    assert "Không có nhiệm vụ khắc phục nào." in text
    assert "Chưa có bằng chứng nào được lưu." in text
    assert render_administrative(empty, AdminDocument())


def test_administrative_layout_follows_decree_30(data_vi: ReportData) -> None:
    document = AdminDocument(
        parent_body="Sở Khoa học và Công nghệ tỉnh Quảng Ngãi",
        number="15/KH-TTCDS",
        date=date(2027, 2, 5),
        signer_authority="KT. Giám đốc",
        signer_title="Phó Giám đốc",
        signer_name="Trần Văn Ất",
        recipients=["Sở Khoa học và Công nghệ (để báo cáo)", "Lưu: VT, BCVT&CNTT"],
    )
    pdf = render_pdf(data_vi, "administrative", document)
    reader = PdfReader(io.BytesIO(pdf))
    pages = text_of(pdf)
    first = pages[0]
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NGÃI",
        "TRUNG TÂM CHUYỂN ĐỔI SỐ VÀ ĐỔI MỚI SÁNG TẠO",
        "Số: 15/KH-TTCDS",
        "Quảng Ngãi, ngày 05 tháng 02 năm 2027",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
    ):
        assert phrase in first, phrase
    text = " ".join(pages)
    for phrase in (
        "Nơi nhận:",
        "- Sở Khoa học và Công nghệ (để báo cáo);",
        "- Lưu: VT, BCVT&CNTT.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Văn Ất",
        "PHỤ LỤC",
        "Kèm theo Kế hoạch số 15/KH-TTCDS ngày 05 tháng 02 năm 2027",
    ):
        assert phrase in text, phrase
    for row in data_vi.plan_rows:
        assert f"{row.task} ({row.criterion_id})" in text
    # Page numbers from page 2 only, at the top.
    assert not first.startswith("1 ")
    assert pages[1].startswith("2 ") or pages[1].endswith(" 2")
    assert "PHỤ LỤC" in outline_titles(reader)
    assert str(reader.metadata["/CreationDate"]).startswith("D:20270205")


def test_administrative_defaults_leave_number_and_day_blank(data_vi: ReportData) -> None:
    first = text_of(render_pdf(data_vi, "administrative"))[0]
    assert "Quảng Ngãi, ngày" in first and "tháng 11 năm 2026" in first
    assert "/KH-" in first
    assert "GIÁM ĐỐC" in " ".join(text_of(render_pdf(data_vi, "administrative")))


@pytest.mark.parametrize(("month", "text"), [(1, "01"), (2, "02"), (3, "3"), (12, "12")])
def test_month_text_pads_january_and_february(month: int, text: str) -> None:
    assert month_text(month) == text


@pytest.mark.parametrize(
    ("address", "place"),
    [
        ("52 Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi", "Quảng Ngãi"),
        ("1 Lê Duẩn, Thành phố Đà Nẵng", "Đà Nẵng"),
        ("Số 3, TP. Hồ Chí Minh 700000", "Hồ Chí Minh"),
        ("Địa chỉ minh họa, Quảng Ngãi (không phải cơ sở thực)", "Quảng Ngãi"),
    ],
)
def test_place_from_address(address: str, place: str) -> None:
    assert place_from_address(address) == place


def test_formatting_helpers() -> None:
    assert format_number(1500.5, "vi", 1) == "1.500,5"
    assert format_number(1500.5, "en", 1) == "1,500.5"
    assert format_cost_range(300_000_000, 1_500_000_000, "vi") == "300–1.500"
    assert format_cost_range(2_500_000, 25_000_000, "en") == "2.5–25"
    assert timeframe(date(2026, 3, 1), date(2026, 8, 31)) == "03–08/2026"
    assert timeframe(date(2026, 11, 1), date(2027, 2, 1)) == "11/2026 – 02/2027"
    assert short_unit("Trung tâm Chuyển đổi số (Trung tâm CDS và ĐMST)") == "Trung tâm CDS và ĐMST"
    assert short_unit("Phòng Kỹ thuật") == "Phòng Kỹ thuật"
    assert short_unit("Posts and IT Division (BCVT&CNTT Division)") == "BCVT&CNTT Division"
    for note in (
        "Trung tâm CDS và ĐMST (Ban quản lý dự án, mẫu)",
        "Trung tâm Chuyển đổi số (theo QĐ 821/QĐ-UBND)",
    ):
        assert short_unit(note) == note


def test_as_of_comes_from_the_scorecard() -> None:
    data = gather_report_data(*make_inputs(2), lang="vi")
    assert data.meta.as_of == AS_OF


def test_a_group_title_never_ends_a_page_alone() -> None:
    from reportlab.platypus import Table

    from tierassess.reports.pdfkit import Cells, make_styles, table

    cells = Cells(make_styles())
    rows = [[cells.head("TT"), cells.head("Nhiệm vụ")]]
    for group in range(3):
        rows.append([cells.bold(str(group + 1)), cells.bold(f"Nhóm {group + 1}")])
        rows += [[f"{group + 1}.{n}", cells(f"Nhiệm vụ {n}")] for n in range(1, 3)]
    groups = [1, 4, 7]
    flowable = table(rows, [30, 200], group_rows=groups)
    flowable.wrap(230, 10_000)
    heights = flowable._rowHeights
    # Room for the header, group 1, its two rows and group 2's title, but not group 2's first row.
    room = sum(heights[:5]) + heights[5] / 2
    first, rest = flowable.split(230, room)
    assert isinstance(first, Table) and isinstance(rest, Table)
    assert len(first._cellvalues) == 4  # header, group 1 and its rows: group 2 went over whole
    assert len(rest._cellvalues) == len(rows) - 4 + 1  # the header row repeats
