"""Which files of a build are known unchanged since the last publish, without reading them.

After a publish, the record (schoolpub.incremental) keeps, for each file of site/ that does not come
from the content-keyed caches: the sha256 of its bytes, the identity of the engine's output file it
was made from and the identity of the published file. A file's identity is (device, inode, size,
modification time, change time) in nanoseconds: git's index trust model. The change time (ctime) is
set by the kernel on every write and every change of a file's metadata (a new link, a rename, chmod,
utime), and nobody can set it to a chosen value (only by changing the system's clock): a file whose
identity is the recorded one has not been written since it was recorded.

On the next incremental build, an output file the engine did not write again (its identity is the
recorded one) holds the bytes it held then, and so does the published file (same identity): that one
is already finished and scanned. The new site links it instead of the engine's file, its sha256 is
the recorded one, and finish and scan take its facts from their caches by that digest without
reading it (`trusted`). Only our own build directory and our own published site/ are trusted this
way; every other digest is of content.

Two cases this model would miss are closed here:
- racy files (as git calls them): a file changed in the same tick of the file system's clock as the
  recorded identity was taken could be changed again in that tick without a new ctime; a file whose
  ctime is not before the moment the identities were taken (`clock`) is not trusted;
- an output file written in place behind our back (a hand edit of site/ reaches the engine's output
  through the hard link they share): same inode, another identity. The engine's incremental build
  would keep those bytes, so the whole site is built again (`damaged`).
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

Identity = tuple[int, int, int, int, int]  # st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns


def identity(status: os.stat_result) -> Identity:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _identity_of(path: str) -> Identity | None:
    try:
        return identity(os.stat(path))
    except OSError:
        return None


def clock(folder: Path) -> int:
    """The first tick of the file system's clock (a coarse clock: a few milliseconds a tick, as it stamps
    a file's ctime) after this call began: every change made before the call has an earlier ctime, so
    only a file changed from now on can have a ctime at or after it (racy, never trusted)."""
    Path(folder).mkdir(parents=True, exist_ok=True)
    first = _probe(folder)
    while (now := _probe(folder)) <= first:
        time.sleep(0.0005)
    return now


def _probe(folder: Path) -> int:
    probe = os.path.join(folder, f".clock.{os.getpid()}")
    with open(probe, "wb"):
        pass
    try:
        return os.stat(probe).st_ctime_ns
    finally:
        os.unlink(probe)


def file_digests(site_dir: Path, known: dict[tuple[int, int], str], reused: dict[str, tuple[str, int]]
                 ) -> tuple[dict[str, str], dict[str, os.stat_result]]:
    """(name → digest, name → stat) of every file of `site_dir`, in a stable order. `known`: (device,
    inode) → digest of files from the content-keyed caches (incremental.linked_digests); `reused`: name →
    (sha256, inode) of files known unchanged (`trusted`), taken as they are while the file is that inode."""
    digests, stats = {}, {}
    root = str(site_dir)
    for folder, folders, names in os.walk(root):
        folders.sort()
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        for name in sorted(names):
            path = os.path.join(folder, name)
            status = os.stat(path)
            site_name = prefix + name
            stats[site_name] = status
            same = known.get((status.st_dev, status.st_ino))
            if same is None and site_name in reused and reused[site_name][1] == status.st_ino:
                same = reused[site_name][0]
            if same is None:
                with open(path, "rb") as handle:
                    same = hashlib.file_digest(handle, "sha256").hexdigest()
            digests[site_name] = same
    return digests, stats


def combined(digests: dict[str, str]) -> str:
    """One digest of a site: every file's name and digest, in file_digests' order."""
    digest = hashlib.sha256()
    for name, same in digests.items():
        digest.update(name.encode() + b"\0" + same.encode() + b"\n")
    return digest.hexdigest()


def entries(digests: dict[str, str], stats: dict[str, os.stat_result], output: Path, since: int
            ) -> dict[str, list]:
    """The record's entry of each published file that is not a cache file: [sha256, identity of the
    engine's output file (None when it has none), identity of the published file]; `since`: the clock
    before any identity was taken (a file changed since is racy: recorded, never trusted)."""
    found = {}
    for name, digest in digests.items():
        if digest.startswith("cache:"):
            continue
        made = _identity_of(os.path.join(output, name))
        found[name] = [digest, list(made) if made else None, list(identity(stats[name]))]
    return {"since": since, "files": found}


def damaged(record: dict, output: Path) -> bool:
    """Whether a file of the engine's output was written in place since the record (same inode, another
    identity): the engine would keep those bytes in an incremental build."""
    for name, (_, made, _) in record.get("files", {}).items():
        if made is None:
            continue
        now = _identity_of(os.path.join(output, name))
        if now is not None and now[:2] == tuple(made[:2]) and now != tuple(made):
            return True
    return False


def trusted(record: dict, output: Path, site_dir: Path) -> dict[str, tuple[str, str]]:
    """name → (sha256, the published file) of each file of the engine's output that the engine did not
    write since the record, and whose published file is still the one recorded (neither racy)."""
    since, found = record.get("since", 0), {}
    for name, (digest, made, published) in record.get("files", {}).items():
        if made is None or made[4] >= since or published[4] >= since:
            continue
        site_file = os.path.join(site_dir, name)
        if _identity_of(os.path.join(output, name)) == tuple(made) and _identity_of(site_file) == tuple(published):
            found[name] = (digest, site_file)
    return found


def reused(trusted_files: dict[str, tuple[str, str]], staging: Path) -> dict[str, tuple[str, int]]:
    """name → (sha256, inode) of the trusted files the new site links (a link that could not be made is
    the engine's file instead: read as any other)."""
    found = {}
    for name, (digest, published) in trusted_files.items():
        try:
            inode = os.stat(published).st_ino
            if os.stat(os.path.join(staging, name)).st_ino == inode:
                found[name] = (digest, inode)
        except OSError:
            continue
    return found


def well_formed(record) -> bool:
    """What `entries` writes (a damaged record is no record: a full build)."""
    if not isinstance(record, dict) or not isinstance(record.get("since"), int) \
            or not isinstance(record.get("files"), dict):
        return False
    return all(isinstance(name, str) and isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
               and all(_is_identity(value) for value in entry[2:]) and (entry[1] is None or _is_identity(entry[1]))
               for name, entry in record["files"].items())


def _is_identity(value) -> bool:
    return isinstance(value, list) and len(value) == 5 and all(type(number) is int for number in value)
