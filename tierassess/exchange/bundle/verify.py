"""Verification: every member against the manifest, the manifest against its digest."""

from __future__ import annotations

import hashlib
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from tierassess.core.models import Assessment, EvidenceIndex
from tierassess.errors import InputError, TierassessError
from tierassess.exchange.bundle.manifest import (
    EVIDENCE_MEMBER,
    FILES_PREFIX,
    MANIFEST,
    MANIFEST_DIGEST,
    MANIFEST_SIGNATURE,
    MAX_METADATA_BYTES,
    Manifest,
    check_expected_digest,
    is_bundle_member,
    log_head,
    parse_model,
    sha256sum_text,
)
from tierassess.exchange.bundle.safety import (
    DEFAULT_LIMITS,
    Discrepancy,
    ImportLimits,
    bundle_infos,
    inspect_members,
)
from tierassess.exchange.identity.keys import PublicKey
from tierassess.exchange.identity.signing import (
    Signature,
    SignatureCheck,
    SignatureStatus,
    check_signature,
)
from tierassess.i18n import t
from tierassess.storage.audit import verify_lines
from tierassess.storage.evidence import CHUNK_SIZE, Progress
from tierassess.storage.workspace import ASSESSMENT_FILE, AUDIT_LOG_FILE, EVIDENCE_INDEX_FILE
from tierassess.validation_words import error_message

_OUTSIDE_MANIFEST = (MANIFEST, MANIFEST_DIGEST, MANIFEST_SIGNATURE)

# --- verification --------------------------------------------------------------------------------


@dataclass
class BundleReport:
    """What verifying a bundle found: digest, manifest, discrepancies, how much was checked."""

    path: Path
    digest: str | None = None
    manifest: Manifest | None = None
    discrepancies: list[Discrepancy] = field(default_factory=list)
    members_checked: int = 0
    bytes_checked: int = 0
    signature: SignatureCheck | None = None

    @property
    def ok(self) -> bool:
        """Whether the bundle has no discrepancy."""
        return not self.discrepancies


def open_archive(path: Path) -> zipfile.ZipFile:
    """The bundle opened as a zip: missing is an InputError, unreadable is CheckFailed."""
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(t("bundle.err.no_file", path=path)) from None
    except (zipfile.BadZipFile, OSError, ValueError):
        # not a bundle at all is bad input (exit 2); a bundle whose members fail is exit 1
        raise InputError(
            t("bundle.err.not_zip", path=path), hint=t("bundle.err.not_zip_hint")
        ) from None


def _read_member(
    archive: zipfile.ZipFile, name: str, limit: int, keep: bool, progress: Progress | None
) -> tuple[str, int, bytes | None]:
    """SHA-256 and size of a member, reading at most ``limit + 1`` bytes; its content if ``keep``."""
    digest = hashlib.sha256()
    size = 0
    kept = bytearray() if keep else None
    with archive.open(name) as handle:
        while size <= limit:
            chunk = handle.read(min(CHUNK_SIZE, limit + 1 - size))
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
            if kept is not None:
                kept += chunk
            if progress:
                progress(len(chunk))
    return digest.hexdigest(), size, bytes(kept) if kept is not None else None


def _parse_sums(text: str) -> dict[str, str] | None:
    sums: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        match = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
        if not match or match.group(2) in sums:
            return None
        sums[match.group(2)] = match.group(1)
    return sums


def verify_bundle(
    path: Path,
    *,
    expect_digest: str | None = None,
    progress: Progress | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
    keyring: dict[str, PublicKey] | None = None,
) -> BundleReport:
    """Check every member against the manifest, the manifest against its digest and signature.

    Reports every discrepancy: changed, missing and extra members, an altered manifest, unsafe
    members, and contents that contradict each other (an evidence file whose hash is not its
    name, a broken or shortened audit log). The signature is checked against ``keyring`` (the
    verifier's own, never keys the bundle carries) and reported in ``report.signature``.
    """
    expected = check_expected_digest(expect_digest) if expect_digest is not None else None
    report = BundleReport(path)
    with open_archive(path) as archive:
        problems = inspect_members(archive, path.stat().st_size, limits)
        report.discrepancies += problems
        unsafe = {p.member for p in problems}
        present = {i.filename for i in bundle_infos(archive)}
        manifest_bytes = _small_member(archive, MANIFEST, report, unsafe)
        sums_bytes = _small_member(archive, MANIFEST_DIGEST, report, unsafe)
        if manifest_bytes is None:
            return report
        report.digest = hashlib.sha256(manifest_bytes).hexdigest()
        try:
            report.manifest = Manifest.model_validate_json(manifest_bytes)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"])
            message = t("bundle.check.bad_manifest", field=where, message=error_message(first))
            report.discrepancies.append(Discrepancy("manifest", MANIFEST, message))
            return report
        manifest = report.manifest
        if expected is not None and not report.digest.startswith(expected):
            report.discrepancies.append(
                Discrepancy(
                    "manifest",
                    MANIFEST,
                    t("identity.digest.mismatch", digest=report.digest, expected=expected),
                )
            )
        report.signature = _check_manifest_signature(
            archive, manifest_bytes, present, unsafe, keyring or {}
        )
        if report.signature.status is SignatureStatus.BAD:
            # A signature that does not match is an altered bundle, whoever's keyring checks it.
            report.discrepancies.append(
                Discrepancy("manifest", MANIFEST_SIGNATURE, report.signature.describe())
            )
        _check_sums(manifest, report.digest, sums_bytes, report)
        listed = Counter(m.path for m in manifest.members)
        for name, count in listed.items():
            if count > 1:
                report.discrepancies.append(
                    Discrepancy("manifest", name, t("bundle.check.listed_twice"))
                )
            if name in _OUTSIDE_MANIFEST or not is_bundle_member(name):
                report.discrepancies.append(
                    Discrepancy("manifest", name, t("bundle.check.impossible_member"))
                )
        contents = _check_members(archive, manifest, present, unsafe, report, progress)
        for name in sorted(present - set(listed) - set(_OUTSIDE_MANIFEST)):
            if name not in unsafe:
                report.discrepancies.append(
                    Discrepancy("extra", name, t("bundle.check.not_listed"))
                )
        _check_contents(manifest, contents, report)
    return report


def _check_manifest_signature(
    archive: zipfile.ZipFile,
    manifest_bytes: bytes,
    present: set[str],
    unsafe: set[str],
    keyring: dict[str, PublicKey],
) -> SignatureCheck:
    if MANIFEST_SIGNATURE not in present or MANIFEST_SIGNATURE in unsafe:
        return check_signature(manifest_bytes, None, keyring)
    try:
        info = archive.getinfo(MANIFEST_SIGNATURE)
        if info.file_size > 64 * 1024:
            raise ValueError("implausibly large")
        signature = Signature.model_validate_json(archive.read(info))
    except (ValueError, zipfile.BadZipFile, zlib.error, EOFError, OSError):
        return SignatureCheck(SignatureStatus.BAD)
    return check_signature(manifest_bytes, signature, keyring)


def _check_members(
    archive: zipfile.ZipFile,
    manifest: Manifest,
    present: set[str],
    unsafe: set[str],
    report: BundleReport,
    progress: Progress | None,
) -> dict[str, bytes]:
    """Hash every listed member; return the contents of the small ones that matched."""
    contents: dict[str, bytes] = {}
    for member in manifest.members:
        if member.path not in present:
            report.discrepancies.append(
                Discrepancy("missing", member.path, t("bundle.check.not_present"))
            )
            continue
        if member.path in unsafe:
            continue
        keep = not member.path.startswith(FILES_PREFIX) and member.size <= MAX_METADATA_BYTES
        try:
            sha, size, data = _read_member(archive, member.path, member.size, keep, progress)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            report.discrepancies.append(
                Discrepancy("changed", member.path, t("bundle.check.unreadable", reason=exc))
            )
            continue
        report.members_checked += 1
        report.bytes_checked += size
        if size != member.size:
            report.discrepancies.append(
                Discrepancy(
                    "changed",
                    member.path,
                    t("bundle.check.size", size=size, expected=member.size)
                    if size <= member.size
                    else t("bundle.check.size_over", expected=member.size),
                )
            )
        elif sha != member.sha256:
            report.discrepancies.append(
                Discrepancy(
                    "changed", member.path, t("bundle.check.sha", sha=sha, expected=member.sha256)
                )
            )
        elif data is not None:
            contents[member.path] = data
    return contents


def _small_member(
    archive: zipfile.ZipFile, name: str, report: BundleReport, unsafe: set[str]
) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        report.discrepancies.append(Discrepancy("manifest", name, t("bundle.check.incomplete")))
        return None
    if name in unsafe:
        return None
    if info.file_size > MAX_METADATA_BYTES:
        report.discrepancies.append(Discrepancy("manifest", name, t("bundle.check.implausible")))
        return None
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        report.discrepancies.append(
            Discrepancy("manifest", name, t("bundle.check.unreadable_altered", reason=exc))
        )
        return None


def _check_sums(
    manifest: Manifest, digest: str, sums_bytes: bytes | None, report: BundleReport
) -> None:
    if sums_bytes is None:
        return
    try:
        sums = _parse_sums(sums_bytes.decode("utf-8"))
    except UnicodeDecodeError:
        sums = None
    if sums is None:
        report.discrepancies.append(
            Discrepancy("manifest", MANIFEST_DIGEST, t("bundle.check.sums_form"))
        )
        return
    if sums.get(MANIFEST) != digest:
        report.discrepancies.append(
            Discrepancy(
                "manifest",
                MANIFEST,
                t(
                    "bundle.check.manifest_altered",
                    digest=digest,
                    sums=MANIFEST_DIGEST,
                    recorded=sums.get(MANIFEST, "—"),
                ),
            )
        )
    expected = {m.path: m.sha256 for m in manifest.members}
    others = {k: v for k, v in sums.items() if k != MANIFEST}
    if others != expected:
        report.discrepancies.append(
            Discrepancy("manifest", MANIFEST_DIGEST, t("bundle.check.sums_differ"))
        )
        return
    exact = sha256sum_text([(MANIFEST, digest), *((m.path, m.sha256) for m in manifest.members)])
    if sums.get(MANIFEST) == digest and sums_bytes != exact.encode("utf-8"):
        # Same hashes, other bytes (a line break swapped for another, say): still an edit.
        report.discrepancies.append(
            Discrepancy("manifest", MANIFEST_DIGEST, t("bundle.check.sums_bytes"))
        )


def _check_contents(manifest: Manifest, contents: dict[str, bytes], report: BundleReport) -> None:
    """Cross-checks that hold in every genuine bundle, even one whose manifest was recomputed."""
    found = report.discrepancies
    for member in manifest.members:
        match = EVIDENCE_MEMBER.match(member.path)
        if match and member.sha256 != match.group(2):
            found.append(
                Discrepancy("content", member.path, t("bundle.check.name_sha", sha=member.sha256))
            )
    for required in (ASSESSMENT_FILE, EVIDENCE_INDEX_FILE, AUDIT_LOG_FILE):
        if manifest.member(required) is None:
            found.append(Discrepancy("missing", required, t("bundle.check.required")))
    if AUDIT_LOG_FILE in contents:
        found += _audit_log_problems(manifest, contents[AUDIT_LOG_FILE])
    if EVIDENCE_INDEX_FILE in contents:
        found += _evidence_index_problems(manifest, contents[EVIDENCE_INDEX_FILE])
    if ASSESSMENT_FILE in contents:
        try:
            assessment = parse_model(contents[ASSESSMENT_FILE], Path(ASSESSMENT_FILE), Assessment)
        except TierassessError as exc:
            found.append(Discrepancy("content", ASSESSMENT_FILE, exc.message))
        else:
            if assessment.site.id != manifest.site_id:
                message = t(
                    "bundle.check.other_site", site=assessment.site.id, expected=manifest.site_id
                )
                found.append(Discrepancy("content", ASSESSMENT_FILE, message))


def _audit_log_problems(manifest: Manifest, data: bytes) -> list[Discrepancy]:
    """A broken hash chain, or a log that is not the one the manifest recorded."""
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        lines = ["\ufffd"]
    found = [
        Discrepancy("content", AUDIT_LOG_FILE, t("bundle.check.chain", where=chain_break))
        for chain_break in verify_lines(lines)
    ]
    count, head = log_head(lines)
    if count != manifest.audit_entries or head != manifest.audit_head:
        message = t(
            "bundle.check.log_head",
            count=count,
            head=head[:12],
            recorded=manifest.audit_entries,
            recorded_head=manifest.audit_head[:12],
        )
        found.append(Discrepancy("content", AUDIT_LOG_FILE, message))
    return found


def _evidence_index_problems(manifest: Manifest, data: bytes) -> list[Discrepancy]:
    """Evidence the index describes but the bundle lacks, and files the index does not describe."""
    try:
        index = parse_model(data, Path(EVIDENCE_INDEX_FILE), EvidenceIndex)
    except TierassessError as exc:
        return [Discrepancy("content", EVIDENCE_INDEX_FILE, exc.message)]
    in_bundle = {
        m.group(2) for p in (x.path for x in manifest.members) if (m := EVIDENCE_MEMBER.match(p))
    }
    found = [
        Discrepancy(
            "missing",
            f"files/{item.sha256[:2]}/{item.sha256}",
            t("bundle.check.evidence_absent", name=item.original_name),
        )
        for item in index.items
        if item.sha256 not in in_bundle
    ]
    for sha in sorted(in_bundle - {i.sha256 for i in index.items}):
        found.append(
            Discrepancy("content", f"files/{sha[:2]}/{sha}", t("bundle.check.not_described"))
        )
    return found
