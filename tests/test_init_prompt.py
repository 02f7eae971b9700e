"""`tierassess init` asks for the site profile through real questionary prompts (pipe input)."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tierassess.cli.interactive.profile_prompt import ask_site_profile
from tierassess.core.models import CoolingTechnology, Lang, SiteProfile
from tierassess.storage.catalogue import load_checklist

REPO = Path(__file__).resolve().parent.parent
ENTER = "\r"
DOWN = "\x1b[B"


def ask(keys: str) -> SiteProfile:
    planning = load_checklist(REPO / "checklists").planning
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return ask_site_profile("new-dc", planning)


def profile_keys(load: str = "180,5", halls: str = "2") -> str:
    """Every answer typed; the pointer of a choice starts on "choose…", so DOWN n picks the n-th."""
    return (
        "Trung tâm dữ liệu tỉnh"
        + ENTER
        + "Sở Khoa học và Công nghệ"
        + ENTER
        + "Quảng Ngãi"
        + ENTER
        + ENTER  # target tier: Enter alone asks again
        + DOWN * 3
        + ENTER  # Tier III
        + DOWN * 3
        + ENTER  # cooling: the third choice (evaporative chilled water)
        + load
        + ENTER
        + halls
        + ENTER
        + DOWN
        + ENTER  # report language: Vietnamese
        + "Lê Văn C"
        + ENTER
        + ENTER  # generators: Enter alone asks again (no default)
        + "c"
        + ENTER
        + "có"
        + ENTER
        + "y"
        + ENTER  # generators, raised floor, gaseous suppression: yes
        + "k"
        + ENTER  # shared building: no
        + "C"
        + ENTER  # coastal
        + "n"
        + ENTER  # state agency: no
    )


def test_every_profile_field_is_asked_and_validated() -> None:
    keys = profile_keys(load="abc" + ENTER + "\x15" + "0" + ENTER + "\x15" + "180,5")
    profile = ask(keys)
    assert profile.name == "Trung tâm dữ liệu tỉnh"
    assert profile.target_tier == 3
    assert profile.cooling_technology is CoolingTechnology.CHILLED_WATER_EVAPORATIVE
    assert profile.design_it_load_kw == 180.5
    assert profile.halls == 2
    assert profile.report_language is Lang.VI
    assert profile.has_generators and profile.has_raised_floor and profile.gaseous_suppression
    assert profile.coastal is True and profile.shared_building is False
    assert profile.state_agency is False
    assert profile.planning.lead_unit is not None
    assert "CDS" in profile.planning.lead_unit.vi


@pytest.mark.parametrize(
    ("typed", "load"),
    [
        ("1.500,5", 1500.5),
        ("2.000", 2000),  # ambiguous: the Vietnamese reading is offered first
        ("12.5", 12.5),
    ],
)
def test_design_load_in_vietnamese_numbers(typed: str, load: float) -> None:
    # an ambiguous load is confirmed: DOWN onto the first reading, then the Enter after the load
    confirm = ENTER + DOWN if typed == "2.000" else ""
    profile = ask(profile_keys(load=typed + confirm))
    assert profile.design_it_load_kw == load


def test_a_fractional_number_of_halls_is_refused() -> None:
    profile = ask(profile_keys(halls="1,5" + ENTER + "\x15" + "3"))
    assert profile.halls == 3


def test_editing_keeps_what_enter_leaves_and_replaces_what_is_typed() -> None:
    current = ask(profile_keys())
    keys = (
        ENTER * 3  # name, operator, address kept
        + DOWN * 4
        + ENTER  # Tier IV
        + DOWN
        + ENTER  # cooling: the first
        + "200"
        + ENTER  # load replaced (not appended to 180,5)
        + ENTER  # halls kept
        + DOWN * 2
        + ENTER  # English
        + ENTER  # assessor kept
        + ("c" + ENTER) * 6
    )
    planning = load_checklist(REPO / "checklists").planning
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        edited = ask_site_profile("new-dc", planning, current)
    assert edited.name == current.name and edited.halls == 2
    assert edited.target_tier == 4 and edited.design_it_load_kw == 200
    assert edited.report_language is Lang.EN
    assert edited.shared_building is True
    assert edited.planning == current.planning


def test_ctrl_c_while_asking_interrupts() -> None:
    with pytest.raises(KeyboardInterrupt):
        ask("Trung tâm" + ENTER + "\x03")
