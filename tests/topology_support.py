"""Hand-worked facilities for the topology tests, and helpers to vary them.

BASE_2N: a 2N electrical one-line (A and B sides, each with its generator, fuel, switchboard,
UPS and PDUs), dual-corded racks, three 150 kW DX units for 300 kW of heat (N+1) on two
mechanical boards and a transfer switch. Fuel at N: (300 kW IT + 120 kW cooling + 2 kW pumps) x
(400 l/h / 1,600 kW) = 105.5 l/h; 7,000 l hold 66.4 h.

BASE_CHW: two water-cooled chiller trains (N+1 for 100 kW), evaporative towers fed from two
make-up water tanks, two CRAHs on two headers, on a simple 2N power backbone.
"""

from __future__ import annotations

from typing import Any

import yaml

from tierassess.core.topology import ModelChange, Topology, apply_change, check_topology
from tierassess.core.topology.loader import topology_from_data
from tierassess.core.topology.result import RuleFinding, TopologyReport

BASE_2N = """
format_version: 1
elements:
  - {id: UTIL, kind: utility}
  - {id: BULK-A, kind: fuel_tank, volume_l: 3000}
  - {id: FP-A, kind: pump, power_kw: 1}
  - {id: DAY-A, kind: fuel_tank, volume_l: 500}
  - {id: G-A, kind: generator, rating_kw: 800, rating_type: dcc, fuel_lph: 200}
  - {id: ATS-A, kind: ats}
  - {id: MSB-A, kind: switchboard}
  - {id: BAT-A, kind: battery}
  - {id: UPS-A, kind: ups_module, rating_kw: 400}
  - {id: UPSBUS-A, kind: ups_output_bus}
  - {id: PDU-A1, kind: pdu}
  - {id: PDU-A2, kind: pdu}
  - {id: MB-A, kind: switchboard}
  - {id: BULK-B, kind: fuel_tank, volume_l: 3000}
  - {id: FP-B, kind: pump, power_kw: 1}
  - {id: DAY-B, kind: fuel_tank, volume_l: 500}
  - {id: G-B, kind: generator, rating_kw: 800, rating_type: dcc, fuel_lph: 200}
  - {id: ATS-B, kind: ats}
  - {id: MSB-B, kind: switchboard}
  - {id: BAT-B, kind: battery}
  - {id: UPS-B, kind: ups_module, rating_kw: 400}
  - {id: UPSBUS-B, kind: ups_output_bus}
  - {id: PDU-B1, kind: pdu}
  - {id: PDU-B2, kind: pdu}
  - {id: MB-B, kind: switchboard}
  - {id: ATS-M, kind: ats}
  - {id: CU-1, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
  - {id: CU-2, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
  - {id: CU-3, kind: cooling_unit, capacity_kw: 150, power_kw: 40}
  - {id: HALL, kind: room}
  - {id: RACKS-1, kind: it_load, power_kw: 150, room: HALL}
  - {id: RACKS-2, kind: it_load, power_kw: 150, room: HALL}
connections:
  - {from: BULK-A, to: FP-A}
  - {from: FP-A, to: DAY-A, medium: fuel}
  - {from: DAY-A, to: G-A}
  - {from: UTIL, to: [ATS-A, ATS-B]}
  - {from: G-A, to: ATS-A}
  - {from: ATS-A, to: MSB-A}
  - {from: MSB-A, to: [UPS-A, MB-A]}
  - {from: BAT-A, to: UPS-A}
  - {from: UPS-A, to: UPSBUS-A}
  - {from: UPSBUS-A, to: [PDU-A1, PDU-A2]}
  - {from: MB-A, to: [FP-A, CU-1, ATS-M]}
  - {from: BULK-B, to: FP-B}
  - {from: FP-B, to: DAY-B, medium: fuel}
  - {from: DAY-B, to: G-B}
  - {from: G-B, to: ATS-B}
  - {from: ATS-B, to: MSB-B}
  - {from: MSB-B, to: [UPS-B, MB-B]}
  - {from: BAT-B, to: UPS-B}
  - {from: UPS-B, to: UPSBUS-B}
  - {from: UPSBUS-B, to: [PDU-B1, PDU-B2]}
  - {from: MB-B, to: [FP-B, CU-2, ATS-M]}
  - {from: ATS-M, to: CU-3}
  - {from: CU-1, to: HALL}
  - {from: CU-2, to: HALL}
  - {from: CU-3, to: HALL}
  - {from: PDU-A1, to: RACKS-1}
  - {from: PDU-B1, to: RACKS-1}
  - {from: PDU-A2, to: RACKS-2}
  - {from: PDU-B2, to: RACKS-2}
"""

BASE_CHW = """
format_version: 1
elements:
  - {id: TANK-A, kind: fuel_tank, volume_l: 5000}
  - {id: TANK-B, kind: fuel_tank, volume_l: 5000}
  - {id: G-A, kind: generator, rating_kw: 400, rating_type: continuous, fuel_lph: 100}
  - {id: G-B, kind: generator, rating_kw: 400, rating_type: continuous, fuel_lph: 100}
  - {id: MB-A, kind: switchboard}
  - {id: MB-B, kind: switchboard}
  - {id: RACK, kind: it_load, power_kw: 100, room: HALL}
  - {id: HALL, kind: room}
  - {id: CT-1, kind: cooling_tower, capacity_kw: 100, makeup_lph: 200}
  - {id: CT-2, kind: cooling_tower, capacity_kw: 100, makeup_lph: 200}
  - {id: CH-1, kind: chiller, capacity_kw: 100, power_kw: 30}
  - {id: CH-2, kind: chiller, capacity_kw: 100, power_kw: 30}
  - {id: HDR-A, kind: header}
  - {id: HDR-B, kind: header}
  - {id: CRAH-1, kind: cooling_unit, capacity_kw: 100, power_kw: 5}
  - {id: CRAH-2, kind: cooling_unit, capacity_kw: 100, power_kw: 5}
  - {id: WT-1, kind: water_storage, volume_l: 2500}
  - {id: WT-2, kind: water_storage, volume_l: 2500}
  - {id: MWP-1, kind: pump, power_kw: 1}
  - {id: MWP-2, kind: pump, power_kw: 1}
connections:
  - {from: TANK-A, to: G-A}
  - {from: TANK-B, to: G-B}
  - {from: G-A, to: MB-A}
  - {from: G-B, to: MB-B}
  - {from: MB-A, to: [RACK, CH-1, CRAH-1, CRAH-2, MWP-1]}
  - {from: MB-B, to: [RACK, CH-2, CRAH-1, CRAH-2, MWP-2]}
  - {from: CT-1, to: CH-1}
  - {from: CT-2, to: CH-2}
  - {from: CH-1, to: [HDR-A, HDR-B]}
  - {from: CH-2, to: [HDR-A, HDR-B]}
  - {from: HDR-A, to: [CRAH-1, CRAH-2], medium: chilled_water}
  - {from: HDR-B, to: [CRAH-1, CRAH-2], medium: chilled_water}
  - {from: CRAH-1, to: HALL}
  - {from: CRAH-2, to: HALL}
  - {from: WT-1, to: [MWP-1, MWP-2]}
  - {from: WT-2, to: [MWP-1, MWP-2]}
  - {from: MWP-1, to: [CT-1, CT-2], medium: makeup_water}
  - {from: MWP-2, to: [CT-1, CT-2], medium: makeup_water}
"""


def model(text: str = BASE_2N) -> Topology:
    return topology_from_data(yaml.safe_load(text))


def variant(text: str, change: dict[str, Any]) -> Topology:
    """A base facility changed by a model change written as a dict (YAML form)."""
    return apply_change(model(text), ModelChange.model_validate(change))


def check(topology: Topology, *without: str) -> TopologyReport:
    return check_topology(topology, list(without))


def rule(report: TopologyReport, rule_id: str) -> RuleFinding:
    return report.rule(rule_id)


def tiers(report: TopologyReport) -> dict[str, int]:
    return {s.subsystem: s.tier for s in report.subsystems}


def points(report: TopologyReport) -> set[str]:
    return {p.element for p in report.points_of_failure}
