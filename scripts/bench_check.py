"""`make bench-check`: `make check` of the synthetic ten-year school, cold and warm (issue 20).

    .venv/bin/python scripts/bench_check.py [--records 928] [--runs 5] [--profile 25]

The school is bench_site.py's (scripts/make_bench_school.py under .bench/, generated once,
with its 1,980 festival photos). Each run is a fresh `python -m schoolpub check`, as staff
and CI run it, with bytecode written as usual (PYTHONDONTWRITEBYTECODE is dropped):
- cold: no .cache/ at all (every file checked, photos decoded, PDFs read);
- check cache deleted: only check-*.jsonl (per-file results and photo passes), PDF and spreadsheet marks kept;
- warm: nothing changed since the last check;
- one file edited: a record's title changed, then checked (the file is restored afterwards).
Wall seconds (median, min) and CPU seconds (user + sys of the child, which a busy shared
machine inflates less than wall time). Target: warm median ≤ 1 s; exit status 1 when missed.
`--profile N` then prints the N costliest functions of one warm run (cProfile, cumulative)
and the slowest imports (python -X importtime).
"""
from __future__ import annotations

import argparse
import os
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_site import school  # noqa: E402
from make_bench_school import DEFAULT_RECORDS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0
ENV = {key: value for key, value in os.environ.items()
       if key not in ("PYTHONDONTWRITEBYTECODE", "SCHOOLPUB_PHOTO_CACHE", "GITHUB_ACTIONS")}


def check(target: Path, *python_options: str) -> tuple[float, float, subprocess.CompletedProcess]:
    """One `schoolpub check`: wall seconds, CPU seconds of the child, its result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, *python_options, "-m", "schoolpub", "--root", str(target), "check"],
                            capture_output=True, text=True, env=ENV, cwd=ROOT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"check failed on {target}:\n{result.stderr[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), result


def forget(target: Path, everything: bool) -> None:
    cache = target / ".cache"
    if everything:
        subprocess.run(["rm", "-rf", str(cache)], check=True)
    else:
        for entry in (cache / "photos").glob("check-*.jsonl"):
            entry.unlink()


def measure(label: str, target: Path, runs: int, before=None) -> float:
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        wall, cpu, _ = check(target)
        walls.append(wall)
        cpus.append(cpu)
    print(f"| {label} | {statistics.median(walls):.2f} s (min {min(walls):.2f}) | "
          f"{statistics.median(cpus):.2f} s (min {min(cpus):.2f}) | {runs} |")
    return statistics.median(walls)


def edited(target: Path):
    """Each call changes one record's title to a new text (a real edit, not a touch)."""
    record = sorted((target / "data" / "affairs").glob("*.yml"))[0]
    original = record.read_bytes()
    counter = iter(range(1_000_000))

    def edit() -> None:
        record.write_bytes(original.replace(b"title: ", f"title: {next(counter)} ".encode(), 1))

    return edit, lambda: record.write_bytes(original)


def profile(target: Path, top: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        stats = Path(folder) / "check.prof"
        check(target, "-m", "cProfile", "-o", str(stats))
        print(f"\ncProfile of one warm check, {top} costliest functions (cumulative):")
        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(top)
    _, _, result = check(target, "-X", "importtime")
    imports = []
    for line in result.stderr.splitlines():
        own, _, rest = line.removeprefix("import time:").partition("|")
        cumulative, _, name = rest.partition("|")
        if own.strip().isdigit():  # not the header line
            imports.append((int(cumulative), int(own), name.rstrip()))
    print(f"\npython -X importtime, {top} slowest imports (cumulative µs, own µs):")
    for cumulative, own, name in sorted(imports, reverse=True)[:top]:
        print(f"{cumulative:>9} {own:>9}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--photos", type=int, default=33, help="photos per festival (33 in issue 12)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="then profile one warm check")
    args = parser.parse_args(argv)
    target = school(args.records, None, False, args.photos)
    files = sum(1 for _ in (target / "data").rglob("*") if _.is_file())
    print(f"`make check` of {target.relative_to(ROOT)} ({files} files under data/), "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f}\n")
    print("| check | wall | CPU | runs |\n|---|---|---|---|")
    cold_runs = max(1, args.runs // 2)
    measure("cold (no .cache/)", target, cold_runs, before=lambda: forget(target, everything=True))
    measure("check cache deleted (PDF/spreadsheet marks kept)", target, cold_runs, before=lambda: forget(target, False))
    check(target)
    warm = measure("warm (nothing changed)", target, args.runs)
    edit, restore = edited(target)
    try:
        measure("one record edited", target, args.runs, before=edit)
    finally:
        restore()
    check(target)
    if args.profile:
        profile(target, args.profile)
    verdict = "OK" if warm <= TARGET_SECONDS else "MISSED"
    print(f"\n{verdict}: warm check median {warm:.2f} s (target ≤ {TARGET_SECONDS:.0f} s at 1,000 records)")
    return 0 if warm <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
