"""Descriptions and link-preview tags: plain text from the data, escaped in the theme.

The built pages are checked in tests/browser/test_markup.py; these are the pieces:
the text helpers, and the theme partial rendered the way MkDocs renders it (a Jinja
environment without autoescaping) with hostile values.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import jinja2
from markupsafe import Markup, escape

from schoolpub.content.festivals import Festival
from schoolpub.views import describe

REPO = Path(__file__).resolve().parent.parent
HOSTILE = '校训"><script>alert(1)</script> & 「引号」'


def render_partial(meta: dict, site_description=None) -> str:
    # MkDocs' theme environment: jinja2.Environment(loader=..., auto_reload=False), no autoescape
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(REPO / "overrides"), auto_reload=False)
    page = SimpleNamespace(meta=meta, is_homepage=False, title="标题", canonical_url="https://example.edu.cn/x/")
    config = {"site_name": '学校"<b>', "site_description": site_description, "site_url": "https://example.edu.cn/",
              "extra": {}}
    return env.get_template("partials/schoolpub-meta.html").render(page=page, config=config)


def test_the_partial_escapes_values_from_data():
    html = render_partial({"description": HOSTILE, "share_title": HOSTILE, "og_type": "article",
                           "share_image": {"url": 'https://example.edu.cn/media/a"b-large.jpg', "width": 1, "height": 1}})
    assert "<script>" not in html and '"><' not in html
    assert 'content="校训&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; 「引号」"' in html
    assert 'content="学校&#34;&lt;b&gt;"' in html  # og:site_name
    assert 'a&#34;b-large.jpg' in html


def test_a_description_escaped_once_by_the_hook_is_not_escaped_twice():
    # hooks/mkdocs_engine.py hands Material the description as Markup (Material writes it unescaped)
    html = render_partial({"description": escape(HOSTILE)})
    assert html.count("&lt;script&gt;") == 2 and "&amp;lt;" not in html


def test_plain_text_is_one_line_and_short():
    text = describe.plain("**通知**\n\n第一段 [链接](x)  " + "长" * 200)
    assert "\n" not in text and "*" not in text and "[" not in text
    assert len(text) == describe.MAX_LENGTH and text.endswith("…")


def test_dates_and_periods_in_chinese():
    assert describe.chinese_date(dt.date(2026, 3, 1)) == "2026年3月1日"
    assert describe._period(dt.date(2026, 3, 1), dt.date(2026, 3, 9)) == "2026年3月1日至3月9日"
    assert describe._period(dt.date(2026, 12, 1), dt.date(2027, 1, 9)) == "2026年12月1日至2027年1月9日"


def test_the_share_image_is_a_published_rendition_never_an_original():
    large = SimpleNamespace(path="media/festivals/x/01-large.jpg", width=1600, height=1200)
    logo = SimpleNamespace(path="media/school/logo-large.jpg", width=256, height=256)
    context = SimpleNamespace(site_url="https://example.edu.cn/", school=SimpleNamespace(logo="school/logo.png"),
                              photos={("festivals/x/01.jpg", "large"): large, ("school/logo.png", "large"): logo})
    gallery = [SimpleNamespace(photo="festivals/x/01.jpg")]
    consented = Festival.model_construct(gallery=gallery, guardian_consent=True)
    assert describe.share_image(context, consented)["url"] == "https://example.edu.cn/media/festivals/x/01-large.jpg"
    for without_consent in (None, False):
        record = Festival.model_construct(gallery=gallery, guardian_consent=without_consent)
        assert describe.share_image(context, record)["url"] == "https://example.edu.cn/media/school/logo-large.jpg"
    assert describe.share_image(SimpleNamespace(site_url="/", school=SimpleNamespace(logo=None), photos={})) is None
    assert isinstance(escape("x"), Markup)
