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

Modules: ``manifest`` (layout and shared helpers), ``write`` (export), ``safety`` (zip-bomb and
path checks from the directory alone), ``verify``, ``importer``, ``viewer`` (the HTML page).
"""

from tierassess.exchange.bundle.importer import ImportResult, import_bundle, iter_member_names
from tierassess.exchange.bundle.manifest import Manifest, ManifestMember
from tierassess.exchange.bundle.safety import (
    DEFAULT_LIMITS,
    Discrepancy,
    ImportLimits,
    inspect_members,
)
from tierassess.exchange.bundle.verify import BundleReport, verify_bundle
from tierassess.exchange.bundle.viewer import render_index_html
from tierassess.exchange.bundle.write import ExportResult, export_bundle

__all__ = [
    "DEFAULT_LIMITS",
    "BundleReport",
    "Discrepancy",
    "ExportResult",
    "ImportLimits",
    "ImportResult",
    "Manifest",
    "ManifestMember",
    "export_bundle",
    "import_bundle",
    "inspect_members",
    "iter_member_names",
    "render_index_html",
    "verify_bundle",
]
