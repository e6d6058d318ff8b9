"""The district portal's pages (golden files), a hostile school, and a demo-sized build through MkDocs
and the output gates (finish, scan). UPDATE_GOLDEN=1 rewrites the golden files."""
import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import TESTS
from portal_support import (HOSTILE_ITEM, TODAY, grade_table_school, hostile_school, item, notice, portal_config,
                            snapshot)

from schoolpub.portal import views
from schoolpub.portal.build import build
from schoolpub.portal.district import external_link, school_view
from schoolpub.portal.findings import DistrictRules

GOLDEN = TESTS / "golden"
RULES = DistrictRules(7, "《示例区中小学收费公示办法》第五条", ())
PAGE_LIMIT = 60 * 1024


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def crafted_district():
    stale_rows = [notice("2026-autumn", "示例区第八小学2026-2027学年第一学期收费公示",
                         [item("课后服务费", "服务性收费", 300, voluntary=True, site="s")], site="s"),
                  notice("2026-spring", "示例区第八小学2025-2026学年第二学期收费公示",
                         [item("课后服务费", "服务性收费", 280, voluntary=True)], site="s", school_year="2025-2026",
                         term="第二学期", display={"start": "2026-02-01", "end": "2026-03-10"}, issued="2026-01-30")]
    snapshots = [snapshot("g", "示例区第五小学", grade_table_school()["records"]),
                 snapshot("h", "示例区第六小学", hostile_school(url="javascript:alert(3)")["records"]),
                 snapshot("s", "示例区第八小学", stale_rows, status="stale", reason="暂时无法读取：连接超时（10 秒）。",
                          fetched_at=dt.datetime(2026, 9, 8, 23, 30, tzinfo=dt.timezone.utc)),
                 snapshot("down", "示例区第七小学", None, status="unavailable",
                          reason="暂时无法读取：收费公示数据（data/v2/fees.json）返回的是网页而不是数据，可能网址有误或网站出错。")]
    return [school_view(one, TODAY, RULES) for one in snapshots]


@pytest.fixture(scope="module")
def pages():
    return views.pages("示例区教育局", crafted_district(), TODAY)


@pytest.mark.parametrize("page, golden", [("index.md", "portal-home.md"), ("schools/g.md", "portal-school-findings.md"),
                                          ("schools/s.md", "portal-school-stale.md"),
                                          ("schools/down.md", "portal-school-unavailable.md"),
                                          ("schools/h.md", "portal-school-hostile.md"),
                                          ("items/index.md", "portal-items.md"),
                                          (views.item_page("课后服务费"), "portal-item-after-school.md")])
def test_portal_pages_golden(pages, page, golden):
    assert_golden(golden, pages[page])


def test_a_stale_school_says_why_and_the_date_of_its_last_good_copy(pages):
    # read at 07:30 Beijing time on 9 September; the school's data last changed on 14 August
    assert ("| [示例区第八小学](schools/s.md) | 暂时无法读取：连接超时（10 秒）。显示的是 2026\\-09\\-09 读到的副本"
            "（学校数据更新于 2026\\-08\\-14）。 | 有 | 0 条 |") in pages["index.md"]


def test_a_hostile_school_is_shown_as_text(pages):
    page = pages["schools/h.md"]
    assert "&lt;script&gt;alert\\(\"portal\"\\)&lt;/script&gt;收费公示" in page
    assert "javascript" not in page.replace("\\[点我\\]\\(javascript:alert\\(1\\)\\)", "")
    assert "<" not in page


@pytest.mark.parametrize("url, expected", [
    ("https://h.example.edu.cn/fees/x/", "https://h.example.edu.cn/fees/x/"),
    ("https://h.example.edu.cn/fees/a)b(c d/", "https://h.example.edu.cn/fees/a%29b%28c%20d/"),
    ("javascript:alert(1)", None), (" JaVaScRiPt:alert(1)", None), ("https://evil.example.com/h.example.edu.cn/", None),
    ("https://h.example.edu.cn.evil.com/", None), ("http://h.example.edu.cn/", None), (None, None), (42, None)])
def test_only_links_on_the_schools_own_site_are_kept(url, expected):
    assert external_link(url, "https://h.example.edu.cn/") == expected


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    problems = build(portal_config(root), root / "portal-site", TODAY)
    assert problems == []
    return root / "portal-site"


def test_the_demo_sized_portal_builds_with_every_page_under_60_kb(built):
    sizes = {page.relative_to(built).as_posix(): page.stat().st_size for page in built.rglob("*.html")}
    assert len(sizes) >= 15, sorted(sizes)
    assert max(sizes.values()) <= PAGE_LIMIT, max(sizes.items(), key=lambda pair: pair[1])


def test_nothing_a_hostile_school_publishes_becomes_markup(built):
    page = (built / "schools" / "h" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&quot;portal&quot;)&lt;/script&gt;收费公示" in page or \
        '&lt;script&gt;alert("portal")&lt;/script&gt;收费公示' in page
    assert HOSTILE_ITEM.replace("(", "(") in page  # the item's name, shown as typed
    for html_page in built.rglob("*.html"):
        text = html_page.read_text(encoding="utf-8")
        assert "alert(" not in re.sub(r"&lt;script&gt;alert\(.*?\)&lt;/script&gt;|\[点我\]\(javascript:alert\(1\)\)",
                                      "", text), html_page
        assert not re.search(r"""(?i)(href|src)\s*=\s*["']?\s*javascript:""", text), html_page


def test_the_district_open_data_and_feed(built):
    data = json.loads((built / "data" / "fees.json").read_text(encoding="utf-8"))
    by_id = {school["id"]: school for school in data["schools"]}
    assert by_id["down"]["status"] == "unavailable" and by_id["down"]["notices"] == []
    assert by_id["h"]["notices"][0]["url"] is None  # its javascript: link is not passed on
    assert [f["rule"] for f in by_id["g"]["findings"]] == ["voluntary.compulsory", "complaint_phones.missing", "lead_days"]
    csv_text = (built / "data" / "findings.csv").read_bytes().decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "学校,学校编号,公示编号,收费项目,规则,问题,依据"
    feed = ElementTree.fromstring((built / "feed.xml").read_bytes())
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in
              feed.iter("{http://www.w3.org/2005/Atom}entry")]
    # newest first (the demo's spring notice went up in November), then by school; the hostile title as text
    assert titles[:2] == ["示例区第四小学：示例区第四小学2026-2027学年第二学期收费公示",
                          "示例区第三小学：示例区第三小学2026-2027学年第二学期收费公示"]
    assert '示例区第六小学：<script>alert("portal")</script>收费公示' in titles and len(titles) == 4 * 6 + 2


def test_a_long_comparison_is_split_into_pages(monkeypatch):
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 4)
    pages = views.item_pages(crafted_district(), TODAY)
    first = views.item_page("课后服务费")
    second, *rest = [path for path in pages if path.startswith(first.removesuffix(".md") + "-")]
    assert second == first.removesuffix(".md") + "-2.md" and rest == []
    assert "第 1 页，共 2 页。[下一页](" + second.removeprefix("items/") + ")" in pages[first]
    assert "第 2 页，共 2 页。[上一页](" + first.removeprefix("items/") + ")" in pages[second]
    rows = [line for path in (first, second) for line in pages[path].splitlines() if line.startswith("| [")]
    assert len(rows) == 7 and rows == [line for line in pages[first].splitlines() + pages[second].splitlines()
                                       if line.startswith("| [")]


def test_the_portal_wears_the_school_sites_overrides(built):
    """overrides/ of the school site: text size and contrast applied before first paint, the 大字 control, the footer."""
    for path in ("index.html", "schools/g/index.html", "items/index.html"):
        page = (built / path).read_text(encoding="utf-8")
        assert 'window.localStorage.getItem("schoolpub.textsize")' in page.split("</head>")[0]
        assert '<p class="sp-legal__school">示例区教育局</p>' in page
    assert '<script src="../../assets/javascripts/textsize.js"></script>' in (built / "schools/g/index.html").read_text(encoding="utf-8")
    assert (built / "assets/javascripts/textsize.js").read_bytes() == (TESTS.parent / "docs/assets/javascripts/textsize.js").read_bytes()
