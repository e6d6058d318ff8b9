"""The facts of each generated page (page_facts.py), kept by content; the finished pages' bytes.

`schoolpub finish` and `schoolpub scan` run on every build over ~1,000 pages, and a warm build
writes almost all of them byte for byte as before. Parsing a page (pages.PageParser, ~7 ms) is
most of their work, so each page is parsed once and what the checks need from it is kept:
- its ids (the #anchors other pages may point at);
- its internal links, resolved as far as the URL and the page's name allow (links.Link);
- the URLs the browser would run as script (urls.is_safe), by line;
- what it loads from another host than the site's (offline.py), and which FETCHED_WHEN markup it carries.
The cross-page parts (does the linked file exist, has it the anchor, which hosts are excused) are
worked out again on every run from these facts: set lookups, no parsing.

The key holds everything the facts are made from: the page's bytes (sha256), its site-relative
name and the site's address (links are resolved against both), and the code (`fingerprint`: this
package's every file, Python's version, the installed distributions; a new parser or a new rule
stops finding the old entries). finish keys a page by the bytes it writes, scan by the bytes it
reads: the same bytes, so a scan right after finish parses nothing.

Stored next to the other caches (.cache/photos/) as `output-pages-<fingerprint>.jsonl`, one entry
a line with its own checksum (a damaged entry is parsed again, never trusted), holding only the
pages of the last run, written atomically; files of other fingerprints are deleted.

finish also keeps each page it fixed, `<sha256>-finished-<fingerprint>.html`: writing ~1,000 new
files costs more than the rest of finish, and a hard link to the kept copy is a tenth of that. The
copy is compared byte for byte with the page it stands for before it is linked (a damaged copy is
never published), and is itself a hard link to the page first written (kept without a second write).
"""
from __future__ import annotations

import contextlib
import os
from functools import cache as memo
from pathlib import Path

from .. import cache
from ..cache import Entries
from .links import Resolver
from .page_facts import Links, Loads, dumped, facts_of, loaded, text_of
from .pages import replace_bytes

FACTS_VERSION = 1  # bump when the facts kept would differ for a reason the fingerprint cannot see
_ENTRIES = Entries("output-pages-{fingerprint}.jsonl")
_FINISHED = Entries("{key}-finished-{fingerprint}.html")  # a finished page's bytes, by their sha256


@memo
def fingerprint() -> str:
    from ..check_cache import fingerprint as code  # every file of the package, Python, the distributions

    return cache.fingerprint(f"output-pages|{FACTS_VERSION}|", code())


class PageFactsCache:
    """The facts of the pages of one site; `cache_dir` None keeps them for this run only.
    `fresh`: the pages parsed (not found in the cache) by this run, in order; `written`: the pages
    finish wrote afresh (not linked from the cache's copy of the same bytes)."""

    def __init__(self, cache_dir: Path | None, address: str) -> None:
        self.cache_dir, self.resolver = cache_dir, Resolver(address)
        self.stored: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}  # what this run used or made: the next run's entries
        self.known: dict[tuple[str, type], Loads | Links] = {}  # (key, half) → facts of this run
        self.fresh: list[str] = []
        self.written: list[str] = []
        self.finished: set[str] = set()  # names of the finished pages' copies this run used
        if cache_dir is not None:
            self.cache_dir = Path(cache_dir)
            self.entry = self.cache_dir / _ENTRIES.name("", fingerprint())
            self.stored = cache.read_lines(self.entry)

    def loads(self, page: str, raw: bytes, text: str | None = None, digest: str | None = None) -> Loads:
        """What the page named `page` whose bytes are `raw` loads (`text`: raw decoded, `digest`: its
        sha256, when at hand)."""
        return self._facts(Loads, page, digest or cache.key(raw), raw, text)

    def loads_of_file(self, page: str, digest: str, path: str) -> Loads:
        """What the page named `page` whose bytes' sha256 is `digest` loads; the file `path` is read only
        when that is not known."""
        return self._facts(Loads, page, digest, path, None)

    def links(self, page: str, digest: str, path: str) -> Links:
        """The ids, links and script URLs of the page named `page` whose bytes' sha256 is `digest`; the
        file `path` is read only when they are not known."""
        return self._facts(Links, page, digest, path, None)

    def _facts(self, half, page: str, digest: str, source: bytes | str, text: str | None):
        key = cache.key(page, "\0", self.resolver.base_url, "\0", digest)
        if (key, half) in self.known:
            return self.known[key, half]
        stored = self.stored.get(key)
        value = cache.verified(stored) if stored is not None else None
        facts = loaded(value, half) if value is not None else None
        if facts is None:
            if not isinstance(source, bytes):
                source = _read(source)
                if cache.key(source) != digest:  # changed since it was hashed: the facts of its bytes as they are
                    return self._facts(half, page, cache.key(source), source, None)
            self.fresh.append(page)
            raw = source
            both = facts_of(text if text is not None else text_of(raw), page, self.resolver)
            self.known[key, Loads], self.known[key, Links] = both
            stored = cache.checksummed(dumped(both))
            facts = self.known[key, half]
        self.known[key, half] = facts
        self.used[key] = stored
        return facts

    def place(self, path: str, page: str, data: bytes) -> str:
        """`path` replaced by a new file holding `data` (never changed in place: it is a hard link to the
        engine's own output); returns the sha256 of `data`. The cache keeps a copy of each finished page
        (a hard link to the file written): the next build links it in, a tenth of the cost of writing."""
        digest = cache.key(data)
        if self.cache_dir is None:
            replace_bytes(path, data)
            return digest
        name = _FINISHED.name(digest, fingerprint())
        self.finished.add(name)
        copy = os.path.join(self.cache_dir, name)
        if not _link_copy(copy, path, data):
            replace_bytes(path, data)
            self.written.append(page)
            with contextlib.suppress(OSError):  # a read-only cache, another file system: written next time too
                if len(self.written) == 1:
                    self.cache_dir.mkdir(parents=True, exist_ok=True)
                _link(path, copy)
        return digest

    def save(self) -> None:
        if self.cache_dir is None:
            return
        try:
            if self.used != self.stored:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                cache.write_lines(self.entry, self.used)
                _ENTRIES.prune(self.cache_dir, fingerprint())
            if self.written:  # only a run that added copies can leave unused ones behind
                # only the copies this run used stay, when it finished most of a site (a build); a run that
                # fixed a few pages of a finished site (`schoolpub finish site` again) must not empty the cache
                whole = 2 * len(self.finished) > len(self.used)
                _FINISHED.prune(self.cache_dir, fingerprint(), keep=self.finished if whole else None)
        except OSError:  # a read-only cache costs time, never a gate
            pass


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _link_copy(copy: str, path: str, data: bytes) -> bool:
    """`path` made a hard link to the cache's `copy` when that holds exactly `data` (a damaged copy is
    never published); False when it cannot be."""
    try:
        with open(copy, "rb") as file:
            if file.read() != data:
                return False
        _link(copy, path)
        return True
    except OSError:
        return False


def _link(source: str, target: str) -> None:
    """`target` replaced by a hard link to `source`, in one rename (a reader never sees no file)."""
    folder, name = os.path.split(target)
    partial = os.path.join(folder, f".{name}.{os.getpid()}.link.part")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(partial)
    os.link(source, partial)
    os.replace(partial, target)


def default_cache_dir(site_dir: Path) -> Path | None:
    """The cache of the project the site was built in: its folder holding data/, the site's parent
    (`schoolpub finish site`) or the one above (`make site` finishes .build/site); outside one, the
    cache SCHOOLPUB_PHOTO_CACHE names, or none."""
    from ..media import CACHE_VARIABLE, cache_dir_of

    for folder in Path(site_dir).resolve().parents[:2]:
        if (folder / "data").is_dir():
            return cache_dir_of(folder)
    return cache_dir_of(site_dir) if os.environ.get(CACHE_VARIABLE) else None  # the one named
