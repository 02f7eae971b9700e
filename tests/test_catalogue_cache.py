"""The validated-catalogue cache: same checklist as a full load, invalidated by any edit."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tierassess.core.models import Checklist
from tierassess.errors import CatalogueError
from tierassess.storage import cache as cache_module
from tierassess.storage.cache import cache_dir, cached_model
from tierassess.storage.catalogue import load_checklist, load_checklist_cached
from tierassess.storage.trusted import construct

REPO = Path(__file__).resolve().parent.parent


def test_rebuilding_from_json_gives_the_same_checklist() -> None:
    checklist = load_checklist(REPO / "checklists")
    again = construct(Checklist, json.loads(checklist.model_dump_json()))
    assert again == checklist
    assert again.model_dump(mode="json") == checklist.model_dump(mode="json")


def test_a_loaded_checklist_carries_the_digest_a_bundle_records(tmp_path: Path) -> None:
    """One digest of a catalogue's files: the loaded checklist's and the bundle manifest's."""
    import hashlib

    from tierassess.storage.catalogue import catalogue_digest, catalogue_files

    folder = tmp_path / "checklists"
    shutil.copytree(REPO / "checklists", folder)
    (folder / "notes.txt").write_text("not part of the catalogue", encoding="utf-8")
    files = catalogue_files(folder)
    assert [f.name for f in files] == sorted(f.name for f in folder.glob("*.y*ml"))
    pairs = [(f.name, f.read_bytes()) for f in files]
    framed = b"".join(name.encode() + b"\0" + data + b"\0" for name, data in pairs)
    assert catalogue_digest(pairs) == hashlib.sha256(framed).hexdigest()
    assert load_checklist(folder).source_digest == catalogue_digest(pairs)
    assert load_checklist_cached(folder).source_digest == catalogue_digest(pairs)


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


def _counting(value: Checklist) -> tuple[list[int], Callable[[], Checklist]]:
    calls: list[int] = []

    def load() -> Checklist:
        calls.append(1)
        return value

    return calls, load


def test_an_entry_spares_the_second_load() -> None:
    checklist = load_checklist(REPO / "checklists")
    content = b"the exact bytes of a catalogue"
    calls, load = _counting(checklist)
    assert cached_model("count-test", content, Checklist, load) == checklist
    assert cached_model("count-test", content, Checklist, load) == checklist
    assert len(calls) == 1, "the second load should come from the cache"
    cached_model("count-test", content + b" edited", Checklist, load)
    assert len(calls) == 2, "other bytes are another entry"


@pytest.mark.parametrize(
    "module",
    [
        "tierassess.core.models",
        "tierassess.storage.catalogue",
        "tierassess.yamlio",
        "tierassess.storage.trusted",
    ],
)
def test_a_change_to_the_loading_code_invalidates_entries(
    module: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checklist = load_checklist(REPO / "checklists")
    calls, load = _counting(checklist)
    cached_model("code-test", b"same bytes", Checklist, load)
    target = cache_module.source_files(module)[-1]
    real_read = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real_read(path)
        return data + b"\n# edited" if path == target else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    cache_module._code_key.cache_clear()
    try:
        cached_model("code-test", b"same bytes", Checklist, load)
    finally:
        cache_module._code_key.cache_clear()
    assert len(calls) == 2, f"an edit to {module} must invalidate the cache"
