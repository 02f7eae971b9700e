"""One way to load and score a site, shared by ``score``, ``plan`` and ``report``.

The as-of rule, the same for every command: the date given (``--as-of``), else the day the
assessment was last updated. A fixed default keeps every output of an unchanged assessment in
agreement (and the PDF byte-identical) whatever day it is run; every output states the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from tierassess.models import (
    Assessment,
    Checklist,
    EvidenceIndex,
    PlanOverrides,
    Scorecard,
    ScoringSettings,
)
from tierassess.workspace import Workspace

if TYPE_CHECKING:
    from tierassess.topology.verdict import ComputedVerdict

AsOfSource = Literal["given", "last_update"]


@dataclass(frozen=True)
class ScoredSite:
    """A site loaded and scored: its checklist, assessment, evidence, plan file and scorecard."""

    checklist: Checklist
    assessment: Assessment
    evidence: EvidenceIndex
    overrides: PlanOverrides
    scorecard: Scorecard
    as_of_source: AsOfSource
    computed: ComputedVerdict | None = None  # answers computed from the site's topology model


def as_of_for(assessment: Assessment, given: date | None) -> tuple[date, AsOfSource]:
    """The date a site is scored and planned as of, and where it came from."""
    if given is not None:
        return given, "given"
    return assessment.updated_at.date(), "last_update"


def load_scored_site(
    workspace: Workspace,
    site_id: str,
    *,
    as_of: date | None = None,
    target: int | None = None,
    count_unverified: bool = False,
    accept_stale: bool = False,
) -> ScoredSite:
    """Load the site's assessment, checklist, evidence and plan file, and score it.

    With the answers its topology model computes, when it has one.
    """
    from tierassess.scoring import score_assessment
    from tierassess.topology.verdict import with_computed_answers

    assessment = workspace.load_assessment(site_id)
    checklist = workspace.load_checklist(assessment.checklist_id)
    evidence = workspace.load_evidence_index(site_id)
    overrides = workspace.load_plan_overrides(site_id)
    day, source = as_of_for(assessment, as_of)
    assessment, evidence, computed = with_computed_answers(
        workspace.site_dir(site_id), checklist, assessment, evidence
    )
    settings = ScoringSettings(
        unverified_counts_as_met=count_unverified,
        stale_counts_as_missing=not accept_stale,
        as_of=day,
        target_tier=target,
    )
    scorecard = score_assessment(checklist, assessment, evidence, settings)
    return ScoredSite(checklist, assessment, evidence, overrides, scorecard, source, computed)


__all__ = ["AsOfSource", "ScoredSite", "as_of_for", "load_scored_site"]
