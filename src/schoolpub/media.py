"""Published copies of photos: never the originals.

Children appear in these photos, so what is published is a new picture made
from the original's pixels only: orientation applied, colours converted to
sRGB, scaled down, re-encoded with no metadata at all (EXIF incl. GPS, XMP,
ICC, and the JPEG COM comment Pillow keeps by default).

Originals are opened and hashed only through photo_files.py.

- `inspect_photo` is the check-time gate: the header, and the pixels decoded at 1/8
  scale unless the cache already holds the photo's renditions (it was decoded then).
- `publish_all` is the build-time pipeline: renditions are cached on disk under
  a name made of the original's sha256, the size and a fingerprint of the
  settings, so a rebuild re-encodes only new or changed photos; the misses are
  encoded on every core.
"""
from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path

import PIL
from PIL import Image

from . import cache
from .cache import Entries, write_atomically
from .media_names import SOURCE_DIR, clash_message, clashing_names, published_name  # noqa: F401  (re-exported)
from .photo_files import MAX_PIXELS, PhotoError, _sha256, open_photo  # noqa: F401  (MAX_PIXELS: re-exported)
from .photo_pixels import fitted, jpeg_bytes, render, webp_bytes  # noqa: F401  (render: re-exported)

SIZES = {"thumb": 480, "large": 1600}  # longest side in pixels
CACHE_VARIABLE = "SCHOOLPUB_PHOTO_CACHE"  # another cache directory (benchmarks, CI caches)
PIPELINE_VERSION = 2  # bump whenever the code changes what is published: it invalidates every cached rendition

Progress = Callable[[int, int], None]  # (photos done, photos to do)


@dataclass(frozen=True)
class Settings:
    """Everything that changes the published bytes; its fingerprint is part of every cache name."""

    sizes: Mapping[str, int] = field(default_factory=lambda: dict(SIZES))
    jpeg_quality: int = 82
    webp_quality: int = 75  # at least JPEG q82's PSNR on the demo and on real photos (measured), fewer bytes
    # WebP for the thumbnails only: they are what every gallery page loads, and cheap to encode. The
    # large view is opened on a tap, is the file parents save and forward (JPEG opens everywhere),
    # and as WebP it would cost ~7x the encoding time of the JPEG.
    webp_sizes: tuple[str, ...] = ("thumb",)
    version: int = PIPELINE_VERSION

    def fingerprint(self) -> str:
        # Worked out once per Settings (the check asks for it once per photo): the settings are frozen.
        if "_fingerprint" not in self.__dict__:
            # Pillow's version too: a new libjpeg/libwebp (or a metadata fix) must not be hidden by the cache.
            text = json.dumps({**asdict(self), "sizes": dict(self.sizes), "pillow": PIL.__version__}, sort_keys=True)
            object.__setattr__(self, "_fingerprint", cache.fingerprint(text))
        return self.__dict__["_fingerprint"]


@dataclass(frozen=True)
class PublishedPhoto:
    """One published size of a photo, as the templates and the site need it."""

    path: str  # site-relative JPEG, e.g. media/festivals/2024-art/01-thumb.jpg
    width: int
    height: int
    file: Path  # its bytes: the cache entry the build copies into the site
    webp: str | None = None  # site-relative WebP of the same picture (for <picture>), or None
    webp_file: Path | None = None

    @property
    def data(self) -> bytes:
        return self.file.read_bytes()

    def site_files(self) -> list[tuple[str, Path]]:
        """(site path, file to copy) for every file this rendition adds to the site."""
        return [(self.path, self.file)] + ([(self.webp, self.webp_file)] if self.webp and self.webp_file else [])


@dataclass(frozen=True)
class Rendition:
    """One size encoded in memory, without the cache (publish_photo)."""

    path: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class PublishResult:
    photos: dict[tuple[str, str], PublishedPhoto]  # (original, size name) → rendition
    encoded: int  # originals encoded in this run; 0 when everything came from the cache
    reused: int  # originals served entirely from the cache
    workers: int  # processes that encoded: 0 (nothing to do), 1 (this process) or a pool's size


# -- the check-time gate: header only ------------------------------------------------

def inspect_photo(path: Path, shown_as: str | None = None, cache_dir: Path | None = None) -> str | None:
    """The problem staff must fix before this photo can be published, or None.

    What the check accepts must build, so the pixels are decoded too: a JPEG cut off
    after its header is refused here, not in the build. A JPEG is decoded at 1/8
    scale (it still reads every byte of the picture, at a fraction of the cost), and
    not at all when `cache_dir` already holds its renditions: it was decoded then.
    `shown_as` is how the message names the file (default: its name), e.g. "data/media/festivals/x/01.jpg".
    """
    shown_as = shown_as or path.name
    try:
        with open_photo(path, shown_as) as image:
            if cache_dir is None or not _published_before(path, shown_as, cache_dir):
                image.draft("RGB", fitted(image.size, max(1, max(image.size) // 8)))
                image.load()
            return None
    except PhotoError as error:
        return str(error)


def _published_before(path: Path, shown_as: str, cache_dir: Path) -> bool:
    # Entries are written only after their original decoded and encoded, and atomically: that they
    # exist is the proof wanted here (the build still reads each one before it publishes it), so the
    # check does not open 2 cached pictures per photo.
    settings = _DEFAULT_SETTINGS
    digest, fingerprint = _sha256(path, shown_as), settings.fingerprint()
    entries = [cache_dir / _CACHE_ENTRIES.name(digest, fingerprint, size=size, format="jpg") for size in settings.sizes]
    entries += [entry.with_suffix(".webp") for entry, size in zip(entries, settings.sizes) if size in settings.webp_sizes]
    return all(entry.is_file() for entry in entries)


_DEFAULT_SETTINGS = Settings()


def cache_dir_of(project_dir: Path) -> Path:
    """.cache/photos/ at the project root (next to data/), unless SCHOOLPUB_PHOTO_CACHE says otherwise."""
    value = os.environ.get(CACHE_VARIABLE)
    return Path(value) if value else project_dir / ".cache" / "photos"


# -- encoding one photo ----------------------------------------------------------------

def publish_photo(source: Path, original: str, size: str, settings: Settings | None = None) -> Rendition:
    """One size of one photo as a JPEG in memory, without the cache (one-off uses and tests)."""
    settings = settings or Settings()
    picture = render(source, settings.sizes[size], f"{SOURCE_DIR}/{original}")
    return Rendition(published_name(original, size), picture.width, picture.height,
                     jpeg_bytes(picture, settings.jpeg_quality))


# -- the cached, parallel pipeline -----------------------------------------------------

@dataclass(frozen=True)
class _Job:
    """One original to encode into its cache entries (picklable: it crosses into a worker process)."""

    source: Path
    shown_as: str
    entries: dict[str, Path]  # size name → cache file of its JPEG (its WebP, if any, sits next to it)
    settings: Settings


def publish_all(originals: Mapping[str, Path], cache_dir: Path, settings: Settings | None = None,
                workers: int | None = None, progress: Progress | None = None) -> PublishResult:
    """Every size of every original (reference → file), from the cache or freshly encoded.

    `progress(done, total)` is called only when something has to be encoded (first with done=0).
    Raises PhotoError for a photo that cannot be published.
    """
    settings = settings or Settings()
    _refuse_clashing_names(originals)
    cache_dir.mkdir(parents=True, exist_ok=True)
    fingerprint = settings.fingerprint()
    entries: dict[str, dict[str, Path]] = {}
    sizes: dict[str, dict[str, tuple[int, int]]] = {}  # original → size name → (width, height)
    jobs: dict[str, _Job] = {}
    for original, source in originals.items():
        shown_as = f"{SOURCE_DIR}/{original}"
        digest = _sha256(source, shown_as)
        entries[original] = {size: cache_dir / _CACHE_ENTRIES.name(digest, fingerprint, size=size, format="jpg")
                             for size in settings.sizes}
        cached = _cached_sizes(entries[original], settings)
        if cached is None:
            jobs[original] = _Job(source, shown_as, entries[original], settings)
        else:
            sizes[original] = cached
    encoded, workers = _encode_all(jobs, min(workers or os.cpu_count() or 1, len(jobs)), progress)
    sizes.update(encoded)
    _CACHE_ENTRIES.prune(cache_dir, fingerprint)
    photos = {(original, size): _published(original, size, entry, sizes[original][size], settings)
              for original, by_size in entries.items() for size, entry in by_size.items()}
    return PublishResult(photos, encoded=len(jobs), reused=len(originals) - len(jobs), workers=workers)


def _published(original: str, size: str, entry: Path, dimensions: tuple[int, int],
               settings: Settings) -> PublishedPhoto:
    with_webp = size in settings.webp_sizes
    return PublishedPhoto(published_name(original, size), *dimensions, file=entry,
                          webp=published_name(original, size, ".webp") if with_webp else None,
                          webp_file=entry.with_suffix(".webp") if with_webp else None)


def _refuse_clashing_names(originals: Mapping[str, Path]) -> None:
    """The check refuses these already (media_checks.py); this keeps the build from ever publishing one over the other."""
    pairs = clashing_names(originals)
    if pairs:
        raise PhotoError(clash_message(*pairs[0]))


def _cached_sizes(entries: dict[str, Path], settings: Settings) -> dict[str, tuple[int, int]] | None:
    """(width, height) of every cached size, or None if any entry is missing or unreadable."""
    sizes = {}
    for size, entry in entries.items():
        if size in settings.webp_sizes and not entry.with_suffix(".webp").is_file():
            return None
        try:
            with Image.open(entry) as image:  # header only
                sizes[size] = image.size
        except (OSError, SyntaxError, ValueError):
            return None
    return sizes


def _encode_all(jobs: dict[str, _Job], workers: int, progress: Progress | None
                ) -> tuple[dict[str, dict[str, tuple[int, int]]], int]:
    """Encode the misses in a pool of `workers` processes (at most one per miss: no idle
    processes), or in this one for a single miss. Returns the sizes and the processes used."""
    if not jobs:
        return {}, 0
    report = progress or (lambda done, total: None)
    report(0, len(jobs))
    if workers > 1:
        try:
            return _encode_in_pool(jobs, workers, report), workers
        except (BrokenProcessPool, OSError, NotImplementedError):
            # No worker processes here (a sandbox without /dev/shm for the pool's semaphores, or a
            # program read from stdin that spawn cannot re-import): publish anyway, in this process.
            # A real error (disk full) comes back below; a bad photo is a PhotoError and never lands here.
            report(0, len(jobs))
    done = {}
    for original, job in jobs.items():
        done[original] = _encode(job)
        report(len(done), len(jobs))
    return done, 1


def _encode_in_pool(jobs: dict[str, _Job], workers: int, report: Progress) -> dict[str, dict[str, tuple[int, int]]]:
    # spawn, not fork: the build may run threads (mkdocs serve's file watcher), and forking a
    # process with threads can deadlock on a lock held at the moment of the fork.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = {pool.submit(_encode, job): original for original, job in jobs.items()}
        done = {}
        for future in as_completed(futures):
            done[futures[future]] = future.result()  # a worker's PhotoError is raised here
            report(len(done), len(jobs))
        return done
    finally:
        pool.shutdown(cancel_futures=True)  # after a failure, do not encode the rest for nothing


def _encode(job: _Job) -> dict[str, tuple[int, int]]:
    """Worker: every size of one original into the cache; returns (width, height) per size."""
    sizes = {}
    for size, entry in job.entries.items():
        picture = render(job.source, job.settings.sizes[size], job.shown_as)
        write_atomically(entry, jpeg_bytes(picture, job.settings.jpeg_quality))
        if size in job.settings.webp_sizes:
            write_atomically(entry.with_suffix(".webp"), webp_bytes(picture, job.settings.webp_quality))
        sizes[size] = picture.size
    return sizes


# <sha256 of the original>-<size>-<fingerprint>.jpg, and .webp for the sizes in Settings.webp_sizes
_CACHE_ENTRIES = Entries("{key}-{size}-{fingerprint}.{format}", {"size": r"\w+", "format": "jpg|webp"})
