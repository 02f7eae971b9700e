"""What scoring produces: each criterion's standing, readiness by area, verdicts by yardstick."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from tierassess.core.models.assessment import Result
from tierassess.core.models.base import Model
from tierassess.core.models.criteria import Severity
from tierassess.core.models.yardsticks import YardstickKind


class EvidenceStatus(StrEnum):
    """Whether a criterion's evidence is in order: ok, missing, stale, rejected, not required."""

    OK = "ok"
    MISSING = "missing"
    STALE = "stale"
    REJECTED = "rejected"
    NOT_REQUIRED = "not_required"


class CriterionScore(Model):
    """How one applicable criterion stands."""

    criterion_id: str
    domain: str
    subsystem: str
    min_tier: int
    severity: Severity
    must_pass: bool
    weight: float
    result: Result
    compliance: float = Field(description="1 met, 0.5 partial, 0 otherwise.")
    gap_score: float = Field(description="(1 - compliance) x severity factor x weight.")
    evidence_status: EvidenceStatus
    counts_as_met: bool = Field(description="Met, and backed as the scoring settings require.")
    unanswered: bool
    unverified: bool = Field(
        default=False,
        description="Claimed met or partial, but lacking the fresh, not-rejected evidence required.",
    )
    value: float | None = Field(default=None, description="The measured value, when measured.")


class AreaReadiness(Model):
    """Readiness of a domain or a subsystem: weighted compliance over its applicable criteria."""

    id: str
    readiness: float = Field(ge=0, le=1)
    applicable: int
    met: int
    partial: int
    not_met: int
    unanswered: int
    unverified: int
    gap_score: float = Field(default=0.0, description="Sum of the criteria's gap scores.")


class SubsystemVerdict(Model):
    """The tier one subsystem reaches, its readiness, and what blocks the target."""

    subsystem: str
    tier: int = Field(ge=0, le=4, description="Highest tier whose must-pass criteria are all met.")
    readiness: float
    blockers: list[str] = Field(description="Must-pass criteria not met at the target tier.")


class BlockReason(StrEnum):
    """Why a must-pass rule does not count as met at a level."""

    NOT_MET = "not_met"
    PARTIAL = "partial"
    UNANSWERED = "unanswered"
    UNVERIFIED = "unverified"
    NA_UNACCEPTED = "na_unaccepted"
    NA_NOT_ALLOWED = "na_not_allowed"
    PROFILE = "profile"
    DESIGN_UNKNOWN = "design_unknown"  # answered, but its threshold needs a design condition
    ASKED_ANEW = "asked_anew"  # answered before the question changed meaning: answer again


class YardstickBlocker(Model):
    """One must-pass rule that keeps a yardstick's verdict below a level."""

    criterion_id: str = Field(
        description="The criterion, or 'profile:<field>' for the site itself."
    )
    subsystem: str | None = None
    level: int = Field(description="The lowest level at which it fails.")
    reason: BlockReason
    unverified_rule: bool = Field(
        default=False, description="The figure it fails rests on an unconfirmed source."
    )


class YardstickSubsystem(Model):
    """The level one subsystem reaches on a yardstick, and what blocks it."""

    subsystem: str
    level: int = Field(ge=0, le=4)
    readiness: float = Field(default=1.0, ge=0, le=1)
    blockers: list[str] = Field(description="Its blocking criteria, lowest failing level first.")


class YardstickVerdict(Model):
    """One yardstick's own verdict: a level (tier yardsticks) or pass/fail, and what decides it.

    ``decided_by`` names the rules that hold the verdict where it is ("why Tier I"): the criteria
    failing at the next level up in the weakest subsystems, or the profile. ``capped_by`` says why
    the verdict stops where it does when no criterion holds it down.
    """

    yardstick: str
    kind: YardstickKind
    level: int | None = Field(default=None, description="Tier yardsticks: 0 below level 1.")
    target: int | None = None
    passed: bool = Field(description="At or above the target level; pass/fail: every item met.")
    decided_by: list[str] = Field(default_factory=list)
    capped_by: Literal["blockers", "target", "coverage", "profile", "none"] = "none"
    subsystems: list[YardstickSubsystem] = Field(default_factory=list)
    blockers: list[YardstickBlocker] = Field(default_factory=list)
    readiness: float = Field(default=1.0, ge=0, le=1)
    criteria: int = Field(default=0, description="Criteria scored for this yardstick.")
    unverified_rules: list[str] = Field(
        default_factory=list, description="Criteria whose figure here is unconfirmed."
    )
    profile_problems: list[str] = Field(
        default_factory=list, description="Profile requirements the site fails (their fields)."
    )
    undetermined: dict[str, str] = Field(
        default_factory=dict,
        description="Criteria of this yardstick that cannot be judged for want of a site design "
        "condition (criterion id -> condition).",
    )
    grade: str | None = Field(
        default=None,
        description="The yardstick's own grade (e.g. Uptime OS 'gold'), if it has one.",
    )
    grade_verified: bool = Field(
        default=True, description="False when the grade's cut-off is not confirmed from a source."
    )


class ScoringSettings(Model):
    """Choices that change a verdict; the defaults are conservative."""

    unverified_counts_as_met: bool = False
    stale_counts_as_missing: bool = True
    as_of: date | None = None
    target_tier: Annotated[int, Field(ge=1, le=4)] | None = Field(
        default=None, description="Score against this tier instead of the site's target."
    )


class Scorecard(Model):
    """A site scored against a checklist as of a date: verdicts, readiness and every criterion."""

    site_id: str
    checklist_id: str
    checklist_version: str
    target_tier: int
    as_of: date
    settings: ScoringSettings
    criteria: list[CriterionScore]
    domains: list[AreaReadiness]
    subsystems: list[AreaReadiness]
    verdicts: list[SubsystemVerdict]
    facility_tier: int = Field(ge=0, le=4, description="The lowest subsystem tier.")
    meets_target: bool
    readiness: float
    unanswered: list[str]
    undetermined: dict[str, str] = Field(
        default_factory=dict,
        description="Answered criteria that cannot be judged: their threshold refers to a site "
        "design condition the profile leaves unknown (criterion id -> condition). Not counted "
        "as met, nor as unanswered.",
    )
    asked_anew: dict[str, str] = Field(
        default_factory=dict,
        description="Criteria whose recorded answer was given before their question changed "
        "meaning (criterion id -> the catalogue version that changed it): not judged under the "
        "new meaning, counted as unanswered until answered again.",
    )
    unverified: list[str] = Field(description="Claimed met but lacking fresh, accepted evidence.")
    not_applicable: list[str] = Field(
        default_factory=list, description="Criteria answered not applicable (left out of scoring)."
    )
    stale: list[str] = Field(default_factory=list, description="Claims whose evidence is too old.")
    rejected: list[str] = Field(default_factory=list, description="Answers an auditor rejected.")
    gap_score: float = Field(default=0.0, description="Sum of every criterion's gap score.")
    yardsticks: list[YardstickVerdict] = Field(
        default_factory=list,
        description="Each yardstick's own verdict; the primary one also sets facility_tier.",
    )
    primary_yardstick: str | None = Field(
        default=None, description="The yardstick facility_tier and verdicts come from, if any."
    )
