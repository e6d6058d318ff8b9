"""Rebuilding the portal when little or nothing changed: content-keyed, so a hit is always safe.

- `pipeline_fingerprint()`: everything besides the schools' data that decides what is published:
  the schoolpub package's code and templates, the theme overrides, the Python version and every
  installed distribution's version. It is part of every key: new code or an upgrade is never answered from the cache (no
  version number to forget to bump).
- `ViewCache`: each school's view (its notices read back into the school-side models, the rules
  run, the findings) under the sha256 of that school's snapshot as the portal shows it, the day
  and the district's rules. The read itself (HTTP, 304s) is sources.py's.
- `sync_tree`: the engine's input directory gets only the files whose bytes changed.
- `Published`: the digest of the engine's whole input and of the output last published from it.
  When both still hold, MkDocs and the gates (finish, scan) already ran on exactly this input and
  their output is untouched: there is nothing to build.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Optional

from ..cache import write_atomically

PACKAGE = Path(__file__).resolve().parents[1]  # src/schoolpub
PROJECT = PACKAGE.parents[1]


def _tree_digest(root: Path, hasher: Any) -> None:
    """Every file under root (path and bytes, in a fixed order) into hasher; Python's bytecode caches left out."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        hasher.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        hasher.update(hashlib.sha256(path.read_bytes()).digest())


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    hasher = hashlib.sha256(sys.version.encode())
    # every installed distribution, not a list of the ones that matter today: a theme's or a Markdown
    # extension's dependency upgraded changes pages too (0.2 s)
    hasher.update(" ".join(sorted(f"{d.name}={d.version}" for d in metadata.distributions())).encode())
    for root in (PACKAGE, PROJECT / "overrides"):
        if root.is_dir():
            _tree_digest(root, hasher)
    return hasher.hexdigest()


def snapshot_key(snapshot: Any, copy_date: Optional[dt.date], today: dt.date, rules: Any) -> str:
    """What a school's view is made of: its entry in portal.yml, its status and reason, the day its copy
    was read (not the time: that changes on every run), its data, the day and the district's rules."""
    shown = [pipeline_fingerprint(), today.isoformat(), repr(rules), snapshot.school.model_dump(mode="json"),
             snapshot.status, snapshot.reason, snapshot.data_date, copy_date and copy_date.isoformat(), snapshot.data]
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False, default=str).encode("utf-8")).hexdigest()


class ViewCache:
    """<cache_dir>/.views/<key>.pickle (a dot name: school ids are letters, digits and hyphens).
    Written and read by this program only, on the build machine; an unreadable entry is made anew."""

    def __init__(self, cache_dir: Optional[Path]):
        self.folder = cache_dir / ".views" if cache_dir is not None else None
        self.used: set[str] = set()

    def view(self, key: str, make: Callable[[], Any]) -> Any:
        if self.folder is None:
            return make()
        self.used.add(key)
        entry = self.folder / f"{key}.pickle"
        try:
            return pickle.loads(entry.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            made = make()
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(entry, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
            return made

    def prune(self) -> None:
        """Views of earlier data are dead: the cache stays the size of one district."""
        if self.folder is None or not self.folder.is_dir():
            return
        for entry in self.folder.glob("*.pickle"):
            if entry.stem not in self.used:
                entry.unlink(missing_ok=True)


def sync_tree(root: Path, files: dict[str, bytes]) -> list[str]:
    """root holds exactly `files` afterwards; only the files whose bytes differ are written (and files
    no longer produced removed). Returns the paths written or removed, sorted."""
    changed = []
    for relative, body in files.items():
        target = root / relative
        try:
            if target.read_bytes() == body:
                continue
        except OSError:
            target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        changed.append(relative)
    for path in [p for p in root.rglob("*") if p.is_file()] if root.is_dir() else []:
        relative = path.relative_to(root).as_posix()
        if relative not in files:
            path.unlink()
            changed.append(relative)
    return sorted(changed)


def input_digest(files: dict[str, bytes], today: dt.date) -> str:
    """The engine's whole input: every file, the day (the sitemap's dates) and the pipeline."""
    hasher = hashlib.sha256(f"{pipeline_fingerprint()}/{today.isoformat()}".encode())
    for relative in sorted(files):
        hasher.update(relative.encode("utf-8") + b"\0" + hashlib.sha256(files[relative]).digest())
    return hasher.hexdigest()


def output_digest(site: Path) -> Optional[str]:
    if not (site / "index.html").is_file():
        return None
    hasher = hashlib.sha256()
    _tree_digest(site, hasher)
    return hasher.hexdigest()


@dataclass(frozen=True)
class Published:
    """<build dir>/published.json: which input the published output was built from, and that output's digest."""
    record: Path

    def unchanged(self, digest: str, out: Path) -> bool:
        try:
            last = json.loads(self.record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return last.get("input") == digest and last.get("output") == output_digest(out)

    def remember(self, digest: str, out: Path) -> None:
        record = {"input": digest, "output": output_digest(out)}
        write_atomically(self.record, json.dumps(record).encode("utf-8"))

    def forget(self) -> None:
        self.record.unlink(missing_ok=True)
