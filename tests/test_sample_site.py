"""Integrity of the shipped sample site: complete, consistent, intact, and labelled as a sample."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result as CliResult

from tierassess.core.models import Assessment, Checklist, Result
from tierassess.storage.answers import record_answer
from tierassess.storage.audit import verify_chain
from tierassess.storage.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SITE = "sample-provincial-dc"


@pytest.fixture(scope="module")
def repo() -> Workspace:
    return Workspace.at(REPO)


@pytest.fixture(scope="module")
def checklist(repo: Workspace) -> Checklist:
    return repo.load_checklist()


@pytest.fixture(scope="module")
def assessment(repo: Workspace) -> Assessment:
    return repo.load_assessment(SITE)


def test_it_says_it_is_a_sample(assessment: Assessment) -> None:
    assert assessment.site.sample is True
    assert "mẫu" in assessment.site.name.lower()
    assert assessment.site.notes and "ILLUSTRATIVE SAMPLE" in assessment.site.notes


def test_made_against_the_shipped_checklist(assessment: Assessment, checklist: Checklist) -> None:
    assert (assessment.checklist_id, assessment.checklist_version) == (
        checklist.id,
        checklist.version,
    )


def test_every_applicable_criterion_is_answered(
    assessment: Assessment, checklist: Checklist
) -> None:
    applicable = {c.id for c in checklist.applicable(assessment.site)}
    answered = {cid for cid, a in assessment.answers.items() if a.result is not Result.NOT_ASSESSED}
    assert applicable <= answered
    assert set(assessment.answers) <= {c.id for c in checklist.criteria}


def test_a_realistic_mix_with_critical_power_and_cooling_gaps(
    assessment: Assessment, checklist: Checklist
) -> None:
    results = Counter(a.result for a in assessment.answers.values())
    assert results[Result.MET] > len(assessment.answers) / 2
    assert results[Result.PARTIAL] >= 3 and results[Result.NOT_MET] >= 3
    critical_gaps = {
        checklist.criterion(cid).domain
        for cid, a in assessment.answers.items()
        if a.result is Result.NOT_MET and checklist.criterion(cid).severity.value == "critical"
    }
    assert {"power", "cooling"} <= critical_gaps


def test_every_answer_passes_the_answer_rules_again(
    assessment: Assessment, checklist: Checklist
) -> None:
    trial = assessment.model_copy(deep=True)
    for criterion_id, answer in assessment.answers.items():
        again = record_answer(
            trial,
            checklist.criterion(criterion_id),
            result=answer.result if answer.value is None and answer.choice is None else None,
            value=answer.value,
            unit=answer.unit,
            choice=answer.choice,
            justification=answer.justification,
            actor=answer.answered_by or "check",
        )
        assert again.result is answer.result, criterion_id


def test_evidence_and_audit_trail_are_intact(
    repo: Workspace, cli: Callable[..., CliResult]
) -> None:
    assert verify_chain(repo.audit_log_path(SITE)) == []
    result = cli("evidence", "verify", SITE, workspace=REPO)
    assert result.exit_code == 0, result.output + result.stderr


def test_sample_evidence_files_say_they_are_samples(repo: Workspace) -> None:
    from pypdf import PdfReader

    index = repo.load_evidence_index(SITE)
    assert index.items
    for item in index.items:
        assert item.sample or "sample" in (item.description or "").lower(), item.original_name
        if item.media_type == "application/pdf":
            text = PdfReader(repo.evidence_file(SITE, item.sha256)).pages[0].extract_text()
            assert "MẪU MINH HỌA" in text and "ILLUSTRATIVE SAMPLE" in text
