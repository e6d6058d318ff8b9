"""What the last published build was made from, so that the next build does only what changed.

After a publish, `make site` keeps a record (.build/last-build.json): a digest of every file of
the engine's input (the rendered plan), the key of everything else the output depends on (the
engine, the code and the installed versions, the numbers the privacy gate lets through), the
moment (the time stamp of the sitemap, the day), a digest of the published site/ and, for each of its
files, the digest of its bytes and its identity (published_files.py). Then:

- nothing changed (same input, key and moment, site/ still what was published, byte for byte): there is
  nothing to build; the published site already is the output, it passed the gates, and running
  the engine, finish and scan again would make the same bytes (`unchanged`);
- only pages and files of docs/ changed, none removed, same key: the engine can rebuild just
  those (`changes`, used by the MkDocs adapter's incremental build in engines.py); and the files of
  the engine's output it did not write again are neither read, nor finished, nor scanned again: the
  new site links their published files (published_files.trusted);
- anything else (the configuration, theme, hooks, macros module, a removed file, another engine or
  code version, no record): a full build. The values the macros return are the exception: every
  page that shows them changes with them.

Every digest is of content, never of a file's time or size, with two exceptions, both safe:
- a file the plan links from the content-keyed caches (photo renditions, cleaned attachments): its
  cache path *is* the key of its content, so it stands for it (hashing ~700 MB of photos on every
  build would cost seconds);
- a file of our own build directory (the engine's output) and of our own published site/ whose
  identity (device, inode, size, modification and change time, in nanoseconds) is the one recorded
  after the last publish: git's index trust model. The change time is the kernel's, set on every write
  and every change of the file's metadata, and cannot be set by a user: the file has not been written
  since, so its bytes are the ones hashed then (published_files.py says how racy and written-in-place
  files are caught). Only an incremental build trusts them (`changes` is not None); `unchanged`, which
  skips the engine and the gates altogether, reads every byte of site/.
The record is deleted before the engine runs and written only after the swap: a failed or
interrupted build leaves no record, and the next build is a full one.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import published_files
from .cache import key as content_key, write_atomically
from .engine_config import MACROS_VALUES

RECORD = "last-build.json"
RECORD_VERSION = 2
DOCS_PREFIX = "docs/"
# Outside docs/ but seen only through pages that change with it: the values the macros of docs/
# pages return (each such page carries a digest of them in its front matter, plan.docs_pages).
SEEN_THROUGH_PAGES = (MACROS_VALUES,)


def input_manifest(files: dict[str, bytes | Path], cache_dir: Path) -> dict[str, str]:
    """Path in the build directory → digest of its content (see the module's note on cache files)."""
    digest = content_digests(cache_dir)
    return {relative: digest(content) for relative, content in files.items()}


def content_digests(cache_dir: Path):
    """The digest of one file's content for input_manifest (render.write_plan takes it while it writes)."""
    # The cache's files are named as the plan names them (cache_dir/…): a prefix of the path as written
    # finds them without resolving each of ~700 paths component by component (the cache holds no links).
    prefixes = tuple(dict.fromkeys(os.path.join(str(folder), "") for folder in
                                   (os.path.abspath(cache_dir), Path(cache_dir).resolve())))

    def digest(content: bytes | Path) -> str:
        if isinstance(content, Path):
            return _file_digest(content, prefixes)
        return hashlib.sha256(content).hexdigest()
    return digest


def _file_digest(path: Path, cache_prefixes: tuple[str, ...]) -> str:
    named = _in_cache(os.path.abspath(path), cache_prefixes) or _in_cache(str(Path(path).resolve()), cache_prefixes)
    if named:
        return "cache:" + named
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _in_cache(path: str, cache_prefixes: tuple[str, ...]) -> str | None:
    """The path relative to the cache folder, when it is in it."""
    prefix = next((prefix for prefix in cache_prefixes if path.startswith(prefix)), None)
    return path[len(prefix):].replace(os.sep, "/") if prefix else None


def site_digest(site_dir: Path, known: dict[tuple[int, int], str] | None = None) -> str | None:
    """Digest of every file of a published site (names and bytes); None when there is no site.

    `known` (linked_digests) gives the digest of files that are the very files of the build
    directory (hard links: same device and inode, so the same bytes), the photos above all."""
    if not (Path(site_dir) / "index.html").is_file():
        return None
    digests, _ = published_files.file_digests(site_dir, known or {}, {})
    return published_files.combined(digests)


def published(site_dir: Path, build_dir: Path, manifest: dict[str, str], output: Path,
              reused: dict[str, tuple[str, int]], work: Path) -> tuple[str, dict]:
    """(site digest, per-file entries) of the site just published: the digest site_digest gives, with the
    files the build reused (published_files.reused) taken by their recorded digest, not read."""
    since = published_files.clock(work)  # before any identity is taken: what changes from now on is racy
    digests, stats = published_files.file_digests(site_dir, linked_digests(build_dir, manifest), reused)
    return published_files.combined(digests), published_files.entries(digests, stats, output, since)


def linked_digests(build_dir: Path, manifest: dict[str, str]) -> dict[tuple[int, int], str]:
    """(device, inode) → manifest digest of the build directory's files that come from the caches:
    an engine that links them into the site (MkDocs' hook does) publishes those very files."""
    known = {}
    for relative, digest in manifest.items():
        if digest.startswith("cache:"):
            try:
                status = (Path(build_dir) / relative).stat()
            except OSError:
                continue
            known[(status.st_dev, status.st_ino)] = digest
    return known


def build_key(engine: str, code: str, public_phones: list[str]) -> str:
    """Everything besides the input and the moment that the published bytes depend on."""
    return content_key(json.dumps({"engine": engine, "code": code, "phones": sorted(public_phones),
                                   "version": RECORD_VERSION}, sort_keys=True))


def build_moment(stamp: str, day: str) -> str:
    """When: the time stamp the engine writes into the sitemap (the last commit's) and the day (a
    number whose birth date is today became an ID today). A new moment means the engine and the gates
    run again, but the pages that did not change need not be built again (only the sitemap shows the
    stamp, and it is written on every build)."""
    return f"{stamp}|{day}"


@dataclass(frozen=True)
class BuildRecord:
    key: str
    moment: str
    manifest: dict[str, str]
    site: str
    files: dict = field(default_factory=lambda: {"since": 0, "files": {}})  # published_files.entries: each published file's digest and identity


def load_record(work: Path) -> BuildRecord | None:
    """The last publish's record; None when there is none or it cannot be read (then: a full build)."""
    try:
        data = json.loads((Path(work) / RECORD).read_text(encoding="utf-8"))
        if data.get("version") != RECORD_VERSION:
            return None
        if not published_files.well_formed(data["files"]):
            return None
        return BuildRecord(key=str(data["key"]), moment=str(data["moment"]), manifest=dict(data["manifest"]),
                           site=str(data["site"]), files=data["files"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def forget_record(work: Path) -> None:
    (Path(work) / RECORD).unlink(missing_ok=True)


def save_record(work: Path, record: BuildRecord) -> None:
    Path(work).mkdir(parents=True, exist_ok=True)
    data = {"version": RECORD_VERSION, "key": record.key, "moment": record.moment, "site": record.site,
            "manifest": record.manifest, "files": record.files}
    write_atomically(Path(work) / RECORD, json.dumps(data, sort_keys=True).encode("utf-8"))


def unchanged(record: BuildRecord | None, key: str, moment: str, manifest: dict[str, str], site_dir: Path,
              build_dir: Path) -> bool:
    """True when the published site/ is exactly the output this input, key and moment would make."""
    return (record is not None and record.key == key and record.moment == moment and record.manifest == manifest
            and record.site == site_digest(site_dir, linked_digests(build_dir, manifest)))


@dataclass(frozen=True)
class Changes:
    """Files of docs/ (paths relative to docs/) whose content differs from the last publish."""

    docs: tuple[str, ...]


def changes(record: BuildRecord | None, key: str, manifest: dict[str, str]) -> Changes | None:
    """The docs/ files to rebuild when only they changed (added or edited); None when a full build
    is needed: no record, another key, a file removed, or anything outside docs/ changed."""
    if record is None or record.key != key:
        return None
    before = record.manifest
    if any(path not in manifest for path in before):
        return None
    changed = [path for path, digest in manifest.items() if before.get(path) != digest]
    if any(not path.startswith(DOCS_PREFIX) and path not in SEEN_THROUGH_PAGES for path in changed):
        return None
    return Changes(docs=tuple(sorted(path[len(DOCS_PREFIX):] for path in changed if path.startswith(DOCS_PREFIX))))
