"""Checking a site's evidence: every stored file against its hash, the audit chain, the links.

``verify_site`` recomputes the SHA-256 of every file the index lists, lists stored files the index
does not know, checks the audit log's hash chain and compares the index's links with the answers'
citations. It reads only; ``evidence verify`` prints what it found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tierassess.storage.audit import ChainBreak, read_log, verify_chain
from tierassess.storage.evidence.store import Progress, hash_file
from tierassess.i18n import t
from tierassess.core.models import Assessment, EvidenceIndex, EvidenceItem
from tierassess.storage.session import JOURNAL_FILE
from tierassess.storage.workspace import EVIDENCE_FILES_DIR, Workspace

__all__ = [
    "AlteredFile",
    "LinkMismatch",
    "VerifyReport",
    "link_mismatches",
    "store_size",
    "verify_site",
]


@dataclass(frozen=True)
class AlteredFile:
    """A stored evidence file whose bytes no longer match its recorded SHA-256."""

    item: EvidenceItem
    actual_sha256: str
    actual_size: int


@dataclass(frozen=True)
class LinkMismatch:
    """An answer and the index disagree about one link."""

    criterion_id: str
    sha256: str
    reason: str


@dataclass
class VerifyReport:
    """What ``verify_site`` found. Missing and altered files and chain breaks fail the check."""

    checked: int = 0
    bytes_checked: int = 0
    missing: list[EvidenceItem] = field(default_factory=list)
    altered: list[AlteredFile] = field(default_factory=list)
    chain_breaks: list[ChainBreak] = field(default_factory=list)
    unindexed: list[Path] = field(default_factory=list)
    mismatches: list[LinkMismatch] = field(default_factory=list)
    log_entries: int = 0
    pending_change: bool = False  # a journal a killed commit left; the next writer completes it

    @property
    def ok(self) -> bool:
        """Whether nothing is missing or altered and the audit chain holds."""
        return not (self.missing or self.altered or self.chain_breaks)


def _store_files(store: Path) -> Iterable[Path]:
    if not store.is_dir():
        return []
    return sorted(p for p in store.glob("??/*") if p.is_file())


def link_mismatches(assessment: Assessment, index: EvidenceIndex) -> list[LinkMismatch]:
    """Links the index records that the answers lack, and the other way round."""
    problems: list[LinkMismatch] = []
    known = {item.sha256 for item in index.items}
    for item in index.items:
        for criterion_id in item.criteria:
            if item.sha256 not in assessment.answer(criterion_id).evidence:
                problems.append(
                    LinkMismatch(criterion_id, item.sha256, t("evidence.link.index_only"))
                )
    for criterion_id, answer in assessment.answers.items():
        for ref in answer.evidence:
            cited = index.get(ref) if ref in known else None
            if cited is None:
                problems.append(
                    LinkMismatch(criterion_id, ref, t("evidence.link.not_stored"))
                )
            elif criterion_id not in cited.criteria:
                problems.append(LinkMismatch(criterion_id, ref, t("evidence.link.answer_only")))
    return problems


def verify_site(
    workspace: Workspace, site_id: str, progress: Progress | None = None
) -> VerifyReport:
    """Recompute every stored file's hash, check the audit chain and the answer/evidence links."""
    report = VerifyReport()
    index = workspace.load_evidence_index(site_id)
    for item in index.items:
        path = workspace.evidence_file(site_id, item.sha256)
        if not path.is_file():
            report.missing.append(item)
            if progress:
                progress(item.size)
            continue
        actual, size = hash_file(path, progress)
        report.checked += 1
        report.bytes_checked += size
        if actual != item.sha256 or size != item.size:
            report.altered.append(AlteredFile(item, actual, size))
    indexed = {item.sha256 for item in index.items}
    store = workspace.site_dir(site_id) / EVIDENCE_FILES_DIR
    report.unindexed = [p for p in _store_files(store) if p.name not in indexed]
    log_path = workspace.audit_log_path(site_id)
    report.chain_breaks = verify_chain(log_path)
    report.log_entries = len(read_log(log_path))
    report.mismatches = link_mismatches(workspace.load_assessment(site_id), index)
    report.pending_change = (workspace.site_dir(site_id) / JOURNAL_FILE).exists()
    return report


def store_size(workspace: Workspace, site_id: str) -> int:
    """Bytes of evidence the index lists (what a verify or a bundle has to read)."""
    return sum(item.size for item in workspace.load_evidence_index(site_id).items)
