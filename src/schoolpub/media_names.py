"""The names media are published under, and the names that cannot be published.

Published files keep the names staff gave the originals (IMG_2041 (1).jpg publishes as
IMG_2041 (1)-thumb.jpg); every URL to them is percent-encoded (urls.in_url).
What the check refuses here the build could not publish: two originals that would
publish as one file, and a name that grows past what a file system allows.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

SOURCE_DIR = "data/media"  # how messages name an original, the way staff see it in the repository


def published_name(original: str, size: str, suffix: str = ".jpg") -> str:
    stem = PurePosixPath(original)
    return f"media/{stem.with_suffix('').as_posix()}-{size}{suffix}"


NAME_MAX = 255  # bytes in one file name on ext4 and most other file systems


def name_too_long(original: str, sizes: Iterable[str]) -> str | None:
    """The message when a rendition's name (the original's plus "-thumb.webp") would be longer than
    a file system allows: the check passed such a photo and the build stopped with a traceback."""
    stem = PurePosixPath(original).stem  # published_name's file name is "{stem}-{size}{suffix}" (2,000 photos: 0.1 s in paths)
    longest = max(len(f"{stem}-{size}{suffix}".encode()) for size in sizes for suffix in (".jpg", ".webp"))
    if longest <= NAME_MAX:
        return None
    return (f"{SOURCE_DIR}/{original} 的文件名太长：发布时名字后面要加上“-thumb”“-large”，会超过文件系统允许的 "
            f"{NAME_MAX} 字节（一个汉字占 3 字节）。请把文件名改短（例如 {stem[:20]}{PurePosixPath(original).suffix}），"
            "并改掉引用它的 YAML。")


def clashing_names(originals: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of originals that would publish as the same file: 01.jpg and 01.png in one
    folder both publish as 01-thumb.jpg (and IMG.JPG and img.jpg do on a Mac's or
    Windows' disk), so one would silently win."""
    seen: dict[str, str] = {}
    pairs = []
    for original in sorted(originals):
        name = published_name(original, "x").lower()
        if name in seen:
            pairs.append((seen[name], original))
        else:
            seen[name] = original
    return pairs


def clash_message(first: str, second: str) -> str:
    return (f"{SOURCE_DIR}/{first} 和 {SOURCE_DIR}/{second} 只有扩展名或字母大小写不同，发布后会变成同一个文件。"
            "请给其中一张改个名字（并改掉引用它的 YAML）。")
