"""Writing a bundle: every member streamed in, hashed for the manifest, the zip renamed into place."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tierassess import __version__
from tierassess.core.models import Assessment, Checklist, EvidenceIndex, EvidenceItem, utc_now
from tierassess.core.topology.bundle import topology_members
from tierassess.errors import CheckFailed, WorkspaceError
from tierassess.exchange.bundle.manifest import (
    CATALOGUE_PREFIX,
    DEFLATE_LIMIT,
    FILES_PREFIX,
    INDEX_HTML,
    MANIFEST,
    MANIFEST_DIGEST,
    MANIFEST_SIGNATURE,
    Manifest,
    ManifestMember,
    current_umask,
    log_head,
    manifest_json,
    parse_model,
    sha256sum_text,
)
from tierassess.exchange.bundle.viewer import render_index_html
from tierassess.exchange.identity.signing import Signature, Signer, sign_bytes
from tierassess.i18n import t
from tierassess.storage.audit import verify_lines
from tierassess.storage.catalogue import catalogue_digest, catalogue_files
from tierassess.storage.evidence import CHUNK_SIZE, Progress
from tierassess.storage.workspace import (
    ASSESSMENT_FILE,
    AUDIT_LOG_FILE,
    EVIDENCE_INDEX_FILE,
    PLAN_FILE,
    Workspace,
)

_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
# Already compressed: deflating them again costs time and saves nothing.
_STORED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "application/zip", "video/")
_STORED_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".zip", ".gz", ".7z", ".mp4")

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

    pass


@dataclass(frozen=True)
class ExportResult:
    """What exporting a bundle wrote: the file, its digest, members, evidence and size."""

    path: Path
    digest: str
    members: int
    evidence_files: int
    bytes_written: int
    warnings: list[str]
    signature: Signature | None = None


# --- export --------------------------------------------------------------------------------------


def _evidence_member(item: EvidenceItem) -> str:
    suffix = Path(item.original_name).suffix.lower()
    suffix = suffix if _SAFE_SUFFIX.match(suffix) else ""
    return f"{FILES_PREFIX}{item.sha256[:2]}/{item.sha256}{suffix}"


def _compression(name: str, media_type: str | None = None, size: int = 0) -> int:
    lowered = name.lower()
    if size > DEFLATE_LIMIT:
        return zipfile.ZIP_STORED  # deflate runs at tens of MB/s: a big file would stall the export
    if media_type and media_type.startswith(_STORED_TYPES):
        return zipfile.ZIP_STORED
    if lowered.endswith(_STORED_SUFFIXES) or lowered.endswith((".jpg", ".jpeg", ".png")):
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


class _BundleWriter:
    """Writes members while recording path, size and SHA-256 of each for the manifest."""

    def __init__(self, archive: zipfile.ZipFile, stamp: datetime, progress: Progress | None):
        self.archive = archive
        self.date_time = (
            max(stamp.year, 1980),
            stamp.month,
            stamp.day,
            stamp.hour,
            stamp.minute,
            stamp.second,
        )
        self.progress = progress
        self.members: list[ManifestMember] = []

    def _info(self, name: str, size: int, compress_type: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self.date_time)
        info.compress_type = compress_type
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        info.create_system = 3
        info.file_size = size
        return info

    def add_bytes(self, name: str, data: bytes, *, record: bool = True) -> None:
        info = self._info(name, len(data), _compression(name))
        self.archive.writestr(info, data, compresslevel=6)
        if record:
            self.members.append(
                ManifestMember(path=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
            )

    def add_evidence(self, name: str, source: Path, item: EvidenceItem) -> None:
        """Stream a stored file in, refusing it if it no longer matches its hash."""
        info = self._info(name, item.size, _compression(name, item.media_type, item.size))
        digest = hashlib.sha256()
        size = 0
        buffer = bytearray(CHUNK_SIZE)
        view = memoryview(buffer)
        with (
            source.open("rb", buffering=0) as handle,
            self.archive.open(info, "w", force_zip64=item.size >= zipfile.ZIP64_LIMIT) as out,
        ):
            while count := handle.readinto(buffer):
                chunk = view[:count]
                digest.update(chunk)
                out.write(chunk)
                size += count
                if self.progress:
                    self.progress(count)
        actual = digest.hexdigest()
        if actual != item.sha256 or size != item.size:
            raise CheckFailed(
                t(
                    "bundle.export.altered",
                    path=source,
                    name=item.original_name,
                    sha=actual,
                    expected=item.sha256,
                ),
                hint=t("bundle.export.altered_hint"),
            )
        self.members.append(ManifestMember(path=name, size=size, sha256=actual))


@dataclass(frozen=True)
class _SiteContent:
    """What goes into a bundle, read once and checked before the zip is started."""

    assessment_bytes: bytes
    assessment: Assessment
    index_bytes: bytes
    index: EvidenceIndex
    log_bytes: bytes
    audit_entries: int
    audit_head: str
    checklist: Checklist
    catalogue: list[tuple[str, bytes]]
    plan_bytes: bytes | None
    warnings: list[str]
    topology: list[tuple[str, bytes]] = field(default_factory=list)


def _read_site(workspace: Workspace, site_id: str) -> _SiteContent:
    site_dir = workspace.site_dir(site_id)
    assessment_path = workspace.assessment_path(site_id)
    if not assessment_path.is_file():
        raise WorkspaceError(t("bundle.export.no_assessment", path=assessment_path, site=site_id))
    assessment_bytes = assessment_path.read_bytes()
    assessment = parse_model(assessment_bytes, assessment_path, Assessment)
    index_path = workspace.evidence_index_path(site_id)
    index_bytes = (
        index_path.read_bytes() if index_path.is_file() else b"format_version: 1\nitems: []\n"
    )
    index = parse_model(index_bytes, index_path, EvidenceIndex)
    log_path = workspace.audit_log_path(site_id)
    # The log is read once: the chain is checked and its head taken from the very bytes bundled.
    log_bytes = log_path.read_bytes() if log_path.is_file() else b""
    log_lines = log_bytes.decode("utf-8", errors="replace").splitlines()
    breaks = verify_lines(log_lines)
    if breaks:
        raise CheckFailed(
            t("bundle.export.log_broken", path=log_path)
            + "\n"
            + "\n".join(f"  {b}" for b in breaks),
            hint=t("bundle.export.log_broken_hint"),
        )
    audit_entries, audit_head = log_head(log_lines)
    checklist = workspace.load_checklist(assessment.checklist_id)
    warnings: list[str] = []
    if checklist.version != assessment.checklist_version:
        warnings.append(
            t(
                "bundle.export.other_version",
                checklist=assessment.checklist_id,
                made=assessment.checklist_version,
                current=checklist.version,
            )
        )
    for item in index.items:
        if not workspace.evidence_file(site_id, item.sha256).is_file():
            raise CheckFailed(
                t(
                    "bundle.export.missing",
                    sha=item.sha256,
                    name=item.original_name,
                    folder=site_dir,
                ),
                hint=t("bundle.export.missing_hint"),
            )
    plan_path = workspace.plan_path(site_id)
    return _SiteContent(
        assessment_bytes=assessment_bytes,
        assessment=assessment,
        index_bytes=index_bytes,
        index=index,
        log_bytes=log_bytes,
        audit_entries=audit_entries,
        audit_head=audit_head,
        checklist=checklist,
        catalogue=[(p.name, p.read_bytes()) for p in catalogue_files(workspace.checklists_dir)],
        plan_bytes=plan_path.read_bytes() if plan_path.is_file() else None,
        warnings=warnings,
        topology=topology_members(site_dir, site_id),
    )


def _write_members(
    writer: _BundleWriter,
    workspace: Workspace,
    site_id: str,
    content: _SiteContent,
    page: Callable[[dict[str, str]], str],
) -> None:
    writer.add_bytes(ASSESSMENT_FILE, content.assessment_bytes)
    writer.add_bytes(EVIDENCE_INDEX_FILE, content.index_bytes)
    writer.add_bytes(AUDIT_LOG_FILE, content.log_bytes)
    if content.plan_bytes is not None:
        writer.add_bytes(PLAN_FILE, content.plan_bytes)
    for name, data in content.catalogue:
        writer.add_bytes(CATALOGUE_PREFIX + name, data)
    for name, data in content.topology:
        writer.add_bytes(name, data)
    links: dict[str, str] = {}
    for item in content.index.items:
        member = _evidence_member(item)
        links[item.sha256] = member
        writer.add_evidence(member, workspace.evidence_file(site_id, item.sha256), item)
    writer.add_bytes(INDEX_HTML, page(links).encode("utf-8"))


def _finish(
    writer: _BundleWriter, manifest: Manifest, signer: Signer | None
) -> tuple[str, Signature | None]:
    """Write the manifest, its digest file and (when signing) its signature; return the digest."""
    manifest_bytes = manifest_json(manifest)
    digest = hashlib.sha256(manifest_bytes).hexdigest()
    writer.add_bytes(MANIFEST, manifest_bytes, record=False)
    sums = [(MANIFEST, digest), *((m.path, m.sha256) for m in writer.members)]
    writer.add_bytes(MANIFEST_DIGEST, sha256sum_text(sums).encode("utf-8"), record=False)
    signature = None
    if signer is not None:
        # The manifest binds every member by SHA-256 and holds the audit log's head: signing its
        # bytes signs the whole bundle without reading the evidence a second time.
        signature = sign_bytes(manifest_bytes, signer)
        text = signature.model_dump_json(indent=2) + "\n"
        writer.add_bytes(MANIFEST_SIGNATURE, text.encode("utf-8"), record=False)
    return digest, signature


def export_bundle(
    session: SiteSession,
    output: Path,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
    signer: Signer | None = None,
) -> ExportResult:
    """Write the site's bundle to ``output`` (atomically) and log the export with its digest.

    Done in the site's session (its lock held), so that the audit log bundled, the head signed
    and the entry committed here follow one another with no other change in between.
    """
    workspace, site_id, actor = session.workspace, session.site_id, session.actor
    content = _read_site(workspace, site_id)
    assessment, checklist = content.assessment, content.checklist
    stamp = utc_now()
    output = output.expanduser()
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    # mkstemp makes the file private (0600); a bundle is meant to be shared, as the umask allows.
    os.fchmod(fd, 0o666 & ~current_umask())
    os.close(fd)
    temp = Path(temp_name)

    def page(links: dict[str, str]) -> str:
        language = lang or assessment.site.report_language.value
        return render_index_html(
            assessment, checklist, content.index, links, language, stamp, actor
        )

    try:
        with zipfile.ZipFile(temp, "w", allowZip64=True) as archive:
            writer = _BundleWriter(archive, stamp, progress)
            _write_members(writer, workspace, site_id, content, page)
            manifest = Manifest(
                tool_version=__version__,
                site_id=assessment.site.id,
                site_name=assessment.site.name,
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                catalogue_digest=catalogue_digest(content.catalogue),
                created_at=stamp,
                created_by=actor,
                audit_entries=content.audit_entries,
                audit_head=content.audit_head,
                members=writer.members,
            )
            digest, signature = _finish(writer, manifest, signer)
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        temp.replace(output)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fixed = 3 if signature else 2
    details: dict[str, object] = {
        "file": output.name,
        "digest": digest,
        "members": len(writer.members) + fixed,
    }
    if signature is not None:
        details["key"] = signature.key_id
    session.commit("bundle.export", site_id, details)
    return ExportResult(
        path=output,
        digest=digest,
        members=len(writer.members) + fixed,
        evidence_files=len(content.index.items),
        bytes_written=output.stat().st_size,
        warnings=content.warnings,
        signature=signature,
    )
