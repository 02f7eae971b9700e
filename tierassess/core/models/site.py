"""The site: what a facility is, its design conditions and its planning settings."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

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

    The defaults are Quảng Ngãi's (``QUANG_NGAI_DESIGN_SOURCES`` says where each comes from);
    ``sources`` says where each value of this site comes from. A condition left unknown (None)
    leaves the criteria that refer to it unjudged, and the scorecard says which.
    """

    extreme_dry_bulb_c: Annotated[float, Field(ge=20, le=60)] = Field(
        default=41.4,
        description="Extreme outdoor dry-bulb temperature the heat rejection must work at (°C).",
    )
    extreme_wet_bulb_c: Annotated[float, Field(ge=15, le=40)] = Field(
        default=30.0,
        description="Extreme outdoor wet-bulb temperature for cooling towers (°C).",
    )
    flood_level_m: Annotated[float, Field(ge=-20, le=20)] | None = Field(
        default=None,
        description="Design flood level: the highest recorded flood (or the authority's design "
        "flood, if higher), in metres from the site's ground-floor level (negative when floods "
        "stay below it). Site-specific, so no default: unknown until the profile gives it.",
    )
    sources: dict[str, LocalizedText | str] = Field(
        default_factory=lambda: dict(QUANG_NGAI_DESIGN_SOURCES),
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


# Where the Quảng Ngãi defaults come from. No design wet bulb was found published for Quảng Ngãi
# or Đà Nẵng; the nearest published figure (ASHRAE's Côn Sơn station) is quoted instead.
QUANG_NGAI_DESIGN_SOURCES: dict[str, LocalizedText | str] = {
    "extreme_dry_bulb_c": LocalizedText(
        vi=(
            "Nhiệt độ cao nhất tuyệt đối của trạm Quảng Ngãi, 41,4 °C (vietnam-country.com, "
            '"Quang Ngai\'s Climate"); một bảng phụ lục khí hậu khác ghi 41,1 °C; chưa đối chiếu '
            "QCVN 02:2022/BXD (chưa xác minh)"
        ),
        en=(
            "Quảng Ngãi station absolute maximum, 41.4 °C (vietnam-country.com, \"Quang Ngai's "
            'Climate"); another climate appendix table gives 41.1 °C; not yet checked against '
            "QCVN 02:2022/BXD (unverified)"
        ),
    ),
    "extreme_wet_bulb_c": LocalizedText(
        vi=(
            "Giá trị tạm cho địa điểm ven biển nóng ẩm (chưa xác minh): chưa tìm thấy nhiệt độ bầu "
            "ướt thiết kế công bố cho Quảng Ngãi hay Đà Nẵng; số liệu gần nhất là trạm Côn Sơn "
            "(ASHRAE Handbook – Fundamentals 2017, WMO 489180): bầu ướt cực đại năm 29,9 °C, chu kỳ "
            "50 năm 29,6 °C, bay hơi 0,4 % 27,3 °C. Lấy giá trị của trạm khí tượng hoặc QCVN "
            "02:2022/BXD khi có"
        ),
        en=(
            "Placeholder for a hot, humid coastal site (unverified): no published design wet bulb "
            "was found for Quảng Ngãi or Đà Nẵng; the nearest published figures are Côn Sơn's "
            "(ASHRAE Handbook – Fundamentals 2017, WMO 489180): extreme annual wet bulb 29.9 °C, "
            "50-year 29.6 °C, 0.4 % evaporation 27.3 °C. Take the meteorological station's or "
            "QCVN 02:2022/BXD's value when available"
        ),
    ),
    "flood_level_m": LocalizedText(
        vi=(
            "Không có giá trị mặc định: mực lũ phụ thuộc từng địa điểm (vết lũ địa phương, trạm "
            "thủy văn, bản đồ ngập của Ban chỉ huy phòng chống thiên tai tỉnh)"
        ),
        en=(
            "No default: the flood level is site-specific (local flood marks, the hydrological "
            "station, the provincial disaster-prevention command's inundation maps)"
        ),
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
