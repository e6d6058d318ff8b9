"""QR codes for printed notices, made at build time (no script, no service).

Making one takes ~13 ms and a ten-year school prints some 600 notices, so a code is
cached on disk (next to the photo renditions) under the sha256 of its URL and a
fingerprint of everything that changes the SVG; a hit is the same bytes as a fresh one.
"""
from __future__ import annotations

import importlib.util
import re
from functools import cache
from importlib.metadata import version
from pathlib import Path

import qrcode
import qrcode.image.svg
from markupsafe import Markup

from .. import cache as on_disk
from ..cache import Entries, write_atomically

QR_VERSION = 1  # bump whenever qr_svg changes its output: it invalidates every cached code
_ENTRIES = Entries("{key}-qr-{fingerprint}.svg")


@cache
def fingerprint() -> str:
    """What changes the SVG besides the URL: this module's version, qrcode's, and the XML writer."""
    writer = "lxml" if importlib.util.find_spec("lxml") else "etree"  # qrcode uses lxml when present
    text = f"{QR_VERSION}|{version('qrcode')}|{writer}"
    return on_disk.fingerprint(text)


def qr_svg(url: str, cache_dir: Path | None = None) -> Markup:
    """An inline SVG QR code for a URL, with error correction for a worn notice board."""
    if cache_dir is None:
        return Markup(_make(url))
    entry = cache_dir / _ENTRIES.name(on_disk.key(url), fingerprint())
    try:
        cached = entry.read_text(encoding="utf-8")
        if cached.startswith("<svg ") and cached.endswith("</svg>"):  # written atomically; checked anyway
            return Markup(cached)
    except (OSError, UnicodeDecodeError):
        pass
    svg = _make(url)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomically(entry, svg.encode("utf-8"))
    except OSError:  # a read-only cache costs time, never the build
        pass
    return Markup(svg)


def prune_codes(cache_dir: Path) -> None:
    """Codes made by another version of this module are dead: delete them (never other entries)."""
    _ENTRIES.prune(cache_dir, fingerprint())


def _make(url: str) -> str:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = re.sub(r'"\s*/>', '" />', svg)  # qrcode writes with lxml when present, ElementTree otherwise
    # qrcode escapes nothing it did not make: the URL is only encoded in the path data.
    return svg.replace("<svg ", '<svg role="img" aria-label="二维码：扫码打开本页网址" ', 1)
