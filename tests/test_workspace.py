"""Workspace layout, atomic writes and safe YAML loading."""

from __future__ import annotations

from pathlib import Path

import pytest
from assess_support import SITE, make_workspace

from tierassess.core.models import Answer, Result
from tierassess.errors import FileProblems, WorkspaceError
from tierassess.storage.workspace import Workspace
from tierassess.yamlio import atomic_write_text, parse_yaml_text


def test_assessment_round_trip_keeps_vietnamese(tmp_path: Path) -> None:
    ws, site = make_workspace(tmp_path / "ws"), SITE  # an inline catalogue that has PWR-UPS-01
    assessment = ws.load_assessment(site)
    assessment.answers["PWR-UPS-01"] = Answer(
        result=Result.NOT_MET, notes="Thiếu bộ lưu điện dự phòng"
    )
    ws.save_assessment(assessment)
    text = ws.assessment_path(site).read_text(encoding="utf-8")
    assert "Thiếu bộ lưu điện dự phòng" in text  # stored as readable UTF-8, not escaped
    again = ws.load_assessment(site)
    assert again.answers["PWR-UPS-01"].notes == "Thiếu bộ lưu điện dự phòng"


def test_saving_is_stable_for_diffs(workspace: Path, site: str) -> None:
    ws = Workspace.at(workspace)
    assessment = ws.load_assessment(site)
    first = ws.assessment_path(site).read_text(encoding="utf-8")
    assessment.updated_at = ws.load_assessment(site).updated_at
    ws.save_assessment(assessment)
    second = ws.assessment_path(site).read_text(encoding="utf-8")
    changed = [
        (a, b)
        for a, b in zip(first.splitlines(), second.splitlines(), strict=True)
        if a != b and not b.startswith("updated_at")
    ]
    assert changed == []


def test_a_failed_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "answers.yaml"
    atomic_write_text(target, "old: 1\n")

    def crash(self: Path, other: Path) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(Path, "replace", crash)
    with pytest.raises(OSError):
        atomic_write_text(target, "new: 2\n")
    assert target.read_text() == "old: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


def test_unknown_site_lists_the_known_ones(workspace: Path, site: str) -> None:
    with pytest.raises(WorkspaceError, match=r"no site 'nope'.*test-dc"):
        Workspace.at(workspace).resolve_site("nope")


def test_the_only_site_is_chosen_when_none_is_named(workspace: Path, site: str) -> None:
    assert Workspace.at(workspace).resolve_site(None) == site


def test_several_sites_need_a_name(workspace: Path, site: str) -> None:
    (workspace / "evidence" / "other").mkdir()
    (workspace / "evidence" / "other" / "assessment.yaml").write_text("x: 1\n")
    with pytest.raises(WorkspaceError, match="several sites"):
        Workspace.at(workspace).resolve_site(None)


def test_yaml_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(FileProblems) as caught:
        parse_yaml_text("a: 1\nb: [1, 2\nc: 3\n", tmp_path / "x.yaml")
    problem = caught.value.problems[0]
    assert problem.line is not None and problem.line >= 2
    assert "YAML syntax" in problem.message


def test_tabs_and_non_utf8_are_reported(tmp_path: Path) -> None:
    from tierassess.yamlio import parse_yaml

    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: Quảng Ngãi\n".encode("utf-16"))
    with pytest.raises(FileProblems, match="not UTF-8"):
        parse_yaml(latin)


def test_an_unchanged_assessment_comes_from_the_cache_and_an_edit_is_validated(
    workspace: Path, site: str
) -> None:
    from tierassess.errors import FileProblems
    from tierassess.storage.cache import cache_dir

    ws = Workspace.at(workspace)
    first = ws.load_assessment(site)
    assert list(cache_dir().glob(f"assessment-{site}-*.json"))
    assert ws.load_assessment(site) == first
    path = ws.assessment_path(site)
    path.write_text(
        path.read_text(encoding="utf-8").replace("target_tier: 3", "target_tier: 9"),
        encoding="utf-8",
    )
    with pytest.raises(FileProblems, match="target_tier"):
        ws.load_assessment(site)
