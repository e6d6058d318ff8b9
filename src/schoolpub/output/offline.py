"""No page may make a request to a foreign host, whichever engine's theme built it.

Material's and Zensical's JavaScript bundles load libraries from public CDNs (unpkg.com,
cdn.jsdelivr.net) when a page needs them; those hosts are blocked or slow in mainland China.
`localise` points each known URL at a file served by the school's own site (docs/assets/vendor/):
a copy of what the site uses, an empty stand-in for a feature it never uses. `foreign_references`
then reads what is left: any other reference to a foreign host fails `schoolpub finish`, so
an engine or theme update that adds a CDN URL is noticed, not published.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from .pages import css_urls, own_host, replace_text

if TYPE_CHECKING:  # page_facts imports this module (its rules for what a page loads)
    from .page_facts import Loads
    from .pages import SiteFiles

_VENDOR = "assets/vendor/"
# CDN URL (exactly as the bundles write it, quotes excluded) → the file of the site that replaces it.
LOCAL_COPIES = {
    # Material 9.8 and Zensical 0.0.73: old browsers (some in-app browsers) lack ResizeObserver
    "https://unpkg.com/resize-observer-polyfill": _VENDOR + "resize-observer-polyfill.js",
    # diagrams: this site renders none (Material loads mermaid 11, Zensical mermaid 12)
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": _VENDOR + "mermaid-unavailable.js",
    "https://unpkg.com/mermaid@12/dist/mermaid.min.js": _VENDOR + "mermaid-unavailable.js",
    # Zensical's lightbox: the site's own vendored GLightbox 3.3.1 (the photo gallery uses it)
    "https://unpkg.com/glightbox@3/dist/js/glightbox.min.js": _VENDOR + "glightbox/glightbox.min.js",
    "https://unpkg.com/glightbox@3/dist/css/glightbox.min.css": _VENDOR + "glightbox/glightbox.min.css",
    # Zensical's runnable code blocks (an editor and Python in the browser): this site has none
    "https://unpkg.com/ace-builds@1.44.0/src-noconflict/ace.js": _VENDOR + "feature-unavailable.js",
    "https://unpkg.com/pyodide@314.0.2/pyodide.js": _VENDOR + "feature-unavailable.js",
    # …the folder Pyodide would load its packages from, read only once pyodide.js has run
    "https://cdn.jsdelivr.net/pyodide/v314.0.2/full/": _VENDOR,
    # GLightbox's video player (vendored GLightbox above): the gallery shows photos only
    "https://cdn.plyr.io/3.6.12/plyr.js": _VENDOR + "feature-unavailable.js",
    "https://cdn.plyr.io/3.6.12/plyr.css": _VENDOR + "feature-unavailable.css",
}
# Hosts a bundle names without ever fetching from them: XML namespace names (SVG, MathML).
NAMES_ONLY = {"www.w3.org"}
# Hosts a bundle fetches from only when a page carries the given markup: Material and Zensical ask
# api.github.com for a repository's stars only when mkdocs.yml sets repo_url (the header's source link).
FETCHED_WHEN = {"api.github.com": 'data-md-component="source"'}
# The browser editor's pinned bundle (tools/decap, served under /admin/) names every Git host and
# media service it supports; what it requests is measured in a real browser (tests/browser).
NOT_READ = ("admin/decap-cms/",)

_SOURCE_MAP = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
# A URL at the start of a string literal: what code passes to fetch(), <script src> or <link href>.
# URLs inside comments and messages ("see https://…") are not at the start of a literal.
_LITERAL_URL = re.compile(r"""["'`]((?:https?:)?//([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?[^"'`\s]*)""")


def code_texts(site_dir: Path, files: SiteFiles) -> dict[str, str]:
    """The text of every script and stylesheet of the site (by site-relative name), read once for
    localise and the checks after it."""
    return {name: (site_dir / name).read_text(encoding="utf-8") for name in _code_files(files)}


def localise(site_dir: Path, base_path: str, files: SiteFiles, texts: dict[str, str]) -> list[Path]:
    """Every known CDN URL in the theme's scripts and stylesheets (`texts`, updated here) replaced by
    the site's own copy, as an absolute path under `base_path` (the bundles inject them as <script src>,
    resolved against the page's URL); source maps removed (they are for the theme's developers, and
    name the CDN). Returns the files changed; a second run changes nothing."""
    changed = []
    for name, text in texts.items():
        new = text
        for foreign, local in LOCAL_COPIES.items():
            if foreign not in new:
                continue
            for quote in "\"'`":
                new = new.replace(f"{quote}{foreign}{quote}", f"{quote}{base_path}{local}{quote}")
        new = _SOURCE_MAP.sub("\n", new) if name.endswith(".js") else new
        if new != text:
            replace_text(site_dir / name, new)
            texts[name] = new
            changed.append(site_dir / name)
    for source_map in files.named((".map",)):
        if source_map.startswith("assets/"):
            (site_dir / source_map).unlink()
            changed.append(site_dir / source_map)
    return changed


def missing_copies(site_dir: Path, base_path: str, texts: dict[str, str]) -> list[str]:
    """The local copies a script or stylesheet now refers to (localise) that the site lacks:
    docs/assets/vendor/ was not copied, or a new entry of LOCAL_COPIES was never vendored."""
    wanted = {local for local in LOCAL_COPIES.values()
              if any(f"{quote}{base_path}{local}{quote}" in text for text in texts.values() for quote in "\"'`")}
    return sorted(local for local in wanted if not (site_dir / local).exists())


@dataclass(frozen=True)
class Foreign:
    file: str  # relative to the site directory
    line: int
    url: str
    where: str  # "tag.attribute" or "<script>"/"<style>" in a page, "script"/"css" in a program file

    @property
    def host(self) -> str:
        return urlsplit(self.url if "//" in self.url else "//" + self.url).hostname or ""

    @property
    def in_code(self) -> bool:
        """In the theme's (or a vendored library's) program files, not in a page someone wrote."""
        return not self.file.endswith((".html", ".htm"))


def foreign_references(address: str, pages: dict[str, Loads], texts: dict[str, str]) -> list[Foreign]:
    """Every URL on another host than `address`'s that a page loads without a click (`pages`: the
    facts of every page, by name: page_facts.py), or that a script or stylesheet of the site
    (`texts`) would fetch. Links one clicks (<a href>) are not loads."""
    own = own_host(address)
    markup = {host for facts in pages.values() for host in facts.markers}
    excused = NAMES_ONLY | (FETCHED_WHEN.keys() - markup)
    found = [Foreign(name, line, url, where) for name, facts in pages.items() for line, where, url in facts.foreign]
    for name, text in texts.items():
        urls = literal_urls(text) if name.endswith((".js", ".mjs")) else _css_references(text)
        found += [Foreign(name, 1 + offset, url, "css" if name.endswith(".css") else "script")
                  for offset, url in urls if is_foreign(url, own)]
    found.sort(key=lambda item: (item.file, item.line))
    return [item for item in found if item.host not in excused]


def is_foreign(url: str, own: str | None) -> bool:
    split = urlsplit(url.strip())
    if not split.netloc:
        return False  # relative, root-relative, #fragment, data:, mailto:
    return (split.hostname or "").lower() != own


def literal_urls(text: str) -> list[tuple[int, str]]:
    """(line offset, URL) of each URL that starts a string literal of a script."""
    return [(text.count("\n", 0, match.start()), match.group(1)) for match in _LITERAL_URL.finditer(text)]


def _css_references(text: str) -> list[tuple[int, str]]:
    found = []
    for number, line in enumerate(text.splitlines()):
        found += [(number, url) for url in css_urls(line)]
    return found


def _code_files(files: SiteFiles) -> list[str]:
    return files.named((".js", ".mjs", ".css"), exclude=NOT_READ)
