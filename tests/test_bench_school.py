"""The generator of the synthetic ten-year school (scripts/make_bench_school.py), used by `make bench-site`."""
import importlib.util
import re
from pathlib import Path

from conftest import REPO

from schoolpub.loader import load_site

spec = importlib.util.spec_from_file_location("make_bench_school", REPO / "scripts/make_bench_school.py")
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)


def test_shift_years_moves_every_date_back_and_keeps_29_february_valid():
    text = "start: 2026-05-11\nend: 2024-02-29\nbody: 2025年9月1日开学，2024年2月29日报名\ncode: 12026-05-11\n"
    assert generator.shift_years(text, 2) == ("start: 2024-05-11\nend: 2022-02-28\n"
                                             "body: 2023年9月1日开学，2022年2月28日报名\ncode: 12026-05-11\n")


def test_drop_top_level_removes_a_key_and_its_block_only():
    text = "kind: 艺术节\ngallery:\n  - photo: a.jpg\n    caption: x\n# note\nreport: |\n  text\n"
    # a comment at the margin inside the dropped block goes with it
    assert generator.drop_top_level(text, "gallery") == "kind: 艺术节\nreport: |\n  text\n"


def test_plan_of_the_ten_year_school_is_the_one_of_issue_12():
    assert generator.plan(928) == {"affairs": 620, "honors": 231, "festivals": 60, "fixed": 17}
    assert sum(generator.plan(5000).values()) == 5000


def test_generated_school_is_valid_spread_over_ten_years_and_deterministic(tmp_path: Path):
    first = generator.make_school(tmp_path / "a", records=180, photos=2, size=(64, 48))
    assert first == {"affairs": 75, "honors": 28, "festivals": 60, "fixed": 17, "photos": 120, "records": 180}
    site, problems = load_site(tmp_path / "a" / "data")
    assert not problems, problems.report()
    assert {kind: len(site.of(kind)) for kind in ("affairs", "honors", "festivals", "fees", "regulations")} == \
        {"affairs": 75, "honors": 28, "festivals": 60, "fees": 6, "regulations": 11}
    festival_years = sorted({record.year for record in site.of("festivals").values()})
    assert festival_years == list(range(2017, 2027))
    assert all(len(record.gallery) == 2 and record.guardian_consent for record in site.of("festivals").values())
    affair_years = {record.published.year for record in site.of("affairs").values()}
    assert min(affair_years) <= 2021 and max(affair_years) == 2026
    assert (tmp_path / "a" / "mkdocs.yml").is_file() and (tmp_path / "a" / "hooks" / "mkdocs_engine.py").is_file()
    # Same arguments, same bytes (photos included), and a second school can link the first one's photos.
    generator.make_school(tmp_path / "b", records=180, photos=2, size=(64, 48), reuse_photos=tmp_path / "a")
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "data").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b" / "data").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
    photo = tmp_path / "b" / "data/media/festivals/2017-art/01.jpg"
    assert photo.stat().st_nlink == 2 and not photo.is_symlink()
    generator.make_school(tmp_path / "c", records=180, photos=2, size=(64, 48))
    assert (tmp_path / "c" / "data/media/festivals/2017-art/01.jpg").read_bytes() == photo.read_bytes()
    assert re.search(r"^year: 2017$", (tmp_path / "a/data/festivals/2017-art.yml").read_text(encoding="utf-8"), re.M)
