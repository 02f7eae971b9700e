"""`tierassess --help` must answer within 1.5x the time of importing the CLI library (click) alone.

Heavy libraries (pydantic, pandas, reportlab, rich, questionary) must not be imported on this path.
Run: python benchmarks/bench_cli_startup.py   (exit 1 when the target is missed)
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
TARGET_RATIO = 1.5
HEAVY = ("pandas", "reportlab", "pydantic", "rich", "questionary", "openpyxl", "yaml")


def median_seconds(args: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    python = sys.executable
    baseline = median_seconds([python, "-c", "import click"])
    # The installed command, as users run it (next to this interpreter), else python -m.
    script = Path(python).with_name("tierassess")
    command = [str(script)] if script.exists() else [python, "-m", "tierassess"]
    help_time = median_seconds([*command, "--help"])
    probe = (
        "import contextlib, io, sys\nfrom tierassess.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [python, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.strip()
    ratio = help_time / baseline
    print(f"import click alone:      {baseline * 1000:7.1f} ms (median of {RUNS})")
    print(f"tierassess --help:       {help_time * 1000:7.1f} ms")
    print(f"ratio:                   {ratio:7.2f} (target <= {TARGET_RATIO})")
    print(f"heavy modules imported:  {loaded or 'none'}")
    ok = ratio <= TARGET_RATIO and not loaded
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
