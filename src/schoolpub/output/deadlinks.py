"""Every internal link and #anchor of the generated HTML resolves (offline, standard library).

The engine's own link checks see the links written in Markdown, and Zensical checks them
before the macros run; this checks what was actually generated: the theme's markup, macro
output (raw HTML no engine checks), the record pages, photos and PDFs.

For every *.html file under the site directory, every href/src/srcset/poster/data attribute
that is a relative URL, a root-relative URL (/x/) or a full URL under the site's own address
(site_url, read from sitemap.xml; e.g. the canonical link and the QR code target) must name a
file in the site: a directory URL needs its index.html. A #fragment must be the id (or
<a name>) of an element in the target page. Links to other hosts, mailto:, tel:, data: and
javascript: are not checked here (scan.py judges their safety; offline.py what pages load).
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .. import cache
from .facts_cache import PageFactsCache
from .page_facts import Links
from .pages import SiteFiles, parse, site_address


class Targets:
    """Whether the path a link names is a file of the site (and its ids): set lookups in one walk of the
    site; what the walk does not show as there is asked of the file system, as a browser's server would."""

    def __init__(self, files: SiteFiles, pages: dict[str, Links]) -> None:
        self.files, self.pages = files, pages
        self._ids: dict[str, frozenset[str] | set[str] | None] = {}  # most anchors point at a few pages

    def target(self, joined: str, wants_directory: bool) -> tuple[str | None, str | None]:
        """(the site-relative file a link to `joined` opens, None) or (None, why it is dead)."""
        found = self.files
        if joined in found.directories:
            shown = "index.html" if joined == "." else joined + "/index.html"
            if shown in found.files:
                return shown, None
        elif joined in found.files and not wants_directory:
            return joined, None
        return self._on_disk(joined, wants_directory)

    def _on_disk(self, joined: str, wants_directory: bool) -> tuple[str | None, str | None]:
        root = self.files.root
        target = root / joined if joined != "." else root
        if target.is_dir():
            target = target / "index.html"
        elif wants_directory:
            return None, "目录不存在"
        if not target.is_file():
            return None, "文件不存在"
        return target.relative_to(root).as_posix(), None

    def ids_of(self, target: str) -> frozenset[str] | set[str] | None:
        if target not in self._ids:
            self._ids[target] = self._read_ids(target)
        return self._ids[target]

    def _read_ids(self, target: str) -> frozenset[str] | set[str] | None:
        if PurePosixPath(target).suffix.lower() not in {".html", ".htm"}:
            return None  # a #page=2 on a PDF or #x on an SVG is not checked
        facts = self.pages.get(target)
        return facts.ids if facts is not None else parse(self.files.root / target).ids


def dead_links(files: SiteFiles, pages: dict[str, Links]) -> tuple[list[str], int]:
    """(problems, links checked) of the site whose pages' facts are `pages` (by name, in order); each
    problem is `site/<page>:<line>: <tag.attribute>="<url>" — <reason>` (the directory's own name first)."""
    site_name = files.root.name
    targets = Targets(files, pages)
    problems: list[str] = []
    links = 0
    for name, facts in pages.items():
        for line, where, url, problem, path, wants_directory, fragment in facts.links:  # links.Link's fields
            target, problem = (None, problem) if problem else targets.target(path, wants_directory)
            if problem:
                problems.append(f"{site_name}/{name}:{line}: {where}=\"{url}\" — {problem}")
                continue
            links += 1
            if fragment:
                ids = targets.ids_of(target)
                if ids is not None and fragment not in ids:
                    problems.append(f"{site_name}/{name}:{line}: {where}=\"{url}\" — {target} 里没有 id=\"{fragment}\"")
    return problems, links


def pages_links(root: Path, files: SiteFiles, facts: PageFactsCache, digests: dict[str, str] | None = None
                ) -> dict[str, Links]:
    """The ids and links of every page of the site, by name, in order; `digests`: the sha256 of pages
    read before, by name (a page known by its digest is not read again)."""
    digests = digests or {}
    return {name: facts.links(name, digests.get(name) or _digest(root / name), os.path.join(root, name))
            for name in files.pages}


def _digest(path: Path) -> str:
    return cache.key(path.read_bytes())


def check(root: Path, base_url: str | None = None) -> tuple[list[str], int, int]:
    """(problems, pages checked, links checked) of the site at `root` (scripts/check_links.py)."""
    files = SiteFiles.of(root)
    pages = pages_links(root, files, PageFactsCache(None, base_url if base_url is not None else site_address(root)))
    problems, links = dead_links(files, pages)
    return problems, len(pages), links
