"""Generated record pages (front matter + Markdown) kept between builds, keyed by what they read.

A ten-year school has thousands of record pages and a build usually changes a handful,
so a page is rendered again only when something it shows changed. The key holds, and
the tests hold it to, everything a record page reads:
- the pipeline: RENDER_VERSION, a fingerprint of this package's code and templates, and
  the versions of the libraries that shape the output (a code change re-renders all);
- the record as validated (not its file: a comment edited in the YAML changes nothing);
- the school settings (print header, name policy, description, link-preview picture);
- the site address (links, QR codes), the file's last change in git (the 更新 date) and the
  record's revision history (history.py: first publication, each revision, 更正 and its note);
- where the build day falls among the record's own dates: every state a page shows
  (公示中, 已结束, …) compares the day with the record's dates, so a page is not
  rendered again every day, only when its state can have changed;
- the published renditions of its photos (named by the original's sha256) and the sizes
  of its cleaned attachments;
- what it reads from other records (`_others`): a regulation names its successor and
  the regulations it replaced.
A hit is the same text as a fresh render (tests/test_page_cache.py), entries are written
atomically with a checksum line (a damaged entry is rendered again), and a build keeps
only the entries it used.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable

from .. import cache as on_disk
from ..cache import Entries, read_checked, write_checked
from ..content import by_name

RENDER_VERSION = 1  # bump when the output changes for a reason the code fingerprint cannot see
_PACKAGE = Path(__file__).resolve().parent.parent  # src/schoolpub
_LIBRARIES = ("jinja2", "markupsafe", "markdown", "pydantic", "qrcode", "pyyaml")
_ENTRIES = Entries("{key}-page-{fingerprint}.md")
_YEAR_ENTRIES = Entries("{key}-year-{fingerprint}.md")


@cache
def fingerprint() -> str:
    """The pipeline: this module's version, every source and template of the package, the libraries."""
    sources = [path for path in sorted(_PACKAGE.rglob("*")) if path.suffix in (".py", ".j2") and path.is_file()]
    return on_disk.fingerprint(f"{RENDER_VERSION}|", *(f"{library}={version(library)}|" for library in _LIBRARIES),
                               *(path.relative_to(_PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
                                 for path in sources))


class PageCache:
    """Record pages of one build: served from `cache_dir` when their key is there, else rendered and stored."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir = cache_dir
        self.used: set[str] = set()
        self.rendered: list[tuple[str, str]] = []  # (type, id) of the pages that missed, in order
        self.rendered_years: list[str] = []  # the year pages that missed (their src_uri), in order

    def page(self, context: Any, type_name: str, record_id: str, render: Callable[[], str]) -> str:
        if self.cache_dir is None:
            self.rendered.append((type_name, record_id))
            return render()
        entry = self._entry(context, type_name, record_id)
        cached = _read(entry)
        if cached is not None:
            return cached
        self.rendered.append((type_name, record_id))
        text = render()
        _store(entry, text)
        return text

    def stored(self, context: Any, type_name: str, record_id: str, render: Callable[[], str]) -> str | StoredPage:
        """Like page(), but a page in the cache (found there, or rendered and stored) is handed back as its
        entry, read when the page is written out: a build does not hold thousands of pages at once."""
        if self.cache_dir is None:
            return self.page(context, type_name, record_id, render)
        entry = self._entry(context, type_name, record_id)
        if not entry.is_file():
            self.rendered.append((type_name, record_id))
            text = render()
            if not _store(entry, text):
                return text
        return StoredPage(entry, render)

    def year(self, context: Any, year_page: Any, groups: dict, render: Callable[[], str]) -> str | StoredPage:
        """A year page (views.year_page) like a record page: it lists its records as their pages show
        them, with their states on the build day, so its key is theirs (page_key) with the page's place
        among the year's parts and the section's groups (the disclosure catalogue, the report years)."""
        if self.cache_dir is None:
            return render()
        name = _YEAR_ENTRIES.name(year_key(context, year_page, groups), fingerprint())
        self.used.add(name)
        entry = self.cache_dir / name
        if not entry.is_file():
            self.rendered_years.append(year_page.src_uri)
            text = render()
            if not _store(entry, text):
                return text
        return StoredPage(entry, render)

    def _entry(self, context: Any, type_name: str, record_id: str) -> Path:
        name = _ENTRIES.name(page_key(context, type_name, record_id), fingerprint())
        self.used.add(name)
        return self.cache_dir / name

    def prune(self) -> None:
        """Keep only the pages this build used: the cache stays as large as the site's record and year pages."""
        if self.cache_dir is not None:
            for entries in (_ENTRIES, _YEAR_ENTRIES):
                entries.prune(self.cache_dir, fingerprint(), keep=self.used)


class StoredPage:
    """A record page kept in the cache; text() reads it (and renders it again if the entry was damaged
    or removed meanwhile, e.g. by a build of other data pruning the cache)."""

    __slots__ = ("entry", "render")

    def __init__(self, entry: Path, render: Callable[[], str]):
        self.entry, self.render = entry, render

    def text(self) -> str:
        cached = _read(self.entry)
        return cached if cached is not None else self.render()


def _store(entry: Path, text: str) -> bool:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_checked(entry, text.encode("utf-8"))
        return True
    except OSError:  # a read-only cache costs time, never the build
        return False


def _read(entry: Path) -> str | None:
    """The page stored in an entry, or None when it is missing or damaged (its checksum line disagrees)."""
    data = read_checked(entry)
    try:
        return None if data is None else data.decode("utf-8")
    except UnicodeDecodeError:
        return None


class _Keys(dict):
    """One context's record keys, (type, id) → key, and the school's part of them (the same for every record)."""

    def __init__(self, context: Any):
        super().__init__()
        self.context = context
        self.school = context.site.school.model_dump(mode="json")
        self.photos: dict[str, list[list]] = {}  # original → its renditions as the key names them
        for (original, size), photo in context.photos.items():
            self.photos.setdefault(original, []).append(
                [original, size, photo.path, photo.width, photo.height, photo.webp, photo.file.name])


_keys: list[_Keys] = []  # the last context's keys: the record pages and their share of the exports use them


def page_key(context: Any, type_name: str, record_id: str) -> str:
    """Computed once per record of a context (a frozen Context is not changed in place)."""
    if not _keys or _keys[0].context is not context:
        _keys[:] = [_Keys(context)]
    keys = _keys[0]
    found = keys.get((type_name, record_id))
    if found is None:
        found = keys[(type_name, record_id)] = _page_key(context, type_name, record_id, keys)
    return found


def _page_key(context: Any, type_name: str, record_id: str, keys: _Keys) -> str:
    site = context.site
    record = site.of(type_name)[record_id]
    source = site.sources[(type_name, record_id)].file
    references = [reference for _, reference in record.media()] + [reference for _, reference in site.school.media()]
    parts = {
        "type": type_name,
        "id": record_id,
        "record": record.model_dump(mode="json"),
        "school": keys.school,
        "site_url": context.site_url,
        "updated": str(context.updated.get(source)),
        "history": _history(context, type_name, record_id),
        "day": _day_position(context.today, record),
        "photos": sorted(rendition for original in set(references) for rendition in keys.photos.get(original, ())),
        "attachments": sorted([reference, context.attachments[reference].stat().st_size]
                              for reference in references if reference in context.attachments),
        "others": _others(site, type_name, record_id, record),
    }
    return on_disk.key(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str))


def year_key(context: Any, year_page: Any, groups: dict) -> str:
    parts = {
        "type": year_page.type_name, "year": year_page.year, "part": year_page.part, "parts": year_page.parts,
        "records": [[record_id, page_key(context, year_page.type_name, record_id)] for record_id, _ in year_page.records],
        "groups": groups,
    }
    return on_disk.key(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain))


def _plain(value: Any) -> Any:
    """A model (the disclosure catalogue) by its data; anything else JSON cannot write by its text."""
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else str(value)


def _history(context: Any, type_name: str, record_id: str) -> Any:
    history = getattr(context, "histories", {}).get((type_name, record_id))
    return None if history is None else [str(history.first_published), [
        [str(revision.date), revision.commit, revision.changes, revision.correction, revision.note]
        for revision in history.revisions]]


def _others(site: Any, type_name: str, record_id: str, record: Any) -> list:
    """What a record page shows of other records (Publishing.related; keep in step with the record templates)."""
    return by_name(type_name).publishing.related(site.of(type_name), record_id, record)


def _day_position(today: dt.date, record: Any) -> list[int]:
    """-1, 0 or 1 for the build day against each of the record's own dates, earliest first."""
    days = sorted(set(_dates(record.model_dump())))
    return [(today > day) - (today < day) for day in days]


def _dates(value: Any):
    if isinstance(value, dt.date):
        yield value if not isinstance(value, dt.datetime) else value.date()
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _dates(item)
