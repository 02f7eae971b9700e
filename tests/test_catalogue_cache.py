"""The validated-catalogue cache: same checklist as a full load, invalidated by any edit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tierassess.cache import cache_dir
from tierassess.catalogue import load_checklist, load_checklist_cached
from tierassess.errors import CatalogueError
from tierassess.models import Checklist
from tierassess.trusted import construct

REPO = Path(__file__).resolve().parent.parent


def test_rebuilding_from_json_gives_the_same_checklist() -> None:
    checklist = load_checklist(REPO / "checklists")
    again = construct(Checklist, json.loads(checklist.model_dump_json()))
    assert again == checklist
    assert again.model_dump(mode="json") == checklist.model_dump(mode="json")


def test_the_cache_is_used_and_any_edit_invalidates_it(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(REPO / "checklists", folder)
    first = load_checklist_cached(folder)
    cached = list(cache_dir().glob("checklist-default-*.json"))
    assert len(cached) >= 1
    assert load_checklist_cached(folder) == first
    power = folder / "tier3-power.yaml"
    power.write_text(
        power.read_text(encoding="utf-8").replace("domain: power", "domain: powr", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="problem"):
        load_checklist_cached(folder)


def test_a_damaged_cache_falls_back_to_a_full_load(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(REPO / "checklists", folder)
    expected = load_checklist_cached(folder)
    for entry in cache_dir().glob("checklist-default-*.json"):
        entry.write_text("{ not json", encoding="utf-8")
    assert load_checklist_cached(folder) == expected
