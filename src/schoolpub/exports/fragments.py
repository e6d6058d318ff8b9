"""Each record's share of the exports, kept between builds under the key of its page.

A feed, calendar or open-data file lists every record of its section, and serialising
them all again was most of `schoolpub render` (≈ 1 s at 1,000 records) though an edit
changes one record. A record's share — its calendar events as iCalendar text, its open-data
JSON, its CSV rows — reads what its record page reads (the record as validated, the school,
the site address, its history and git date, its photos and attachments), so it is stored
under the record page's key (views/page_cache.page_key) with a fingerprint of the package's
code and of the libraries that write it. The files are then assembled from the shares, byte
for byte what serialising them whole gives (tests/test_export_fragments.py).

One entry per record and part (JSON), written with its checksum line (a damaged entry is made
again); a build keeps only the entries it used. Without a cache directory the shares are made
afresh (the events once per build).
"""
from __future__ import annotations

import json
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

from .. import cache as on_disk
from ..cache import Entries, read_checked, write_checked
from ..context import Context
from ..views import page_cache

_ENTRIES = Entries("{key}-export-{part}-{fingerprint}.json", {"part": r"[a-z]+"})
_LIBRARIES = ("icalendar",)  # what page_cache's fingerprint does not already name
_KEPT = ("events",)  # small, and read by two calendars (the whole school's and the section's): kept in memory


@cache
def fingerprint() -> str:
    return on_disk.fingerprint("exports|", page_cache.fingerprint(),
                               *(f"|{library}={version(library)}" for library in _LIBRARIES))


class Fragments:
    """The records' shares of one build's exports: read from `context.cache_dir` when stored, else made
    and stored. Each share is read when its file is assembled and not held after (the open data of
    5,000 records is tens of MB), except the small calendar events."""

    def __init__(self, context: Context, stored: bool = True):
        self.context = context
        self.cache_dir: Path | None = context.cache_dir if stored else None
        self.kept: dict[tuple[str, str, str], Any] = {}
        self.used: set[str] = set()
        self.made: list[tuple[str, str, str]] = []  # (type, id, part) made afresh, in order

    def get(self, section: str, record_id: str, part: str, make: Callable[[], Any]) -> Any:
        """The record's `part`; `make` returns it as JSON values (str, list, dict)."""
        value = self.kept.get((section, record_id, part))
        if value is not None:
            return value
        entry = self._entry(section, record_id, part)
        value = _read(entry) if entry is not None else None
        if value is None:
            value = make()
            self.made.append((section, record_id, part))
            if entry is not None:
                _store(entry, value)
        if part in _KEPT:
            self.kept[(section, record_id, part)] = value
        return value

    def _entry(self, section: str, record_id: str, part: str) -> Path | None:
        if self.cache_dir is None:
            return None
        name = _ENTRIES.name(page_cache.page_key(self.context, section, record_id), fingerprint(), part=part)
        self.used.add(name)
        return self.cache_dir / name

    def prune(self) -> None:
        """Keep only the entries this build used (call it once every record was seen: all_exports lists
        every record in its section's open data)."""
        if self.cache_dir is not None:
            _ENTRIES.prune(self.cache_dir, fingerprint(), keep=self.used)


def _read(entry: Path) -> Any:
    data = read_checked(entry)
    try:
        return json.loads(data) if data is not None else None
    except ValueError:
        return None


def _store(entry: Path, value: Any) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_checked(entry, json.dumps(value, ensure_ascii=False).encode("utf-8"))
    except OSError:  # a read-only cache costs time, never the build
        pass
