"""A district too large for one list: the home page shows a summary and the first SCHOOLS_PER_PAGE
schools, list/2.md… the rest, so no page grows with the district. Pure at 500 schools (views only);
a real build (MkDocs, strict links, the gates) at 230 schools whose rows are the longest kind."""
import re

from portal_support import AFTER_SCHOOL_ITEM, TODAY, notice, snapshot

from schoolpub.portal import views
from schoolpub.portal.build import build
from schoolpub.portal.config import Loaded, PortalConfig, School
from schoolpub.portal.district import school_view
from schoolpub.portal.findings import DistrictRules
from schoolpub.problems import Problems

PAGE_LIMIT = 60 * 1024
ROW = re.compile(r"^\| \[", re.M)


def district_of(count: int) -> list:
    rules = DistrictRules(7, None, ())
    return [school_view(snapshot(f"s{index}", f"示例区第{index}小学",
                                 [notice("2026-autumn", f"示例区第{index}小学收费公示", [AFTER_SCHOOL_ITEM], site=f"s{index}")]),
                        TODAY, rules) for index in range(1, count + 1)]


def test_500_schools_make_a_home_page_and_four_more_list_pages_of_100():
    pages = views.school_lists("示例区教育局", district_of(500), TODAY)
    assert list(pages) == ["index.md", "list/2.md", "list/3.md", "list/4.md", "list/5.md"]
    assert [len(ROW.findall(text)) for text in pages.values()] == [100] * 5
    home, third = pages["index.md"], pages["list/3.md"]
    assert "共 500 所学校：500 所正常读取，0 所暂时无法读取；0 所本学期没有收费公示；发现的问题共 0 条。" in home
    assert "学校名单第 1 页，共 5 页：第 1 页 · [第 2 页](list/2.md) · [第 3 页](list/3.md) · [第 4 页](list/4.md) · [第 5 页](list/5.md)" in home
    assert "学校名单第 3 页，共 5 页：[第 1 页](../index.md) · [第 2 页](2.md) · 第 3 页 · [第 4 页](4.md) · [第 5 页](5.md)" in third
    assert third.startswith("# 示例区教育局 · 学校名单（第 3 页） {#list}\n")
    assert "| [示例区第201小学](../schools/s201.md) | 正常 | 有 | 0 条 |" in third
    assert "[返回首页](../index.md)" in third


def test_a_district_of_100_schools_has_one_list():
    pages = views.school_lists("示例区教育局", district_of(100), TODAY)
    assert list(pages) == ["index.md"] and "学校名单第" not in pages["index.md"]


def test_a_large_district_builds_with_every_page_under_60_kb(tmp_path):
    # 230 schools whose builds are missing: the longest rows (a reason, no copy), and no school data to read
    schools = [School(id=f"s{index}", name=f"示例区第{index}实验学校", site=f"https://s{index}.example.edu.cn/",
                      path=f"nowhere/s{index}") for index in range(1, 231)]
    loaded = Loaded(PortalConfig(district="示例区教育局", schools=schools), tmp_path, Problems())
    assert build(loaded, tmp_path / "portal-site", TODAY) == []
    site = tmp_path / "portal-site"
    sizes = {page.relative_to(site).as_posix(): page.stat().st_size for page in site.rglob("*.html")}
    assert max(sizes.values()) <= PAGE_LIMIT, max(sizes.items(), key=lambda pair: pair[1])
    assert sizes["index.html"] > 30 * 1024  # 100 long rows: the limit is near, not far
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "共 230 所学校：0 所正常读取，230 所暂时无法读取；230 所本学期没有收费公示；发现的问题共 0 条。" in home
    assert home.count("暂时无法读取：本地目录里没有") == 100
    assert (site / "list" / "3" / "index.html").read_text(encoding="utf-8").count("暂时无法读取：本地目录里没有") == 30
