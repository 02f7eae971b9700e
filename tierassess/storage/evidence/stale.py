"""The freshness report: claimed criteria whose evidence is stale, missing or rejected.

The rule is the scoring's own (``tierassess.core.freshness``), so this report and the scorecard never
disagree. How the report reads (text per language, JSON) lives in ``tierassess.storage.evidence.present``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tierassess.core.models import EvidenceItem, EvidenceStatus, Result
from tierassess.storage.workspace import Workspace

if TYPE_CHECKING:
    from tierassess.core.freshness import KindCheck

__all__ = ["StaleReport", "StaleRow", "stale_report"]


@dataclass(frozen=True)
class StaleRow:
    """A claimed criterion whose evidence does not back it (stale, missing or rejected)."""

    criterion_id: str
    status: str
    result: str
    checks: list[KindCheck]
    items: list[EvidenceItem]
    as_of: date


@dataclass
class StaleReport:
    """The criteria of a site whose evidence is missing or too old, as of a date."""

    site_id: str
    as_of: date
    rows: list[StaleRow]


_CLAIMS = (Result.MET, Result.PARTIAL)
_REPORTED = (EvidenceStatus.STALE, EvidenceStatus.MISSING, EvidenceStatus.REJECTED)


def stale_report(workspace: Workspace, site_id: str, as_of: date | None = None) -> StaleReport:
    """Every claimed (met or partial) criterion whose evidence is stale, missing or rejected."""
    from tierassess.core.freshness import evidence_details, evidence_status
    from tierassess.storage.site import as_of_for

    assessment = workspace.load_assessment(site_id)
    when = as_of_for(assessment, as_of)[0]  # the rule of every command: score counts the same
    checklist = workspace.load_checklist(assessment.checklist_id)
    index = workspace.load_evidence_index(site_id)
    rows = []
    for criterion in checklist.applicable(assessment.site):
        answer = assessment.answers.get(criterion.id)
        if answer is None or answer.result not in _CLAIMS:
            continue
        status = evidence_status(criterion, answer, index, when)
        if status not in _REPORTED:
            continue
        checks = evidence_details(criterion, answer, index, when)
        linked = {sha for check in checks for sha in check.items} | set(answer.evidence)
        items = [item for item in index.items if item.sha256 in linked]
        rows.append(StaleRow(criterion.id, status.value, answer.result.value, checks, items, when))
    return StaleReport(site_id, when, rows)
