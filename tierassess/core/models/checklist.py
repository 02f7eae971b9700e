"""A checklist as files (header, criteria, planning table, renames) and as loaded."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from tierassess.core.models.base import (
    CRITERION_ID_PATTERN,
    SLUG_PATTERN,
    VERSION_PATTERN,
    FileModel,
    Lang,
    LocalizedText,
    Model,
    version_key,
)
from tierassess.core.models.criteria import Criterion, Domain, Standard, Subsystem
from tierassess.core.models.site import SiteProfile
from tierassess.core.models.yardsticks import Yardstick


class ChecklistHeader(FileModel):
    """The manifest of a checklist: identity, the standards it cites, its taxonomy."""

    kind: Literal["checklist"]
    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    version: Annotated[str, Field(pattern=VERSION_PATTERN)]
    title: LocalizedText
    description: LocalizedText | None = None
    disclaimer: LocalizedText
    standards: Annotated[list[Standard], Field(min_length=1)]
    subsystems: Annotated[list[Subsystem], Field(min_length=1)]
    domains: Annotated[list[Domain], Field(min_length=1)]
    units: dict[str, LocalizedText] = Field(
        default_factory=dict,
        description="How each unit used by a measured criterion reads in each language.",
    )
    yardsticks: list[Yardstick] = Field(
        default_factory=list, description="The standards' own verdicts, each given separately."
    )

    @model_validator(mode="after")
    def _yardsticks_fit(self) -> ChecklistHeader:
        ids = [y.id for y in self.yardsticks]
        if len(ids) != len(set(ids)):
            raise ValueError("yardstick ids must be unique")
        if sum(y.primary for y in self.yardsticks) > 1:
            raise ValueError("at most one yardstick can be primary")
        subsystems = {s.id for s in self.subsystems}
        for yardstick in self.yardsticks:
            for subsystem in yardstick.subsystems:
                if subsystem not in subsystems:
                    raise ValueError(f"yardstick {yardstick.id}: unknown subsystem {subsystem!r}")
        return self

    def yardstick(self, yardstick_id: str) -> Yardstick:
        """The yardstick with ``yardstick_id``; KeyError when there is none."""
        for yardstick in self.yardsticks:
            if yardstick.id == yardstick_id:
                return yardstick
        raise KeyError(yardstick_id)


class CriteriaFile(FileModel):
    """A file of criteria belonging to a checklist (one file per domain reads best)."""

    kind: Literal["criteria"]
    checklist: Annotated[str, Field(pattern=SLUG_PATTERN)]
    criteria: Annotated[list[Criterion], Field(min_length=1)]


class CostBand(FileModel):
    """A cost range in VND that remediation templates refer to by id."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    label: LocalizedText
    min_vnd: Annotated[int, Field(ge=0)]
    max_vnd: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> CostBand:
        if self.max_vnd < self.min_vnd:
            raise ValueError("max_vnd must not be below min_vnd")
        return self


class PlanningDefaults(FileModel):
    """Defaults a new site's planning section starts from (editable by users)."""

    start_year: Annotated[int, Field(ge=2000, le=2100)]
    end_year: Annotated[int, Field(ge=2000, le=2100)]
    lead_unit: LocalizedText
    coordinating_unit: LocalizedText


ACTION_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"


class CombinedAction(FileModel):
    """One piece of work that closes several criteria at once.

    A second fuel pipe serves fuel capacity and concurrent maintainability; the cheapest route may
    choose it over the criteria's own actions.
    """

    id: Annotated[str, Field(pattern=ACTION_ID_PATTERN, max_length=40)]
    title: LocalizedText
    closes: Annotated[
        list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]], Field(min_length=1)
    ] = Field(description="The criteria this work brings to met.")
    cost_band: Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,20}$")]
    duration_weeks: Annotated[int, Field(gt=0, le=260)]
    depends_on: list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]] = Field(
        default_factory=list, description="Criterion ids that must be closed before this work."
    )
    model_change: dict[str, Any] | None = Field(
        default=None,
        description="What the work does to a site's topology model (a topology ModelChange: "
        "add_elements, add_connections, ...); the route applies it and re-runs the check.",
    )


class TogetherGroup(FileModel):
    """Actions that only make sense together: a route funds all of them or none."""

    actions: Annotated[
        list[Annotated[str, Field(pattern=ACTION_ID_PATTERN)]], Field(min_length=2)
    ] = Field(description="Criterion ids (their own actions) or combined action ids.")
    reason: LocalizedText


class PlanningTable(FileModel):
    """Cost bands in VND and planning defaults; users edit this file to match local prices."""

    kind: Literal["planning"]
    currency: Literal["VND"] = "VND"
    as_of: date
    note: LocalizedText | None = None
    outage_note: LocalizedText | None = Field(
        default=None,
        description="Where the remediation templates' outage_weeks come from and how sure they "
        "are; shown with every plan that uses them.",
    )
    cost_bands: Annotated[list[CostBand], Field(min_length=1)]
    allocation_step_vnd: Annotated[int, Field(ge=1)] = Field(
        default=1,
        description="Work that runs over several years is allocated in whole multiples of this "
        "per year (by days, rounded down; the last year takes the rest). 1: split to the đồng.",
    )
    defaults: PlanningDefaults
    combined_actions: list[CombinedAction] = Field(
        default_factory=list, description="Work that closes several criteria at once."
    )
    only_together: list[TogetherGroup] = Field(
        default_factory=list, description="Groups of actions funded all together or not at all."
    )

    @field_validator("allocation_step_vnd")
    @classmethod
    def _step_fits_the_bands(cls, step: int, info: ValidationInfo) -> int:
        # a step above every band's upper cost would put all of a multi-year work's money in its
        # last year: surely a typo (a few zeros too many)
        bands = info.data.get("cost_bands") or []
        if bands and step > max(band.max_vnd for band in bands):
            raise ValueError("is above every cost band's max_vnd")
        return step


class CriterionRename(FileModel):
    """A criterion renamed (one new id) or split (several) by a catalogue version."""

    old: Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]
    new: Annotated[list[Annotated[str, Field(pattern=CRITERION_ID_PATTERN)]], Field(min_length=1)]
    since: Annotated[str, Field(pattern=VERSION_PATTERN)] = Field(
        description="The catalogue version that made the change."
    )


class RenameTable(FileModel):
    """Criteria renamed or split between catalogue versions (``checklists/renames.yaml``).

    So that progress is compared across versions without counting a renamed criterion as a new gap.
    """

    kind: Literal["renames"]
    renames: list[CriterionRename] = Field(default_factory=list)


CatalogueFile = Annotated[
    ChecklistHeader | CriteriaFile | PlanningTable | RenameTable, Field(discriminator="kind")
]


class Checklist(Model):
    """A whole checklist as loaded: header plus every criterion from every file."""

    model_config = ConfigDict(extra="forbid")

    header: ChecklistHeader
    criteria: list[Criterion]
    planning: PlanningTable | None = None
    renames: list[CriterionRename] = Field(default_factory=list)
    source_digest: str = Field(
        default="", description="SHA-256 over the files it was loaded from, for bundles."
    )

    @model_validator(mode="after")
    def _asked_since_released(self) -> Checklist:
        for criterion in self.criteria:
            since = criterion.asked_since
            if since is not None and version_key(since) > version_key(self.header.version):
                raise ValueError(
                    f"{criterion.id}: asked_since {since} is after the checklist's version "
                    f"{self.header.version}"
                )
        return self

    @property
    def id(self) -> str:
        """The checklist's id, from its header."""
        return self.header.id

    @property
    def version(self) -> str:
        """The checklist's version, from its header."""
        return self.header.version

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with ``criterion_id``; KeyError when there is none."""
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def by_id(self) -> dict[str, Criterion]:
        """Every criterion by its id."""
        return {c.id: c for c in self.criteria}

    def unit_label(self, unit: str | None, lang: Lang | str) -> str:
        """A unit as people read it in ``lang`` (``sets`` reads ``tổ máy`` in Vietnamese)."""
        if not unit:
            return ""
        label = self.header.units.get(unit)
        return label.get(lang) if label else unit

    def domain(self, domain_id: str) -> Domain:
        """The domain with ``domain_id``; KeyError when there is none."""
        for domain in self.header.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(domain_id)

    def subsystem(self, subsystem_id: str) -> Subsystem:
        """The subsystem with ``subsystem_id``; KeyError when there is none."""
        for subsystem in self.header.subsystems:
            if subsystem.id == subsystem_id:
                return subsystem
        raise KeyError(subsystem_id)

    def applicable(self, profile: SiteProfile, tier: int | None = None) -> list[Criterion]:
        """Criteria in scope for the site, in questionnaire order (domain order, then file order)."""
        order = {d.id: i for i, d in enumerate(self.header.domains)}
        chosen = [c for c in self.criteria if c.applies_to(profile, tier)]
        return sorted(chosen, key=lambda c: order.get(c.domain, len(order)))


def json_schema_for_catalogue_file() -> dict[str, Any]:
    """The JSON Schema of one checklist YAML file (header, criteria or planning table)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(CatalogueFile).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "tierassess catalogue file"
    return schema
