"""Fixes to the theme's own markup, made on the generated pages (any engine).

Each fix is a plain text replacement that does nothing when its markup is absent or already
fixed, so `schoolpub finish` may run twice and a theme that changes its markup is not broken
(the browser tests, axe-core and the Nu checker, fail and point here instead).
"""
from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .facts_cache import PageFactsCache
    from .page_facts import Loads

# Material's search dialog has role="dialog" but no accessible name (axe-core rule
# aria-dialog-name). Zensical 0.0.73 names it itself (aria-label="查找").
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'

# The itemprop name/description/image tags in <head> (overrides/main.html) belong to an item: the
# page. The theme's <html> element is in no template block, so the item scope is added here
# (without it the HTML is invalid: Nu reports every itemprop as "not a property of any item").
_ITEM_SCOPE = '<html itemscope itemtype="https://schema.org/WebPage" '


def with_named_search(page: str) -> str:
    return page.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)


def with_item_scope(page: str) -> str:
    """Only a page with item properties needs it (not the editor's admin/index.html)."""
    if "itemscope" in page[:400] or "itemprop=" not in page:
        return page
    return page.replace("<html ", _ITEM_SCOPE, 1)


def fixed(page: str) -> str:
    """Every fix, applied to the HTML of one page."""
    return with_item_scope(with_named_search(page))


def fixed_bytes(raw: bytes) -> bytes | None:
    """`fixed` on a page's UTF-8 bytes, without decoding and encoding the page (~1,000 a build): the
    same replacements on the same characters (UTF-8 never matches inside another character). None
    when only the text can say: a "\\r" (Path.read_text makes line ends "\\n" first), a start of the
    page that is not UTF-8."""
    if b"\r" in raw:
        return None
    try:  # the first 400 characters are within the first 1,600 bytes; a character cut at the end waits
        start = codecs.getincrementaldecoder("utf-8")().decode(raw[:1600], final=len(raw) <= 1600)[:400]
    except UnicodeDecodeError:
        return None
    page = raw.replace(_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG, 1)
    if "itemscope" in start or b"itemprop=" not in page:
        return page
    return page.replace(b"<html ", _ITEM_SCOPE_BYTES, 1)


_SEARCH_DIALOG, _NAMED_SEARCH_DIALOG = SEARCH_DIALOG.encode(), NAMED_SEARCH_DIALOG.encode()
_ITEM_SCOPE_BYTES = _ITEM_SCOPE.encode()


def fix_page(site_dir: Path, name: str, facts: PageFactsCache) -> tuple[Path | None, Loads]:
    """The page `name` of the site fixed (the page when it changed: a new file, else None) and what
    its fixed bytes load."""
    path = os.path.join(site_dir, name)  # strings, not Path objects: ~1,000 pages on every build
    with open(path, "rb") as file:
        raw = file.read()
    data = fixed_bytes(raw)
    if data is None:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as Path.read_text reads it
        new = fixed(text)
        if new == text:
            return None, facts.loads(name, raw, text)
        data = new.encode("utf-8")
    elif data == raw:
        return None, facts.loads(name, raw)
    digest = facts.place(path, name, data)
    return site_dir / name, facts.loads(name, data, digest=digest)
