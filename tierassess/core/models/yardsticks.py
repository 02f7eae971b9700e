"""Yardsticks: a standard's own way of rating a site, its levels, grades and profile needs."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from tierassess.core.models.base import SLUG_PATTERN, FileModel, Lang, LocalizedText
from tierassess.core.models.criteria import Condition, Criterion, YardstickRule


class YardstickKind(StrEnum):
    """How a yardstick rates a site: by tier levels, or pass/fail."""

    TIER = "tier"
    PASS_FAIL = "pass_fail"


class ProfileRequirement(FileModel):
    """Something a yardstick needs of the site itself from a level on; no answer can replace it.

    A site whose profile fails it cannot reach that level, whatever its answers say.
    """

    condition: Condition
    level: Annotated[int, Field(ge=1, le=4)] = 1
    message: LocalizedText


class YardstickGrade(FileModel):
    """A named grade of a yardstick's own scale (Uptime OS: Gold, Silver, Bronze).

    A grade is awarded only to a site that reaches the yardstick's target level, from
    ``min_readiness`` up; where no public source gives the cut-off, ``verified`` is false and
    every verdict that shows the grade says so.
    """

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    name: LocalizedText
    min_readiness: float = Field(ge=0, le=1)
    verified: bool = True
    source: str | None = None


class Yardstick(FileModel):
    """A standard's own way of rating a site; each yardstick gives its own verdict.

    A tier yardstick rates its subsystems separately and takes the lowest (weakest link); a
    pass/fail yardstick is a list of prerequisites that are met or not. No yardstick caps another.
    """

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    kind: YardstickKind
    title: LocalizedText
    level_name: LocalizedText | None = Field(
        default=None, description="How a level reads, with {n} for its number (tier yardsticks)."
    )
    standards: list[str] = Field(default_factory=list, description="Standard ids it rests on.")
    subsystems: list[Annotated[str, Field(pattern=SLUG_PATTERN)]] = Field(
        default_factory=list, description="The subsystems it rates (tier yardsticks)."
    )
    primary: bool = Field(
        default=False, description="The yardstick whose verdict is the facility's headline tier."
    )
    requires: list[ProfileRequirement] = Field(default_factory=list)
    grades: list[YardstickGrade] = Field(
        default_factory=list,
        description="The standard's own grades, best first, for a site at its target (tier only).",
    )
    note: LocalizedText | None = None

    @model_validator(mode="after")
    def _shape(self) -> Yardstick:
        if self.grades and self.kind is not YardstickKind.TIER:
            raise ValueError("only a tier yardstick can carry grades")
        cut_offs = [g.min_readiness for g in self.grades]
        if cut_offs != sorted(cut_offs, reverse=True) or len(set(cut_offs)) != len(cut_offs):
            raise ValueError("grades go best first, each with a lower min_readiness")
        if self.kind is YardstickKind.TIER and (not self.subsystems or self.level_name is None):
            raise ValueError("a tier yardstick needs subsystems and a level_name")
        if self.kind is YardstickKind.PASS_FAIL and self.primary:
            raise ValueError("a pass/fail yardstick cannot be the primary (tier) verdict")
        return self

    def subsystem_for(self, rule: YardstickRule, criterion: Criterion) -> str:
        """The subsystem a criterion counts in: the rule's, this yardstick's only one, or its own."""
        if rule.subsystem:
            return rule.subsystem
        if len(self.subsystems) == 1:
            return self.subsystems[0]
        return criterion.subsystem

    def level_label(self, level: int, lang: Lang | str) -> str:
        """A level as this standard names it ("Tier III", "Rated-3"); {roman} and {n} fill in."""
        if self.level_name is None:
            return str(level)
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}.get(level, str(level))
        return self.level_name.get(lang).format(n=level, roman=roman)

    def grade_for(self, passed: bool, readiness: float) -> YardstickGrade | None:
        """The best grade a verdict earns: none below the target level, else by readiness."""
        if not passed:
            return None
        return next((g for g in self.grades if readiness >= g.min_readiness), None)
