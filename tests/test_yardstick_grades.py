"""A yardstick's own grades (Uptime OS: Gold / Silver / Bronze), hand-worked on an inline catalogue.

The operations yardstick below has one must-pass criterion and one that only counts toward
readiness, with equal weights, so readiness is 1.0, 0.5 or 0.0 and the grade can be worked by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pydantic import ValidationError
from test_yardsticks import HEADER, OS, crit, measured, site
from test_yardsticks_cli import _dump

from tierassess.core.models import (
    Checklist,
    ChecklistHeader,
    CriteriaFile,
    EvidenceIndex,
    ScoringSettings,
    Yardstick,
)
from tierassess.core.scoring import score_assessment
from tierassess.core.scoring.explain import verdict_lines
from tierassess.storage.catalogue import load_checklist
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]
REPO = Path(__file__).resolve().parents[1]


def _grade(gid: str, name: str, cut: float, verified: bool) -> dict[str, Any]:
    return {
        "id": gid,
        "name": {"vi": f"{name} (vi)", "en": name},
        "min_readiness": cut,
        "verified": verified,
    }


GRADES = [
    _grade("gold", "Gold", 1.0, False),
    _grade("silver", "Silver", 0.5, False),
    _grade("bronze", "Bronze", 0.0, True),
]


def _header() -> ChecklistHeader:
    data = HEADER.model_dump(mode="json", exclude_none=True)
    for yardstick in data["yardsticks"]:
        if yardstick["id"] == OS:
            yardstick["grades"] = GRADES
    return ChecklistHeader.model_validate(data)


CRITERIA = [
    crit("OPS-STF-01", [{"yardstick": OS, "level": 3}], measured("persons", ">=", 2)),
    crit("OPS-TRN-01", [{"yardstick": OS, "level": 3, "must_pass": False}]),
]
AS_OF = date(2025, 1, 1)
MET = {"OPS-STF-01": {"result": "met", "value": 2}, "OPS-TRN-01": {"result": "met"}}


def _os_verdict(answers: dict[str, dict[str, Any]]) -> Any:
    checklist = Checklist(header=_header(), criteria=CRITERIA)
    card = score_assessment(checklist, site(answers), EvidenceIndex(), ScoringSettings(as_of=AS_OF))
    return checklist, next(v for v in card.yardsticks if v.yardstick == OS)


def test_every_item_met_earns_the_top_grade() -> None:
    _, verdict = _os_verdict(MET)
    assert (verdict.level, verdict.passed, verdict.readiness) == (3, True, 1.0)
    assert (verdict.grade, verdict.grade_verified) == ("gold", False)


def test_a_missed_optional_item_lowers_the_grade_not_the_level() -> None:
    _, verdict = _os_verdict({**MET, "OPS-TRN-01": {"result": "not_met"}})
    assert (verdict.level, verdict.passed, verdict.readiness) == (3, True, 0.5)
    assert verdict.grade == "silver"


def test_short_of_the_objective_earns_no_grade_whatever_the_readiness() -> None:
    _, verdict = _os_verdict({**MET, "OPS-STF-01": {"result": "not_met", "value": 1}})
    assert (verdict.level, verdict.passed, verdict.readiness) == (2, False, 0.5)
    assert (verdict.grade, verdict.grade_verified) == (None, True)


def test_the_verdict_line_names_the_grade_and_flags_an_unconfirmed_cut_off() -> None:
    checklist, verdict = _os_verdict(MET)
    line = next(x for x in verdict_lines(checklist, [verdict], "en") if x.yardstick == OS)
    assert line.verdict.endswith("; Gold grade (grade cut-off not confirmed by a public source)")
    vi = verdict_lines(checklist, [verdict], "vi")[0].verdict
    assert "hạng Gold (vi)" in vi and "chưa xác minh" in vi
    _, short = _os_verdict({**MET, "OPS-STF-01": {"result": "not_met", "value": 1}})
    assert verdict_lines(checklist, [short], "en")[0].verdict.endswith(
        "; no grade (graded only at the target)"
    )


def test_yardsticks_without_grades_read_as_before() -> None:
    _, verdict = _os_verdict(MET)
    plain = Checklist(header=HEADER, criteria=CRITERIA)
    line = verdict_lines(plain, [verdict.model_copy(update={"grade": None})], "en")[0]
    assert line.verdict == "Tier III operations (meets the Tier III operations target)"


@pytest.mark.parametrize(
    ("kind", "grades", "message"),
    [
        ("tier", [GRADES[1], GRADES[0]], "best first"),
        ("tier", [GRADES[0], GRADES[0]], "best first"),
        ("pass_fail", GRADES, "only a tier yardstick"),
    ],
)
def test_grades_that_cannot_work_are_refused(
    kind: str, grades: list[dict[str, Any]], message: str
) -> None:
    data: dict[str, Any] = {"id": "ops", "kind": kind, "title": {"vi": "x", "en": "x"}}
    if kind == "tier":
        data |= {"subsystems": ["operations"], "level_name": {"vi": "T{n}", "en": "T{n}"}}
    with pytest.raises(ValidationError, match=message):
        Yardstick.model_validate({**data, "grades": grades})


def test_json_adds_the_grade_beside_the_existing_fields(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "ws"
    (root / "checklists").mkdir(parents=True)
    (root / "checklists" / "tier3.yaml").write_text(_dump(_header()), encoding="utf-8")
    criteria = CriteriaFile(kind="criteria", checklist="tier3", criteria=CRITERIA)
    (root / "checklists" / "tier3-all.yaml").write_text(_dump(criteria), encoding="utf-8")
    workspace = Workspace(root)
    workspace.site_dir("test-dc").mkdir(parents=True)
    workspace.save_assessment(site({**MET, "OPS-TRN-01": {"result": "not_met"}}))
    workspace.save_evidence_index("test-dc", EvidenceIndex())
    result = cli("score", "--as-of", "2025-01-01", "--format", "json", workspace=root)
    assert result.exit_code == 0, result.output
    verdict = next(v for v in json.loads(result.output)["yardsticks"] if v["yardstick"] == OS)
    assert (verdict["level"], verdict["grade"], verdict["grade_verified"]) == (3, "silver", False)
    assert {"level", "target", "passed", "decided_by", "blockers", "readiness"} <= set(verdict)


def test_the_shipped_os_yardstick_speaks_uptimes_scale_and_flags_its_cut_offs() -> None:
    """Integrity: Uptime awards Gold / Silver / Bronze (facts sheet 1.5); the cut-offs are ours."""
    header = load_checklist(REPO / "checklists").header
    os_yardstick = header.yardstick("uptime-os")
    assert [g.id for g in os_yardstick.grades] == ["gold", "silver", "bronze"]
    assert [g.name.get("vi") for g in os_yardstick.grades] == ["Vàng", "Bạc", "Đồng"]
    assert not any(g.verified for g in os_yardstick.grades)
    assert os_yardstick.level_label(3, "en") == "operations for a Tier III objective"
