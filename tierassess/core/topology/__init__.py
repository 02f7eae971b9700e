"""Concurrent maintainability computed from a topology model of the site's schematics.

The model describes the one-line and mechanical schematics (``evidence/<site>/topology.yaml``;
format in ``docs/topology.md``).

Public API: ``load_topology``, ``check_topology``, ``apply_change`` and the models.
"""

from tierassess.core.topology.change import apply_change
from tierassess.core.topology.check import check_topology
from tierassess.core.topology.loader import load_topology
from tierassess.core.topology.model import Connection, Element, ModelChange, Topology
from tierassess.core.topology.result import TopologyReport

__all__ = [
    "Connection",
    "Element",
    "ModelChange",
    "Topology",
    "TopologyReport",
    "apply_change",
    "check_topology",
    "load_topology",
]
