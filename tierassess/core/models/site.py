"""The site: what a facility is, its design conditions and its planning settings."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from tierassess.core.models.base import SLUG_PATTERN, FileModel, FreeText, Lang, LocalizedText, Name


class CoolingTechnology(StrEnum):
    """How the site cools its IT load; some criteria apply only to some technologies."""

    DX_AIR_COOLED = "dx_air_cooled"
    CHILLED_WATER_AIR_COOLED = "chilled_water_air_cooled"
    CHILLED_WATER_EVAPORATIVE = "chilled_water_evaporative"
    IN_ROW_DX = "in_row_dx"
    LIQUID_DIRECT = "liquid_direct"


class PlanningSettings(FileModel):
    """How this site's remediation plan is scheduled and who carries it out."""

    start_year: Annotated[int, Field(ge=2000, le=2100)] = 2025
    end_year: Annotated[int, Field(ge=2000, le=2100)] = 2030
    lead_unit: LocalizedText | None = None
    coordinating_unit: LocalizedText | None = None
    budget_per_year_vnd: Annotated[int, Field(gt=0)] | None = None

    @model_validator(mode="after")
    def _window(self) -> PlanningSettings:
        if self.end_year < self.start_year:
            raise ValueError("end_year must not be before start_year")
        return self


class SiteDesignConditions(FileModel):
    """The site's design conditions that thresholds refer to (``threshold_from``).

    The defaults are Quảng Ngãi's, read from ``site_defaults.yaml`` beside this module with their
    sources (``shipped_design_defaults``); ``sources`` says where each value of this site comes from. A condition left unknown (None)
    leaves the criteria that refer to it unjudged, and the scorecard says which.
    """

    extreme_dry_bulb_c: Annotated[float, Field(ge=20, le=60)] = Field(
        default_factory=lambda: shipped_design_defaults().design.extreme_dry_bulb_c,
        description="Extreme outdoor dry-bulb temperature the heat rejection must work at (°C).",
    )
    extreme_wet_bulb_c: Annotated[float, Field(ge=15, le=40)] = Field(
        default_factory=lambda: shipped_design_defaults().design.extreme_wet_bulb_c,
        description="Extreme outdoor wet-bulb temperature for cooling towers (°C).",
    )
    flood_level_m: Annotated[float, Field(ge=-20, le=20)] | None = Field(
        default_factory=lambda: shipped_design_defaults().design.flood_level_m,
        description="Design flood level: the highest recorded flood (or the authority's design "
        "flood, if higher), in metres from the site's ground-floor level (negative when floods "
        "stay below it). Site-specific, so no default: unknown until the profile gives it.",
    )
    sources: dict[str, LocalizedText | str] = Field(
        default_factory=lambda: dict(shipped_design_defaults().design.sources),
        description="Where each value comes from (field name -> source, in both languages or as "
        "one text).",
    )

    @field_validator("sources")
    @classmethod
    def _sources_name_fields(
        cls, sources: dict[str, LocalizedText | str]
    ) -> dict[str, LocalizedText | str]:
        for name in sources:
            if name not in DESIGN_CONDITIONS:
                raise ValueError(f"source for unknown design condition {name!r}")
        return sources


DESIGN_CONDITIONS = frozenset({"extreme_dry_bulb_c", "extreme_wet_bulb_c", "flood_level_m"})


class SiteDesignDefaults(FileModel):
    """The design conditions a new site starts from, with their sources (``site_defaults.yaml``).

    Every condition and its source is written out: a default is data, and one left out would
    be taken from this very file.
    """

    kind: Literal["site_defaults"]
    region: LocalizedText = Field(description="Where these conditions hold.")
    design: SiteDesignConditions

    @model_validator(mode="before")
    @classmethod
    def _all_written(cls, data: Any) -> Any:
        design = data.get("design") if isinstance(data, dict) else None
        if isinstance(design, dict):
            missing = sorted((DESIGN_CONDITIONS | {"sources"}) - design.keys())
            if missing:
                raise ValueError(f"design: every condition needs a value (null: none): {missing}")
            unsourced = sorted(DESIGN_CONDITIONS - (design.get("sources") or {}).keys())
            if unsourced:
                raise ValueError(f"design.sources: every condition needs a source: {unsourced}")
        return data


SITE_DEFAULTS_FILE = Path(__file__).resolve().parent / "site_defaults.yaml"


_SHIPPED: dict[Path, SiteDesignDefaults] = {}


def shipped_design_defaults() -> SiteDesignDefaults:
    """The shipped design defaults (Quảng Ngãi's), read and validated once."""
    # a plain memo, not functools.cache: the model's defaults refer to it before it is defined
    if SITE_DEFAULTS_FILE not in _SHIPPED:
        from tierassess.yamlio import load_model  # on first use: YAML costs start-up time

        _SHIPPED[SITE_DEFAULTS_FILE] = load_model(SITE_DEFAULTS_FILE, SiteDesignDefaults)
    return _SHIPPED[SITE_DEFAULTS_FILE]


class SiteProfile(FileModel):
    """What a facility is; applicability conditions and planning read these fields."""

    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    name: Name
    operator: Name
    address: Name
    target_tier: Annotated[int, Field(ge=1, le=4)] = 3
    cooling_technology: CoolingTechnology
    design_it_load_kw: Annotated[float, Field(gt=0, le=200_000)]
    halls: Annotated[int, Field(ge=1, le=100)] = 1
    report_language: Lang = Lang.VI
    assessor: Name | None = None
    has_generators: bool = True
    has_raised_floor: bool = True
    gaseous_suppression: bool = True
    shared_building: bool = False
    coastal: bool = Field(default=False, description="Exposed to typhoons and storm surge.")
    state_agency: bool = Field(
        default=True, description="Operated by a state body (Vietnamese state-DC duties apply)."
    )
    sample: bool = Field(default=False, description="An illustrative site, not a real facility.")
    planning: PlanningSettings = Field(default_factory=PlanningSettings)
    design: SiteDesignConditions = Field(
        default_factory=SiteDesignConditions,
        description="Design conditions thresholds refer to (Quảng Ngãi defaults).",
    )
    notes: FreeText | None = None
    governing_body: Name | None = Field(
        default=None, description="The body the operator answers to, e.g. UBND TỈNH QUẢNG NGÃI."
    )
    signer_title: Name | None = Field(default=None, description="Who signs plans, e.g. GIÁM ĐỐC.")
    signer_name: Name | None = None
