"""`make bench-portal`: the district portal at 200 schools (issue 22).

    .venv/bin/python scripts/bench_portal.py [--schools 200] [--runs 2]

1. Generates the synthetic district (scripts/make_bench_portal.py) under .bench/portal/.
2. Serves it with one HTTP server (http.server's static handler, several roots: one folder per school)
   in its own process, on 127.0.0.1.
3. Reads every school as the portal does (schoolpub.portal.sources.read_schools), each run in a
   fresh process: cold (no cache: every file downloaded) and warm (nothing changed: every file
   answered 304 Not Modified from the last good copy); wall seconds and peak memory (RSS).
4. Builds the portal site (`schoolpub portal`, each run in a fresh process): cold (no last good
   copies, no caches, no previous output), again with nothing changed, and after one school's
   amount changed; wall seconds, peak memory
   of the portal and of its engine (MkDocs runs as a child), the largest page.
A benchmark, not a test: it prints a table. Timings on a shared machine are noisy.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_bench_portal import TODAY, make_district  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench" / "portal"
PY = sys.executable
TARGET_COLD, TARGET_WARM = 60.0, 15.0  # seconds, the whole portal (issue 22); the fetch is a part of it


# http.server's static handler (Last-Modified, 304 on If-Modified-Since), threaded, with a listen queue
# for every worker of the portal at once (the default of 5 drops connections: a 1 s SYN retry each).
_SERVER = """
import functools, http.server, sys
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass
Server(("127.0.0.1", int(sys.argv[1])), functools.partial(Quiet, directory=sys.argv[2])).serve_forever()
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(root: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen([PY, "-c", _SERVER, str(port), str(root)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    sys.exit("the benchmark's HTTP server did not start")


def fetch_in_fresh_process(config: Path, cache: Path) -> dict:
    """One read of every school, in a new process so its peak memory is the read's alone."""
    result = subprocess.run([PY, __file__, "--fetch-only", str(config), str(cache)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the read failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def fetch_only(config: Path, cache: Path) -> None:
    from schoolpub.portal.config import load_config
    from schoolpub.portal.sources import read_schools
    started = time.perf_counter()
    loaded = load_config(config)
    if loaded.problems:
        sys.exit(loaded.problems.report(False))
    snapshots = read_schools(loaded, cache)
    seconds = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for snapshot in snapshots:
        key = f"{snapshot.status}{' (304)' if snapshot.from_cache and snapshot.status == 'ok' else ''}"
        statuses[key] = statuses.get(key, 0) + 1
    print(json.dumps({"seconds": seconds, "statuses": statuses,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def build_in_fresh_process(config: Path, out: Path) -> dict:
    """One `schoolpub portal` run in a new process: its own peak memory and its engine's (MkDocs runs as a child)."""
    result = subprocess.run([PY, __file__, "--build-only", str(config), str(out)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the portal build failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def build_only(config: Path, out: Path) -> None:
    from schoolpub.portal.build import run_portal
    started = time.perf_counter()
    if run_portal(config, out, TODAY) != 0:
        sys.exit(1)
    seconds = time.perf_counter() - started
    own, engine = (resource.getrusage(who).ru_maxrss / 1024 for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"seconds": seconds, "peak_mb": own, "engine_peak_mb": engine}))


def largest_pages(site: Path, count: int = 3) -> list[tuple[int, str]]:
    sizes = sorted(((path.stat().st_size, path.relative_to(site).as_posix()) for path in site.rglob("*.html")), reverse=True)
    return sizes[:count]


def change_one_school(district: Path) -> None:
    """One amount of the first school's newest notice up by 1 元: its page, the item's and the home page change."""
    path = district / "school-001" / "data" / "v2" / "fees.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    row = next(row for row in data["records"][0]["items"] if row.get("amount"))
    row["amount"] = f"{Decimal(row['amount']) + 1:.2f}"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def build_pages(config: Path, runs: int) -> list[str]:
    """The portal site from the same district: cold (no caches, no previous output), then nothing
    changed, then one school's amount changed."""
    out, lines = BENCH / "portal-site", []
    for _ in range(runs):
        for cache in (config.parent / ".portal-cache", config.parent / ".portal-build", out):
            shutil.rmtree(cache, ignore_errors=True)
        for label, target in (("cold (read + pages + MkDocs)", TARGET_COLD), ("nothing changed", TARGET_WARM),
                              ("one school changed", None)):
            if label == "one school changed":
                change_one_school(config.parent)
            row = build_in_fresh_process(config, out)
            engine = f"engine {row['engine_peak_mb']:6.1f} MB" if row["engine_peak_mb"] else "engine not run"
            lines.append(f"build {label:30} {row['seconds']:6.2f} s  peak {row['peak_mb']:6.1f} MB ({engine})"
                         + (f"  target {target:.0f} s" if target else ""))
    pages = list(out.rglob("*.html"))
    size, largest = largest_pages(out)[0]
    lines.append(f"site: {len(pages)} pages, {sum(p.stat().st_size for p in out.rglob('*')) / 1024 / 1024:.1f} MB;"
                 f" largest page {largest} {size / 1024:.1f} KB (limit 60 KB)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--fetch-only", nargs=2, type=Path, metavar=("CONFIG", "CACHE"), help=argparse.SUPPRESS)
    parser.add_argument("--build-only", nargs=2, type=Path, metavar=("CONFIG", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fetch_only:
        return fetch_only(*args.fetch_only)
    if args.build_only:
        return build_only(*args.build_only)
    shutil.rmtree(BENCH, ignore_errors=True)
    port = free_port()
    config = make_district(BENCH / "district", f"http://127.0.0.1:{port}/", args.schools)
    size = sum(path.stat().st_size for path in (BENCH / "district").rglob("*.json"))
    print(f"{args.schools} schools, {size / 1024 / 1024:.1f} MB of open data, one server on 127.0.0.1:{port}")
    server = serve(BENCH / "district", port)
    try:
        rows = []
        for run in range(args.runs):
            shutil.rmtree(BENCH / "cache", ignore_errors=True)
            rows.append(("cold (download all)", fetch_in_fresh_process(config, BENCH / "cache")))
            rows.append(("warm (304, last good copy)", fetch_in_fresh_process(config, BENCH / "cache")))
        for label, row in rows:
            print(f"read {label:28} {row['seconds']:6.2f} s  peak {row['peak_mb']:6.1f} MB  {row['statuses']}")
        for line in build_pages(config, args.runs):
            print(line)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
