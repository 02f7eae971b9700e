"""The kinds of answer a criterion takes (yes/no, measured, choice) and the result an answer earns."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from tierassess.models.base import FileModel, LocalizedText, NonBlank
from tierassess.models.site import DESIGN_CONDITIONS, SiteProfile


class Result(StrEnum):
    """What an answer earns: met, partial, not met, not applicable, or not assessed yet."""

    MET = "met"
    PARTIAL = "partial"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    NOT_ASSESSED = "not_assessed"


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
