"""Step 4 of a typed answer: the follow-up prompts that complete the action chosen in the menu.

A menu line that says it all (an option, a result) needs nothing more. A kind whose menu line has
no entry (a measured criterion) asks for a typed value, with or without its unit, read and checked
by the kind as it is typed (``typed_readings``); a text that reads differently in Vietnamese and
English ("1.500") is confirmed by choosing the reading, each shown with the verdict it earns. Not applicable asks for its justification, and a note its text.
What comes out is the set of fields ``record_answer`` takes (``tierassess.cli.interactive.questionnaire.recording``
saves it), or None when the user backed out to the menu.
"""

from __future__ import annotations

from typing import Any

from tierassess.cli.interactive.prompts import choose, required
from tierassess.cli.interactive.questionnaire.state import WalkState
from tierassess.core.models import Answer, AnswerKind, Criterion, Result
from tierassess.formats import format_number
from tierassess.i18n import t
from tierassess.storage.answers import AnswerError

__all__ = ["AnswerPrompts"]


class AnswerPrompts:
    """Asks what an action still needs: a typed value, a justification, a note."""

    def __init__(self, walk: WalkState) -> None:
        self.walk = walk

    def ask(self, criterion: Criterion, action: str) -> dict[str, Any] | None:
        """The fields of the answer chosen by ``action``; None when the user backed out."""
        walk = self.walk
        spec = criterion.answer
        previous = walk.answer(criterion.id)
        if action == "not_applicable":
            justification = self.justification(previous)
            if justification is None:
                return None
            return {"result": Result.NOT_APPLICABLE, "justification": justification}
        chosen = {c.action: c for c in spec.menu_choices(walk.checklist, walk.lang)}[action]
        if chosen.entry is not None:  # the menu line says it all (an option, a result)
            entry = chosen.entry
            return {"result": entry.wanted, "value": entry.value, "choice": entry.choice}
        value = self.typed_value(spec, previous)  # the kind asks for a typed value
        if value is None:
            return None
        return {"value": value, "unit": spec.answer_unit}

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

    def typed_value(self, spec: AnswerKind, previous: Answer) -> float | None:
        """The value typed, confirmed when it reads differently in the two conventions.

        Nothing is pre-filled: typing replaces the old value (a pre-filled 1.5 plus a typed 12
        read 1.512). The current value is shown in the hint instead.
        """
        import questionary

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True  # empty goes back to the menu
            try:
                spec.typed_readings(text, self.walk.checklist, self.walk.lang)
            except AnswerError as exc:
                return exc.message
            return True

        lang, unit = self.walk.lang, self.walk.unit(spec)
        label = spec.asks(lang) or t("assess.q.value")
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
            readings = spec.typed_readings(text, self.walk.checklist, lang)
            if len(readings) == 1:
                return next(iter(readings.values()))
            chosen = self.which_reading(spec, text, readings)
            if chosen is not None:
                return chosen

    def which_reading(
        self, spec: AnswerKind, text: str, readings: dict[str, float]
    ) -> float | None:
        """Ask which reading was meant, showing the verdict each one earns; None to retype."""
        import questionary

        choices = [
            questionary.Choice(
                f"{self._verdict(spec, value).removeprefix('→ ')}"
                f"  ({t(f'quantities.ask.reading_{convention}')})",
                value=convention,
            )
            for convention, value in readings.items()
        ]
        choices.append(questionary.Choice(t("quantities.ask.retype"), value=""))
        convention = str(choose(t("quantities.ask.which", text=text.strip()), choices))
        return readings[convention] if convention else None

    def _verdict(self, spec: AnswerKind, value: float) -> str:
        """What ``value`` would earn at this site, said as the kind says it once recorded."""
        walk = self.walk
        text = spec.verdict_text(
            Answer(value=value), walk.checklist, walk.lang, walk.assessment.site
        )
        return text or format_number(value, walk.lang)
