"""Each record's share of the exports, kept between builds under the key of its page.

A feed, calendar or open-data file lists every record of its section, and serialising
them all again was most of `schoolpub render` (≈ 1 s at 1,000 records) though an edit
changes one record. A record's share — its calendar events as iCalendar text, its open-data
JSON, its CSV rows — reads what its record page reads (the record as validated, the school,
the site address, its history and git date, its photos and attachments), so it is stored
under the record page's key (views/page_cache.page_key) with a fingerprint of the package's
code and of the libraries that write it. The files are then assembled from the shares, byte
for byte what serialising them whole gives (tests/test_export_fragments.py).

One entry per record, a JSON object part → value, written with its checksum line (a damaged
entry is made again); a build keeps only the entries it used. Without a cache directory the
shares are made afresh and only shared between the files of one build.
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

_ENTRIES = Entries("{key}-export-{fingerprint}.json")
_LIBRARIES = ("icalendar",)  # what page_cache's fingerprint does not already name


@cache
def fingerprint() -> str:
    return on_disk.fingerprint("exports|", page_cache.fingerprint(),
                               *(f"|{library}={version(library)}" for library in _LIBRARIES))


class Fragments:
    """The records' shares of one build's exports: read from `context.cache_dir` when stored, else made."""

    def __init__(self, context: Context, stored: bool = True):
        self.context = context
        self.cache_dir: Path | None = context.cache_dir if stored else None
        self.entries: dict[tuple[str, str], dict[str, Any]] = {}
        self.names: dict[tuple[str, str], str] = {}
        self.changed: set[tuple[str, str]] = set()
        self.made: list[tuple[str, str, str]] = []  # (type, id, part) made afresh, in order

    def get(self, section: str, record_id: str, part: str, make: Callable[[], Any]) -> Any:
        """The record's `part`; `make` returns it as JSON values (str, list, dict)."""
        entry = self._entry(section, record_id)
        if part not in entry:
            entry[part] = make()
            self.changed.add((section, record_id))
            self.made.append((section, record_id, part))
        return entry[part]

    def _entry(self, section: str, record_id: str) -> dict[str, Any]:
        entry = self.entries.get((section, record_id))
        if entry is None:
            entry = self.entries[(section, record_id)] = self._load(section, record_id)
        return entry

    def _load(self, section: str, record_id: str) -> dict[str, Any]:
        if self.cache_dir is None:
            return {}
        name = _ENTRIES.name(page_cache.page_key(self.context, section, record_id), fingerprint())
        self.names[(section, record_id)] = name
        data = read_checked(self.cache_dir / name)
        try:
            loaded = json.loads(data) if data is not None else {}
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def save(self) -> None:
        """Store the shares made in this build and keep only the entries it used (call it once every
        record was seen: all_exports lists every record in its section's open data)."""
        if self.cache_dir is None:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            for record in sorted(self.changed):
                data = json.dumps(self.entries[record], ensure_ascii=False, sort_keys=True)
                write_checked(self.cache_dir / self.names[record], data.encode("utf-8"))
        except OSError:  # a read-only cache costs time, never the build
            return
        _ENTRIES.prune(self.cache_dir, fingerprint(), keep=set(self.names.values()))
