"""Which generated files the output scan already found clean (site_scan.scan_site).

A warm build writes mostly the same pages again: a file whose exact bytes were scanned
before, by the same scanner, with the same public phones, gives the same answer. The
cache holds only clean files, as sha256 digests, in one file per fingerprint next to
the photo renditions; the fingerprint covers the scanner's source, Python's Unicode
tables (NFKC) and the public phones, so changing any of them rescans everything.
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from . import privacy, site_scan
from . import cache
from .cache import Entries, write_atomically

SCAN_VERSION = 1  # bump when what counts as a leak changes outside privacy.py and site_scan.py
_ENTRIES = Entries("scan-clean-{fingerprint}.json")  # one file of clean files' keys per fingerprint


def fingerprint(public_phones: list[str]) -> str:
    scanner = Path(privacy.__file__).read_bytes() + Path(site_scan.__file__).read_bytes()
    text = json.dumps([SCAN_VERSION, unicodedata.unidata_version, sorted(public_phones)])
    return cache.fingerprint(scanner, text)


class CleanFiles:
    def __init__(self, cache_dir: Path | None, public_phones: list[str]):
        self.entry = None
        self.digests: set[str] = set()  # found clean by an earlier build
        self.seen: set[str] = set()  # clean files of this build: what the next build may skip
        if cache_dir is None:
            return
        self.cache_dir, self.fingerprint = Path(cache_dir), fingerprint(public_phones)
        self.entry = self.cache_dir / _ENTRIES.name("", self.fingerprint)
        try:
            self.digests = set(json.loads(self.entry.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            self.digests = set()

    @staticmethod
    def _digest(content: str, suffix: str) -> str:
        # .ics files are unfolded before the scan: the same bytes as another suffix are another input
        return cache.key(suffix, "\0", content)

    def known(self, content: str, suffix: str) -> bool:
        """Whether the file whose bytes' sha256 is `content` was found clean before."""
        if self.entry is None:
            return False
        digest = self._digest(content, suffix)
        if digest in self.digests:
            self.seen.add(digest)
            return True
        return False

    def add(self, content: str, suffix: str) -> None:
        if self.entry is not None:
            self.seen.add(self._digest(content, suffix))

    def save(self) -> None:
        """Written once per build, with this build's clean files only, so it never outgrows the site."""
        if self.entry is None or self.seen == self.digests:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_atomically(self.entry, json.dumps(sorted(self.seen)).encode())
            _ENTRIES.prune(self.cache_dir, self.fingerprint)
        except OSError:  # a read-only cache costs time, never the scan
            pass
