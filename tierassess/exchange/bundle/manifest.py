"""The bundle's layout: member names, the manifest and the helpers every step shares."""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tierassess.core.models import SHA256_PATTERN, SLUG_PATTERN
from tierassess.errors import InputError
from tierassess.i18n import t
from tierassess.storage.audit import GENESIS
from tierassess.storage.workspace import (
    ASSESSMENT_FILE,
    AUDIT_LOG_FILE,
    EVIDENCE_INDEX_FILE,
    PLAN_FILE,
)
from tierassess.yamlio import parse_yaml_text, validate_document

BUNDLE_FORMAT = "tierassess-bundle"
MANIFEST = "manifest.json"
MANIFEST_DIGEST = "manifest.sha256"
MANIFEST_SIGNATURE = "manifest.sig"
INDEX_HTML = "index.html"
CATALOGUE_PREFIX = "catalogue/"
FILES_PREFIX = "files/"
IMPORTED_BUNDLE_DIR = "bundle"
IMPORTED_CATALOGUE_DIR = "catalogue"
MAX_METADATA_BYTES = 64 * 1024 * 1024
DEFLATE_LIMIT = 64 * 1024 * 1024

TOPOLOGY_FILE = "topology.yaml"  # the site's topology model (tierassess.core.topology)
FIXED_MEMBERS = (
    ASSESSMENT_FILE,
    EVIDENCE_INDEX_FILE,
    AUDIT_LOG_FILE,
    PLAN_FILE,
    INDEX_HTML,
    TOPOLOGY_FILE,
)
# Diagrams drawn from the topology model, for the auditor to look at (derived, not imported back).
DIAGRAM_MEMBER = re.compile(r"^diagrams/[a-z_]{1,20}\.svg$")
EVIDENCE_MEMBER = re.compile(r"^files/([0-9a-f]{2})/([0-9a-f]{64})(\.[a-z0-9]{1,8})?$")
CATALOGUE_MEMBER = re.compile(r"^catalogue/[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.ya?ml$")


class ManifestMember(BaseModel):
    """One file of the bundle as the manifest lists it: path, size and SHA-256."""

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
        """The manifest's entry for ``path``, or None."""
        for member in self.members:
            if member.path == path:
                return member
        return None


def sha256sum_text(members: list[tuple[str, str]]) -> str:
    """The members as ``sha256sum`` writes them: one ``<sha>  <name>`` line each."""
    return "".join(f"{sha}  {name}\n" for name, sha in members)


def log_head(lines: list[str]) -> tuple[int, str]:
    """How many entries a log holds and the hash of the last one (the genesis hash for none)."""
    entries = [line for line in lines if line.strip()]
    if not entries:
        return 0, GENESIS
    try:
        head = json.loads(entries[-1])["hash"]
    except (ValueError, KeyError, TypeError):
        return len(entries), GENESIS
    return len(entries), str(head)


def parse_model(data: bytes, path: Path, model: type[Any]) -> Any:
    """A bundle member's YAML bytes validated as ``model``; not UTF-8 is an InputError."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(t("bundle.check.not_utf8", path=path, reason=exc.reason)) from None
    return validate_document(parse_yaml_text(text, path), model)


def is_bundle_member(name: str) -> bool:
    """Whether ``name`` is a path a bundle may hold (fixed files, evidence, catalogue, diagrams)."""
    if name in (*FIXED_MEMBERS, MANIFEST, MANIFEST_DIGEST, MANIFEST_SIGNATURE):
        return True
    match = EVIDENCE_MEMBER.match(name)
    if match:
        return match.group(1) == match.group(2)[:2]
    return bool(CATALOGUE_MEMBER.match(name) or DIAGRAM_MEMBER.match(name))


def manifest_json(manifest: Manifest) -> bytes:
    """The manifest's bytes as written in a bundle (their SHA-256 is the bundle's digest)."""
    text = json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8")


def current_umask() -> int:
    """The process umask (read by setting it back at once: only from the main thread)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def check_expected_digest(expect: str) -> str:
    """The digest or prefix a person typed, checked: at least 8 hex digits, at most 64."""
    cleaned = expect.strip().lower().removeprefix("sha256:")
    if not re.fullmatch(r"[0-9a-f]{8,64}", cleaned):
        raise InputError(t("identity.digest.bad_expect", value=expect.strip()))
    return cleaned
