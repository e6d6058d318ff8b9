"""Is a link target safe, judged on the URL as the browser will see it?

A check on the raw text is not enough: the browser decodes character references
(`&#106;avascript:`, `java&#x73;cript:`, `javascript&colon;`), drops tabs and line
breaks anywhere in a URL, strips leading spaces and control characters, and folds
the scheme's case. Python-Markdown hands the href to the page with its `&` kept, so
the browser then decodes it. Only http, https, mailto, tel and relative targets are
allowed; everything else (javascript:, data:, vbscript:, file: …) is refused.
"""
from __future__ import annotations

import html
import re
from urllib.parse import unquote

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# What the URL parser removes (WHATWG URL: leading/trailing C0 controls and space; tab,
# LF and CR anywhere).
_STRIPPED_EVERYWHERE = re.compile(r"[\t\n\r]")


def as_browser_sees(url: str) -> str:
    """The URL after the decoding a browser applies before it reads the scheme."""
    text = url
    for _ in range(3):  # `&amp;#106;` decodes to `&#106;` once Markdown's own escaping is undone
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = _STRIPPED_EVERYWHERE.sub("", text)
    return text.strip("".join(map(chr, range(0x21))))


def _scheme(url: str) -> str | None:
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def is_safe(url: str) -> bool:
    """A percent-encoded scheme (`%6Aavascript:`) is no scheme to a browser, but never a
    link a school means either: it is judged decoded too."""
    seen = as_browser_sees(url)
    return all(_scheme(form) in (None, *SAFE_SCHEMES) for form in (seen, unquote(seen)))
