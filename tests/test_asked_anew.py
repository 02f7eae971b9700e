"""A question that changed meaning under the same id is never judged on an answer to the old one.

A criterion says in which catalogue version its question last changed meaning (``asked_since``);
an answer carries the catalogue version it was given under (older files: the assessment's
``checklist_version`` stands in). An answer older than the question is scored as unanswered,
listed in ``Scorecard.asked_anew`` and said in both languages.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from pydantic import ValidationError

from tierassess.core.models import (
    Answer,
    Assessment,
    Checklist,
    ChecklistHeader,
    Criterion,
    EvidenceIndex,
    ScoringSettings,
    SiteProfile,
    Yardstick,
    YardstickRule,
)
from tierassess.core.scoring import score_assessment
from tierassess.core.scoring.explain import asked_anew_messages
from tierassess.storage.answers import record_answer

Cli = Callable[..., Result]
AS_OF = date(2026, 1, 1)


def text(words: str) -> dict[str, str]:
    return {"vi": f"{words} (vi)", "en": words}


def header(version: str) -> ChecklistHeader:
    return ChecklistHeader.model_validate(
        {
            "kind": "checklist",
            "id": "tier3",
            "version": version,
            "title": text("Asked anew test checklist"),
            "disclaimer": text("Readiness only."),
            "standards": [{"id": "std", "publisher": "P", "title": text("Standard")}],
            "subsystems": [{"id": "architectural", "title": text("Architectural")}],
            "domains": [{"id": "site", "code": "SIT", "title": text("Site")}],
        }
    )


def criterion(cid: str, asked_since: str | None = None) -> Criterion:
    return Criterion.model_validate(
        {
            "id": cid,
            "domain": "site",
            "subsystem": "architectural",
            "min_tier": 1,
            "title": text(cid),
            "requirement": text("Requirement"),
            "guidance": text("Guidance"),
            "answer": {"kind": "measured", "unit": "m", "comparator": ">=", "threshold": 1.0},
            "severity": "critical",
            "must_pass": True,
            "references": [{"standard": "std", "clause": "1"}],
            "remediation": {"action": text("Fix"), "cost_band": "S", "duration_weeks": 4},
            "asked_since": asked_since,
        }
    )


CHANGED = criterion("SIT-HGT-01", asked_since="1.2.0")
STEADY = criterion("SIT-HGT-02")
CHECKLIST = Checklist(header=header("1.2.0"), criteria=[CHANGED, STEADY])
PROFILE = SiteProfile.model_validate(
    {
        "id": "t",
        "name": "T",
        "operator": "O",
        "address": "A",
        "target_tier": 1,
        "cooling_technology": "dx_air_cooled",
        "design_it_load_kw": 100,
    }
)


def assessment(version: str, answers: dict[str, dict[str, Any]]) -> Assessment:
    return Assessment(
        site=PROFILE,
        checklist_id="tier3",
        checklist_version=version,
        answers={cid: Answer.model_validate(a) for cid, a in answers.items()},
    )


def score(found: Assessment) -> Any:
    return score_assessment(CHECKLIST, found, EvidenceIndex(), ScoringSettings(as_of=AS_OF))


MET = {"result": "met", "value": 2.0, "unit": "m"}


def test_an_answer_older_than_its_question_is_not_judged() -> None:
    card = score(assessment("1.1.0", {"SIT-HGT-01": MET, "SIT-HGT-02": MET}))
    assert card.asked_anew == {"SIT-HGT-01": "1.2.0"}
    assert card.unanswered == ["SIT-HGT-01"]  # to be answered again: it goes on the to-assess list
    by_id = {c.criterion_id: c for c in card.criteria}
    assert by_id["SIT-HGT-01"].result == "not_assessed"
    assert not by_id["SIT-HGT-01"].counts_as_met
    assert by_id["SIT-HGT-02"].counts_as_met  # a question that kept its meaning keeps its answer
    assert card.facility_tier == 0


def test_the_answer_records_its_catalogue_version_over_the_assessment_s() -> None:
    given_after = {**MET, "catalogue_version": "1.2.0"}
    card = score(assessment("1.1.0", {"SIT-HGT-01": given_after, "SIT-HGT-02": MET}))
    assert card.asked_anew == {}
    assert card.facility_tier == 1
    # an assessment begun under 1.2.0 never held an answer to the old question
    assert score(assessment("1.2.0", {"SIT-HGT-01": MET, "SIT-HGT-02": MET})).asked_anew == {}
    # an answer that says it was given under 1.1.0 is asked anew in any assessment
    old = {**MET, "catalogue_version": "1.1.0"}
    assert score(assessment("1.2.0", {"SIT-HGT-01": old})).asked_anew == {"SIT-HGT-01": "1.2.0"}


def test_a_not_applicable_answer_to_the_old_question_is_asked_anew_too() -> None:
    na = {"result": "not_applicable", "justification": "no plant on the ground floor"}
    card = score(assessment("1.1.0", {"SIT-HGT-01": na}))
    assert card.asked_anew == {"SIT-HGT-01": "1.2.0"}
    assert card.not_applicable == []


def test_an_empty_entry_is_not_listed() -> None:
    card = score(assessment("1.1.0", {"SIT-HGT-01": {"notes": "to measure"}}))
    assert card.asked_anew == {}
    assert card.unanswered == ["SIT-HGT-01", "SIT-HGT-02"]


def test_an_answer_to_the_old_question_still_blocks() -> None:
    card = score(assessment("1.1.0", {"SIT-HGT-01": MET}))
    assert "SIT-HGT-01" in card.verdicts[0].blockers


def test_record_answer_keeps_the_catalogue_version_and_a_new_answer_is_judged() -> None:
    found = assessment("1.1.0", {"SIT-HGT-01": MET})
    answer = record_answer(found, CHANGED, value=2.0, actor="me", catalogue_version="1.2.0")
    assert answer.catalogue_version == "1.2.0"
    assert answer.history and answer.history[0].catalogue_version is None  # the same 2.0 is news
    assert score(found).asked_anew == {}
    again = record_answer(found, CHANGED, value=2.0, actor="me", catalogue_version="1.2.0")
    assert again is answer  # the same answer under the same catalogue changes nothing


def test_messages_name_the_version_in_both_languages() -> None:
    card = score(assessment("1.1.0", {"SIT-HGT-01": MET}))
    (en,) = asked_anew_messages(card, "en")
    (vi,) = asked_anew_messages(card, "vi")
    assert "SIT-HGT-01" in en and "changed meaning in catalogue 1.2.0" in en
    assert "đã đổi nghĩa trong bộ tiêu chí 1.2.0" in vi


def test_asked_since_cannot_be_after_the_checklist_version() -> None:
    with pytest.raises(ValidationError, match=r"asked_since 1\.3\.0 is after"):
        Checklist(header=header("1.2.0"), criteria=[criterion("SIT-HGT-01", "1.3.0")])
    assert criterion("SIT-HGT-01", "1.10.0").asks_anew("1.9.2")  # versions compare as numbers
    assert not criterion("SIT-HGT-01", "1.2").asks_anew("1.2.0")


# --- the shipped catalogue: an assessment file as catalogue 1.1.0 wrote it ------------------------


def _as_1_1_0_wrote_it(workspace: Path) -> None:
    """The sample site's file as 1.1.0 wrote it: no catalogue version on the answers, and
    SIT-FLD-02 as 1.1.0 asked it (the difference from the flood level, here 0.5 m)."""
    path = workspace / "evidence" / "sample-provincial-dc" / "assessment.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["checklist_version"] = "1.1.0"
    for answer in data["answers"].values():
        answer.pop("catalogue_version", None)
    data["answers"]["SIT-FLD-02"].update({"value": 0.5, "result": "met"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_shipped_sit_fld_02_answered_under_1_1_0_is_asked_again(
    cli: Cli, sample_workspace: Path
) -> None:
    _as_1_1_0_wrote_it(sample_workspace)
    as_of = ("--as-of", "2026-01-01")
    result = cli("score", "--format", "json", *as_of, workspace=sample_workspace)
    assert result.exit_code == 0, result.output
    card = json.loads(result.output)
    assert card["asked_anew"]["SIT-FLD-02"] == "1.2.0"
    assert "SIT-FLD-02" in card["unanswered"]
    scored = {c["criterion_id"]: c for c in card["criteria"]}
    assert scored["SIT-FLD-02"]["result"] == "not_assessed"  # not judged as a height of 0.5 m

    table = cli("score", *as_of, workspace=sample_workspace)
    assert "SIT-FLD-02: the question changed meaning in catalogue 1.2.0" in table.output
    vi = cli("--lang", "vi", "score", *as_of, workspace=sample_workspace)
    assert "SIT-FLD-02: câu hỏi đã đổi nghĩa trong bộ tiêu chí 1.2.0" in vi.output

    plan = cli("plan", "--format", "json", *as_of, workspace=sample_workspace)
    assert plan.exit_code == 0, plan.output
    assert "SIT-FLD-02" in json.loads(plan.output)["to_assess"]


def test_the_questionnaire_asks_it_again() -> None:
    from tierassess.cli.interactive.questionnaire.navigation import select_criteria

    old = assessment("1.1.0", {"SIT-HGT-01": MET, "SIT-HGT-02": MET})
    assert CHANGED.asked_anew_in(old) and not STEADY.asked_anew_in(old)
    assert [c.id for c in select_criteria(CHECKLIST, old, only="unanswered")] == ["SIT-HGT-01"]
    record_answer(old, CHANGED, value=2.0, actor="me", catalogue_version="1.2.0")
    assert select_criteria(CHECKLIST, old, only="unanswered") == []


def test_a_yardstick_blocker_says_the_question_changed() -> None:
    from tierassess.core.models import BlockReason

    with_yardstick = header("1.2.0").model_copy(
        update={
            "yardsticks": [
                Yardstick.model_validate(
                    {
                        "id": "tia",
                        "kind": "tier",
                        "primary": True,
                        "title": text("TIA"),
                        "level_name": text("Rated-{n}"),
                        "subsystems": ["architectural"],
                    }
                )
            ]
        }
    )
    rules = [{"yardstick": "tia", "level": 1, "must_pass": True}]
    criteria = [
        c.model_copy(update={"counts_for": [YardstickRule.model_validate(r) for r in rules]})
        for c in (CHANGED, STEADY)
    ]
    checklist = Checklist(header=with_yardstick, criteria=criteria)
    found = assessment("1.1.0", {"SIT-HGT-01": MET})
    card = score_assessment(checklist, found, EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    reasons = {b.criterion_id: b.reason for b in card.yardsticks[0].blockers}
    assert reasons == {"SIT-HGT-01": BlockReason.ASKED_ANEW, "SIT-HGT-02": BlockReason.UNANSWERED}


def test_the_bundle_page_marks_an_answer_to_the_old_question() -> None:
    from datetime import UTC, datetime

    from tierassess.exchange.bundle.viewer import build_page, render_index_html

    found = assessment("1.1.0", {"SIT-HGT-01": MET, "SIT-HGT-02": MET})
    when = datetime(2026, 1, 1, tzinfo=UTC)
    for lang, words in (("en", "the question changed meaning"), ("vi", "câu hỏi đã đổi nghĩa")):
        page = build_page(found, CHECKLIST, EvidenceIndex(), {}, lang, when, "An")
        marks = {row.id: row.asked_anew for row in page.rows}
        assert marks["SIT-HGT-02"] is None
        assert marks["SIT-HGT-01"] is not None and words in marks["SIT-HGT-01"]
        assert "1.2.0" in marks["SIT-HGT-01"]
        html = render_index_html(found, CHECKLIST, EvidenceIndex(), {}, lang, when, "An")
        assert html.count(words) == 1


def test_the_field_sheet_leaves_an_answer_to_the_old_question_empty_and_says_why(
    cli: Cli, sample_workspace: Path, tmp_path: Path
) -> None:
    """Loaded back unchanged, the sheet must not answer the new question with the old value."""
    from openpyxl import load_workbook

    _as_1_1_0_wrote_it(sample_workspace)
    sheet = tmp_path / "phieu.xlsx"
    site = "sample-provincial-dc"
    exported = cli(
        "checklist", "export", "--xlsx", str(sheet), "--site", site, workspace=sample_workspace
    )
    assert exported.exit_code == 0, exported.output
    rows = list(load_workbook(sheet).worksheets[0].iter_rows(values_only=True))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    row = body["SIT-FLD-02"]
    how = next(str(c) for c in row if c and "câu hỏi đã đổi nghĩa" in str(c))
    assert "the question changed meaning in catalogue 1.2.0" in how
    value_column = next(i for i, h in enumerate(header) if h and "value" in str(h).lower())
    assert row[value_column] is None  # 0.5 m answered the old question
    loaded = cli("answers", "import", site, str(sheet), workspace=sample_workspace)
    assert loaded.exit_code == 0, loaded.output
    card = json.loads(
        cli("score", "--format", "json", "--as-of", "2026-01-01", workspace=sample_workspace).output
    )
    assert card["asked_anew"].get("SIT-FLD-02") == "1.2.0"  # still to be answered again
