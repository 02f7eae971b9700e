"""The built-in kinds of answer: yes/no, measured against a threshold, and a choice of options.

Each carries its own behaviour (see ``answer_kind_base.AnswerKind``); they are defined here in the
order catalogues and error messages list them.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from tierassess.core.models.answer_entry import (
    AcceptedAnswer,
    AnswerEntry,
    LevelThreshold,
    MenuChoice,
    UnitNames,
    answer_error,
    given,
)

# AnswerSpec is taken from here (criteria.py does) so that the built-in kinds are registered, in
# this order, before a criterion is read.
from tierassess.core.models.answer_kind_base import AnswerKind
from tierassess.core.models.answer_kind_base import AnswerSpec as AnswerSpec
from tierassess.core.models.assessment import Answer, Result
from tierassess.core.models.base import FileModel, LocalizedText, NonBlank
from tierassess.core.models.site import DESIGN_CONDITIONS, SiteProfile


class YesNoAnswer(AnswerKind):
    """A criterion answered yes (met) or no (not met)."""

    kind: Literal["yes_no"] = "yes_no"


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


class MeasuredAnswer(AnswerKind):
    """A number measured on site, compared with a threshold (e.g. on-site fuel >= 12 h)."""

    kind: Literal["measured"] = "measured"
    result_from_entry: ClassVar[bool] = True
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
        "for each site: the condition plus 'threshold_offset'. 'threshold' is then the figure "
        "shown where no site is known, and the partial threshold keeps its distance from it.",
    )
    threshold_offset: float = Field(
        default=0.0,
        description="With threshold_from: added to the site's condition (e.g. a 1 m margin above "
        "the design flood level).",
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
        if self.threshold_offset and self.threshold_from is None:
            raise ValueError("threshold_offset needs threshold_from")
        return self

    def missing_condition(self, profile: SiteProfile | None) -> str | None:
        """The design condition this threshold refers to that the site's profile leaves unknown."""
        if self.threshold_from is None or profile is None:
            return None
        return self.threshold_from if getattr(profile.design, self.threshold_from) is None else None

    def thresholds_for(self, profile: SiteProfile | None) -> tuple[float, float | None]:
        """The threshold and partial threshold for a site.

        From its design condition plus the offset where the criterion refers to one (the partial
        threshold keeps its distance), else as written; also as written when the site does not
        know the condition, for display only (``result_for`` then judges nothing).
        """
        condition = (
            None
            if profile is None or self.threshold_from is None
            else (getattr(profile.design, self.threshold_from))
        )
        if condition is None:
            return self.threshold, self.partial_threshold
        # rounded, so that 1.2 + 1.0 - 1.0 is 1.2 again and a value on the line earns what it says
        threshold = round(float(condition) + self.threshold_offset, 9)
        if self.partial_threshold is None:
            return threshold, None
        return threshold, round(threshold - (self.threshold - self.partial_threshold), 9)

    def judge(self, value: float, threshold: float, partial_threshold: float | None) -> Result:
        """The result ``value`` earns against the given thresholds (by this comparator)."""
        if self.comparator.holds(value, threshold):
            return Result.MET
        if partial_threshold is not None and self.comparator.holds(value, partial_threshold):
            return Result.PARTIAL
        return Result.NOT_MET

    def result_for(self, value: float, profile: SiteProfile | None = None) -> Result:
        """The result a measured value earns against this threshold (the site's, if it has one).

        Not assessed when the threshold refers to a design condition the site leaves unknown: the
        value is kept, and judged once the profile gives the condition.
        """
        if self.missing_condition(profile) is not None:
            return Result.NOT_ASSESSED
        return self.judge(value, *self.thresholds_for(profile))

    # --- accepting an input ----------------------------------------------------------------------

    def check_unit(self, unit: str | None) -> str:
        """The criterion's own unit; a different unit given with the value is refused."""
        from tierassess.core.quantities import unit_matches

        parts = [unit, *unit.split(" / ")] if unit is not None else []
        if unit is not None and unit.strip() and not any(unit_matches(self, p) for p in parts):
            raise answer_error(
                "unit", "assess.err.wrong_unit", unit=unit.strip(), expected=self.unit
            )
        return self.unit

    def checked(
        self, value: float | Decimal, unit_name: str | None = None, lang: str | None = None
    ) -> float:
        """``value`` if it is plausible (and whole, for a count); else QuantityError saying why.

        ``unit_name`` is the unit as the reader reads it (``Checklist.unit_label``).
        """
        from tierassess.core.quantities import check_measured

        return check_measured(self, value, unit_name, lang)

    def read_value(self, value: str | float, convention: str | None = None) -> float:
        """A value typed or read from a file, with an optional unit after the number."""
        from tierassess.core.quantities import QuantityError, read_measured
        from tierassess.errors import InputError
        from tierassess.formats import parse_number

        if isinstance(value, bool):
            raise answer_error("value", "assess.err.not_a_number", text=value)
        if isinstance(value, int | float):
            return self.checked(float(value))
        number: float | Decimal
        try:
            if isinstance(value, str):
                number = read_measured(self, value).value(convention)
            else:  # any other cell value is read as its text
                number = parse_number(str(value))
        except QuantityError:
            raise
        except InputError as exc:
            raise QuantityError("value", exc.message, hint=exc.hint) from None
        return self.checked(number)

    def accept(self, entry: AnswerEntry, profile: SiteProfile | None = None) -> AcceptedAnswer:
        """A measured value in the criterion's unit, within bounds; the value decides the result."""
        from tierassess.formats import format_number

        if entry.choice is not None and entry.choice.strip():
            raise answer_error("choice", "assess.err.no_choice_here")
        if entry.value is None or not given(entry.value):
            raise answer_error("value", "assess.err.value_required", unit=self.unit)
        unit = self.check_unit(entry.unit)
        value = self.read_value(entry.value, entry.convention)
        result = self.result_for(value, profile)
        if entry.wanted is not None and entry.wanted is not result:
            raise answer_error(
                "result",
                "assess.err.result_disagrees",
                result=entry.wanted.value,
                value=format_number(value),
                unit=self.unit,
                earned=result.value,
                rule=f"{self.comparator.value} {format_number(self.threshold)}",
            )
        return AcceptedAnswer(result, value=value, unit=unit)

    def typed_readings(self, text: str, units: UnitNames, lang: str) -> dict[str, float]:
        """Each convention's plausible reading of ``text``; QuantityError when none is."""
        from tierassess.core.quantities import QuantityError, read_measured

        unit = units.unit_label(self.unit, lang)
        labels = tuple(units.unit_label(self.unit, language) for language in ("vi", "en"))
        reading = read_measured(self, text, labels, unit)
        plausible: dict[str, float] = {}
        refusal: QuantityError | None = None
        # the reader's own convention first: it is the reading offered first when both apply
        for convention in sorted(reading.values, key=lambda c: c != lang):
            try:
                value = self.checked(reading.values[convention], unit, lang)
            except QuantityError as exc:
                refusal = refusal or exc
                continue
            if value not in plausible.values():
                plausible[convention] = value
        if not plausible:
            assert refusal is not None
            raise refusal
        return plausible

    # --- the result it earns ---------------------------------------------------------------------

    def earned(self, answer: Answer, profile: SiteProfile | None = None) -> Result:
        """From the value, against the site's threshold; as given when there is no value."""
        if answer.result is Result.NOT_APPLICABLE or answer.value is None:
            return answer.result
        return self.result_for(answer.value, profile)

    def waits_for(self, answer: Answer, profile: SiteProfile | None) -> str | None:
        """The design condition an answered value waits for (its threshold refers to it)."""
        if answer.value is None or answer.result is Result.NOT_APPLICABLE:
            return None
        return self.missing_condition(profile)

    def earned_at_level(self, answer: Answer, result: Result, level: LevelThreshold) -> Result:
        """The value judged against the level's own threshold, where it has one."""
        if level.threshold is None or answer.value is None:
            return result
        return self.judge(answer.value, level.threshold, level.partial_threshold)

    def check_level(self, where: str, level: LevelThreshold) -> None:
        """A measured criterion takes per-level thresholds, not options."""
        if level.met_options is not None:
            raise ValueError(f"{where}: 'met_options' needs a choice answer")

    def check_units(self, declared: set[str]) -> str | None:
        """The criterion's unit when the checklist names units but not this one."""
        return self.unit if declared and self.unit not in declared else None

    # --- how it is described ---------------------------------------------------------------------

    @property
    def answer_unit(self) -> str | None:
        """The criterion's unit."""
        return self.unit

    def spec_text(self, units: UnitNames, lang: str) -> str:
        """``measured: >= 12 h`` (and where partial starts)."""
        from tierassess.i18n import t

        unit = units.unit_label(self.unit, lang)
        text = f"{t('criterion.kind.measured', lang)}: {self.comparator.value} {self.threshold:g} {unit}"
        if self.partial_threshold is not None:
            text += f" ({t('criterion.partial_from', lang)} {self.partial_threshold:g} {unit})"
        if self.threshold_from is not None:
            text += "; " + t("design.follows", lang, condition=self._condition_words(unit, lang))
        return text

    def _condition_words(self, unit: str, lang: str) -> str:
        """The site condition the threshold follows, in words: "the site's design flood level + 1 m"."""
        from tierassess.formats import format_number
        from tierassess.i18n import t

        words = t(f"design.condition.{self.threshold_from}", lang)
        if not self.threshold_offset:
            return words
        sign = "+" if self.threshold_offset > 0 else "−"
        return f"{words} {sign} {format_number(abs(self.threshold_offset), lang)} {unit}"

    def asks(self, lang: str) -> str | None:
        """The quantity measured, as the questionnaire asks for it."""
        return self.quantity.get(lang) if self.quantity is not None else None

    def value_bounds(self) -> tuple[float, float | None] | None:
        """``plausible_min`` and ``plausible_max`` as the criterion gives them."""
        return self.plausible_min, self.plausible_max

    def verdict_text(
        self, answer: Answer, units: UnitNames, lang: str, profile: SiteProfile | None = None
    ) -> str | None:
        """``→ 14 h: met (threshold >= 12 h)``, with the site's own threshold."""
        from tierassess.formats import format_number
        from tierassess.i18n import t

        if answer.value is None:
            return None
        unit = units.unit_label(self.unit, lang)
        threshold, _ = self.thresholds_for(profile)  # the site's design condition
        rule = f"{self.comparator.value} {format_number(threshold, lang)} {unit}"
        if self.missing_condition(profile) is not None:  # say so; the written figure would mislead
            rule = t(
                "design.unknown_rule",
                lang,
                comparator=self.comparator.value,
                condition=self._condition_words(unit, lang),
            )
        return t(
            "assess.q.measured_result",
            lang,
            value=format_number(answer.value, lang),
            unit=unit,
            result=t(f"result.{self.result_for(answer.value, profile).value}", lang),
            rule=rule,
        )

    # --- the questionnaire -----------------------------------------------------------------------

    def menu_choices(self, units: UnitNames, lang: str) -> list[MenuChoice]:
        """One entry: type the measured value."""
        from tierassess.i18n import t

        unit = units.unit_label(self.unit, lang)
        return [MenuChoice(t("assess.q.enter_value", lang, unit=unit), "value", None)]


class ChoiceOption(FileModel):
    """One option of a choice criterion: its id, label and the result it earns."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
    label: LocalizedText
    result: Literal["met", "partial", "not_met"]


class ChoiceAnswer(AnswerKind):
    """A criterion answered by choosing one of its options."""

    kind: Literal["choice"] = "choice"
    result_from_entry: ClassVar[bool] = True
    options: Annotated[list[ChoiceOption], Field(min_length=2)]

    @field_validator("options")
    @classmethod
    def _unique_option_ids(cls, options: list[ChoiceOption]) -> list[ChoiceOption]:
        ids = [o.id for o in options]
        if len(ids) != len(set(ids)):
            raise ValueError("option ids must be unique")
        return options

    def option(self, option_id: str) -> ChoiceOption | None:
        """The option with ``option_id``, or None."""
        return next((o for o in self.options if o.id == option_id), None)

    # --- accepting an input ----------------------------------------------------------------------

    def option_named(self, choice: str) -> ChoiceOption:
        """The option named by its id or by its label in either language (case-insensitive)."""
        from tierassess.i18n import current_lang

        wanted = choice.strip().casefold()
        for option in self.options:
            names = {
                option.id,
                option.label.vi,
                option.label.en,
                f"{option.label.vi} / {option.id}",
            }
            if wanted in {n.casefold() for n in names}:
                return option
        lang = current_lang()
        known = ", ".join(f"{o.label.get(lang)} ({o.id})" for o in self.options)
        raise answer_error("choice", "assess.err.unknown_choice", choice=choice, known=known)

    def accept(self, entry: AnswerEntry, profile: SiteProfile | None = None) -> AcceptedAnswer:
        """One of the options, by id or label; the option decides the result."""
        if given(entry.value):
            raise answer_error("value", "assess.err.no_value_here")
        if entry.choice is None or not entry.choice.strip():
            raise answer_error("choice", "assess.err.choice_required")
        option = self.option_named(entry.choice)
        result = Result(option.result)
        if entry.wanted is not None and entry.wanted is not result:
            raise answer_error(
                "result",
                "assess.err.choice_disagrees",
                result=entry.wanted.value,
                choice=option.id,
                earned=result.value,
            )
        return AcceptedAnswer(result, choice=option.id)

    # --- the result it earns ---------------------------------------------------------------------

    def earned(self, answer: Answer, profile: SiteProfile | None = None) -> Result:
        """The chosen option's result; as given when there is no (known) choice."""
        if answer.result is Result.NOT_APPLICABLE or answer.choice is None:
            return answer.result
        option = self.option(answer.choice)
        return Result(option.result) if option is not None else answer.result

    def earned_at_level(self, answer: Answer, result: Result, level: LevelThreshold) -> Result:
        """Met when the choice is one the level counts as met; a met option else falls to not met."""
        if level.met_options is None or answer.choice is None:
            return result
        if answer.choice in level.met_options:
            return Result.MET
        return Result.NOT_MET if result is Result.MET else result

    def check_level(self, where: str, level: LevelThreshold) -> None:
        """A choice criterion takes per-level options (known ones), not thresholds."""
        if level.threshold is not None:
            raise ValueError(f"{where}: 'threshold' needs a measured answer")
        if level.met_options is not None:
            known = {o.id for o in self.options}
            unknown = [o for o in level.met_options if o not in known]
            if unknown:
                raise ValueError(f"{where}: unknown option {unknown[0]!r}")

    # --- how it is described ---------------------------------------------------------------------

    def spec_text(self, units: UnitNames, lang: str) -> str:
        """``choice: A / B / C``."""
        from tierassess.i18n import t

        options = " / ".join(o.label.get(lang) for o in self.options)
        return f"{t('criterion.kind.choice', lang)}: {options}"

    def option_ids(self) -> list[str]:
        """The options' ids, in order."""
        return [o.id for o in self.options]

    def option_label(self, choice: str, lang: str) -> str | None:
        """The option's label in ``lang`` (None for an unknown option)."""
        option = self.option(choice)
        return option.label.get(lang) if option is not None else None

    def verdict_text(
        self, answer: Answer, units: UnitNames, lang: str, profile: SiteProfile | None = None
    ) -> str | None:
        """``→ option: met``."""
        from tierassess.i18n import t

        label = self.option_label(answer.choice, lang) if answer.choice is not None else None
        if label is None:
            return None
        return t(
            "assess.q.choice_result",
            lang,
            choice=label,
            result=t(f"result.{answer.result.value}", lang),
        )

    # --- the questionnaire -----------------------------------------------------------------------

    def menu_choices(self, units: UnitNames, lang: str) -> list[MenuChoice]:
        """One entry per option."""
        return [
            MenuChoice(o.label.get(lang), f"option:{o.id}", AnswerEntry(choice=o.id))
            for o in self.options
        ]
