"""Where in docs/ a generated page's text was written: a message names the line staff edit.

The output page about/index.html comes from docs/about.md (or docs/about/index.md); the
record pages are generated from data/ and have no such file. Engine-independent: the
mapping is the directory URLs both engines use.
"""
from __future__ import annotations

import html
from pathlib import Path


def docs_candidates(page: str) -> list[str]:
    """The docs/ files an output page (relative path) may come from."""
    if page == "index.html":
        return ["index.md", "README.md"]
    if page.endswith("/index.html"):
        stem = page[: -len("/index.html")]
        return [f"{stem}.md", f"{stem}/index.md", f"{stem}/README.md"]
    return [page[: -len(".html")] + ".md"] if page.endswith(".html") else []


def written_at(project: Path | None, page: str, text: str) -> str | None:
    """`docs/about.md:12`: the first line of the page's source where `text` is written (character
    references decoded, as the browser reads them), or None."""
    if project is None:
        return None
    for candidate in docs_candidates(page):
        source = project / "docs" / candidate
        line = line_of(source, text) if source.is_file() else None
        if line:
            return f"docs/{candidate}:{line}"
    return None


def line_of(source: Path, text: str) -> int | None:
    """The first line of a source file where `text` is written, character references decoded."""
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((number for number, line in enumerate(lines, start=1) if text in html.unescape(line)), None)
