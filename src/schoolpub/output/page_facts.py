"""The facts the gates on the output need from one generated page, from one parse of it.

`schoolpub finish` needs what a page loads from other hosts (`Loads`); `schoolpub scan` its ids,
its internal links and the URLs a browser would run as script (`Links`). Both are made in one
parse (pages.PageParser, ~7 ms a page: most of the work of both commands) and kept by content
(facts_cache.py), as one line of JSON each, so a warm run reads only the half it needs.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass

from .. import urls
from . import offline
from .links import Link, Resolver
from .pages import PageParser, own_host


@dataclass(frozen=True)
class Loads:
    """What `schoolpub finish` needs of a page."""

    foreign: tuple[tuple[int, str, str], ...]  # (line, where, url) loaded from another host, in page order
    markers: tuple[str, ...]  # hosts of offline.FETCHED_WHEN whose markup the page carries


@dataclass(frozen=True)
class Links:
    """What `schoolpub scan` needs of a page."""

    ids: frozenset[str]
    links: tuple[Link, ...]  # the checked links, in the page's order
    unsafe: tuple[tuple[int, str], ...]  # (line, url) of URLs a browser would run as script


def facts_of(text: str, page: str, resolver: Resolver) -> tuple[Loads, Links]:
    """The facts of one page (`page`: its site-relative name), from one parse of its text."""
    parsed = PageParser()
    parsed.feed(text)
    parsed.close()
    own = own_host(resolver.base_url)
    loads = [*parsed.loads, *((line + offset, "<script>", url) for line, script in parsed.scripts
                              for offset, url in offline.literal_urls(script))]
    links = (resolver.resolve(page, line, where, url) for line, where, url in parsed.urls)
    return (Loads(foreign=tuple((line, where, url) for line, where, url in loads if offline.is_foreign(url, own)),
                  markers=tuple(host for host, marker in offline.FETCHED_WHEN.items() if marker in text)),
            Links(ids=frozenset(parsed.ids),
                  links=tuple(map(Link._make, _shared_links(link for link in links if link is not None))),
                  unsafe=tuple((line, url) for line, _, url in parsed.urls if not urls.is_safe(url))))


def _shared_links(rows) -> tuple[tuple, ...]:
    """links.Link rows with one str object for every equal text (sys.intern): the links of thousands of
    pages repeat the same few hundred targets, URLs and tag names, and a scan holds every page's links at
    once (a string for each was half of that: ~45 MB of facts at 5,000 pages, ~22 MB shared). A row that
    is not a Link's seven values raises ValueError or TypeError."""
    intern = sys.intern
    return tuple((line, intern(where), intern(url), problem, intern(path), wants_directory,
                  fragment if fragment is None else intern(fragment))
                 for line, where, url, problem, path, wants_directory, fragment in rows)


def text_of(raw: bytes) -> str:
    """A page's text as Path.read_text(errors="replace") reads it: line ends made "\\n"."""
    text = raw.decode("utf-8", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


# -- kept as text: "<Loads as JSON>\t<Links as JSON>" (JSON escapes every tab and line break) --------

def dumped(facts: tuple[Loads, Links]) -> bytes:
    loads, links = facts
    halves = ({"foreign": [list(item) for item in loads.foreign], "markers": list(loads.markers)},
              {"ids": sorted(links.ids), "links": [list(link) for link in links.links],
               "unsafe": [list(item) for item in links.unsafe]})
    # surrogatepass: never a reason to fail (decoding with errors="replace" leaves no lone surrogate)
    return b"\t".join(json.dumps(half, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
                      for half in halves)


def loaded(value: bytes, half: type[Loads] | type[Links]) -> Loads | Links | None:
    """One half of kept facts, or None when it is not what `dumped` writes (then the page is read again)."""
    parts = value.split(b"\t")
    if len(parts) != 2:
        return None
    try:
        data = json.loads(parts[half is Links].decode("utf-8", "surrogatepass"))
        if half is Loads:
            facts = Loads(tuple(map(tuple, data["foreign"])), tuple(data["markers"]))
            return facts if _rows(facts.foreign, (int, str, str)) and _typed(facts.markers, str) else None
        facts = Links(frozenset(data["ids"]), _shared_links(data["links"]), tuple(map(tuple, data["unsafe"])))
        return facts if _typed(facts.ids, str) and _rows(facts.links, LINK_TYPES) and _rows(facts.unsafe, (int, str)) \
            else None
    except (ValueError, KeyError, TypeError):
        return None


# What Link holds: a message made of it never raises, a lookup with it neither (checked in bulk: ~25,000 links)
LINK_TYPES = (int, str, str, (str, type(None)), str, bool, (str, type(None)))


def _rows(rows: tuple[tuple, ...], types: tuple) -> bool:
    """Rows of len(types) values, each of its column's type(s); the first column a line number (from 1)."""
    if not set(map(len, rows)) <= {len(types)}:
        return False
    columns = list(zip(*rows)) or [()] * len(types)
    return all(_typed(column, kind) for column, kind in zip(columns, types)) and min(columns[0], default=1) >= 1


def _typed(values, kind: type | tuple[type, ...]) -> bool:
    """Every value exactly of the type(s) `kind` (not a subclass: True is no line number)."""
    return set(map(type, values)) <= (set(kind) if isinstance(kind, tuple) else {kind})
