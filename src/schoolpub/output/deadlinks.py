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

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .pages import PageParser, parse, site_address

# URL schemes that are not files of the site (phone numbers, e-mail, inline data).
UNCHECKED_SCHEMES = {"mailto", "tel", "sms", "data", "javascript", "blob", "about"}


class Site:
    def __init__(self, root: Path, base_url: str | None) -> None:
        self.root = root
        self.base_url = base_url if base_url is not None else site_address(root)
        split = urlsplit(self.base_url)
        self.base_host = (split.scheme, split.netloc) if split.netloc else None
        self.base_path = split.path if split.path.endswith("/") else split.path + "/"
        self._parsed: dict[Path, PageParser] = {}

    def page(self, path: Path) -> PageParser:
        if path not in self._parsed:
            self._parsed[path] = parse(path)
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
        return self._target(posixpath.normpath(posixpath.join(directory, relative)) if relative else (directory or "."),
                            path.endswith("/") or not relative, fragment)

    def _target(self, joined: str, wants_directory: bool, fragment: str | None):
        if joined == ".." or joined.startswith("../"):
            return None, None, "指向网站目录之外"
        target = self.root / joined if joined != "." else self.root
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
        return self.page(target).ids


def check(root: Path, base_url: str | None = None, site: Site | None = None) -> tuple[list[str], int, int]:
    """(problems, pages checked, links checked); each problem is
    `site/<page>:<line>: <tag.attribute>="<url>" — <reason>` (the directory's own name first)."""
    site = site or Site(root, base_url)
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
