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
import zlib
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
    one found clean before is not read (a long file is, to keep its parts' entries: _parts); `read` is
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
        if content is not None and clean.known(content, suffix) and os.stat(path).st_size < LONG_LINE:
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
            parts, kind = _parts(raw, suffix)
            for part in parts:  # kept for the next edit of the file
                clean.known(hashlib.sha256(part).hexdigest(), kind)
            continue
        leaks += _scan_file(raw, suffix, relative, phones, clean, content)
    clean.save()
    return leaks


def _scan_file(raw: bytes, suffix: str, relative: str, phones: list[str], clean, content: str) -> list[OutputLeak]:
    """One file not known clean. A long one (the search index, open data: megabytes, rewritten on every
    edit of its kind) is first scanned part by part (_parts), each part remembered clean by its bytes: the
    file is clean when every part is. A part with a find, or any other file, gets the exact scan of the
    whole file, whose messages name line and column."""
    parts, kind = _parts(raw, suffix)
    if parts and all(_clean_part(part, kind, relative, phones, clean) for part in parts):
        clean.add(content, suffix)
        return []
    with future_births_seen() as becomes_an_id:
        found = scan_text(raw, suffix, relative, phones)
    if not found and not becomes_an_id:  # a number that becomes an ID on a later day: scanned on every build
        clean.add(content, suffix)
    return found


LONG_LINE = 1 << 18
_ENTRY = b'},{"location":"'
PART_CUT = 63  # a part of a long file ends after a line whose crc32 has these bits clear: ~64 lines a part


def _parts(raw: bytes, suffix: str) -> tuple[list[bytes], str]:
    """(parts, their kind in the clean cache) of a long file, none for a short one. A number cannot run
    across the `},{` between two pages' entries of a search index (one line, _index_parts), nor across a
    line end (scan_text reads line by line): any other long file is cut after whole lines (_line_parts),
    but a calendar, whose long lines are folded (a number may be split across two)."""
    if len(raw) < LONG_LINE:
        return [], ""
    index = _index_parts(raw) if suffix == ".json" else None
    if index is not None:
        return index, ".json-part"
    return (_line_parts(raw), ".lines-part") if suffix != ".ics" else ([], "")


def _line_parts(raw: bytes) -> list[bytes]:
    """Whole lines ("\\n" included), a cut after each line whose own crc32 says so: where the cuts fall
    depends on no other line, so an edit changes the parts around it and no other."""
    parts, start, offset = [], 0, 0
    for line in raw.split(b"\n")[:-1]:
        offset += len(line) + 1
        if not zlib.crc32(line) & PART_CUT:
            parts.append(raw[start:offset])
            start = offset
    if start < len(raw):
        parts.append(raw[start:])
    return parts


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


def _clean_part(part: bytes, kind: str, relative: str, phones: list[str], clean) -> bool:
    digest = hashlib.sha256(part).hexdigest()
    if clean.known(digest, kind):
        return True
    with future_births_seen() as becomes_an_id:
        found = scan_text(part, ".json", relative, phones)
    if found or becomes_an_id:
        return False
    clean.add(digest, kind)
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
