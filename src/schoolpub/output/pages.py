"""Reading the generated pages: the URLs and ids of an HTML file, the site's own address.

One parser serves every gate over the output: dead links and anchors (deadlinks.py), link
safety (scan.py) and foreign hosts (offline.py). Standard library only.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes holding one URL, and attributes holding a srcset list.
URL_ATTRIBUTES = {"href", "src", "poster", "data", "action", "formaction", "cite", "longdesc", "xlink:href"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
# <link rel=…> whose href the browser fetches (or connects to) by itself, without a click.
LOADING_RELS = {"stylesheet", "icon", "apple-touch-icon", "mask-icon", "preload", "modulepreload", "prefetch",
                "preconnect", "dns-prefetch", "manifest"}
# Elements whose src/srcset/poster/data the browser fetches as the page loads (not links one clicks).
LOADING_TAGS = {"script", "img", "source", "video", "audio", "track", "iframe", "frame", "embed", "object",
                "input", "image", "use"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")


class PageParser(HTMLParser):
    """The ids (anchors) of a page, the URLs it refers to and the ones it loads, with line numbers.

    `urls`: (line, "tag.attribute", url) for every URL attribute but a preconnect/dns-prefetch
    link's, which names a host, not a file. `loads`: what the browser fetches without a click
    (scripts, images, stylesheets, frames, and URLs in inline CSS). `scripts`: (line, text) of
    inline scripts, whose string literals offline.py reads like a bundle's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str, str]] = []
        self.loads: list[tuple[int, str, str]] = []
        self.scripts: list[tuple[int, str]] = []
        self._inside: str | None = None  # "script" or "style" while reading an inline one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        rels = _rel(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self._url(line, tag, name, value.strip(), rels)
            elif name in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self._url(line, tag, name, url, rels)
            elif name == "style":
                self.loads += [(line, f"{tag}.style", url) for url in css_urls(value)]
        if tag in ("script", "style") and not any(name == "src" for name, _ in attrs):
            self._inside = tag

    def _url(self, line: int, tag: str, name: str, url: str, rels: set[str]) -> None:
        where = f"{tag}.{name}"
        if not (tag == "link" and rels & {"preconnect", "dns-prefetch"}):
            self.urls.append((line, where, url))
        if _loads(tag, name, rels):
            self.loads.append((line, where, url))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._inside = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts.append((self.getpos()[0], data))
        elif self._inside == "style":
            line = self.getpos()[0]
            self.loads += [(line, "<style>", url) for url in css_urls(data)]


def _rel(attrs: list[tuple[str, str | None]]) -> set[str]:
    return {word.lower() for name, value in attrs if name == "rel" and value for word in value.split()}


def _loads(tag: str, attribute: str, rels: set[str]) -> bool:
    if tag == "link":
        return attribute == "href" and bool(rels & LOADING_RELS)
    return tag in LOADING_TAGS and attribute in {"src", "srcset", "poster", "data", "href", "xlink:href"}


def css_urls(css: str) -> list[str]:
    """What a stylesheet (or a style attribute) fetches: url(…) and @import."""
    return [(match.group(1) or match.group(2)).strip() for match in _CSS_URL.finditer(css)]


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser


def site_address(site_dir: Path) -> str:
    """The site's own address (site_url) as the engine wrote it into sitemap.xml: its first
    <loc> is the home page. MkDocs and Zensical both write it; "/" when there is none."""
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        match = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
    return "/"


def base_path(address: str) -> str:
    """The path every absolute URL of the site starts with: "/" or e.g. "/gk/"."""
    path = urlsplit(address).path or "/"
    return path if path.endswith("/") else path + "/"


def own_host(address: str) -> str | None:
    return (urlsplit(address).hostname or "").lower() or None


def replace_text(path: Path, text: str) -> None:
    """A new file under the old name: a file hard-linked from a cache (photos, PDFs) or by the
    engine is never changed in place."""
    replace_bytes(path, text.encode("utf-8"))


def replace_bytes(path: Path | str, data: bytes) -> None:
    folder, name = os.path.split(path)
    partial = os.path.join(folder, f".{name}.finish.part")
    with open(partial, "wb") as file:
        file.write(data)
    os.replace(partial, path)


@dataclass
class SiteFiles:
    """One walk of a built site: its files and directories, site-relative ("a/b.html"), the files in
    the order of sorted(site.rglob("*")): by path components."""

    root: Path
    files: set[str] = field(default_factory=set)
    directories: set[str] = field(default_factory=lambda: {"."})
    ordered: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, root: Path) -> SiteFiles:
        found = cls(root)
        found._walk(str(root), "")
        found.ordered = sorted(found.files, key=lambda name: name.split("/"))
        return found

    def _walk(self, folder: str, prefix: str) -> None:
        """As os.walk: a link to a folder is listed as a folder but not entered."""
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir():
                    self.directories.add(name)
                    if not entry.is_symlink():
                        self._walk(entry.path, name + "/")
                elif entry.is_file():
                    self.files.add(name)

    def named(self, suffixes: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[str]:
        """The files whose names end in one of `suffixes`, in order."""
        return [name for name in self.ordered if name.endswith(suffixes) and not name.startswith(exclude)]

    @property
    def pages(self) -> list[str]:
        return self.named((".html",))
