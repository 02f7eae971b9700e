"""Evidence: files kept by content (SHA-256), their index and links, verification, freshness.

One module per job:

- ``store``: the content store (hash while copying, atomic rename) and what a file says about
  itself (media type, kind, capture date);
- ``links``: the index (``evidence.yaml``) and its links to criteria, kept in step with the
  answers; every change goes through the site session;
- ``verify``: every stored file against its hash, the audit chain, the links;
- ``stale``: claimed criteria whose evidence is stale, missing or rejected;
- ``present``: how all of the above reads, in each language and as JSON.

The names below are the package's public face; modules inside the package import from each other,
never from here.
"""

from __future__ import annotations

from tierassess.storage.evidence.links import MIN_PREFIX, add_evidence, checked_criteria, link_evidence, resolve_sha, stage_evidence, unlink_evidence
from tierassess.storage.evidence.stale import StaleReport, StaleRow, stale_report
from tierassess.storage.evidence.store import CHUNK_SIZE, Progress, StoredFile, capture_date, exif_capture_date, hash_file, media_type_of, resolve_kind, store_file
from tierassess.storage.evidence.verify import AlteredFile, LinkMismatch, VerifyReport, link_mismatches, store_size, verify_site

__all__ = [
    "CHUNK_SIZE",
    "MIN_PREFIX",
    "AlteredFile",
    "LinkMismatch",
    "Progress",
    "StaleReport",
    "StaleRow",
    "StoredFile",
    "VerifyReport",
    "add_evidence",
    "capture_date",
    "checked_criteria",
    "exif_capture_date",
    "hash_file",
    "link_evidence",
    "link_mismatches",
    "media_type_of",
    "resolve_kind",
    "resolve_sha",
    "stage_evidence",
    "stale_report",
    "store_file",
    "store_size",
    "unlink_evidence",
    "verify_site",
]
