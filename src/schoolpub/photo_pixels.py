"""One photo's pixels as published: upright, scaled, sRGB, in a brand-new image (no metadata).

The encoders write JPEG and WebP from that image only, so nothing of the original but its
pixels reaches the site (media.py caches and publishes the results).
"""
from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from .photo_files import open_photo


def render(source: Path, longest: int, shown_as: str) -> Image.Image:
    """The picture as published: upright, at most `longest` px, sRGB, in a brand-new image (no metadata)."""
    with open_photo(source, shown_as) as image:
        icc = image.info.get("icc_profile")
        # JPEG only: decode at 1/2, 1/4 or 1/8 scale, never below the target. The box must have the
        # photo's aspect ratio: with a square box a 4:3 photo would never be reduced for 1600 px.
        image.draft("RGB", fitted(image.size, longest))
        upright = _upright(image)
        upright.thumbnail((longest, longest), Image.Resampling.LANCZOS, reducing_gap=3.0)
        return _bare_srgb(upright, icc)


def fitted(size: tuple[int, int], longest: int) -> tuple[int, int]:
    scale = min(longest / size[0], longest / size[1], 1.0)
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except (SyntaxError, ValueError, TypeError, KeyError, OSError):
        # A garbled EXIF block (some editing apps): publish unrotated rather than fail; EXIF is dropped anyway.
        return image.copy()


def _bare_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # Transparent areas (a PNG logo) become white, not the black that a plain convert("RGB") gives.
        image = Image.alpha_composite(Image.new("RGBA", image.size, "white"), image.convert("RGBA"))
    image = _to_srgb(image, icc)
    clean = Image.new("RGB", image.size)
    clean.paste(image)  # a new image carries no info/metadata at all
    return clean


@cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Browsers show an untagged picture as sRGB, so convert before dropping the profile:
    an iPhone's Display P3 photo would otherwise look washed out."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _srgb_profile(), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile, or one for another colour space than the pixels: treat as sRGB
    return image.convert("RGB")


def jpeg_bytes(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def webp_bytes(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=quality, method=4)
    return buffer.getvalue()
