"""Identities: one person under any spelling of their name, keys, and signed bundles."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from bundle_support import AUDITOR, ENGINEER, members, populate, reseal, write_zip
from click.testing import Result
from session_support import record_review_as
from test_evidence import make_site

from tierassess.core.names import person_key, same_person
from tierassess.errors import InputError
from tierassess.exchange.identity import keyring
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]
PASSPHRASE = "đúng mật khẩu 123"


@pytest.mark.parametrize(
    "variant",
    [
        "Nguyen Van Ky",  # diacritics dropped
        "NGUYỄN VĂN KỸ",  # upper case
        "  nguyễn   văn\tkỹ ",  # spacing
        "Nguyễn Văn Kỹ",  # decomposed (NFD) spelling of the same letters
        "Ｎguyễn Văn Kỹ",  # full-width letter (NFKD)
    ],
)
def test_the_assessor_cannot_review_under_a_variant_of_their_name(
    tmp_path: Path, variant: str
) -> None:
    workspace, site = make_site(tmp_path / "ws")
    populate(workspace, site, tmp_path / "files")
    with pytest.raises(InputError, match="someone else must review it"):
        record_review_as(workspace, site, "PWR-GEN-01", "accepted", variant)
    record_review_as(workspace, site, "PWR-GEN-01", "accepted", AUDITOR)


def test_d_with_stroke_is_d_and_other_names_stay_apart() -> None:
    assert person_key("Đặng Thị Đào") == "dang thi dao"
    assert same_person("Đặng Thị Đào", "dang thi dao")
    assert not same_person("Nguyễn Văn Kỹ", "Nguyễn Văn Kỳ Anh")
    assert not same_person("", "")


def _key(cli: Cli, workspace: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    made = cli("key", "new", "--as", name, workspace=workspace)
    assert made.exit_code == 0, made.output
    return made.output.split()[2].rstrip(".")


def test_key_new_keeps_the_private_half_outside_and_encrypted(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, _ = make_site(tmp_path / "ws")
    key_id = _key(cli, workspace.root, ENGINEER, monkeypatch)
    private = Path(__import__("os").environ["TIERASSESS_KEY_DIR"]) / f"{key_id}.pem"
    assert private.is_file() and stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes()
    assert not list(workspace.root.rglob("*.pem"))
    assert keyring(workspace)[key_id].name == ENGINEER
    listed = cli("key", "list", workspace=workspace.root)
    assert key_id in listed.output and "private key on this computer" in listed.output

    monkeypatch.setenv("TIERASSESS_PASSPHRASE", "short")
    assert cli("key", "new", "--as", "X", workspace=workspace.root).exit_code == 2
    monkeypatch.setenv("TIERASSESS_KEY_DIR", str(workspace.root / "keys"))
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    inside = cli("key", "new", "--as", "X", workspace=workspace.root)
    assert inside.exit_code == 2 and "inside the workspace" in inside.output


def test_export_and_revoke_find_a_key_by_the_same_prefix_rule(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, _ = make_site(tmp_path / "ws")
    key_id = _key(cli, workspace.root, ENGINEER, monkeypatch)
    for command in (("key", "export"), ("key", "revoke")):
        short = cli(*command, key_id[:7], workspace=workspace.root)
        assert short.exit_code == 2 and key_id[:7] in short.output, command
        unknown = cli(*command, "0" * 16, workspace=workspace.root)
        assert unknown.exit_code == 2, command
    # Eight digits typed in capitals, with spaces around them, name the key for both commands.
    exported = cli("key", "export", f" {key_id[:8].upper()} ", workspace=workspace.root)
    assert exported.exit_code == 0 and json.loads(exported.output)["key_id"] == key_id
    revoked = cli("key", "revoke", f" {key_id[:8].upper()} ", workspace=workspace.root)
    assert revoked.exit_code == 0 and keyring(workspace)[key_id].revoked_at is not None


def test_key_new_and_key_import_show_the_same_fingerprint(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hashlib

    workspace, _ = make_site(tmp_path / "ws")
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", PASSPHRASE)
    made = cli("key", "new", "--as", ENGINEER, workspace=workspace.root).output
    key_id = made.split()[2].rstrip(".")
    public = tmp_path / "key.json"
    public.write_text(cli("key", "export", key_id, workspace=workspace.root).output)
    other = tmp_path / "other"
    other.mkdir()
    imported = cli("key", "import", str(public), workspace=other).output
    digest = hashlib.sha256(keyring(workspace)[key_id].raw()).hexdigest()
    expected = " ".join(digest[i : i + 4] for i in range(0, 32, 4))
    assert f"Fingerprint to compare by another channel: {expected}" in made
    assert f"Fingerprint to compare by another channel: {expected}" in imported


def _signed_bundle(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> tuple[Workspace, str, Path, str]:
    workspace, site = make_site(tmp_path / "engineer")
    populate(workspace, site, tmp_path / "files")
    key_id = _key(cli, workspace.root, ENGINEER, monkeypatch)
    out = tmp_path / "signed.zip"
    made = cli(
        "bundle",
        "export",
        site,
        "-o",
        str(out),
        "--sign",
        "--as",
        ENGINEER,
        workspace=workspace.root,
    )
    assert made.exit_code == 0, made.output
    assert f"Validly signed by {ENGINEER} (key {key_id})" in made.output
    return workspace, site, out, key_id


def test_a_signed_bundle_names_its_signer_once_the_key_is_trusted(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    engineer, _, out, key_id = _signed_bundle(tmp_path, cli, monkeypatch)
    auditor = tmp_path / "auditor"
    auditor.mkdir()
    unknown = cli("bundle", "verify", str(out), workspace=auditor)
    assert unknown.exit_code == 1
    assert f"UNKNOWN KEY: signed with key {key_id}" in unknown.output
    assert "key import" in unknown.output

    public = tmp_path / "engineer-key.json"
    public.write_text(cli("key", "export", key_id, workspace=engineer.root).output)
    assert cli("key", "import", str(public), workspace=auditor).exit_code == 0
    trusted = cli("bundle", "verify", str(out), "--format", "json", workspace=auditor)
    report = json.loads(trusted.output)
    assert trusted.exit_code == 0
    assert (report["signature"], report["signed_by"], report["key"]) == ("valid", ENGINEER, key_id)

    # The audit head is inside what was signed: the signature covers the log's last entry.
    manifest = json.loads(members(out)["manifest.json"])
    assert manifest["audit_entries"] > 0 and len(manifest["audit_head"]) == 64

    revoked = cli("key", "revoke", key_id, "--reason", "laptop lost", workspace=auditor)
    assert revoked.exit_code == 0
    after = cli("bundle", "verify", str(out), workspace=auditor)
    assert after.exit_code == 1 and "REVOKED KEY" in after.output
    # Importing the key again does not undo its revocation.
    cli("key", "import", str(public), workspace=auditor)
    assert cli("bundle", "verify", str(out), workspace=auditor).exit_code == 1


def test_a_tampered_signed_manifest_is_a_bad_signature(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    engineer, _, out, _ = _signed_bundle(tmp_path, cli, monkeypatch)
    content = members(out)
    content["assessment.yaml"] = content["assessment.yaml"].replace(b"partial", b"met")
    forged = write_zip(tmp_path / "forged.zip", reseal(content))
    result = cli("bundle", "verify", str(forged), workspace=engineer.root)
    assert result.exit_code == 1
    assert "BAD SIGNATURE" in result.output
    # An unsigned forgery (signature removed) is reported as unsigned, never as fine.
    del content["manifest.sig"]
    stripped = write_zip(tmp_path / "stripped.zip", reseal(content))
    result = cli("bundle", "verify", str(stripped), workspace=engineer.root)
    assert result.exit_code == 1 and "UNSIGNED" in result.output


def test_a_wrong_passphrase_signs_nothing(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace, site = make_site(tmp_path / "ws")
    _key(cli, workspace.root, ENGINEER, monkeypatch)
    monkeypatch.setenv("TIERASSESS_PASSPHRASE", "not the passphrase")
    out = tmp_path / "b.zip"
    result = cli(
        "bundle",
        "export",
        site,
        "-o",
        str(out),
        "--sign",
        "--as",
        "nguyen van ky",
        workspace=workspace.root,
    )
    assert result.exit_code == 2 and "Wrong passphrase" in result.output
    assert not out.exists()


def test_a_signature_added_to_an_unsigned_bundle_is_an_alteration(tmp_path: Path) -> None:
    from bundle_support import export_as as export_bundle

    from tierassess.exchange.bundle import verify_bundle

    workspace, site = make_site(tmp_path / "ws")
    bundle = export_bundle(workspace, site, tmp_path / "b.zip", ENGINEER).path
    content = members(bundle)
    content["manifest.sig"] = b"{}"
    report = verify_bundle(write_zip(tmp_path / "sig.zip", content))
    assert not report.ok
    assert [d.member for d in report.discrepancies] == ["manifest.sig"]
