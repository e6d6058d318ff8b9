"""`make photos`: phone originals made reasonable before they are committed.

A phone photo is 3–6 MB; a school that commits 200 a year has a repository of gigabytes
in ten years (slow to clone, and GitHub warns at 1 GB), while the site never publishes
more than 1600 px. Each JPEG under data/media/ whose longest side is over MAX_SIDE is
replaced, in place and under the same name (records keep pointing at it), by the same
picture upright (EXIF orientation applied), in sRGB, at most MAX_SIDE px, without any
metadata (GPS included: the repository is public). PNG and WebP files (logos, drawings)
are only reported. Links are never followed; nothing outside data/media/ is touched.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path


from .cache import write_atomically
from .media import PhotoError, open_photo, render

MAX_SIDE = 2400  # 1.5× the largest published rendition (1600 px): room to re-crop, never visibly worse
QUALITY = 90


@dataclass(frozen=True)
class Shrunk:
    name: str  # data/media/…
    before: tuple[int, int, int]  # width, height, bytes
    after: tuple[int, int, int]

    def human(self) -> str:
        (w0, h0, b0), (w1, h1, b1) = self.before, self.after
        return f"已缩小 {self.name}：{w0}×{h0} → {w1}×{h1}，{b0 / 1e6:.1f} MB → {b1 / 1e6:.1f} MB"


def originals(media_dir: Path) -> list[Path]:
    """Every regular file under data/media/, links neither followed nor returned."""
    found = []
    for folder, directories, files in os.walk(media_dir, followlinks=False):
        directories[:] = sorted(d for d in directories if not (Path(folder) / d).is_symlink())
        found += [Path(folder) / name for name in sorted(files) if not (Path(folder) / name).is_symlink()]
    return found


def shrink_all(project_dir: Path) -> tuple[list[Shrunk], list[str]]:
    """(photos replaced, messages about files left alone: too large but not JPEG, or unreadable)."""
    shrunk, notes = [], []
    media_dir = Path(project_dir) / "data" / "media"
    for path in originals(media_dir) if media_dir.is_dir() else []:
        name = path.relative_to(project_dir).as_posix()
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp"):
            continue
        try:
            with open_photo(path, name) as image:
                size, kind = image.size, image.format
        except PhotoError as error:
            notes.append(str(error))
            continue
        if max(size) <= MAX_SIDE:
            continue
        if kind not in ("JPEG", "MPO"):
            notes.append(f"{name} 是 {size[0]}×{size[1]} 像素的 {kind} 图片，比需要的大；它不是照片（JPEG），"
                         f"请用图片软件手动缩小到最长边 {MAX_SIDE} 像素以内。")
            continue
        shrunk.append(_shrink(path, name, size))
    return shrunk, notes


def _shrink(path: Path, name: str, size: tuple[int, int]) -> Shrunk:
    before = path.stat().st_size
    picture = render(path, MAX_SIDE, name)  # upright, sRGB, a new image: no EXIF, GPS, XMP, ICC or comment
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=QUALITY, optimize=True, progressive=True)
    write_atomically(path, buffer.getvalue())
    return Shrunk(name, (size[0], size[1], before), (picture.width, picture.height, len(buffer.getvalue())))
