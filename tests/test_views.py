"""Views are pure functions of validated data; golden files pin their output.

Set UPDATE_GOLDEN=1 to rewrite a golden file after an intended change, then
read the diff before committing it.
"""
import datetime as dt
import os
from pathlib import Path

import markdown
import pytest

from conftest import MINIMAL, TESTS, write

from schoolpub import views
from schoolpub.context import Context
from schoolpub.loader import load_site

GOLDEN = TESTS / "golden"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def loaded(root: Path):
    site, problems = load_site(root / "data")
    assert not problems, problems.report()
    return site


def context(root: Path = MINIMAL, today: dt.date = dt.date(2025, 9, 3)) -> Context:
    return Context(site=loaded(root), today=today, site_url="https://example.edu.cn/")


def test_home_golden():
    assert_golden("home.md", views.home(context()))


def test_about_golden():
    assert_golden("about.md", views.about(context()))


@pytest.mark.parametrize("type_name", ["affairs", "fees", "honors", "festivals", "regulations"])
def test_section_index_golden(type_name):
    assert_golden(f"{type_name}-index.md", views.section_index(context(), type_name))


@pytest.mark.parametrize("type_name", ["affairs", "fees", "honors", "festivals", "regulations"])
def test_record_page_golden(type_name):
    assert_golden(f"{type_name}-sample.md", views.record_page(context(), type_name, "sample"))


def test_display_state_follows_the_day():
    notice = loaded(MINIMAL).of("fees")["sample"]
    start, end = notice.display.start, notice.display.end
    assert [views.display_state(notice.display, day) for day in
            (start - dt.timedelta(days=1), start, end, end + dt.timedelta(days=1))] == ["未开始", "公示中", "公示中", "已过公示期"]


@pytest.mark.parametrize("text, literal", [
    ("{{ config }}", r"\{\{ config \}\}"),
    ("{% include 'x' %}", r"\{% include 'x' %\}"),
    ("<script>alert(1)</script>", r"&lt;script&gt;alert\(1\)&lt;/script&gt;"),
    ('<img src=x onerror="alert(1)">', r'&lt;img src=x onerror="alert\(1\)"&gt;'),
    ("[点我](javascript:alert(1))", r"\[点我\]\(javascript:alert\(1\)\)"),
    ("收费 | 标准", r"收费 \| 标准"),
    ("**加粗** _斜体_ # 标题", r"\*\*加粗\*\* \_斜体\_ \# 标题"),
])
def test_inline_values_are_literal_markdown(text, literal):
    assert views.inline(text) == literal
    html = markdown.markdown(f"| a |\n| --- |\n| {views.inline(text)} |", extensions=["tables"])
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<strong>" not in html
    assert html.count("<td>") == 1  # a `|` in the value did not split the cell


def test_markdown_bodies_render_but_raw_html_is_text():
    html = views.markdown_block("**要点**\n\n<script>alert(1)</script>\n\n- 一\n- 二\n\n正文 <b onclick=x>粗</b>\n")
    assert "<strong>要点</strong>" in html and "<li>一</li>" in html
    assert "<script" not in html and "<b " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b onclick=x&gt;粗&lt;/b&gt;" in html


@pytest.mark.parametrize("body, expected", [
    ("[链接](javascript:alert(1))", "<p><span class=\"sp-unsafe-link\">链接</span></p>"),
    ("[链接](JavaScript:alert(1))", "<p><span class=\"sp-unsafe-link\">链接</span></p>"),
    ("[链接](data:text/html;base64,PHNjcmlwdD4=)", "<p><span class=\"sp-unsafe-link\">链接</span></p>"),
    ("[教育局](https://example.gov.cn/)", '<p><a href="https://example.gov.cn/">教育局</a></p>'),
    ("[电话](tel:12345)", '<p><a href="tel:12345">电话</a></p>'),
    ("![合影](https://foreign.example/x.jpg)", "<p><span>合影</span></p>"),
])
def test_markdown_links_keep_only_harmless_targets(body, expected):
    assert views.markdown_block(body) == f'\n<div class="sp-markdown">\n{expected}\n</div>\n'


def test_hostile_school_text_reaches_the_page_as_text(project: Path):
    school = project / "data/school.yml"
    write(project, "data/school.yml", school.read_text(encoding="utf-8")
          .replace("motto: 求真 向善", "motto: \"{{ config.site_name }} <script>x</script>\"")
          .replace("测试市第一小学创办于 1952 年。", "<iframe src=//evil></iframe>{% raw %}"))
    page = views.home(context(project)) + views.about(context(project))
    assert '<span class="sp-label">校训</span>{{ config.site_name }} &lt;script&gt;x&lt;/script&gt;</p>' in page
    assert "&lt;iframe src=//evil&gt;&lt;/iframe&gt;{% raw %}" in page
    assert "<iframe" not in page and "<script" not in page
