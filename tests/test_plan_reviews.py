"""The plan lists, apart, what reviewers rejected or asked more evidence for: who, when, why."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from click.testing import Result
from pypdf import PdfReader

from tierassess.core.models import Answer, Review, ReviewVerdict, utc_now
from tierassess.core.models import Result as Outcome
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]
WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def _reviewed(workspace: Path, site: str) -> tuple[str, str, str]:
    """Three answers: met but rejected, not met and sent back for evidence, met and accepted."""
    ws = Workspace.at(workspace)
    assessment = ws.load_assessment(site)
    rejected, needs, accepted = [c.id for c in ws.load_checklist().applicable(assessment.site)][:3]
    verdicts = {
        rejected: (Outcome.MET, ReviewVerdict.REJECTED, "Biên bản [2021] đã cũ"),
        needs: (Outcome.NOT_MET, ReviewVerdict.NEEDS_EVIDENCE, None),
        accepted: (Outcome.MET, ReviewVerdict.ACCEPTED, None),
    }
    for key, (outcome, verdict, comment) in verdicts.items():
        answer = Answer(result=outcome, answered_by="Kỹ", answered_at=utc_now())
        answer.review = Review(verdict=verdict, reviewer="Đào Thị Hà", at=WHEN, comment=comment)
        assessment.answers[key] = answer
    ws.save_assessment(assessment)
    return rejected, needs, accepted


def test_plan_json_lists_what_reviewers_sent_back(workspace: Path, site: str, cli: Cli) -> None:
    rejected, needs, accepted = _reviewed(workspace, site)
    result = cli("plan", site, "--format", "json", workspace=workspace)
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert {"to_assess", "to_verify", "actions", "years"} <= set(plan)  # additive
    found = {f["criterion_id"]: f for f in plan["review_findings"]}
    assert set(found) == {rejected, needs}
    assert found[rejected]["verdict"] == "rejected"
    assert found[rejected]["comment"] == "Biên bản [2021] đã cũ"
    assert found[rejected]["reviewer"] == "Đào Thị Hà"
    assert found[rejected]["at"].startswith("2026-11-20")
    assert found[needs]["verdict"] == "needs_evidence" and found[needs]["comment"] is None
    assert accepted not in found


def test_plan_without_reviews_has_an_empty_list(workspace: Path, site: str, cli: Cli) -> None:
    result = cli("plan", site, "--format", "json", workspace=workspace)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["review_findings"] == []
    table = cli("plan", site, workspace=workspace)
    assert "Rejected by a reviewer" not in table.output


def test_plan_table_says_who_when_and_why_in_both_languages(
    workspace: Path, site: str, cli: Cli
) -> None:
    rejected, needs, accepted = _reviewed(workspace, site)
    english = " ".join(cli("plan", site, workspace=workspace).output.split())
    assert "Rejected by a reviewer or sent back for more evidence" in english
    assert f"{rejected} — Rejected — Đào Thị Hà, 2026-11-20: Biên bản [2021] đã cũ" in english
    assert f"{needs} — Needs more evidence — Đào Thị Hà, 2026-11-20: (no comment)" in english
    assert f"{accepted} — " not in english
    vietnamese = cli("--lang", "vi", "plan", site, workspace=workspace).output
    vietnamese = " ".join(vietnamese.split())
    assert "Người rà soát không chấp nhận hoặc yêu cầu bổ sung bằng chứng" in vietnamese
    assert f"{needs} — Cần bổ sung bằng chứng — Đào Thị Hà, 20/11/2026" in vietnamese


def test_the_pdf_plan_section_lists_them(
    workspace: Path, site: str, cli: Cli, tmp_path: Path
) -> None:
    rejected, needs, _ = _reviewed(workspace, site)
    out = tmp_path / "out"
    result = cli(
        "report", site, "--format", "pdf", "--lang", "en", "-o", str(out), workspace=workspace
    )
    assert result.exit_code == 0, result.output
    pdf = next(out.glob("*-report-en.pdf"))
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split())
    start = text.index("Rejected by a reviewer or sent back for more evidence")
    section = text[start : start + 600]
    assert rejected in section and needs in section
    assert "Đào Thị Hà" in section and "Biên bản [2021] đã cũ" in section
    assert "Needs more evidence" in section
