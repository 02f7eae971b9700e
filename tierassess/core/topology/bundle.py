"""What the auditor bundle carries of a site's topology model.

The model itself (so that an imported site computes the same answers) and its diagrams as SVG.
"""

from __future__ import annotations

from pathlib import Path

from tierassess.core.topology.loader import TOPOLOGY_FILE


def topology_members(site_dir: Path, site_id: str) -> list[tuple[str, bytes]]:
    """Bundle members (name, bytes): ``topology.yaml`` and ``diagrams/<view>.svg``.

    Empty when the site has no model. A model that does not load stops the export (FileProblems,
    exit 2).
    """
    from tierassess.core.topology.check import check_topology
    from tierassess.core.topology.loader import load_topology
    from tierassess.core.topology.svg import diagrams

    path = site_dir / TOPOLOGY_FILE
    if not path.is_file():
        return []
    data = path.read_bytes()
    model = load_topology(path)
    drawn = diagrams(model, check_topology(model), model.site or site_id)
    return [
        (TOPOLOGY_FILE, data),
        *((f"diagrams/{view}.svg", text.encode("utf-8")) for view, text in drawn.items()),
    ]
