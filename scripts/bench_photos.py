"""Benchmark the photo pipeline (src/schoolpub/media.py) and print a small table.

    .venv/bin/python scripts/bench_photos.py

1. Makes 12 synthetic 12-megapixel JPEGs (4000×3000, shapes plus sensor-like noise so
   they weigh what phone photos weigh, EXIF with a GPS IFD) in a temporary directory.
2. Photos per second: cold (empty cache, one process per core), cold in one process
   (to show what the pool buys), warm (everything cached: hashing and header reads only).
3. The demo site: `make site` (scripts/build_site.py) with an empty vs a warm photo cache (SCHOOLPUB_PHOTO_CACHE).
4. Bytes: the originals vs everything published from them.
Nothing is written outside the temporary directory.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from schoolpub.build import photo_references
from schoolpub.loader import load_site
from schoolpub.media import PublishResult, publish_all

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = 12
SIZE = (4000, 3000)


def synthetic_photo(seed: int) -> Image.Image:
    """Shapes on a sky-to-ground gradient, upscaled (smooth areas), plus grainy noise (detail)."""
    rng = random.Random(seed)
    small = Image.new("RGB", (SIZE[0] // 8, SIZE[1] // 8))
    draw = ImageDraw.Draw(small)
    for y in range(small.height):
        t = y / small.height
        draw.line([(0, y), (small.width, y)], fill=(int(90 + 120 * t), int(140 + 60 * t), int(200 - 90 * t)))
    for _ in range(300):
        x, y, r = rng.randrange(small.width), rng.randrange(small.height), rng.randrange(2, 60)
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape([x - r, y - r // 2, x + r, y + r], fill=tuple(rng.randrange(256) for _ in range(3)))
    image = small.resize(SIZE, Image.Resampling.BILINEAR)
    grain = Image.effect_noise((SIZE[0] // 2, SIZE[1] // 2), 12).resize(SIZE, Image.Resampling.NEAREST)
    return ImageChops.add(image, Image.merge("RGB", (grain, grain, grain)), scale=1.0, offset=-128)


def make_originals(directory: Path) -> dict[str, Path]:
    exif = Image.Exif()
    exif[0x010F] = "BenchPhone"
    exif.get_ifd(0x8825)[2] = (30.0, 15.0, 0.0)  # GPSLatitude: the kind of thing that must not be published
    originals = {}
    for index in range(PHOTOS):
        path = directory / f"IMG_{index:04d}.jpg"
        synthetic_photo(index).save(path, "JPEG", quality=90, exif=exif)
        originals[f"festivals/bench/{path.name}"] = path
    return originals


def timed_publish(originals: dict[str, Path], cache: Path, workers: int | None = None) -> tuple[float, PublishResult]:
    start = time.perf_counter()
    result = publish_all(originals, cache, workers=workers)
    return time.perf_counter() - start, result


def timed_build(cache: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SCHOOLPUB_PHOTO_CACHE": str(cache),
           "PYTHONPATH": str(ROOT / "src")}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py"), "--site-dir", str(site),
                             "--build-dir", str(site.with_name(f"{site.name}.build"))],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"make site failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def published_bytes(result: PublishResult, suffix: str | None = None) -> int:
    return sum(path.stat().st_size for photo in result.photos.values() for site_path, path in photo.site_files()
               if suffix is None or site_path.endswith(suffix))


def main() -> int:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-photos-") as temp:
        temp = Path(temp)
        print(f"Making {PHOTOS} synthetic {SIZE[0]}×{SIZE[1]} JPEGs …", flush=True)
        originals = make_originals(temp)
        cold, result = timed_publish(originals, temp / "cache-pool")
        serial, _ = timed_publish(originals, temp / "cache-serial", workers=1)
        warm, again = timed_publish(originals, temp / "cache-pool")
        assert (result.encoded, again.encoded) == (PHOTOS, 0)
        print("Building the demo site (cold, then warm photo cache) …", flush=True)
        demo_cold = timed_build(temp / "cache-demo", temp / "site-cold")
        demo_warm = timed_build(temp / "cache-demo", temp / "site-warm")
        site, _ = load_site(ROOT / "data")
        demo_in = sum((ROOT / "data/media" / reference).stat().st_size for reference in photo_references(site))
        demo_out = sum(path.stat().st_size for path in (temp / "site-warm/media").rglob("*")
                       if path.suffix in (".jpg", ".webp"))
        original_bytes = sum(path.stat().st_size for path in originals.values())
        out = published_bytes(result)
        rows = [
            (f"cold, {result.workers} processes ({cores} cores)", f"{PHOTOS / cold:.2f} photos/s", f"{cold:.2f} s"),
            ("cold, 1 process", f"{PHOTOS / serial:.2f} photos/s", f"{serial:.2f} s"),
            ("warm (all cached, 0 encoded)", f"{PHOTOS / warm:.0f} photos/s", f"{warm * 1000:.0f} ms"),
            ("demo site build, empty cache", "", f"{demo_cold:.2f} s"),
            ("demo site build, warm cache", "", f"{demo_warm:.2f} s"),
            ("originals (12 × 12 MP)", f"{original_bytes / 1e6:.1f} MB", ""),
            ("published (thumb jpg+webp, large jpg)", f"{out / 1e6:.2f} MB",
             f"{100 * (1 - out / original_bytes):.1f} % saved"),
            ("  thumbs: JPEG vs WebP", f"{published_bytes(result, '-thumb.jpg') / 1e3:.0f} kB vs "
                                      f"{published_bytes(result, '-thumb.webp') / 1e3:.0f} kB", ""),
            ("  large JPEGs", f"{published_bytes(result, '-large.jpg') / 1e3:.0f} kB", ""),
            (f"demo photos ({len(photo_references(site))} × 800×600): originals vs published",
             f"{demo_in / 1e3:.0f} kB vs {demo_out / 1e3:.0f} kB", ""),
        ]
    width = max(len(row[0]) for row in rows)
    print(f"\n{'measure':<{width}}  {'value':>22}  {'':>14}")
    for name, value, extra in rows:
        print(f"{name:<{width}}  {value:>22}  {extra:>14}")
    return 0


if __name__ == "__main__":  # the guard matters: the pool's worker processes import this module
    sys.exit(main())
