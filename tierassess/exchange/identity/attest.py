"""Signed answer sessions: a person signs the answers they gave, as they stand now.

``tierassess sign SITE --as NAME`` takes every answer whose author is NAME (any spelling), records
the SHA-256 of each (as ``review.transfer.answer_sha256`` computes it), signs that list with the
person's key and commits it to the audit log as ``answers.signed``. ``tierassess signatures SITE``
checks every such entry against the workspace keyring and says, per signature, who signed with
which key, and which of the signed answers have changed since.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tierassess.core.names import same_person
from tierassess.errors import InputError
from tierassess.exchange.identity.keys import PublicKey, unlock
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

if TYPE_CHECKING:
    from tierassess.storage.session import SiteSession
    from tierassess.storage.workspace import Workspace

ACTION = "answers.signed"


def _statement(site_id: str, signer: str, answers: dict[str, str]) -> dict[str, Any]:
    return {"site_id": site_id, "signer": signer, "answers": answers}


def sign_answers(session: SiteSession, signer: Signer) -> dict[str, str]:
    """Sign the answers the signer gave on the session's site; return them (id -> SHA-256)."""
    from tierassess.exchange.review_transfer import answer_sha256
    from tierassess.storage.session import Event

    name = signer.entry.name
    answers = {
        criterion_id: answer_sha256(answer)
        for criterion_id, answer in sorted(session.assessment.answers.items())
        if same_person(answer.answered_by, name)
    }
    if not answers:
        raise InputError(t("identity.attest.none", name=name, site=session.site_id))
    statement = _statement(session.site_id, name, answers)
    signature = sign_bytes(canonical_json(statement), signer)
    details = {**statement, "signature": signature.model_dump(mode="json")}
    session.commit_events([Event(ACTION, session.site_id, details, actor=name)])
    return answers


def sign_at_end(
    session: SiteSession,
    entry: PublicKey,
    say: Callable[[str], object],
    passphrase: Callable[[], str],
) -> dict[str, str]:
    """Sign, as an answer session ends, the answers its person gave (the passphrase asked once).

    ``entry`` is the key found when the session began. A wrong passphrase (or Ctrl-C, which the
    session reports) leaves the answers saved and unsigned, and ``say`` tells so.
    """
    try:
        signed = sign_answers(session, Signer(unlock(entry, passphrase()), entry))
    except InputError:
        say(t("identity.attest.unsigned", site=session.site_id, name=entry.name))
        raise
    say(t("identity.attest.signed", count=len(signed), name=entry.name, key_id=entry.key_id))
    return signed


@dataclass
class AnswerSignature:
    """One ``answers.signed`` entry, checked."""

    seq: int
    at: str
    check: SignatureCheck
    answers: dict[str, str]
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the session's signature checked out as valid."""
        return self.check.ok


def check_answer_signatures(
    workspace: Workspace, site_id: str, keyring: dict[str, PublicKey]
) -> list[AnswerSignature]:
    """Every signed answer session of the site, its signature checked against ``keyring``."""
    from tierassess.exchange.review_transfer import answer_sha256

    assessment = workspace.load_assessment(site_id)
    found = []
    for entry in read_log(workspace.audit_log_path(site_id)):
        if entry.action != ACTION:
            continue
        details = entry.details
        answers = {str(k): str(v) for k, v in dict(details.get("answers") or {}).items()}
        statement = _statement(str(details.get("site_id")), str(details.get("signer")), answers)
        try:
            signature: Signature | None = Signature.model_validate(details.get("signature"))
        except ValueError:
            signature = None
        check = check_signature(canonical_json(statement), signature, keyring)
        changed = [
            cid
            for cid, sha in answers.items()
            if cid not in assessment.answers or answer_sha256(assessment.answers[cid]) != sha
        ]
        found.append(AnswerSignature(entry.seq, entry.at, check, answers, changed))
    return found
