"""Reviews: accepted / rejected / needs evidence, never by the person who answered."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console
from session_support import add_evidence_as, apply_review_file_as, record_review_as
from test_evidence import make_site

from tierassess.cli.interactive.review_walk import run_review
from tierassess.core.models import Answer, AnswerRevision
from tierassess.core.models import Result as Outcome
from tierassess.core.reviews import gave_answer
from tierassess.errors import FileProblems, InputError
from tierassess.storage.audit import read_log, verify_chain
from tierassess.storage.locking import read_lock
from tierassess.storage.review import review_targets
from tierassess.storage.session import open_site
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]
ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
SITE = "test-dc"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    """A site with three answers by An (one with evidence) and nothing reviewed yet."""

    workspace, site = make_site(tmp_path / "ws")
    record = tmp_path / "biên bản.pdf"
    record.write_bytes(b"%PDF load test")
    item = add_evidence_as(
        workspace, site, record, "An", criteria=["PWR-GEN-01"], captured="2025-01-20"
    )
    assessment = workspace.load_assessment(site)
    assessment.answers["PWR-GEN-01"] = Answer(
        result=Outcome.MET, answered_by="An", evidence=[item.sha256]
    )
    assessment.answers["PWR-GEN-02"] = Answer(
        result=Outcome.PARTIAL, answered_by="An", notes="Một máy"
    )
    assessment.answers["PWR-UPS-03"] = Answer(result=Outcome.NOT_MET, answered_by="Bình")
    workspace.save_assessment(assessment)
    return workspace


def walk(
    workspace: Workspace, keys: str, reviewer: str = "Chi", **options: object
) -> tuple[object, str]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, no_color=True)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        with open_site(workspace, SITE, reviewer) as session:
            summary = run_review(session, reviewer, "en", console=console, **options)  # type: ignore[arg-type]
    return summary, buffer.getvalue()


def test_record_review_saves_and_logs(ws: Workspace) -> None:
    review = record_review_as(ws, SITE, "pwr-gen-01", "accepted", "Chi", "Biên bản đầy đủ")
    saved = ws.load_assessment(SITE).answers["PWR-GEN-01"].review
    assert saved == review and saved.reviewer == "Chi" and saved.comment == "Biên bản đầy đủ"
    entry = read_log(ws.audit_log_path(SITE))[-1]
    assert (entry.action, entry.subject, entry.actor) == ("review.set", "PWR-GEN-01", "Chi")
    assert entry.details == {"verdict": "accepted", "previous": None, "comment": "Biên bản đầy đủ"}
    assert verify_chain(ws.audit_log_path(SITE)) == []


@pytest.mark.parametrize("name", ["An", " an ", "AN"])
def test_nobody_reviews_an_answer_they_gave(ws: Workspace, name: str) -> None:
    with pytest.raises(InputError, match="gave the answer to PWR-GEN-01"):
        record_review_as(ws, SITE, "PWR-GEN-01", "accepted", name)
    assert ws.load_assessment(SITE).answers["PWR-GEN-01"].review is None


def test_an_earlier_version_counts_as_giving_the_answer() -> None:
    answer = Answer(
        result=Outcome.MET,
        answered_by="Bình",
        history=[AnswerRevision(result=Outcome.NOT_MET, answered_by="Chi")],
    )
    assert (
        gave_answer(answer, "chi")
        and gave_answer(answer, "Bình")
        and not gave_answer(answer, "Dũng")
    )


@pytest.mark.parametrize(
    ("criterion", "verdict", "comment", "message"),
    [
        ("PWR-GEN-01", "rejected", None, "needs a comment"),
        ("PWR-GEN-01", "needs_evidence", "  ", "needs a comment"),
        ("PWR-GEN-01", "maybe", None, "unknown verdict"),
        ("PWR-XXX-01", "accepted", None, "has no answer"),
    ],
)
def test_bad_reviews_are_refused(
    ws: Workspace, criterion: str, verdict: str, comment: str | None, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        record_review_as(ws, SITE, criterion, verdict, "Chi", comment)


def test_targets_carry_evidence_paths_and_skip_own_and_reviewed(ws: Workspace) -> None:
    targets = review_targets(ws, SITE, "Bình")
    assert [(t.criterion_id, t.own) for t in targets] == [
        ("PWR-GEN-01", False),
        ("PWR-GEN-02", False),
        ("PWR-UPS-03", True),
    ]
    [view] = targets[0].evidence
    assert view.stored and view.path == ws.evidence_file(SITE, view.sha256)
    assert view.item is not None and view.item.original_name == "biên bản.pdf"
    record_review_as(ws, SITE, "PWR-GEN-01", "accepted", "Bình")
    assert [t.criterion_id for t in review_targets(ws, SITE, "Bình")] == [
        "PWR-GEN-02",
        "PWR-UPS-03",
    ]
    assert len(review_targets(ws, SITE, "Bình", include_reviewed=True)) == 3
    assert [t.criterion_id for t in review_targets(ws, SITE, "Bình", only=["pwr-gen-01"])] == [
        "PWR-GEN-01"
    ]


def test_evidence_reads_in_the_reviewers_language(ws: Workspace) -> None:
    """Kind, capture date and where the date came from: words and dates through one place each."""
    from rich.console import Console

    from tierassess.cli.interactive.review_walk import evidence_text

    [target] = [t for t in review_targets(ws, SITE, "Bình") if t.criterion_id == "PWR-GEN-01"]
    for lang, day, source in (
        ("vi", "20/01/2025", "người nhập ghi"),
        ("en", "2025-01-20", "given"),
    ):
        buffer = io.StringIO()
        Console(file=buffer, width=200, no_color=True).print(evidence_text(target, lang))
        assert f"{day} ({source})" in buffer.getvalue(), lang


def test_the_walk_records_each_decision(ws: Workspace) -> None:
    keys = (
        ENTER
        + "Đủ"
        + ENTER  # PWR-GEN-01: accepted, with a comment
        + DOWN
        + DOWN
        + ENTER
        + ENTER
        + "Cần biên bản máy 2"
        + ENTER  # needs evidence: empty comment refused
        + DOWN
        + ENTER
        + "Không có UPS dự phòng"
        + ENTER  # PWR-UPS-03: rejected
    )
    summary, printed = walk(ws, keys)
    answers = ws.load_assessment(SITE).answers
    assert (answers["PWR-GEN-01"].review.verdict, answers["PWR-GEN-01"].review.comment) == (
        "accepted",
        "Đủ",
    )  # type: ignore[union-attr]
    assert answers["PWR-GEN-02"].review.verdict == "needs_evidence"  # type: ignore[union-attr]
    assert answers["PWR-GEN-02"].review.comment == "Cần biên bản máy 2"  # type: ignore[union-attr]
    assert answers["PWR-UPS-03"].review.verdict == "rejected"  # type: ignore[union-attr]
    evidence = ws.load_evidence_index(SITE).items[0]
    assert evidence.sha256 in printed and "2025-01-20" in printed
    assert str(ws.evidence_file(SITE, evidence.sha256)) in printed.replace("\n", "")
    assert "no evidence" in printed
    assert len(summary.recorded) == 3  # type: ignore[attr-defined]


def test_the_walk_skips_own_answers_and_can_stop(ws: Workspace) -> None:
    keys = DOWN * 4 + ENTER  # PWR-GEN-01 (by An, reviewer Bình): stop
    summary, printed = walk(ws, keys, reviewer="Bình")
    assert summary.stopped  # type: ignore[attr-defined]
    assert all(a.review is None for a in ws.load_assessment(SITE).answers.values())
    summary, printed = walk(ws, DOWN * 3 + ENTER + DOWN * 3 + ENTER, reviewer="Bình")
    assert summary.skipped == ["PWR-GEN-01", "PWR-GEN-02"]  # type: ignore[attr-defined]
    assert summary.skipped_own == ["PWR-UPS-03"]  # type: ignore[attr-defined]
    assert "Bình gave this answer and may not review it" in printed


def test_ctrl_c_keeps_decisions_already_made(ws: Workspace) -> None:
    with pytest.raises(KeyboardInterrupt):
        walk(ws, ENTER + ENTER + CTRL_C)
    answers = ws.load_assessment(SITE).answers
    assert answers["PWR-GEN-01"].review is not None and answers["PWR-GEN-02"].review is None


def test_open_shows_the_evidence_files(ws: Workspace) -> None:
    opened: list[Path] = []
    walk(ws, DOWN * 3 + ENTER + ENTER + ENTER + DOWN * 4 + ENTER, open_file=opened.append)
    assert opened == [ws.evidence_file(SITE, ws.load_evidence_index(SITE).items[0].sha256)]


def test_review_file_is_all_or_nothing_with_lines(ws: Workspace, tmp_path: Path) -> None:
    bad = tmp_path / "reviews.yaml"
    bad.write_text(
        "PWR-GEN-01: {verdict: accepted}\n"
        "PWR-GEN-02:\n  verdict: rejected\n"
        "PWR-UPS-03: {verdict: maybe}\n",
        encoding="utf-8",
    )
    with pytest.raises(FileProblems) as problems:
        apply_review_file_as(ws, SITE, "Chi", bad)
    assert [str(p).split(": ")[0] for p in problems.value.problems] == [f"{bad}:4"]
    bad.write_text(
        "PWR-GEN-01: {verdict: accepted}\nPWR-GEN-02: {verdict: rejected}\n", encoding="utf-8"
    )
    with pytest.raises(FileProblems) as problems:
        apply_review_file_as(ws, SITE, "Chi", bad)
    assert f"{bad}:2" in str(problems.value.problems[0]) and "needs a comment" in str(
        problems.value.problems[0]
    )
    assert all(a.review is None for a in ws.load_assessment(SITE).answers.values())


def test_cli_review_with_answers_file(ws: Workspace, tmp_path: Path, cli: Cli) -> None:
    reviews = tmp_path / "reviews.yaml"
    reviews.write_text(
        "PWR-GEN-01: {verdict: accepted, comment: Đủ}\nPWR-GEN-02: {verdict: needs_evidence, comment: Thiếu ảnh}\n",
        encoding="utf-8",
    )
    result = cli("review", SITE, "--as", "Chi", "--answers", str(reviews), workspace=ws.root)
    assert result.exit_code == 0, result.output
    assert "Recorded 2 review(s)" in result.output
    own = cli("review", SITE, "--as", "An", "--answers", str(reviews), workspace=ws.root)
    assert own.exit_code == 2 and "An gave the answer to PWR-GEN-01" in own.output
    no_tty = cli("review", SITE, "--as", "Chi", workspace=ws.root)
    assert no_tty.exit_code == 2 and "--answers" in no_tty.output
    missing_as = cli("review", SITE, workspace=ws.root)
    assert missing_as.exit_code == 2


def test_review_in_a_real_terminal(ws: Workspace) -> None:
    """The installed command on a pseudo-terminal: decisions saved, own answer skipped, exit 0."""
    import os
    import shutil
    import sys

    pexpect = pytest.importorskip("pexpect")
    beside = Path(sys.executable).parent / "tierassess"
    found = str(beside) if beside.is_file() else shutil.which("tierassess")
    command = [found] if found else [sys.executable, "-m", "tierassess"]
    env = {
        **os.environ,
        "TIERASSESS_LANG": "en",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    args = [*command[1:], "--workspace", str(ws.root), "review", SITE, "--as", "Bình"]
    child = pexpect.spawn(
        command[0], args, env=env, encoding="utf-8", timeout=30, dimensions=(50, 160)
    )
    try:
        child.expect("PWR-GEN-01")
        child.expect(r"Verdict:")
        child.send("\r")
        child.expect(r"Comment \(optional\):")
        child.send("Biên bản đủ\r")
        child.expect("PWR-GEN-02")
        child.expect(r"Verdict:")
        child.send(DOWN + "\r")
        child.expect(r"Comment \(required: say why\):")
        child.send("Chỉ một máy phát\r")
        child.expect("Bình gave this answer and may not review it")
        child.expect("Recorded 2 review")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    answers = ws.load_assessment(SITE).answers
    assert answers["PWR-GEN-01"].review.comment == "Biên bản đủ"  # type: ignore[union-attr]
    assert answers["PWR-GEN-02"].review.verdict == "rejected"  # type: ignore[union-attr]
    assert answers["PWR-UPS-03"].review is None
    assert read_lock(ws.site_dir(SITE) / ".session.lock") is None  # released
