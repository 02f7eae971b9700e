"""The site: what a facility is, its design conditions and its planning settings."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from tierassess.models.base import SLUG_PATTERN, FileModel, FreeText, Lang, LocalizedText, Name


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

    The defaults are Quảng Ngãi's; ``sources`` says where each value of this site comes from.
    """

    extreme_dry_bulb_c: Annotated[float, Field(ge=20, le=60)] = Field(
        default=41.4,
        description="Extreme outdoor dry-bulb temperature the heat rejection must work at (°C).",
    )
    extreme_wet_bulb_c: Annotated[float, Field(ge=15, le=40)] = Field(
        default=30.0,
        description="Extreme outdoor wet-bulb temperature for cooling towers (°C).",
    )
    flood_level_m: Annotated[float, Field(ge=0, le=20)] | None = Field(
        default=None,
        description="Highest recorded flood level above the site's ground floor (m), if known.",
    )
    sources: dict[str, str] = Field(
        default_factory=lambda: dict(QUANG_NGAI_DESIGN_SOURCES),
        description="Where each value comes from (field name -> source).",
    )

    @field_validator("sources")
    @classmethod
    def _sources_name_fields(cls, sources: dict[str, str]) -> dict[str, str]:
        for name in sources:
            if name not in DESIGN_CONDITIONS:
                raise ValueError(f"source for unknown design condition {name!r}")
        return sources


QUANG_NGAI_DESIGN_SOURCES: dict[str, str] = {
    "extreme_dry_bulb_c": (
        "Quảng Ngãi station absolute maximum, 41.4 °C, from published climate data; "
        "not yet checked against QCVN 02:2022/BXD (unverified)"
    ),
    "extreme_wet_bulb_c": (
        "Placeholder for a hot, humid coastal site; take the value from QCVN 02:2022/BXD or the "
        "meteorological station (unverified)"
    ),
}


DESIGN_CONDITIONS = frozenset({"extreme_dry_bulb_c", "extreme_wet_bulb_c", "flood_level_m"})


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
