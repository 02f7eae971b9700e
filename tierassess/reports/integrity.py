"""What a report must say about the trust one can put in it, in the document itself.

A report built on a broken audit chain, on evidence files gone from the store, or on claims whose
evidence is missing, stale or rejected still gets written; it says so on its summary page, and
``tierassess report --strict`` exits 1. Nothing here hashes the evidence again (that is
``evidence verify``): a file is missing when it is absent or not the size recorded.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tierassess.core.models import EvidenceIndex, Result, Scorecard
from tierassess.i18n import t
from tierassess.storage.workspace import Workspace

NoteKind = Literal[
    "chain_broken", "files_missing", "evidence_missing", "evidence_stale", "evidence_rejected"
]


class IntegrityNote(BaseModel):
    """One reason to read the report with care."""

    kind: NoteKind
    text: str
    ids: list[str] = Field(default_factory=list)


def _missing_files(workspace: Workspace, site_id: str, index: EvidenceIndex) -> list[str]:
    from tierassess.core.topology.verdict import COMPUTED_BY

    missing = []
    for item in index.items:
        # The topology model is evidence for the answers computed from it, but it lives beside the
        # assessment (topology.yaml), not in the content-addressed store.
        if item.added_by == COMPUTED_BY:
            path = workspace.site_dir(site_id) / item.original_name
        else:
            path = workspace.evidence_file(site_id, item.sha256)
        try:
            if path.stat().st_size != item.size:
                missing.append(item.original_name)
        except OSError:
            missing.append(item.original_name)
    return missing


def integrity_notes(
    workspace: Workspace,
    site_id: str,
    index: EvidenceIndex,
    scorecard: Scorecard,
    lang: str,
) -> list[IntegrityNote]:
    """Every finding the report must state, in the report's language."""
    from tierassess.storage.audit import verify_chain

    notes: list[IntegrityNote] = []
    breaks = verify_chain(workspace.audit_log_path(site_id))
    if breaks:
        where = ", ".join(str(b.line) for b in breaks[:5])
        notes.append(
            IntegrityNote(
                kind="chain_broken",
                text=t("report_integrity.chain_broken", lang, count=len(breaks), lines=where),
            )
        )
    gone = _missing_files(workspace, site_id, index)
    if gone:
        notes.append(
            IntegrityNote(
                kind="files_missing",
                text=t("report_integrity.files_missing", lang, count=len(gone)),
                ids=gone,
            )
        )
    for status in ("rejected", "missing", "stale"):
        ids = [
            c.criterion_id
            for c in scorecard.criteria
            if not c.unanswered
            and c.result is not Result.NOT_APPLICABLE
            and c.evidence_status.value == status
        ]
        if ids:
            notes.append(
                IntegrityNote(
                    kind=f"evidence_{status}",
                    text=t(f"report_integrity.evidence_{status}", lang, count=len(ids)),
                    ids=ids,
                )
            )
    return notes
