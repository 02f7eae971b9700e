"""Signing a bundle costs next to nothing: the target of issue 13.

Signing + verifying a signed bundle must cost no more than 1.1x verifying the same bundle
unsigned. A signature covers ``manifest.json`` only (which binds every member by SHA-256 and holds
the audit head), so signing is one Ed25519 signature over a few kilobytes and verifying it one
check; both are constant in the bundle's size. Verification itself grows linearly with the bytes
in the bundle (every member is hashed once), so the ratio tends to 1 as bundles grow.

The bundle is made of files of incompressible data (stored, as big files are), 2 GB by default.
Each verification runs three times, alternating with the other, and the fastest run counts (the
machine is shared: alternating makes a busy neighbour slow both contenders alike).

Usage: ``python benchmarks/bench_signing.py [--size-mb 2048] [--files 8]``; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

TARGET = 1.10
ROUNDS = 3
CHUNK = 1024 * 1024


def make_site(root: Path, size: int, files: int) -> None:
    """A workspace with one site holding ``files`` evidence files of ``size`` bytes in all."""
    from tierassess.core.models import CoolingTechnology, SiteProfile
    from tierassess.storage.evidence import add_evidence
    from tierassess.storage.session import create_site, open_site
    from tierassess.storage.workspace import Workspace

    (root / "evidence").mkdir(parents=True, exist_ok=True)
    workspace = Workspace.at(root)
    profile = SiteProfile(
        id="bench",
        name="Bench DC",
        operator="Bench",
        address="Quang Ngai",
        cooling_technology=CoolingTechnology.DX_AIR_COOLED,
        design_it_load_kw=100,
    )
    create_site(workspace, profile, workspace.load_checklist(), "Bench")
    source = root / "source"
    source.mkdir()
    with open_site(workspace, "bench", "Bench") as session:
        for number in range(files):
            path = source / f"record-{number}.bin"
            block = os.urandom(16 * CHUNK)
            with path.open("wb") as handle:
                written, part_size = 0, size // files
                while written < part_size:
                    part = block[: min(len(block), part_size - written)]
                    handle.write(part)
                    written += len(part)
            add_evidence(session, path)
            path.unlink()


def interleaved(first: Callable[[], None], second: Callable[[], None]) -> tuple[float, float]:
    """The best of three runs of each, alternating, so that a busy neighbour slows both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(ROUNDS):
        for action, kept in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            action()
            kept.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=2048)
    parser.add_argument("--files", type=int, default=8)
    args = parser.parse_args()
    os.environ["TIERASSESS_PASSPHRASE"] = "benchmark passphrase"
    from tierassess.exchange.bundle import export_bundle, verify_bundle
    from tierassess.exchange.identity import keyring, new_key, sign_bytes, unlock
    from tierassess.exchange.identity.signing import Signer
    from tierassess.storage.session import open_site
    from tierassess.storage.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="bench-signing-") as scratch:
        root = Path(scratch)
        os.environ["TIERASSESS_KEY_DIR"] = str(root / "keys")
        make_site(root / "ws", args.size_mb * CHUNK, args.files)
        workspace = Workspace.at(root / "ws")
        entry = new_key(workspace, "Bench", "benchmark passphrase")
        signer = Signer(unlock(entry, "benchmark passphrase"), entry)
        ring = keyring(workspace)
        with open_site(workspace, "bench", "Bench") as session:
            unsigned = export_bundle(session, root / "unsigned.zip").path
            start = time.perf_counter()
            signed = export_bundle(session, root / "signed.zip", signer=signer)
            export_signed = time.perf_counter() - start
        with zipfile.ZipFile(signed.path) as archive:
            manifest = archive.read("manifest.json")
        start = time.perf_counter()
        for _ in range(100):
            sign_bytes(manifest, signer)
        signing = (time.perf_counter() - start) / 100

        def verify_unsigned() -> None:
            assert verify_bundle(unsigned, keyring=ring).ok

        def verify_signed() -> None:
            report = verify_bundle(signed.path, keyring=ring)
            assert report.ok and report.signature is not None and report.signature.ok

        plain, checked = interleaved(verify_unsigned, verify_signed)
    ratio = (signing + checked) / plain
    size_gb = args.size_mb / 1024
    print(f"bundle: {size_gb:.2f} GiB in {args.files} evidence files")
    print(
        f"export, signed:                 {export_signed:8.2f} s (one signature over the manifest)"
    )
    print(f"signing the manifest:           {signing * 1000:8.3f} ms")
    print(f"verify unsigned:                {plain:8.2f} s")
    print(f"verify signed (incl. signature): {checked:7.2f} s")
    verdict = "ok" if ratio <= TARGET else "MISS"
    print(f"(sign + verify signed) / verify unsigned = {ratio:.3f} (target <= {TARGET}) {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
