"""The same publication through two engines: MkDocs + Material and Zensical 0.0.73, both built by
`make site` (check → render → engine → finish → scan). What the site publishes must not depend on
the engine: the same pages, links, anchors and search entries, photos that resolve, no foreign
host, and the privacy gate stopping both builds."""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import MINIMAL, REPO, write
from test_build import build, foreign_urls, site_project

from schoolpub.output.pages import parse
from schoolpub.privacy import MESSAGES

ID_NUMBER = "320102201409150025"  # a valid ID number (tests/test_privacy.py: VALID_IDS[1])
REGISTERS = {"https://beian.miit.gov.cn/", "https://beian.mps.gov.cn/#/query/webSearch?code=11010512345678"}
_SKIP_LINK = re.compile(r'<a href="([^"]*)" class="md-skip">')  # the theme's own "skip to content" link


@pytest.fixture(scope="module")
def sites(demo, demo_zensical) -> dict[str, Path]:
    for engine, (result, _) in (("mkdocs", demo), ("zensical", demo_zensical)):
        assert result.returncode == 0, f"{engine}: {result.stderr[-3000:]}"
    return {"mkdocs": demo[1], "zensical": demo_zensical[1]}


def pages_of(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def links_of(site: Path, page: str) -> set[str]:
    """Every link a reader can follow on the page, to a page or file of the site, as a site path with its
    #anchor; the theme's own assets and its skip link (each theme names its target its own way) aside."""
    path = site / page
    skip = set(_SKIP_LINK.findall(path.read_text(encoding="utf-8")))
    found = set()
    for _, where, url in parse(path).urls:
        if where != "a.href" or url in skip or urlsplit(url).scheme or urlsplit(url).netloc:
            continue
        target = urlsplit(urljoin(f"https://site/{page}", url))
        if not target.path.startswith("/assets/"):  # Zensical links a page to itself as "", MkDocs as "."
            found.add(target.path.removesuffix("index.html") + (f"#{target.fragment}" if target.fragment else ""))
    return found


def heading_ids(site: Path, page: str) -> set[str]:
    return set(re.findall(r'<h[1-6][^>]*\bid="([^"]+)"', (site / page).read_text(encoding="utf-8")))


def test_zensical_builds_the_demo_through_the_same_pipeline(demo_zensical):
    result, _ = demo_zensical
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "网站的完成处理已完成：改动了" in result.stdout
    assert [line for line in lines if line.startswith("网站检查通过：")] == [
        next(line for line in lines if re.fullmatch(r"网站检查通过：89 个页面没有个人信息和不安全的链接，\d+ 个内部链接和锚点都能找到。", line))]


def test_both_engines_publish_the_same_pages(sites):
    mkdocs, zensical = pages_of(sites["mkdocs"]), pages_of(sites["zensical"])
    assert mkdocs == zensical
    assert len(mkdocs) == 89  # 87 pages of the plan (9 of them annual reports), 404.html, the editor's admin/index.html
    assert {"index.html", "fees/2027-spring/index.html", "honors/years/2024/index.html", "admin/index.html"} <= set(mkdocs)


def test_both_engines_publish_the_same_links_and_anchors(sites):
    for page in pages_of(sites["mkdocs"]):
        assert links_of(sites["mkdocs"], page) == links_of(sites["zensical"], page), page
        assert heading_ids(sites["mkdocs"], page) == heading_ids(sites["zensical"], page), page
    assert "/fees/2027-spring/" in links_of(sites["zensical"], "fees/index.html")


def test_both_engines_publish_the_same_feeds_calendars_open_data_and_photos(sites):
    def published(site: Path) -> dict[str, bytes]:
        return {path.relative_to(site).as_posix(): path.read_bytes() for folder in ("feeds", "calendar", "data", "media")
                for path in (site / folder).rglob("*") if path.is_file()}

    mkdocs, zensical = published(sites["mkdocs"]), published(sites["zensical"])
    assert sorted(mkdocs) == sorted(zensical) and mkdocs == zensical
    assert sum(1 for name in mkdocs if name.endswith(".jpg")) > 20


def test_photos_resolve_on_both_engines(sites):
    for engine, site in sites.items():
        shown = 0
        for page in pages_of(site):
            for _, where, url in parse(site / page).loads:
                if where in ("img.src", "source.srcset") and "/media/" in urljoin(f"/{page}", url):
                    target = urlsplit(urljoin(f"/{page}", url)).path
                    assert (site / target.lstrip("/")).is_file(), f"{engine}: {page} → {url}"
                    shown += 1
        assert shown == 22, engine  # every <img> and <source> of a photo on the demo's pages


def test_no_foreign_host_on_either_engine(sites):
    for engine, site in sites.items():
        assert [entry for entry in foreign_urls(site, "example.edu.cn")
                if entry.split(": ", 1)[1] not in REGISTERS] == [], engine
        assert list(site.rglob("*.map")) == [], engine


def test_the_school_is_named_in_the_title_and_footer_on_both_engines(sites):
    for engine, site in sites.items():
        home = (site / "index.html").read_text(encoding="utf-8")
        assert "<title>示例市实验小学</title>" in home, engine
        assert "京ICP备12345678号" in home, engine
        notice = (site / "fees/2027-spring/index.html").read_text(encoding="utf-8")
        assert "<title>示例市实验小学2026-2027学年第二学期收费公示 - 示例市实验小学</title>" in notice, engine


def test_both_engines_index_the_same_search_entries(sites):
    mkdocs = json.loads((sites["mkdocs"] / "search/search_index.json").read_text(encoding="utf-8"))
    zensical = json.loads((sites["zensical"] / "search.json").read_text(encoding="utf-8"))
    assert sorted(doc["location"] for doc in mkdocs["docs"]) == sorted(item["location"] for item in zensical["items"])
    # MkDocs: segmented at build time by jieba (U+200B between words); Zensical: the text as written, segmented
    # in the reader's browser (Intl.Segmenter) because the index says lang zh
    title = "示例市实验小学2026-2027学年第二学期收费公示"
    assert [doc["title"] for doc in mkdocs["docs"] if doc["location"] == "fees/2027-spring/"] == [
        "示例\u200b市\u200b实验\u200b小学\u200b2026-2027\u200b学年\u200b第二\u200b学期\u200b收费公示"]  # search-words.txt
    assert [item["title"] for item in zensical["items"] if item["location"] == "fees/2027-spring/"] == [title]
    assert zensical["config"]["lang"] == ["zh"]


# -- the privacy gate, on either engine --------------------------------------------------------

DOCS_LEAK_LINE = {"mkdocs": 555, "properdocs": 555, "zensical": 556}  # the line of the page's HTML it is on
SEARCH_INDEX = {"mkdocs": "search/search_index.json:1:4828", "properdocs": "search/search_index.json:1:4828",
                "zensical": "search.json:1:1417"}


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs", "zensical"])
def test_an_id_number_in_a_page_of_docs_stops_the_build_on_either_engine(tmp_path: Path, engine: str):
    project = site_project(tmp_path, MINIMAL / "data")
    about = project / "docs/about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n联系人身份证 {ID_NUMBER}\n", encoding="utf-8")
    result = build(project, tmp_path / "out", engine=engine)
    assert result.returncode == 1
    leak = "错误：" + MESSAGES["id"]
    assert result.stderr.splitlines()[-4:] == [
        f"site/about/index.html:{DOCS_LEAK_LINE[engine]}:11: {leak}",
        f"site/{SEARCH_INDEX[engine]}: {leak}",  # the search index: the engine's own file, scanned all the same
        "网站检查没有通过：个人信息 2 处（共检查 19 个页面），网站不会发布。请按上面的提示修改后重新生成。",
        "网站生成失败（见上面的错误），已发布的 site/ 保持不变。"]
    assert ID_NUMBER not in result.stdout + result.stderr  # the log of a public CI never repeats it
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.build" / "site").exists()
    assert not (tmp_path / "out.build" / "render" / "site").exists()  # nor Zensical's own output


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_an_id_number_in_a_record_stops_the_build_on_either_engine(tmp_path: Path, engine: str):
    project = site_project(tmp_path, MINIMAL / "data")
    record = project / "data/affairs/sample.yml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("正文写在这里，", f"联系人身份证 {ID_NUMBER}，"), encoding="utf-8")
    result = build(project, tmp_path / "out", engine=engine)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if "错误：" in line] == [RECORD_ID_MESSAGE]
    assert ID_NUMBER not in result.stdout + result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.build" / "render").exists()


RECORD_ID_MESSAGE = "data/affairs/sample.yml:11:10: 错误：[校务公开 sample] " + MESSAGES["id"]


def test_hostile_data_stays_text_on_zensical(tmp_path: Path):
    """Zensical renders the theme with its own template engine: a title and body from the data are text
    there too, in the page, its <title>, its description and link-preview tags, and the search index."""
    project = site_project(tmp_path, MINIMAL / "data")
    hostile_title = "{{ config }}\\\"></title><script>alert(1)</script>|竖线"
    path = project / "data/affairs/sample.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 关于2025年秋季学期校车线路的公示", f"title: \"{hostile_title}\"")
    text = text.replace("  正文写在这里，每行前面空两格。可以分段。", "  \"><img src=x onerror=\"alert(2)\"> {{ config.site_name }}")
    path.write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "out", engine="zensical")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/affairs/sample/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert '>{{ config }}"&gt;&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;|竖线</h1>' in page
    assert '<p>"&gt;&lt;img src=x onerror="alert(2)"&gt; {{ config.site_name }}</p>' in page
    for tag in re.findall(r"<meta [^>]*>", page):
        assert tag.count('"') % 2 == 0 and "<script" not in tag and "<img" not in tag, tag
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title
    search = (tmp_path / "out/search.json").read_text(encoding="utf-8")
    assert "<script>" not in search and "<img src=x" not in search


def test_an_engine_started_ahead_builds_what_it_is_told_and_nothing_without_an_order(tmp_path: Path, capfd):
    """engines.Started: MkDocs imports and loads jieba while make site checks and renders; the build
    is then its own command line, run in the directory it is told, with the environment it is given."""
    from schoolpub import engines

    write(tmp_path, "mkdocs.yml", "site_name: 测试\n")
    write(tmp_path, "docs/index.md", "# 首页\n")
    with engines.Started("mkdocs") as ahead:
        code = ahead.run(tmp_path, ["build", "--strict", "--site-dir", "out"], {"SOURCE_DATE_EPOCH": "1700000000"})
    assert code == 0
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ">首页</h1>" in page
    assert "Build Date UTC : 2023-11-14 22:13:20+00:00" in page  # SOURCE_DATE_EPOCH: the order's environment
    assert "Documentation built in" in capfd.readouterr().err  # its log is ours

    with engines.Started("mkdocs") as idle:
        pass  # the check failed, or nothing changed: no order
    assert idle.process.returncode != 0  # ended, not left running
    refused = engines.Started("mkdocs")
    with refused:
        code = refused.run(tmp_path / "docs", ["build", "--strict"], {})
    assert code == 1 and "Config file 'mkdocs.yml' does not exist" in capfd.readouterr().err
    assert not (tmp_path / "docs" / "site").exists()
