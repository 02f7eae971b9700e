"""A small inline catalogue and site for the questionnaire, answers and field-sheet tests.

Six criteria over two domains, one of each answer kind and one that does not apply to the site
(it only concerns sites without generators), written into a throw-away workspace.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tierassess.core.models import SiteProfile
from tierassess.storage.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SITE = "inline-dc"


def _criterion(
    cid: str,
    domain: str,
    subsystem: str,
    title_en: str,
    answer: str,
    *,
    applies_if: str = "",
    must_pass: bool = False,
) -> str:
    return f"""\
  - id: {cid}
    domain: {domain}
    subsystem: {subsystem}
    min_tier: 3
    title: {{vi: "VI {title_en}", en: "{title_en}"}}
    requirement: {{vi: "Yêu cầu {cid}", en: "Requirement of {cid}"}}
    guidance: {{vi: "Hướng dẫn {cid}", en: "Guidance for {cid}: look at the nameplate"}}
    answer:
{answer}
    severity: major
    must_pass: {str(must_pass).lower()}
    references:
      - {{standard: uptime-topology, clause: "Topology"}}
    remediation:
      action: {{vi: "Khắc phục {cid}", en: "Fix {cid}"}}
      cost_band: S
      duration_weeks: 4
{applies_if}"""


FUEL = """\
      kind: measured
      unit: h
      comparator: ">="
      threshold: 12
      partial_threshold: 8
      plausible_min: 0
      plausible_max: 2000
      quantity: {vi: "Số giờ dầu dự trữ", en: "Hours of fuel on site"}"""

TEMPERATURE = """\
      kind: measured
      unit: °C
      comparator: "<="
      threshold: 27
      plausible_min: 5
      plausible_max: 50"""

TRANSFER = """\
      kind: choice
      options:
        - {id: none, label: {vi: "Không có", en: "None"}, result: not_met}
        - {id: manual, label: {vi: "Chuyển tay", en: "Manual transfer"}, result: partial}
        - {id: automatic, label: {vi: "Tự động", en: "Automatic transfer"}, result: met}"""

YES_NO = "      kind: yes_no"

CRITERIA = (
    "# yaml-language-server: $schema=catalogue.schema.json\n"
    "kind: criteria\nchecklist: tier3\ncriteria:\n"
    + _criterion("PWR-GEN-01", "power", "electrical", "On-site fuel", FUEL, must_pass=True)
    + _criterion("PWR-UPS-01", "power", "electrical", "Redundant UPS", YES_NO)
    + _criterion("PWR-ATS-01", "power", "electrical", "Transfer switch", TRANSFER)
    + _criterion(
        "PWR-NOG-01",
        "power",
        "electrical",
        "Utility-only supply",
        YES_NO,
        applies_if="    applies_if:\n      - {field: has_generators, value: false}\n",
    )
    + _criterion("CLG-CRAC-01", "cooling", "mechanical", "Redundant cooling units", YES_NO)
    + _criterion("CLG-TMP-01", "cooling", "mechanical", "Supply air temperature", TEMPERATURE)
)

#: The criteria that apply to the inline site, in questionnaire order.
APPLICABLE = ["PWR-GEN-01", "PWR-UPS-01", "PWR-ATS-01", "CLG-CRAC-01", "CLG-TMP-01"]


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Keep the validated-catalogue cache in the test's folder, not in the user's home."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("TIERASSESS_CACHE_DIR", str(folder))
    yield folder


def make_workspace(root: Path, *, assessor: str | None = "Tester") -> Workspace:
    """A workspace at ``root`` with the inline catalogue and the site ``inline-dc``."""
    checklists = root / "checklists"
    checklists.mkdir(parents=True)
    shutil.copy(REPO / "checklists" / "tier3.yaml", checklists / "tier3.yaml")
    # the shipped combined actions name shipped criteria that the inline catalogue lacks
    planning = yaml.safe_load((REPO / "checklists" / "planning.yaml").read_text(encoding="utf-8"))
    for key in ("combined_actions", "only_together"):
        planning.pop(key, None)
    (checklists / "planning.yaml").write_text(yaml.safe_dump(planning, allow_unicode=True))
    (checklists / "tier3-inline.yaml").write_text(CRITERIA, encoding="utf-8")
    workspace = Workspace.at(root)
    checklist = workspace.load_checklist()
    profile = SiteProfile(
        id=SITE,
        name="Inline DC",
        operator="Test operator",
        address="1 Test street",
        cooling_technology="dx_air_cooled",
        design_it_load_kw=200,
        assessor=assessor,
    )
    workspace.create_site(profile, checklist)
    return workspace
