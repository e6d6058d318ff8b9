"""Benchmark of the data gate: `make bench`.

Measures the wall time of `schoolpub check` (a fresh process, as staff and CI run
it) on the demo data and on the demo scaled up to about 1,000 records, and fails
when the demo check is not well under a second. Timing lives here, not in the tests.
"""
from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0
RUNS = 7


def wall_times(root: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(root), "check"],
                                capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode != 0:
            sys.exit(f"check failed on {root}:\n{result.stderr}")
    return times


def scaled_copy(target: Path, copies: int) -> int:
    """The demo with every affairs/honors record copied `copies` times (new ids)."""
    shutil.copytree(ROOT / "data", target / "data")
    for kind in ("affairs", "honors"):
        for path in sorted((ROOT / "data" / kind).glob("*.yml")):
            for number in range(copies):
                shutil.copy(path, target / "data" / kind / f"{path.stem}-copy{number}.yml")
    return sum(1 for _ in (target / "data").rglob("*.yml"))


def main() -> int:
    demo = wall_times(ROOT, RUNS)
    records = sum(1 for _ in (ROOT / "data").rglob("*.yml"))
    print(f"make check, demo ({records} files): median {statistics.median(demo):.3f} s, "
          f"min {min(demo):.3f} s, max {max(demo):.3f} s over {RUNS} runs")
    with tempfile.TemporaryDirectory() as tmp:
        total = scaled_copy(Path(tmp), 30)
        scaled = wall_times(Path(tmp), 3)
        print(f"make check, scaled ({total} files): median {statistics.median(scaled):.3f} s over 3 runs")
    if statistics.median(demo) >= TARGET_SECONDS:
        print(f"FAIL: demo check median is not under {TARGET_SECONDS} s")
        return 1
    print(f"OK: demo check under {TARGET_SECONDS} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
