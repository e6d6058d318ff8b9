"""Year pages kept between builds like record pages (views/page_cache.PageCache.year): a year page is
rendered again only when one of its records' pages would be, or when the section's groups change."""
import datetime as dt
from pathlib import Path

import pytest

from conftest import demo_context, edit_data

from schoolpub import views
from schoolpub.context import Context
from schoolpub.plan import year_file
from schoolpub.views.page_cache import PageCache

YEARS = ["affairs/years/2023/index.md", "affairs/years/2024/index.md", "affairs/years/2025/index.md",
         "affairs/years/2026/index.md", "festivals/years/2024/index.md", "festivals/years/2025/index.md",
         "festivals/years/2026/index.md", "honors/years/2023/index.md", "honors/years/2024/index.md",
         "honors/years/2025/index.md", "honors/years/2026/index.md"]


@pytest.fixture
def project(demo_data: Path) -> Path:
    return demo_data



def build_years(context: Context) -> tuple[dict, list]:
    """Every year page through the cache, as schoolpub.plan makes them (read back as text); which were rendered."""
    cache = PageCache(context.cache_dir)
    pages = {}
    for kind in views.RECORD_TYPES:
        groups = views.section_groups(context, kind.name)
        for year_page in views.year_pages(context, kind.name):
            page = cache.year(context, year_page, groups, lambda year_page=year_page: year_file(context, year_page))
            pages[year_page.src_uri] = page if isinstance(page, str) else page.text()
    cache.prune()
    return pages, sorted(cache.rendered_years)


def fresh(context: Context) -> dict:
    return {year_page.src_uri: year_file(context, year_page)
            for kind in views.RECORD_TYPES for year_page in views.year_pages(context, kind.name)}



def test_a_second_build_renders_no_year_page_and_every_hit_is_a_fresh_page(project: Path):
    context = demo_context(project)
    first, rendered = build_years(context)
    assert rendered == YEARS == sorted(first)
    second, rendered = build_years(demo_context(project))
    assert rendered == []
    assert second == first == fresh(context)


def test_an_edited_record_renders_only_the_year_page_listing_it(project: Path):
    build_years(demo_context(project))
    edit_data(project, "affairs/2023-fire-drill.yml", "title: 2023年", "title: 二〇二三年")
    context = demo_context(project)
    pages, rendered = build_years(context)
    assert rendered == ["affairs/years/2023/index.md"]
    assert "[二〇二三年“119”消防宣传月应急疏散演练情况通报](../../2023-fire-drill/index.md)" in pages[rendered[0]]
    assert pages == fresh(context)


def test_the_build_day_renders_again_the_year_page_whose_record_changes_state(project: Path):
    build_years(demo_context(project, dt.date(2026, 12, 31)))
    context = demo_context(project, dt.date(2027, 1, 1))  # no record of the demo has a date on either day
    assert build_years(context)[1] == []
    festival = next(record for record in context.site.of("festivals").values() if record.start > dt.date(2026, 1, 1))
    later = demo_context(project, festival.start)
    pages, rendered = build_years(later)
    assert f"festivals/years/{festival.start.year}/index.md" in rendered
    assert pages == fresh(later)


def test_a_changed_school_renders_every_year_page_again(project: Path):
    build_years(demo_context(project))
    edit_data(project, "school.yml", "name: ", "name: 新")
    context = demo_context(project)
    pages, rendered = build_years(context)
    assert rendered == YEARS and pages == fresh(context)
