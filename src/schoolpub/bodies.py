"""Staff-written Markdown bodies (正文, 学校简介, 减免政策 …): rendered, and judged, one way.

Raw HTML is shown as the characters typed (`<a href=…>`, `<img onerror=…>`,
`<iframe>` reach the page as text), images become their alt text (photos belong in
galleries, and a remote image would make parents' phones fetch from a foreign host),
and a link keeps its target only when `urls.is_safe` accepts it. The check
(`unsafe_targets`) and the page (`markdown_block`) run the same converter, so what
the check lets through is exactly what the page publishes as a link.
"""
from __future__ import annotations

import functools
import re
from xml.etree import ElementTree

import markdown as markdown_lib
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from . import urls


# Marks text that was an unsafe link or image: the check refuses such data, so a page with
# this class means the check missed something (tests/test_check_build.py looks for it).
DEFUSED = "sp-unsafe-link"


class _SafeLinks(markdown_lib.treeprocessors.Treeprocessor):
    """Unsafe links become plain text, images their alt text; what was unsafe is kept in
    `refused` as (tag, target) for the check to report."""

    def run(self, root):
        self.refused: list[tuple[str, str]] = []
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "a" and not self._judged_safe("a", element.get("href", "")):
                    element.attrib.pop("href", None)
                    element.tag = "span"
                    element.set("class", DEFUSED)
                elif element.tag == "img":
                    replacement = ElementTree.Element("span")
                    if not self._judged_safe("img", element.get("src", "")):
                        replacement.set("class", DEFUSED)
                    replacement.text = element.get("alt", "")
                    replacement.tail = element.tail
                    parent.remove(element)
                    parent.insert(index, replacement)

    def _judged_safe(self, tag: str, target: str) -> bool:
        target = target.replace(AMP_SUBSTITUTE, "&")  # Python-Markdown's placeholder until it writes the page
        safe = urls.is_safe(target)
        if not safe:
            self.refused.append((tag, target))
        return safe


@functools.cache
def _converter() -> markdown_lib.Markdown:
    # Made once: setting up a converter costs ~4 ms, and a ten-year school has ~700 bodies.
    converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    # Last, after "unescape" (priority 0) has put back backslash-escaped characters, so the
    # target judged is the one written into the page.
    converter.treeprocessors.register(_SafeLinks(converter), "schoolpub_safe_links", -1)
    return converter


def _convert(text: str) -> tuple[str, list[tuple[str, str]]]:
    converter = _converter()
    converter.reset()  # no state (references, ids) from the previous body
    rendered = converter.convert(text)
    return rendered, converter.treeprocessors["schoolpub_safe_links"].refused


def markdown_block(text: str) -> Markup:
    """Staff Markdown → HTML with raw HTML shown as text, never executed."""
    rendered, _ = _convert(text)
    # A blank line before and after keeps the surrounding page Markdown intact.
    # No `markdown="0"`: under md_in_html a block-level <div> is raw HTML by default, and
    # at the top level md_in_html passes the start tag through as written, so the
    # attribute would reach the published HTML (invalid: Nu reports it on every record page).
    return Markup(f'\n<div class="sp-markdown">\n{rendered}\n</div>\n')


# Where Python-Markdown takes a target from: `](` (inline link or image), `]:` (a reference
# definition) and `<…>` (autolinks: <ftp://…> too). A body with none of them has no target,
# and the check skips converting it (most bodies: the check of a ten-year school stays fast).
_MAY_HOLD_TARGET = re.compile(r"\]\(|\]:|<")


def unsafe_targets(text: str) -> list[tuple[str, str]]:
    """(tag, target) of every link ("a") and image ("img") whose target the page would
    refuse, in the order they appear; the target as Markdown read it from the text."""
    return _convert(text)[1] if _MAY_HOLD_TARGET.search(text) else []
