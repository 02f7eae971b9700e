"""Diagrams drawn from the model: SVG that parses, failing elements marked, racks grouped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from topology_support import BASE_CHW, check, variant

from tierassess.core.topology.svg import diagrams

Cli = Callable[..., Result]
SVG = "{http://www.w3.org/2000/svg}"


def _boxes(text: str) -> dict[str, str]:
    root = ET.fromstring(text.encode())
    return {g.get("data-id", ""): g.get("class", "") for g in root.iter(f"{SVG}g")}


def test_cli_writes_one_svg_per_view_and_marks_what_fails(
    cli: Cli, workspace: Path, tmp_path: Path
) -> None:
    site = workspace / "evidence" / "chw" / "topology.yaml"
    site.parent.mkdir(parents=True)
    site.write_text(BASE_CHW, encoding="utf-8")
    result = cli("topology", "diagram", "chw", "-o", str(tmp_path), "--without", "CH-1", workspace=workspace)  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert written == ["chw-electrical.svg", "chw-fuel.svg", "chw-mechanical.svg"]
    mechanical = _boxes((tmp_path / "chw-mechanical.svg").read_text(encoding="utf-8"))
    assert mechanical["CH-2"] == "failing" and mechanical["CT-2"] == "failing"
    assert mechanical["WT-1"] == "element"
    electrical = (tmp_path / "chw-electrical.svg").read_text(encoding="utf-8")
    assert "Electrical one-line — chw" in electrical


def test_racks_on_the_same_feeds_are_one_box() -> None:
    racks = [{"id": f"R{i}", "kind": "it_load", "power_kw": 1, "room": "HALL"} for i in range(40)]
    change = {
        "update_elements": [{"id": "RACK", "power_kw": 60}],
        "add_elements": racks,
        "add_connections": [{"from": "MB-A", "to": [r["id"] for r in racks]}, {"from": "MB-B", "to": [r["id"] for r in racks]}],
    }  # fmt: skip
    topology = variant(BASE_CHW, change)
    svg = diagrams(topology, check(topology), "big")
    boxes = _boxes(svg["electrical"])
    assert len(boxes) < 15
    assert "41 × it_load" in svg["electrical"]  # RACK joins its 40 neighbours on MB-A + MB-B


def test_a_200_element_model_prints_readably() -> None:
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_topology import synthetic

    from tierassess.core.topology.layout import BOX_W, GAP_X, MARGIN, MAX_PER_LINE
    from tierassess.core.topology.loader import topology_from_data
    from tierassess.core.topology.svg import views
    from tierassess.reports.topology_pdf import MIN_SCALE

    topology = topology_from_data(synthetic(2, 4, 12))
    assert 150 <= len(topology.elements) <= 250
    page_width = 170 * 72 / 25.4  # the report's text width, in points
    widest = 2 * MARGIN + MAX_PER_LINE * BOX_W + (MAX_PER_LINE - 1) * GAP_X
    for found in views(topology, check(topology)).values():
        assert found.width <= widest
        assert page_width / found.width >= MIN_SCALE
