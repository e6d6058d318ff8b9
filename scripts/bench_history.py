"""Time the revision history (history.py) on a school with a synthetic ten-year git history.

    .venv/bin/python scripts/make_bench_school.py .bench/history-928 --photos 2 --size 320x240
    .venv/bin/python scripts/make_bench_history.py .bench/history-928
    .venv/bin/python scripts/bench_history.py .bench/history-928

Prints the commits, versions and revisions found, and the wall time of `record_histories`
cold (no .cache/history/), warm (nothing changed) and after one new commit. A benchmark,
not a test: it asserts nothing.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from schoolpub.history import record_histories  # noqa: E402
from schoolpub.loader import load_site  # noqa: E402


def timed(root: Path, site) -> tuple[float, dict]:
    started = time.perf_counter()
    histories = record_histories(root, site)
    return time.perf_counter() - started, histories


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    site, _ = load_site(root / "data")
    shutil.rmtree(root / ".cache" / "history", ignore_errors=True)
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True).stdout
    cold, histories = timed(root, site)
    warm = min(timed(root, site)[0] for _ in range(3))
    revisions = [revision for history in histories.values() for revision in history.revisions]
    print(f"{len(histories)} records, {commits.strip()} commits, {len(revisions)} revisions, "
          f"{sum(revision.correction for revision in revisions)} 更正")
    print(f"record_histories cold {cold:.2f} s, warm {warm:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
