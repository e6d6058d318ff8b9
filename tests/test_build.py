"""End-to-end: the real MkDocs build of the demo school, and that it fails closed."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import MINIMAL, REPO, write

from schoolpub import views
from schoolpub.loader import load_site

BUILD_SITE = [sys.executable, str(REPO / "scripts" / "build_site.py")]
TODAY = "2026-11-23"  # the demo's "now": 2027-spring is the fee notice on display
# Lines every good build prints (the check, render, MkDocs' INFO lines, the end); anything else at
# WARNING or above, or any unexpected line, fails the log check.
EXPECTED_LOG = [
    r"数据检查通过：.*",
    r"\S+:\d+:\d+: 提示：.*",  # the check's notices (going live with the demo's address, …): not problems
    r"生成目录已更新：写入 \d+ 个文件，删除 \d+ 个，\d+ 个没有变化（.*render/）。",
    r"INFO    -  Cleaning site directory",
    r"INFO    -  Building documentation to directory: .*",
    r"INFO    -  \[macros\] - Found (local|external) Python module 'macros' in: .*",
    r"INFO    -  \[macros\] - Config variables: .*",
    r"INFO    -  \[macros\] - Config macros: .*",
    r"INFO    -  \[macros\] - Config filters: .*",
    r"INFO    -  \[macros\] - Functions found: .*",
    r"INFO    -  Documentation built in [\d.]+ seconds",
    r"照片：已处理 \d+/\d+",  # only when photos are not in .cache/photos/ yet
    r"网站的完成处理已完成：改动了 \d+ 个文件（外部脚本改为本网站的副本、网页修正）。",
    r"网站检查通过：\d+ 个页面没有个人信息和不安全的链接，\d+ 个内部链接和锚点都能找到。",
    r"网站已生成：.*index.html",
]


def build(project: Path, site_dir: Path, engine: str = "mkdocs", build_dir: Path | None = None,
          env: dict | None = None) -> subprocess.CompletedProcess:
    """`make site` of `project` into `site_dir`: check → render → engine → finish → scan → swap.
    The engine's input and output are made next to `site_dir` (never in the repository's .build/),
    unless `build_dir` says where (a second build there is incremental)."""
    build_dir = build_dir or site_dir.with_name(f"{site_dir.name}.build")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src"), "SCHOOLPUB_TODAY": TODAY,
           "SOURCE_DATE_EPOCH": "1795392000", "GITHUB_ACTIONS": "", **(env or {})}  # 2026-11-23 08:00 +08:00: lastmod
    return subprocess.run([*BUILD_SITE, "--site-dir", str(site_dir), "--engine", engine, "--build-dir", str(build_dir)],
                          cwd=project,
                          capture_output=True, text=True, env=env, timeout=600)


def unexpected_log_lines(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if line.strip() and not any(re.fullmatch(pattern, line) for pattern in EXPECTED_LOG)]


def site_project(tmp_path: Path, data: Path, extra: tuple[str, ...] = ()) -> Path:
    """A project with the repository's build settings and the given data (and `extra` folders, e.g. scripts)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "macros.py", "search-words.txt"):  # the build settings, read by schoolpub render
        shutil.copy(REPO / name, project / name)
    for name in ("hooks", "overrides", "docs", "src", *extra):
        shutil.copytree(REPO / name, project / name)
    shutil.copytree(data, project / "data")
    return project


def test_demo_builds_with_a_clean_log(demo):
    result, site_dir = demo
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []


def test_demo_home_shows_the_school_and_what_is_on_display(demo):
    _, site_dir = demo
    site, _ = load_site(REPO / "data")
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"<title>{site.school.name}</title>" in page
    assert f'<span class="sp-label">校训</span>{site.school.motto}</p>' in page
    first_phone = site.school.phones[0].number
    assert f'<a href="tel:{re.sub(r"[^0-9]", "", first_phone)}">{first_phone}</a>' in page
    on_display = page.split('id="正在公示"')[1].split("<h2")[0]
    assert re.findall(r'<a href="([^"]+)">', on_display) == [
        "affairs/2026-teacher-title/", "honors/2026-good-youth/", "affairs/2026-lunch-menu/", "fees/2027-spring/"]
    upcoming = page.split('id="近期活动"')[1].split("<h2")[0]
    assert "2026-12-07 08:10-08:40　开幕式" in upcoming and 'href="festivals/2026-chess/"' in upcoming


def test_every_record_has_its_page_with_its_key_facts(demo):
    _, site_dir = demo
    site, _ = load_site(REPO / "data")
    pages = {path.relative_to(site_dir).parent.as_posix() for path in site_dir.glob("*/*/index.html")}
    expected = {f"{type_name}/{record_id}" for type_name, records in site.records.items() for record_id in records}
    assert expected <= pages and len(expected) == 60
    for record_id, notice in site.of("fees").items():
        html = (site_dir / "fees" / record_id / "index.html").read_text(encoding="utf-8")
        assert f">{notice.title}</h1>" in html
        for item in notice.items:
            assert f'<p class="sp-card__title">{item.name}' in html
            for basis in item.bases:
                assert (f"{basis.issuer} {basis.document}" if basis.document else f"经{basis.issuer}备案") in html
        for phone in notice.complaint_phones or site.school.fees.complaint_phones:  # 2027-spring: school.yml's
            assert f'<a href="tel:{re.sub(r"[^0-9]", "", phone.number)}">{phone.number}</a>' in html
        assert f"公示期 {notice.display.start} 至 {notice.display.end}" in html
    for record_id, rule in site.of("regulations").items():
        html = (site_dir / "regulations" / record_id / "index.html").read_text(encoding="utf-8")
        assert f">{rule.title}</h1>" in html and f"当前版本：{rule.current.version}" in html
    for record_id, festival in site.of("festivals").items():
        html = (site_dir / "festivals" / record_id / "index.html").read_text(encoding="utf-8")
        assert f"主题：<strong>{festival.theme}</strong>" in html
        assert html.count('<li><span class="sp-day__time">') == len(festival.programme)
        assert html.count('<figure class="sp-photo">') == len(festival.gallery)
    for record_id, disclosure in site.of("affairs").items():
        html = (site_dir / "affairs" / record_id / "index.html").read_text(encoding="utf-8")
        assert f">{disclosure.title}</h1>" in html and f"发布部门：{disclosure.department}" in html


def test_fee_page_states_and_totals(demo):
    _, site_dir = demo
    current = (site_dir / "fees/2027-spring/index.html").read_text(encoding="utf-8")
    assert '<p class="sp-state sp-state--current"><strong>公示中</strong>　公示期 2026-11-20 至 2027-03-10</p>' in current
    assert "<div><dt>全体学生必交</dt><dd>无</dd></div>" in current
    assert "<div><dt>住校生另交</dt><dd><ul><li>住宿费：450 元/生·学期</li></ul></dd></div>" in current
    # 300 + 18 would leave out lunch at 12 元 a day: no voluntary total, the lines instead
    assert ("<div><dt>自愿选择的项目</dt><dd>无法合计：<ul><li>课后服务费：300 元/生·学期（自愿）</li>"
            "<li>午餐费：12 元/生·天（自愿，按天计费，不计入合计）</li><li>作业本费：18 元/生·学期（自愿）</li></ul></dd></div>"
            in current)
    assert "本公示未列电话，以下是学校统一公布的监督电话。" in current
    expired = (site_dir / "fees/2024-autumn/index.html").read_text(encoding="utf-8")
    assert '<p class="sp-state sp-state--expired"><strong>已过公示期</strong>' in expired
    index = (site_dir / "fees/index.html").read_text(encoding="utf-8")
    current_part, archive_part = index.split('id="往期公示"')
    assert 'href="2027-spring/"' in current_part and 'href="2024-autumn/"' in archive_part


def test_disclosures_are_grouped_by_category_then_year(demo):
    _, site_dir = demo
    html = (site_dir / "affairs/index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="[^"]*">([^<]+)</h2>', html)
    from schoolpub.content.catalogue import DEFAULT_NAMES as CATEGORIES
    assert headings[-1] == "历年校务公开"  # then the links to every year's page (views/archive.py)
    headings = headings[:-1]
    assert headings == [c for c in CATEGORIES if c in headings] and len(headings) == 11
    fees_part = html.split(">收费</h2>")[1].split("<h2")[0]
    years = [int(y) for y in re.findall(r"<strong>(\d{4}) 年</strong>", fees_part)]
    assert years == sorted(years, reverse=True) and years


def test_annual_reports_are_built_linked_and_published_as_open_data(demo):
    _, site_dir = demo
    affairs = (site_dir / "affairs/index.html").read_text(encoding="utf-8")
    assert '信息公开工作年度报告：<a href="../reports/2026/">2026 年</a>' in affairs
    page = (site_dir / "reports/2025/index.html").read_text(encoding="utf-8")
    assert '<h1 id="示例市实验小学2025年信息公开工作年度报告">示例市实验小学2025年信息公开工作年度报告</h1>' in page
    # the demo's records were committed on 2026-11-23, long after collection began: said, not hidden
    assert "<td>2026-11-23</td>\n<td>收费开始后 448 天</td>" in page
    assert "<td>收支、资产与捐赠</td>\n<td style=\"text-align: right;\">1</td>" in page
    assert (site_dir / "reports/index.html").is_file()
    figures = json.loads((site_dir / "data/v1/reports/2025.json").read_text(encoding="utf-8"))
    assert figures["history_available"] is True and figures["published"]["total"] == 17
    assert (site_dir / "data/v1/reports/2025.csv").read_bytes().startswith("\ufeff年份,部分,项目".encode())


def test_regulation_page_shows_versions_and_what_changed(demo):
    _, site_dir = demo
    html = (site_dir / "regulations/2021-student-safety/index.html").read_text(encoding="utf-8")
    assert html.count('<details class="sp-diff"') == 2
    assert "<summary>2023年修订 → 2025年修订：" in html and "<summary>2021年版 → 2023年修订：" in html
    assert "<ins>" in html and "<del>" in html
    replaced = (site_dir / "regulations/2020-canteen/index.html").read_text(encoding="utf-8")
    assert '<strong>被替代</strong>' in replaced and 'href="../2024-food-safety/"' in replaced
    successor = (site_dir / "regulations/2024-food-safety/index.html").read_text(encoding="utf-8")
    assert 'href="../2020-canteen/"' in successor  # "替代了" links back


def test_pupils_names_are_masked_and_out_of_search(demo):
    _, site_dir = demo
    site, _ = load_site(REPO / "data")
    search_index = (site_dir / "search/search_index.json").read_text(encoding="utf-8")
    for record_id, batch in site.of("honors").items():
        html = (site_dir / "honors" / record_id / "index.html").read_text(encoding="utf-8")
        if batch.shows_pupils:
            assert f"honors/{record_id}/" not in search_index
        for group in batch.award_groups():
            for person in group.people:  # in a table cell or in the list of names
                if group.pupils:
                    assert f">{person.name}<" not in html
                else:
                    assert f"<td>{person.name}</td>" in html or f"<li>{person.name}</li>" in html


def test_pupils_in_festival_results_are_masked_on_the_page_in_search_and_in_open_data(demo):
    """data/festivals/2024-science.yml names pupils: the page, its search entry and festivals.json show them
    masked (the page stays searchable by its programme and results); no published file has a full name."""
    _, site_dir = demo
    row = "<td>科幻画（三、四年级组）</td>\n<td>三年级（4）班 林*雨、欧阳**；四年级（1）班 迪***·**</td>"
    html = (site_dir / "festivals/2024-science/index.html").read_text(encoding="utf-8")
    assert row in html and "<td>六年级（2）班 陈*远</td>" in html
    search = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    entries = " ".join(doc["text"] for doc in search if doc["location"].startswith("festivals/2024-science/"))
    assert "林*雨" in entries.replace("\u200b", "") and "陈*远" in entries.replace("\u200b", "")  # jieba's separators
    festivals = json.loads((site_dir / "data/v1/festivals.json").read_text(encoding="utf-8"))
    science = next(record for record in festivals["records"] if record["id"] == "2024-science")
    assert [result["winner"] for result in science["results"][-2:]] == [
        "三年级（4）班 林*雨、欧阳**；四年级（1）班 迪***·**", "六年级（2）班 陈*远"]
    full_names = ("林晓雨", "欧阳子轩", "迪丽娜尔", "陈思远")
    leaked = [path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*")
              if path.suffix in (".html", ".json", ".xml", ".csv", ".ics", ".txt", ".js")
              and any(name in _published_text(path) for name in full_names)]
    assert leaked == []


def _published_text(path: Path) -> str:
    """A file's text as a reader gets it: JSON unescaped (the search index writes CJK as \\uXXXX),
    without the zero-width spaces jieba puts between words."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return text.replace("\u200b", "")


URL_ATTRIBUTES = {"src", "href", "srcset", "poster", "data", "action", "formaction", "background"}


class _UrlCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.urls.extend(part.strip().split(" ")[0] for part in value.split(",")) if name == "srcset" \
                    else self.urls.append(value.strip())
            if tag == "meta" and name == "content" and value and "://" in value:
                self.urls.append(value.strip())


def foreign_urls(site_dir: Path, own_host: str) -> list[str]:
    """Every URL a page or stylesheet loads or links to that is not relative or on the site's host."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix == ".html":
            collector = _UrlCollector()
            collector.feed(path.read_text(encoding="utf-8"))
            urls = collector.urls
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        else:
            continue
        for url in urls:
            host = urlsplit(url).hostname if re.match(r"^[a-z]+://|^//", url, re.I) else None
            if host and host != own_host:
                found.append(f"{path.relative_to(site_dir).as_posix()}: {url}")
    return found


def test_no_page_loads_or_links_to_a_foreign_host(demo):
    _, site_dir = demo
    # The one exception, a legal requirement: the footer links the filing numbers to their public registers
    # (test_every_page_shows_the_filing_numbers_linked_to_their_registers says where, and only as links).
    registers = {"https://beian.miit.gov.cn/", "https://beian.mps.gov.cn/#/query/webSearch?code=11010512345678"}
    assert [entry for entry in foreign_urls(site_dir, "example.edu.cn") if entry.split(": ", 1)[1] not in registers] == []
    # JavaScript: Material's bundle must not keep a CDN URL (the browser tests
    # also record every request a page makes and allow only 127.0.0.1).
    blocked = re.compile(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|cdn\.jsdelivr|cdnjs\.|bootcdn|staticfile")
    assert [p.name for p in site_dir.rglob("*") if p.is_file() and blocked.search(p.read_text("utf-8", "ignore"))] == []
    assert list(site_dir.rglob("*.map")) == []


def test_foreign_url_check_catches_each_kind_of_reference(tmp_path: Path):
    write(tmp_path, "a/index.html", '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
                                     '<img srcset="x.jpg 1x, //cdn.example.com/y.jpg 2x"><a href="../b/">ok</a>')
    write(tmp_path, "s.css", "@import 'https://unpkg.com/x.css'; .a { background: url(/img/ok.png) }")
    assert foreign_urls(tmp_path, "example.edu.cn") == [
        "a/index.html: https://fonts.googleapis.com/css", "a/index.html: //cdn.example.com/y.jpg",
        "s.css: https://unpkg.com/x.css"]


def test_material_cdn_scripts_are_served_by_the_site(demo):
    _, site_dir = demo
    bundle = next(site_dir.glob("assets/javascripts/bundle.*.min.js")).read_text(encoding="utf-8")
    assert '"/assets/vendor/resize-observer-polyfill.js"' in bundle
    assert '"/assets/vendor/mermaid-unavailable.js"' in bundle
    polyfill = (site_dir / "assets/vendor/resize-observer-polyfill.js").read_text(encoding="utf-8")
    assert "global.ResizeObserver = factory()" in polyfill


def test_two_builds_of_one_commit_are_byte_identical(demo, tmp_path: Path):
    """Everything generated (pages, search index, media, sitemap, feeds) comes from the
    data, git and the build day: never from the clock or from process order."""
    _, first = demo
    second = tmp_path / "second"
    result = build(REPO, second)
    assert result.returncode == 0, result.stderr
    files = sorted(path.relative_to(first).as_posix() for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second).as_posix() for path in second.rglob("*") if path.is_file())
    assert [name for name in files if (first / name).read_bytes() != (second / name).read_bytes()] == []


def test_bad_data_builds_nothing(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    fees = project / "data/fees/sample.yml"
    fees.write_text(fees.read_text(encoding="utf-8").replace("amount: 400", "amount: 400元"), encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 1
    assert ("data/fees/sample.yml:11:13: 错误：[收费公示 sample › items 第1项 › amount] 收费标准（金额）：金额只写数字"
            in result.stderr)
    assert not (tmp_path / "out.build" / "render").exists()  # the check stopped it before anything was rendered
    assert not (tmp_path / "out").exists()


def test_undefined_template_variable_fails_the_build(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    write(project, "docs/index.md", "# 首页\n\n{{ home() }}\n\n{{ typo_variable }}\n")
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "typo_variable" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_failing_macro_fails_the_build(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    write(project, "docs/index.md", "# 首页\n\n{{ home(1, 2) }}\n")
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_site_without_site_url_is_refused(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^site_url:.*$", "", config.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 1
    assert "mkdocs.yml 里要写 site_url（学校网站的完整网址" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_data_is_never_evaluated_as_a_template(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace(
        "motto: 求真 向善", "motto: \"{{ config.site_name }}{% if true %}IF{% endif %}<script>alert(1)</script>\""),
        encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert ('<span class="sp-label">校训</span>{{ config.site_name }}{% if true %}IF{% endif %}'
            "&lt;script&gt;alert(1)&lt;/script&gt;</p>") in page
    assert "<script>alert(1)" not in page


def test_record_pages_show_hostile_data_as_text(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    hostile_title = "{{ config }}{% include 'x' %}</title><script>alert(1)</script>|竖线"
    path = project / "data/affairs/sample.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 关于2025年秋季学期校车线路的公示", f"title: \"{hostile_title}\"")
    text = text.replace("  正文写在这里，每行前面空两格。可以分段。",
                        "  {{ config.site_name }} <img src=x onerror=\"alert(2)\"> <a href=\"javascript:alert(3)\">链接</a>")
    path.write_text(text, encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/affairs/sample/index.html").read_text(encoding="utf-8")
    assert ">{{ config }}{% include 'x' %}&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;|竖线</h1>" in page
    assert "{{ config.site_name }} &lt;img src=x onerror=\"alert(2)\"&gt; &lt;a href=\"javascript:alert(3)\"&gt;链接&lt;/a&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and '<a href="javascript:' not in page
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and "</title>" not in title
    assert title.startswith("{{ config }}{% include 'x' %}&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;|竖线 - ")
    search = (tmp_path / "out/search/search_index.json").read_text(encoding="utf-8")
    assert "<script>" not in search and "<\\/script>" not in search  # the search results show titles as HTML


def test_record_pages_are_titled_by_their_record_in_the_tab_and_in_search(demo):
    """The browser tab and a WeChat share show the record's title, and so does its search result
    (MkDocs would otherwise name the page after its file: "2027 spring")."""
    _, site_dir = demo
    site, _ = load_site(REPO / "data")
    index = {entry["location"]: entry["title"] for entry in
             json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    for kind, record_id in (("fees", "2027-spring"), ("regulations", "2020-canteen"), ("festivals", "2026-chess")):
        title = views.record_title(site.of(kind)[record_id])
        page = (site_dir / kind / record_id / "index.html").read_text(encoding="utf-8")
        assert f"<title>{title} - {site.school.name}</title>" in page
        assert index[f"{kind}/{record_id}/"].replace("\u200b", "") == title


def test_the_demo_budget_workbook_is_published_cleaned_listed_and_in_open_data(demo):
    import io
    import zipfile

    import openpyxl

    from schoolpub.exports.common import data_path
    from schoolpub.xlsx_clean import EMPTY_CORE

    _, site_dir = demo
    published = site_dir / "media/affairs/2024-budget.xlsx"
    original = REPO / "data/media/affairs/2024-budget.xlsx"
    assert zipfile.ZipFile(io.BytesIO(published.read_bytes())).read("docProps/core.xml") == EMPTY_CORE
    assert b"dc:creator" in zipfile.ZipFile(original).read("docProps/core.xml")
    values = [[[[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in openpyxl.load_workbook(path)]
              for path in (published, original)]
    assert values[0] == values[1]
    page = (site_dir / "affairs/2024-budget/index.html").read_text(encoding="utf-8")
    assert (f'<a href="../../media/affairs/2024-budget.xlsx">2024年部门预算公开表（Excel 表格）</a>'
            f"（Excel 表格，{published.stat().st_size / 1024:.0f} KB）") in page
    records = json.loads((site_dir / data_path("affairs")).read_text(encoding="utf-8"))["records"]
    budget = next(record for record in records if record["id"] == "2024-budget")
    assert budget["attachments"][1]["url"].endswith("/media/affairs/2024-budget.xlsx")


FOOTER_FILINGS = (
    '<p class="sp-legal__filings">\n'
    '          <a class="sp-legal__link" href="https://beian.miit.gov.cn/" rel="noopener">京ICP备12345678号-1</a>\n'
    '          <a class="sp-legal__link" href="https://beian.mps.gov.cn/#/query/webSearch?code=11010512345678" rel="noopener">'
    '<img class="sp-legal__emblem" src="{root}assets/images/police-filing-emblem.png" alt="" width="20" height="20">'
    '京公网安备 11010512345678号</a>\n'
    '        </p>')


def test_every_page_shows_the_filing_numbers_linked_to_their_registers(demo):
    _, site_dir = demo
    # every page but the browser editor's (admin/): records, sections, years, 404
    pages = sorted(path for path in site_dir.rglob("*.html") if path.relative_to(site_dir).parts[0] != "admin")
    assert len(pages) >= 79
    missing = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        depth = len(path.relative_to(site_dir).parts) - 1
        root = "/" if path.name == "404.html" else ("../" * depth or "")
        if (html.count('<footer class="md-footer">') != 1
                or '<p class="sp-legal__school">示例市实验小学 · 示例市示例区学府路18号</p>' not in html
                or FOOTER_FILINGS.format(root=root) not in html
                or html.count("beian.miit.gov.cn") != 1 or html.count("beian.mps.gov.cn") != 1):
            missing.append(path.relative_to(site_dir).as_posix())
    assert missing == []
    emblem = site_dir / "assets/images/police-filing-emblem.png"
    assert emblem.read_bytes() == (REPO / "docs/assets/images/police-filing-emblem.png").read_bytes()
