"""Integrity of the shipped catalogue: every file parses, and the content rules hold."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from tierassess.core.models import (
    Checklist,
    CoolingTechnology,
    Disruption,
    MeasuredAnswer,
    SiteProfile,
    json_schema_for_catalogue_file,
)
from tierassess.core.topology.kinds import kinds
from tierassess.storage.catalogue import SCHEMA_FILENAME, load_checklist

REPO = Path(__file__).resolve().parent.parent
CHECKLISTS = REPO / "checklists"
REQUIRED_DOMAINS = {
    "power",
    "cooling",
    "concurrent_maintainability",
    "fire",
    "security",
    "telecom",
    "monitoring",
    "site",
    "operations",
    "infosec",
}
REQUIRED_SUBSYSTEMS = {
    "electrical",
    "mechanical",
    "telecommunications",
    "architectural",
    "operations",
}


@pytest.fixture(scope="module")
def checklist() -> Checklist:
    return load_checklist(CHECKLISTS)


def test_at_least_110_criteria(checklist: Checklist) -> None:
    assert len(checklist.criteria) >= 110


def test_every_required_domain_and_subsystem_is_present(checklist: Checklist) -> None:
    assert {c.domain for c in checklist.criteria} >= REQUIRED_DOMAINS
    assert {c.subsystem for c in checklist.criteria} >= REQUIRED_SUBSYSTEMS


def test_at_least_20_measured_criteria_with_unit_and_threshold(checklist: Checklist) -> None:
    measured = [c for c in checklist.criteria if isinstance(c.answer, MeasuredAnswer)]
    assert len(measured) >= 20
    for criterion in measured:
        assert isinstance(criterion.answer, MeasuredAnswer)
        assert criterion.answer.unit.strip()
        assert criterion.answer.plausible_max is not None, f"{criterion.id}: no plausible_max"
        assert (
            criterion.answer.plausible_min
            <= criterion.answer.threshold
            <= criterion.answer.plausible_max
        )


def test_every_text_in_both_languages_and_distinct(checklist: Checklist) -> None:
    for criterion in checklist.criteria:
        for text in (
            criterion.title,
            criterion.requirement,
            criterion.guidance,
            criterion.remediation.action,
        ):
            assert text.vi.strip() and text.en.strip()
            assert text.vi != text.en, f"{criterion.id}: Vietnamese text equals English"


def test_vietnamese_text_has_diacritics(checklist: Checklist) -> None:
    # A Vietnamese text without a single diacritic is almost surely untranslated or stripped.
    marks = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    for criterion in checklist.criteria:
        assert marks & set(criterion.requirement.vi.lower()), criterion.id


def test_every_cited_clause_reads_in_both_languages(checklist: Checklist) -> None:
    # what a standard says is paraphrased in each language (checklist show cites it in the
    # reader's); only a bare clause number may read the same in both
    marks = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    for criterion in checklist.criteria:
        for reference in criterion.references:
            clause = reference.clause
            if re.fullmatch(r"[A-Z]?[\d.]+", clause.en):
                continue
            assert clause.vi != clause.en, f"{criterion.id}: {clause.en}"
            assert marks & set(clause.vi.lower()), f"{criterion.id}: {clause.vi}"


def test_references_and_remediation(checklist: Checklist) -> None:
    bands = {b.id for b in checklist.planning.cost_bands} if checklist.planning else set()
    for criterion in checklist.criteria:
        assert criterion.references
        assert criterion.remediation.cost_band in bands
        assert criterion.remediation.duration_weeks > 0


def test_unverified_references_are_explained(checklist: Checklist) -> None:
    for criterion in checklist.criteria:
        if any(not r.verified for r in criterion.references):
            assert criterion.unverified is not None, (
                f"{criterion.id}: unverified reference without explanation"
            )


def test_dependencies_point_to_existing_criteria(checklist: Checklist) -> None:
    ids = {c.id for c in checklist.criteria}
    for criterion in checklist.criteria:
        assert set(criterion.remediation.depends_on) <= ids


def test_each_subsystem_has_must_pass_criteria_up_to_tier_3(checklist: Checklist) -> None:
    must = Counter(c.subsystem for c in checklist.criteria if c.must_pass and c.min_tier <= 3)
    for subsystem in REQUIRED_SUBSYSTEMS:
        assert must[subsystem] >= 1, subsystem


def test_tier_4_items_are_not_must_pass_for_tier_3(checklist: Checklist) -> None:
    profile = SiteProfile(
        id="x",
        name="x",
        operator="x",
        address="x",
        cooling_technology=CoolingTechnology.CHILLED_WATER_EVAPORATIVE,
        design_it_load_kw=100,
    )
    in_scope = {c.id for c in checklist.applicable(profile)}
    assert all(checklist.criterion(cid).min_tier <= 3 for cid in in_scope)


def test_applicability_depends_on_cooling_technology(checklist: Checklist) -> None:
    def profile(cooling: CoolingTechnology) -> SiteProfile:
        return SiteProfile(
            id="x",
            name="x",
            operator="x",
            address="x",
            cooling_technology=cooling,
            design_it_load_kw=100,
        )

    dx = {c.id for c in checklist.applicable(profile(CoolingTechnology.DX_AIR_COOLED))}
    evaporative = {
        c.id for c in checklist.applicable(profile(CoolingTechnology.CHILLED_WATER_EVAPORATIVE))
    }
    assert evaporative - dx, "no criterion applies only to evaporative chilled-water plants"


def test_committed_schema_matches_the_models() -> None:
    committed = json.loads((CHECKLISTS / SCHEMA_FILENAME).read_text(encoding="utf-8"))
    assert committed == json_schema_for_catalogue_file(), (
        "run: tierassess checklist schema -o checklists/catalogue.schema.json"
    )


def test_every_yaml_file_points_editors_to_the_schema() -> None:
    for path in CHECKLISTS.glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={SCHEMA_FILENAME}", path.name


def test_the_packaged_catalogue_is_the_repository_catalogue() -> None:
    from tierassess.storage.catalogue import packaged_catalogue_dir

    packaged = packaged_catalogue_dir()
    for path in CHECKLISTS.glob("*.yaml"):
        assert (packaged / path.name).read_bytes() == path.read_bytes()


def test_every_unit_reads_in_both_languages(checklist: Checklist) -> None:
    used = {c.answer.unit for c in checklist.criteria if isinstance(c.answer, MeasuredAnswer)}
    assert used <= set(checklist.header.units)
    assert checklist.unit_label("sets", "vi") == "tổ máy"


def test_every_disruptive_work_has_its_outage_weeks_within_the_work(checklist: Checklist) -> None:
    # Without a figure the scheduler holds the system for the whole work (procurement included).
    disruptive = [c for c in checklist.criteria if c.remediation.disruption is not Disruption.NONE]
    assert disruptive
    for criterion in disruptive:
        work = criterion.remediation
        assert work.outage_weeks is not None, f"{criterion.id}: no outage_weeks"
        assert work.outage_weeks <= work.duration_weeks, criterion.id


def test_every_affected_kind_is_a_topology_kind(checklist: Checklist) -> None:
    known = set(kinds())
    for criterion in checklist.criteria:
        assert set(criterion.remediation.affects) <= known, criterion.id


def test_the_outage_figures_say_they_are_estimates(checklist: Checklist) -> None:
    assert checklist.planning is not None and checklist.planning.outage_note is not None
    note = checklist.planning.outage_note
    assert "MOP" in note.vi and "MOP" in note.en
    assert "ước tính" in note.vi and "estimates" in note.en
