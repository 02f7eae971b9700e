"""The report says what ``score`` says: answers it cannot judge, and what the site itself lacks.

Read back from real files: both PDF layouts with pypdf, the workbook with openpyxl, the JSON.
"""

from __future__ import annotations

import io
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import yaml
from click.testing import Result
from openpyxl import load_workbook
from pypdf import PdfReader
from report_inputs import make_inputs

from tierassess.reports.admin import AdminDocument
from tierassess.reports.data import ReportData, completeness_statement, gather_report_data
from tierassess.reports.pdf import render_pdf
from tierassess.reports.sheets import json_text
from tierassess.reports.xlsx import xlsx_bytes

Cli = Callable[..., Result]
GENERATORS = "without generators no Tier can be reached"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def data_with_notes(lang: str) -> ReportData:
    checklist, assessment, evidence, scorecard, plan = make_inputs(4)
    first, second = (c.id for c in checklist.criteria[:2])
    scorecard = scorecard.model_copy(
        update={"undetermined": {first: "flood_level_m"}, "asked_anew": {second: "1.2.0"}}
    )
    data = gather_report_data(checklist, assessment, evidence, scorecard, plan, lang=lang)
    data.profile_notes = ["Uptime Tier Topology: no Tier without on-site generators."]
    return data


def test_the_data_names_each_answer_it_cannot_judge() -> None:
    data = data_with_notes("en")
    reasons = [(row.reason, row.detail) for row in data.not_judged]
    assert reasons == [("design_unknown", "flood_level_m"), ("asked_anew", "1.2.0")]
    assert "does not give the site's design flood level" in data.not_judged[0].text
    assert "changed meaning in catalogue 1.2.0" in data.not_judged[1].text
    saved = json.loads(json_text(data))
    assert [row["criterion_id"] for row in saved["not_judged"]] == [
        row.criterion_id for row in data.not_judged
    ]
    assert saved["profile_notes"] == data.profile_notes


def test_standard_summary_lists_them() -> None:
    data = data_with_notes("en")
    text = pdf_text(render_pdf(data))
    assert "Not judged, and requirements the site itself fails" in text
    for row in data.not_judged:
        assert row.text in text, row.text
    assert "no Tier without on-site generators" in text


def test_administrative_completeness_statement_says_them_in_the_organisation_s_voice() -> None:
    data = data_with_notes("vi")
    statement = completeness_statement(data)
    first, second = (row.criterion_id for row in data.not_judged)
    assert f"chưa thể chấm vì hồ sơ cơ sở chưa có mực lũ thiết kế của địa điểm ({first})" in (
        statement
    )
    assert f"đã đổi nghĩa trong bộ tiêu chí 1.2.0 ({second})" in statement
    assert "Đơn vị lưu ý yêu cầu mà chính cơ sở chưa đáp ứng" in statement
    text = pdf_text(render_pdf(data, "administrative", AdminDocument()))
    assert "mực lũ thiết kế của địa điểm" in text
    assert "bộ tiêu chí 1.2.0" in text
    assert "no Tier without on-site generators" in text


def test_a_complete_assessment_with_nothing_unjudged_says_so() -> None:
    data = data_with_notes("en")
    data.not_judged, data.profile_notes, data.unanswered, data.unverified = [], [], 0, 0
    assert completeness_statement(data).startswith("The assessment covers all")


def test_the_workbook_summary_lists_them() -> None:
    data = data_with_notes("en")
    sheet = load_workbook(io.BytesIO(xlsx_bytes(data))).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    for row in data.not_judged:
        assert row.text in cells
    assert data.profile_notes[0] in cells


def test_the_scorecard_csv_and_sheet_say_why_a_row_is_not_judged() -> None:
    import csv

    from tierassess.reports.sheets import csv_texts

    for lang in ("en", "vi"):
        data = data_with_notes(lang)
        rows = list(csv.DictReader(io.StringIO(csv_texts(data)["scorecard"])))
        reasons = {row["criterion_id"]: row["not_judged"] for row in rows}
        expected = {row.criterion_id: row.reason for row in data.not_judged}
        assert {k: v for k, v in reasons.items() if v} == expected
        # the workbook's scorecard sheet: a column headed in the reader's language, with words
        header = "Not judged because" if lang == "en" else "Chưa thể chấm vì"
        word = "answer it again" if lang == "en" else "cần trả lời lại"
        book = load_workbook(io.BytesIO(xlsx_bytes(data)))
        found = []
        for sheet in book.worksheets:
            table = list(sheet.iter_rows(values_only=True))
            heads = [list(r) for r in table if header in r]
            if heads:
                column = heads[0].index(header)
                found += [r[column] for r in table if r[column] and word in str(r[column])]
        assert len(found) == 1


def test_the_shipped_sample_without_flood_level_or_generators(
    cli: Cli, sample_workspace: Path, tmp_path: Path
) -> None:
    path = sample_workspace / "evidence" / "sample-provincial-dc" / "assessment.yaml"
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    saved["site"]["has_generators"] = False
    saved["site"]["design"].pop("flood_level_m")
    path.write_text(yaml.safe_dump(saved, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    for layout in ("standard", "administrative"):
        result = cli(
            "report", "--lang", "en", "--format", "pdf", "--layout", layout, "-o", str(out),
            "--as-of", "2026-01-15", workspace=sample_workspace,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    standard = pdf_text((out / "sample-provincial-dc-report-en.pdf").read_bytes())
    assert "SIT-FLD-02" in standard and "cannot be judged, the site profile does not give" in (
        standard
    )
    assert GENERATORS in standard
    admin = pdf_text((out / "sample-provincial-dc-plan-administrative-en.pdf").read_bytes())
    assert "because the site profile does not yet give the site's design flood level" in admin
    assert GENERATORS in admin
