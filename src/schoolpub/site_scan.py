"""The output scan, the last gate before publishing: every generated text file of a built site
(pages, search index, sitemap, feeds, calendars, open data) read for ID and mobile numbers with
privacy.find_leaks, line by line, with the messages naming file, line and column. Files found
clean before (their exact bytes, the same scanner and public phones) are skipped (scan_cache.py).
"""
from __future__ import annotations

import hashlib
import html as html_lib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable

from .privacy import MESSAGES, find_leaks, future_births_seen

# Files the build writes from the school's data (pages, search index, sitemap, and
# later feeds and exports). Material's and vendored assets are not data.
SCANNED_SUFFIXES = {".html", ".json", ".xml", ".txt", ".csv", ".ics", ".atom", ".rss"}


@dataclass(frozen=True)
class OutputLeak:
    file: str  # relative to the site directory
    line: int
    column: int
    kind: str

    def human(self) -> str:
        return f"site/{self.file}:{self.line}:{self.column}: 错误：{MESSAGES[self.kind]}"


def scan_site(site_dir, public_phones: Iterable[str], cache_dir: Path | None = None,
              files: Iterable[str] | None = None, digests: dict[str, str] | None = None,
              known: dict[str, str] | None = None, read: list[str] | None = None) -> list[OutputLeak]:
    """ID and mobile numbers in every generated text file, after HTML entities are decoded.

    With `cache_dir`, files whose exact bytes were found clean before, by this same scanner with
    the same public phones, are not scanned again (scan_cache.py); every other file is. `files`: the
    site's files, site-relative, sorted as pathlib sorts paths (output.pages.SiteFiles: one walk for
    every gate); `digests` is given the sha256 of each file read, by name (the other gates reuse it).
    `known`: name → sha256 of files known unchanged since they were scanned (schoolpub.published_files):
    one found clean before is not read (a long search index is, to keep its parts' entries); `read` is
    given the name of each file read."""
    from .scan_cache import CleanFiles  # here: scan_cache reads this module's source

    site_dir = Path(site_dir)
    phones = list(public_phones)
    clean = CleanFiles(cache_dir, phones)
    known = known or {}
    leaks = []
    names = files if files is not None else (path.relative_to(site_dir).as_posix() for path in sorted(site_dir.rglob("*"))
                                             if path.is_file())
    for relative in names:
        suffix = PurePosixPath(relative).suffix if files is None else _suffix(relative)
        if suffix not in SCANNED_SUFFIXES or relative.startswith("assets/"):
            continue
        path = os.path.join(site_dir, relative)
        content = known.get(relative)
        if content is not None and clean.known(content, suffix) and (suffix != ".json" or os.stat(path).st_size < LONG_LINE):
            if digests is not None:
                digests[relative] = content
            continue
        with open(path, "rb") as file:
            raw = file.read()
        if read is not None:
            read.append(relative)
        content = hashlib.sha256(raw).hexdigest()
        if digests is not None:
            digests[relative] = content
        if clean.known(content, suffix):
            for part in (_index_parts(raw) or []) if suffix == ".json" else []:  # kept for the next edit of the index
                clean.known(hashlib.sha256(part).hexdigest(), ".json-part")
            continue
        leaks += _scan_file(raw, suffix, relative, phones, clean, content)
    clean.save()
    return leaks


def _scan_file(raw: bytes, suffix: str, relative: str, phones: list[str], clean, content: str) -> list[OutputLeak]:
    """One file not known clean. A search index (one line of megabytes, rewritten on every edit) is
    first scanned page by page, each part remembered clean by its bytes: a number cannot run across
    the `},{` between two entries, so the line is clean when every part is. A part with a find, or
    any other file, gets the exact scan of the whole file, whose messages name line and column."""
    parts = _index_parts(raw) if suffix == ".json" else None
    if parts is not None and all(_clean_part(part, relative, phones, clean) for part in parts):
        clean.add(content, suffix)
        return []
    with future_births_seen() as becomes_an_id:
        found = scan_text(raw, suffix, relative, phones)
    if not found and not becomes_an_id:  # a number that becomes an ID on a later day: scanned on every build
        clean.add(content, suffix)
    return found


LONG_LINE = 1 << 18
_ENTRY = b'},{"location":"'


def _index_parts(raw: bytes) -> list[bytes] | None:
    """A search index's line cut before each page's first entry (a location without #); None for
    any other file."""
    if len(raw) < LONG_LINE or b"\n" in raw.rstrip(b"\n") or _ENTRY not in raw:
        return None
    pieces = raw.split(_ENTRY)
    parts, current = [], pieces[0]
    for piece in pieces[1:]:
        location = piece.split(b'"', 1)[0]
        if b"#" in location:
            current += _ENTRY + piece
        else:
            parts.append(current)
            current = _ENTRY + piece
    parts.append(current)
    return parts


def _clean_part(part: bytes, relative: str, phones: list[str], clean) -> bool:
    digest = hashlib.sha256(part).hexdigest()
    if clean.known(digest, ".json-part"):
        return True
    with future_births_seen() as becomes_an_id:
        found = scan_text(part, ".json", relative, phones)
    if found or becomes_an_id:
        return False
    clean.add(digest, ".json-part")
    return True


def _suffix(relative: str) -> str:
    """PurePosixPath(relative).suffix without making a path (~1,700 files a scan)."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def scan_text(raw: bytes, suffix: str, relative: str, phones: list[str]) -> list[OutputLeak]:
    """The exact scan of one generated file, line by line."""
    text = raw.decode("utf-8", errors="replace")
    if suffix == ".ics":  # RFC 5545 folds long lines: a number may be split across two
        text = re.sub(r"\r?\n[ \t]", "", text)
    leaks = []
    for number, line in enumerate(text.splitlines(), start=1):
        kinds = set()
        for candidate in (line, html_lib.unescape(line)) if "&" in line else (line,):
            for leak in find_leaks(candidate, phones):
                if leak.kind not in kinds:
                    kinds.add(leak.kind)
                    leaks.append(OutputLeak(relative, number, leak.start + 1, leak.kind))
    return leaks
