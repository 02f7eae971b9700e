"""Bundle verify and import: digest prefixes, zip tools' folder entries, modes, bombs, catalogues."""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bundle_support import export_as as export_bundle
from bundle_support import members, populate, reseal, write_zip
from click.testing import Result
from test_evidence import make_site

from tierassess.errors import CheckFailed, InputError
from tierassess.exchange.bundle import import_bundle, verify_bundle
from tierassess.storage.workspace import Workspace

Cli = Callable[..., Result]


@pytest.fixture
def exported(tmp_path: Path) -> tuple[Workspace, str, Path]:
    workspace, site = make_site(tmp_path / "ws")
    populate(workspace, site, tmp_path / "files")
    out = export_bundle(workspace, site, tmp_path / "out" / "b.zip", "Nguyễn Văn Kỹ").path
    return workspace, site, out


def _digest(bundle: Path) -> str:
    return hashlib.sha256(members(bundle)["manifest.json"]).hexdigest()


def test_a_digest_prefix_of_eight_hex_digits_is_accepted(
    exported: tuple[Workspace, str, Path], cli: Cli
) -> None:
    _, _, bundle = exported
    digest = _digest(bundle)
    ok = cli("bundle", "verify", str(bundle), "--expect", digest[:8].upper(), "--allow-unsigned")
    assert ok.exit_code == 0, ok.output
    assert f"Matches the expected digest {digest[:8]}" in ok.output

    short = cli("bundle", "verify", str(bundle), "--expect", digest[:7], "--allow-unsigned")
    assert short.exit_code == 2 and "at least its first 8 hex digits" in short.output
    other = "0" * 8 if not digest.startswith("0" * 8) else "1" * 8
    wrong = cli("bundle", "verify", str(bundle), "--expect", other, "--allow-unsigned")
    assert wrong.exit_code == 1
    assert (
        f"the bundle's digest is {digest}, which does not start with the expected {other}"
        in wrong.output
    )
    with pytest.raises(InputError):
        verify_bundle(bundle, expect_digest="xyz12345")


def test_import_checks_the_expected_digest_before_writing(
    exported: tuple[Workspace, str, Path], tmp_path: Path, cli: Cli
) -> None:
    _, _, bundle = exported
    target = tmp_path / "auditor"
    wrong = cli(
        "bundle",
        "import",
        str(bundle),
        "--expect",
        "deadbeef",
        "--allow-unsigned",
        workspace=target,
    )
    assert wrong.exit_code == 1 and "does not start with the expected deadbeef" in wrong.output
    assert not (target / "evidence" / "test-dc").exists()
    right = cli(
        "bundle",
        "import",
        str(bundle),
        "--expect",
        _digest(bundle)[:12],
        "--allow-unsigned",
        workspace=target,
    )
    assert right.exit_code == 0, right.output


def _rezip_with_folders(bundle: Path, folder: Path, out: Path) -> Path:
    """The bundle unpacked and zipped again the way `zip -r` does: folder entries included."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    names = sorted(
        str(p.relative_to(folder)) + ("/" if p.is_dir() else "") for p in folder.rglob("*")
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.write(folder / name, name)  # zipfile writes a folder entry for a directory
    return out


def test_folder_entries_written_by_zip_tools_are_tolerated(
    exported: tuple[Workspace, str, Path], tmp_path: Path
) -> None:
    _, _, bundle = exported
    rezipped = _rezip_with_folders(bundle, tmp_path / "unpacked", tmp_path / "rezipped.zip")
    with zipfile.ZipFile(rezipped) as archive:
        assert {"files/", "catalogue/"} <= {i.filename for i in archive.infolist() if i.is_dir()}
    report = verify_bundle(rezipped)
    assert report.ok, report.discrepancies
    imported = import_bundle(rezipped, Workspace.at(tmp_path / "auditor"), "Auditor")
    assert imported.evidence_files == 2

    # A folder a bundle never has is still named.
    content = {**members(bundle)}
    stray = write_zip(tmp_path / "stray.zip", content)
    with zipfile.ZipFile(stray, "a") as archive:
        archive.writestr(zipfile.ZipInfo("secrets/"), b"")
    assert [d.member for d in verify_bundle(stray).discrepancies] == ["secrets/"]


@pytest.mark.skipif(not __import__("shutil").which("zip"), reason="needs the zip command")
def test_a_bundle_rezipped_with_the_zip_command_verifies(
    exported: tuple[Workspace, str, Path], tmp_path: Path
) -> None:
    _, _, bundle = exported
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    subprocess.run(["zip", "-qr", str(tmp_path / "z.zip"), "."], cwd=folder, check=True)
    assert verify_bundle(tmp_path / "z.zip").ok


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_file_modes_follow_the_umask(
    tmp_path: Path, umask: Callable[[int], None], mask: int, mode: int
) -> None:
    workspace, site = make_site(tmp_path / "ws")
    populate(workspace, site, tmp_path / "files")
    umask(mask)
    bundle = export_bundle(workspace, site, tmp_path / "b.zip", "An").path
    assert stat.S_IMODE(bundle.stat().st_mode) == mode
    result = import_bundle(bundle, Workspace.at(tmp_path / "auditor"), "Auditor")
    assert stat.S_IMODE((result.site_dir / "assessment.yaml").stat().st_mode) == mode
    evidence = next((result.site_dir / "files").glob("??/*"))
    assert stat.S_IMODE(evidence.stat().st_mode) == 0o444 & ~mask
    assert stat.S_IMODE(result.site_dir.stat().st_mode) == 0o777 & ~mask


class _SameDeflate:
    """Hands zipfile one precomputed deflate stream, so 3,000 identical members cost no CPU."""

    def __init__(self, stream: bytes) -> None:
        self.stream = stream

    def compress(self, data: bytes) -> bytes:
        return b""

    def flush(self) -> bytes:
        return self.stream


def test_many_small_members_that_inflate_are_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3,000 members of 1 MiB of zeros: a 3 GiB bomb in a few MB, each member under 1 MiB."""
    import zlib

    bomb = tmp_path / "bomb.zip"
    zeros = bytes(1024 * 1024)
    deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    stream = deflate.compress(zeros) + deflate.flush()
    monkeypatch.setattr(zipfile, "_get_compressor", lambda *_: _SameDeflate(stream))
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3000):
            sha = hashlib.sha256(number.to_bytes(4, "big")).hexdigest()
            archive.writestr(f"files/{sha[:2]}/{sha}", zeros)
    monkeypatch.undo()
    assert bomb.stat().st_size < 4.5 * 1000 * 1000
    with zipfile.ZipFile(bomb) as archive:  # a real zip: the members inflate to 1 MiB of zeros
        assert archive.read(archive.infolist()[7]) == zeros
    target = Workspace.at(tmp_path / "auditor")
    with pytest.raises(CheckFailed, match="zip bomb") as refused:
        import_bundle(bomb, target, "Auditor")
    assert "nothing was written" in refused.value.message
    assert not (tmp_path / "auditor" / "evidence").exists()


def test_members_just_under_the_old_floor_are_judged_too(tmp_path: Path) -> None:
    bomb = tmp_path / "small.zip"
    sha = "ab" * 32
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"files/ab/{sha}", bytes(1024 * 1024 - 1))
    problems = [d.detail for d in verify_bundle(bomb).discrepancies if d.kind == "unsafe"]
    assert any("compression ratio" in p for p in problems)


def test_a_bundled_catalogue_that_does_not_load_is_refused_before_writing(
    exported: tuple[Workspace, str, Path], tmp_path: Path
) -> None:
    _, _, bundle = exported
    content = members(bundle)
    catalogue = next(
        n for n in content if n.startswith("catalogue/") and b"criteria:" in content[n]
    )
    content[catalogue] = content[catalogue].replace(b"criteria:", b"criteria:\n  - id: 12\n", 1)
    forged = write_zip(tmp_path / "badcat.zip", reseal(content))
    assert verify_bundle(forged).ok  # the hashes are right: only loading it shows the problem
    with pytest.raises(CheckFailed, match="bundled catalogue has") as refused:
        import_bundle(forged, Workspace.at(tmp_path / "auditor"), "Auditor")
    assert "catalogue/" in refused.value.message
    assert not (tmp_path / "auditor" / "evidence").exists()
    assert not (tmp_path / "auditor" / "checklists").exists()


def test_export_appends_to_the_log_only_under_the_site_lock(
    exported: tuple[Workspace, str, Path], tmp_path: Path, cli: Cli
) -> None:
    from tierassess.storage.locking import acquire_site_lock

    workspace, site, _ = exported
    log = workspace.audit_log_path(site)
    before = log.read_bytes()
    with acquire_site_lock(workspace.site_dir(site), "someone else"):
        held = cli(
            "bundle", "export", site, "-o", str(tmp_path / "x.zip"), workspace=workspace.root
        )
    assert held.exit_code == 2 and "someone else" in held.output
    assert log.read_bytes() == before and not (tmp_path / "x.zip").exists()
    assert (
        cli(
            "bundle", "export", site, "-o", str(tmp_path / "x.zip"), workspace=workspace.root
        ).exit_code
        == 0
    )
    assert log.read_bytes() != before
