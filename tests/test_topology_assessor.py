"""An outside assessor's facilities, described from docs/topology.md alone, verdicts worked by hand.

Each facility was written from the documented format and the facts sheet
(/work/shared/reference/tier3-facts.md) before running the check; the comment above each test is
the hand verdict, and every element the hand check names is asserted. Where the tool and the
hand check first disagreed, the comment says who was right.

BASE (facility d, a correct Tier III): generators G1 (600 kW DCC) and G2 (600 kW continuous),
each with its own fuel train BULK -> isolating valve V -> transfer pump FP -> DAY -> generator;
utility only on the ATSs; 2N distribution (MSB, UPS 400 kW + battery, UPS output bus, PDU per
side) to dual-corded racks RACK-1/RACK-2 (140 kW each), single-corded RACK-S (20 kW) on a
point-of-use transfer switch fed from both PDUs; three 150 kW DX units (40 kW each) for 300 kW
of heat, dual-powered from MB-A and MB-B.
Hand check: N load = 300 IT + 3 x 40 cooling + 2 x 1 fuel pumps = 422 kW; either generator
carries it (600 >= 422) and either UPS carries the 300 kW IT. Cooling with one unit out:
2 x 150 = 300 >= 300. Fuel at N: 422 x (300 l/h / 1,200 kW) = 105.5 l/h; 4,800 l = 45.5 h; the
worst removal (DAY-1 or G1: BULK-1 and DAY-1 stranded) leaves 2,400 l = 22.75 h >= 12 h.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from tierassess.core.topology import check_topology
from tierassess.core.topology.loader import topology_from_data
from tierassess.core.topology.result import TopologyReport

Cli = Callable[..., Result]

BASE = """format_version: 1
elements:
  - {id: UTIL, kind: utility}
  - {id: BULK-1, kind: fuel_tank, volume_l: 2000}
  - {id: V-1, kind: valve}
  - {id: FP-1, kind: pump, power_kw: 1}
  - {id: DAY-1, kind: fuel_tank, volume_l: 400}
  - {id: BULK-2, kind: fuel_tank, volume_l: 2000}
  - {id: V-2, kind: valve}
  - {id: FP-2, kind: pump, power_kw: 1}
  - {id: DAY-2, kind: fuel_tank, volume_l: 400}
  - {id: G1, kind: generator, rating_kw: 600, rating_type: dcc, fuel_lph: 150}
  - {id: G2, kind: generator, rating_kw: 600, rating_type: continuous, fuel_lph: 150}
  - {id: ATS-A, kind: ats}
  - {id: ATS-B, kind: ats}
  - {id: MSB-A, kind: switchboard}
  - {id: MSB-B, kind: switchboard}
  - {id: BAT-A, kind: battery}
  - {id: BAT-B, kind: battery}
  - {id: UPS-A, kind: ups_module, rating_kw: 400}
  - {id: UPS-B, kind: ups_module, rating_kw: 400}
  - {id: UOB-A, kind: ups_output_bus}
  - {id: UOB-B, kind: ups_output_bus}
  - {id: PDU-A, kind: pdu}
  - {id: PDU-B, kind: pdu}
  - {id: POU-1, kind: pou_transfer_switch}
  - {id: MB-A, kind: switchboard}
  - {id: MB-B, kind: switchboard}
  - {id: CU-1, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
  - {id: CU-2, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
  - {id: CU-3, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
  - {id: HALL, kind: room}
  - {id: RACK-1, kind: it_load, power_kw: 140, room: HALL}
  - {id: RACK-2, kind: it_load, power_kw: 140, room: HALL}
  - {id: RACK-S, kind: it_load, power_kw: 20, room: HALL}
connections:
  - {from: BULK-1, to: V-1, medium: fuel}
  - {from: V-1, to: FP-1, medium: fuel}
  - {from: FP-1, to: DAY-1, medium: fuel}
  - {from: DAY-1, to: G1}
  - {from: BULK-2, to: V-2, medium: fuel}
  - {from: V-2, to: FP-2, medium: fuel}
  - {from: FP-2, to: DAY-2, medium: fuel}
  - {from: DAY-2, to: G2}
  - {from: UTIL, to: [ATS-A, ATS-B]}
  - {from: G1, to: ATS-A}
  - {from: G2, to: ATS-B}
  - {from: ATS-A, to: MSB-A}
  - {from: ATS-B, to: MSB-B}
  - {from: MSB-A, to: [UPS-A, MB-A, FP-1]}
  - {from: MSB-B, to: [UPS-B, MB-B, FP-2]}
  - {from: BAT-A, to: UPS-A}
  - {from: BAT-B, to: UPS-B}
  - {from: UPS-A, to: UOB-A}
  - {from: UPS-B, to: UOB-B}
  - {from: UOB-A, to: PDU-A}
  - {from: UOB-B, to: PDU-B}
  - {from: PDU-A, to: [RACK-1, RACK-2, POU-1]}
  - {from: PDU-B, to: [RACK-1, RACK-2, POU-1]}
  - {from: POU-1, to: RACK-S}
  - {from: MB-A, to: [CU-1, CU-2, CU-3]}
  - {from: MB-B, to: [CU-1, CU-2, CU-3]}
  - {from: CU-1, to: HALL}
  - {from: CU-2, to: HALL}
  - {from: CU-3, to: HALL}
"""


def _vary(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _check(text: str) -> TopologyReport:
    return check_topology(topology_from_data(yaml.safe_load(text)))


def _named(report: TopologyReport, rule: str) -> set[str]:
    return {e for r in report.rules if r.rule == rule for e in r.elements}


def _tiers(report: TopologyReport) -> dict[str, int]:
    return {s.subsystem: s.tier for s in report.subsystems}


def _points(report: TopologyReport) -> set[str]:
    return {p.element for p in report.points_of_failure}


# (d) Hand verdict: Tier III in every subsystem, no single point of failure; 45.5 h of fuel,
# 22.75 h with the worst element out. Tool agrees.
def test_d_correct_tier_iii() -> None:
    report = _check(BASE)
    assert report.site_tier == 3
    assert _tiers(report) == {"electrical": 3, "mechanical": 3, "fuel": 3}
    assert not report.points_of_failure
    assert (report.fuel_hours, report.fuel_hours_worst) == (45.5, 22.75)


# (a) 2N UPS whose A and B systems meet on one output paralleling board UPS-PAR, which feeds both
# PDUs. Hand verdict: not Tier III. Either UPS out: the other carries 300 kW (R1 met, Tier II);
# UPS-PAR out drops every rack (R2) and is where every rack's two cords meet (R3). Electrical
# Tier II, site Tier II. Tool agrees.
def test_a_2n_ups_converging_on_one_output_board() -> None:
    report = _check(
        _vary(
            (
                "  - {id: UOB-A, kind: ups_output_bus}\n  - {id: UOB-B, kind: ups_output_bus}\n",
                "  - {id: UPS-PAR, kind: ups_output_bus}\n",
            ),
            ("{from: UPS-A, to: UOB-A}", "{from: UPS-A, to: UPS-PAR}"),
            ("{from: UPS-B, to: UOB-B}", "{from: UPS-B, to: UPS-PAR}"),
            ("  - {from: UOB-A, to: PDU-A}\n  - {from: UOB-B, to: PDU-B}\n", ""),
            (
                "  - {from: POU-1, to: RACK-S}\n",
                "  - {from: POU-1, to: RACK-S}\n  - {from: UPS-PAR, to: [PDU-A, PDU-B]}\n",
            ),
        )
    )
    assert report.site_tier == 2
    assert _tiers(report)["electrical"] == 2
    assert _points(report) == {"UPS-PAR"}
    assert _named(report, "R2") == {"UPS-PAR"}
    assert _named(report, "R3") == {"UPS-PAR"}
    assert not _named(report, "R1")


CHW = (
    (
        "  - {id: CU-1, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n"
        "  - {id: CU-2, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n"
        "  - {id: CU-3, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n",
        "  - {id: MCC-1, kind: switchboard, name: Pump MCC}\n"
        + "".join(
            f"  - {{id: CH-{i}, kind: chiller, capacity_kw: 150, power_kw: 60}}\n"
            for i in (1, 2, 3)
        )
        + "".join(
            f"  - {{id: P-{i}, kind: pump, capacity_kw: 150, power_kw: 5}}\n" for i in (1, 2, 3)
        )
        + "  - {id: HDR-A, kind: header}\n  - {id: HDR-B, kind: header}\n"
        + "".join(
            f"  - {{id: CU-{i}, kind: cooling_unit, capacity_kw: 100, power_kw: 10}}\n"
            for i in (1, 2, 3, 4)
        ),
    ),
    (
        "  - {from: MB-A, to: [CU-1, CU-2, CU-3]}\n  - {from: MB-B, to: [CU-1, CU-2, CU-3]}\n",
        "  - {from: MB-A, to: [CU-1, CU-2, CU-3, CU-4, CH-1, CH-3, MCC-1]}\n"
        "  - {from: MB-B, to: [CU-1, CU-2, CU-3, CU-4, CH-2, CH-3, MCC-1]}\n"
        "  - {from: MCC-1, to: [P-1, P-2, P-3]}\n"
        + "".join(
            f"  - {{from: CH-{i}, to: P-{i}}}\n  - {{from: P-{i}, to: [HDR-A, HDR-B]}}\n"
            for i in (1, 2, 3)
        )
        + "  - {from: HDR-A, to: [CU-1, CU-2, CU-3, CU-4]}\n"
        "  - {from: HDR-B, to: [CU-1, CU-2, CU-3, CU-4]}\n"
        "  - {from: CU-4, to: HALL}\n",
    ),
)


# (b) Three 150 kW air-cooled chillers (N = 2 for 300 kW) on boards A, B and both; each with its
# own chilled-water pump into two headers; four 100 kW CRAHs (N = 3) on both headers and both
# boards. Every pump is fed from one MCC (two incomers, so the MCC itself survives a board).
# Hand verdict: not Tier III. Any chiller, pump, header, CRAH or board out leaves enough, but
# MCC-1 out stops every pump: no chilled water, HALL uncooled (R2, MCC-1). The MCC is a
# switchboard, so the failure is charged to electrical: electrical Tier II, site Tier II.
# N load 537 kW (300 + 180 + 15 + 40 + 2) < 600 kW per generator. Tool agrees.
def test_b_n1_chillers_with_every_pump_on_one_mcc() -> None:
    report = _check(_vary(*CHW))
    assert report.site_tier == 2
    assert _tiers(report) == {"electrical": 2, "mechanical": 3, "fuel": 3}
    assert _points(report) == {"MCC-1"}
    assert _named(report, "R2") == {"MCC-1"}
    assert not _named(report, "R1")


# (c) Four 100 kW DX units (N = 3 for 300 kW, N+1 overall), two on MB-A and two on MB-B.
# Hand verdict: not Tier III: MB-A out leaves CU-3 + CU-4 = 200 kW < 300 kW (and MB-B the same).
# First hand check named only MB-A and MB-B; the tool also named everything single on each side
# upstream of them (G1/G2, DAY-1/DAY-2, ATS, MSB), since taking G1 out de-energises MB-A too.
# The tool was right: those removals leave 200 kW of cooling. A generator whose loss leaves too
# little cooling fails Tier II's "any capacity component out" test: electrical Tier I.
def test_c_n1_crahs_split_so_one_board_leaves_fewer_than_n() -> None:
    report = _check(
        _vary(
            (
                "  - {id: CU-3, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n",
                "  - {id: CU-3, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n"
                "  - {id: CU-4, kind: cooling_unit, capacity_kw: 150, power_kw: 40}\n",
            ),
            ("capacity_kw: 150, power_kw: 40", "capacity_kw: 100, power_kw: 30"),
            (
                "  - {from: MB-A, to: [CU-1, CU-2, CU-3]}\n  - {from: MB-B, to: [CU-1, CU-2, CU-3]}\n",
                "  - {from: MB-A, to: [CU-1, CU-2]}\n  - {from: MB-B, to: [CU-3, CU-4]}\n"
                "  - {from: CU-4, to: HALL}\n",
            ),
        )
    )
    assert report.site_tier == 1
    assert {"MB-A", "MB-B", "MSB-A", "MSB-B", "ATS-A", "ATS-B"} <= _named(report, "R2")
    assert _named(report, "R1") == {"G1", "G2"}
    assert _named(report, "R7") == {"DAY-1", "DAY-2"}
    short = [f for p in report.points_of_failure if p.element == "MB-A" for f in p.failures]
    assert [(f.stage, f.need, f.available) for f in short] == [("cooling_unit", 300.0, 200.0)]
    assert _tiers(report)["mechanical"] == 3  # any one DX unit out still leaves 300 kW


# (e1) One day tank DAY-1 feeds both generators (DAY-2 removed, FP-2 fills DAY-1).
# Hand verdict: not Tier III: DAY-1 out leaves no generator with fuel: the racks live only on
# utility (R4 names UTIL), 0 h of fuel (R6) and a fuel component not maintainable (R7).
# Fuel Tier II (a tank is not a capacity component), site Tier II. Tool agrees.
def test_e1_shared_day_tank() -> None:
    report = _check(
        _vary(
            ("  - {id: DAY-2, kind: fuel_tank, volume_l: 400}\n", ""),
            ("{from: FP-2, to: DAY-2, medium: fuel}", "{from: FP-2, to: DAY-1, medium: fuel}"),
            ("{from: DAY-2, to: G2}", "{from: DAY-1, to: G2}"),
        )
    )
    assert report.site_tier == 2
    assert _tiers(report)["fuel"] == 2
    assert _points(report) == {"DAY-1"}
    assert _named(report, "R6") == _named(report, "R7") == {"DAY-1"}
    assert _named(report, "R4") == {"UTIL"}
    assert report.fuel_hours_worst == 0.0


# (e2) G2 rated standby. Hand verdict: a run-hour-limited rating is Tier I/II only (R5, G2);
# nothing else changes: electrical Tier II, site Tier II. Tool agrees.
def test_e2_standby_rating_caps_at_tier_ii() -> None:
    report = _check(_vary(("rating_type: continuous", "rating_type: standby")))
    assert report.site_tier == 2
    assert _tiers(report)["electrical"] == 2
    assert _named(report, "R5") == {"G2"}
    assert not report.points_of_failure


# (e3) One generator; utility is the other input of ATS-A and the only input of ATS-B.
# Hand verdict: utility earns no credit, so the B side is dead and every A-side element is a
# single point of failure; G1 and UPS-A are capacity components with no spare (R1), R4 names
# UTIL. FP-1 (a fuel pump, a capacity component) out leaves DAY-1's 400 l = 3.8 h < 12 h, so
# fuel is Tier I too. The tool first printed fuel "Tier I, limited by R1" while its R1 row named
# no fuel element: fixed, fuel is now limited by R7, the rule that names FP-1.
def test_e3_utility_only_as_redundancy() -> None:
    report = _check(
        _vary(
            (
                "  - {id: G2, kind: generator, rating_kw: 600, rating_type: continuous, fuel_lph: 150}\n",
                "",
            ),
            ("  - {from: DAY-2, to: G2}\n", ""),
            ("  - {from: G2, to: ATS-B}\n", ""),
        )
    )
    assert report.site_tier == 1
    assert _named(report, "R1") == {"G1", "UPS-A"}
    assert _named(report, "R4") == {"UTIL"}
    assert {"BULK-1", "V-1", "FP-1", "DAY-1"} == _named(report, "R7")
    fuel = next(s for s in report.subsystems if s.subsystem == "fuel")
    assert (fuel.tier, fuel.reasons) == (1, ["R7"])
    assert next(s for s in report.subsystems if s.subsystem == "electrical").reasons == ["R1"]


# (e4) Both generators prime-rated, 600 kW at the default 0.70 limit = 420 kW each, N = 422 kW.
# Hand verdict: both together carry N (Tier I) but one out leaves 420 < 422: R1 names G1 and G2,
# and everything single in front of a generator (ATS, MSB: R2; DAY tank: R7) inherits it.
# With prime_limit 0.8 (480 kW) the site is Tier III again. Tool agrees.
def test_e4_prime_rating_counts_at_its_limit() -> None:
    report = _check(
        _vary(
            ("rating_type: dcc", "rating_type: prime"),
            ("rating_type: continuous", "rating_type: prime"),
        )
    )
    assert report.site_tier == 1
    assert _named(report, "R1") == {"G1", "G2"}
    assert not _named(report, "R5")
    raised = _vary(
        ("rating_type: dcc", "rating_type: prime, prime_limit: 0.8"),
        ("rating_type: continuous", "rating_type: prime, prime_limit: 0.8"),
    )
    assert _check(raised).site_tier == 3


# (e5) Smaller tanks: BULK 1,100 l and DAY 100 l per train: 2,400 l = 22.75 h at N.
# Hand verdict: a bulk tank out still leaves its day tank plus the other train: 1,300 l =
# 12.3 h, fine; but a day tank or a generator out strands its whole train: 1,200 l = 11.37 h <
# 12 h (R6 names DAY-1, DAY-2, G1, G2). My first hand check tried only tanks, valves and pumps;
# the tool was right to try the generators too: their fuel is no use to the other set.
def test_e5_fuel_stranded_behind_a_generator() -> None:
    report = _check(
        BASE.replace("volume_l: 2000", "volume_l: 1100").replace("volume_l: 400", "volume_l: 100")
    )
    assert report.fuel_hours == 22.75
    assert report.fuel_hours_worst == 11.37
    assert _named(report, "R6") == {"DAY-1", "DAY-2", "G1", "G2"}
    assert not {"BULK-1", "BULK-2", "V-1", "FP-1"} & _named(report, "R6")
    assert report.site_tier == 1


BAD = {
    "wrong kind": (
        ("{id: V-1, kind: valve}", "{id: V-1, kind: vlave}"),
        ("{id: V-1,", "elements[2].kind"),
        {"en": "unknown kind 'vlave'", "vi": "không có loại phần tử 'vlave'"},
    ),
    "unknown connection target": (
        ("{from: V-2, to: FP-2", "{from: V-2, to: FP-9"),
        ("{from: V-2,", "connections[5].to[0]"),
        {"en": "no element FP-9", "vi": "không có phần tử FP-9"},
    ),
    "negative kW": (
        ("{id: G1, kind: generator, rating_kw: 600", "{id: G1, kind: generator, rating_kw: -600"),
        ("{id: G1,", "elements[9].rating_kw"),
        {"en": "must be greater than 0", "vi": "phải lớn hơn 0"},
    ),
    "missing rating": (
        ("rating_type: dcc, ", ""),
        ("{id: G1,", "elements[9].rating_type"),
        {
            "en": "field required for a generator",
            "vi": "phần tử loại generator bắt buộc có trường này",
        },
    ),
    "rating typo": (
        ("rating_type: dcc", "rating_type: standbye"),
        ("{id: G1,", "elements[9].rating_type"),
        {
            "en": "must be one of: 'standby', 'esp'",
            "vi": "phải là một trong: 'standby', 'esp'",
        },
    ),
}


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("case", sorted(BAD))
def test_malformed_topology_reads_file_line_field_message_exit_2(
    case: str, lang: str, tmp_path: Path, workspace: Path
) -> None:
    from click.testing import CliRunner

    from tierassess.cli import build_app

    change, (marker, field), message = BAD[case]
    text = _vary(change)
    line = text[: text.index(marker)].count("\n") + 1
    path = tmp_path / "topology.yaml"
    path.write_text(text, encoding="utf-8")
    args = ["--workspace", str(workspace), "--lang", lang, "topology", "check", str(path)]
    result = CliRunner().invoke(build_app(), args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{path}:{line}: {field}: {message[lang]}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "YAML syntax (column 1): a value is missing here"),
        ("vi", "lỗi cú pháp YAML (cột 1): thiếu giá trị ở đây"),
    ],
)
def test_broken_yaml_and_type_errors_point_to_the_format(
    lang: str, expected: str, tmp_path: Path, workspace: Path
) -> None:
    from click.testing import CliRunner

    from tierassess.cli import build_app

    broken = tmp_path / "broken.yaml"
    broken.write_text("format_version: 1\nelements: [\n", encoding="utf-8")
    negative = tmp_path / "negative.yaml"
    negative.write_text(BASE.replace("volume_l: 400", "volume_l: -1"), encoding="utf-8")
    hint = {
        "en": "Hint: docs/topology.md",
        "vi": "Gợi ý: định dạng được mô tả trong docs/topology.md",
    }
    for path, text in ((broken, expected), (negative, "elements[4].volume_l: ")):
        args = ["--workspace", str(workspace), "--lang", lang, "topology", "check", str(path)]
        result = CliRunner().invoke(build_app(), args)
        assert result.exit_code == 2, result.output
        assert f"{path}:" in result.output and text in result.output
        if path is negative:
            assert hint[lang] in result.output
