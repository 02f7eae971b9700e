"""The questionnaire driven through real questionary prompts (prompt_toolkit pipe input).

Keys: digits and letters are the menu's shortcuts, ``\\r`` is Enter, ``\\x15`` clears a text field,
``\\x03`` is Ctrl-C, ``\\x1b[B`` is the down arrow and a space ticks a checkbox.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from assess_support import (
    APPLICABLE,
    SITE,
    isolated_cache,  # noqa: F401  (autouse fixture)
    make_workspace,
)
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tierassess.cli.interactive.questionnaire import (
    CURSOR_FILE,
    SessionReport,
    TextOutput,
    run_session,
)
from tierassess.core.models import Result, WorkflowState
from tierassess.errors import WorkspaceError
from tierassess.storage.answers import record_answer
from tierassess.storage.audit import read_log, verify_chain
from tierassess.storage.locking import LOCK_FILE, acquire_site_lock, read_lock
from tierassess.storage.workspace import Workspace

ENTER = "\r"
CLEAR = "\x15"
CTRL_C = "\x03"
DOWN = "\x1b[B"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path / "ws")


class Session:
    """Runs one questionnaire session on typed keys and keeps what it printed."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.printed = ""

    def run(self, keys: str, **options: object) -> SessionReport:
        buffer = io.StringIO()
        out = TextOutput(buffer, width=120)
        try:
            with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
                pipe.send_text(keys)
                return run_session(
                    self.workspace,
                    SITE,
                    lang="en",
                    out=out,
                    **options,  # type: ignore[arg-type]
                )
        finally:
            self.printed = buffer.getvalue()


@pytest.fixture
def session(ws: Workspace) -> Iterator[Session]:
    yield Session(ws)


def answers(ws: Workspace) -> dict[str, object]:
    return ws.load_assessment(SITE).answers  # type: ignore[return-value]


def test_every_answer_kind_is_saved_as_given(ws: Workspace, session: Session) -> None:
    keys = (
        "1"
        + ENTER
        + "14"
        + ENTER  # PWR-GEN-01 measured: 14 h
        + "2"
        + ENTER  # PWR-UPS-01 yes/no: partially met
        + "2"
        + ENTER  # PWR-ATS-01 choice: manual transfer (partial)
        + "4"
        + ENTER
        + "No CRAC units; in-row only"
        + ENTER  # CLG-CRAC-01: not applicable
        + "1"
        + ENTER
        + "24,5"
        + ENTER  # CLG-TMP-01 measured with a decimal comma
        + ENTER  # end of the list: save and quit
    )
    report = session.run(keys, actor=None)
    saved = ws.load_assessment(SITE)
    fuel = saved.answers["PWR-GEN-01"]
    assert (fuel.result, fuel.value, fuel.unit) == (Result.MET, 14.0, "h")
    assert saved.answers["PWR-UPS-01"].result is Result.PARTIAL
    ats = saved.answers["PWR-ATS-01"]
    assert (ats.result, ats.choice) == (Result.PARTIAL, "manual")
    crac = saved.answers["CLG-CRAC-01"]
    assert crac.result is Result.NOT_APPLICABLE
    assert crac.justification == "No CRAC units; in-row only"
    temperature = saved.answers["CLG-TMP-01"]
    assert (temperature.result, temperature.value) == (Result.MET, 24.5)
    assert all(a.answered_by == "Tester" and a.answered_at for a in saved.answers.values())
    assert all(a.state is WorkflowState.ANSWERED for a in saved.answers.values())
    assert report.outcome.finished and report.answered == report.total == 5
    assert "14 h: Met (threshold >= 12 h)" in session.printed
    # every answer is in the audit log, chained
    log = ws.audit_log_path(SITE)
    assert [e.subject for e in read_log(log) if e.action == "answer.set"] == APPLICABLE
    assert verify_chain(log) == []
    # the lock is gone once the session ends
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released


def test_a_bad_number_is_asked_again_until_it_is_plausible(ws: Workspace, session: Session) -> None:
    keys = (
        "1"
        + ENTER
        + "twelve"
        + ENTER  # refused: not a number
        + CLEAR
        + "-3"
        + ENTER  # refused: negative hours
        + CLEAR
        + "99999"
        + ENTER  # refused: beyond the plausible maximum
        + CLEAR
        + "9"
        + ENTER  # accepted: partial (>= 8 h)
        + "q"
        + ENTER
    )
    session.run(keys, actor="Lan")
    fuel = ws.load_assessment(SITE).answers["PWR-GEN-01"]
    assert (fuel.value, fuel.result, fuel.answered_by) == (9.0, Result.PARTIAL, "Lan")
    assert fuel.history == []  # the refused values never reached the assessment


def test_empty_value_goes_back_to_the_menu(ws: Workspace, session: Session) -> None:
    session.run("1" + ENTER + ENTER + "s" + ENTER + "q" + ENTER, actor=None)
    assert ws.load_assessment(SITE).answers == {}


def test_skip_back_and_changing_an_answer_keeps_history(ws: Workspace, session: Session) -> None:
    keys = (
        "s"
        + ENTER  # skip PWR-GEN-01
        + "1"
        + ENTER  # PWR-UPS-01 met
        + "b"
        + ENTER  # back from PWR-ATS-01 to PWR-UPS-01
        + "3"
        + ENTER  # change to not met
        + "q"
        + ENTER
    )
    session.run(keys, actor=None)
    saved = ws.load_assessment(SITE).answers
    assert "PWR-GEN-01" not in saved
    ups = saved["PWR-UPS-01"]
    assert ups.result is Result.NOT_MET
    assert [h.result for h in ups.history] == [Result.MET]
    assert "This is the first question." not in session.printed


def test_back_on_the_first_question_stays(ws: Workspace, session: Session) -> None:
    session.run("b" + ENTER + "q" + ENTER, actor=None)
    assert "This is the first question." in session.printed


def test_flag_for_review_then_only_flagged(ws: Workspace, session: Session) -> None:
    session.run("s" + ENTER + "1" + ENTER + "f" + ENTER + "q" + ENTER, actor=None)
    saved = ws.load_assessment(SITE).answers
    assert saved["PWR-UPS-01"].state is WorkflowState.ANSWERED
    assert saved["PWR-ATS-01"].state is WorkflowState.FLAGGED
    assert saved["PWR-ATS-01"].result is Result.NOT_ASSESSED
    # a second pass over the flagged ones only: answering clears the flag
    second = Session(ws)
    report = second.run("3" + ENTER + ENTER, actor=None, only="flagged")
    assert "Transfer switch" in second.printed and "Redundant UPS" not in second.printed
    ats = ws.load_assessment(SITE).answers["PWR-ATS-01"]
    assert (ats.result, ats.state) == (Result.MET, WorkflowState.ANSWERED)
    assert report.outcome.finished


def test_unflag_stays_on_the_question(ws: Workspace, session: Session) -> None:
    session.run("f" + ENTER + "b" + ENTER + "f" + ENTER + "q" + ENTER, actor=None)
    assert ws.load_assessment(SITE).answers["PWR-GEN-01"].state is WorkflowState.TODO
    actions = [e.action for e in read_log(ws.audit_log_path(SITE))]
    assert actions == ["answer.flag", "answer.unflag"]


def test_jump_to_a_domain_and_only_unanswered(ws: Workspace, session: Session) -> None:
    keys = "d" + ENTER + DOWN + ENTER + "1" + ENTER + "q" + ENTER  # jump to cooling, answer met
    session.run(keys, actor=None)
    saved = ws.load_assessment(SITE).answers
    assert list(saved) == ["CLG-CRAC-01"]
    second = Session(ws)
    second.run("q" + ENTER, actor=None, only="unanswered", domain="cooling")
    assert "CLG-TMP-01" in second.printed and "CLG-CRAC-01" not in second.printed


def test_guidance_on_demand(ws: Workspace, session: Session) -> None:
    session.run("g" + ENTER + "q" + ENTER, actor=None)
    assert "Guidance for PWR-GEN-01: look at the nameplate" in session.printed


def test_notes_and_evidence_for_several_criteria(
    ws: Workspace, session: Session, tmp_path: Path
) -> None:
    photo = tmp_path / "genset nameplate.jpg"
    photo.write_bytes(b"\xff\xd8\xff a photo")
    log = tmp_path / "fuel-log.pdf"
    log.write_bytes(b"%PDF-1.4 a log")
    keys = (
        "n"
        + ENTER
        + "Tank gauge read at 09:00"
        + ENTER
        + "e"
        + ENTER
        + f"'{photo}'"
        + ENTER  # quoted, as a terminal drops it in
        + "nope/missing.pdf"
        + ENTER  # refused: no such file
        + CLEAR
        + str(log)
        + ENTER
        + ENTER  # done choosing files
        + DOWN
        + ENTER  # the photo is a photo (the first kind)
        + ENTER  # taken on the file's date
        + DOWN * 4
        + ENTER  # the PDF is a log
        + "01/11/2026"
        + ENTER
        + DOWN
        + " "
        + ENTER  # also for the second other criterion (PWR-ATS-01)
        + "1"
        + ENTER
        + "20"
        + ENTER
        + "q"
        + ENTER
    )
    session.run(keys, actor=None)
    saved = ws.load_assessment(SITE).answers
    fuel = saved["PWR-GEN-01"]
    assert fuel.notes == "Tank gauge read at 09:00"
    assert fuel.result is Result.MET and len(fuel.evidence) == 2
    assert saved["PWR-ATS-01"].evidence == fuel.evidence
    assert "PWR-UPS-01" not in saved
    try:
        import tierassess.storage.evidence  # noqa: F401
    except ImportError:
        assert fuel.evidence == [str(photo.resolve()), str(log.resolve())]
    else:
        assert all(len(ref) == 64 for ref in fuel.evidence)


def test_ctrl_c_keeps_every_confirmed_answer(ws: Workspace, session: Session) -> None:
    keys = (
        "1" + ENTER + "13" + ENTER + "1" + ENTER + "2" + ENTER + "4" + ENTER + "Half typed" + CTRL_C
    )
    with pytest.raises(KeyboardInterrupt):
        session.run(keys, actor=None)
    saved = ws.load_assessment(SITE).answers
    assert [saved[c].result for c in APPLICABLE[:3]] == [Result.MET, Result.MET, Result.PARTIAL]
    assert "CLG-CRAC-01" not in saved
    assert "Every confirmed answer is saved (3 of 5)" in session.printed
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released


def test_resume_where_it_stopped_and_say_what_was_recovered(
    ws: Workspace, session: Session
) -> None:
    session.run("s" + ENTER + "1" + ENTER + "q" + ENTER, actor=None)  # stops at PWR-ATS-01
    cursor = json.loads((ws.site_dir(SITE) / CURSOR_FILE).read_text(encoding="utf-8"))
    assert cursor["criterion"] == "PWR-ATS-01"
    again = Session(ws)
    again.run("q" + ENTER, actor=None)
    assert "Recovered 1 of 5 answers saved earlier" in again.printed
    first_header = next(line for line in again.printed.splitlines() if "PWR-" in line)
    assert first_header.startswith("PWR-ATS-01")


def test_a_stale_lock_from_a_killed_session_is_cleared_and_reported(
    ws: Workspace, session: Session
) -> None:
    assessment = ws.load_assessment(SITE)
    record_answer(assessment, ws.load_checklist().criterion("PWR-UPS-01"), result="met", actor="X")
    ws.save_assessment(assessment)
    lock = ws.site_dir(SITE) / LOCK_FILE
    lock.write_text(
        json.dumps(
            {
                "user": "nam",
                "host": __import__("socket").gethostname(),
                "pid": 2**22 + 7,
                "since": "2026-01-01T08:00:00Z",
            }
        ),
        encoding="utf-8",
    )
    session.run("q" + ENTER, actor=None)
    assert "The previous session (nam on" in session.printed
    assert "Recovered 1 answer(s) given in that session; 1 of 5 answers in all" in session.printed
    assert read_lock(lock) is None


def test_a_second_session_is_refused_naming_the_holder(ws: Workspace, session: Session) -> None:
    with acquire_site_lock(ws.site_dir(SITE), "Hoa"), pytest.raises(WorkspaceError) as refused:
        session.run("q" + ENTER, actor=None)
    assert "Hoa on" in refused.value.message and "since" in refused.value.message


def test_vietnamese_prompts(ws: Workspace) -> None:
    buffer = io.StringIO()
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("q" + ENTER)
        run_session(ws, SITE, actor=None, lang="vi", out=TextOutput(buffer))
    assert "VI On-site fuel" in buffer.getvalue()


def test_checklist_cache_follows_catalogue_edits(ws: Workspace) -> None:

    cache = Path(os.environ["TIERASSESS_CACHE_DIR"])

    first = ws.load_checklist("tier3")
    assert first == ws.load_checklist()
    assert len(list(cache.glob("checklist-tier3-*.json"))) == 1
    assert ws.load_checklist("tier3") == first  # from the cache
    criteria_file = ws.checklists_dir / "tier3-inline.yaml"
    criteria_file.write_text(
        criteria_file.read_text(encoding="utf-8").replace("On-site fuel", "Fuel kept on site"),
        encoding="utf-8",
    )
    edited = ws.load_checklist("tier3")
    assert edited.criterion("PWR-GEN-01").title.en == "Fuel kept on site"
    assert len(list(cache.glob("checklist-tier3-*.json"))) == 1  # the old one is gone
    # a damaged cache is ignored
    next(cache.glob("*.json")).write_text("{", encoding="utf-8")
    assert ws.load_checklist("tier3") == edited


def test_unknown_domain_is_refused_before_any_question(ws: Workspace, session: Session) -> None:
    from tierassess.errors import InputError

    with pytest.raises(InputError, match="no domain powr"):
        session.run("", actor=None, domain="powr")
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released


def test_a_damaged_lock_is_cleared_and_said_so(ws: Workspace, session: Session) -> None:
    (ws.site_dir(SITE) / LOCK_FILE).write_text("{half", encoding="utf-8")
    session.run("q" + ENTER, actor=None)
    assert "lock file was damaged and has been cleared" in session.printed


def test_a_choice_with_many_options_is_reached_with_the_arrows(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "many")
    options = "\n".join(
        f"        - {{id: o{i}, label: {{vi: 'Mức {i}', en: 'Level {i}'}}, result: "
        f"{'met' if i == 11 else 'not_met'}}}"
        for i in range(1, 13)
    )
    (ws.checklists_dir / "tier3-many.yaml").write_text(
        "kind: criteria\nchecklist: tier3\ncriteria:\n"
        "  - id: CLG-MANY-01\n    domain: cooling\n    subsystem: mechanical\n    min_tier: 3\n"
        "    title: {vi: Nhiều, en: Many levels}\n    requirement: {vi: Y, en: R}\n"
        "    guidance: {vi: H, en: G}\n    answer:\n      kind: choice\n      options:\n"
        f"{options}\n"
        "    severity: minor\n    references: [{standard: uptime-topology, clause: x}]\n"
        "    remediation: {action: {vi: K, en: F}, cost_band: S, duration_weeks: 1}\n",
        encoding="utf-8",
    )
    session = Session(ws)
    session.run(
        "s" + ENTER + "s" + ENTER + "9" + DOWN + DOWN + ENTER + ENTER,
        actor=None,
        domain="cooling",
        only="unanswered",
    )
    assert "Many levels" in session.printed
    answer = ws.load_assessment(SITE).answers["CLG-MANY-01"]
    assert (answer.choice, answer.result) == ("o11", Result.MET)
