"""Festival photos on a phone: tapping a thumbnail opens the large picture in the lightbox
(GLightbox, served by the site itself), accessible, offline, and captions stay text."""
from __future__ import annotations

import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from conftest import MINIMAL  # tests/conftest.py
from test_build import build, site_project

from .conftest import _QuietHandler
from .support import AXE_JS, HOST, REPO, WECHAT_PHONE

pytestmark = pytest.mark.browser

GALLERY_PAGE = "/festivals/2024-art/"


def open_first_photo(page) -> dict:
    page.locator(".sp-gallery a").first.tap()
    page.wait_for_selector(".glightbox-container .gslide.current img")
    page.wait_for_timeout(600)  # the opening animation
    return page.evaluate("""() => ({
        src: document.querySelector('.gslide.current img').src,
        alt: document.querySelector('.gslide.current img').alt,
        description: document.querySelector('.gslide.current .gslide-desc').innerHTML,
        caption: document.querySelector('.sp-gallery figcaption').textContent,
        dialog: document.querySelector('.glightbox-container').getAttribute('aria-label')})""")


def test_tapping_a_thumbnail_opens_the_large_picture_in_place(open_page):
    page, response, traffic = open_page(GALLERY_PAGE, **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    shown = open_first_photo(page)
    assert shown["src"].endswith("/media/festivals/2024-art/01-large.jpg")
    assert shown["alt"] == shown["caption"] == shown["description"]
    assert shown["dialog"] == "照片"
    assert page.url.endswith(GALLERY_PAGE)  # still on the page: the lightbox, not a navigation
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.keyboard.press("Escape")
    page.wait_for_timeout(600)
    assert page.locator(".glightbox-container").count() == 0
    assert [url for url in traffic.requests if not url.startswith(f"http://{HOST}:")] == []
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_the_open_lightbox_has_no_serious_accessibility_violation(open_page):
    page, _, _ = open_page(GALLERY_PAGE, **WECHAT_PHONE)
    open_first_photo(page)
    page.add_script_tag(path=AXE_JS)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []


HOSTILE = """
gallery:
  - photo: festivals/2025-art/01.jpg
    caption: "<img src=x onerror=\\"window.__hacked = 1\\"> 开幕式"
guardian_consent: true
"""


def test_a_caption_with_html_stays_text_in_the_lightbox(browser, tmp_path):
    project = site_project(tmp_path, MINIMAL / "data")
    (project / "data/media/festivals/2025-art").mkdir(parents=True)
    (project / "data/media/festivals/2025-art/01.jpg").write_bytes((REPO / "data/media/festivals/2024-art/01.jpg")
                                                                   .read_bytes())
    festival = project / "data/festivals/sample.yml"
    festival.write_text(festival.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    assert build(project, tmp_path / "site").returncode == 0
    server = ThreadingHTTPServer((HOST, 0), partial(_QuietHandler, directory=str(tmp_path / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(**WECHAT_PHONE)  # a phone: GLightbox's mobile path is the risky one
    try:
        page = context.new_page()
        page.goto(f"http://{HOST}:{server.server_address[1]}/festivals/sample/", wait_until="load")
        shown = open_first_photo(page)
        assert shown["description"] == '&lt;img src=x onerror="window.__hacked = 1"&gt; 开幕式'
        assert page.evaluate("window.__hacked") is None
    finally:
        context.close()
        server.shutdown()
        server.server_close()
