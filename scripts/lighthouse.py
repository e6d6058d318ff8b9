"""Lighthouse (mobile preset) on four pages of the built site; used by `make lighthouse`.

Serves site/ (or --site DIR) on 127.0.0.1 with Python's http.server, gzip-compressing text as real
hosts do, runs the
Lighthouse pinned in tools/lighthouse/package-lock.json against the home page, a
fee notice, a festival and a regulation with Debian's Chromium, prints the four
category scores per page and exits 1 when a page is below the thresholds
(SEO 100, accessibility 100, best practices 100, performance 90).

Nothing leaves 127.0.0.1: the served pages load no other host.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "home": "/",
    "fee notice": "/fees/2027-spring/",
    "festival": "/festivals/2025-art/",
    "regulation": "/regulations/2019-charter/",
}
CATEGORIES = ("seo", "accessibility", "best-practices", "performance")
MINIMUM = {"seo": 100, "accessibility": 100, "best-practices": 100, "performance": 90}


COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as any real host does (GitHub Pages, OSS, nginx): text gzip-compressed.
    Python's own server sends everything uncompressed, which would make Lighthouse measure a
    ~5× heavier page than parents download."""

    _gzipped: dict[str, bytes] = {}

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def do_GET(self):  # noqa: N802 - stdlib name
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not (path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")
                and kind.startswith(COMPRESSED_TYPES)):
            return super().do_GET()
        body = self._gzipped.get(str(path))
        if body is None:
            body = self._gzipped[str(path)] = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def audit(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    cmd = [
        str(LIGHTHOUSE), url,
        "--quiet", "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    subprocess.run(cmd, env=env, check=True, timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failed = [
        audit_id for audit_id, a in report["audits"].items()
        if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"
    ]
    return {"scores": scores, "failed_binary_audits": sorted(failed)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--json", type=Path, help="also write all scores to this file")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"missing {LIGHTHOUSE}: run `make lighthouse` (it installs the pinned Lighthouse)", file=sys.stderr)
        return 2
    if not (args.site / "index.html").exists():
        print(f"no built site in {args.site}: run `make site` first", file=sys.stderr)
        return 2

    results: dict[str, dict] = {}
    with serve(args.site) as base, tempfile.TemporaryDirectory() as tmp:
        for name, path in PAGES.items():
            results[name] = audit(base + path, Path(tmp) / "report.json")

    width = max(map(len, PAGES))
    print(f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    below = []
    for name, result in results.items():
        scores = result["scores"]
        print(f"{name:<{width}}  " + "  ".join(f"{scores[c]:>14}" for c in CATEGORIES))
        for c in CATEGORIES:
            if scores[c] < MINIMUM[c]:
                below.append(f"{name} ({PAGES[name]}): {c} {scores[c]} < {MINIMUM[c]}")
        if result["failed_binary_audits"]:
            print(f"{'':<{width}}  failed audits: {', '.join(result['failed_binary_audits'])}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    if below:
        print("\nbelow the minimum:\n  " + "\n  ".join(below), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
