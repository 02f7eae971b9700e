"""The table of element kinds (``kinds.yaml``): roles, media, fields, subsystem."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tierassess.core.topology.model import Medium
from tierassess.yamlio import load_model

KINDS_FILE = Path(__file__).with_name("kinds.yaml")


class Role(StrEnum):
    """What an element does in the feed graph: source, capacity unit, path, storage, load, ..."""

    SOURCE = "source"
    CAPACITY = "capacity"
    PATH = "path"
    STORAGE = "storage"
    BATTERY = "battery"
    CONTROLLER = "controller"
    TRANSFER = "transfer"
    LOAD = "load"
    ROOM = "room"


class Subsystem(StrEnum):
    """The subsystems a tier is judged for; the weakest sets the site's tier."""

    ELECTRICAL = "electrical"
    MECHANICAL = "mechanical"
    FUEL = "fuel"
    MAKEUP_WATER = "makeup_water"
    CONTROLS = "controls"


MEDIUM_SUBSYSTEM: dict[Medium, Subsystem] = {
    Medium.ELECTRICAL: Subsystem.ELECTRICAL,
    Medium.BATTERY: Subsystem.ELECTRICAL,
    Medium.CHILLED_WATER: Subsystem.MECHANICAL,
    Medium.CONDENSER_WATER: Subsystem.MECHANICAL,
    Medium.AIR: Subsystem.MECHANICAL,
    Medium.FUEL: Subsystem.FUEL,
    Medium.MAKEUP_WATER: Subsystem.MAKEUP_WATER,
    Medium.CONTROL: Subsystem.CONTROLS,
}

# Capacity adds up along these media: power stages along cables, cooling stages along water and air.
STAGE_MEDIA: dict[str, frozenset[Medium]] = {
    "power": frozenset({Medium.ELECTRICAL}),
    "cooling": frozenset({Medium.CHILLED_WATER, Medium.CONDENSER_WATER, Medium.AIR}),
}


class KindSpec(BaseModel):
    """What one element kind is (an entry of ``kinds.yaml``): its role, subsystem and media."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: Role
    subsystem: Subsystem | Literal["by_medium"]
    emits: list[Medium]
    accepts: list[Medium]
    label: dict[str, str]
    credit: bool = True
    exempt: bool = False
    capacity_field: Literal["rating_kw", "capacity_kw"] | None = None
    stage_family: Literal["power", "cooling"] | None = None
    required: list[str] = Field(default_factory=list)
    optional: list[str] = Field(default_factory=list)

    @property
    def is_capacity(self) -> bool:
        """A capacity component: its units add up and Tier II asks for a spare one."""
        return self.capacity_field is not None and self.credit


@cache
def kinds() -> dict[str, KindSpec]:
    """Every element kind, by name."""
    return load_model(KINDS_FILE, dict[str, KindSpec])


# Fields every element may carry whatever its kind.
COMMON_FIELDS = frozenset({"id", "kind", "name", "isolates_with", "notes"})
