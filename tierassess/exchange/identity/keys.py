"""Ed25519 keys: private halves kept outside the workspace, public halves in its keyring.

A person creates a key with ``tierassess key new --as NAME``. The private key is written,
encrypted with the person's passphrase, to the key folder (``TIERASSESS_KEY_DIR``, else
``~/.config/tierassess/keys``), never inside a workspace: whoever holds the site folder must not
hold the means to sign. The public key goes to the workspace's ``keyring/`` folder, which travels
to whoever must check signatures (``key export`` / ``key import``). A lost or leaked key is
revoked in the keyring; signatures by a revoked key no longer verify.
"""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import Field, ValidationError

from tierassess.core.models import FileModel, NonBlank, utc_now
from tierassess.core.names import same_person
from tierassess.errors import InputError, WorkspaceError, os_reason
from tierassess.i18n import t

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from tierassess.storage.workspace import Workspace

KEYRING_DIR = "keyring"
KEY_ID_PATTERN = r"^[0-9a-f]{16}$"
MIN_PASSPHRASE = 8
#: The shortest key-id prefix that names a key on the command line.
MIN_KEY_PREFIX = 8
PASSPHRASE_ENV = "TIERASSESS_PASSPHRASE"


class PublicKey(FileModel):
    """A keyring entry: whose key it is, the key itself, and whether it has been revoked."""

    key_id: Annotated[str, Field(pattern=KEY_ID_PATTERN)]
    name: NonBlank
    algorithm: str = "ed25519"
    public_key: str  # raw 32 bytes, base64
    created_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = None

    def raw(self) -> bytes:
        """The raw Ed25519 public key bytes (decoded from base64)."""
        return base64.b64decode(self.public_key)


def key_id_of(raw_public: bytes) -> str:
    """The key's id: the first 16 hex digits of the SHA-256 of its raw public bytes."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def fingerprint(entry: PublicKey) -> str:
    """The SHA-256 of the raw public key, in groups of four, to read aloud or compare by eye."""
    digest = hashlib.sha256(entry.raw()).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, 32, 4))


def find_key(workspace: Workspace, key_id: str) -> PublicKey:
    """The keyring entry whose id starts with ``key_id`` (at least 8 hex digits, one match)."""
    wanted = key_id.strip().lower()
    matches = [k for k in keyring(workspace).values() if k.key_id.startswith(wanted)]
    if len(matches) != 1 or len(wanted) < MIN_KEY_PREFIX:
        raise InputError(t("identity.key.unknown_id", key_id=key_id))
    return matches[0]


def key_dir() -> Path:
    """Where private keys live (outside any workspace)."""
    chosen = os.environ.get("TIERASSESS_KEY_DIR")
    if chosen:
        return Path(chosen).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "tierassess" / "keys"


def keyring_dir(workspace: Workspace) -> Path:
    """The workspace's keyring folder, where trusted public keys are kept."""
    return workspace.root / KEYRING_DIR


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _public_json(entry: PublicKey) -> str:
    return entry.model_dump_json(indent=2, exclude_none=True) + "\n"


def add_to_keyring(workspace: Workspace, entry: PublicKey) -> Path:
    """Put a public key in the workspace keyring (an existing entry keeps its revocation)."""
    from tierassess.yamlio import atomic_write_text

    path = keyring_dir(workspace) / f"{entry.key_id}.json"
    existing = _read_entry(path) if path.is_file() else None
    if existing is not None:
        if existing.public_key != entry.public_key:
            raise InputError(t("identity.key.id_clash", key_id=entry.key_id))
        if existing.revoked_at and not entry.revoked_at:
            return path  # a revocation is never undone by importing the key again
    atomic_write_text(path, _public_json(entry))
    return path


def new_key(workspace: Workspace, name: str, passphrase: str) -> PublicKey:
    """Make a key pair for ``name``; the private half encrypted in the key folder."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if not name.strip():
        raise InputError(t("identity.key.no_name"))
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError(t("identity.key.short_passphrase", count=MIN_PASSPHRASE))
    folder = key_dir().resolve()
    if folder.is_relative_to(workspace.root):
        raise WorkspaceError(
            t("identity.key.dir_in_workspace", path=folder), hint=t("identity.key.dir_hint")
        )
    private = Ed25519PrivateKey.generate()
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    entry = PublicKey(
        key_id=key_id_of(raw),
        name=" ".join(name.split()),
        public_key=base64.b64encode(raw).decode("ascii"),
        created_at=utc_now(),
    )
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    _write_private(folder / f"{entry.key_id}.pem", pem)
    _write_private(folder / f"{entry.key_id}.json", _public_json(entry).encode("utf-8"))
    add_to_keyring(workspace, entry)
    return entry


def _read_entry(path: Path) -> PublicKey:
    try:
        return PublicKey.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise InputError(t("identity.key.unreadable", path=path, reason=os_reason(exc))) from None
    except ValidationError as exc:
        from tierassess.validation_words import error_lines

        reason = error_lines(exc.errors(include_url=False))[0]
        raise InputError(t("identity.key.unreadable", path=path, reason=reason)) from None


def read_public_file(path: Path) -> PublicKey:
    """A public key as written by ``key export``."""
    return _read_entry(path)


def keyring(workspace: Workspace) -> dict[str, PublicKey]:
    """Every public key in the workspace keyring, by key id."""
    folder = keyring_dir(workspace)
    if not folder.is_dir():
        return {}
    entries = (_read_entry(p) for p in sorted(folder.glob("*.json")))
    return {e.key_id: e for e in entries}


def own_keys(name: str) -> list[PublicKey]:
    """The keys in the key folder whose holder is ``name`` (any spelling of it)."""
    folder = key_dir()
    if not folder.is_dir():
        return []
    found = [_read_entry(p) for p in sorted(folder.glob("*.json"))]
    return [k for k in found if same_person(k.name, name)]


def signing_key(workspace: Workspace, name: str, key_id: str | None = None) -> PublicKey:
    """The key ``name`` signs with: the one named, else their only unrevoked one."""
    ring = keyring(workspace)
    candidates = [k for k in own_keys(name) if key_id is None or k.key_id.startswith(key_id)]
    usable = [k for k in candidates if not (ring.get(k.key_id) or k).revoked_at]
    if not usable:
        raise InputError(t("identity.key.none_for", name=name), hint=t("identity.key.none_hint"))
    if len(usable) > 1:
        ids = ", ".join(k.key_id for k in usable)
        raise InputError(t("identity.key.several", name=name, ids=ids))
    return usable[0]


def unlock(entry: PublicKey, passphrase: str) -> Ed25519PrivateKey:
    """The private key of ``entry``, decrypted with the passphrase."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_dir() / f"{entry.key_id}.pem"
    try:
        data = path.read_bytes()
    except OSError:
        raise InputError(t("identity.key.no_private", key_id=entry.key_id, path=path)) from None
    try:
        key = serialization.load_pem_private_key(data, passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise InputError(t("identity.key.bad_passphrase", key_id=entry.key_id)) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(t("identity.key.not_ed25519", path=path))
    return key


def revoke(workspace: Workspace, key_id: str, reason: str) -> PublicKey:
    """Mark a key revoked in the workspace keyring; its signatures no longer verify."""
    entry = find_key(workspace, key_id)
    if entry.revoked_at is None:
        entry = entry.model_copy(
            update={"revoked_at": utc_now(), "revoked_reason": reason.strip() or None}
        )
        from tierassess.yamlio import atomic_write_text

        atomic_write_text(keyring_dir(workspace) / f"{entry.key_id}.json", _public_json(entry))
    return entry
