"""The domain model shared by the catalogue, questionnaire, evidence store, scoring and reports.

Everything read from a file forbids unknown keys (``extra="forbid"``) so that a typo in a checklist
or an answers file is reported instead of silently ignored. Validators enforce the *authoring*
rules (id shapes, both languages, units on thresholds), not only the types.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

CRITERION_ID_PATTERN = r"^[A-Z]{2,5}(-[A-Z0-9]{2,8})*-[0-9]{2,3}$"
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"


def utc_now() -> datetime:
    """The current time in UTC, without microseconds (they only add noise to diffs)."""
    return datetime.now(UTC).replace(microsecond=0)


class Model(BaseModel):
    """Base of every model; validators are built on first use, not at import.

    Building all of them up front costs a quarter of a second on every start, and most commands use
    few.
    """

    model_config = ConfigDict(defer_build=True)


class FileModel(Model):
    """Base for everything read from a user-editable file: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


class Lang(StrEnum):
    """The languages the tool speaks: Vietnamese and English."""

    VI = "vi"
    EN = "en"


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


NonBlank = Annotated[str, AfterValidator(_not_blank)]


def _name(value: str) -> str:
    from tierassess.textsafe import MAX_NAME_CHARS, has_control, nfc

    value = nfc(value).strip()
    if not value:
        raise ValueError("must not be empty")
    if has_control(value):
        raise ValueError("must not hold control characters (line breaks, tabs, escapes, NUL)")
    if len(value) > MAX_NAME_CHARS:
        raise ValueError(f"is {len(value)} characters long, over the limit of {MAX_NAME_CHARS}")
    return value


def _free_text(value: str) -> str:
    from tierassess.textsafe import MAX_NOTE_CHARS, strip_controls

    value = strip_controls(value)
    if len(value) > MAX_NOTE_CHARS:
        raise ValueError(f"is {len(value)} characters long, over the limit of {MAX_NOTE_CHARS}")
    return value


Name = Annotated[str, AfterValidator(_name)]
"""A person's, a site's or a file's name: NFC, one line, no control character, bounded length."""

FreeText = Annotated[str, AfterValidator(_free_text)]
"""Notes and comments: NFC, control characters (but line breaks and tabs) removed, bounded."""

FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class LocalizedText(FileModel):
    """A text every user sees, in Vietnamese and English; both are required."""

    vi: NonBlank
    en: NonBlank

    def get(self, lang: Lang | str) -> str:
        """The text in ``lang``: Vietnamese for ``vi``, else English."""
        return self.vi if str(lang) == "vi" else self.en


# --- catalogue -----------------------------------------------------------------------------------


class Severity(StrEnum):
    """How much an unmet criterion matters: critical, major or minor."""

    CRITICAL = "critical"
    MAJOR = "major"
    MINOR = "minor"


class EvidenceKind(StrEnum):
    """What an evidence file is: photo, drawing, test record, log or document."""

    PHOTO = "photo"
    DRAWING = "drawing"
    TEST_RECORD = "test_record"
    LOG = "log"
    DOCUMENT = "document"


class Comparator(StrEnum):
    """How a measured value is compared with its threshold."""

    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="

    def holds(self, value: float, threshold: float) -> bool:
        """Whether ``value`` compares with ``threshold`` as this comparator says."""
        match self:
            case Comparator.GE:
                return value >= threshold
            case Comparator.GT:
                return value > threshold
            case Comparator.LE:
                return value <= threshold
            case Comparator.LT:
                return value < threshold
            case Comparator.EQ:
                return value == threshold


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
    clause: str
    verified: bool = Field(
        default=True,
        description="False where the clause or figure could not be confirmed from a source.",
    )
    note: str | None = None


class YesNoAnswer(FileModel):
    """A criterion answered yes (met) or no (not met)."""

    kind: Literal["yes_no"] = "yes_no"


class MeasuredAnswer(FileModel):
    """A number measured on site, compared with a threshold (e.g. on-site fuel >= 12 h)."""

    kind: Literal["measured"] = "measured"
    unit: NonBlank
    comparator: Comparator
    threshold: float
    partial_threshold: float | None = Field(
        default=None,
        description="A value at or beyond which (by the same comparator) the result is partial.",
    )
    plausible_min: float = 0.0
    plausible_max: float | None = None
    quantity: LocalizedText | None = Field(
        default=None, description="What is measured, as asked in the questionnaire."
    )
    threshold_from: str | None = Field(
        default=None,
        description="A site design condition (SiteDesignConditions field) that sets the threshold "
        "for each site; 'threshold' is then the default site's value, and the partial threshold "
        "keeps its distance from it.",
    )

    @model_validator(mode="after")
    def _bounds_make_sense(self) -> MeasuredAnswer:
        if self.plausible_max is not None and self.plausible_max <= self.plausible_min:
            raise ValueError("plausible_max must be greater than plausible_min")
        if self.threshold_from is not None and self.threshold_from not in DESIGN_CONDITIONS:
            known = ", ".join(sorted(DESIGN_CONDITIONS))
            raise ValueError(
                f"threshold_from: unknown site design condition {self.threshold_from!r} "
                f"(known: {known})"
            )
        return self

    def thresholds_for(self, profile: SiteProfile | None) -> tuple[float, float | None]:
        """The threshold and partial threshold for a site.

        From its design conditions where the criterion refers to one (the partial threshold
        keeps its distance), else as written.
        """
        if self.threshold_from is None or profile is None:
            return self.threshold, self.partial_threshold
        threshold = float(getattr(profile.design, self.threshold_from))
        if self.partial_threshold is None:
            return threshold, None
        return threshold, threshold - (self.threshold - self.partial_threshold)

    def judge(self, value: float, threshold: float, partial_threshold: float | None) -> Result:
        """The result ``value`` earns against the given thresholds (by this comparator)."""
        if self.comparator.holds(value, threshold):
            return Result.MET
        if partial_threshold is not None and self.comparator.holds(value, partial_threshold):
            return Result.PARTIAL
        return Result.NOT_MET

    def result_for(self, value: float, profile: SiteProfile | None = None) -> Result:
        """The result a measured value earns against this threshold (the site's, if it has one)."""
        return self.judge(value, *self.thresholds_for(profile))


class ChoiceOption(FileModel):
    """One option of a choice criterion: its id, label and the result it earns."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
    label: LocalizedText
    result: Literal["met", "partial", "not_met"]


class ChoiceAnswer(FileModel):
    """A criterion answered by choosing one of its options."""

    kind: Literal["choice"] = "choice"
    options: Annotated[list[ChoiceOption], Field(min_length=2)]

    @field_validator("options")
    @classmethod
    def _unique_option_ids(cls, options: list[ChoiceOption]) -> list[ChoiceOption]:
        ids = [o.id for o in options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        return options


AnswerSpec = Annotated[YesNoAnswer | MeasuredAnswer | ChoiceAnswer, Field(discriminator="kind")]


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


class LevelThreshold(FileModel):
    """What a criterion asks at one level of a yardstick, where it differs from its answer spec.

    Applies from its level up to the next level that has its own entry.
    """

    threshold: float | None = Field(
        default=None, description="Measured criteria: the threshold at this level."
    )
    partial_threshold: float | None = None
    met_options: list[Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]] | None = Field(
        default=None, description="Choice criteria: the options that count as met at this level."
    )
    verified: bool = Field(
        default=True, description="False where this figure could not be confirmed from a source."
    )

    @model_validator(mode="after")
    def _says_something(self) -> LevelThreshold:
        if self.threshold is None and self.met_options is None:
            raise ValueError("a level threshold needs 'threshold' or 'met_options'")
        if self.partial_threshold is not None and self.threshold is None:
            raise ValueError("partial_threshold needs a threshold")
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
        where = f"counts_for {yardstick}: thresholds[{level}]"
        if spec.threshold is not None and not isinstance(self.answer, MeasuredAnswer):
            raise ValueError(f"{where}: 'threshold' needs a measured answer")
        if spec.met_options is not None:
            if not isinstance(self.answer, ChoiceAnswer):
                raise ValueError(f"{where}: 'met_options' needs a choice answer")
            known = {o.id for o in self.answer.options}
            unknown = [o for o in spec.met_options if o not in known]
            if unknown:
                raise ValueError(f"{where}: unknown option {unknown[0]!r}")

    def rule(self, yardstick: str) -> YardstickRule | None:
        """How this criterion counts for ``yardstick`` (None when it does not)."""
        return next((r for r in self.counts_for if r.yardstick == yardstick), None)

    def applies_to(self, profile: SiteProfile, tier: int | None = None) -> bool:
        """True when the criterion is in scope for this site at this tier (default: its target)."""
        wanted = profile.target_tier if tier is None else tier
        return self.min_tier <= wanted and all(c.holds(profile) for c in self.applies_if)


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


class ChecklistHeader(FileModel):
    """The manifest of a checklist: identity, the standards it cites, its taxonomy."""

    kind: Literal["checklist"]
    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")]
    title: LocalizedText
    description: LocalizedText | None = None
    disclaimer: LocalizedText
    standards: Annotated[list[Standard], Field(min_length=1)]
    subsystems: Annotated[list[Subsystem], Field(min_length=1)]
    domains: Annotated[list[Domain], Field(min_length=1)]
    units: dict[str, LocalizedText] = Field(
        default_factory=dict,
        description="How each unit used by a measured criterion reads in each language.",
    )
    yardsticks: list[Yardstick] = Field(
        default_factory=list, description="The standards' own verdicts, each given separately."
    )

    @model_validator(mode="after")
    def _yardsticks_fit(self) -> ChecklistHeader:
        ids = [y.id for y in self.yardsticks]
        if len(ids) != len(set(ids)):
            raise ValueError("yardstick ids must be unique")
        if sum(y.primary for y in self.yardsticks) > 1:
            raise ValueError("at most one yardstick can be primary")
        subsystems = {s.id for s in self.subsystems}
        for yardstick in self.yardsticks:
            for subsystem in yardstick.subsystems:
                if subsystem not in subsystems:
                    raise ValueError(f"yardstick {yardstick.id}: unknown subsystem {subsystem!r}")
        return self

    def yardstick(self, yardstick_id: str) -> Yardstick:
        """The yardstick with ``yardstick_id``; KeyError when there is none."""
        for yardstick in self.yardsticks:
            if yardstick.id == yardstick_id:
                return yardstick
        raise KeyError(yardstick_id)


class CriteriaFile(FileModel):
    """A file of criteria belonging to a checklist (one file per domain reads best)."""

    kind: Literal["criteria"]
    checklist: Annotated[str, Field(pattern=SLUG_PATTERN)]
    criteria: Annotated[list[Criterion], Field(min_length=1)]


class CostBand(FileModel):
    """A cost range in VND that remediation templates refer to by id."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    label: LocalizedText
    min_vnd: Annotated[int, Field(ge=0)]
    max_vnd: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> CostBand:
        if self.max_vnd < self.min_vnd:
            raise ValueError("max_vnd must not be below min_vnd")
        return self


class PlanningDefaults(FileModel):
    """Defaults a new site's planning section starts from (editable by users)."""

    start_year: Annotated[int, Field(ge=2000, le=2100)]
    end_year: Annotated[int, Field(ge=2000, le=2100)]
    lead_unit: LocalizedText
    coordinating_unit: LocalizedText


ACTION_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"


class CombinedAction(FileModel):
    """One piece of work that closes several criteria at once.

    A second fuel pipe serves fuel capacity and concurrent maintainability; the cheapest route may
    choose it over the criteria's own actions.
    """

    id: Annotated[str, Field(pattern=ACTION_ID_PATTERN, max_length=40)]
    title: LocalizedText
    closes: Annotated[
        list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]], Field(min_length=1)
    ] = Field(description="The criteria this work brings to met.")
    cost_band: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    duration_weeks: Annotated[int, Field(gt=0, le=260)]
    depends_on: list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]] = Field(
        default_factory=list, description="Criterion ids that must be closed before this work."
    )
    model_change: dict[str, Any] | None = Field(
        default=None,
        description="What the work does to a site's topology model (a topology ModelChange: "
        "add_elements, add_connections, ...); the route applies it and re-runs the check.",
    )


class TogetherGroup(FileModel):
    """Actions that only make sense together: a route funds all of them or none."""

    actions: Annotated[
        list[Annotated[str, Field(pattern=ACTION_ID_PATTERN)]], Field(min_length=2)
    ] = Field(description="Criterion ids (their own actions) or combined action ids.")
    reason: LocalizedText


class PlanningTable(FileModel):
    """Cost bands in VND and planning defaults; users edit this file to match local prices."""

    kind: Literal["planning"]
    currency: Literal["VND"] = "VND"
    as_of: date
    note: LocalizedText | None = None
    cost_bands: Annotated[list[CostBand], Field(min_length=1)]
    defaults: PlanningDefaults
    combined_actions: list[CombinedAction] = Field(
        default_factory=list, description="Work that closes several criteria at once."
    )
    only_together: list[TogetherGroup] = Field(
        default_factory=list, description="Groups of actions funded all together or not at all."
    )


class CriterionRename(FileModel):
    """A criterion renamed (one new id) or split (several) by a catalogue version."""

    old: Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]
    new: Annotated[list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]], Field(min_length=1)]
    since: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")] = Field(
        description="The catalogue version that made the change."
    )


class RenameTable(FileModel):
    """Criteria renamed or split between catalogue versions (``checklists/renames.yaml``).

    So that progress is compared across versions without counting a renamed criterion as a new gap.
    """

    kind: Literal["renames"]
    renames: list[CriterionRename] = Field(default_factory=list)


CatalogueFile = Annotated[
    ChecklistHeader | CriteriaFile | PlanningTable | RenameTable, Field(discriminator="kind")
]


class Checklist(Model):
    """A whole checklist as loaded: header plus every criterion from every file."""

    model_config = ConfigDict(extra="forbid")

    header: ChecklistHeader
    criteria: list[Criterion]
    planning: PlanningTable | None = None
    renames: list[CriterionRename] = Field(default_factory=list)
    source_digest: str = Field(
        default="", description="SHA-256 over the files it was loaded from, for bundles."
    )

    @property
    def id(self) -> str:
        """The checklist's id, from its header."""
        return self.header.id

    @property
    def version(self) -> str:
        """The checklist's version, from its header."""
        return self.header.version

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with ``criterion_id``; KeyError when there is none."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def by_id(self) -> dict[str, Criterion]:
        """Every criterion by its id."""
        return {c.id: c for c in self.criteria}

    def unit_label(self, unit: str | None, lang: Lang | str) -> str:
        """A unit as people read it in ``lang`` (``sets`` reads ``tổ máy`` in Vietnamese)."""
        if not unit:
            return ""
        label = self.header.units.get(unit)
        return label.get(lang) if label else unit

    def domain(self, domain_id: str) -> Domain:
        """The domain with ``domain_id``; KeyError when there is none."""
        for domain in self.header.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def subsystem(self, subsystem_id: str) -> Subsystem:
        """The subsystem with ``subsystem_id``; KeyError when there is none."""
        for subsystem in self.header.subsystems:
            if subsystem.id == subsystem_id:
                return subsystem
        raise KeyError(subsystem_id)

    def applicable(self, profile: SiteProfile, tier: int | None = None) -> list[Criterion]:
        """Criteria in scope for the site, in questionnaire order (domain order, then file order)."""
        order = {d.id: i for i, d in enumerate(self.header.domains)}
        chosen = [c for c in self.criteria if c.applies_to(profile, tier)]
        return sorted(chosen, key=lambda c: order.get(c.domain, len(order)))


# --- site and assessment -------------------------------------------------------------------------


class CoolingTechnology(StrEnum):
    """How the site cools its IT load; some criteria apply only to some technologies."""

    DX_AIR_COOLED = "dx_air_cooled"
    CHILLED_WATER_AIR_COOLED = "chilled_water_air_cooled"
    CHILLED_WATER_EVAPORATIVE = "chilled_water_evaporative"
    IN_ROW_DX = "in_row_dx"
    LIQUID_DIRECT = "liquid_direct"


class PlanningSettings(FileModel):
    """How this site's remediation plan is scheduled and who carries it out."""

    start_year: Annotated[int, Field(ge=2000, le=2100)] = 2025
    end_year: Annotated[int, Field(ge=2000, le=2100)] = 2030
    lead_unit: LocalizedText | None = None
    coordinating_unit: LocalizedText | None = None
    budget_per_year_vnd: Annotated[int, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def _window(self) -> PlanningSettings:
        if self.end_year < self.start_year:
            raise ValueError("end_year must not be before start_year")
        return self


class SiteDesignConditions(FileModel):
    """The site's design conditions that thresholds refer to (``threshold_from``).

    The defaults are Quảng Ngãi's; ``sources`` says where each value of this site comes from.
    """

    extreme_dry_bulb_c: Annotated[float, Field(ge=20, le=60)] = Field(
        default=41.4,
        description="Extreme outdoor dry-bulb temperature the heat rejection must work at (°C).",
    )
    extreme_wet_bulb_c: Annotated[float, Field(ge=15, le=40)] = Field(
        default=30.0,
        description="Extreme outdoor wet-bulb temperature for cooling towers (°C).",
    )
    flood_level_m: Annotated[float, Field(ge=0, le=20)] | None = Field(
        default=None,
        description="Highest recorded flood level above the site's ground floor (m), if known.",
    )
    sources: dict[str, str] = Field(
        default_factory=lambda: dict(QUANG_NGAI_DESIGN_SOURCES),
        description="Where each value comes from (field name -> source).",
    )

    @field_validator("sources")
    @classmethod
    def _sources_name_fields(cls, sources: dict[str, str]) -> dict[str, str]:
        for name in sources:
            if name not in DESIGN_CONDITIONS:
                raise ValueError(f"source for unknown design condition {name!r}")
        return sources


QUANG_NGAI_DESIGN_SOURCES: dict[str, str] = {
    "extreme_dry_bulb_c": (
        "Quảng Ngãi station absolute maximum, 41.4 °C, from published climate data; "
        "not yet checked against QCVN 02:2022/BXD (unverified)"
    ),
    "extreme_wet_bulb_c": (
        "Placeholder for a hot, humid coastal site; take the value from QCVN 02:2022/BXD or the "
        "meteorological station (unverified)"
    ),
}
DESIGN_CONDITIONS = frozenset({"extreme_dry_bulb_c", "extreme_wet_bulb_c", "flood_level_m"})


class SiteProfile(FileModel):
    """What a facility is; applicability conditions and planning read these fields."""

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    name: Name
    operator: Name
    address: Name
    target_tier: Annotated[int, Field(ge=1, le=4)] = 3
    cooling_technology: CoolingTechnology
    design_it_load_kw: Annotated[float, Field(gt=0, le=200_000)]
    halls: Annotated[int, Field(ge=1, le=100)] = 1
    report_language: Lang = Lang.VI
    assessor: Name | None = None
    has_generators: bool = True
    has_raised_floor: bool = True
    gaseous_suppression: bool = True
    shared_building: bool = False
    coastal: bool = Field(default=False, description="Exposed to typhoons and storm surge.")
    state_agency: bool = Field(
        default=True, description="Operated by a state body (Vietnamese state-DC duties apply)."
    )
    sample: bool = Field(default=False, description="An illustrative site, not a real facility.")
    planning: PlanningSettings = Field(default_factory=PlanningSettings)
    design: SiteDesignConditions = Field(
        default_factory=SiteDesignConditions,
        description="Design conditions thresholds refer to (Quảng Ngãi defaults).",
    )
    notes: FreeText | None = None
    governing_body: Name | None = Field(
        default=None, description="The body the operator answers to, e.g. UBND TỈNH QUẢNG NGÃI."
    )
    signer_title: Name | None = Field(default=None, description="Who signs plans, e.g. GIÁM ĐỐC.")
    signer_name: Name | None = None


class Result(StrEnum):
    """What an answer earns: met, partial, not met, not applicable, or not assessed yet."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"


class WorkflowState(StrEnum):
    """Where a criterion is in the questionnaire: to do, answered, or flagged for review."""

    TODO = "todo"
    ANSWERED = "answered"
    FLAGGED = "flagged"


class ReviewVerdict(StrEnum):
    """An auditor's verdict on an answer: accepted, rejected, or evidence needed."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    NEEDS_EVIDENCE = "needs_evidence"


class Review(FileModel):
    """An auditor's decision on one answer."""

    verdict: ReviewVerdict
    comment: FreeText | None = None
    reviewer: Name
    at: datetime
    key_id: str | None = Field(
        default=None, description="The reviewer's signing key, for a review that came back signed."
    )


class AnswerRevision(FileModel):
    """An earlier value of an answer, kept when it is changed."""

    result: Result
    value: FiniteFloat | None = None
    choice: str | None = None
    justification: FreeText | None = None
    notes: FreeText | None = None
    evidence: list[str] = Field(default_factory=list)
    answered_by: str | None = None
    answered_at: datetime | None = None


class Answer(FileModel):
    """What was found for one criterion. Result (what) is apart from workflow state (where)."""

    result: Result = Result.NOT_ASSESSED
    value: FiniteFloat | None = None
    unit: str | None = None
    choice: str | None = None
    justification: FreeText | None = Field(
        default=None, description="Why the criterion does not apply; required for not_applicable."
    )
    notes: FreeText | None = None
    evidence: list[str] = Field(
        default_factory=list,
        description="SHA-256 of evidence items in the site's store (or a file path not yet stored).",
    )
    answered_by: str | None = None
    answered_at: datetime | None = None
    state: WorkflowState = WorkflowState.TODO
    review: Review | None = None
    history: list[AnswerRevision] = Field(default_factory=list)

    @model_validator(mode="after")
    def _justified(self) -> Answer:
        if self.result is Result.NOT_APPLICABLE and not (self.justification or "").strip():
            raise ValueError("a not_applicable answer needs a justification")
        return self

    def revision(self) -> AnswerRevision:
        """This answer as a history entry."""
        return AnswerRevision(
            result=self.result,
            value=self.value,
            choice=self.choice,
            justification=self.justification,
            notes=self.notes,
            evidence=list(self.evidence),
            answered_by=self.answered_by,
            answered_at=self.answered_at,
        )


class Assessment(FileModel):
    """One site assessed against one checklist version: stored as evidence/<site>/assessment.yaml."""

    format_version: Literal[1] = 1
    site: SiteProfile
    checklist_id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    checklist_version: str
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    answers: dict[str, Answer] = Field(default_factory=dict)

    @field_validator("answers")
    @classmethod
    def _answer_ids(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        for key in answers:
            if not re.fullmatch(CRITERION_ID_PATTERN, key):  # no trailing newline either
                raise ValueError(f"{key!r} is not a criterion id (shape like PWR-UPS-02)")
        return answers

    def answer(self, criterion_id: str) -> Answer:
        """The answer to ``criterion_id``, or an empty (not assessed) one."""
        return self.answers.get(criterion_id) or Answer()


class CapturedSource(StrEnum):
    """Where an evidence file's capture date came from: EXIF, the file's time, or given."""

    EXIF = "exif"
    FILE = "file"
    GIVEN = "given"


class EvidenceItem(FileModel):
    """A file kept by content in the site's evidence store."""

    sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]
    original_name: Name
    media_type: str
    size: Annotated[int, Field(ge=0)]
    kind: EvidenceKind | None = None
    captured_at: date | None = None
    captured_source: CapturedSource | None = None
    added_at: datetime
    added_by: str
    description: FreeText | None = None
    criteria: list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]] = Field(
        default_factory=list
    )
    sample: bool = False


class EvidenceIndex(FileModel):
    """The metadata of every evidence item of a site: evidence/<site>/evidence.yaml."""

    format_version: Literal[1] = 1
    items: list[EvidenceItem] = Field(default_factory=list)

    def get(self, sha256: str) -> EvidenceItem | None:
        """The item with this SHA-256, or None."""
        for item in self.items:
            if item.sha256 == sha256:
                return item
        return None


# --- scoring -------------------------------------------------------------------------------------


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


# --- planning ------------------------------------------------------------------------------------


class Priority(StrEnum):
    """An action's priority: P1 blocks the target verdict, P2-P4 by severity."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class ActionStatus(StrEnum):
    """Where a remediation action stands: planned, in progress, done, deferred, ..."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DEFERRED = "deferred"
    RESOLVED = "resolved"
    UNSCHEDULED = "unscheduled"  # set by the scheduler, never by a plan file: no room for it


class UnscheduledReason(StrEnum):
    """Why an open action has no dates in the plan."""

    PAST_WINDOW = "past_window"
    OVER_BUDGET = "over_budget"
    SYSTEM_BUSY = "system_busy"
    WAITS_FOR = "waits_for"
    DEFERRED = "deferred"


class RemediationAction(Model):
    """One piece of work in the remediation plan, made from a criterion's template."""

    id: str
    criterion_id: str
    domain: str
    subsystem: str
    title: LocalizedText
    priority: Priority
    cost_min_vnd: int
    cost_max_vnd: int
    duration_weeks: int
    lead_unit: LocalizedText
    coordinating_unit: LocalizedText
    depends_on: list[str]
    disruption: Disruption
    year: int | None = Field(default=None, description="The year it starts; None: unscheduled.")
    start: date | None = None
    end: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    status_reason: str | None = None
    overridden: list[str] = Field(default_factory=list, description="Fields set by a plan file.")
    result: Result | None = Field(default=None, description="The criterion's result (the gap).")
    severity: Severity | None = None
    must_pass: bool = False
    phase: int | None = Field(default=None, description="1 for the plan's first year, and so on.")
    scheduled: bool = Field(
        default=True,
        description="In the timeline; False when it does not fit the window or the budget, is "
        "deferred or waits for one that is, or is resolved.",
    )
    note: LocalizedText | None = Field(
        default=None, description="Why it is costed, scheduled or resolved the way it is."
    )
    on_route: bool = Field(
        default=False, description="Part of the cheapest route to the target verdict."
    )
    spent_vnd: dict[int, int] = Field(
        default_factory=dict, description="Money spent on it so far, by calendar year."
    )
    unscheduled_reason: UnscheduledReason | None = None
    funded_years: int = Field(
        default=0, description=">1: stretched over this many years so no year overspends."
    )


class ActionOverride(FileModel):
    """A project manager's change to one action, kept across re-scoring (evidence/<site>/plan.yaml)."""

    lead_unit: LocalizedText | None = None
    coordinating_unit: LocalizedText | None = None
    start: date | None = None
    end: date | None = None
    cost_min_vnd: Annotated[int, Field(ge=0)] | None = None
    cost_max_vnd: Annotated[int, Field(ge=0)] | None = None
    status: ActionStatus | None = None
    status_reason: str | None = None
    spent_vnd: dict[Annotated[int, Field(ge=2000, le=2100)], Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict, description="Money spent so far, by calendar year (for progress)."
    )

    @model_validator(mode="after")
    def _deferral_has_reason(self) -> ActionOverride:
        if self.status is ActionStatus.DEFERRED and not (self.status_reason or "").strip():
            raise ValueError("a deferred action needs a status_reason")
        if self.status is ActionStatus.UNSCHEDULED:
            raise ValueError("'unscheduled' is set by the scheduler; use 'deferred' with a reason")
        # Checked here, not when the plan is built, so that every entry's problem is listed at once.
        low, high = self.cost_min_vnd, self.cost_max_vnd
        if low is not None and high is not None and high < low:
            raise ValueError("cost_max_vnd is below cost_min_vnd")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class PlanOverrides(FileModel):
    """A site's ``plan.yaml``: what a project manager set on actions, by criterion id."""

    format_version: Literal[1] = 1
    actions: dict[str, ActionOverride] = Field(default_factory=dict)


class YearTotal(Model):
    """One year of the plan: costs by the days actions run in it; each action counted once."""

    year: int
    cost_min_vnd: int
    cost_max_vnd: int
    actions: int = Field(description="Actions starting this year (they add up to the total).")


class ReviewFinding(Model):
    """An answer a reviewer rejected or asked more evidence for: the engineer's to-do, as said."""

    criterion_id: str
    verdict: ReviewVerdict
    reviewer: str
    at: datetime
    comment: str | None = None
    key_id: str | None = Field(default=None, description="The reviewer's signing key, if signed.")


class RemediationPlan(Model):
    """The remediation plan of a site: its actions, scheduled years and costs."""

    site_id: str
    target_tier: int
    start_year: int
    end_year: int
    budget_per_year_vnd: int | None
    actions: list[RemediationAction]
    years: list[YearTotal]
    cost_min_vnd: int
    cost_max_vnd: int
    unscheduled: list[str] = Field(
        default_factory=list, description="Actions that do not fit the window or the budget."
    )
    as_of: date | None = None
    facility_tier: int | None = None
    to_assess: list[str] = Field(
        default_factory=list, description="Criteria not yet answered: assess them first."
    )
    to_verify: list[str] = Field(
        default_factory=list,
        description="Claimed met but lacking fresh, accepted evidence: collect or renew it.",
    )
    orphan_overrides: list[str] = Field(
        default_factory=list, description="Plan-file entries naming no criterion of the checklist."
    )
    review_findings: list[ReviewFinding] = Field(
        default_factory=list,
        description="Answers a reviewer rejected or asked more evidence for, by priority: "
        "who, when and why, to rework before the next review.",
    )
    optimal: bool = Field(
        default=True,
        description="False when the scheduler's time limit struck before it proved "
        "the funded set optimal.",
    )


def json_schema_for_catalogue_file() -> dict[str, Any]:
    """The JSON Schema of one checklist YAML file (header, criteria or planning table)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(CatalogueFile).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tierassess catalogue file"
    return schema
