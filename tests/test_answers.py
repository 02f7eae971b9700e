"""Recording answers, importing them from YAML and CSV, and the one-session-per-site lock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from assess_support import (
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tierassess.core.models import (
    Assessment,
    Checklist,
    Result,
    Review,
    ReviewVerdict,
    WorkflowState,
)
from tierassess.errors import FileProblems, InputError
from tierassess.exchange.answer_import.apply import ImportSummary, import_answers
from tierassess.storage.answers import (
    AnswerError,
    annotate,
    parse_number,
    parse_result,
    record_answer,
    set_flag,
)
from tierassess.storage.audit import read_log
from tierassess.storage.session import AssessmentWriter, open_site
from tierassess.storage.workspace import Workspace


def _import(ws: Workspace, path: Path, dry_run: bool = False) -> ImportSummary:
    with open_site(ws, SITE, "Lan") as site:
        return import_answers(site, path, dry_run=dry_run)


AT = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


@pytest.fixture
def assessment(ws: Workspace) -> Assessment:
    return ws.load_assessment(SITE)


@pytest.fixture
def checklist(ws: Workspace) -> Checklist:
    return ws.load_checklist()


# --- record_answer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14", Result.MET),
        ("12", Result.MET),
        ("8", Result.PARTIAL),
        ("7,5", Result.NOT_MET),
        (0, Result.NOT_MET),
    ],
)
def test_measured_result_comes_from_the_threshold(
    assessment: Assessment, checklist: Checklist, value: str, expected: Result
) -> None:
    answer = record_answer(
        assessment, checklist.criterion("PWR-GEN-01"), value=value, actor="Lan", at=AT
    )
    assert answer.result is expected
    assert answer.unit == "h"
    assert (answer.answered_by, answer.answered_at, answer.state) == (
        "Lan",
        AT,
        WorkflowState.ANSWERED,
    )
    assert assessment.answers["PWR-GEN-01"] is answer


@pytest.mark.parametrize(
    ("value", "unit", "field", "why"),
    [
        ("twelve", None, "value", "is not a number"),
        ("-3", None, "value", "cannot be negative"),
        ("2500", None, "value", "above the plausible maximum of 2,000 h"),
        ("nan", None, "value", "is not a number"),
        ("12", "minutes", "unit", "measured in h"),
        (None, None, "value", "a measured value (h) is needed"),
    ],
)
def test_implausible_measurements_are_refused_with_a_reason(
    assessment: Assessment,
    checklist: Checklist,
    value: str | None,
    unit: str | None,
    field: str,
    why: str,
) -> None:
    with pytest.raises(AnswerError) as refused:
        record_answer(
            assessment, checklist.criterion("PWR-GEN-01"), value=value, unit=unit, actor="Lan"
        )
    assert refused.value.field == field
    assert why in refused.value.message
    assert assessment.answers == {}


def test_temperature_below_its_plausible_minimum(
    assessment: Assessment, checklist: Checklist
) -> None:
    with pytest.raises(AnswerError, match="below the plausible minimum of 5 °C"):
        record_answer(
            assessment, checklist.criterion("CLG-TMP-01"), value="2", unit="°C", actor="Lan"
        )


def test_a_result_that_contradicts_the_value_is_refused(
    assessment: Assessment, checklist: Checklist
) -> None:
    with pytest.raises(AnswerError, match="the value decides"):
        record_answer(
            assessment, checklist.criterion("PWR-GEN-01"), value="4", result="met", actor="Lan"
        )
    answer = record_answer(
        assessment, checklist.criterion("PWR-GEN-01"), value="4", result="not_met", actor="Lan"
    )
    assert answer.result is Result.NOT_MET


def test_choice_result_comes_from_the_option(assessment: Assessment, checklist: Checklist) -> None:
    criterion = checklist.criterion("PWR-ATS-01")
    assert (
        record_answer(assessment, criterion, choice="manual", actor="Lan").result is Result.PARTIAL
    )
    assert record_answer(assessment, criterion, choice="Tự động", actor="Lan").choice == "automatic"
    with pytest.raises(AnswerError, match="no option “sometimes”"):
        record_answer(assessment, criterion, choice="sometimes", actor="Lan")
    with pytest.raises(AnswerError, match="means “partial”"):
        record_answer(assessment, criterion, choice="manual", result="met", actor="Lan")


def test_yes_no_needs_a_result_and_takes_no_value(
    assessment: Assessment, checklist: Checklist
) -> None:
    criterion = checklist.criterion("PWR-UPS-01")
    with pytest.raises(AnswerError, match="a result is needed"):
        record_answer(assessment, criterion, actor="Lan")
    with pytest.raises(AnswerError, match="takes no measured value"):
        record_answer(assessment, criterion, result="met", value="3", actor="Lan")
    with pytest.raises(AnswerError, match="not an answer"):
        record_answer(assessment, criterion, result="not_assessed", actor="Lan")
    assert (
        record_answer(assessment, criterion, result="Đạt một phần", actor="Lan").result
        is Result.PARTIAL
    )


def test_not_applicable_needs_a_justification(assessment: Assessment, checklist: Checklist) -> None:
    criterion = checklist.criterion("PWR-GEN-01")
    with pytest.raises(AnswerError) as refused:
        record_answer(assessment, criterion, result="not_applicable", actor="Lan")
    assert refused.value.field == "justification"
    answer = record_answer(
        assessment,
        criterion,
        result="not_applicable",
        justification="No generator yet",
        actor="Lan",
    )
    assert (answer.result, answer.value, answer.justification) == (
        Result.NOT_APPLICABLE,
        None,
        "No generator yet",
    )
    # answering normally afterwards drops the justification
    answer = record_answer(assessment, criterion, value="20", actor="Lan")
    assert answer.justification is None


def test_changing_an_answer_keeps_the_earlier_one_and_drops_its_review(
    assessment: Assessment, checklist: Checklist
) -> None:
    criterion = checklist.criterion("PWR-GEN-01")
    first = record_answer(assessment, criterion, value="10", notes="gauge", actor="Lan", at=AT)
    assessment.answers["PWR-GEN-01"] = first.model_copy(
        update={"review": Review(verdict=ReviewVerdict.ACCEPTED, reviewer="Auditor", at=AT)}
    )
    later = datetime(2026, 11, 28, tzinfo=UTC)
    second = record_answer(assessment, criterion, value="30", actor="Minh", at=later)
    assert second.result is Result.MET and second.notes == "gauge"
    assert second.review is None
    assert [(h.value, h.result, h.answered_by, h.answered_at) for h in second.history] == [
        (10.0, Result.PARTIAL, "Lan", AT)
    ]
    # the same answer again changes nothing: no history entry, no new timestamp
    third = record_answer(assessment, criterion, value="30", actor="Hoa")
    assert third is second


def test_flags_survive_annotations_and_clear_on_request(
    assessment: Assessment, checklist: Checklist
) -> None:
    criterion = checklist.criterion("PWR-UPS-01")
    set_flag(assessment, criterion.id, True)
    answer = record_answer(assessment, criterion, result="met", actor="Lan")
    assert answer.state is WorkflowState.FLAGGED  # flagged=None keeps the flag
    answer = annotate(
        assessment, criterion.id, notes="ask the vendor", add_evidence=["/tmp/x.jpg"], actor="Lan"
    )
    assert (answer.state, answer.notes, answer.evidence) == (
        WorkflowState.FLAGGED,
        "ask the vendor",
        ["/tmp/x.jpg"],
    )
    assert answer.history[-1].notes is None
    answer = record_answer(assessment, criterion, result="met", flagged=False, actor="Lan")
    assert answer.state is WorkflowState.ANSWERED


def test_number_and_result_parsing() -> None:
    assert parse_number("1 200,5") == 1200.5
    assert parse_number(" 12 ") == 12
    assert parse_result("Không đạt") is Result.NOT_MET
    assert parse_result("Không áp dụng / not_applicable") is Result.NOT_APPLICABLE
    with pytest.raises(AnswerError):
        parse_number("1,200.5.3")


# --- import: YAML and CSV ------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_import(ws: Workspace, tmp_path: Path) -> None:
    (tmp_path / "ups.jpg").write_bytes(b"photo")
    source = _write(
        tmp_path / "answers.yaml",
        """\
answers:
  PWR-GEN-01: {value: 13.5, unit: h, notes: read from the day tank}
  PWR-UPS-01: {result: met, evidence: [ups.jpg], flagged: yes}
  PWR-ATS-01: {choice: automatic}
  CLG-CRAC-01: {result: not_applicable, justification: in-row units only}
""",
    )
    summary = _import(ws, source)
    assert summary.changed == ["PWR-GEN-01", "PWR-UPS-01", "PWR-ATS-01", "CLG-CRAC-01"]
    saved = ws.load_assessment(SITE).answers
    assert saved["PWR-GEN-01"].result is Result.MET
    assert saved["PWR-UPS-01"].state is WorkflowState.FLAGGED
    assert len(saved["PWR-UPS-01"].evidence) == 1
    assert saved["CLG-CRAC-01"].justification == "in-row units only"
    assert {
        e.subject for e in read_log(ws.audit_log_path(SITE)) if e.action == "answer.import"
    } == set(summary.changed)
    # importing the same file again changes nothing
    again = _import(ws, source)
    assert again.changed == [] and len(again.unchanged) == 4


def test_yaml_import_problems_name_the_line(ws: Workspace, tmp_path: Path) -> None:
    source = _write(
        tmp_path / "answers.yaml",
        "answers:\n  PWR-GEN-01: {value: -2}\n  PWR-UPS-01: {result: maybe}\n  PWR-XYZ-01: {result: met}\n",
    )
    before = ws.assessment_path(SITE).read_bytes()
    with pytest.raises(FileProblems) as refused:
        _import(ws, source)
    lines = refused.value.lines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{source}:2: value:") and "cannot be negative" in lines[0]
    assert lines[1].startswith(f"{source}:3: result:")
    assert "no criterion PWR-XYZ-01" in lines[2]
    assert ws.assessment_path(SITE).read_bytes() == before


def test_csv_import_is_all_or_nothing(ws: Workspace, tmp_path: Path) -> None:
    good = "id,result,value,unit,choice,justification,notes,evidence,flagged\n"
    rows = [
        "PWR-GEN-01,,20,h,,,,,\n",
        "PWR-UPS-01,met,,,,,,,\n",
        "PWR-ATS-01,,,,always,,,,\n",  # unknown option
        "CLG-TMP-01,,30,F,,,,,\n",  # wrong unit
        "PWR-NOG-01,met,,,,,,,\n",  # does not apply to this site
        "PWR-UPS-01,not_met,,,,,,,\n",  # twice
        "CLG-CRAC-01,met,,,,,,missing.jpg,\n",  # no such evidence file
        ",,,,,,,,\n",  # empty: ignored
    ]
    source = _write(tmp_path / "answers.csv", good + "".join(rows))
    before = ws.assessment_path(SITE).read_bytes()
    with pytest.raises(FileProblems) as refused:
        _import(ws, source)
    text = "\n".join(refused.value.lines())
    assert "row 4, column choice: no option “always”" in text
    assert "row 5, column unit: unit “F” is not the criterion's unit" in text
    assert "row 6, column id: PWR-NOG-01 does not apply to this site" in text
    assert "row 7, column id: PWR-UPS-01 already given at row 3" in text
    assert "row 8, column evidence: evidence file “missing.jpg” not found" in text
    assert len(refused.value.lines()) == 5
    assert refused.value.hint and "nothing was changed" in refused.value.hint
    assert ws.assessment_path(SITE).read_bytes() == before
    assert not ws.audit_log_path(SITE).exists()


def test_csv_with_semicolons_and_titles(ws: Workspace, tmp_path: Path) -> None:
    source = _write(
        tmp_path / "answers.csv",
        "Mã / ID;Kết quả / Result;Giá trị đo / Value\nPWR-GEN-01;;12,5\npwr-ups-01;Đạt;\n",
    )
    summary = _import(ws, source)
    assert summary.changed == ["PWR-GEN-01", "PWR-UPS-01"]
    assert ws.load_assessment(SITE).answers["PWR-GEN-01"].value == 12.5


def test_dry_run_writes_nothing(ws: Workspace, tmp_path: Path) -> None:
    source = _write(tmp_path / "a.yaml", "answers:\n  PWR-UPS-01: {result: met}\n")
    before = ws.assessment_path(SITE).read_bytes()
    summary = _import(ws, source, dry_run=True)
    assert summary.changed == ["PWR-UPS-01"]
    assert ws.assessment_path(SITE).read_bytes() == before


def test_unknown_file_kinds_are_refused(ws: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown format"):
        _import(ws, _write(tmp_path / "a.txt", "x"))
    with pytest.raises(InputError, match="no file"):
        _import(ws, tmp_path / "absent.csv")
    with pytest.raises(FileProblems) as refused:
        _import(ws, _write(tmp_path / "a.csv", "what,ever\n1,2\n"))
    lines = refused.value.lines()
    assert any("what: unknown column" in line for line in lines)
    assert any("no criterion id column" in line for line in lines)


# --- the fast writer -----------------------------------------------------------------------------


def test_fast_writer_output_is_byte_identical_to_save_assessment(
    ws: Workspace, assessment: Assessment, checklist: Checklist
) -> None:
    from tierassess.storage.workspace import _ASSESSMENT_HEADER
    from tierassess.yamlio import model_to_yaml

    writer = AssessmentWriter()
    steps = [
        lambda: record_answer(
            assessment, checklist.criterion("PWR-GEN-01"), value="9", actor="Lan"
        ),
        lambda: record_answer(
            assessment,
            checklist.criterion("PWR-UPS-01"),
            result="not_applicable",
            justification="Nhiều dòng\nvà: dấu hai chấm, 'ngoặc' \"kép\" " + "từ dài " * 40,
            actor="Lan",
        ),
        lambda: annotate(
            assessment, "PWR-GEN-01", notes="x" * 250, add_evidence=["a" * 64], actor="Lan"
        ),
        lambda: record_answer(
            assessment, checklist.criterion("PWR-GEN-01"), value="30", actor="Minh"
        ),
        lambda: set_flag(assessment, "PWR-ATS-01", True),
    ]
    for step in steps:
        step()
        assert writer.render(assessment) == model_to_yaml(assessment, _ASSESSMENT_HEADER)
    with open_site(ws, SITE, "Lan") as site:
        site.assessment.answers = assessment.answers
        site.commit("answer.set", "PWR-GEN-01")
    assert ws.load_assessment(SITE).answers == assessment.answers


def test_csv_notes_may_span_lines_and_yaml_lists_every_unknown_key(
    ws: Workspace, tmp_path: Path
) -> None:
    source = _write(
        tmp_path / "answers.csv",
        'id,result,notes\nPWR-UPS-01,met,"two UPS\nboth on bypass"\nPWR-ATS-01,,\n',
    )
    _import(ws, source)
    assert ws.load_assessment(SITE).answers["PWR-UPS-01"].notes == "two UPS\nboth on bypass"
    bad = _write(
        tmp_path / "bad.yaml",
        "answers:\n  PWR-UPS-01: {result: met, colour: red}\n  PWR-ATS-01:\n    choice: manual\n    size: 3\n",
    )
    with pytest.raises(FileProblems) as refused:
        _import(ws, bad)
    assert [p.line for p in refused.value.problems] == [2, 5]
    assert refused.value.problems[1].field == "answers.PWR-ATS-01.size"


# --- properties ----------------------------------------------------------------------------------


_texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    value=st.floats(min_value=-10, max_value=3000, allow_nan=False),
    notes=_texts,
    justification=_texts,
)
def test_measured_results_and_the_fast_writer_hold_for_any_input(
    ws: Workspace, value: float, notes: str, justification: str
) -> None:
    from tierassess.core.models import MeasuredAnswer
    from tierassess.storage.workspace import _ASSESSMENT_HEADER
    from tierassess.textsafe import strip_controls
    from tierassess.yamlio import model_to_yaml

    assessment = ws.load_assessment(SITE)
    checklist = ws.load_checklist()
    fuel = checklist.criterion("PWR-GEN-01")
    spec = fuel.answer
    assert isinstance(spec, MeasuredAnswer)
    writer = AssessmentWriter()
    record_answer(assessment, checklist.criterion("PWR-UPS-01"), result="met", actor="Lan")
    writer.render(assessment)
    if 0 <= value <= 2000:
        answer = record_answer(assessment, fuel, value=value, notes=notes, actor="Lan")
        assert answer.result is spec.result_for(value)
    else:
        with pytest.raises(AnswerError):
            record_answer(assessment, fuel, value=value, actor="Lan")
    if strip_controls(justification).strip():  # a justification of control characters is none
        record_answer(
            assessment,
            checklist.criterion("PWR-ATS-01"),
            result="not_applicable",
            justification=justification,
            actor="Lan",
        )
    assert writer.render(assessment) == model_to_yaml(assessment, _ASSESSMENT_HEADER)
