"""Who did what: names compared as one person, Ed25519 keys, and signatures checked against a keyring."""

from tierassess.exchange.identity.keys import (
    PublicKey,
    add_to_keyring,
    find_key,
    fingerprint,
    key_dir,
    keyring,
    new_key,
    read_public_file,
    revoke,
    signing_key,
    unlock,
)
from tierassess.exchange.identity.signing import (
    Signature,
    SignatureCheck,
    SignatureStatus,
    Signer,
    canonical_json,
    check_signature,
    sign_bytes,
)

__all__ = [
    "PublicKey",
    "Signature",
    "SignatureCheck",
    "SignatureStatus",
    "Signer",
    "add_to_keyring",
    "canonical_json",
    "check_signature",
    "find_key",
    "fingerprint",
    "key_dir",
    "keyring",
    "new_key",
    "read_public_file",
    "revoke",
    "sign_bytes",
    "signing_key",
    "unlock",
]
