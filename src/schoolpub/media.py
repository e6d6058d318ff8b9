"""Published copies of photos: never the originals.

Minimal and safe: orientation applied, scaled down, re-encoded as JPEG with
no metadata at all (EXIF incl. GPS, XMP, ICC, and the JPEG COM comment Pillow
keeps by default). Caching and parallel encoding belong to the photo pipeline.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

SIZES = {"thumb": 480, "large": 1600}
MAX_PIXELS = 80_000_000  # refuse decompression bombs well before Pillow's own limit


@dataclass(frozen=True)
class PublishedPhoto:
    path: str  # site-relative, e.g. media/festivals/2024-art/01-thumb.jpg
    width: int
    height: int
    data: bytes


def published_name(original: str, size: str) -> str:
    stem = PurePosixPath(original)
    return f"media/{stem.with_suffix('').as_posix()}-{size}.jpg"


def publish_photo(source: Path, original: str, size: str) -> PublishedPhoto:
    with Image.open(source) as image:
        if image.width * image.height > MAX_PIXELS:
            raise ValueError(f"{original}: {image.width}×{image.height} pixels is too large")
        image.draft("RGB", (SIZES[size], SIZES[size]))  # JPEG: decode at a reduced scale
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((SIZES[size], SIZES[size]), Image.Resampling.LANCZOS, reducing_gap=3.0)
        clean = Image.new("RGB", upright.size)
        clean.paste(upright.convert("RGB"))  # a new image carries no info/metadata at all
    buffer = io.BytesIO()
    clean.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return PublishedPhoto(published_name(original, size), clean.width, clean.height, buffer.getvalue())
