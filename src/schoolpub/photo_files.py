"""Reading photo originals: opened safely (header first, every failure a message for staff) and hashed once.

Both the check-time gate and the publishing pipeline (media.py) read originals only
through here, so a file the check accepts is read the same way by the build.
"""
from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from . import photo_digests

MAX_PIXELS = 50_000_000  # 50 MP: above any phone's normal photo, far below a decompression bomb
# Pillow's names; browsers and WeChat show all of them. MPO is a JPEG with extra pictures appended
# (depth map, portrait mode: many phones' camera JPEGs): Pillow names it MPO, we publish the first.
ACCEPTED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP")


class PhotoError(Exception):
    """A photo that cannot be published; the message is for staff (Chinese, names the file, says what to do)."""


@contextlib.contextmanager
def open_photo(path: Path, shown_as: str) -> Iterator[Image.Image]:
    """The photo opened lazily (header read, pixels not yet), or PhotoError with the staff's message.

    Any failure while the caller decodes it (a truncated file) also becomes a PhotoError, so a
    bad photo stops the build with a message, never with a traceback.
    """
    with warnings.catch_warnings():
        # MAX_PIXELS is below Pillow's limit, so its DecompressionBombWarning would only repeat our
        # check; its UserWarnings ("Possibly corrupt EXIF data") are about metadata we drop anyway.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        warnings.simplefilter("ignore", UserWarning)
        with _open(path, shown_as) as image:
            problem = _header_problem(image, path, shown_as)
            if problem:
                raise PhotoError(problem)
            try:
                yield image
            except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError):
                raise PhotoError(f"{shown_as} 读到一半出错：文件不完整或已损坏。请重新从相机或手机导出这张照片，"
                                 "替换这个文件。") from None


def _open(path: Path, shown_as: str) -> Image.Image:
    try:
        return Image.open(path)
    except Image.DecompressionBombError as error:  # beyond twice Pillow's limit: it refuses before we see the size
        raise PhotoError(_too_many_pixels(shown_as, _pixels_in(str(error)))) from None
    except FileNotFoundError:
        raise PhotoError(f"找不到文件 {shown_as}。请先把照片放到这个位置，或检查路径拼写。") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoError(_unreadable(path, shown_as)) from None


def _header_problem(image: Image.Image, path: Path, shown_as: str) -> str | None:
    if image.format not in ACCEPTED_FORMATS:
        return (f"{shown_as} 实际是 {image.format} 格式（文件名是“{path.suffix}”）。网站只接受 JPEG、PNG 或 WebP 照片："
                "请把它导出（另存）为 JPEG 后替换这个文件。")
    if image.width * image.height > MAX_PIXELS:
        return _too_many_pixels(shown_as, image.width * image.height, image.size)
    return None  # a PNG or WebP named .jpg is fine: every photo is re-encoded anyway


def _too_many_pixels(shown_as: str, pixels: int | None, size: tuple[int, int] | None = None) -> str:
    if size:
        what = f"是 {size[0]}×{size[1]} 像素（约 {pixels / 10_000:,.0f} 万像素）"
    elif pixels:
        what = f"有约 {pixels / 10_000:,.0f} 万像素"
    else:
        what = "像素太多"
    return (f"{shown_as} {what}，超过了网站的上限 {MAX_PIXELS // 10_000} 万像素（太大的图片会拖垮网站生成）。"
            "请先把照片缩小（长边 4000 像素以内就足够，网页上最大只显示 1600 像素）再放进来。")


def _pixels_in(message: str) -> int | None:
    match = re.search(r"\((\d+) pixels\)", message)  # Pillow's "Image size (N pixels) exceeds limit …"
    return int(match[1]) if match else None


HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1")


def _unreadable(path: Path, shown_as: str) -> str:
    """Pillow cannot identify the file: say what it most likely is, from its first bytes."""
    try:
        with path.open("rb") as file:
            head = file.read(32)
    except OSError:
        head = b""
    if not head:
        return f"{shown_as} 是空文件（0 字节），可能没有传完整。请重新放入这张照片。"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return (f"{shown_as} 实际是 HEIC 格式（苹果手机默认的照片格式），只是文件名写成了“{path.suffix}”。"
                "网页和微信里打不开 HEIC。请把照片导出为 JPEG 后替换这个文件（电脑上用“照片”应用打开后另存为 JPEG；"
                "iPhone 可在 设置 › 相机 › 格式 里选“兼容性最佳”，以后拍的就是 JPEG）。")
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return (f"{shown_as} 已损坏：看起来是图片，但文件头不完整。请重新从相机或手机导出这张照片，替换这个文件。")
    return (f"{shown_as} 不是图片（无法识别文件内容），虽然文件名以“{path.suffix}”结尾。"
            "请放入 JPEG、PNG 或 WebP 格式的照片。")


def _sha256(source: Path, shown_as: str) -> str:
    """The photo's sha256 (photo_digests.py: hashed once per process, maybe on another thread already)."""
    try:
        return photo_digests.sha256(source)
    except FileNotFoundError:
        raise PhotoError(f"找不到文件 {shown_as}。请先把照片放到这个位置，或检查路径拼写。") from None
