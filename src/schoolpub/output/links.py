"""Where an internal link of a generated page points, from the URL and the page's name alone.

What depends on no other file is worked out here once per page and kept with the page's other
facts (page_facts.py): the site-relative path a link names, or why it can never be right (outside
the site's address, above its root). Whether that path exists, and has the #anchor, is asked
again on every scan (deadlinks.py), since other pages come and go.
"""
from __future__ import annotations

import posixpath
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

# URL schemes that are not files of the site (phone numbers, e-mail, inline data).
UNCHECKED_SCHEMES = {"mailto", "tel", "sms", "data", "javascript", "blob", "about"}


class Link(NamedTuple):
    """One internal link of a page as written (line, "tag.attribute", url) and what it names."""

    line: int
    where: str
    url: str
    problem: str | None = None  # wrong whatever the site holds; then nothing below is set
    path: str = "."  # the site-relative path it names ("." the site's root); may not exist
    wants_directory: bool = False  # the URL ends in "/" (or names the root): a directory, not a file
    fragment: str | None = None  # the #anchor, decoded; None when the URL has no "#"


class Resolver:
    """Links of the site whose address is `base_url` (site_url; "/" when it has none)."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        split = urlsplit(base_url)
        self.base_host = (split.scheme, split.netloc) if split.netloc else None
        self.base_path = split.path if split.path.endswith("/") else split.path + "/"

    def resolve(self, page: str, line: int, where: str, url: str) -> Link | None:
        """The link of `page` (site-relative path) to `url`; None for what is not checked (another host,
        mailto:, tel:, …)."""
        split = urlsplit(url)
        if split.scheme.lower() in UNCHECKED_SCHEMES:
            return None
        path = unquote(split.path)
        fragment = unquote(split.fragment) if "#" in url else None
        if split.scheme or split.netloc:
            scheme = split.scheme.lower() or (self.base_host[0] if self.base_host else "")
            if not self.base_host or (scheme, split.netloc.lower()) != (self.base_host[0], self.base_host[1].lower()):
                return None  # another host
            path = "/" + path.lstrip("/") if path else "/"
        if path.startswith("/"):
            if not path.startswith(self.base_path) and path + "/" != self.base_path:
                return Link(line, where, url, problem=f"不在网站地址 {self.base_path} 之下")
            relative = path[len(self.base_path):] if path.startswith(self.base_path) else ""
            directory = ""
        else:
            relative = path
            directory = posixpath.dirname(page)
        if not path and fragment is not None:
            return Link(line, where, url, path=page, fragment=fragment)  # "#anchor" on the same page
        joined = posixpath.normpath(posixpath.join(directory, relative)) if relative else (directory or ".")
        if joined == ".." or joined.startswith("../"):
            return Link(line, where, url, problem="指向网站目录之外")
        return Link(line, where, url, path=joined, wants_directory=path.endswith("/") or not relative,
                    fragment=fragment)
