"""The topology model of one site: elements, connections by medium, design needs.

Elements have kinds and ratings. Read from ``evidence/<site>/topology.yaml``;
``docs/topology.md`` documents the format.

Structure only: what each kind accepts and requires lives in ``kinds.yaml`` (``kinds.py``), the
cross-checks between elements in ``loader.py``.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

ElementId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]


class Medium(StrEnum):
    """What a connection carries."""

    ELECTRICAL = "electrical"
    BATTERY = "battery"
    CHILLED_WATER = "chilled_water"
    CONDENSER_WATER = "condenser_water"
    AIR = "air"
    FUEL = "fuel"
    MAKEUP_WATER = "makeup_water"
    CONTROL = "control"


class RatingType(StrEnum):
    """ISO 8528-1 generator ratings and the manufacturers' data-centre rating (facts sheet §1.2.6)."""

    STANDBY = "standby"  # ESP: emergency standby, hours per year limited
    ESP = "esp"
    LTP = "ltp"  # limited-time running power
    PRIME = "prime"  # unlimited hours, average load limited (prime_limit)
    CONTINUOUS = "continuous"  # COP
    DCC = "dcc"  # data-centre continuous (Cummins DCC, Generac MCC, ...)


LIMITED_RATINGS = frozenset({RatingType.STANDBY, RatingType.ESP, RatingType.LTP})


class TopologyModel(BaseModel):
    """Base of the model's parts: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class Element(TopologyModel):
    """One piece of equipment, path element, load or room. Which fields apply depends on ``kind``."""

    id: ElementId
    kind: str
    name: str | None = None
    rating_kw: float | None = Field(None, gt=0, description="electrical output (generator, UPS)")
    rating_type: RatingType | None = None
    prime_limit: float | None = Field(
        None, gt=0, le=1, description="average load a prime rating allows (default 0.70)"
    )
    fuel_lph: float | None = Field(None, gt=0, description="fuel use at rated kW, litres/hour")
    capacity_kw: float | None = Field(None, gt=0, description="thermal kW at the design condition")
    power_kw: float | None = Field(None, ge=0, description="electrical draw at N")
    heat_kw: float | None = Field(None, ge=0, description="heat into the room (default power_kw)")
    room: ElementId | None = None
    extra_heat_kw: float | None = Field(None, ge=0)
    volume_l: float | None = Field(None, gt=0, description="usable volume of a tank")
    makeup_lph: float | None = Field(None, gt=0, description="make-up water at rated capacity")
    manual_mode: bool | None = None
    isolates_with: list[ElementId] = Field(default_factory=list)
    notes: str | None = None


class Connection(TopologyModel):
    """``from`` feeds ``to`` (one or several) with ``medium`` (default: what ``from`` gives out)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: ElementId = Field(alias="from")
    to: list[ElementId]
    medium: Medium | None = None

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class Design(TopologyModel):
    """Design conditions and the thresholds of the test."""

    target_tier: int = Field(3, ge=1, le=4)
    fuel_hours_min: float = Field(12, gt=0)
    makeup_water_hours_min: float = Field(12, gt=0)
    ambient_c: float | None = Field(None, description="design dry bulb the ratings are given at")
    wet_bulb_c: float | None = None


class Topology(TopologyModel):
    """A whole site: ``topology.yaml``."""

    format_version: int = Field(1, ge=1, le=1)
    site: str | None = None
    design: Design = Field(default_factory=Design)
    elements: list[Element] = Field(min_length=1)
    connections: list[Connection] = Field(default_factory=list)

    def digest(self) -> str:
        """SHA-256 of the model's canonical JSON: the evidence a computed answer cites."""
        canonical = json.dumps(
            self.model_dump(mode="json", by_alias=True, exclude_none=True),
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )
        return hashlib.sha256(canonical.encode()).hexdigest()

    def element(self, element_id: str) -> Element | None:
        """The element with ``element_id``, or None."""
        return next((e for e in self.elements if e.id == element_id), None)


class ConnectionRef(TopologyModel):
    """A connection to remove: ``from`` and ``to``, and the medium when several exist."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    source: ElementId = Field(alias="from")
    to: ElementId
    medium: Medium | None = None


class ModelChange(TopologyModel):
    """What a remediation action does to the model (applied by ``change.apply_change``).

    Order: remove connections, remove elements (with their connections), update elements, add
    elements, add connections.
    """

    remove_connections: list[ConnectionRef] = Field(default_factory=list)
    remove_elements: list[ElementId] = Field(default_factory=list)
    update_elements: list[dict[str, object]] = Field(default_factory=list)
    add_elements: list[Element] = Field(default_factory=list)
    add_connections: list[Connection] = Field(default_factory=list)
