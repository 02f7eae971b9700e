"""Detached Ed25519 signatures over exact bytes, and their check against a keyring.

What is signed is always a small document (a bundle's manifest, a review file, an answer
session's digest), never the evidence bytes themselves: the manifest already binds every member
by SHA-256, so signing it costs microseconds however large the bundle.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from tierassess.core.models import FileModel, NonBlank, utc_now
from tierassess.exchange.identity.keys import KEY_ID_PATTERN, PublicKey
from tierassess.i18n import t

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class Signature(FileModel):
    """Who signed (as the signer's keyring entry names them), with which key, when, and the bytes."""

    algorithm: str = "ed25519"
    key_id: Annotated[str, Field(pattern=KEY_ID_PATTERN)]
    signer: NonBlank
    signed_at: datetime
    signature: str  # base64 of the 64-byte Ed25519 signature


class SignatureStatus(StrEnum):
    """What checking a signature found: valid, absent, by an unknown or revoked key, or bad."""

    VALID = "valid"
    UNSIGNED = "unsigned"
    UNKNOWN_KEY = "unknown_key"
    REVOKED = "revoked"
    BAD = "bad"


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome of checking one signature: only ``valid`` is trusted."""

    status: SignatureStatus
    key_id: str | None = None
    signer: str | None = None  # the keyring's name for the key when known, else the claimed one

    @property
    def ok(self) -> bool:
        """Whether the signature is valid."""
        return self.status is SignatureStatus.VALID

    def describe(self, lang: str | None = None) -> str:
        """The check's outcome as one sentence in ``lang``, naming the signer and key."""
        return t(
            f"identity.sig.{self.status.value}",
            lang,
            signer=self.signer or "?",
            key_id=self.key_id or "?",
        )


def canonical_json(data: Any) -> bytes:
    """The one byte form of a JSON document that is signed and checked."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Signer:
    """A person's unlocked key and its keyring entry."""

    key: Ed25519PrivateKey
    entry: PublicKey


def sign_bytes(data: bytes, signer: Signer) -> Signature:
    """A signature of ``data`` by ``signer``, stamped with the signer's name, key id and time."""
    return Signature(
        key_id=signer.entry.key_id,
        signer=signer.entry.name,
        signed_at=utc_now(),
        signature=base64.b64encode(signer.key.sign(data)).decode("ascii"),
    )


def check_signature(
    data: bytes, signature: Signature | None, keyring: dict[str, PublicKey]
) -> SignatureCheck:
    """Check ``signature`` over ``data`` with the keyring's key (never with a key it carries)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if signature is None:
        return SignatureCheck(SignatureStatus.UNSIGNED)
    entry = keyring.get(signature.key_id)
    if entry is None:
        return SignatureCheck(SignatureStatus.UNKNOWN_KEY, signature.key_id, signature.signer)
    try:
        raw = base64.b64decode(signature.signature, validate=True)
        Ed25519PublicKey.from_public_bytes(entry.raw()).verify(raw, data)
    except (InvalidSignature, ValueError):
        return SignatureCheck(SignatureStatus.BAD, entry.key_id, entry.name)
    if entry.revoked_at is not None:
        return SignatureCheck(SignatureStatus.REVOKED, entry.key_id, entry.name)
    return SignatureCheck(SignatureStatus.VALID, entry.key_id, entry.name)
