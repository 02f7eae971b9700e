"""Asking for a site profile in the terminal (``tierassess init`` without ``--profile``)."""

from __future__ import annotations

from typing import Any

from tierassess.errors import InputError
from tierassess.i18n import t
from tierassess.models import CoolingTechnology, Lang, PlanningSettings, PlanningTable, SiteProfile


def _required(answer: Any) -> Any:
    if answer is None:  # questionary returns None on Ctrl-C
        raise KeyboardInterrupt
    return answer


def _positive_number(text: str) -> bool | str:
    try:
        return float(text.replace(",", ".")) > 0 or t("init.must_be_positive")
    except ValueError:
        return t("init.not_a_number")


def ask_site_profile(site_id: str, planning: PlanningTable | None) -> SiteProfile:
    """Ask every profile field interactively and return the validated profile."""
    import questionary

    def text(key: str, default: str = "") -> str:
        return str(
            _required(
                questionary.text(
                    t(key),
                    default=default,
                    validate=lambda v: bool(v.strip()) or t("init.required"),
                ).ask()
            )
        ).strip()

    def confirm(key: str, default: bool) -> bool:
        return bool(_required(questionary.confirm(t(key), default=default).ask()))

    name = text("init.q.name")
    operator = text("init.q.operator")
    address = text("init.q.address")
    tier = int(
        _required(
            questionary.select(
                t("init.q.target_tier"), choices=["1", "2", "3", "4"], default="3"
            ).ask()
        )
    )
    cooling = _required(
        questionary.select(
            t("init.q.cooling"),
            choices=[
                questionary.Choice(t(f"cooling.{c.value}"), value=c.value)
                for c in CoolingTechnology
            ],
        ).ask()
    )
    load = float(
        _required(questionary.text(t("init.q.load_kw"), validate=_positive_number).ask()).replace(
            ",", "."
        )
    )
    halls = int(
        _required(
            questionary.text(
                t("init.q.halls"),
                default="1",
                validate=lambda v: (v.isdigit() and int(v) >= 1) or t("init.must_be_positive"),
            ).ask()
        )
    )
    lang = _required(questionary.select(t("init.q.lang"), choices=["vi", "en"], default="vi").ask())
    assessor = text("init.q.assessor")
    planning_settings = PlanningSettings()
    if planning is not None:
        planning_settings = PlanningSettings(
            start_year=planning.defaults.start_year,
            end_year=planning.defaults.end_year,
            lead_unit=planning.defaults.lead_unit,
            coordinating_unit=planning.defaults.coordinating_unit,
        )
    try:
        return SiteProfile(
            id=site_id,
            name=name,
            operator=operator,
            address=address,
            target_tier=tier,
            cooling_technology=CoolingTechnology(cooling),
            design_it_load_kw=load,
            halls=halls,
            report_language=Lang(lang),
            assessor=assessor,
            has_generators=confirm("init.q.generators", True),
            has_raised_floor=confirm("init.q.raised_floor", True),
            gaseous_suppression=confirm("init.q.gaseous", True),
            shared_building=confirm("init.q.shared_building", False),
            coastal=confirm("init.q.coastal", False),
            state_agency=confirm("init.q.state_agency", True),
            planning=planning_settings,
        )
    except ValueError as exc:
        raise InputError(str(exc)) from exc
