"""Import: a verified bundle unpacked into the workspace through a staging folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tierassess.core.models import Assessment, EvidenceIndex
from tierassess.errors import CatalogueError, CheckFailed, WorkspaceError
from tierassess.exchange.bundle.manifest import (
    CATALOGUE_PREFIX,
    DIAGRAM_MEMBER,
    EVIDENCE_MEMBER,
    FILES_PREFIX,
    IMPORTED_BUNDLE_DIR,
    IMPORTED_CATALOGUE_DIR,
    INDEX_HTML,
    MANIFEST,
    MANIFEST_DIGEST,
    MANIFEST_SIGNATURE,
    MAX_METADATA_BYTES,
    Manifest,
    ManifestMember,
    current_umask,
    parse_model,
)
from tierassess.exchange.bundle.safety import (
    DEFAULT_LIMITS,
    ImportLimits,
    bundle_infos,
    inspect_members,
)
from tierassess.exchange.bundle.verify import BundleReport, open_archive, verify_bundle
from tierassess.exchange.identity.keys import PublicKey
from tierassess.exchange.identity.signing import SignatureCheck
from tierassess.formats import format_size
from tierassess.i18n import t
from tierassess.storage.audit import append_event
from tierassess.storage.catalogue import catalogue_digest, catalogue_files, load_checklist
from tierassess.storage.evidence import CHUNK_SIZE, Progress
from tierassess.storage.workspace import (
    ASSESSMENT_FILE,
    EVIDENCE_FILES_DIR,
    EVIDENCE_INDEX_FILE,
    Workspace,
)

# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What importing a bundle did: the site, its folder, the digest and what was installed."""

    site_id: str
    site_dir: Path
    digest: str
    evidence_files: int
    catalogue_installed: bool
    warnings: list[str]
    signature: SignatureCheck | None = None


def _destination(name: str) -> Path:
    """Where a (checked) member goes, relative to the new site folder."""
    match = EVIDENCE_MEMBER.match(name)
    if match:
        return Path(EVIDENCE_FILES_DIR, match.group(1), match.group(2))
    if name.startswith(CATALOGUE_PREFIX):
        return Path(IMPORTED_CATALOGUE_DIR, name.removeprefix(CATALOGUE_PREFIX))
    if name in (INDEX_HTML, MANIFEST, MANIFEST_DIGEST, MANIFEST_SIGNATURE) or DIAGRAM_MEMBER.match(
        name
    ):
        return Path(IMPORTED_BUNDLE_DIR, name)
    return Path(name)


def _extract(
    archive: zipfile.ZipFile,
    name: str,
    target: Path,
    staging: Path,
    expected: ManifestMember | None,
    progress: Progress | None,
) -> None:
    resolved = target.resolve()
    if not resolved.is_relative_to(staging.resolve()):
        raise CheckFailed(t("bundle.import.outside", name=name, staging=staging))
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = (
        os.O_WRONLY
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(target, flags, 0o666)  # the umask decides who else may read it
    digest = hashlib.sha256()
    size = 0
    limit = expected.size if expected else MAX_METADATA_BYTES
    with os.fdopen(fd, "wb") as out, archive.open(name) as source:
        while chunk := source.read(CHUNK_SIZE):
            size += len(chunk)
            if size > limit:
                raise CheckFailed(t("bundle.import.more_data", name=name))
            digest.update(chunk)
            out.write(chunk)
            if progress:
                progress(len(chunk))
        out.flush()
        os.fsync(out.fileno())
    if expected is not None and (digest.hexdigest() != expected.sha256 or size != expected.size):
        raise CheckFailed(t("bundle.import.changed_meanwhile", name=name))


def _check_bundled_catalogue(archive: zipfile.ZipFile, manifest: Manifest) -> None:
    """Validate the bundled catalogue before anything is written to the workspace.

    It is unpacked into a private temporary folder outside the workspace and loaded as any
    catalogue is; a bundle whose catalogue does not load is refused whole.
    """
    members = [m.path for m in manifest.members if m.path.startswith(CATALOGUE_PREFIX)]
    if not members:
        return
    with tempfile.TemporaryDirectory(prefix="tierassess-catalogue-") as folder:
        for name in members:
            (Path(folder) / name.removeprefix(CATALOGUE_PREFIX)).write_bytes(archive.read(name))
        try:
            load_checklist(Path(folder), manifest.checklist_id)
        except CatalogueError as exc:
            lines = [
                f"  {str(p).replace(folder, CATALOGUE_PREFIX.rstrip('/'))}" for p in exc.problems
            ]
            raise CheckFailed(
                t("identity.import.bad_catalogue", count=len(exc.problems))
                + "\n"
                + "\n".join(lines[:50])
            ) from None


def import_bundle(
    path: Path,
    workspace: Workspace,
    actor: str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
    expect_digest: str | None = None,
    keyring: dict[str, PublicKey] | None = None,
    allow_unsigned: bool = True,
) -> ImportResult:
    """Unpack a verified bundle into the workspace as a site to review.

    Nothing is written unless every member passes the safety checks and the bundle verifies;
    nothing is ever written outside ``workspace.evidence_dir`` (and ``checklists/`` when the
    workspace has no catalogue of its own).
    """
    report = _verified(path, limits, progress, expect_digest, keyring, allow_unsigned)
    manifest, digest, check = report.manifest, report.digest, report.signature
    assert manifest is not None and digest is not None  # _verified refuses a bundle without
    with open_archive(path) as archive:
        _check_bundled_catalogue(archive, manifest)
    site_id = manifest.site_id
    site_dir = workspace.site_dir(site_id)
    if site_dir.exists():
        raise WorkspaceError(
            t("bundle.import.exists", path=site_dir), hint=t("bundle.import.exists_hint")
        )
    _check_free_space(workspace, sum(m.size for m in manifest.members))
    _unpack(path, manifest, workspace.evidence_dir, site_dir, progress)
    installed, warnings = _install_catalogue(workspace, site_dir, manifest)
    append_event(
        workspace.audit_log_path(site_id),
        actor,
        "bundle.import",
        site_id,
        {
            "file": path.name,
            "digest": digest,
            "members": len(manifest.members) + 2,
            **({"signed_by": check.signer, "key": check.key_id} if check and check.ok else {}),
        },
    )
    return ImportResult(
        site_id=site_id,
        site_dir=site_dir,
        digest=digest,
        evidence_files=sum(1 for m in manifest.members if m.path.startswith(FILES_PREFIX)),
        catalogue_installed=installed,
        warnings=warnings,
        signature=check,
    )


def _verified(
    path: Path,
    limits: ImportLimits,
    progress: Progress | None,
    expect_digest: str | None,
    keyring: dict[str, PublicKey] | None,
    allow_unsigned: bool,
) -> BundleReport:
    """The bundle's verification report; CheckFailed unless it is safe, intact and signed enough."""
    with open_archive(path) as archive:
        problems = inspect_members(archive, path.stat().st_size, limits)
        if problems:
            raise CheckFailed(
                t("bundle.import.unsafe", path=path, count=len(problems))
                + "\n"
                + "\n".join(f"  {p.member}: {p.detail}" for p in problems[:50])
            )
    report = verify_bundle(
        path, limits=limits, progress=progress, expect_digest=expect_digest, keyring=keyring
    )
    if not report.ok or report.manifest is None or report.digest is None:
        raise CheckFailed(
            t("bundle.import.unverified", path=path)
            + "\n"
            + "\n".join(f"  {d}" for d in report.discrepancies[:50]),
            hint=t("bundle.import.unverified_hint"),
        )
    check = report.signature
    if (
        check is not None
        and not check.ok
        and not (allow_unsigned and check.status.value == "unsigned")
    ):
        hint = "hint_unsigned" if check.status.value == "unsigned" else "hint_unknown"
        raise CheckFailed(
            t("bundle.import.signature", path=path, problem=check.describe().rstrip(".")),
            hint=t(f"identity.sig.{hint}"),
        )
    return report


def _check_free_space(workspace: Workspace, needed: int) -> None:
    workspace.evidence_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(workspace.evidence_dir).free
    if needed + 64 * 1024 * 1024 > free:
        raise WorkspaceError(
            t(
                "bundle.import.no_space",
                needed=format_size(needed),
                folder=workspace.evidence_dir,
                free=format_size(free),
            )
        )


def _unpack(
    path: Path, manifest: Manifest, evidence_dir: Path, site_dir: Path, progress: Progress | None
) -> None:
    """Every member into a staging folder beside ``site_dir``, renamed to it once complete."""
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=evidence_dir))
    try:
        with open_archive(path) as archive:
            for info in bundle_infos(archive):
                _extract(
                    archive,
                    info.filename,
                    staging / _destination(info.filename),
                    staging,
                    manifest.member(info.filename),
                    progress,
                )
        parse_model((staging / ASSESSMENT_FILE).read_bytes(), Path(ASSESSMENT_FILE), Assessment)
        parse_model(
            (staging / EVIDENCE_INDEX_FILE).read_bytes(), Path(EVIDENCE_INDEX_FILE), EvidenceIndex
        )
        read_only = 0o444 & ~current_umask()
        for stored in (staging / EVIDENCE_FILES_DIR).glob("??/*"):
            stored.chmod(read_only)
        staging.chmod(0o777 & ~current_umask())  # mkdtemp made it private
        staging.rename(site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _install_catalogue(
    workspace: Workspace, site_dir: Path, manifest: Manifest
) -> tuple[bool, list[str]]:
    """The bundled catalogue copied in when the workspace has none; a warning when they differ."""
    catalogue = workspace.root / "checklists"
    bundled = site_dir / IMPORTED_CATALOGUE_DIR
    if not (catalogue.is_dir() and any(catalogue.glob("*.y*ml"))):
        catalogue.mkdir(parents=True, exist_ok=True)
        for source in sorted(bundled.glob("*.y*ml")):
            shutil.copyfile(source, catalogue / source.name)
        return True, []
    mine = catalogue_digest([(p.name, p.read_bytes()) for p in catalogue_files(catalogue)])
    if mine == manifest.catalogue_digest:
        return False, []
    warning = t(
        "bundle.import.other_catalogue",
        checklist=manifest.checklist_id,
        version=manifest.checklist_version,
        folder=bundled,
    )
    return False, [warning]


def iter_member_names(path: Path) -> Iterator[str]:
    """Member names of a zip (for listings and tests)."""
    with open_archive(path) as archive:
        yield from (i.filename for i in archive.infolist())
