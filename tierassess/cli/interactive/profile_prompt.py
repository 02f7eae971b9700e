"""Asking for a site profile in the terminal: ``tierassess init`` and ``tierassess site edit``.

Both ask the same questions with the same checks. When editing, the current value is shown in the
hint and Enter keeps it; nothing is pre-filled into the field (typing would append to it).
Choices and yes/no questions have no default: Enter alone asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tierassess.cli.interactive.prompts import ask_yes_no, choose, required
from tierassess.core.models import (
    CoolingTechnology,
    Lang,
    PlanningSettings,
    PlanningTable,
    SiteProfile,
)
from tierassess.errors import InputError
from tierassess.formats import format_number, read_number
from tierassess.i18n import t, tier_label

#: The bounds SiteProfile enforces, checked while typing so the answer is asked again.
LOAD_KW_MAX = 200_000
HALLS_MAX = 100


def _number_readings(text: str, whole: bool, maximum: float) -> list[float] | str:
    """The plausible readings of a typed number, or the reason there is none."""
    try:
        reading = read_number(text)
    except InputError as exc:
        return exc.message
    values: list[float] = []
    for value in dict.fromkeys(reading.values.values()):
        number = float(value)
        if whole and not number.is_integer():
            continue
        if 0 < number <= maximum and number not in values:
            values.append(number)
    if values:
        return values
    if whole and all(not float(v).is_integer() for v in reading.values.values()):
        return t("init.must_be_whole")
    return t("init.out_of_range", max=format_number(maximum))


class ProfileQuestions:
    """The questions of a site profile; ``current`` gives the values kept by Enter (editing)."""

    def __init__(self, current: SiteProfile | None) -> None:
        self.current = current

    def _keep_hint(self, shown: str | None) -> str | None:
        return t("init.keep", value=shown) if shown else None

    def text(self, key: str, field: str) -> str:
        """Ask for the text of profile ``field``; an empty answer keeps the current value."""
        import questionary

        now = getattr(self.current, field, None) if self.current else None
        keep = str(now) if now else None

        def validate(value: str) -> bool | str:
            return bool(value.strip() or keep) or t("init.required")

        typed = str(
            required(
                questionary.text(
                    t(key), validate=validate, instruction=self._keep_hint(keep)
                ).unsafe_ask()
            )
        ).strip()
        return typed or (keep or "")

    def number(self, key: str, field: str, *, whole: bool, maximum: float) -> float:
        """Ask for a number for profile ``field``, at most ``maximum`` (whole when told)."""
        import questionary

        now = getattr(self.current, field, None) if self.current else None
        keep = format_number(now) if now is not None else None

        def validate(value: str) -> bool | str:
            if not value.strip():
                return keep is not None or t("init.required")
            found = _number_readings(value, whole, maximum)
            return found if isinstance(found, str) else True

        while True:
            typed = str(
                required(
                    questionary.text(
                        t(key), validate=validate, instruction=self._keep_hint(keep)
                    ).unsafe_ask()
                )
            ).strip()
            if not typed and now is not None:
                return float(now)
            readings = _number_readings(typed, whole, maximum)
            assert not isinstance(readings, str)  # validate refused it
            if len(readings) == 1:
                return readings[0]
            choices = [questionary.Choice(format_number(v), value=v) for v in readings]
            choices.append(questionary.Choice(t("quantities.ask.retype"), value=-1.0))
            chosen = float(choose(t("quantities.ask.which", text=typed), choices))
            if chosen >= 0:
                return chosen

    def select(self, key: str, field: str, options: list[tuple[str, Any]]) -> Any:
        """Ask to pick one of ``options`` (label, value) for profile ``field``."""
        import questionary

        now = getattr(self.current, field, None) if self.current else None
        choices = [questionary.Choice(label, value=value) for label, value in options]
        shown = next((label for label, value in options if value == now), None)
        hint = t("prompts.select_instruction")
        if shown is not None:
            hint = f"{hint} {t('init.now', value=shown)}"
        return choose(t(key), choices, instruction=hint)

    def yes_no(self, key: str, field: str) -> bool:
        """Ask a yes/no question for profile ``field``, saying the current answer."""
        message = t(key)
        if self.current is not None:
            now = getattr(self.current, field)
            message += " " + t("init.now", value=t("init.yes" if now else "init.no"))
        return ask_yes_no(message)


def ask_site_profile(
    site_id: str, planning: PlanningTable | None, current: SiteProfile | None = None
) -> SiteProfile:
    """Ask every profile field interactively and return the validated profile.

    With ``current`` (``site edit``) each question shows the value it has and Enter keeps it.
    """
    ask = ProfileQuestions(current)
    name = ask.text("init.q.name", "name")
    operator = ask.text("init.q.operator", "operator")
    address = ask.text("init.q.address", "address")
    tier = int(
        ask.select("init.q.target_tier", "target_tier", [(tier_label(n), n) for n in (1, 2, 3, 4)])
    )
    cooling = ask.select(
        "init.q.cooling",
        "cooling_technology",
        [(t(f"cooling.{c.value}"), c) for c in CoolingTechnology],
    )
    load = ask.number("init.q.load_kw", "design_it_load_kw", whole=False, maximum=LOAD_KW_MAX)
    halls = int(ask.number("init.q.halls", "halls", whole=True, maximum=HALLS_MAX))
    lang = ask.select(
        "init.q.lang", "report_language", [(t(f"init.language_{x.value}"), x) for x in Lang]
    )
    assessor = ask.text("init.q.assessor", "assessor")
    yes_no: Callable[[str, str], bool] = ask.yes_no
    flags = {
        "has_generators": yes_no("init.q.generators", "has_generators"),
        "has_raised_floor": yes_no("init.q.raised_floor", "has_raised_floor"),
        "gaseous_suppression": yes_no("init.q.gaseous", "gaseous_suppression"),
        "shared_building": yes_no("init.q.shared_building", "shared_building"),
        "coastal": yes_no("init.q.coastal", "coastal"),
        "state_agency": yes_no("init.q.state_agency", "state_agency"),
    }
    if current is not None:
        planning_settings = current.planning
    elif planning is not None:
        planning_settings = PlanningSettings(
            start_year=planning.defaults.start_year,
            end_year=planning.defaults.end_year,
            lead_unit=planning.defaults.lead_unit,
            coordinating_unit=planning.defaults.coordinating_unit,
        )
    else:
        planning_settings = PlanningSettings()
    base = current.model_dump() if current is not None else {}
    base.update(
        id=site_id,
        name=name,
        operator=operator,
        address=address,
        target_tier=tier,
        cooling_technology=cooling,
        design_it_load_kw=load,
        halls=halls,
        report_language=lang,
        assessor=assessor,
        planning=planning_settings,
        **flags,
    )
    try:
        return SiteProfile.model_validate(base)
    except ValueError as exc:  # the prompts check every bound first; this is a last guard
        raise InputError(str(exc)) from exc
