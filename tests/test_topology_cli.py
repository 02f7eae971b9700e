"""``tierassess topology ...`` in-process: check, validate, schema, init, import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from conftest import REPO
from topology_support import BASE_2N

Cli = Callable[..., Result]


def _site(workspace: Path, text: str = BASE_2N, name: str = "dc") -> Path:
    path = workspace / "evidence" / name / "topology.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_check_prints_the_verdict_and_exits_0_when_tier_iii(cli: Cli, workspace: Path) -> None:
    _site(workspace)
    result = cli("topology", "check", "dc", workspace=workspace)
    assert result.exit_code == 0, result.output
    assert "Verdict from the model: Tier III — MEETS the Tier III target" in result.output
    assert "No single point of failure" in result.output
    assert "Tier IV (fault tolerance) is not assessed." in result.output


def test_check_json_names_the_failing_element_and_exits_1(cli: Cli, workspace: Path) -> None:
    _site(workspace)
    result = cli("topology", "check", "dc", "--without", "G-A", "--format", "json", workspace=workspace)  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["without"] == ["G-A"]
    assert "G-B" in {p["element"] for p in report["points_of_failure"]}
    assert report["site_tier"] == 1


def test_check_in_vietnamese(cli: Cli, workspace: Path) -> None:
    _site(workspace)
    from click.testing import CliRunner

    from tierassess.cli import build_app

    result = CliRunner().invoke(
        build_app(), ["--workspace", str(workspace), "--lang", "vi", "topology", "check", "dc"]
    )
    assert "Kết luận theo mô hình: Tier III — ĐẠT mục tiêu Tier III" in result.output
    assert "Nhiên liệu ở N: 66,4 giờ; còn 33,2 giờ khi tách" in result.output


def test_check_a_file_path_and_unknown_without(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    path = tmp_path / "facility.yaml"
    path.write_text(BASE_2N, encoding="utf-8")
    assert cli("topology", "check", str(path), workspace=workspace).exit_code == 0
    result = cli("topology", "check", str(path), "--without", "NOPE", workspace=workspace)
    assert result.exit_code == 2
    assert "--without: no element NOPE" in result.output


def test_missing_model_says_how_to_make_one(cli: Cli, workspace: Path) -> None:
    result = cli("topology", "check", "dc", workspace=workspace)
    assert result.exit_code == 2
    assert "site dc has no topology model" in result.output
    assert "topology init dc --template" in result.output


BAD = """\
format_version: 1
elements:
  - {id: G1, kind: generator, rating_kw: 500, rating_type: standby}
  - {id: X1, kind: flux_capacitor}
  - {id: R1, kind: it_load, power_kw: 10, room: NOWHERE}
  - {id: P1, kind: pdu, volume_l: 5}
connections:
  - {from: G1, to: [P1, GHOST]}
  - {from: P1, to: R1, medium: fuel}
"""


def test_validate_lists_every_problem_with_file_line_and_field(cli: Cli, workspace: Path) -> None:
    _site(workspace, BAD)
    result = cli("topology", "validate", "dc", workspace=workspace)
    assert result.exit_code == 2
    out = result.output
    assert "topology.yaml:3: elements[0].fuel_lph: field required for a generator" in out
    assert "topology.yaml:4: elements[1].kind: unknown kind 'flux_capacitor'" in out
    assert "topology.yaml:5: elements[2].room: no room with id NOWHERE" in out
    assert "topology.yaml:6: elements[3].volume_l: does not apply to a pdu" in out
    assert "topology.yaml:8: connections[0].to[1]: no element GHOST" in out
    assert "topology.yaml:9: connections[1].medium: a pdu does not give out fuel" in out
    assert "Traceback" not in out


def test_schema_problems_and_yaml_syntax_exit_2(cli: Cli, workspace: Path) -> None:
    _site(workspace, "format_version: 1\nelements:\n  - {id: G1, kind: pdu, colour: red}\n")
    result = cli("topology", "check", "dc", workspace=workspace)
    assert result.exit_code == 2
    assert "topology.yaml:3: elements[0].colour: unknown key (not allowed here)" in result.output
    _site(workspace, "elements: [\n")
    result = cli("topology", "validate", "dc", workspace=workspace)
    assert result.exit_code == 2 and "YAML syntax" in result.output
    _site(workspace, "!!python/object:os.system {}\n")
    assert cli("topology", "validate", "dc", workspace=workspace).exit_code == 2


def test_validate_reports_counts(cli: Cli, workspace: Path) -> None:
    _site(workspace)
    result = cli("topology", "validate", "dc", workspace=workspace)
    assert result.exit_code == 0
    assert "valid (32 elements, 38 connections)" in result.output


def test_committed_schema_matches_the_model(cli: Cli) -> None:
    result = cli("topology", "schema")
    committed = (REPO / "checklists" / "topology.schema.json").read_text(encoding="utf-8")
    assert result.output == committed
    assert "flux_capacitor" not in committed and '"generator"' in committed


def test_init_from_each_template_gives_a_tier_iii_model(cli: Cli, workspace: Path) -> None:
    from tierassess.core.topology.templates import template_names

    assert {"2n-electrical", "n1-chilled-water", "n1-paralleled-dx"} <= set(template_names())
    for template in template_names():
        result = cli("topology", "init", template, "--template", template, workspace=workspace)
        assert result.exit_code == 0, result.output
        text = (workspace / "evidence" / template / "topology.yaml").read_text(encoding="utf-8")
        assert f"site: {template}\n" in text and text.startswith("#")
        assert cli("topology", "check", template, workspace=workspace).exit_code == 0
    again = cli("topology", "init", "2n-electrical", "--template", "2n-electrical", workspace=workspace)  # fmt: skip
    assert again.exit_code == 2 and "already exists" in again.output
    forced = cli("topology", "init", "2n-electrical", "--template", "2n-electrical", "--force", workspace=workspace)  # fmt: skip
    assert forced.exit_code == 0
    unknown = cli("topology", "init", "x", "--template", "nope", workspace=workspace)
    assert unknown.exit_code == 2


ELEMENTS_CSV = """\
id,kind,name,rating_kw,rating_type,fuel_lph,capacity_kw,power_kw,room,volume_l
T1,fuel_tank,Day tank,,,,,,,2000
G1,generator,Gen 1,300,prime,80,,,,
G2,generator,Gen 2,300,prime,80,,,,
MSB,switchboard,Main board,,,,,,,
HALL,room,,,,,,,,
CU1,cooling_unit,,,,,60,10,,
CU2,cooling_unit,,,,,60,10,,
RACK,it_load,,,,,,50,HALL,
"""
CONNECTIONS_CSV = """\
from,to,medium
T1,G1;G2,
G1,MSB,
G2,MSB,
MSB,CU1;CU2;RACK,electrical
CU1,HALL,
CU2,HALL,
"""


def test_import_csv_schedule_then_check(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    (tmp_path / "elements.csv").write_text(ELEMENTS_CSV, encoding="utf-8")
    (tmp_path / "connections.csv").write_text(CONNECTIONS_CSV, encoding="utf-8")
    args = ["--elements", str(tmp_path / "elements.csv"), "--connections", str(tmp_path / "connections.csv")]  # fmt: skip
    result = cli("topology", "import", "imported", *args, workspace=workspace)
    assert result.exit_code == 0, result.output
    assert "Imported 8 elements and 9 connections" in result.output
    check = cli("topology", "check", "imported", "--format", "json", workspace=workspace)
    report = json.loads(check.stdout)
    assert check.exit_code == 1  # one main board, one day tank, single-corded rack
    assert {"MSB", "T1"} <= {p["element"] for p in report["points_of_failure"]}
    assert report["rules"][2]["details"] == ["RACK: single_corded:MSB"]


def test_import_rejects_bad_rows_and_writes_nothing(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    bad = ELEMENTS_CSV.replace("G2,generator,Gen 2,300", "G2,generator,Gen 2,lots")
    (tmp_path / "e.csv").write_text(bad, encoding="utf-8")
    (tmp_path / "c.csv").write_text(CONNECTIONS_CSV.replace("CU2,HALL", "CU9,HALL"), encoding="utf-8")  # fmt: skip
    result = cli("topology", "import", "x", "--elements", str(tmp_path / "e.csv"), "--connections", str(tmp_path / "c.csv"), workspace=workspace)  # fmt: skip
    assert result.exit_code == 2
    assert "e.csv:4: rating_kw: must be a number" in result.output
    assert not (workspace / "evidence" / "x").exists()
    result = cli("topology", "import", "x", "--elements", str(tmp_path / "e.csv"), workspace=workspace)  # fmt: skip
    assert result.exit_code == 2


def test_import_xlsx_schedule(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    import csv
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Elements"
    for row in csv.reader(io.StringIO(ELEMENTS_CSV)):
        sheet.append([float(c) if c.replace(".", "").isdigit() else (c or None) for c in row])
    links = book.create_sheet("connections")
    for row in csv.reader(io.StringIO(CONNECTIONS_CSV.replace("CU2,HALL", "CU9,HALL"))):
        links.append(row)
    book.save(tmp_path / "schedule.xlsx")
    result = cli("topology", "import", "x", str(tmp_path / "schedule.xlsx"), workspace=workspace)
    assert result.exit_code == 2
    assert "schedule.xlsx[connections]:7: from: no element CU9" in result.output
    links["A7"] = "CU2"
    book.save(tmp_path / "schedule.xlsx")
    result = cli("topology", "import", "x", str(tmp_path / "schedule.xlsx"), workspace=workspace)
    assert result.exit_code == 0, result.output
    assert cli("topology", "validate", "x", workspace=workspace).exit_code == 0


def test_sample_site_model_agrees_with_its_answers(cli: Cli, sample_workspace: Path) -> None:
    result = cli("topology", "check", "sample-provincial-dc", "--format", "json", workspace=sample_workspace)  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    rules = {r["rule"]: r for r in report["rules"]}
    assert rules["R5"]["elements"] == ["GEN-1"]  # PWR-GEN-02 esp_or_ltp
    assert "GEN-1" in rules["R1"]["elements"]  # PWR-GEN-01: no spare generator
    assert {"PAC-1", "PAC-2", "PAC-3", "PAC-4"} <= set(rules["R1"]["elements"])  # CLG-UNIT-01
    assert {"MSB", "ATS-1", "GCP-1", "UPS-FRAME-BUS", "MDB-CLG"} <= set(rules["R2"]["elements"])
    assert {"DAY-1", "FUEL-PIPE"} <= set(rules["R7"]["elements"])  # PWR-FUEL-02/03
    assert "NET-LEGACY: single_corded:PDU-A1" in rules["R3"]["details"]  # PWR-DIST-02
    assert report["fuel_hours"] == pytest.approx(8.3, abs=0.1)  # PWR-FUEL-01: about 8 h
    ups = next(g for g in report["capacity"] if g["stage"] == "ups_module")
    assert ups["redundancy"] == "N+1"  # PWR-UPS-01 n_plus_1_common_frame
    assert report["site_tier"] == 0


def test_check_after_a_remediation_change(cli: Cli, workspace: Path, tmp_path: Path) -> None:
    _site(workspace)
    broken = tmp_path / "broken.yaml"
    broken.write_text("remove_elements: [CU-3, ATS-M]\n", encoding="utf-8")
    fix = tmp_path / "fix.yaml"
    fix.write_text(
        "add_elements:\n  - {id: CU-4, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n"
        "add_connections:\n  - {from: MB-A, to: CU-4}\n  - {from: MB-B, to: CU-4}\n  - {from: CU-4, to: HALL}\n",
        encoding="utf-8",
    )
    before = cli("topology", "check", "dc", "--change", str(broken), workspace=workspace)
    assert before.exit_code == 1
    after = cli("topology", "check", "dc", "--change", str(broken), "--change", str(fix), workspace=workspace)  # fmt: skip
    assert after.exit_code == 0, after.output  # CU-4 takes power from either board
    bad = tmp_path / "bad.yaml"
    bad.write_text("remove_elements: [NOPE]\nadd_elements: [{id: X, kind: pdu, colour: red}]\n", encoding="utf-8")  # fmt: skip
    result = cli("topology", "check", "dc", "--change", str(bad), workspace=workspace)
    assert result.exit_code == 2
    assert "bad.yaml:2: add_elements[0].colour: unknown key (not allowed here)" in result.output
    assert (workspace / "evidence" / "dc" / "topology.yaml").read_text(encoding="utf-8") == BASE_2N


def test_problems_in_vietnamese(workspace: Path) -> None:
    from click.testing import CliRunner

    from tierassess.cli import build_app

    _site(workspace, BAD)
    args = ["--workspace", str(workspace), "--lang", "vi", "topology", "validate", "dc"]
    result = CliRunner().invoke(build_app(), args)
    assert result.exit_code == 2
    assert "elements[0].fuel_lph: phần tử loại generator bắt buộc có trường này" in result.output
    assert "connections[1].medium: phần tử loại pdu không cấp ra fuel" in result.output
    assert "Gợi ý: định dạng được mô tả trong docs/topology.md" in result.output
