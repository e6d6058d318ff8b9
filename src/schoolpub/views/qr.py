"""QR codes for printed notices, made at build time (no script, no service)."""
from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """An inline SVG QR code for a URL, with error correction for a worn notice board."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.svg.SvgPathImage)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image().to_string(encoding="unicode")
    svg = re.sub(r'"\s*/>', '" />', svg)  # qrcode writes with lxml when present, ElementTree otherwise
    # qrcode escapes nothing it did not make: the URL is only encoded in the path data.
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="二维码：扫码打开本页网址" ', 1))
