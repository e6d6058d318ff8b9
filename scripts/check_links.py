"""Offline link check of the built site: every internal link and #anchor resolves.

    python scripts/check_links.py [site]

MkDocs --strict (with the `validation:` settings in mkdocs.yml) checks the links
written in Markdown; this checks what was actually generated: the theme's
markup, macro output (raw HTML that MkDocs never sees), record pages made by
hooks, photos and PDFs. Standard library (and schoolpub.echo) only, no network.

For every *.html file under the site directory, every href/src/srcset/poster/
data attribute that is a relative URL, a root-relative URL (/x/) or a full URL
under the site's own address (site_url, read from sitemap.xml; e.g. the
canonical link and the QR code target) must name a file in the site: a
directory URL needs its index.html. A #fragment must be the id (or <a name>) of
an element in the target page. Links to other hosts, mailto:, tel:, data: and
javascript: are not checked (nothing here may fetch them).

The URLs it prints come from the pages, so from the data: they are printed through
schoolpub.echo (a URL with `##[add-mask]` in it must not reach the CI log as a command).

Exit status: 0 all links resolve, 1 broken links (each printed as
site/<page>: <url> — <reason>), 2 wrong usage (no site directory).
"""
from __future__ import annotations

import argparse
import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from schoolpub.echo import say

# Attributes holding one URL, and attributes holding a srcset list.
URL_ATTRIBUTES = {"href", "src", "poster", "data", "action", "formaction", "cite", "longdesc"}
SRCSET_ATTRIBUTES = {"srcset", "imagesrcset"}
# URL schemes that are not files of the site (phone numbers, e-mail, inline data).
UNCHECKED_SCHEMES = {"mailto", "tel", "sms", "data", "javascript", "blob", "about"}


class PageParser(HTMLParser):
    """Collects the ids (anchors) of a page and the URLs it refers to, with line numbers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str, str]] = []  # (line, tag.attribute, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                if tag == "link" and name == "href" and _rel(attrs) & {"preconnect", "dns-prefetch"}:
                    continue
                self.urls.append((line, f"{tag}.{name}", value.strip()))
            elif name in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.urls.append((line, f"{tag}.{name}", url))

    handle_startendtag = handle_starttag


def _rel(attrs: list[tuple[str, str | None]]) -> set[str]:
    return {word.lower() for name, value in attrs if name == "rel" and value for word in value.split()}


class Site:
    def __init__(self, root: Path, base_url: str | None) -> None:
        self.root = root
        self.base_url = base_url if base_url is not None else _base_url_from_sitemap(root)
        split = urlsplit(self.base_url)
        self.base_host = (split.scheme, split.netloc) if split.netloc else None
        self.base_path = split.path if split.path.endswith("/") else split.path + "/"
        self._ids: dict[Path, set[str]] = {}
        self._parsed: dict[Path, PageParser] = {}

    def page(self, path: Path) -> PageParser:
        if path not in self._parsed:
            parser = PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._parsed[path] = parser
        return self._parsed[path]

    def resolve(self, page: Path, url: str) -> tuple[Path | None, str | None, str | None]:
        """(target file or None, fragment or None, problem or None); (None, None, None) = not checked."""
        split = urlsplit(url)
        if split.scheme.lower() in UNCHECKED_SCHEMES:
            return None, None, None
        path = unquote(split.path)
        fragment = unquote(split.fragment) if "#" in url else None
        if split.scheme or split.netloc:
            scheme = split.scheme.lower() or (self.base_host[0] if self.base_host else "")
            if not self.base_host or (scheme, split.netloc.lower()) != (self.base_host[0], self.base_host[1].lower()):
                return None, None, None  # another host
            path = "/" + path.lstrip("/") if path else "/"
        if path.startswith("/"):
            if not path.startswith(self.base_path) and path + "/" != self.base_path:
                return None, None, f"不在网站地址 {self.base_path} 之下"
            relative = path[len(self.base_path):] if path.startswith(self.base_path) else ""
            directory = ""
        else:
            relative = path
            directory = page.parent.relative_to(self.root).as_posix()
        if not path and fragment is not None:
            return page, fragment, None  # "#anchor" on the same page
        joined = posixpath.normpath(posixpath.join(directory, relative)) if relative else (directory or ".")
        if joined == ".." or joined.startswith("../"):
            return None, None, "指向网站目录之外"
        target = self.root / joined if joined != "." else self.root
        wants_directory = path.endswith("/") or not relative
        if target.is_dir():
            target = target / "index.html"
        elif wants_directory:
            return None, None, "目录不存在"
        if not target.is_file():
            return None, None, "文件不存在"
        return target, fragment, None

    def ids_of(self, target: Path) -> set[str] | None:
        if target.suffix.lower() not in {".html", ".htm"}:
            return None  # a #page=2 on a PDF or #x on an SVG is not checked
        if target not in self._ids:
            self._ids[target] = self.page(target).ids
        return self._ids[target]


def _base_url_from_sitemap(root: Path) -> str:
    """site_url as MkDocs wrote it into sitemap.xml (its first <loc> is the home page)."""
    sitemap = root / "sitemap.xml"
    if sitemap.is_file():
        match = re.search(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
    return "/"


def check(root: Path, base_url: str | None = None) -> tuple[list[str], int, int]:
    """(problems, pages checked, links checked)."""
    site = Site(root, base_url)
    problems: list[str] = []
    links = 0
    pages = sorted(root.rglob("*.html"))
    for page in pages:
        name = page.relative_to(root).as_posix()
        for line, where, url in site.page(page).urls:
            target, fragment, problem = site.resolve(page, url)
            if problem:
                problems.append(f"{root.name}/{name}:{line}: {where}=\"{url}\" — {problem}")
                continue
            if target is None:
                continue
            links += 1
            if fragment:
                ids = site.ids_of(target)
                if ids is not None and fragment not in ids:
                    shown = target.relative_to(root).as_posix()
                    problems.append(f"{root.name}/{name}:{line}: {where}=\"{url}\" — {shown} 里没有 id=\"{fragment}\"")
    return problems, len(pages), links


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查生成的网站里的内部链接和 #锚点（离线，只用标准库）")
    parser.add_argument("site", nargs="?", default="site", help="网站目录（默认 site）")
    parser.add_argument("--base-url", help="网站地址（默认读 sitemap.xml，即 mkdocs.yml 的 site_url）")
    args = parser.parse_args(argv)
    root = Path(args.site)
    if not (root / "index.html").is_file():
        say(f"没有找到 {root}/index.html：请先生成网站（make site）。", error=True)
        return 2
    problems, pages, links = check(root, args.base_url)
    say(*problems, error=True)
    if problems:
        say(f"链接检查没有通过：{len(problems)} 个链接或锚点找不到（共检查 {pages} 个页面）。", error=True)
        return 1
    say(f"链接检查通过：{pages} 个页面，{links} 个内部链接和锚点都能找到。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
