"""A copy of the built site that opens from a folder (file://): what staff look at before publishing.

The published site has directory URLs (/fees/2027-spring/): a web server answers one with that
folder's index.html, but a browser opening files from a folder shows the folder's listing instead
(issue 23: the first click on 收费公示 in a downloaded preview). The copy links every page by its
index.html and is otherwise the built site byte for byte (photos, styles, QR codes, feeds), so
what staff see is what parents get. Search needs a web server (a browser runs no search worker
from file://); a line at the top of every page says so, and that this copy is not the website.

The copy goes to site-preview/, never site/: it is never published.
"""
from __future__ import annotations

import html
import os
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

NOTE = ("预览：这是网站在本机的副本，只供查看，家长看不到。搜索要在正式网站上才能用。")
NOTE_HTML = (f'<div class="schoolpub-preview-note" role="note" style="padding:.4em 1em;background:#fff3cd;'
             f'color:#3d2c00;font-size:.8rem;text-align:center">{NOTE}</div>')


def make_preview(site: Path, out: Path) -> int:
    """Writes the file:// copy of `site` into `out` (replaced); returns the number of pages."""
    staging = out.with_name(out.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging, copy_function=_link_or_copy, ignore=shutil.ignore_patterns("*.html"))
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        relative = page.relative_to(site).as_posix()
        text = for_files(page.read_text(encoding="utf-8"), relative, site)
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")  # a new file: site/ keeps its own
    shutil.rmtree(out, ignore_errors=True)
    staging.rename(out)
    return len(pages)


def _link_or_copy(source: str, target: str) -> None:
    """Photos and scripts are shared with site/ (nothing changes them in place), else copied."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def for_files(page_html: str, page_path: str, site: Path) -> str:
    """One page with every link to a folder of the site ending in that folder's index.html, and the note."""
    finder = _Links(page_path, site)
    finder.feed(page_html)
    finder.close()
    offsets = _line_offsets(page_html)
    pieces, done = [], 0
    for (line, column), tag_text, new_tag in finder.rewrites:
        start = offsets[line - 1] + column
        pieces += [page_html[done:start], new_tag]
        done = start + len(tag_text)
    return "".join(pieces) + page_html[done:]


def folder_link(value: str, page_path: str, site: Path) -> str | None:
    """`../fees/` → `../fees/index.html` when it names a folder of the site with an index.html;
    None for anything else (another host, an anchor on the page, a file, a folder without a page)."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
    if target.startswith("..") or not (site / target).is_dir() or not (site / target / "index.html").is_file():
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit(("", "", path + "index.html", parts.query, parts.fragment))


class _Links(HTMLParser):
    """Start tags whose href needs rewriting, with their position and raw text (scripts are left alone)."""

    def __init__(self, page_path: str, site: Path):
        super().__init__(convert_charrefs=True)
        self.page_path, self.site = page_path, site
        self.rewrites: list[tuple[tuple[int, int], str, str]] = []

    def handle_starttag(self, tag, attrs):
        tag_text = self.get_starttag_text() or ""
        if tag == "body":
            self.rewrites.append((self.getpos(), tag_text, tag_text + NOTE_HTML))
            return
        new_attrs = [(name, folder_link(value, self.page_path, self.site) if name == "href" and value else None)
                     for name, value in attrs]
        if any(new for _, new in new_attrs):
            written = "".join(f' {name}="{html.escape(new or value, quote=True)}"' if value is not None else f" {name}"
                              for (name, value), (_, new) in zip(attrs, new_attrs))
            self.rewrites.append((self.getpos(), tag_text, f"<{tag}{written}{'/' if tag_text.endswith('/>') else ''}>"))


def _line_offsets(text: str) -> list[int]:
    """Where each line starts, lines counted as HTMLParser.getpos counts them (by "\\n" only)."""
    offsets = [0]
    for line in text.split("\n")[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    return offsets
