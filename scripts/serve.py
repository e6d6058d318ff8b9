"""`make serve`: the live preview, re-rendered when the data changes.

    scripts/serve.py [--dev-addr 127.0.0.1:8000] [--engine mkdocs|properdocs|zensical]  (or ENGINE=…)

`schoolpub render` writes the engine's input into .build/render/ (only files whose bytes changed);
the engine serves it and watches it. This script watches what render reads (data/, docs/,
overrides/, mkdocs.yml, macros.py, search-words.txt) and renders again on a change, so the engine
sees only the files that changed and rebuilds those (MkDocs and ProperDocs with --dirty, Zensical
by its content cache). A change with a problem in the data keeps the last good preview and says
what is wrong, in Chinese, as `make check` would. Ctrl-C stops both.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from schoolpub import engines  # noqa: E402 - after the path of this checkout's package
from schoolpub.cli import run_render  # noqa: E402
from schoolpub.echo import say  # noqa: E402
from schoolpub.render import DEFAULT_OUT  # noqa: E402

WATCHED = ("data", "docs", "overrides", "mkdocs.yml", "macros.py", "search-words.txt")
POLL_SECONDS = 0.5  # polling, not file-system events: the same on every system and in a shared folder


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every watched file: a change of either is a change."""
    seen = {}
    for name in WATCHED:
        top = root / name
        for path in ([top] if top.is_file() else top.rglob("*") if top.is_dir() else []):
            try:
                status = path.stat()
            except OSError:  # deleted while walking: the next look sees it gone
                continue
            if path.is_file():
                seen[path.as_posix()] = (status.st_mtime_ns, status.st_size)
    return seen


def watch(root: Path, server: subprocess.Popen, out: Path) -> int:
    """Renders again after every change until the engine stops; returns its exit code."""
    before = snapshot(root)
    while server.poll() is None:
        time.sleep(POLL_SECONDS)
        now = snapshot(root)
        if now != before:
            before = now
            if run_render(root, out) != 0:
                say("预览保持上一次正确的内容；改正上面的问题并保存后会自动更新。", error=True)
    return server.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev-addr", default="127.0.0.1:8000")
    parser.add_argument("--engine", default=None)
    args = parser.parse_args(argv)
    root = Path.cwd()
    try:
        engine = engines.chosen(args.engine)
    except ValueError as error:
        say(str(error), error=True)
        return 1
    # `kill` (SIGTERM) stops the engine too, as Ctrl-C does
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    out = root / DEFAULT_OUT
    if run_render(root, out) != 0:
        return 1
    sys.stdout.flush()
    server = subprocess.Popen(engines.serve_command(engine, out, args.dev_addr), cwd=out, env=engines.engine_env())
    try:
        return watch(root, server, out)
    except KeyboardInterrupt:
        return 0
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
