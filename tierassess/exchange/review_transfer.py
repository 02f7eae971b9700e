"""Reviews that travel back: the auditor exports a signed review file, the engineer imports it.

The file names the bundle the auditor reviewed (its digest) and, for each decision, the SHA-256
of the answer as the auditor saw it. The engineer's site takes a decision only when it was signed
by a key in its keyring, by someone other than who gave the answer, about a bundle this site
exported, and about an answer that has not changed since; anything else is refused and named.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from tierassess.core.models import (
    SHA256_PATTERN,
    Answer,
    FileModel,
    NonBlank,
    Review,
    ReviewVerdict,
    utc_now,
)
from tierassess.core.names import same_person
from tierassess.core.reviews import NEEDS_COMMENT, gave_answer
from tierassess.errors import CheckFailed, InputError, WorkspaceError, os_reason
from tierassess.exchange.identity.keys import PublicKey
from tierassess.exchange.identity.signing import (
    Signature,
    SignatureCheck,
    Signer,
    canonical_json,
    check_signature,
    sign_bytes,
)
from tierassess.i18n import t
from tierassess.storage.audit import read_log
from tierassess.storage.session import Event, SiteSession
from tierassess.storage.workspace import Workspace
from tierassess.yamlio import atomic_write_text

IMPORTED_MANIFEST = Path("bundle", "manifest.json")


class ReviewRecord(FileModel):
    """One decision, tied to the exact answer it judged."""

    criterion_id: NonBlank
    verdict: ReviewVerdict
    comment: str | None = None
    at: datetime
    answer_sha256: Annotated[str, Field(pattern=SHA256_PATTERN)]


class ReviewDocument(FileModel):
    """What the reviewer signs."""

    format: Literal["tierassess-reviews"] = "tierassess-reviews"
    format_version: Literal[1] = 1
    site_id: NonBlank
    bundle_digest: Annotated[str, Field(pattern=SHA256_PATTERN)]
    reviewer: NonBlank
    created_at: datetime
    reviews: list[ReviewRecord]


class ReviewFile(FileModel):
    """A review file: the reviews of one site, and the reviewer's signature."""

    document: ReviewDocument
    signature: Signature | None = None


def answer_sha256(answer: Answer) -> str:
    """The SHA-256 of what an answer says (its review and workflow state left out)."""
    content = answer.revision().model_dump(mode="json")
    content["unit"] = answer.unit
    return hashlib.sha256(canonical_json(content)).hexdigest()


def reviewed_bundle_digest(workspace: Workspace, site_id: str) -> str:
    """The digest of the bundle an imported site came from."""
    path = workspace.site_dir(site_id) / IMPORTED_MANIFEST
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        raise WorkspaceError(
            t("identity.reviews.not_imported", site=site_id),
            hint=t("identity.reviews.not_imported_hint"),
        ) from None


def export_reviews(session: SiteSession, output: Path, signer: Signer) -> ReviewFile:
    """Write the signer's decisions on an imported site to ``output``, signed with their key."""
    workspace, site_id = session.workspace, session.site_id
    entry = signer.entry
    assessment = workspace.load_assessment(site_id)
    records = [
        ReviewRecord(
            criterion_id=criterion_id,
            verdict=answer.review.verdict,
            comment=answer.review.comment,
            at=answer.review.at,
            answer_sha256=answer_sha256(answer),
        )
        for criterion_id, answer in sorted(assessment.answers.items())
        if answer.review is not None and same_person(answer.review.reviewer, entry.name)
    ]
    if not records:
        raise InputError(t("identity.reviews.none_by", name=entry.name, site=site_id))
    document = ReviewDocument(
        site_id=site_id,
        bundle_digest=reviewed_bundle_digest(workspace, site_id),
        reviewer=entry.name,
        created_at=utc_now(),
        reviews=records,
    )
    signature = sign_bytes(canonical_json(document.model_dump(mode="json")), signer)
    signed = ReviewFile(document=document, signature=signature)
    atomic_write_text(output, signed.model_dump_json(indent=2) + "\n")
    session.commit_events(
        [
            Event(
                "review.export",
                site_id,
                {"file": output.name, "reviews": len(records), "key": entry.key_id},
                actor=entry.name,
            )
        ]
    )
    return signed


@dataclass
class ReviewImport:
    """What a review file did to the site: applied, already there, and refused with reasons."""

    site_id: str
    signature: SignatureCheck
    applied: dict[str, ReviewVerdict] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether no review was refused."""
        return not self.refused


def read_review_file(path: Path) -> ReviewFile:
    """The review file at ``path``; unreadable or invalid is an InputError."""
    try:
        return ReviewFile.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise InputError(
            t("validation.yaml.unreadable", path=path, reason=os_reason(exc))
        ) from None
    except ValidationError as exc:
        from tierassess.validation_words import error_lines

        raise InputError(f"{path}: {error_lines(exc.errors(include_url=False))[0]}") from None


def _exported_digests(workspace: Workspace, site_id: str) -> set[str]:
    entries = read_log(workspace.audit_log_path(site_id))
    return {str(e.details.get("digest")) for e in entries if e.action == "bundle.export"}


def _refusal(answer: Answer | None, record: ReviewRecord, signer: str) -> str | None:
    if answer is None:
        return t("identity.reviews.no_answer")
    if gave_answer(answer, signer):
        return t("identity.reviews.own_answer", name=signer)
    if answer_sha256(answer) != record.answer_sha256:
        return t("identity.reviews.changed")
    if record.verdict in NEEDS_COMMENT and not (record.comment or "").strip():
        return t("identity.reviews.no_comment")
    return None


def import_reviews(session: SiteSession, path: Path, keyring: dict[str, PublicKey]) -> ReviewImport:
    """Apply a signed review file to the session's site: the answers and log in one commit."""
    signed = read_review_file(path)
    document = signed.document
    check = check_signature(
        canonical_json(document.model_dump(mode="json")), signed.signature, keyring
    )
    if not check.ok:
        raise CheckFailed(f"{path}: {check.describe()}; " + t("identity.reviews.nothing_applied"))
    signer = check.signer or ""
    if not same_person(signer, document.reviewer):
        raise CheckFailed(t("identity.reviews.not_signer", name=document.reviewer, signer=signer))
    site_id = session.site_id
    if document.site_id != site_id:
        raise CheckFailed(t("identity.reviews.other_site", site=document.site_id, here=site_id))
    if document.bundle_digest not in _exported_digests(session.workspace, site_id):
        raise CheckFailed(
            t("identity.reviews.other_bundle", digest=document.bundle_digest, site=site_id)
        )
    assessment = session.assessment
    result = ReviewImport(site_id, check)
    for record in document.reviews:
        criterion_id = record.criterion_id.strip().upper()
        answer = assessment.answers.get(criterion_id)
        problem = _refusal(answer, record, signer)
        if problem is not None or answer is None:
            result.refused[criterion_id] = problem or ""
            continue
        review = Review(
            verdict=record.verdict,
            comment=(record.comment or "").strip() or None,
            reviewer=signer,
            at=record.at,
            key_id=check.key_id,
        )
        if answer.review == review:
            result.unchanged.append(criterion_id)
            continue
        answer.review = review
        result.applied[criterion_id] = record.verdict
    events = [
        Event(
            "review.import",
            criterion_id,
            {"verdict": verdict.value, "key": check.key_id, "bundle": document.bundle_digest},
            actor=signer,
        )
        for criterion_id, verdict in result.applied.items()
    ]
    if result.applied or result.refused:
        events.append(
            Event(
                "review.file",
                site_id,
                {
                    "file": path.name,
                    "applied": len(result.applied),
                    "refused": sorted(result.refused),
                    "signed_by": signer,
                    "key": check.key_id,
                },
            )
        )
    session.commit_events(events)
    return result
