"""Attaching files to answers: put them in the site's evidence store, linked to criteria.

Used by the questionnaire's evidence step and by ``answers import``; the links are made in the
site session's data and written, with their audit events, by the session's ``commit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tierassess.core.models import Checklist, EvidenceKind
from tierassess.errors import InputError, os_reason
from tierassess.i18n import t
from tierassess.storage.session import Event

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession

__all__ = ["evidence_label", "store_evidence_files"]


def store_evidence_files(
    session: SiteSession,
    paths: Sequence[Path],
    criteria: Sequence[str],
    checklist: Checklist | None = None,
    details: Mapping[Path, tuple[EvidenceKind | None, date | None]] | None = None,
) -> tuple[list[str], list[Event]]:
    """Put files in the site's evidence store, linked to ``criteria``; their SHA-256 and events.

    The links are made in the session's data; they are written (with the events) by its commit.
    ``details`` gives a file's confirmed kind and capture date (else they are guessed).
    """
    from tierassess.storage.evidence import stage_evidence

    for path in paths:  # every file readable before any is staged, so a refusal stages nothing
        try:
            with Path(path).open("rb") as handle:
                handle.read(1)
        except OSError as exc:
            raise InputError(t("evidence.err.unreadable", path=path, why=os_reason(exc))) from None
    refs: list[str] = []
    events: list[Event] = []
    for path in paths:
        kind, captured = (details or {}).get(path, (None, None))
        item, event = stage_evidence(
            session, path, list(criteria), captured, None, kind, checklist=checklist
        )
        refs.append(str(item.sha256))
        events.append(event)
    return refs, events


def evidence_label(ref: str, names: dict[str, str]) -> str:
    """How an evidence reference reads to a person: the stored file's name, or the path."""
    return names.get(ref, ref)
