"""Calling the session-based core from tests in one line: open the site, do one thing, close.

Each helper opens the site's session (taking its lock) for one call, as a command does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tierassess.core.models import EvidenceItem, Review
from tierassess.exchange.answer_import.apply import ImportSummary, import_answers
from tierassess.storage.evidence import add_evidence, link_evidence, unlink_evidence
from tierassess.storage.review import apply_review_file, record_review
from tierassess.storage.session import open_site
from tierassess.storage.workspace import Workspace


def add_evidence_as(
    workspace: Workspace, site: str, path: Path, actor: str, *args: Any, **kwargs: Any
) -> EvidenceItem:
    with open_site(workspace, site, actor) as session:
        return add_evidence(session, path, *args, **kwargs)


def link_evidence_as(
    workspace: Workspace, site: str, sha: str, criteria: list[str], actor: str
) -> EvidenceItem:
    with open_site(workspace, site, actor) as session:
        return link_evidence(session, sha, criteria)


def unlink_evidence_as(
    workspace: Workspace, site: str, sha: str, criteria: list[str], actor: str
) -> EvidenceItem:
    with open_site(workspace, site, actor) as session:
        return unlink_evidence(session, sha, criteria)


def record_review_as(
    workspace: Workspace, site: str, criterion_id: str, *args: Any, **kwargs: Any
) -> Review:
    reviewer = args[1] if len(args) > 1 else kwargs.get("reviewer", "reviewer")
    with open_site(workspace, site, str(reviewer) or None) as session:
        return record_review(session, criterion_id, *args, **kwargs)


def apply_review_file_as(
    workspace: Workspace, site: str, reviewer: str, path: Path
) -> dict[str, Review]:
    with open_site(workspace, site, reviewer or None) as session:
        return apply_review_file(session, reviewer, path)


def import_answers_as(
    workspace: Workspace, site: str, path: Path, actor: str, *, dry_run: bool = False
) -> ImportSummary:
    with open_site(workspace, site, actor) as session:
        return import_answers(session, path, dry_run=dry_run)
