"""Dated, hashed snapshots of a site: what a scoring found, kept so progress can be measured.

A snapshot holds the assessment's digest, the catalogue's id, version and digest, the verdicts
(one per yardstick), readiness, every scored criterion's state, the plan (actions with dates,
status, cost and spend) and the cheapest route. It is written once to
``evidence/<site>/snapshots/<as-of>-<digest12>.json`` and never changed; its ``digest`` is the
SHA-256 of its canonical JSON without the digest, so an edited snapshot is detected on reading.

``verdicts`` holds the facility's headline verdict as the yardstick ``tier`` (the primary
yardstick's level, or the weakest-link verdict of a catalogue without yardsticks), then every
yardstick's own verdict (``tier`` None for a pass/fail list).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from tierassess.core.models import (
    ActionStatus,
    Assessment,
    Checklist,
    EvidenceIndex,
    LocalizedText,
    Model,
    PlanOverrides,
    RemediationPlan,
    Result,
    Scorecard,
    ScoringSettings,
    YearTotal,
    utc_now,
)
from tierassess.core.route import Route
from tierassess.errors import CheckFailed, InputError, WorkspaceError, os_reason
from tierassess.i18n import t

if TYPE_CHECKING:
    from tierassess.core.topology.model import Topology
    from tierassess.storage.site import ScoredSite
    from tierassess.storage.workspace import Workspace

OVERALL = "tier"  # the yardstick name of the single weakest-link verdict


class VerdictRecord(Model):
    """One yardstick's verdict as a snapshot keeps it."""

    yardstick: str
    tier: int | None = Field(description="The level reached; None for a pass/fail yardstick.")
    meets_target: bool
    blockers: list[str] = Field(default_factory=list)


class CriterionState(Model):
    """One criterion's result as a snapshot keeps it."""

    result: Result
    counts_as_met: bool
    must_pass: bool = False
    min_tier: int = 1


class ActionRecord(Model):
    """One plan action as a snapshot keeps it: status, schedule and cost."""

    id: str
    criterion_id: str
    title: LocalizedText
    status: ActionStatus
    scheduled: bool
    start: date | None = None
    end: date | None = None
    cost_min_vnd: int
    cost_max_vnd: int
    spent_vnd: dict[int, int] = Field(default_factory=dict)
    on_route: bool = False


class RouteRecord(Model):
    """The route as a snapshot keeps it: its actions and costs."""

    actions: list[str]
    cost_min_vnd: int
    cost_max_vnd: int
    cost_expected_vnd: int
    complete: bool


class Snapshot(Model):
    """One site's state as scored on one date."""

    format_version: Literal[1] = 1
    site_id: str
    taken_at: datetime
    as_of: date
    note: str | None = None
    assessment_digest: str
    checklist_id: str
    checklist_version: str
    catalogue_digest: str
    target_tier: int
    readiness: float
    facility_tier: int
    meets_target: bool
    verdicts: list[VerdictRecord]
    subsystems: dict[str, int] = Field(description="Subsystem tiers.")
    domains: dict[str, float] = Field(description="Domain readiness.")
    criteria: dict[str, CriterionState]
    plan_start_year: int
    plan_end_year: int
    plan_cost_min_vnd: int
    plan_cost_max_vnd: int
    actions: list[ActionRecord]
    years: list[YearTotal]
    route: RouteRecord
    digest: str = ""

    def computed_digest(self) -> str:
        """SHA-256 of the canonical JSON of everything but the digest itself."""
        data = self.model_dump(mode="json", exclude={"digest"})
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    @property
    def name(self) -> str:
        """The snapshot's id: its as-of date and the start of its digest."""
        return f"{self.as_of.isoformat()}-{self.digest[:12]}"

    def verdict(self, yardstick: str) -> VerdictRecord | None:
        """The verdict on ``yardstick``, or None when the snapshot has none."""
        return next((v for v in self.verdicts if v.yardstick == yardstick), None)


def assessment_digest(assessment: Assessment) -> str:
    """The SHA-256 of the assessment's canonical JSON: the state a snapshot was taken of."""
    data = assessment.model_dump(mode="json")
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _verdict_records(scorecard: Scorecard) -> list[VerdictRecord]:
    """The headline verdict (yardstick ``tier``), then every yardstick's own."""
    return [
        VerdictRecord(
            yardstick=OVERALL,
            tier=scorecard.facility_tier,
            meets_target=scorecard.meets_target,
            blockers=sorted({b for v in scorecard.verdicts for b in v.blockers}),
        ),
        *(
            VerdictRecord(
                yardstick=v.yardstick,
                tier=v.level,
                meets_target=v.passed,
                blockers=sorted({b.criterion_id for b in v.blockers}),
            )
            for v in scorecard.yardsticks
        ),
    ]


def _action_records(plan: RemediationPlan) -> list[ActionRecord]:
    """The plan's actions as a snapshot keeps them (dates only for scheduled ones)."""
    return [
        ActionRecord(
            id=a.id,
            criterion_id=a.criterion_id,
            title=a.title,
            status=a.status,
            scheduled=a.scheduled,
            start=a.start if a.scheduled else None,
            end=a.end if a.scheduled else None,
            cost_min_vnd=a.cost_min_vnd,
            cost_max_vnd=a.cost_max_vnd,
            spent_vnd=a.spent_vnd,
            on_route=a.on_route,
        )
        for a in plan.actions
    ]


def snapshot_of(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    plan: RemediationPlan,
    route: Route,
    taken_at: datetime | None = None,
    note: str | None = None,
) -> Snapshot:
    """The snapshot of a scoring already made (pure); ``plan`` should carry the route marks."""
    snapshot = Snapshot(
        site_id=scorecard.site_id,
        taken_at=taken_at or utc_now(),
        as_of=scorecard.as_of,
        note=note,
        assessment_digest=assessment_digest(assessment),
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        catalogue_digest=checklist.source_digest,
        target_tier=scorecard.target_tier,
        readiness=scorecard.readiness,
        facility_tier=scorecard.facility_tier,
        meets_target=scorecard.meets_target,
        verdicts=_verdict_records(scorecard),
        subsystems={v.subsystem: v.tier for v in scorecard.verdicts},
        domains={d.id: d.readiness for d in scorecard.domains},
        criteria={
            c.criterion_id: CriterionState(
                result=c.result,
                counts_as_met=c.counts_as_met,
                must_pass=c.must_pass,
                min_tier=c.min_tier,
            )
            for c in scorecard.criteria
        },
        plan_start_year=plan.start_year,
        plan_end_year=plan.end_year,
        plan_cost_min_vnd=plan.cost_min_vnd,
        plan_cost_max_vnd=plan.cost_max_vnd,
        actions=_action_records(plan),
        years=plan.years,
        route=RouteRecord(
            actions=[s.id for s in route.steps],
            cost_min_vnd=route.cost_min_vnd,
            cost_max_vnd=route.cost_max_vnd,
            cost_expected_vnd=route.cost_expected_vnd,
            complete=route.complete,
        ),
    )
    snapshot.digest = snapshot.computed_digest()
    return snapshot


def take_snapshot(
    checklist: Checklist,
    assessment: Assessment,
    index: EvidenceIndex,
    overrides: PlanOverrides,
    settings: ScoringSettings,
    taken_at: datetime | None = None,
    note: str | None = None,
    topology: Topology | None = None,
) -> Snapshot:
    """Score, plan and route the site, and return the snapshot of it (pure: nothing written).

    Scored with ``settings``, then planned and routed as every snapshot is (``planned_snapshot``).
    """
    from tierassess.core.scoring import score_assessment

    scorecard = score_assessment(checklist, assessment, index, settings)
    return planned_snapshot(
        checklist, assessment, scorecard, overrides, topology, taken_at=taken_at, note=note
    )


def planned_snapshot(
    checklist: Checklist,
    assessment: Assessment,
    scorecard: Scorecard,
    overrides: PlanOverrides,
    topology: Topology | None,
    *,
    taken_at: datetime | None = None,
    note: str | None = None,
) -> Snapshot:
    """The snapshot of a scoring, planned and routed as ``plan`` does (pure: nothing written).

    The plan is the one ``plan`` prints: the site's plan file and yearly budget, the cheapest
    route (with the site's ``topology`` model) funded first. ``snapshot take``, ``score --keep``
    and ``compare``'s "now" all come here, so the same site on the same day keeps one snapshot.
    """
    from tierassess.core.route import plan_with_route

    plan, route = plan_with_route(checklist, assessment, scorecard, overrides, None, topology)
    return snapshot_of(checklist, assessment, scorecard, plan, route, taken_at, note)


def snapshots_dir(site_dir: Path) -> Path:
    """The folder a site keeps its snapshots in."""
    return site_dir / "snapshots"


def save_snapshot(site_dir: Path, snapshot: Snapshot) -> Path:
    """Write the snapshot atomically; an identical one already kept is left as it is."""
    from tierassess.yamlio import atomic_write_text

    path = snapshots_dir(site_dir) / f"{snapshot.name}.json"
    if not path.exists():
        text = json.dumps(snapshot.model_dump(mode="json"), ensure_ascii=False, indent=1)
        atomic_write_text(path, text + "\n")
    return path


def load_snapshot(path: Path) -> Snapshot:
    """Read one snapshot and check its digest (CheckFailed when it was altered)."""
    try:
        snapshot = Snapshot.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise InputError(
            t("validation.yaml.unreadable", path=path, reason=os_reason(exc))
        ) from None
    except ValueError as exc:
        first = str(exc).splitlines()[0]
        raise InputError(t("route.error.snapshot_invalid", path=path, problem=first)) from None
    if snapshot.digest != snapshot.computed_digest():
        raise CheckFailed(t("route.error.snapshot_altered", path=path))
    return snapshot


def list_snapshots(site_dir: Path) -> list[Snapshot]:
    """Every snapshot of the site, oldest first (by as-of date, then time taken)."""
    folder = snapshots_dir(site_dir)
    if not folder.is_dir():
        return []
    found = [load_snapshot(p) for p in sorted(folder.glob("*.json"))]
    return sorted(found, key=lambda s: (s.as_of, s.taken_at, s.digest))


def pick_snapshot(snapshots: list[Snapshot], wanted: str) -> Snapshot:
    """A snapshot by id (or a unique start of it), or the latest one as of a date (YYYY-MM-DD)."""
    exact = [s for s in snapshots if s.name == wanted]
    if exact:
        return exact[0]
    prefixed = [s for s in snapshots if s.name.startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    try:
        day = date.fromisoformat(wanted)
    except ValueError:
        day = None
    if day is not None:
        earlier = [s for s in snapshots if s.as_of <= day]
        if earlier:
            return earlier[-1]
        raise WorkspaceError(t("route.error.no_snapshot_before", date=wanted))
    known = ", ".join(s.name for s in snapshots) or "—"
    raise WorkspaceError(t("route.error.no_snapshot", wanted=wanted), hint=known)


def keep_scoring(workspace: Workspace, site: ScoredSite) -> tuple[Snapshot, Path]:
    """Keep a scoring already made as a snapshot of its site.

    Its plan (with the site's plan file) and route are worked out from it, with the site's
    topology model, then the snapshot is saved.
    """
    kept = planned_snapshot(
        site.checklist, site.assessment, site.scorecard, site.overrides, site.topology
    )
    return kept, save_snapshot(workspace.site_dir(site.scorecard.site_id), kept)
