"""One way to load and score a site, shared by ``score``, ``plan``, ``report``, ``route`` and more.

The as-of rule, the same for every command: the date given (``--as-of``), else the day the
assessment was last updated. A fixed default keeps every output of an unchanged assessment in
agreement (and the PDF byte-identical) whatever day it is run; every output states the date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from tierassess.core.models import (
    Assessment,
    Checklist,
    EvidenceIndex,
    PlanOverrides,
    Scorecard,
    ScoringSettings,
)
from tierassess.storage.workspace import Workspace

if TYPE_CHECKING:
    from pathlib import Path

    from tierassess.core.topology.model import Topology
    from tierassess.core.topology.verdict import ComputedVerdict

AsOfSource = Literal["given", "last_update"]


@dataclass(frozen=True)
class LoadedSite:
    """A site's checklist, assessment, evidence and plan file, with its model's answers merged in."""

    checklist: Checklist
    assessment: Assessment
    evidence: EvidenceIndex
    overrides: PlanOverrides
    computed: ComputedVerdict | None = None  # answers computed from the site's topology model

    @property
    def topology(self) -> Topology | None:
        """The site's topology model, when it has one."""
        return self.computed.model if self.computed else None


@dataclass(frozen=True, kw_only=True)
class ScoredSite(LoadedSite):
    """A site loaded and scored: what ``load_site`` gives, its scorecard and its as-of source."""

    scorecard: Scorecard
    as_of_source: AsOfSource


def as_of_for(assessment: Assessment, given: date | None) -> tuple[date, AsOfSource]:
    """The date a site is scored and planned as of, and where it came from."""
    if given is not None:
        return given, "given"
    return assessment.updated_at.date(), "last_update"


def load_site(workspace: Workspace, site_id: str) -> LoadedSite:
    """Load the site's assessment, checklist, evidence and plan file.

    With the answers its topology model computes, when it has one.
    """
    from tierassess.core.topology.verdict import with_computed_answers

    assessment = workspace.load_assessment(site_id)
    checklist = workspace.load_checklist(assessment.checklist_id)
    evidence = workspace.load_evidence_index(site_id)
    overrides = workspace.load_plan_overrides(site_id)
    assessment, evidence, computed = with_computed_answers(
        workspace.site_dir(site_id), checklist, assessment, evidence
    )
    site = LoadedSite(checklist, assessment, evidence, overrides, computed)
    _check_plan_elements(workspace.plan_path(site_id), overrides, site.topology)
    return site


def _check_plan_elements(path: Path, overrides: PlanOverrides, topology: Topology | None) -> None:
    """Every element a plan.yaml action names must be in the site's topology model.

    All problems at once, each with its line; a site without a model cannot name elements.
    """
    from tierassess.errors import FileProblems, Problem
    from tierassess.i18n import t
    from tierassess.yamlio import locate, parse_yaml

    known = {element.id for element in topology.elements} if topology is not None else set()
    wrong = [
        (action_id, index, element)
        for action_id, override in overrides.actions.items()
        for index, element in enumerate(override.affects_elements)
        if element not in known
    ]
    if not wrong:
        return
    document = parse_yaml(path)
    problems = []
    for action_id, index, element in wrong:
        line, field = locate(document.root, ["actions", action_id, "affects_elements", index])
        key = "no_element" if topology is not None else "no_model"
        problems.append(Problem(path, line, field, t(f"scoring.error.{key}", element=element)))
    raise FileProblems(problems)


def load_scored_site(
    workspace: Workspace,
    site_id: str,
    *,
    as_of: date | None = None,
    target: int | None = None,
    count_unverified: bool = False,
    accept_stale: bool = False,
) -> ScoredSite:
    """Load the site (``load_site``) and score it."""
    from tierassess.core.scoring import score_assessment

    site = load_site(workspace, site_id)
    day, source = as_of_for(site.assessment, as_of)
    settings = ScoringSettings(
        unverified_counts_as_met=count_unverified,
        stale_counts_as_missing=not accept_stale,
        as_of=day,
        target_tier=target,
    )
    scorecard = score_assessment(site.checklist, site.assessment, site.evidence, settings)
    return ScoredSite(
        checklist=site.checklist,
        assessment=site.assessment,
        evidence=site.evidence,
        overrides=site.overrides,
        computed=site.computed,
        scorecard=scorecard,
        as_of_source=source,
    )


__all__ = ["AsOfSource", "LoadedSite", "ScoredSite", "as_of_for", "load_scored_site", "load_site"]
