"""What ``topology check`` finds, as models (printed as a table or JSON, used by the verdict)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class FailureKind(StrEnum):
    """How a removal (or the baseline) fails a load."""

    NO_POWER = "no_power"  # a critical load loses every power path
    NO_COOLING = "no_cooling"  # a room loses every cooling unit
    NO_SUPPLY = "no_supply"  # a load still works but no unit of a stage reaches it (UPS bypass)
    SHORTFALL = "shortfall"  # the units that reach some loads carry less than they need
    FUEL_HOURS = "fuel_hours"  # fuel at N below the minimum
    WATER_HOURS = "water_hours"  # make-up water at N below the minimum


class Failure(BaseModel):
    """One way a state fails the test."""

    kind: FailureKind
    stage: str | None = None
    elements: list[str] = Field(default_factory=list, description="loads or rooms concerned")
    need: float | None = None
    available: float | None = None

    def key(self) -> tuple[str, str | None, tuple[str, ...]]:
        """The failure's identity (kind, stage, elements), to compare and deduplicate."""
        return (self.kind.value, self.stage, tuple(self.elements))


class CapacityGroup(BaseModel):
    """Units of one stage that serve the same loads: need N, installed, redundancy."""

    stage: str
    units: list[str]
    need_kw: float
    installed_kw: float
    n: int | None = Field(description="units needed to carry the need (largest first)")
    redundancy: str = Field(description="below N, N, N+1, N+2..., 2N, 2(N+1)")
    largest_unit_kw: float

    @property
    def spare_units(self) -> int:
        """Units beyond N (negative when even N is not installed)."""
        return len(self.units) - self.n if self.n is not None else -1

    @property
    def unit_out_percent(self) -> float:
        """Capacity left with the largest unit out, as a share of the need."""
        left = self.installed_kw - self.largest_unit_kw
        return 100.0 * left / self.need_kw if self.need_kw else 100.0


class PointOfFailure(BaseModel):
    """An element whose planned removal takes critical loads down or leaves a shortfall."""

    element: str
    kind: str
    subsystem: str
    capacity_component: bool
    loads_down: list[str]
    failures: list[Failure]


class RuleStatus(StrEnum):
    """Whether a facts-sheet rule is met, not met or does not apply to the site."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"


class RuleFinding(BaseModel):
    """One facts-sheet rule (R1-R9): met or not, and the elements that break it."""

    rule: str
    status: RuleStatus
    elements: list[str] = Field(default_factory=list)
    details: list[str] = Field(default_factory=list)


class SubsystemTier(BaseModel):
    """The tier one subsystem reaches, and why it is no higher."""

    subsystem: str
    tier: int = Field(description="0 = below Tier I; Tier IV is not assessed")
    reasons: list[str] = Field(default_factory=list)


class TopologyReport(BaseModel):
    """Everything the check found for one model (with ``without`` out of service)."""

    digest: str
    target_tier: int
    without: list[str]
    site_tier: int
    tier_iv: str = "not_assessed"
    subsystems: list[SubsystemTier]
    capacity: list[CapacityGroup]
    baseline_failures: list[Failure]
    points_of_failure: list[PointOfFailure]
    rules: list[RuleFinding]
    fuel_hours: float | None = Field(description="with everything in service, at N")
    fuel_hours_min: float
    fuel_hours_worst: float | None = Field(
        None, description="the fewest hours left with any one element out"
    )
    makeup_water_hours: float | None
    makeup_water_hours_min: float
    makeup_water_hours_worst: float | None = None
    elements_tested: int

    @property
    def target_met(self) -> bool:
        """Whether the site reaches its target tier (Tier IV is not assessed: III at most)."""
        return self.site_tier >= min(self.target_tier, 3)

    def rule(self, rule_id: str) -> RuleFinding:
        """The finding of rule ``rule_id`` (R1-R9)."""
        return next(r for r in self.rules if r.rule == rule_id)


MAX_LISTED = 6


def listing(ids: list[str]) -> str:
    """A few ids, then how many more (as the findings' details and their descriptions list them)."""
    if len(ids) <= MAX_LISTED:
        return ", ".join(ids)
    return ", ".join(ids[:MAX_LISTED]) + f" (+{len(ids) - MAX_LISTED})"
