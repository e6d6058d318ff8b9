"""`schoolpub render`: the plan written into a build directory, touching only what changed.

A file is written only when its bytes differ from what the directory holds (an engine that
rebuilds changed sources, and `make serve`, then rebuild only those), and a file the plan no
longer has is deleted. Files from the caches and from docs/ are hard links (a ten-year school
publishes ~700 MB of photos: copying them was seconds of every build); where a link cannot be
made (another file system) the file is copied. Every write replaces the file by a rename, so
a file is never changed in place: a hard link in the directory never writes through to the
cache or to docs/.

The engine's own output (site/) and cache (.cache/) in the build directory are left alone.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .cache import write_atomically
from .plan import Plan

DEFAULT_OUT = Path(".build") / "render"
ENGINE_OWN = {"site", "site-mkdocs", "site-properdocs", ".cache"}  # the engines' outputs (engines.engine_output) and cache: never pruned


@dataclass
class Written:
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    manifest: dict[str, str] = field(default_factory=dict)  # path → digest of its content, when asked for


def write_plan(plan: Plan, out: Path, digests: Callable[[bytes | Path], str] | None = None) -> Written:
    """`digests`, when given, names each file's content (schoolpub.incremental): Written.manifest."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    result = Written()
    for relative, content in plan.items():
        target = out / relative
        if isinstance(content, (bytes, Path)):
            if digests is not None:
                result.manifest[relative] = digests(content)
            changed = _put_file(content, target) if isinstance(content, Path) else _put_bytes(content, target)
        else:  # an export as it is made: its digest is its file's (the same bytes, the same digest)
            changed = _put_chunks(content, target)
            if digests is not None:
                result.manifest[relative] = digests(target)
        if changed:
            result.written.append(relative)
        else:
            result.unchanged += 1
    result.deleted = _prune(out, set(plan.paths()))
    return result


def _put_bytes(data: bytes, target: Path) -> bool:
    try:
        if not target.is_symlink() and target.stat().st_size == len(data) and _holds(target, data):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data)
    return True


def _put_chunks(chunks, target: Path) -> bool:
    """The bytes of `chunks` written beside `target` as they come (the open data of 5,000 records is ~10 MB,
    never held whole), then put in its place only when they differ from what it holds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        with partial.open("wb") as file:
            for chunk in chunks:
                file.write(chunk)
        if not target.is_symlink() and target.is_file() and _same_bytes(partial, target):
            return False
        os.replace(partial, target)
        return True
    finally:
        partial.unlink(missing_ok=True)


def _holds(target: Path, data: bytes) -> bool:
    """Whether `target` holds `data`, read a block at a time (an export of 5,000 records is ~10 MB:
    not held twice to be compared)."""
    view, offset = memoryview(data), 0
    with target.open("rb") as file:
        while block := file.read(1 << 20):
            if view[offset:offset + len(block)] != block:
                return False
            offset += len(block)
    return offset == len(data)


def _put_file(source: Path, target: Path) -> bool:
    try:
        if not target.is_symlink() and os.path.samefile(source, target):
            return False
        if not target.is_symlink() and _same_bytes(source, target):
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.render-tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)
    return True


def _same_bytes(source: Path, target: Path) -> bool:
    if source.stat().st_size != target.stat().st_size:
        return False
    with source.open("rb") as one, target.open("rb") as other:
        while True:
            block = one.read(1 << 20)
            if block != other.read(1 << 20):
                return False
            if not block:
                return True


def _prune(out: Path, planned: set[str]) -> list[str]:
    """Delete every file of the build directory the plan does not hold (engine's own folders aside,
    never walked: an engine's output is thousands of files), then the folders left empty; returns the
    deleted files' paths."""
    deleted, folders_seen = [], []
    for folder, folders, files in os.walk(out):
        relative = os.path.relpath(folder, out)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        if not prefix:
            folders[:] = [name for name in folders if name not in ENGINE_OWN]
            files = [name for name in files if name not in ENGINE_OWN]
        links = [name for name in folders if os.path.islink(os.path.join(folder, name))]  # a link is a file here
        folders[:] = [name for name in folders if name not in links]
        folders_seen.extend(os.path.join(folder, name) for name in folders)
        for name in [*files, *links]:
            if prefix + name not in planned:
                os.unlink(os.path.join(folder, name))
                deleted.append(prefix + name)
    for folder in reversed(folders_seen):  # the deepest first: a folder emptied by its children goes too
        if not os.listdir(folder):
            os.rmdir(folder)
    return sorted(deleted)
