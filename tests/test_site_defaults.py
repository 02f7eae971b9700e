"""The design conditions a new site starts from are data (site_defaults.yaml), validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest

from tierassess.core.models import SiteDesignConditions, SiteDesignDefaults, shipped_design_defaults
from tierassess.core.models.site import SITE_DEFAULTS_FILE
from tierassess.errors import FileProblems
from tierassess.yamlio import load_model


def test_the_shipped_file_gives_every_condition_and_its_source_in_both_languages() -> None:
    shipped = load_model(SITE_DEFAULTS_FILE, SiteDesignDefaults)
    assert shipped.region.vi == "Quảng Ngãi"
    design = shipped.design
    assert (design.extreme_dry_bulb_c, design.extreme_wet_bulb_c, design.flood_level_m) == (
        41.4,
        30.0,
        None,
    )
    for name in ("extreme_dry_bulb_c", "extreme_wet_bulb_c", "flood_level_m"):
        source = design.sources[name]
        assert not isinstance(source, str) and source.vi and source.en, name


def test_a_new_profile_takes_the_file_s_values_and_sources() -> None:
    fresh = SiteDesignConditions()
    assert fresh == shipped_design_defaults().design
    assert fresh.sources is not shipped_design_defaults().design.sources  # a copy per site
    assert "41,4 °C" in fresh.sources["extreme_dry_bulb_c"].vi  # type: ignore[union-attr]


GOOD = """\
kind: site_defaults
region: {vi: Nơi thử, en: Test place}
design:
  extreme_dry_bulb_c: 40
  extreme_wet_bulb_c: 29
  flood_level_m: null
  sources:
    extreme_dry_bulb_c: Station record
    extreme_wet_bulb_c: Station record
    flood_level_m: None known
"""


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (GOOD.replace("  extreme_wet_bulb_c: 29\n", ""), "every condition needs a value"),
        (GOOD.replace("    flood_level_m: None known\n", ""), "every condition needs a source"),
        (GOOD.replace("extreme_dry_bulb_c: 40", "extreme_dry_bulb_c: 80"), "60"),
        (GOOD + "    flood_levl_m: x\n", "unknown design condition"),
    ],
)
def test_a_broken_file_is_refused_with_its_line(tmp_path: Path, broken: str, expected: str) -> None:
    assert load_model(_write(tmp_path, GOOD), SiteDesignDefaults).design.extreme_dry_bulb_c == 40
    with pytest.raises(FileProblems) as caught:
        load_model(_write(tmp_path, broken), SiteDesignDefaults)
    text = str(caught.value) + " ".join(p.message for p in caught.value.problems)
    assert expected in text
    assert all(p.line is not None for p in caught.value.problems)


def _write(folder: Path, text: str) -> Path:
    path = folder / "site_defaults.yaml"
    path.write_text(text, encoding="utf-8")
    return path
