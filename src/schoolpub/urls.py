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
from html.parser import HTMLParser
from urllib.parse import quote, unquote

from . import echo

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


def refused(url: str) -> tuple[str, str] | None:
    """(the URL as read, its scheme) when that scheme is not allowed; None for a safe URL.

    A percent-encoded scheme (`%6Aavascript:`) is no scheme to a browser, but never a
    link a school means either: it is judged decoded too."""
    seen = as_browser_sees(url)
    return next(((form, scheme) for form in (seen, unquote(seen))
                 if (scheme := _scheme(form)) not in (None, *SAFE_SCHEMES)), None)


def is_safe(url: str) -> bool:
    return refused(url) is None


_WEB = re.compile(r"(?i)https?://")


def is_web_address(url: str) -> bool:
    """A safe http(s) address: what a link inside an attachment (a PDF, a spreadsheet) may open."""
    return bool(_WEB.match(as_browser_sees(url))) and is_safe(url)


def in_url(path: str) -> str:
    """A file path from the data (an attachment, a photo) as it stands in a URL: all but
    letters, digits, `-._~` and `/` percent-encoded. `预算(定稿).pdf` is a normal name; a
    name like `a)[x](javascript:…).pdf` must not end a Markdown link early and start another."""
    return quote(path, safe="/")


def written(url: str) -> str:
    """Every URL the site writes from the data passes here: an unsafe one is a bug of ours
    (the check refuses unsafe data), so it stops the build instead of reaching a page."""
    if not is_safe(url):
        raise ValueError(f"refusing to write an unsafe URL: {url!r}")
    return url


def file_url(site_url: str, site_path: str) -> str:
    """The absolute URL of a published file (a photo rendition, a PDF) for feeds, open data and link cards."""
    return written(site_url + in_url(site_path))


_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in _URL_ATTRIBUTES and value]


def unsafe_in_html(text: str) -> list[str]:
    """Every unsafe URL attribute of an HTML text (a page's content), in order, as written
    there (character references decoded once, as the parser reads them)."""
    parser = _Targets()
    parser.feed(text)
    parser.close()
    return [target for target in parser.found if not is_safe(target)]


_WHY = {"javascript": "点开会运行脚本", "vbscript": "点开会运行脚本", "livescript": "点开会运行脚本",
        "data": "点开会打开链接里夹带的网页或文件，其中可以藏有脚本", "file": "指向的是某台电脑上的文件，家长打不开"}


def unsafe_message(url: str, image: bool = False) -> str:
    """What staff read about an unsafe target: as typed, as the browser reads it, and the fix.
    Only for a URL that `refused` refuses."""
    read, scheme = refused(url)
    typed, read = echo.quoted(url), echo.quoted(read)
    shown = f"“{typed}”" if read == typed else f"“{typed}”在浏览器里读作“{read}”，"
    if image:
        return (f"图片地址不安全：{shown}不是网页上的图片地址（{scheme}:）。只允许 http、https、mailto、tel "
                "或站内相对地址。请删掉这个图片写法：正文里的图片不会显示在网页上，照片请放进相册。")
    why = _WHY.get(scheme, f"不是网页地址（{scheme}:）")
    return (f"链接地址不安全：{shown}{why}。只允许 http、https、mailto、tel 或站内相对地址。"
            "请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），或者删掉这个链接、只留文字。")
