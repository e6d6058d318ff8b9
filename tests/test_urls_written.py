"""Every URL the site writes from the data is safe: record pages, feeds, calendars, open
data, link cards and the QR code's address.

What comes from the data into a URL: record ids (the check allows only [a-z0-9-]),
attachment and photo file names (any name a computer allows: percent-encoded, so a
name cannot end a Markdown link early and start one of its own), and URL fields
(judged by urls.is_safe as they are parsed). Every URL written passes urls.written,
which stops the build rather than write an unsafe one.
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import markdown
import pytest
from lxml import etree
from mkdocs.config import load_config
from PIL import Image

from conftest import MINIMAL, REPO, write
from test_build import build, site_project

from schoolpub import exports, urls, views
from schoolpub.build import context_for
from schoolpub.loader import load_site

URL = "https://example.edu.cn/"
PDF = "affairs/a)[点我](javascript:alert(1)).pdf"
PDF_ON_PAGE = "../../media/affairs/a%29%5B%E7%82%B9%E6%88%91%5D%28javascript%3Aalert%281%29%29.pdf"
LOGO = "school/b)[x](javascript:alert(1)).png"
LOGO_URL = URL + "media/school/b%29%5Bx%5D%28javascript%3Aalert%281%29%29-large.jpg"

RECORD = f"""title: 2025年度预算公开
category: 其他
published: 2025-09-01
department: 财务室
display:
  start: 2025-09-01
  end: 2025-09-15
body: |
  预算表见附件。
attachments:
  - file: "{PDF}"
    title: 预算表
"""


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    project = tmp_path_factory.mktemp("written") / "project"
    shutil.copytree(MINIMAL, project)
    media = project / "data" / "media"
    (media / "affairs").mkdir(parents=True)
    (media / "school").mkdir(parents=True)
    shutil.copyfile(REPO / "data" / "media" / "affairs" / "2024-budget.pdf", media / PDF)
    Image.new("RGB", (64, 64), "navy").save(media / LOGO)
    write(project, "data/affairs/budget.yml", RECORD)
    school = project / "data" / "school.yml"
    school.write_text(school.read_text(encoding="utf-8") + f'logo: "{LOGO}"\n', encoding="utf-8")
    site, problems = load_site(project / "data")
    assert problems.sorted() == []  # such names are allowed: staff name files "预算(定稿).pdf"
    return context_for(site, URL, with_media=True)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value is not None]


def hrefs_of(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def test_an_attachment_name_cannot_end_its_link_and_start_a_script_link(context):
    page = views.record_page(context, "affairs", "budget")
    assert f"- [预算表]({PDF_ON_PAGE})（PDF，5 KB）" in page.splitlines()
    config = load_config(str(REPO / "mkdocs.yml"))
    html = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs).convert(page)
    assert [href for href in hrefs_of(html) if "media/" in href] == [PDF_ON_PAGE]
    assert all(urls.is_safe(href) for href in hrefs_of(html))


def test_open_data_names_the_files_by_their_encoded_urls(context):
    files = exports.all_exports(context)
    affairs = json.loads(files["data/v1/affairs.json"])
    record = next(record for record in affairs["records"] if record["id"] == "budget")
    assert record["url"] == URL + "affairs/budget/"
    assert record["attachments"] == [{"title": "预算表", "url": URL + PDF_ON_PAGE[len("../../"):]}]
    assert json.loads(files["data/v1/school.json"])["school"]["logo"] == LOGO_URL


def test_the_link_card_picture_is_the_encoded_rendition(context):
    assert views.front_matter(context, "affairs", "budget")["share_image"] == {"url": LOGO_URL, "width": 64, "height": 64}


def test_the_print_footer_qr_code_carries_the_record_url(context):
    page = views.record_page(context, "affairs", "budget")
    assert f'<span class="sp-qr__url">{URL}affairs/budget/</span>' in page


def _json_urls(value, key=""):
    if isinstance(value, dict):
        for inner_key, inner in value.items():
            yield from _json_urls(inner, inner_key)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_urls(inner, key)
    elif isinstance(value, str) and (key in ("url", "logo", "certificate", "feed", "calendar", "json", "csv")
                                     or key.endswith("_url")):
        yield value


def test_every_url_in_feeds_calendars_and_open_data_is_the_sites_own_and_safe(context):
    written: dict[str, list[str]] = {}
    for path, content in exports.all_exports(context).items():
        if path.endswith(".xml"):
            tree = etree.fromstring(content)
            found = tree.xpath("//@href") + [element.text for element in tree.iter("{*}id", "{*}uri")]
        elif path.endswith(".ics"):
            calendar = icalendar.Calendar.from_ical(content)
            found = [str(event["URL"]) for event in calendar.walk("VEVENT")]
        elif path.endswith(".json"):
            found = list(_json_urls(json.loads(content)))
        else:
            continue
        written[path] = found
    assert URL + "affairs/budget/" in written["feeds/all.xml"]
    assert URL + "affairs/budget/" in written["calendar/affairs.ics"]
    everything = [url for found in written.values() for url in found]
    assert everything and all(url.startswith(URL) and urls.is_safe(url) for url in everything)


def test_the_writer_stops_rather_than_write_an_unsafe_url(context):
    hostile = dataclasses.replace(context, site_url="&#106;avascript:alert(1)//")
    with pytest.raises(ValueError, match=r"refusing to write an unsafe URL: '&#106;avascript:alert\(1\)//affairs/budget/'"):
        views.absolute_url(hostile, "affairs", "budget")
    with pytest.raises(ValueError, match="refusing to write an unsafe URL"):
        urls.file_url("javascript:alert(1)//", "media/x.pdf")
    assert urls.written("https://example.edu.cn/x/") == "https://example.edu.cn/x/"


DOCS_PAGE = """学校简介如下。

<p>也可以看<a href="java&#x73;cript:alert(1)">这里</a>。</p>

{{ about() }}
"""


def test_a_script_link_in_a_page_of_docs_stops_the_build_at_its_line(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    (project / "docs/about.md").write_text(DOCS_PAGE, encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    # `schoolpub scan` finds it in the output HTML and names the line of docs/ it was written on
    assert result.stderr.splitlines()[-3:] == [
        "site/about/index.html:512: 错误：链接地址不安全：“javascript:alert(1)”点开会运行脚本。只允许 http、https、"
        "mailto、tel 或站内相对地址。请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），"
        "或者删掉这个链接、只留文字。（写在 docs/about.md:3）网站不会发布。",
        "网站检查没有通过：不安全的链接 1 个（共检查 19 个页面），网站不会发布。请按上面的提示修改后重新生成。",
        "网站生成失败（见上面的错误），已发布的 site/ 保持不变。"]
