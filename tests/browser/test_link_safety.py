"""No link on a page runs script in a parent's browser (issue: script in a link).

Real Chromium clicks every variant of a script link that staff could write in a
Markdown body, rendered by the views (the same rendering the build uses) into a built
record page served on 127.0.0.1, and finds nothing clickable as script: no dialog, no
navigation to a javascript: or data: URL. A safe https link stays a link. The same
variants rendered as Python-Markdown does by itself (what the site published before)
do run script in this same harness: the test can fail.

The check refuses every such variant, so they cannot go through `mkdocs build` as data;
what can (raw HTML in a body, an attachment whose file name is Markdown link syntax) is
built for real.
"""
from __future__ import annotations

import re
import shutil
import threading
from functools import partial
from http.server import ThreadingHTTPServer

import markdown
import pytest
from mkdocs.config import load_config

from conftest import MINIMAL  # tests/conftest.py
from test_build import build, site_project

from schoolpub import bodies

from .conftest import _QuietHandler
from .support import HOST, REPO

pytestmark = pytest.mark.browser

SCRIPT_TARGETS = [
    "&#106;avascript:alert(document.domain)",  # the three variants of the issue
    "java&#x73;cript:alert(document.domain)",
    "javascript&colon;alert(document.domain)",
    "&#x6A;&#x61;vascript:alert(document.domain)",
    "&#106avascript:alert(document.domain)",
    "java&Tab;script:alert(document.domain)",
    "java&NewLine;script:alert(document.domain)",
    "&#9;javascript:alert(document.domain)",
    "JaVaScRiPt:alert(document.domain)",
    "%6Aavascript:alert(document.domain)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
]
LINK_VARIANTS = [f"[变体{number}]({target})" for number, target in enumerate(SCRIPT_TARGETS, start=1)] + [
    "[变体引用][r]",
    "[变体尖括号](<javascript:alert(document.domain)>)",
    "![变体图片](javascript:alert(document.domain))",
]
TEXT_VARIANTS = ["<javascript:alert(document.domain)>", '<a href="javascript:alert(document.domain)">原样</a>',
                 "<img src=x onerror=alert(document.domain)>", '<iframe src="javascript:alert(document.domain)"></iframe>']
SAFE_LINK = "[教育局通知](https://jyj.example.gov.cn/notice)"
VARIANTS = "\n".join(f"- {variant}" for variant in LINK_VARIANTS + TEXT_VARIANTS + [SAFE_LINK]) + \
    "\n\n[r]: &#106;avascript:alert(document.domain)\n"

PDF = "affairs/a)[点我](javascript:alert(document.domain)).pdf"
RECORD = f"""title: 链接测试
category: 其他
published: 2025-09-01
department: 校长办公室
body: |
  详见{SAFE_LINK}。

  <a href="javascript:alert(document.domain)">原样</a> <img src=x onerror=alert(document.domain)>

  <iframe src="javascript:alert(document.domain)"></iframe>

  <script>alert(document.domain)</script>
attachments:
  - file: "{PDF}"
    title: 预算表
"""


def _page_html(markdown_text: str) -> str:
    """A rendered body as the build inserts it: through the site's own Markdown settings."""
    config = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs) \
        .convert(markdown_text)


def _before_the_fix(text: str) -> str:
    """What the site published before links were judged: Python-Markdown with raw HTML off, links as parsed."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists"])
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return f'<div class="sp-markdown">\n{converter.convert(text)}\n</div>'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The built record page, and two copies with the variants in place of its body: as the
    views render them, and as Python-Markdown alone did."""
    root = tmp_path_factory.mktemp("links")
    project = site_project(root, MINIMAL / "data")
    (project / "data/media/affairs").mkdir(parents=True)
    shutil.copyfile(REPO / "data/media/affairs/2024-budget.pdf", project / "data/media" / PDF)
    (project / "data/affairs/links.yml").write_text(RECORD, encoding="utf-8")
    result = build(project, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = (root / "site/affairs/links/index.html").read_text(encoding="utf-8")
    body = re.compile(r'<div class="sp-markdown">.*?</div>', re.S)
    assert len(body.findall(page)) == 1
    for name, rendered in (("views", _page_html(bodies.markdown_block(VARIANTS))),
                           ("before", _before_the_fix(VARIANTS))):
        (root / f"site/affairs/links/{name}.html").write_text(body.sub(lambda _: rendered, page), encoding="utf-8")
    server = ThreadingHTTPServer((HOST, 0), partial(_QuietHandler, directory=str(root / "site")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}/affairs/links/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


class Watched:
    """A page whose dialogs, navigations and popups are recorded; other hosts answer locally."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(locale="zh-CN")
        self.dialogs: list[str] = []
        self.navigations: list[str] = []
        self.popups: list[str] = []
        self.context.route("https://jyj.example.gov.cn/**", lambda route: route.fulfill(body="教育局", status=200))
        self.page = self.context.new_page()
        self.context.on("page", lambda popup: self.popups.append(popup.url))  # after our own page opened
        self.page.on("dialog", self._dialog)
        self.page.goto(url, wait_until="load")
        self.page.on("framenavigated", lambda frame: self.navigations.append(frame.url))

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def click(self, text: str) -> None:
        start = self.page.url
        self.page.get_by_text(text, exact=True).click()
        self.page.wait_for_timeout(300)  # a javascript: URL runs after the click's task
        if self.page.url != start:  # recorded in navigations; back, to click the next one
            self.page.goto(start, wait_until="load")

    def link_protocols(self) -> list[str]:
        return self.page.eval_on_selector_all(".sp-markdown a[href]", "links => links.map(a => a.protocol)")


@pytest.fixture
def watched(browser, site):
    pages = []

    def open_(name: str) -> Watched:
        pages.append(Watched(browser, site + name))
        return pages[-1]

    yield open_
    for page in pages:
        page.context.close()


LABELS = [f"变体{number}" for number in range(1, len(SCRIPT_TARGETS) + 1)] + ["变体引用", "变体尖括号", "变体图片"]


def test_no_variant_of_a_script_link_is_clickable_as_script(watched):
    page = watched("views.html")
    for label in LABELS:
        page.click(label)
    assert page.dialogs == [] and page.popups == [] and page.navigations == []
    assert page.page.url.endswith("/affairs/links/views.html")
    assert page.page.locator(".sp-markdown .sp-unsafe-link").count() == len(LABELS)
    assert page.link_protocols() == ["https:"]  # the one safe link, and nothing else is a link


def test_raw_html_in_a_body_is_shown_as_the_characters_typed(watched):
    page = watched("views.html")
    items = page.page.locator(".sp-markdown li").all_text_contents()
    assert items[len(LABELS):len(LABELS) + len(TEXT_VARIANTS)] == TEXT_VARIANTS
    assert page.page.locator(".sp-markdown iframe, .sp-markdown img, .sp-markdown script").count() == 0
    assert page.dialogs == []


def test_a_safe_link_stays_a_link(watched):
    page = watched("views.html")
    page.click("教育局通知")
    assert page.navigations[0] == "https://jyj.example.gov.cn/notice"
    assert page.dialogs == []


def test_the_same_links_as_python_markdown_renders_them_do_run_script(watched):
    """The harness sees script when there is some: the issue's three variants, unjudged."""
    page = watched("before.html")
    for label in LABELS[:3]:
        page.click(label)
    assert page.dialogs == [HOST] * 3


def test_the_built_page_has_no_script_link_and_shows_raw_html_as_text(watched):
    page = watched("index.html")
    text = page.page.locator(".sp-markdown").inner_text()
    assert '<a href="javascript:alert(document.domain)">原样</a> <img src=x onerror=alert(document.domain)>' in text
    assert '<iframe src="javascript:alert(document.domain)"></iframe>' in text
    assert "<script>alert(document.domain)</script>" in text
    assert page.page.locator(".sp-markdown iframe, .sp-markdown img, .sp-markdown script").count() == 0
    assert page.page.get_by_role("link", name="点我").count() == 0  # the attachment's name did not become a link
    attachment = page.page.get_by_role("link", name="预算表").get_attribute("href")
    assert attachment == "../../media/affairs/a%29%5B%E7%82%B9%E6%88%91%5D%28javascript%3Aalert%28document.domain%29%29.pdf"
    protocols = page.page.eval_on_selector_all("a[href]", "links => [...new Set(links.map(a => a.protocol))]")
    assert set(protocols) <= {"http:", "https:"}
    assert page.dialogs == []
