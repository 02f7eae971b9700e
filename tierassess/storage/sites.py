"""Site profiles: reading one from a file and filling planning defaults from the catalogue."""

from __future__ import annotations

from pathlib import Path

from tierassess.core.models import PlanningSettings, PlanningTable, SiteProfile
from tierassess.errors import FileProblems, Problem
from tierassess.i18n import t
from tierassess.yamlio import parse_yaml, validate_document


def profile_from_file(path: Path, site_id: str, planning: PlanningTable | None) -> SiteProfile:
    """Read a profile YAML; ``site_id`` wins over any ``id`` in it; planning gaps get defaults."""
    document = parse_yaml(path)
    if not isinstance(document.data, dict):
        raise FileProblems([Problem(path, 1, "", t("validation.type.mapping"))])
    document.data["id"] = site_id
    profile = validate_document(document, SiteProfile)
    return with_planning_defaults(profile, planning)


def with_planning_defaults(profile: SiteProfile, planning: PlanningTable | None) -> SiteProfile:
    """Fill the lead and coordinating units the profile leaves empty from the planning table."""
    if planning is None:
        return profile
    settings: PlanningSettings = profile.planning
    updates = {}
    if settings.lead_unit is None:
        updates["lead_unit"] = planning.defaults.lead_unit
    if settings.coordinating_unit is None:
        updates["coordinating_unit"] = planning.defaults.coordinating_unit
    if not updates:
        return profile
    return profile.model_copy(update={"planning": settings.model_copy(update=updates)})
