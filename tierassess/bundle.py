"""Auditor bundles: one zip holding an assessment, its catalogue, its evidence and a manifest.

Layout of a bundle::

    assessment.yaml         the site profile, every answer and every review
    evidence.yaml           metadata of every evidence file
    audit.log               the hash-chained log of every change
    plan.yaml               the project manager's plan overrides (when there are any)
    catalogue/*.yaml        the exact catalogue files the assessment was made against
    files/ab/<sha256>.ext   every evidence file, named by its SHA-256
    index.html              a page an auditor opens in a browser, without tierassess
    manifest.json           path, size and SHA-256 of every member above
    manifest.sha256         SHA-256 of manifest.json (and of every member), in ``sha256sum`` form

The digest of ``manifest.json`` identifies the bundle: send it to the auditor by another channel
(letter, e-mail) and ``bundle verify --expect DIGEST`` proves the bundle is the one signed off.

Import treats a bundle as hostile until proven otherwise: every member name, type, size and
compression ratio is checked before a single byte is written, the bundle is verified, the site is
built in a staging folder inside the workspace and renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tierassess import __version__
from tierassess.audit import GENESIS, append_event, verify_lines
from tierassess.errors import CheckFailed, InputError, TierassessError, WorkspaceError
from tierassess.evidence import CHUNK_SIZE, Progress
from tierassess.i18n import t
from tierassess.models import (
    SHA256_PATTERN,
    SLUG_PATTERN,
    Assessment,
    Checklist,
    EvidenceIndex,
    EvidenceItem,
    Result,
    utc_now,
)
from tierassess.workspace import (
    ASSESSMENT_FILE,
    AUDIT_LOG_FILE,
    EVIDENCE_FILES_DIR,
    EVIDENCE_INDEX_FILE,
    PLAN_FILE,
    Workspace,
)
from tierassess.yamlio import parse_yaml_text, validate_document

BUNDLE_FORMAT = "tierassess-bundle"
MANIFEST = "manifest.json"
MANIFEST_DIGEST = "manifest.sha256"
INDEX_HTML = "index.html"
CATALOGUE_PREFIX = "catalogue/"
FILES_PREFIX = "files/"
IMPORTED_BUNDLE_DIR = "bundle"
IMPORTED_CATALOGUE_DIR = "catalogue"
MAX_METADATA_BYTES = 64 * 1024 * 1024
DEFLATE_LIMIT = 64 * 1024 * 1024

_FIXED_MEMBERS = (ASSESSMENT_FILE, EVIDENCE_INDEX_FILE, AUDIT_LOG_FILE, PLAN_FILE, INDEX_HTML)
_EVIDENCE_MEMBER = re.compile(r"^files/([0-9a-f]{2})/([0-9a-f]{64})(\.[a-z0-9]{1,8})?$")
_CATALOGUE_MEMBER = re.compile(r"^catalogue/[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.ya?ml$")
_STRANGER = "not a member a tierassess bundle has"
_SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
# Already compressed: deflating them again costs time and saves nothing.
_STORED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/heic", "application/zip", "video/")
_STORED_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".zip", ".gz", ".7z", ".mp4")


class ManifestMember(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    size: Annotated[int, Field(ge=0)]
    sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]


class Manifest(BaseModel):
    """What a bundle holds; its SHA-256 is the bundle's identity."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["tierassess-bundle"] = "tierassess-bundle"
    format_version: Literal[1] = 1
    tool_version: str
    site_id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    site_name: str
    checklist_id: str
    checklist_version: str
    catalogue_digest: str
    created_at: datetime
    created_by: str
    audit_entries: Annotated[int, Field(ge=0)]
    audit_head: Annotated[str, Field(pattern=SHA256_PATTERN)]
    members: list[ManifestMember]

    def member(self, path: str) -> ManifestMember | None:
        for member in self.members:
            if member.path == path:
                return member
        return None


@dataclass(frozen=True)
class ExportResult:
    path: Path
    digest: str
    members: int
    evidence_files: int
    bytes_written: int
    warnings: list[str]


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
                f"evidence file {source} ({item.original_name}) was altered: its SHA-256 is now "
                f"{actual}, not {item.sha256}; no bundle written",
                hint="run `tierassess evidence verify SITE` and restore the file from a backup",
            )
        self.members.append(ManifestMember(path=name, size=size, sha256=actual))


def _catalogue_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _catalogue_digest(files: list[tuple[str, bytes]]) -> str:
    # The same digest as tierassess.catalogue computes when loading, so the two can be compared.
    digest = hashlib.sha256()
    for name, data in files:
        digest.update(name.encode() + b"\0" + data + b"\0")
    return digest.hexdigest()


def _sha256sum_text(members: list[tuple[str, str]]) -> str:
    return "".join(f"{sha}  {name}\n" for name, sha in members)


def export_bundle(
    workspace: Workspace,
    site_id: str,
    output: Path,
    actor: str,
    *,
    lang: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the site's bundle to ``output`` (atomically) and log the export with its digest."""
    site_dir = workspace.site_dir(site_id)
    assessment_path = workspace.assessment_path(site_id)
    if not assessment_path.is_file():
        raise WorkspaceError(f"{assessment_path}: no assessment for site {site_id!r}")
    assessment_bytes = assessment_path.read_bytes()
    assessment = _parse_model(assessment_bytes, assessment_path, Assessment)
    index_path = workspace.evidence_index_path(site_id)
    index_bytes = (
        index_path.read_bytes() if index_path.is_file() else b"format_version: 1\nitems: []\n"
    )
    index = _parse_model(index_bytes, index_path, EvidenceIndex)
    log_path = workspace.audit_log_path(site_id)
    # The log is read once: the chain is checked and its head taken from the very bytes bundled.
    log_bytes = log_path.read_bytes() if log_path.is_file() else b""
    log_lines = log_bytes.decode("utf-8", errors="replace").splitlines()
    breaks = verify_lines(log_lines)
    if breaks:
        raise CheckFailed(
            f"the audit log {log_path} is broken; no bundle written:\n"
            + "\n".join(f"  {b}" for b in breaks),
            hint="restore audit.log from a backup; `tierassess evidence verify SITE` shows the breaks",
        )
    audit_entries, audit_head = _log_head(log_lines)
    checklist = workspace.load_checklist(assessment.checklist_id)
    catalogue = [(p.name, p.read_bytes()) for p in _catalogue_files(workspace.checklists_dir)]
    warnings: list[str] = []
    if checklist.version != assessment.checklist_version:
        warnings.append(
            f"the assessment was made against {assessment.checklist_id} v{assessment.checklist_version}; "
            f"the catalogue in this workspace is v{checklist.version} and is the one bundled"
        )
    for item in index.items:
        if not workspace.evidence_file(site_id, item.sha256).is_file():
            raise CheckFailed(
                f"evidence file {item.sha256} ({item.original_name}) is missing from {site_dir}; "
                "no bundle written",
                hint="run `tierassess evidence verify SITE`",
            )

    stamp = utc_now()
    output = output.expanduser()
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=output.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        with zipfile.ZipFile(temp, "w", allowZip64=True) as archive:
            writer = _BundleWriter(archive, stamp, progress)
            writer.add_bytes(ASSESSMENT_FILE, assessment_bytes)
            writer.add_bytes(EVIDENCE_INDEX_FILE, index_bytes)
            writer.add_bytes(AUDIT_LOG_FILE, log_bytes)
            plan_path = workspace.plan_path(site_id)
            if plan_path.is_file():
                writer.add_bytes(PLAN_FILE, plan_path.read_bytes())
            for name, data in catalogue:
                writer.add_bytes(CATALOGUE_PREFIX + name, data)
            links: dict[str, str] = {}
            for item in index.items:
                member = _evidence_member(item)
                links[item.sha256] = member
                writer.add_evidence(member, workspace.evidence_file(site_id, item.sha256), item)
            page = render_index_html(
                assessment,
                checklist,
                index,
                links,
                lang or assessment.site.report_language.value,
                stamp,
                actor,
            )
            writer.add_bytes(INDEX_HTML, page.encode("utf-8"))
            manifest = Manifest(
                tool_version=__version__,
                site_id=assessment.site.id,
                site_name=assessment.site.name,
                checklist_id=checklist.id,
                checklist_version=checklist.version,
                catalogue_digest=_catalogue_digest(catalogue),
                created_at=stamp,
                created_by=actor,
                audit_entries=audit_entries,
                audit_head=audit_head,
                members=writer.members,
            )
            manifest_bytes = (
                json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
            ).encode("utf-8")
            digest = hashlib.sha256(manifest_bytes).hexdigest()
            writer.add_bytes(MANIFEST, manifest_bytes, record=False)
            sums = [(MANIFEST, digest), *((m.path, m.sha256) for m in writer.members)]
            writer.add_bytes(MANIFEST_DIGEST, _sha256sum_text(sums).encode("utf-8"), record=False)
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        temp.replace(output)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    append_event(
        log_path,
        actor,
        "bundle.export",
        site_id,
        {"file": output.name, "digest": digest, "members": len(writer.members) + 2},
    )
    return ExportResult(
        path=output,
        digest=digest,
        members=len(writer.members) + 2,
        evidence_files=len(index.items),
        bytes_written=output.stat().st_size,
        warnings=warnings,
    )


def _log_head(lines: list[str]) -> tuple[int, str]:
    """How many entries a log holds and the hash of the last one (the genesis hash for none)."""
    entries = [line for line in lines if line.strip()]
    if not entries:
        return 0, GENESIS
    try:
        head = json.loads(entries[-1])["hash"]
    except (ValueError, KeyError, TypeError):
        return len(entries), GENESIS
    return len(entries), str(head)


def _parse_model(data: bytes, path: Path, model: type[Any]) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    return validate_document(parse_yaml_text(text, path), model)


# --- the page for auditors -----------------------------------------------------------------------


def _h(value: object) -> str:
    return html.escape(str(value), quote=True)


def _size_text(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover


_CSS = """
body{font-family:"Noto Sans","DejaVu Sans","Segoe UI",Arial,sans-serif;margin:2rem;color:#1a1a1a;line-height:1.4}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
.disclaimer{border:2px solid #b35900;background:#fff4e5;padding:.8rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
code{font-family:"DejaVu Sans Mono",monospace;font-size:.8rem;word-break:break-all}
.met{color:#1b6e20}.not_met{color:#b00020}.partial{color:#8a5a00}
.accepted{color:#1b6e20}.rejected{color:#b00020}.needs_evidence{color:#8a5a00}
.muted{color:#666}
@media print{a{color:inherit;text-decoration:none}}
"""


def _evidence_status(
    assessment: Assessment, checklist: Checklist, index: EvidenceIndex, as_of: datetime
) -> dict[str, str]:
    """Evidence status per criterion from the freshness rule, when that module is available."""
    try:
        from tierassess.freshness import evidence_status
    except ImportError:  # pragma: no cover - a partial installation
        return {}
    statuses: dict[str, str] = {}
    for criterion in checklist.criteria:
        answer = assessment.answers.get(criterion.id)
        if answer is None:
            continue
        with contextlib.suppress(Exception):
            status = evidence_status(criterion, answer, index, as_of.date())
            statuses[criterion.id] = str(getattr(status, "value", status))
    return statuses


def render_index_html(
    assessment: Assessment,
    checklist: Checklist,
    index: EvidenceIndex,
    links: dict[str, str],
    lang: str,
    created_at: datetime,
    created_by: str,
) -> str:
    """A self-contained HTML page (UTF-8) listing every criterion, its answer, evidence and review."""

    def tr(key: str, **values: object) -> str:
        return _h(t(f"evidence.html.{key}", lang, **values))

    site = assessment.site
    statuses = _evidence_status(assessment, checklist, index, created_at)
    by_id = checklist.by_id()
    applicable = checklist.applicable(site)
    shown = [c.id for c in applicable]
    extra = sorted(set(assessment.answers) - set(shown))
    out: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{_h(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{tr('title')} – {_h(site.name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{tr('title')} – {_h(site.name)}</h1>",
        f'<p class="disclaimer"><strong>{tr("disclaimer_label")}</strong> '
        f"{_h(checklist.header.disclaimer.get(lang))} {tr('disclaimer')}</p>",
        "<table>",
    ]
    facts = [
        (tr("site"), f"{_h(site.name)} (<code>{_h(site.id)}</code>)"),
        (tr("operator"), _h(site.operator)),
        (tr("address"), _h(site.address)),
        (tr("target_tier"), _h(site.target_tier)),
        (
            tr("checklist"),
            f"{_h(checklist.header.title.get(lang))} – {_h(checklist.id)} v{_h(checklist.version)}",
        ),
        (
            tr("assessed_against"),
            f"{_h(assessment.checklist_id)} v{_h(assessment.checklist_version)}",
        ),
        (tr("created"), f"{_h(created_at.isoformat().replace('+00:00', 'Z'))} · {_h(created_by)}"),
        (tr("tool"), f"tierassess {_h(__version__)}"),
    ]
    if site.sample:
        facts.append((tr("sample"), tr("sample_text")))
    out += [f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts]
    out.append("</table>")

    answers = [assessment.answer(cid) for cid in shown]
    results = Counter(a.result.value for a in answers)
    verdicts = Counter(a.review.verdict.value if a.review else "none" for a in answers)
    out.append(f"<h2>{tr('summary')}</h2><table><tr>")
    out += [f"<th>{_h(t(f'result.{r.value}', lang))}</th>" for r in Result]
    out += [
        f"<th>{tr('review_' + v)}</th>" for v in ("accepted", "rejected", "needs_evidence", "none")
    ]
    out.append("</tr><tr>")
    out += [f"<td>{results.get(r.value, 0)}</td>" for r in Result]
    out += [
        f"<td>{verdicts.get(v, 0)}</td>" for v in ("accepted", "rejected", "needs_evidence", "none")
    ]
    out.append("</tr></table>")

    out.append(f"<h2>{tr('criteria')}</h2><table><tr>")
    for key in ("col_id", "col_criterion", "col_answer", "col_evidence", "col_review"):
        out.append(f"<th>{tr(key)}</th>")
    out.append("</tr>")
    for criterion_id in shown + extra:
        criterion = by_id.get(criterion_id)
        answer = assessment.answer(criterion_id)
        title = (
            _h(criterion.title.get(lang))
            if criterion
            else f'<span class="muted">{tr("not_in_catalogue")}</span>'
        )
        if criterion and criterion.must_pass:
            title += f" <strong>◆ {tr('must_pass')}</strong>"
        if criterion_id in extra and criterion:
            title += f' <span class="muted">({tr("not_applicable_here")})</span>'
        result = answer.result.value
        cell = [f'<strong class="{result}">{_h(t(f"result.{result}", lang))}</strong>']
        if answer.value is not None:
            cell.append(f"{answer.value:g} {_h(checklist.unit_label(answer.unit, lang))}")
        if answer.choice:
            cell.append(_h(answer.choice))
        if answer.justification:
            cell.append(f"{tr('justification')}: {_h(answer.justification)}")
        if answer.notes:
            cell.append(_h(answer.notes))
        if answer.answered_by or answer.answered_at:
            when = (
                answer.answered_at.isoformat().replace("+00:00", "Z") if answer.answered_at else ""
            )
            cell.append(f'<span class="muted">{_h(answer.answered_by or "")} {_h(when)}</span>')
        evidence_cell = []
        for ref in answer.evidence:
            item = index.get(ref)
            if item is None:
                evidence_cell.append(
                    f'<span class="not_met">{tr("missing_item")}</span> <code>{_h(ref)}</code>'
                )
                continue
            evidence_cell.append(_evidence_html(item, links, tr, lang))
        if criterion_id in statuses:
            evidence_cell.append(
                f'<span class="muted">{tr("status")}: {_h(t("evidence.status." + statuses[criterion_id], lang))}</span>'
            )
        review = answer.review
        if review is None:
            review_cell = f'<span class="muted">{tr("review_none")}</span>'
        else:
            review_cell = (
                f'<strong class="{review.verdict.value}">{tr("review_" + review.verdict.value)}</strong><br>'
                f"{_h(review.reviewer)} · {_h(review.at.isoformat().replace('+00:00', 'Z'))}"
            )
            if review.comment:
                review_cell += f"<br>{_h(review.comment)}"
        out.append(
            f'<tr id="{_h(criterion_id)}"><td><code>{_h(criterion_id)}</code></td><td>{title}</td>'
            f"<td>{'<br>'.join(cell)}</td><td>{'<hr>'.join(evidence_cell) or '–'}</td>"
            f"<td>{review_cell}</td></tr>"
        )
    out.append("</table>")

    out.append(f"<h2>{tr('evidence')}</h2><table><tr>")
    for key in (
        "col_file",
        "col_kind",
        "col_size",
        "col_captured",
        "col_added",
        "col_criteria",
        "col_sha",
    ):
        out.append(f"<th>{tr(key)}</th>")
    out.append("</tr>")
    for item in index.items:
        href = quote(links.get(item.sha256, ""))
        kind = _h(t(f"evidence_kind.{item.kind.value}", lang)) if item.kind else "–"
        captured = _captured_html(item, tr)
        criteria = ", ".join(f'<a href="#{_h(c)}">{_h(c)}</a>' for c in item.criteria) or "–"
        description = f"<br>{_h(item.description)}" if item.description else ""
        out.append(
            f'<tr><td><a href="{href}">{_h(item.original_name)}</a>{description}</td><td>{kind}</td>'
            f"<td>{_h(_size_text(item.size))}</td><td>{captured}</td>"
            f"<td>{_h(item.added_by)} · {_h(item.added_at.isoformat().replace('+00:00', 'Z'))}</td>"
            f"<td>{criteria}</td><td><code>{_h(item.sha256)}</code></td></tr>"
        )
    out.append("</table>")
    out.append(f"<h2>{tr('integrity')}</h2><p>{tr('integrity_text')}</p>")
    out.append(
        "<pre><code>tierassess bundle verify BUNDLE.zip --expect DIGEST\nsha256sum -c manifest.sha256</code></pre>"
    )
    out.append("</body></html>\n")
    return "\n".join(out)


def _captured_html(item: EvidenceItem, tr: Callable[..., str]) -> str:
    if item.captured_at is None:
        return "–"
    source = tr(f"captured_{item.captured_source.value}") if item.captured_source else ""
    return f'{_h(item.captured_at.isoformat())} <span class="muted">({source})</span>'


def _evidence_html(
    item: EvidenceItem, links: dict[str, str], tr: Callable[..., str], lang: str
) -> str:
    href = quote(links.get(item.sha256, ""))
    kind = f" · {_h(t(f'evidence_kind.{item.kind.value}', lang))}" if item.kind else ""
    return (
        f'<a href="{href}">{_h(item.original_name)}</a>{kind}<br>'
        f"{tr('captured')}: {_captured_html(item, tr)}<br><code>{_h(item.sha256)}</code>"
    )


# --- safety checks (before anything is read or written) ------------------------------------------


@dataclass(frozen=True)
class ImportLimits:
    """What a sane bundle stays within; anything beyond is refused as a possible zip bomb."""

    max_members: int = 50_000
    max_member_bytes: int = 32 * 1024**3
    max_total_bytes: int = 128 * 1024**3
    max_ratio: float = 500.0
    ratio_floor: int = 1024 * 1024
    max_name_bytes: int = 512


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class Discrepancy:
    """One thing wrong with a bundle."""

    kind: Literal["changed", "missing", "extra", "manifest", "unsafe", "content"]
    member: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.member}: {self.detail}"


def _is_bundle_member(name: str) -> bool:
    if name in (*_FIXED_MEMBERS, MANIFEST, MANIFEST_DIGEST):
        return True
    match = _EVIDENCE_MEMBER.match(name)
    if match:
        return match.group(1) == match.group(2)[:2]
    return bool(_CATALOGUE_MEMBER.match(name))


def _name_problem(name: str, limits: ImportLimits) -> str | None:
    if not name:
        return "empty member name"
    if len(name.encode("utf-8", "surrogateescape")) > limits.max_name_bytes:
        return "member name too long"
    if "\x00" in name or any(ord(ch) < 32 for ch in name):
        return "control character in member name"
    if name.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(name):
        return "absolute path"
    if "\\" in name:
        return "backslash in member name (a Windows path separator)"
    parts = name.split("/")
    if ".." in parts:
        return "'..' in path (would write outside the target folder)"
    if any(part in ("", ".") for part in parts[:-1]) or name.endswith("/"):
        return "folder entry or empty path component"
    return None


def inspect_members(
    archive: zipfile.ZipFile, archive_size: int, limits: ImportLimits = DEFAULT_LIMITS
) -> list[Discrepancy]:
    """Every reason to refuse these members, judged from the zip directory alone."""
    problems: list[Discrepancy] = []
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        problems.append(
            Discrepancy(
                "unsafe", "*", f"{len(infos)} members, over the limit of {limits.max_members}"
            )
        )
        return problems
    names = Counter(i.filename for i in infos)
    folded = Counter(unicodedata.normalize("NFC", i.filename).casefold() for i in infos)
    total = 0
    for info in infos:
        name = info.filename
        problem = _name_problem(name, limits)
        mode = info.external_attr >> 16
        if problem is None and stat.S_ISLNK(mode):
            problem = "symbolic link"
        elif problem is None and mode and stat.S_IFMT(mode) and not stat.S_ISREG(mode):
            problem = "not a regular file"
        elif problem is None and info.is_dir():
            problem = "folder entry"
        elif problem is None and names[name] > 1:
            problem = "duplicate member name"
        elif problem is None and folded[unicodedata.normalize("NFC", name).casefold()] > 1:
            problem = "member names that differ only in case or Unicode form"
        elif problem is None and not _is_bundle_member(name):
            problem = _STRANGER
        elif problem is None and info.flag_bits & 0x1:
            problem = "encrypted member"
        elif problem is None and info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            problem = f"unsupported compression method {info.compress_type}"
        elif problem is None and info.file_size > limits.max_member_bytes:
            problem = f"{info.file_size} bytes, over the limit of {limits.max_member_bytes}"
        elif (
            problem is None
            and info.file_size > limits.ratio_floor
            and (info.compress_size == 0 or info.file_size / info.compress_size > limits.max_ratio)
        ):
            ratio = info.file_size / max(info.compress_size, 1)
            problem = f"compression ratio {ratio:.0f}:1 (a zip bomb?)"
        elif problem is None and info.header_offset + info.compress_size > archive_size:
            problem = "member extends beyond the end of the archive"
        if problem:
            problems.append(
                Discrepancy("extra" if problem == _STRANGER else "unsafe", name, problem)
            )
        total += info.file_size
    if total > limits.max_total_bytes:
        problems.append(
            Discrepancy(
                "unsafe", "*", f"{total} bytes in all, over the limit of {limits.max_total_bytes}"
            )
        )
    # Members whose data overlap are the trick of "non-recursive" zip bombs.
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for current, following in itertools.pairwise(ordered):
        end = (
            current.header_offset
            + 30
            + len(current.filename.encode("utf-8"))
            + current.compress_size
        )
        if end > following.header_offset:
            problems.append(
                Discrepancy("unsafe", following.filename, "overlaps another member's data")
            )
    return problems


# --- verification --------------------------------------------------------------------------------


@dataclass
class BundleReport:
    path: Path
    digest: str | None = None
    manifest: Manifest | None = None
    discrepancies: list[Discrepancy] = field(default_factory=list)
    members_checked: int = 0
    bytes_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.discrepancies


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CheckFailed(f"{path}: not a readable zip archive ({exc})") from None


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
) -> BundleReport:
    """Check every member against the manifest and the manifest against its digest.

    Reports every discrepancy: changed, missing and extra members, an altered manifest, unsafe
    members, and contents that contradict each other (an evidence file whose hash is not its
    name, a broken or shortened audit log).
    """
    report = BundleReport(path)
    with _open_archive(path) as archive:
        problems = inspect_members(archive, path.stat().st_size, limits)
        report.discrepancies += problems
        unsafe = {p.member for p in problems}
        present = {i.filename for i in archive.infolist()}
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
            report.discrepancies.append(
                Discrepancy("manifest", MANIFEST, f"not a valid manifest ({where}: {first['msg']})")
            )
            return report
        manifest = report.manifest
        if expect_digest is not None and expect_digest.strip().lower() != report.digest:
            report.discrepancies.append(
                Discrepancy(
                    "manifest",
                    MANIFEST,
                    f"digest is {report.digest}, not the expected {expect_digest.strip().lower()}",
                )
            )
        _check_sums(manifest, report.digest, sums_bytes, report)
        listed = Counter(m.path for m in manifest.members)
        for name, count in listed.items():
            if count > 1:
                report.discrepancies.append(Discrepancy("manifest", name, "listed more than once"))
            if name in (MANIFEST, MANIFEST_DIGEST) or not _is_bundle_member(name):
                report.discrepancies.append(
                    Discrepancy(
                        "manifest", name, "the manifest lists a member a bundle cannot have"
                    )
                )
        contents: dict[str, bytes] = {}
        for member in manifest.members:
            if member.path not in present:
                report.discrepancies.append(
                    Discrepancy("missing", member.path, "listed in the manifest, not in the bundle")
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
                    Discrepancy("changed", member.path, f"unreadable ({exc})")
                )
                continue
            report.members_checked += 1
            report.bytes_checked += size
            if size != member.size:
                report.discrepancies.append(
                    Discrepancy(
                        "changed",
                        member.path,
                        f"size {size if size <= member.size else f'over {member.size}'} bytes, manifest says {member.size}",
                    )
                )
            elif sha != member.sha256:
                report.discrepancies.append(
                    Discrepancy(
                        "changed", member.path, f"SHA-256 {sha}, manifest says {member.sha256}"
                    )
                )
            elif data is not None:
                contents[member.path] = data
        for name in sorted(present - set(listed) - {MANIFEST, MANIFEST_DIGEST}):
            if name not in unsafe:
                report.discrepancies.append(
                    Discrepancy("extra", name, "in the bundle, not in the manifest")
                )
        _check_contents(manifest, contents, report)
    return report


def _small_member(
    archive: zipfile.ZipFile, name: str, report: BundleReport, unsafe: set[str]
) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        report.discrepancies.append(Discrepancy("manifest", name, "missing: not a complete bundle"))
        return None
    if name in unsafe:
        return None
    if info.file_size > MAX_METADATA_BYTES:
        report.discrepancies.append(Discrepancy("manifest", name, "implausibly large"))
        return None
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        report.discrepancies.append(Discrepancy("manifest", name, f"unreadable ({exc}): altered"))
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
            Discrepancy("manifest", MANIFEST_DIGEST, "not in sha256sum form: altered")
        )
        return
    if sums.get(MANIFEST) != digest:
        report.discrepancies.append(
            Discrepancy(
                "manifest",
                MANIFEST,
                f"SHA-256 is {digest}, {MANIFEST_DIGEST} says {sums.get(MANIFEST)}: the manifest was altered",
            )
        )
    expected = {m.path: m.sha256 for m in manifest.members}
    others = {k: v for k, v in sums.items() if k != MANIFEST}
    if others != expected:
        report.discrepancies.append(
            Discrepancy(
                "manifest",
                MANIFEST_DIGEST,
                "does not list the same members and hashes as the manifest",
            )
        )
        return
    exact = _sha256sum_text([(MANIFEST, digest), *((m.path, m.sha256) for m in manifest.members)])
    if sums.get(MANIFEST) == digest and sums_bytes != exact.encode("utf-8"):
        # Same hashes, other bytes (a line break swapped for another, say): still an edit.
        report.discrepancies.append(
            Discrepancy("manifest", MANIFEST_DIGEST, "altered (not the bytes tierassess wrote)")
        )


def _check_contents(manifest: Manifest, contents: dict[str, bytes], report: BundleReport) -> None:
    """Cross-checks that hold in every genuine bundle, even one whose manifest was recomputed."""
    for member in manifest.members:
        match = _EVIDENCE_MEMBER.match(member.path)
        if match and member.sha256 != match.group(2):
            report.discrepancies.append(
                Discrepancy(
                    "content",
                    member.path,
                    f"the file's SHA-256 is {member.sha256}, not the one in its name",
                )
            )
    for required in (ASSESSMENT_FILE, EVIDENCE_INDEX_FILE, AUDIT_LOG_FILE):
        if manifest.member(required) is None:
            report.discrepancies.append(Discrepancy("missing", required, "a bundle always has it"))
    if AUDIT_LOG_FILE in contents:
        try:
            lines = contents[AUDIT_LOG_FILE].decode("utf-8").splitlines()
        except UnicodeDecodeError:
            lines = ["\ufffd"]
        for chain_break in verify_lines(lines):
            report.discrepancies.append(
                Discrepancy("content", AUDIT_LOG_FILE, f"audit chain broken at {chain_break}")
            )
        count, head = _log_head(lines)
        if count != manifest.audit_entries or head != manifest.audit_head:
            report.discrepancies.append(
                Discrepancy(
                    "content",
                    AUDIT_LOG_FILE,
                    f"{count} entries ending in {head[:12]}, the manifest recorded "
                    f"{manifest.audit_entries} ending in {manifest.audit_head[:12]}",
                )
            )
    if EVIDENCE_INDEX_FILE in contents:
        try:
            index = _parse_model(
                contents[EVIDENCE_INDEX_FILE], Path(EVIDENCE_INDEX_FILE), EvidenceIndex
            )
        except TierassessError as exc:
            report.discrepancies.append(Discrepancy("content", EVIDENCE_INDEX_FILE, exc.message))
        else:
            in_bundle = {
                m.group(2)
                for p in (x.path for x in manifest.members)
                if (m := _EVIDENCE_MEMBER.match(p))
            }
            for item in index.items:
                if item.sha256 not in in_bundle:
                    report.discrepancies.append(
                        Discrepancy(
                            "missing",
                            f"files/{item.sha256[:2]}/{item.sha256}",
                            f"evidence {item.original_name!r} is not in the bundle",
                        )
                    )
            for sha in sorted(in_bundle - {i.sha256 for i in index.items}):
                report.discrepancies.append(
                    Discrepancy(
                        "content", f"files/{sha[:2]}/{sha}", "not described in evidence.yaml"
                    )
                )
    if ASSESSMENT_FILE in contents:
        try:
            assessment = _parse_model(contents[ASSESSMENT_FILE], Path(ASSESSMENT_FILE), Assessment)
        except TierassessError as exc:
            report.discrepancies.append(Discrepancy("content", ASSESSMENT_FILE, exc.message))
        else:
            if assessment.site.id != manifest.site_id:
                report.discrepancies.append(
                    Discrepancy(
                        "content",
                        ASSESSMENT_FILE,
                        f"site {assessment.site.id!r}, manifest says {manifest.site_id!r}",
                    )
                )


# --- import --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    site_id: str
    site_dir: Path
    digest: str
    evidence_files: int
    catalogue_installed: bool
    warnings: list[str]


def _destination(name: str) -> Path:
    """Where a (checked) member goes, relative to the new site folder."""
    match = _EVIDENCE_MEMBER.match(name)
    if match:
        return Path(EVIDENCE_FILES_DIR, match.group(1), match.group(2))
    if name.startswith(CATALOGUE_PREFIX):
        return Path(IMPORTED_CATALOGUE_DIR, name.removeprefix(CATALOGUE_PREFIX))
    if name in (INDEX_HTML, MANIFEST, MANIFEST_DIGEST):
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
        raise CheckFailed(f"{name}: would be written outside {staging}; refused")
    target.parent.mkdir(parents=True, exist_ok=True)
    flags = (
        os.O_WRONLY
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(target, flags, 0o644)
    digest = hashlib.sha256()
    size = 0
    limit = expected.size if expected else MAX_METADATA_BYTES
    with os.fdopen(fd, "wb") as out, archive.open(name) as source:
        while chunk := source.read(CHUNK_SIZE):
            size += len(chunk)
            if size > limit:
                raise CheckFailed(f"{name}: holds more data than declared; refused")
            digest.update(chunk)
            out.write(chunk)
            if progress:
                progress(len(chunk))
        out.flush()
        os.fsync(out.fileno())
    if expected is not None and (digest.hexdigest() != expected.sha256 or size != expected.size):
        raise CheckFailed(f"{name}: changed while it was being imported; refused")


def import_bundle(
    path: Path,
    workspace: Workspace,
    actor: str,
    *,
    limits: ImportLimits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ImportResult:
    """Unpack a verified bundle into the workspace as a site to review.

    Nothing is written unless every member passes the safety checks and the bundle verifies;
    nothing is ever written outside ``workspace.evidence_dir`` (and ``checklists/`` when the
    workspace has no catalogue of its own).
    """
    with _open_archive(path) as archive:
        problems = inspect_members(archive, path.stat().st_size, limits)
        if problems:
            raise CheckFailed(
                f"{path}: refused, {len(problems)} unsafe member(s); nothing was written:\n"
                + "\n".join(f"  {p.member}: {p.detail}" for p in problems[:50])
            )
    report = verify_bundle(path, limits=limits, progress=progress)
    if not report.ok or report.manifest is None or report.digest is None:
        raise CheckFailed(
            f"{path}: the bundle does not verify; nothing was written:\n"
            + "\n".join(f"  {d}" for d in report.discrepancies[:50]),
            hint="ask the sender for a fresh bundle and its digest",
        )
    manifest = report.manifest
    site_id = manifest.site_id
    site_dir = workspace.site_dir(site_id)
    if site_dir.exists():
        raise WorkspaceError(
            f"{site_dir} already exists; a bundle is imported as a new site",
            hint="import into another workspace (`tierassess -w FOLDER bundle import ...`)",
        )
    needed = sum(m.size for m in manifest.members)
    workspace.evidence_dir.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(workspace.evidence_dir).free
    if needed + 64 * 1024 * 1024 > free:
        raise WorkspaceError(
            f"the bundle needs {needed} bytes; {workspace.evidence_dir} has {free} free"
        )
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=workspace.evidence_dir))
    installed = False
    warnings: list[str] = []
    try:
        with _open_archive(path) as archive:
            for info in archive.infolist():
                _extract(
                    archive,
                    info.filename,
                    staging / _destination(info.filename),
                    staging,
                    manifest.member(info.filename),
                    progress,
                )
        _parse_model((staging / ASSESSMENT_FILE).read_bytes(), Path(ASSESSMENT_FILE), Assessment)
        _parse_model(
            (staging / EVIDENCE_INDEX_FILE).read_bytes(), Path(EVIDENCE_INDEX_FILE), EvidenceIndex
        )
        for stored in (staging / EVIDENCE_FILES_DIR).glob("??/*"):
            stored.chmod(0o444)
        staging.rename(site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    catalogue = workspace.root / "checklists"
    bundled = site_dir / IMPORTED_CATALOGUE_DIR
    if not (catalogue.is_dir() and any(catalogue.glob("*.y*ml"))):
        catalogue.mkdir(parents=True, exist_ok=True)
        for source in sorted(bundled.glob("*.y*ml")):
            shutil.copyfile(source, catalogue / source.name)
        installed = True
    elif (
        _catalogue_digest([(p.name, p.read_bytes()) for p in _catalogue_files(catalogue)])
        != manifest.catalogue_digest
    ):
        warnings.append(
            f"this workspace's catalogue differs from the one the bundle was made against "
            f"({manifest.checklist_id} v{manifest.checklist_version}); the bundled files are in {bundled}"
        )
    append_event(
        workspace.audit_log_path(site_id),
        actor,
        "bundle.import",
        site_id,
        {"file": path.name, "digest": report.digest, "members": len(manifest.members) + 2},
    )
    return ImportResult(
        site_id=site_id,
        site_dir=site_dir,
        digest=report.digest,
        evidence_files=sum(1 for m in manifest.members if m.path.startswith(FILES_PREFIX)),
        catalogue_installed=installed,
        warnings=warnings,
    )


def iter_member_names(path: Path) -> Iterator[str]:
    """Member names of a zip (for listings and tests)."""
    with _open_archive(path) as archive:
        yield from (i.filename for i in archive.infolist())
