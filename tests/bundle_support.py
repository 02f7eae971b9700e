"""Helpers shared by the bundle, identity and review tests: populate a site, read and re-seal zips."""

from __future__ import annotations

import hashlib
import json
import warnings
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from tierassess.core.models import Answer, Result, utc_now
from tierassess.exchange.bundle import ExportResult
from tierassess.storage.workspace import Workspace

ENGINEER = "Nguyễn Văn Kỹ"
AUDITOR = "Trần Thị Đào"


def populate(workspace: Workspace, site: str, folder: Path) -> None:
    """Two evidence files and three answers given by the engineer."""
    from session_support import add_evidence_as as add_evidence

    folder.mkdir(parents=True, exist_ok=True)
    record = folder / "bien-ban.pdf"
    record.write_bytes(b"%PDF-1.4 " + bytes(range(256)) * 8)
    note = folder / "so-do.txt"
    note.write_text("Sơ đồ một sợi", encoding="utf-8")
    first = add_evidence(workspace, site, record, ENGINEER, criteria=["PWR-GEN-01"])
    add_evidence(
        workspace, site, note, ENGINEER, criteria=["PWR-GEN-02"], captured=date(2025, 1, 2)
    )
    assessment = workspace.load_assessment(site)
    for criterion_id, result in (
        ("PWR-GEN-01", Result.MET),
        ("PWR-GEN-02", Result.PARTIAL),
        ("PWR-UPS-03", Result.NOT_MET),
    ):
        assessment.answers[criterion_id] = Answer(
            result=result, answered_by=ENGINEER, answered_at=utc_now(), notes="đo tại chỗ"
        )
    assessment.answers["PWR-GEN-01"].evidence = [first.sha256]
    workspace.save_assessment(assessment)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}


def write_zip(path: Path, content: dict[str, bytes]) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in content.items():
                archive.writestr(name, data)
    return path


def reseal(content: dict[str, bytes]) -> dict[str, bytes]:
    """Recompute the manifest's hashes and the digest file, as a careful forger would."""
    manifest = json.loads(content["manifest.json"])
    for entry in manifest["members"]:
        data = content[entry["path"]]
        entry["size"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
    raw = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    digest = hashlib.sha256(raw).hexdigest()
    sums = [f"{digest}  manifest.json"] + [
        f"{m['sha256']}  {m['path']}" for m in manifest["members"]
    ]
    return {**content, "manifest.json": raw, "manifest.sha256": ("\n".join(sums) + "\n").encode()}


def export_as(
    workspace: Workspace, site: str, output: Path, actor: str, **options: Any
) -> ExportResult:
    """``export_bundle`` in a session of its own, as ``tierassess bundle export`` runs it."""
    from tierassess.exchange.bundle import export_bundle
    from tierassess.storage.session import open_site

    with open_site(workspace, site, actor) as session:
        return export_bundle(session, output, **options)
