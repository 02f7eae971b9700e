"""What a route is, as the commands, the report and snapshots see it."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from tierassess.core.models import ActionStatus, LocalizedText, Model


class RouteStep(Model):
    """One action on the route, with why it is there."""

    id: str
    title: LocalizedText
    combined: bool = Field(description="A combined action from the planning table.")
    closes: list[str] = Field(description="Every open criterion this action closes.")
    reasons: list[str] = Field(
        description="The target's requirements it closes: its reason for being on the route."
    )
    needed_by: list[str] = Field(
        default_factory=list, description="Route actions that need it first (a prerequisite)."
    )
    cost_min_vnd: int
    cost_max_vnd: int
    cost_expected_vnd: int
    status: ActionStatus = ActionStatus.PLANNED


class MarginalRoute(Model):
    """What one more target would cost on top of the route (the next tier, another yardstick)."""

    target_tier: int
    standard: str | None = None
    reachable: bool
    steps: list[RouteStep] = Field(default_factory=list)
    cost_min_vnd: int = 0
    cost_max_vnd: int = 0
    cost_expected_vnd: int = 0
    uncovered: list[str] = Field(
        default_factory=list, description="Requirements that no action of the plan closes."
    )
    beyond_catalogue: bool = Field(
        default=False, description="The catalogue has no criterion at this tier."
    )


class Route(Model):
    """The minimum-cost set of actions whose completion makes the target verdict reachable."""

    site_id: str
    checklist_version: str
    target_tier: int
    standard: str | None = None
    as_of: date
    solver: str
    reached: bool = Field(description="The target verdict is already reached: nothing to fund.")
    complete: bool = Field(
        description="The route closes every requirement that money can close (none uncovered)."
    )
    steps: list[RouteStep]
    cost_min_vnd: int
    cost_max_vnd: int
    cost_expected_vnd: int
    requirements: list[str] = Field(description="Criteria that must count as met for the target.")
    uncovered: list[str] = Field(
        default_factory=list, description="Requirements that no action of the plan closes."
    )
    to_assess: list[str] = Field(
        default_factory=list, description="Requirements not answered yet: assess them first."
    )
    to_verify: list[str] = Field(
        default_factory=list,
        description="Requirements claimed met without valid evidence: collect or renew it.",
    )
    beyond_route: list[str] = Field(
        default_factory=list, description="Open plan actions the full plan adds beyond the route."
    )
    beyond_cost_min_vnd: int = 0
    beyond_cost_max_vnd: int = 0
    plan_cost_min_vnd: int = 0
    plan_cost_max_vnd: int = 0
    marginal: list[MarginalRoute] = Field(default_factory=list)

    def funded_ids(self) -> set[str]:
        """The plan actions the route funds: its own steps and the criteria combined ones close."""
        return {s.id for s in self.steps} | {c for s in self.steps for c in s.closes}
