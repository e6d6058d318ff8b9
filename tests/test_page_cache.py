"""The record-page cache (views/page_cache.py): a page is rendered again only when something it shows changed.

Every test builds all record pages of a copy of the demo school twice and names exactly
which pages the second build rendered; every hit is compared with a fresh render.
"""
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from conftest import demo_context, edit_data

from schoolpub import views
from schoolpub.context import Context
from schoolpub.views import page_cache
from schoolpub.views.page_cache import PageCache



@pytest.fixture
def project(demo_data: Path) -> Path:
    return demo_data



def build_pages(context: Context) -> tuple[dict, list]:
    """Every record page through the cache, as schoolpub.plan makes them; and which ones were rendered."""
    cache = PageCache(context.cache_dir)
    pages = {(kind.name, record_id): cache.page(context, kind.name, record_id,
                                                lambda: views.record_file(context, kind.name, record_id))
             for kind, record_id, _ in views.all_records(context.site)}
    cache.prune()
    return pages, sorted(cache.rendered)


def fresh(context: Context) -> dict:
    return {(kind.name, record_id): views.record_file(context, kind.name, record_id)
            for kind, record_id, _ in views.all_records(context.site)}



def test_a_second_build_renders_nothing_and_every_hit_is_identical_to_a_fresh_page(project: Path):
    context = demo_context(project)
    first, rendered = build_pages(context)
    assert rendered == sorted(first) and len(first) == 60
    second, rendered = build_pages(demo_context(project))
    assert rendered == []
    assert second == first == fresh(context)


def test_a_changed_record_re_renders_only_itself(project: Path):
    build_pages(demo_context(project))
    edit_data(project, "fees/2027-spring.yml", "issuer: 示例市实验小学", "issuer: 示例市实验小学办公室")
    context = demo_context(project)
    pages, rendered = build_pages(context)
    assert rendered == [("fees", "2027-spring")]
    assert "示例市实验小学办公室" in pages[("fees", "2027-spring")]
    assert pages == fresh(context)


def test_a_comment_or_a_blank_line_in_the_yaml_renders_nothing(project: Path):
    build_pages(demo_context(project))
    edit_data(project, "fees/2027-spring.yml", "issuer: 示例市实验小学", "\n# 由总务处填写\nissuer: 示例市实验小学")
    assert build_pages(demo_context(project))[1] == []


def test_a_regulation_re_renders_when_its_successor_is_renamed(project: Path):
    build_pages(demo_context(project))
    edit_data(project, "regulations/2024-food-safety.yml", "title: 示例市实验小学食品安全与膳食经费管理制度",
         "title: 示例市实验小学食品安全管理制度")
    context = demo_context(project)
    pages, rendered = build_pages(context)
    # the renamed one, and the old canteen rules whose page links it as 现行制度
    assert rendered == [("regulations", "2020-canteen"), ("regulations", "2024-food-safety")]
    assert "现行制度：[示例市实验小学食品安全管理制度](../2024-food-safety/index.md)" in pages[("regulations", "2020-canteen")]
    assert pages == fresh(context)


def test_a_date_written_to_the_month_is_not_the_same_key_as_its_first_day(project: Path):
    edit_data(project, "fees/2024-autumn.yml", "issued: 2024-08-16", "issued: 2024-08-01")
    build_pages(demo_context(project))
    edit_data(project, "fees/2024-autumn.yml", "issued: 2024-08-01", "issued: 2024-08")  # equal as dates, not as shown
    context = demo_context(project)
    pages, rendered = build_pages(context)
    assert rendered == [("fees", "2024-autumn")]
    assert '<time datetime="2024-08">2024-08</time>' in pages[("fees", "2024-autumn")]
    assert pages == fresh(context)


def test_school_settings_and_the_site_address_re_render_every_page(project: Path):
    pages, _ = build_pages(demo_context(project))
    edit_data(project, "school.yml", "name: ", "name: 新")
    assert build_pages(demo_context(project))[1] == sorted(pages)
    assert build_pages(demo_context(project, url="https://school.example.cn/"))[1] == sorted(pages)


def test_the_build_day_re_renders_only_pages_whose_state_changes(project: Path):
    # the spring fee notice is on display until 2027-03-10: the day after, it is 已过公示期
    build_pages(demo_context(project, today=dt.date(2027, 3, 10)))
    pages, rendered = build_pages(demo_context(project, today=dt.date(2027, 3, 11)))
    assert ("fees", "2027-spring") in rendered
    assert "已过公示期" in pages[("fees", "2027-spring")]
    assert ("regulations", "2019-charter") not in rendered  # no date of it lies between the two days
    # a day on which no record has a date: nothing is rendered again
    assert build_pages(demo_context(project, today=dt.date(2027, 3, 12)))[1] == []
    assert pages != fresh(demo_context(project, today=dt.date(2027, 3, 10)))


def test_a_replaced_photo_re_renders_the_page_that_shows_it(project: Path):
    build_pages(demo_context(project))
    media = project / "data" / "media" / "festivals"
    shutil.copyfile(media / "2025-sports" / "02.jpg", media / "2024-art" / "01.jpg")
    context = demo_context(project)
    pages, rendered = build_pages(context)
    assert rendered == [("festivals", "2024-art")]
    assert pages == fresh(context)


def test_a_pipeline_version_change_re_renders_everything_and_prunes_the_old_pages(project: Path, monkeypatch):
    pages, _ = build_pages(demo_context(project))
    cache_dir = project / "cache"
    photo_entries = sorted(path.name for path in cache_dir.iterdir() if "-page-" not in path.name)
    old = page_cache.fingerprint()
    monkeypatch.setattr(page_cache, "RENDER_VERSION", page_cache.RENDER_VERSION + 1)
    page_cache.fingerprint.cache_clear()
    try:
        assert page_cache.fingerprint() != old
        again, rendered = build_pages(demo_context(project))
        assert rendered == sorted(pages) and again == pages
        entries = sorted(path.name for path in cache_dir.iterdir())
        assert sum(1 for name in entries if name.endswith(f"-page-{page_cache.fingerprint()}.md")) == len(pages)
        assert not any(name.endswith(f"-page-{old}.md") for name in entries)
        assert [name for name in entries if "-page-" not in name] == photo_entries  # others' entries stay
    finally:
        page_cache.fingerprint.cache_clear()


def test_a_damaged_entry_is_rendered_again_and_an_unused_one_is_deleted(project: Path):
    pages, _ = build_pages(demo_context(project))
    cache_dir = project / "cache"
    damaged = sorted(cache_dir.glob("*-page-*.md"))[0]
    damaged.write_bytes(damaged.read_bytes()[:-20])
    unused = cache_dir / f"{'0' * 64}-page-{page_cache.fingerprint()}.md"
    unused.write_text("x", encoding="utf-8")
    again, rendered = build_pages(demo_context(project))
    assert len(rendered) == 1 and again == pages
    assert not unused.exists()


def test_without_a_cache_directory_every_page_is_rendered(project: Path):
    context = demo_context(project)
    cache = PageCache(None)
    text = cache.page(context, "fees", "2027-spring", lambda: views.record_file(context, "fees", "2027-spring"))
    assert cache.rendered == [("fees", "2027-spring")] and text == views.record_file(context, "fees", "2027-spring")


def test_a_record_page_reads_no_other_record_than_the_key_names(project: Path):
    """Each page rendered from a site holding only its own record and the records `_others` names
    (a regulation's successor and predecessors) is the same page: the key misses nothing."""
    context = demo_context(project)
    regulations = context.site.of("regulations")
    for kind, record_id, record in views.all_records(context.site):
        kept = {record_id}
        if kind.name == "regulations":
            kept |= {record.superseded_by} - {None}
            kept |= {other_id for other_id, other in regulations.items() if other.superseded_by == record_id}
        alone = dataclasses.replace(context.site, records={
            kind.name: {key: value for key, value in context.site.of(kind.name).items() if key in kept}})
        assert views.record_file(dataclasses.replace(context, site=alone), kind.name, record_id) == \
            views.record_file(context, kind.name, record_id), (kind.name, record_id)


def test_a_photo_attachment_shows_the_size_parents_download(project: Path):
    """A photo attached to a disclosure is published as its large rendition: its size is the one shown."""
    edit_data(project, "affairs/2024-budget.yml", "attachments:\n",
         "attachments:\n  - file: festivals/2024-art/01.jpg\n    title: 预算说明会现场\n")
    context = demo_context(project)
    large = context.photos[("festivals/2024-art/01.jpg", "large")].file.stat().st_size
    original = (project / "data" / "media" / "festivals" / "2024-art" / "01.jpg").stat().st_size
    assert f"{large / 1024:.0f}" != f"{original / 1024:.0f}"  # else this test could not tell them apart
    page = views.record_file(context, "affairs", "2024-budget")
    assert f"[预算说明会现场](../../media/festivals/2024-art/01-large.jpg)（JPG，{large / 1024:.0f} KB）" in page
