"""Evidence store figures against the targets of issue 5.

1. Throughput: ``add_evidence`` (hash while copying into the store, metadata, audit log) must run
   at >= 70% of the throughput of hashlib SHA-256 plus a plain file copy of the same data.
2. Memory: ``tierassess evidence add`` of a 2 GB file keeps the peak RSS of the process under
   100 MB (measured on a subprocess with ``resource.getrusage(RUSAGE_CHILDREN)``).

Usage: ``python benchmarks/bench_evidence.py [--size-mb 1024] [--big-gb 2]``; exit 1 on a miss.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THROUGHPUT_TARGET = 0.70
PEAK_RSS_TARGET_MB = 100.0
CHUNK = 1024 * 1024


def make_site(root: Path) -> None:
    """A workspace with one site, made in this process (a child would count in RUSAGE_CHILDREN)."""
    from tierassess.core.models import CoolingTechnology, SiteProfile
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
    workspace.create_site(profile, workspace.load_checklist())


def make_data_file(path: Path, size: int) -> None:
    """Incompressible data, written from a repeated 16 MiB random block (fast to generate)."""
    block = os.urandom(16 * CHUNK)
    with path.open("wb") as handle:
        written = 0
        while written < size:
            part = block[: min(len(block), size - written)]
            handle.write(part)
            written += len(part)


def baseline_seconds(source: Path, scratch: Path) -> float:
    """hashlib SHA-256 over the file, plus a plain copy of it (shutil.copyfile)."""
    os.sync()  # each contender starts without the other's writeback still going on
    start = time.perf_counter()
    digest = hashlib.sha256()
    with source.open("rb", buffering=0) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    target = scratch / "copy.bin"
    shutil.copyfile(source, target)
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def add_seconds(source: Path, root: Path, run: int) -> float:
    from tierassess.storage.evidence import add_evidence
    from tierassess.storage.session import open_site
    from tierassess.storage.workspace import Workspace

    workspace = Workspace.at(root)
    store = workspace.site_dir("bench") / "files"
    shutil.rmtree(store, ignore_errors=True)
    index = workspace.evidence_index_path("bench")
    if index.exists():
        index.unlink()
    os.sync()
    with open_site(workspace, "bench", "bench") as site:
        start = time.perf_counter()
        add_evidence(site, source, note=f"run {run}")
        return time.perf_counter() - start


def measure_throughput(size: int, scratch: Path) -> bool:
    source = scratch / "evidence.bin"
    make_data_file(source, size)
    root = scratch / "ws"
    make_site(root)
    baseline_seconds(source, scratch)  # warm the page cache for both contenders
    baselines, adds = [], []
    for run in range(3):
        baselines.append(baseline_seconds(source, scratch))
        adds.append(add_seconds(source, root, run))
    base, ours = min(baselines), min(adds)
    mb = size / 1e6
    ratio = base / ours
    print(f"data: {mb:.0f} MB")
    print(f"hashlib SHA-256 + plain copy: {base:.2f} s ({mb / base:.0f} MB/s)")
    print(f"add_evidence:                 {ours:.2f} s ({mb / ours:.0f} MB/s)")
    ok = ratio >= THROUGHPUT_TARGET
    print(
        f"throughput ratio: {ratio:.0%} (target >= {THROUGHPUT_TARGET:.0%}) {'OK' if ok else 'MISS'}"
    )
    source.unlink()
    shutil.rmtree(root)
    return ok


def measure_memory(size: int, scratch: Path) -> bool:
    root = scratch / "ws-big"
    make_site(root)
    big = scratch / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(size)  # sparse: no disk used for the source, all of it read back
    command = [
        sys.executable,
        "-m",
        "tierassess",
        "--workspace",
        str(root),
        "evidence",
        "add",
        "bench",
        str(big),
        "--as",
        "bench",
        "--note",
        "2 GB file",
    ]
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"evidence add of a {size / 1e9:.1f} GB file: {elapsed:.1f} s, exit {completed.returncode}"
    )
    if completed.returncode != 0:
        print(completed.stdout, completed.stderr, file=sys.stderr)
    ok = completed.returncode == 0 and peak_mb < PEAK_RSS_TARGET_MB
    print(
        f"peak RSS: {peak_mb:.1f} MB (target < {PEAK_RSS_TARGET_MB:.0f} MB) {'OK' if ok else 'MISS'}"
    )
    big.unlink()
    shutil.rmtree(root)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size-mb", type=int, default=1024, help="data for the throughput run")
    parser.add_argument("--big-gb", type=float, default=2.0, help="file size for the memory run")
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (default: a temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-evidence-", dir=args.dir) as scratch_name:
        scratch = Path(scratch_name)
        # The memory run goes first: RUSAGE_CHILDREN keeps the largest child seen so far.
        memory_ok = measure_memory(int(args.big_gb * 1024**3), scratch)
        throughput_ok = measure_throughput(args.size_mb * 1024 * 1024, scratch)
    return 0 if memory_ok and throughput_ok else 1


if __name__ == "__main__":
    sys.exit(main())
