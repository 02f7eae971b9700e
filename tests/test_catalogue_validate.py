"""`checklist validate` meets broken catalogues: every problem reported with file, line and field."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

HEADER = """\
kind: checklist
id: mini
version: "1.0"
title: {vi: Bộ tiêu chí nhỏ, en: Mini checklist}
disclaimer: {vi: Không phải chứng nhận., en: Not a certification.}
standards:
  - {id: std, publisher: Someone, title: {vi: Tiêu chuẩn, en: Standard}}
subsystems:
  - {id: electrical, title: {vi: Điện, en: Electrical}}
domains:
  - {id: power, code: PWR, title: {vi: Điện, en: Power}}
"""

PLANNING = """\
kind: planning
as_of: 2026-01-01
cost_bands:
  - {id: S, label: {vi: Nhỏ, en: Small}, min_vnd: 1, max_vnd: 2}
defaults:
  start_year: 2025
  end_year: 2030
  lead_unit: {vi: Trung tâm, en: Centre}
  coordinating_unit: {vi: Phòng, en: Division}
"""


def criterion(cid: str = "PWR-UPS-01", **overrides: str) -> str:
    fields = {
        "id": cid,
        "domain": "power",
        "subsystem": "electrical",
        "min_tier": "3",
        "title": "{vi: Tiêu đề, en: Title}",
        "requirement": "{vi: Yêu cầu, en: Requirement}",
        "guidance": "{vi: Hướng dẫn, en: Guidance}",
        "answer": "{kind: yes_no}",
        "severity": "major",
        "references": "[{standard: std, clause: '1.2'}]",
        "remediation": "{action: {vi: Làm, en: Do}, cost_band: S, duration_weeks: 4}",
    }
    fields.update(overrides)
    lines = [f"    {key}: {value}" for key, value in fields.items() if value != "DROP"]
    lines[0] = "  - " + lines[0].lstrip()
    return "\n".join(lines) + "\n"


def disruptive_remediation(outage: str) -> str:
    """A four-week shutdown work's remediation with the given outage fields."""
    return (
        "{action: {vi: Làm, en: Do}, cost_band: S, duration_weeks: 4, disruption: shutdown, "
        + outage
        + "}"
    )


def write_catalogue(folder: Path, criteria_text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.yaml").write_text(HEADER, encoding="utf-8")
    (folder / "planning.yaml").write_text(PLANNING, encoding="utf-8")
    path = folder / "mini-power.yaml"
    path.write_text(
        "kind: criteria\nchecklist: mini\ncriteria:\n" + criteria_text, encoding="utf-8"
    )
    return path


def test_a_valid_catalogue_passes(tmp_path: Path, cli: Callable[..., Result]) -> None:
    write_catalogue(tmp_path / "c", criterion())
    result = cli("checklist", "validate", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert "valid, 1 criteria" in result.output


def test_a_disruptive_work_with_outage_weeks_and_topology_kinds_passes(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    outage = "outage_weeks: 4, affects: [ups_module, ups_output_bus, battery]"
    write_catalogue(tmp_path / "c", criterion(remediation=disruptive_remediation(outage)))
    result = cli("checklist", "validate", str(tmp_path / "c"))
    assert result.exit_code == 0, result.output + result.stderr


def test_a_clause_reads_in_both_languages_or_is_a_number_written_once(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    for clause in ("'5.3.2'", "5.3", "12", "{vi: Tier III – mọi tuyến, en: Tier III – every path}"):
        references = f"[{{standard: std, clause: {clause}}}]"
        write_catalogue(tmp_path / "c", criterion(references=references))
        result = cli("checklist", "validate", str(tmp_path / "c"))
        assert result.exit_code == 0, clause + result.output + result.stderr
    write_catalogue(tmp_path / "c", criterion(references="[{standard: std, clause: {en: x}}]"))
    result = cli("checklist", "validate", str(tmp_path / "c"))
    assert result.exit_code == 1 and "references[0].clause.vi" in result.output


def test_an_allocation_step_above_every_band_is_refused_at_its_line(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    write_catalogue(tmp_path / "c", criterion())
    planning = tmp_path / "c" / "planning.yaml"
    planning.write_text(PLANNING + "allocation_step_vnd: 3\n", encoding="utf-8")
    result = cli("checklist", "validate", str(tmp_path / "c"))
    assert result.exit_code == 1
    assert "planning.yaml:10: allocation_step_vnd: is above every cost band's max_vnd" in (
        result.output
    )
    planning.write_text(PLANNING + "allocation_step_vnd: 2\n", encoding="utf-8")
    assert cli("checklist", "validate", str(tmp_path / "c")).exit_code == 0


# Each case: the criteria text, the field expected in the message, and a fragment of the message.
MISTAKES = {
    "duplicate id": (criterion() + criterion(), "criteria[1].id", "duplicate id PWR-UPS-01"),
    "unknown domain": (criterion(domain="cooling"), "criteria[0].domain", "unknown domain"),
    "unknown subsystem": (
        criterion(subsystem="plumbing"),
        "criteria[0].subsystem",
        "unknown subsystem",
    ),
    "missing Vietnamese": (
        criterion(title="{en: Title}"),
        "criteria[0].title.vi",
        "field required",
    ),
    "blank English": (
        criterion(guidance="{vi: Hướng dẫn, en: '  '}"),
        "criteria[0].guidance.en",
        "must not be empty",
    ),
    "threshold without unit": (
        criterion(answer="{kind: measured, comparator: '>=', threshold: 12}"),
        "criteria[0].answer.unit",
        "field required",
    ),
    "wrong type": (criterion(min_tier="three"), "criteria[0].min_tier", "whole number"),
    "tier out of range": (
        criterion(min_tier="7"),
        "criteria[0].min_tier",
        "must be at most 4",
    ),
    "unknown key": (criterion(colour="red"), "criteria[0].colour", "unknown key"),
    "bad id shape": (criterion(cid="ups2"), "criteria[0].id", "not a criterion id"),
    "id prefix not the domain's": (
        criterion(cid="CLG-UPS-01"),
        "criteria[0].id",
        "must start with PWR-",
    ),
    "unknown standard": (
        criterion(references="[{standard: nfpa-9999, clause: x}]"),
        "criteria[0].references[0].standard",
        "unknown standard",
    ),
    "unknown cost band": (
        criterion(remediation="{action: {vi: Làm, en: Do}, cost_band: XXL, duration_weeks: 4}"),
        "criteria[0].remediation.cost_band",
        "unknown cost band",
    ),
    "dangling dependency": (
        criterion(
            remediation="{action: {vi: Làm, en: Do}, cost_band: S, duration_weeks: 4, depends_on: [PWR-GEN-01]}"
        ),
        "criteria[0].remediation.depends_on[0]",
        "unknown criterion PWR-GEN-01",
    ),
    "missing references": (
        criterion(references="DROP"),
        "criteria[0].references",
        "field required",
    ),
    "bad comparator": (
        criterion(answer="{kind: measured, unit: h, comparator: '=>', threshold: 12}"),
        "criteria[0].answer.comparator",
        "must be one of",
    ),
    "outage longer than the work": (
        criterion(remediation=disruptive_remediation("outage_weeks: 5")),
        "criteria[0].remediation",
        "outage_weeks (the weeks without redundancy) must not exceed duration_weeks",
    ),
    "outage on a work without disruption": (
        criterion(
            remediation="{action: {vi: Làm, en: Do}, cost_band: S, duration_weeks: 4, affects: [pdu]}"
        ),
        "criteria[0].remediation",
        "outage_weeks and affects are for works with a disruption",
    ),
    "affects names no topology kind": (
        criterion(
            remediation=disruptive_remediation("outage_weeks: 1, affects: [ups_module, it_network]")
        ),
        "criteria[0].remediation.affects[1]",
        "PWR-UPS-01: 'it_network' in affects is not a topology element kind",
    ),
    "not-applicable condition on an unknown field": (
        criterion(applies_if="[{field: colour, value: red}]"),
        "criteria[0].applies_if[0].field",
        "unknown site profile field",
    ),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_each_mistake_is_reported_with_file_line_and_field(
    case: str, tmp_path: Path, cli: Callable[..., Result]
) -> None:
    text, field, fragment = MISTAKES[case]
    path = write_catalogue(tmp_path / "c", text)
    result = cli("checklist", "validate", str(tmp_path / "c"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    matching = [line for line in lines if f" {field}:" in line and fragment.lower() in line.lower()]
    assert matching, f"{case}: no line with {field!r} / {fragment!r} in:\n{result.stderr}"
    assert re.match(rf"^{re.escape(str(path))}:\d+: ", matching[0])


def test_the_line_number_points_at_the_field(tmp_path: Path, cli: Callable[..., Result]) -> None:
    path = write_catalogue(tmp_path / "c", criterion() + criterion("PWR-UPS-02", min_tier="nine"))
    result = cli("checklist", "validate", str(path))
    line_no = next(
        i for i, line in enumerate(path.read_text().splitlines(), 1) if "min_tier: nine" in line
    )
    assert f"{path}:{line_no}: criteria[1].min_tier:" in result.stderr


def test_several_problems_in_several_files_are_reported_at_once(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder, criterion(domain="cooling") + criterion("PWR-UPS-02", severity="huge"))
    (folder / "other.yaml").write_text(
        "kind: criteria\nchecklist: mini\ncriteria: [\n", encoding="utf-8"
    )
    result = cli("checklist", "validate", str(folder))
    assert result.exit_code == 1
    assert "unknown domain" in result.stderr
    assert "criteria[1].severity" in result.stderr
    assert f"{folder / 'other.yaml'}:" in result.stderr and "YAML syntax" in result.stderr


def test_broken_yaml_syntax_names_the_line(tmp_path: Path, cli: Callable[..., Result]) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder, criterion())
    bad = folder / "broken.yaml"
    bad.write_text(
        "kind: criteria\nchecklist: mini\ncriteria:\n  - id: [unclosed\n    x: 1\n",
        encoding="utf-8",
    )
    result = cli("checklist", "validate", str(folder))
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}:\d+: YAML syntax", result.stderr)


def test_arbitrary_python_objects_are_refused(tmp_path: Path, cli: Callable[..., Result]) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder, criterion())
    (folder / "evil.yaml").write_text(
        "kind: !!python/object/apply:os.system ['true']\n", encoding="utf-8"
    )
    result = cli("checklist", "validate", str(folder))
    assert result.exit_code == 1
    assert f"{folder / 'evil.yaml'}:1:" in result.stderr


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path, cli: Callable[..., Result]) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder, criterion())
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    (folder / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = cli("checklist", "validate", str(folder))
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert "alias" in result.stderr.lower()


def test_a_huge_file_is_refused_before_it_is_parsed(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    folder = tmp_path / "c"
    write_catalogue(folder, criterion())
    big = folder / "huge.yaml"
    with big.open("wb") as handle:
        handle.write(b"# padding\n" * (5 * 1024 * 1024))  # 50 MB
    started = time.perf_counter()
    result = cli("checklist", "validate", str(folder))
    assert time.perf_counter() - started < 5
    assert result.exit_code == 1
    assert f"{big}: file is 50.0 MB, over the 8.0 MB limit" in result.stderr


def test_other_commands_meeting_a_broken_catalogue_exit_2(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    write_catalogue(tmp_path / "checklists", criterion(domain="cooling"))
    result = cli("checklist", "list", workspace=tmp_path)
    assert result.exit_code == 2
    assert "unknown domain" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_output_lists_problems(tmp_path: Path, cli: Callable[..., Result]) -> None:
    import json

    write_catalogue(tmp_path / "c", criterion(domain="cooling"))
    result = cli("checklist", "validate", str(tmp_path / "c"), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["ok"] is False
    assert data["problems"][0]["field"] == "criteria[0].domain"
    assert isinstance(data["problems"][0]["line"], int)
