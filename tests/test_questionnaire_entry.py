"""Data entry in the questionnaire, driven through real prompts (prompt_toolkit pipe input):
numbers in either convention, ambiguous input, units, counts, editing, a stray Enter.

Order of the inline site: PWR-GEN-01 (fuel hours, measured), PWR-UPS-01 (yes/no), PWR-ATS-01
(choice), CLG-CRAC-01 (yes/no), CLG-TMP-01 (°C, measured).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from assess_support import (
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tierassess.cli.interactive.questionnaire import TextOutput, run_session
from tierassess.core.models import Answer, EvidenceKind, MeasuredAnswer, Result
from tierassess.core.quantities import bounds, check_measured
from tierassess.i18n import set_lang
from tierassess.storage.answers import AnswerError, record_answer
from tierassess.storage.workspace import Workspace

ENTER = "\r"
CLEAR = "\x15"
DOWN = "\x1b[B"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


def run(ws: Workspace, keys: str, lang: str = "en") -> str:
    """Type ``keys`` into a session in ``lang``; return what it printed."""
    set_lang(lang)
    buffer = io.StringIO()
    try:
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(keys)
            run_session(ws, SITE, actor="Lan", lang=lang, out=TextOutput(buffer, width=200))
    finally:
        set_lang("en")
    return buffer.getvalue()


def fuel(ws: Workspace) -> Answer:
    return ws.load_assessment(SITE).answers["PWR-GEN-01"]


@pytest.mark.parametrize(
    ("typed", "lang", "value"),
    [
        ("1.500,5", "vi", 1500.5),
        ("12,5", "vi", 12.5),
        ("12.5", "vi", 12.5),  # only one reading: the English decimal point
        ("1,500.5", "en", 1500.5),
        ("12.5", "en", 12.5),
        ("1 500", "en", 1500),
    ],
)
def test_numbers_with_one_reading_are_taken_as_typed(
    ws: Workspace, typed: str, lang: str, value: float
) -> None:
    run(ws, "1" + ENTER + typed + ENTER + "q" + ENTER, lang)
    assert fuel(ws).value == value


def test_vietnamese_1_500_is_confirmed_with_the_verdict_of_each_reading(ws: Workspace) -> None:
    # the confirmation lists the reader's own convention first, under the "choose…" line
    printed = run(ws, "1" + ENTER + "1.500" + ENTER + DOWN + ENTER + "q" + ENTER, "vi")
    answer = fuel(ws)
    assert (answer.value, answer.result) == (1500, Result.MET)
    assert "1.500 giờ: Đạt" in printed


def test_english_reading_of_an_ambiguous_number_can_be_chosen(ws: Workspace) -> None:
    run(ws, "1" + ENTER + "1.500" + ENTER + DOWN + DOWN + ENTER + "q" + ENTER, "vi")
    answer = fuel(ws)
    assert (answer.value, answer.result) == (1.5, Result.NOT_MET)


def test_neither_reading_asks_for_the_number_again(ws: Workspace) -> None:
    keys = "1" + ENTER + "1.500" + ENTER + DOWN + DOWN + DOWN + ENTER + "14" + ENTER + "q" + ENTER
    run(ws, keys, "en")
    assert fuel(ws).value == 14


def test_enter_on_the_confirmation_asks_again(ws: Workspace) -> None:
    keys = "1" + ENTER + "1,500" + ENTER + ENTER + DOWN + ENTER + "q" + ENTER
    run(ws, keys, "en")
    assert fuel(ws).value == 1500


@pytest.mark.parametrize("typed", ["15 h", "15h", "15 giờ", "15 hours", "15 tiếng"])
def test_the_criterions_unit_after_the_number_is_accepted(ws: Workspace, typed: str) -> None:
    run(ws, "1" + ENTER + typed + ENTER + "q" + ENTER, "vi")
    assert fuel(ws).value == 15


def test_another_unit_is_refused_naming_the_expected_one(ws: Workspace) -> None:
    printed = run(ws, "1" + ENTER + "15 kg" + ENTER + CLEAR + "15" + ENTER + "q" + ENTER, "en")
    assert fuel(ws).value == 15
    assert fuel(ws).history == []
    del printed  # the refusal is shown inside the prompt; the rule is tested below


def test_a_refusal_names_the_unit_in_the_readers_language() -> None:
    spec = MeasuredAnswer(unit="s", comparator=">=", threshold=15)
    from tierassess.core.quantities import read_measured

    set_lang("vi")
    try:
        with pytest.raises(AnswerError, match="tiêu chí này đo bằng giây"):
            read_measured(spec, "15 kg", unit_name="giây")
    finally:
        set_lang("en")
    assert read_measured(spec, "15 giây").value() == 15
    assert read_measured(spec, "15 s").value() == 15


def test_editing_a_value_replaces_it(ws: Workspace) -> None:
    run(ws, "1" + ENTER + "1,5" + ENTER + "q" + ENTER, "vi")
    assert fuel(ws).value == 1.5
    # the next session resumes at the following question: back to the fuel first
    printed = run(ws, "b" + ENTER + "1" + ENTER + "12" + ENTER + "q" + ENTER, "vi")
    answer = fuel(ws)
    assert (answer.value, answer.result) == (12, Result.MET)  # not 1.512
    assert [h.value for h in answer.history] == [1.5]
    assert "12 giờ: Đạt" in printed


def test_a_stray_enter_records_nothing(ws: Workspace) -> None:
    # Enter alone on the yes/no question asks again; then the question is skipped
    run(ws, "s" + ENTER + ENTER + ENTER + "s" + ENTER + ENTER + "q" + ENTER, "en")
    assert ws.load_assessment(SITE).answers == {}


def test_a_choice_shows_its_verdict(ws: Workspace) -> None:
    printed = run(ws, "s" + ENTER + "s" + ENTER + "2" + ENTER + "q" + ENTER, "en")
    ats = ws.load_assessment(SITE).answers["PWR-ATS-01"]
    assert (ats.choice, ats.result) == ("manual", Result.PARTIAL)
    assert "→ Manual transfer: Partially met" in printed


def test_a_count_refuses_fractions() -> None:
    spec = MeasuredAnswer(unit="sets", comparator=">=", threshold=2)
    assert check_measured(spec, 2) == 2
    with pytest.raises(AnswerError, match="must be a whole number"):
        check_measured(spec, 1.5)


def test_every_unit_has_plausibility_bounds() -> None:
    from tierassess.storage.workspace import Workspace as Ws

    checklist = Ws(Path(__file__).resolve().parent.parent).load_checklist()
    for criterion in checklist.criteria:
        if isinstance(criterion.answer, MeasuredAnswer):
            low, high = bounds(criterion.answer)
            assert high is not None and high > low, criterion.id


def test_an_import_refuses_an_ambiguous_number_unless_told_the_convention(
    ws: Workspace,
) -> None:
    assessment = ws.load_assessment(SITE)
    checklist = ws.load_checklist(assessment.checklist_id)
    criterion = checklist.criterion("PWR-GEN-01")
    with pytest.raises(AnswerError, match="reads two ways"):
        record_answer(assessment, criterion, value="1.500", actor="Lan")
    assert record_answer(assessment, criterion, value="1.500", actor="Lan", convention="vi").value
    assert assessment.answer("PWR-GEN-01").value == 1500


def test_evidence_kind_and_date_are_asked_and_a_fake_pdf_is_flagged(
    ws: Workspace, tmp_path: Path
) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf!")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    record = tmp_path / "test-record.pdf"
    record.write_bytes(b"%PDF-1.4 load bank test")
    keys = (
        "e"
        + ENTER
        + str(empty)
        + ENTER  # refused: empty
        + CLEAR
        + str(fake)
        + ENTER  # flagged: not a PDF inside
        + "k"
        + ENTER  # do not attach it
        + str(record)
        + ENTER
        + ENTER  # done choosing files
        + ENTER  # Enter on "choose…" asks the kind again
        + DOWN * 3
        + ENTER  # test record
        + "31/02/2026"
        + ENTER  # refused: no such day
        + CLEAR
        + "03/11/2026"
        + ENTER
        + ENTER  # no other criteria
        + "q"
        + ENTER
    )
    printed = run(ws, keys, "en")
    assert "the content is not the .pdf its name says" in printed
    index = ws.load_evidence_index(SITE)
    assert [(i.original_name, i.kind, i.captured_at) for i in index.items] == [
        ("test-record.pdf", EvidenceKind.TEST_RECORD, date(2026, 11, 3))
    ]
    assert fuel(ws).evidence == [index.items[0].sha256]


def test_content_checks() -> None:
    from tierassess.cli.interactive.evidence_entry import content_mismatch

    assert content_mismatch(Path(__file__)) is None  # not a type the check knows


def test_ctrl_c_is_reported_once_with_the_site_in_the_command(ws: Workspace) -> None:
    from tierassess.i18n import t

    with pytest.raises(KeyboardInterrupt) as stopped:
        run(ws, "\x03", "en")
    assert getattr(stopped.value, "reported", False)  # the CLI adds no second message
    assert f"tierassess assess {SITE}" in t("assess.interrupted_saved", count=0, total=5, site=SITE)
