"""The auditor bundle carries the topology model and its diagrams; an imported site computes
the same answers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

from bundle_support import export_as as export_bundle
from click.testing import Result
from conftest import SAMPLE_SITE

from tierassess.exchange.bundle import import_bundle, verify_bundle
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]


def test_bundle_holds_the_model_and_diagrams_and_import_restores_them(
    cli: Cli, sample_workspace: Path, tmp_path: Path
) -> None:
    workspace = Workspace.at(sample_workspace)
    path = export_bundle(workspace, SAMPLE_SITE, tmp_path / "b.zip", "Nguyễn Văn An").path
    report = verify_bundle(path)
    assert report.ok, report.discrepancies
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        model = archive.read("topology.yaml")
        svg = archive.read("diagrams/electrical.svg")
    assert {"topology.yaml", "diagrams/electrical.svg", "diagrams/mechanical.svg"} <= names
    assert model == (sample_workspace / "evidence" / SAMPLE_SITE / "topology.yaml").read_bytes()
    ET.fromstring(svg)  # well-formed
    auditor = tmp_path / "auditor"
    (auditor / "evidence").mkdir(parents=True)
    import_bundle(path, Workspace.at(auditor), "Lê Kiểm Toán")
    site_dir = auditor / "evidence" / SAMPLE_SITE
    assert (site_dir / "topology.yaml").read_bytes() == model
    assert not (site_dir / "diagrams").exists()  # derived: kept with the bundle's own files
    result = cli("score", SAMPLE_SITE, workspace=auditor)
    assert "16 criteria answered by computation from the topology model" in result.output
