"""The fast path of the maintenance test (recompute only what a removal can change) agrees with
recomputing the whole facility, removal by removal."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from topology_support import BASE_2N, BASE_CHW, model

from tierassess.core.topology import Topology, check_topology
from tierassess.core.topology.capacity import demand_groups, set_demands
from tierassess.core.topology.check import Context, _context, failures_of
from tierassess.core.topology.evaluate import evaluate
from tierassess.core.topology.graph import compile_graph
from tierassess.core.topology.loader import load_topology, topology_from_data

sys.path.insert(0, str(REPO / "benchmarks"))
from bench_topology import synthetic


def _keys(ctx: Context, state: object, region: list[int] | None = None) -> set[object]:
    return {f.key() for f in failures_of(ctx, state, region)}  # type: ignore[arg-type]


def _models() -> list[Topology]:
    sample = load_topology(REPO / "evidence" / "sample-provincial-dc" / "topology.yaml")
    tier2 = yaml.safe_load(BASE_2N)
    tier2["elements"] = [e for e in tier2["elements"] if e["id"] != "CU-3"]
    tier2["connections"] = [c for c in tier2["connections"] if "CU-3" not in (c["from"], *([c["to"]] if isinstance(c["to"], str) else c["to"]))]  # fmt: skip
    return [model(), model(BASE_CHW), sample, topology_from_data(tier2), topology_from_data(synthetic(2, 3, 4))]  # fmt: skip


@pytest.mark.parametrize("index", range(5))
def test_local_recomputation_matches_the_whole(index: int) -> None:
    topology = _models()[index]
    graph = compile_graph(topology)
    set_demands(graph, evaluate(graph, ()))
    ctx = _context(graph)
    base = evaluate(graph, ())
    base_keys = _keys(ctx, base)
    ctx.base = base
    ctx.base_groups = {s.key: demand_groups(s, base) for s in graph.stages}
    compared = 0
    for node, spec in enumerate(graph.specs):
        if spec.exempt or not spec.credit:
            continue
        removed = graph.removal_set(node)
        region = graph.descendants(removed)
        local = evaluate(graph, set(removed), base, region)
        whole = evaluate(graph, set(removed))
        assert local.works == whole.works, graph.ids[node]
        for key, values in whole.signatures.items():
            assert local.signatures[key] == values, (graph.ids[node], key)
        saved, ctx.base = ctx.base, None
        expected = _keys(ctx, whole) - base_keys
        ctx.base = saved
        assert _keys(ctx, local, region) - base_keys == expected, graph.ids[node]
        compared += 1
    assert compared > 10
    assert check_topology(topology).elements_tested == compared


def test_benchmark_models_rate_tier_iii() -> None:
    report = check_topology(topology_from_data(synthetic(2, 2, 3)))
    assert report.site_tier == 3, [(p.element, p.failures) for p in report.points_of_failure]
    assert Path(REPO / "benchmarks" / "bench_topology.py").is_file()
