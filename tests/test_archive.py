"""Section pages that stay small: the latest records on the section page, every year of a
long section on its own page with a permanent URL (views/archive.py)."""
import datetime as dt
import re

import pytest

from conftest import REPO

from schoolpub import views
from schoolpub.context import Context
from schoolpub.loader import load_site
from schoolpub.views import archive


@pytest.fixture(scope="module")
def context():
    site, problems = load_site(REPO / "data")
    assert not problems
    return Context(site=site, today=dt.date(2026, 11, 23), site_url="https://example.edu.cn/")


def test_every_record_is_on_exactly_one_year_page_of_its_own_year(context):
    for type_name in archive.SPLIT_SECTIONS:
        pages = views.year_pages(context, type_name)
        listed = [record_id for page in pages for record_id, _ in page.records]
        assert sorted(listed) == sorted(context.site.of(type_name)), type_name
        for page in pages:
            assert all(views.record_date(record).year == page.year for _, record in page.records)
    assert views.year_pages(context, "fees") == [] and views.year_pages(context, "regulations") == []


def test_year_page_urls_are_permanent_and_a_long_year_is_split_in_numbered_parts(context, monkeypatch):
    years = sorted({views.record_date(r).year for r in context.site.of("affairs").values()}, reverse=True)
    assert [p.src_uri for p in views.year_pages(context, "affairs")] == [f"affairs/years/{y}/index.md" for y in years]
    monkeypatch.setitem(archive.PAGE_SIZE, "affairs", 2)
    pages = [p for p in views.year_pages(context, "affairs") if p.year == 2026]
    assert len(context.site.of("affairs")) and len([r for r in context.site.of("affairs").values()
                                                    if views.record_date(r).year == 2026]) == 6
    assert [(p.src_uri, p.part, p.parts, len(p.records)) for p in pages] == [
        ("affairs/years/2026/index.md", 1, 3, 2), ("affairs/years/2026-2/index.md", 2, 3, 2),
        ("affairs/years/2026-3/index.md", 3, 3, 2)]
    second = views.year_page(context, pages[1])
    assert second.startswith("# 校务公开 · 2026 年（第 2 页）\n")
    assert ("[← 返回校务公开](../../index.md) · 本年分页：[第 1 页](../2026/index.md) · **第 2 页** · "
            "[第 3 页](../2026-3/index.md)") in second


def test_section_page_lists_the_latest_records_and_links_every_year(context, monkeypatch):
    monkeypatch.setitem(archive.INDEX_SIZE, "honors", 3)
    page = views.section_index(context, "honors")
    newest = sorted(context.site.of("honors").items(), key=lambda i: (views.record_date(i[1]), i[0]), reverse=True)
    assert [m for m in re.findall(r"\]\((\S+?)/index\.md\)  \n", page)] == [record_id for record_id, _ in newest[:3]]
    assert f"上面列出最近的 3 条（共 {len(newest)} 条）。按年份查看全部：" in page
    counts = {}
    for _, record in newest:
        counts[views.record_date(record).year] = counts.get(views.record_date(record).year, 0) + 1
    links = [f"- [{year} 年](years/{year}/index.md)（{count} 条）" for year, count in sorted(counts.items(), reverse=True)]
    assert page.rstrip().endswith("\n".join(links))


def test_year_pages_are_built_linked_and_kept_out_of_search(demo):
    result, site_dir = demo
    assert result.returncode == 0, result.stderr
    search_index = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    for type_name in archive.SPLIT_SECTIONS:
        section = (site_dir / type_name / "index.html").read_text(encoding="utf-8")
        years = re.findall(rf'href="years/(\d{{4}})/"', section)
        assert years and years == sorted(years, reverse=True)
        for year in years:
            page = site_dir / type_name / "years" / year / "index.html"
            html = page.read_text(encoding="utf-8")
            assert f"· {year} 年" in html and 'href="../../"' in html  # the way back to the section
            for record_id in re.findall(r'href="\.\./\.\./([a-z0-9-]+)/"', html):  # each record page exists
                assert (site_dir / type_name / record_id / "index.html").is_file()
        assert f"{type_name}/years/" not in search_index


def test_old_urls_and_anchors_still_work(demo):
    _, site_dir = demo
    site, _ = load_site(REPO / "data")
    for type_name in ("affairs", "fees", "honors", "festivals", "regulations"):
        assert (site_dir / type_name / "index.html").is_file()
        for record_id in site.of(type_name):
            assert (site_dir / type_name / record_id / "index.html").is_file()
    affairs_index = (site_dir / "affairs/index.html").read_text(encoding="utf-8")
    for category in {record.category for record in site.of("affairs").values()}:  # #<category> anchors stay
        assert f'id="{category.replace("、", "")}"' in affairs_index, category
