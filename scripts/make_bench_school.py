"""A synthetic ten-year school made from the demo data, for `make bench-site`.

The demo's fee notices and regulations as they are; its disclosures and honour lists
copied with new ids, each copy moved back by 0–9 years so the records spread over ten
school years; six festivals (one per kind) in each of the ten years, each with its own
gallery of photos. The default size is the school of issue 12 (620 disclosures, 231
honour lists, 60 festivals × 33 photos of 1600×1200 = 1,980 photos); `--records 5000`
scales the disclosures and honour lists and may reuse the photo files of another
generated school (hard links, so no disk is spent and no link is followed).

Everything is written under the target folder (by default .bench/, gitignored): never in
data/. The output is deterministic: the same arguments give the same bytes.

    python scripts/make_bench_school.py .bench/school-1000 --records 928
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD_FILES = ("mkdocs.yml", "macros.py", "search-words.txt", "docs", "overrides", "hooks", "src")
YEARS = 10
LAST_YEAR = 2026
FESTIVAL_SLUGS = {"艺术节": "art", "体育节": "sports", "科技节": "science", "读书节": "reading",
                  "象棋节": "chess", "劳动周": "labor"}
# The ten-year school of issue 12: the demo's 6 fee notices and 11 regulations, 60 festivals.
DEFAULT_RECORDS = 928
SHARE_AFFAIRS = 620 / 851  # of the disclosures + honour lists, as in issue 12
_DATE = re.compile(r"(?<![0-9])(20[0-9]{2})-([0-9]{2})-([0-9]{2})(?![0-9])")
_CHINESE_DATE = re.compile(r"(?<![0-9])(20[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日")


def shift_years(text: str, years: int) -> str:
    """Every date of a record file `years` earlier (29 February becomes the 28th)."""
    def iso(match: re.Match) -> str:
        year, month, day = int(match[1]) - years, int(match[2]), int(match[3])
        day = 28 if (month, day) == (2, 29) else day
        return f"{year:04d}-{month:02d}-{day:02d}"

    def chinese(match: re.Match) -> str:
        month, day = int(match[2]), int(match[3])
        return f"{int(match[1]) - years}年{month}月{28 if (month, day) == (2, 29) else day}日"

    return _CHINESE_DATE.sub(chinese, _DATE.sub(iso, text))


def drop_top_level(text: str, key: str) -> str:
    """The YAML text without one top-level key and its indented block."""
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        top = line[:1] not in (" ", "\t", "#", "\n", "\r", "")
        if top:
            skipping = line.startswith(f"{key}:")
        if not skipping:
            kept.append(line)
    return "".join(kept)


def plan(records: int) -> dict[str, int]:
    """How many records of each kind a school of about `records` records has."""
    demo = ROOT / "data"
    fixed = sum(1 for _ in (demo / "fees").glob("*.yml")) + sum(1 for _ in (demo / "regulations").glob("*.yml"))
    festivals = YEARS * len(FESTIVAL_SLUGS)
    rest = max(records - fixed - festivals, 0)
    affairs = round(rest * SHARE_AFFAIRS)
    return {"affairs": affairs, "honors": rest - affairs, "festivals": festivals, "fixed": fixed}


def copy_records(kind: str, count: int, target: Path) -> None:
    """`count` records of a kind: the demo's own first, then copies moved back 0–9 years."""
    sources = sorted((ROOT / "data" / kind).glob("*.yml"))
    for number in range(count):
        source = sources[number % len(sources)]
        copy = number // len(sources)
        years = copy % YEARS
        name = source.name if copy == 0 else f"{source.stem}-c{copy:04d}.yml"
        text = source.read_text(encoding="utf-8")
        if copy:
            text = drop_top_level(text, "number")  # a decision's own number is unique to it
        (target / "data" / kind / name).write_text(shift_years(text, years), encoding="utf-8")


def festival_records(target: Path, photos: int) -> list[str]:
    """Six festivals a year for ten years; returns every photo path they reference."""
    templates: dict[str, tuple[int, str]] = {}
    for path in sorted((ROOT / "data" / "festivals").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        kind = re.search(r"^kind: (\S+)", text, re.M)[1]
        year = int(re.search(r"^year: (\d+)", text, re.M)[1])
        edition = int(re.search(r"^edition: (\d+)", text, re.M)[1])
        templates[kind] = (year, text, edition)  # sorted by name: the newest year wins
    references = []
    for kind, slug in FESTIVAL_SLUGS.items():
        template_year, text, template_edition = templates[kind]
        body = drop_top_level(drop_top_level(text, "gallery"), "guardian_consent")
        for year in range(LAST_YEAR - YEARS + 1, LAST_YEAR + 1):
            record_id = f"{year}-{slug}"
            edition = template_edition - (template_year - year)
            record = shift_years(body, template_year - year)
            record = re.sub(r"^edition: \d+", f"edition: {max(edition, year - 2000)}", record, flags=re.M)
            record = re.sub(r"^year: \d+", f"year: {year}", record, flags=re.M)
            gallery = [f"festivals/{record_id}/{index:02d}.jpg" for index in range(1, photos + 1)]
            references += gallery
            lines = "".join(f"  - photo: {photo}\n    caption: 第{index}张活动照片\n"
                            for index, photo in enumerate(gallery, start=1))
            consent = bool(gallery) or "recipient_kind: 学生" in record  # pupils' names need it as photos do
            extra = (f"gallery:\n{lines}" if gallery else "") + ("guardian_consent: true\n" if consent else "")
            (target / "data" / "festivals" / f"{record_id}.yml").write_text(record.rstrip("\n") + "\n" + extra,
                                                                            encoding="utf-8")
    return references


def photo_bytes(seed: str, size: tuple[int, int]) -> bytes:
    """A JPEG with photo-like texture (smooth noise) whose pixels depend on `seed` only."""
    import io

    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    small = (max(size[0] // 16, 1), max(size[1] // 16, 1))
    noise = Image.frombytes("RGB", small, rng.randbytes(small[0] * small[1] * 3))  # seeded, unlike effect_noise
    picture = noise.resize(size, Image.BICUBIC)
    draw = ImageDraw.Draw(picture)
    for _ in range(8):  # a few shapes, so no two photos are alike even when the noise repeats
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.ellipse((x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 400)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=88)
    return output.getvalue()


def write_photos(target: Path, references: list[str], size: tuple[int, int], reuse: Path | None) -> None:
    for reference in references:
        path = target / "data" / "media" / reference
        path.parent.mkdir(parents=True, exist_ok=True)
        original = reuse / "data" / "media" / reference if reuse else None
        if original is not None and original.is_file():
            try:
                os.link(original, path)  # a hard link is a plain file: nothing for the inventory to refuse
                continue
            except OSError:
                pass
        path.write_bytes(photo_bytes(reference, size))


def copy_build_files(target: Path) -> None:
    """The repository's build files (settings, wiring, docs pages) as they are now, replacing older copies."""
    for name in BUILD_FILES:
        source, copy = ROOT / name, target / name
        if copy.is_dir():
            shutil.rmtree(copy)
        if source.is_dir():
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy)


def make_school(target: Path, records: int = DEFAULT_RECORDS, photos: int = 33,
                size: tuple[int, int] = (1600, 1200), reuse_photos: Path | None = None) -> dict[str, int]:
    """Write a buildable project (build files + synthetic data/) into `target`; returns the plan."""
    counts = plan(records)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    copy_build_files(target)
    data = target / "data"
    data.mkdir()
    shutil.copy(ROOT / "data" / "school.yml", data / "school.yml")
    for kind in ("affairs", "honors", "festivals"):
        (data / kind).mkdir()
    for kind in ("fees", "regulations"):
        shutil.copytree(ROOT / "data" / kind, data / kind)
    # Every medium of the demo except the festivals' photos (the synthetic festivals have their own).
    shutil.copytree(ROOT / "data" / "media", data / "media", ignore=shutil.ignore_patterns("festivals"))
    copy_records("affairs", counts["affairs"], target)
    copy_records("honors", counts["honors"], target)
    write_photos(target, festival_records(target, photos), size, reuse_photos)
    counts["photos"] = counts["festivals"] * photos
    counts["records"] = counts["affairs"] + counts["honors"] + counts["festivals"] + counts["fixed"]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS)
    parser.add_argument("--photos", type=int, default=33, help="photos per festival")
    parser.add_argument("--size", default="1600x1200", help="photo size in pixels, WxH")
    parser.add_argument("--reuse-photos", type=Path, help="another generated school whose photo files to link")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.split("x"))
    counts = make_school(args.target, args.records, args.photos, (width, height), args.reuse_photos)
    print(f"{args.target}: {counts['records']} records ({counts['affairs']} affairs, {counts['honors']} honors, "
          f"{counts['festivals']} festivals, {counts['fixed']} fees and regulations), {counts['photos']} photos "
          f"({dt.date.today():%Y-%m-%d})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
