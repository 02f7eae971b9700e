"""`tierassess init` asks for the site profile through real questionary prompts (pipe input)."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from tierassess.catalogue import load_checklist
from tierassess.models import CoolingTechnology, Lang, SiteProfile
from tierassess.profile_prompt import ask_site_profile

REPO = Path(__file__).resolve().parent.parent
ENTER = "\r"
DOWN = "\x1b[B"


def ask(keys: str) -> SiteProfile:
    planning = load_checklist(REPO / "checklists").planning
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return ask_site_profile("new-dc", planning)


def test_every_profile_field_is_asked_and_validated() -> None:
    keys = (
        "Trung tâm dữ liệu tỉnh"
        + ENTER
        + "Sở Khoa học và Công nghệ"
        + ENTER
        + "Quảng Ngãi"
        + ENTER
        + ENTER  # target tier: default 3
        + DOWN
        + DOWN
        + ENTER  # cooling: the third choice (evaporative chilled water)
        + "abc"
        + ENTER
        + "\x15"
        + "0"
        + ENTER
        + "\x15"
        + "180,5"
        + ENTER  # load: refused twice
        + "\x15"
        + "2"
        + ENTER  # halls (replacing the default 1)
        + ENTER  # report language: vi
        + "Lê Văn C"
        + ENTER
        + ENTER
        + ENTER
        + ENTER  # generators, raised floor, gaseous suppression: yes
        + ENTER  # shared building: no
        + "y"  # coastal
        + ENTER  # state agency: yes
    )
    profile = ask(keys)
    assert profile.name == "Trung tâm dữ liệu tỉnh"
    assert profile.target_tier == 3
    assert profile.cooling_technology is CoolingTechnology.CHILLED_WATER_EVAPORATIVE
    assert profile.design_it_load_kw == 180.5
    assert profile.halls == 2
    assert profile.report_language is Lang.VI
    assert profile.coastal is True and profile.shared_building is False
    assert profile.planning.lead_unit is not None
    assert "CDS" in profile.planning.lead_unit.vi


def test_ctrl_c_while_asking_interrupts() -> None:
    with pytest.raises(KeyboardInterrupt):
        ask("Trung tâm" + ENTER + "\x03")
