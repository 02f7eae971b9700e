"""Step 4 of a typed answer: the follow-up prompts that complete the action chosen in the menu.

A measured value is typed (with or without its unit) and checked as it is typed; a text that
reads differently in Vietnamese and English ("1.500") is confirmed by choosing the reading, each
shown with the verdict it earns. Not applicable asks for its justification, and a note its text.
What comes out is the set of fields ``record_answer`` takes (``tierassess.questionnaire.recording``
saves it), or None when the user backed out to the menu.
"""

from __future__ import annotations

from typing import Any

from tierassess.answers import AnswerError
from tierassess.formats import format_number
from tierassess.i18n import t
from tierassess.models import Answer, Criterion, MeasuredAnswer, Result
from tierassess.prompts import choose, required
from tierassess.quantities import check_measured, read_measured
from tierassess.questionnaire.screen import measured_verdict
from tierassess.questionnaire.state import WalkState

__all__ = ["AnswerPrompts"]


class AnswerPrompts:
    """Asks what an action still needs: a measured value, a justification, a note."""

    def __init__(self, walk: WalkState) -> None:
        self.walk = walk

    def ask(self, criterion: Criterion, action: str) -> dict[str, Any] | None:
        """The fields of the answer chosen by ``action``; None when the user backed out."""
        spec = criterion.answer
        previous = self.walk.answer(criterion.id)
        if action == "not_applicable":
            justification = self.justification(previous)
            if justification is None:
                return None
            return {"result": Result.NOT_APPLICABLE, "justification": justification}
        if action == "value":
            assert isinstance(spec, MeasuredAnswer)
            value = self.measured_value(spec, previous)
            if value is None:
                return None
            return {"value": value, "unit": spec.unit}
        if action.startswith("option:"):
            return {"choice": action.removeprefix("option:")}
        return {"result": action}

    def justification(self, previous: Answer) -> str | None:
        """Why the criterion does not apply (the previous reason offered); None when left empty."""
        import questionary

        text = str(
            required(
                questionary.text(
                    t("assess.q.justification"),
                    default=previous.justification or "",
                    instruction=t("assess.q.empty_back"),
                ).unsafe_ask()
            )
        ).strip()
        return text or None

    def note(self, previous: Answer) -> str:
        """The note as typed, the previous one offered for editing (empty clears it)."""
        import questionary

        return str(
            required(
                questionary.text(
                    t("assess.q.note_prompt"),
                    default=previous.notes or "",
                    instruction=t("assess.q.note_instruction"),
                ).unsafe_ask()
            )
        )

    def plausible_readings(self, spec: MeasuredAnswer, text: str) -> dict[str, float]:
        """Each convention's reading of ``text`` that the criterion accepts.

        Raises AnswerError with the reason when none does.
        """
        walk = self.walk
        unit = walk.unit(spec)
        labels = tuple(walk.checklist.unit_label(spec.unit, lang) for lang in ("vi", "en"))
        reading = read_measured(spec, text, labels, unit)
        plausible: dict[str, float] = {}
        refusal: AnswerError | None = None
        # the reader's own convention first: it is the reading offered first when both apply
        for convention in sorted(reading.values, key=lambda c: c != walk.lang):
            try:
                value = check_measured(spec, reading.values[convention], unit, walk.lang)
            except AnswerError as exc:
                refusal = refusal or exc
                continue
            if value not in plausible.values():
                plausible[convention] = value
        if not plausible:
            assert refusal is not None
            raise refusal
        return plausible

    def measured_value(self, spec: MeasuredAnswer, previous: Answer) -> float | None:
        """The value typed, confirmed when it reads differently in the two conventions.

        Nothing is pre-filled: typing replaces the old value (a pre-filled 1.5 plus a typed 12
        read 1.512). The current value is shown in the hint instead.
        """
        import questionary

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True  # empty goes back to the menu
            try:
                self.plausible_readings(spec, text)
            except AnswerError as exc:
                return exc.message
            return True

        lang, unit = self.walk.lang, self.walk.unit(spec)
        label = spec.quantity.get(lang) if spec.quantity else t("assess.q.value")
        hint = t("assess.q.empty_back")
        if previous.value is not None:
            current = format_number(previous.value, lang)
            hint = t("assess.q.replace_value", value=current, unit=unit) + " " + hint
        while True:
            text = str(
                required(
                    questionary.text(
                        t("assess.q.value_prompt", quantity=label, unit=unit),
                        validate=validate,
                        instruction=hint,
                    ).unsafe_ask()
                )
            )
            if not text.strip():
                return None
            readings = self.plausible_readings(spec, text)
            if len(readings) == 1:
                return next(iter(readings.values()))
            chosen = self.which_reading(spec, text, readings)
            if chosen is not None:
                return chosen

    def which_reading(
        self, spec: MeasuredAnswer, text: str, readings: dict[str, float]
    ) -> float | None:
        """Ask which reading was meant, showing the verdict each one earns; None to retype."""
        import questionary

        choices = [
            questionary.Choice(
                f"{measured_verdict(self.walk, spec, value).removeprefix('→ ')}"
                f"  ({t(f'quantities.ask.reading_{convention}')})",
                value=convention,
            )
            for convention, value in readings.items()
        ]
        choices.append(questionary.Choice(t("quantities.ask.retype"), value=""))
        convention = str(choose(t("quantities.ask.which", text=text.strip()), choices))
        return readings[convention] if convention else None
