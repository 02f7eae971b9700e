"""The verdict uses the model: computed answers, conflicts with the questionnaire, and the
integrity of the decision table (criteria.yaml) against the shipped catalogue."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result as CliResult
from conftest import REPO, SAMPLE_SITE

from tierassess.core.models import ChoiceAnswer, MeasuredAnswer, Result
from tierassess.core.topology.verdict import COMPUTED_BY, decision_table, with_computed_answers
from tierassess.storage.catalogue import load_checklist
from tierassess.storage.workspace import Workspace


def test_decision_table_matches_the_catalogue() -> None:
    checklist = load_checklist(REPO / "checklists")
    criteria = {c.id: c for c in checklist.criteria}
    seen = set()
    for decision in decision_table().criteria:
        assert decision.criterion in criteria, decision.criterion
        assert decision.criterion not in seen
        seen.add(decision.criterion)
        ways = [decision.points is not None, decision.rule is not None, decision.value is not None]
        assert sum(ways) == 1, decision.criterion
        spec = criteria[decision.criterion].answer
        if decision.value is not None:
            assert isinstance(spec, MeasuredAnswer), decision.criterion
        options = {o.id: o.result for o in spec.options} if isinstance(spec, ChoiceAnswer) else {}
        for outcome, choice in decision.choices.items():
            assert options.get(choice) == outcome, (decision.criterion, choice)
        for choice in decision.detail_choices.values():
            assert options.get(choice) == "not_met", (decision.criterion, choice)
        if decision.rule is not None:
            assert decision.rule in {f"R{i}" for i in range(1, 10)}
        assert not decision.criterion.startswith("CMT-")  # tests done stay questionnaire answers


@pytest.fixture
def sample(tmp_path: Path) -> Workspace:
    root = tmp_path / "ws"
    shutil.copytree(REPO / "evidence" / SAMPLE_SITE, root / "evidence" / SAMPLE_SITE)
    shutil.copytree(REPO / "checklists", root / "checklists")
    return Workspace.at(root)


def _load(workspace: Workspace):  # type: ignore[no-untyped-def]
    assessment = workspace.load_assessment(SAMPLE_SITE)
    checklist = workspace.load_checklist(assessment.checklist_id)
    evidence = workspace.load_evidence_index(SAMPLE_SITE)
    return checklist, assessment, evidence


def test_sample_answers_computed_and_conflicts_shown(sample: Workspace) -> None:
    checklist, assessment, evidence = _load(sample)
    merged, merged_evidence, verdict = with_computed_answers(
        sample.site_dir(SAMPLE_SITE), checklist, assessment, evidence
    )
    assert verdict is not None
    computed = {a.criterion_id: a for a in verdict.answers}
    assert computed["PWR-SWG-01"].result is Result.NOT_MET
    assert computed["PWR-SWG-01"].elements == ["MSB", "MDB-CLG"]
    assert (computed["PWR-UPS-01"].result, computed["PWR-UPS-01"].choice) == (Result.MET, "n_plus_1_isolatable")  # fmt: skip
    assert (computed["PWR-DIST-04"].result, computed["PWR-DIST-04"].choice) == (Result.NOT_MET, "common_board")  # fmt: skip
    assert computed["CLG-UNIT-01"].value == 0
    assert computed["PWR-UTL-01"].choice == "generators_n_only"
    assert "CLG-CHW-01" not in computed  # no chillers in the model: left to the questionnaire
    conflicts = {c.criterion_id: c for c in verdict.conflicts}
    # The engineer judged these; the model shows why they do not hold.
    assert set(conflicts) == {"PWR-UTL-01", "PWR-DIST-01"}
    assert conflicts["PWR-UTL-01"].answered is Result.MET
    assert conflicts["PWR-UTL-01"].computed is Result.NOT_MET
    answer = merged.answers["PWR-SWG-01"]
    assert answer.answered_by == COMPUTED_BY and answer.choice == "single_board"
    item = merged_evidence.items[-1]
    assert item.sha256 in answer.evidence and "PWR-SWG-01" in item.criteria
    assert verdict.digest in (item.description or "")
    # The questionnaire itself is untouched on disk.
    again = sample.load_assessment(SAMPLE_SITE)
    assert again.answers["PWR-UTL-01"].choice == "generators_primary"


def test_no_model_no_change(sample: Workspace) -> None:
    (sample.site_dir(SAMPLE_SITE) / "topology.yaml").unlink()
    checklist, assessment, evidence = _load(sample)
    merged, merged_evidence, verdict = with_computed_answers(
        sample.site_dir(SAMPLE_SITE), checklist, assessment, evidence
    )
    assert verdict is None and merged is assessment and merged_evidence is evidence


def test_score_shows_computed_answers_and_conflicts(cli, sample_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    result = cli("score", SAMPLE_SITE, workspace=sample_workspace)
    assert "16 criteria answered by computation from the topology model" in result.output
    assert "Conflict PWR-DIST-01: the model gives “not met”, the questionnaire says “partial”" in result.output  # fmt: skip
    data = json.loads(
        cli("score", SAMPLE_SITE, "--format", "json", workspace=sample_workspace).stdout
    )
    assert {c["criterion_id"] for c in data["topology"]["conflicts"]} == {"PWR-UTL-01", "PWR-DIST-01"}  # fmt: skip
    assert "model" not in data["topology"]
    row = next(c for c in data["criteria"] if c["criterion_id"] == "PWR-FUEL-01")
    assert row["result"] == "not_met" and row["value"] == 0


def test_report_pdf_has_the_topology_section(cli, sample_workspace: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    result = cli("report", SAMPLE_SITE, "--format", "pdf", "--lang", "en", workspace=sample_workspace)  # fmt: skip
    assert result.exit_code == 0, result.output
    pdf = next((sample_workspace / "output").glob("*.pdf"))
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Topology model: computed results" in text
    assert "Questionnaire answers the model disagrees with" in text
    assert "Electrical one-line" in text and "UPS-FRAME-BUS" in text
    outline = [item.title for item in PdfReader(pdf).outline if not isinstance(item, list)]
    assert "Topology model: computed results" in outline


def test_computed_answers_do_not_depend_on_the_model_files_mtime(
    sample_workspace: Path, cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    # git keeps no mtimes: two clones of one repository must give the same report.
    site = "sample-provincial-dc"
    model = sample_workspace / "evidence" / site / "topology.yaml"
    outputs = []
    for stamp in (1_700_000_000, 1_900_000_000):
        os.utime(model, (stamp, stamp))
        out = tmp_path / str(stamp)
        made = cli("report", site, "--format", "json", "-o", str(out), workspace=sample_workspace)
        assert made.exit_code == 0, made.output
        outputs.append(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
