"""A criterion and its parts: taxonomy, references, applicability, remediation, yardstick rules."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from tierassess.core.models.answer_entry import LevelThreshold
from tierassess.core.models.answer_kinds import AnswerSpec
from tierassess.core.models.assessment import Assessment, Result
from tierassess.core.models.base import (
    CRITERION_ID_PATTERN,
    SLUG_PATTERN,
    VERSION_PATTERN,
    FileModel,
    LocalizedText,
    version_key,
)
from tierassess.core.models.evidence import EvidenceKind
from tierassess.core.models.site import SiteProfile


class Severity(StrEnum):
    """How much an unmet criterion matters: critical, major or minor."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class Disruption(StrEnum):
    """What the remediation work does to the running facility while it is carried out."""

    NONE = "none"
    REDUCED_REDUNDANCY = "reduced_redundancy"
    SHUTDOWN = "shutdown"


class Subsystem(FileModel):
    """A part of the facility rated on its own; the facility takes the lowest subsystem's tier."""

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    title: LocalizedText


class Domain(FileModel):
    """A topic that organises the questionnaire and the report (power, cooling, ...)."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z_]{1,40}$")]
    code: Annotated[str, Field(pattern=r"^[A-Z]{2,5}$", description="Criterion id prefix.")]
    title: LocalizedText
    description: LocalizedText | None = None


class Standard(FileModel):
    """A standard or regulation the checklist cites."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,40}$")]
    title: LocalizedText
    publisher: str
    edition: str | None = None
    note: LocalizedText | None = None


class Reference(FileModel):
    """Where a criterion comes from: a standard id and a clause (paraphrased, never quoted)."""

    standard: str
    clause: LocalizedText = Field(
        description="What the standard says, paraphrased, in Vietnamese and English; a clause "
        "number alone (such as 5.3.2) may be written once and reads the same in both."
    )
    verified: bool = Field(
        default=True,
        description="False where the clause or figure could not be confirmed from a source.",
    )
    note: str | None = None

    @field_validator("clause", mode="before")
    @classmethod
    def _number_reads_alike(cls, value: object) -> object:
        # YAML reads an unquoted clause number (5.3, 12) as a number: take it as written
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        return {"vi": value, "en": value} if isinstance(value, str) else value


class EvidenceExpectation(FileModel):
    """A kind of evidence that backs a claim, and how old it may be before it proves nothing."""

    kind: EvidenceKind
    max_age_days: Annotated[int, Field(gt=0)] | None = None
    description: LocalizedText | None = None


class ConditionOp(StrEnum):
    """How a condition compares a site profile field with its value."""

    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"
    GE = "ge"
    LE = "le"


class Condition(FileModel):
    """A test on one field of the site profile; a criterion applies when all its conditions hold."""

    field: str
    op: ConditionOp = ConditionOp.EQ
    value: str | int | float | bool | list[str | int | float | bool]

    @field_validator("field")
    @classmethod
    def _known_profile_field(cls, name: str) -> str:
        if name not in SiteProfile.model_fields:
            known = ", ".join(sorted(SiteProfile.model_fields))
            raise ValueError(f"unknown site profile field {name!r} (known: {known})")
        return name

    @model_validator(mode="after")
    def _list_for_membership(self) -> Condition:
        if (self.op in (ConditionOp.IN, ConditionOp.NOT_IN)) != isinstance(self.value, list):
            raise ValueError("'in' and 'not_in' take a list; other operators take one value")
        return self

    def holds(self, profile: SiteProfile) -> bool:
        """Whether the site profile satisfies this condition."""
        actual = getattr(profile, self.field)
        if isinstance(actual, StrEnum):
            actual = actual.value
        match self.op:
            case ConditionOp.EQ:
                return bool(actual == self.value)
            case ConditionOp.NE:
                return bool(actual != self.value)
            case ConditionOp.IN:
                return actual in self.value  # type: ignore[operator]
            case ConditionOp.NOT_IN:
                return actual not in self.value  # type: ignore[operator]
            case ConditionOp.GE:
                return actual is not None and actual >= self.value
            case ConditionOp.LE:
                return actual is not None and actual <= self.value


class RemediationTemplate(FileModel):
    """What to do when a criterion is not met; becomes a RemediationAction in the plan."""

    action: LocalizedText
    cost_band: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    duration_weeks: Annotated[int, Field(gt=0, le=260)]
    lead_unit: LocalizedText | None = Field(
        default=None, description="Defaults to the site's planning lead unit."
    )
    coordinating_unit: LocalizedText | None = None
    depends_on: list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]] = Field(
        default_factory=list,
        description="Criterion ids whose remediation must be finished before this one starts.",
    )
    disruption: Disruption = Disruption.NONE
    outage_weeks: Annotated[int, Field(gt=0, le=260)] | None = Field(
        default=None,
        description=(
            "Of a shutdown or reduced-redundancy work, the weeks at its end (cut-over, isolation "
            "tests) during which the system runs without its redundancy; the weeks before "
            "(design, procurement, installation beside the running plant) leave it whole. Two "
            "such works on one system never overlap in these weeks. Empty: the whole work."
        ),
    )
    affects: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]] = Field(
        default_factory=list,
        description=(
            "What a shutdown or reduced-redundancy work takes out of service in its outage "
            "weeks: topology element kinds (docs/topology.md). With a site's topology model, "
            "works whose outages, taken together, would put a critical load at risk never "
            "overlap (tierassess.core.planning.outages); without a model, or when the model has "
            "no element of these kinds, the criterion's subsystem decides."
        ),
    )

    @model_validator(mode="after")
    def _outage_within_work(self) -> RemediationTemplate:
        if self.outage_weeks is not None and self.outage_weeks > self.duration_weeks:
            raise ValueError("outage_weeks must not exceed duration_weeks")
        if self.disruption is Disruption.NONE and (self.outage_weeks or self.affects):
            raise ValueError("outage_weeks and affects are for works with a disruption")
        return self


class YardstickRule(FileModel):
    """How a criterion counts for one yardstick: from which level, and whether it blocks."""

    yardstick: Annotated[str, Field(pattern=SLUG_PATTERN)]
    level: Annotated[int, Field(ge=1, le=4)] = Field(
        default=1, description="The lowest level (Tier, Rated) that requires it; 1 for pass/fail."
    )
    must_pass: bool = Field(
        default=True, description="Not met at a level it is required at keeps the verdict below."
    )
    subsystem: Annotated[str, Field(pattern=SLUG_PATTERN)] | None = Field(
        default=None,
        description="The yardstick's subsystem it counts in (default: the criterion's).",
    )
    thresholds: dict[Annotated[int, Field(ge=1, le=4)], LevelThreshold] = Field(
        default_factory=dict, description="Per-level thresholds, where they differ by level."
    )
    not_applicable_allowed: bool = Field(
        default=True,
        description="False where the yardstick itself requires it at every site: 'not applicable' "
        "never stops it blocking (e.g. on-site generation for Uptime).",
    )
    verified: bool = Field(
        default=True, description="False where this yardstick's rule could not be confirmed."
    )
    note: LocalizedText | None = None

    @model_validator(mode="after")
    def _levels_from_rule(self) -> YardstickRule:
        below = [level for level in self.thresholds if level < self.level]
        if below:
            raise ValueError(f"thresholds for level {below[0]} below the rule's level {self.level}")
        return self

    def threshold_at(self, level: int) -> LevelThreshold | None:
        """The per-level threshold that applies at ``level`` (the nearest at or below it)."""
        keys = [k for k in self.thresholds if k <= level]
        return self.thresholds[max(keys)] if keys else None

    def unverified_at(self, level: int) -> bool:
        """Whether the rule's figure at ``level`` is not verified against its source."""
        spec = self.threshold_at(level)
        return not self.verified or (spec is not None and not spec.verified)


class Criterion(FileModel):
    """One requirement checked on site."""

    id: Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]
    domain: str
    subsystem: str
    min_tier: Annotated[int, Field(ge=1, le=4)]
    title: LocalizedText
    requirement: LocalizedText
    guidance: LocalizedText
    answer: AnswerSpec
    severity: Severity
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    must_pass: bool = False
    evidence: list[EvidenceExpectation] = Field(default_factory=list)
    references: Annotated[list[Reference], Field(min_length=1)]
    applies_if: list[Condition] = Field(default_factory=list)
    remediation: RemediationTemplate
    unverified: LocalizedText | None = Field(
        default=None,
        description="What in this criterion could not be confirmed from a source, said plainly.",
    )
    counts_for: list[YardstickRule] = Field(
        default_factory=list,
        description="The yardsticks this criterion counts for, and at which level; empty: it "
        "only counts towards readiness.",
    )
    asked_since: Annotated[str, Field(pattern=VERSION_PATTERN)] | None = Field(
        default=None,
        description="The catalogue version in which this question last changed meaning (the "
        "same id now asks something else). An answer given under an older version is not "
        "judged under the new meaning: it needs a new answer.",
    )

    @model_validator(mode="after")
    def _rules_fit(self) -> Criterion:
        seen: set[str] = set()
        for rule in self.counts_for:
            if rule.yardstick in seen:
                raise ValueError(f"counts_for names yardstick {rule.yardstick!r} twice")
            seen.add(rule.yardstick)
            if rule.level < self.min_tier:
                raise ValueError(
                    f"counts_for {rule.yardstick}: level {rule.level} is below min_tier "
                    f"{self.min_tier} (the criterion would not be asked there)"
                )
            for level, spec in rule.thresholds.items():
                self._check_threshold(rule.yardstick, level, spec)
        lowest = min((r.level for r in self.counts_for), default=self.min_tier)
        if lowest != self.min_tier:
            raise ValueError(
                f"min_tier {self.min_tier} must be {lowest}, the lowest counts_for level "
                "(the questionnaire asks a criterion from the first level that needs it)"
            )
        if self.counts_for and self.must_pass != any(r.must_pass for r in self.counts_for):
            raise ValueError("must_pass must be true exactly when a counts_for rule is must_pass")
        return self

    def _check_threshold(self, yardstick: str, level: int, spec: LevelThreshold) -> None:
        self.answer.check_level(f"counts_for {yardstick}: thresholds[{level}]", spec)

    def asks_anew(self, answered_under: str | None) -> bool:
        """True when an answer given under catalogue ``answered_under`` predates this question.

        An unknown version (None) is taken as older: nothing is re-judged silently.
        """
        if self.asked_since is None:
            return False
        return answered_under is None or version_key(answered_under) < version_key(self.asked_since)

    def asked_anew_in(self, assessment: Assessment) -> bool:
        """True when ``assessment``'s recorded answer was given before this question changed.

        Such an answer is not judged, and the questionnaire asks the question again.
        """
        answer = assessment.answers.get(self.id)
        if answer is None:
            return False
        given = answer.result is not Result.NOT_ASSESSED or answer.value is not None
        return given and self.asks_anew(assessment.answered_under(answer))

    def rule(self, yardstick: str) -> YardstickRule | None:
        """How this criterion counts for ``yardstick`` (None when it does not)."""
        return next((r for r in self.counts_for if r.yardstick == yardstick), None)

    def applies_to(self, profile: SiteProfile, tier: int | None = None) -> bool:
        """True when the criterion is in scope for this site at this tier (default: its target)."""
        wanted = profile.target_tier if tier is None else tier
        return self.min_tier <= wanted and all(c.holds(profile) for c in self.applies_if)
