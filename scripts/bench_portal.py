"""`make bench-portal`: the district portal at 200 schools (issue 22).

    .venv/bin/python scripts/bench_portal.py [--schools 200] [--runs 2]

1. Generates the synthetic district (scripts/make_bench_portal.py) under .bench/portal/.
2. Serves it with one HTTP server (http.server's static handler, several roots: one folder per school)
   in its own process, on 127.0.0.1.
3. Reads every school as the portal does (schoolpub.portal.sources.read_schools), each run in a
   fresh process: cold (no cache: every file downloaded) and warm (nothing changed: every file
   answered 304 Not Modified from the last good copy); wall seconds and peak memory (RSS).
4. (the page build: the portal site helper adds it in `build_pages` below.)
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
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_bench_portal import make_district  # noqa: E402

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


def build_pages(snapshots_config: Path, cache: Path) -> list[str]:
    """The portal site from the same config and cache: added by the portal site (i22-site); rows for the table."""
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--fetch-only", nargs=2, type=Path, metavar=("CONFIG", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fetch_only:
        return fetch_only(*args.fetch_only)
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
        for line in build_pages(config, BENCH / "cache"):
            print(line)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
