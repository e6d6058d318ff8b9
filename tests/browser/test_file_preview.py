"""The preview staff download from a pull request (or make with `make preview`) opens from a folder:
double-click index.html (file://, no server), click 收费公示, click a notice — pages, not folder
listings (issue 23), with every stylesheet, script and photo loaded."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from schoolpub.file_preview import NOTE, make_preview

from .support import DATA, read_yaml

pytestmark = pytest.mark.browser
NOTICE = "2027-spring"  # the demo's newest fee notice, first on the 收费公示 page
FESTIVAL = "2025-sports"  # a festival with photos


@pytest.fixture(scope="session")
def preview(built_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("download") / "site-preview"
    make_preview(built_site, out)
    return out


@dataclass
class FileTraffic:
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"not from the folder: {url}" for url in self.requests if urlsplit(url).scheme not in ("file", "data")]
                + [f"failed: {entry}" for entry in self.failed] + [f"JavaScript error: {error}" for error in self.page_errors])


@pytest.fixture
def from_folder(browser):
    """from_folder(index) → (page, traffic): index.html opened as a double-click opens it."""
    contexts = []

    def open_index(index: Path):
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 800})
        contexts.append(context)
        traffic = FileTraffic()
        context.on("request", lambda request: traffic.requests.append(request.url))
        context.on("requestfailed", lambda request: traffic.failed.append(f"{request.failure} {request.url}"))
        page = context.new_page()
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        page.goto(index.as_uri(), wait_until="load")
        return page, traffic

    yield open_index
    for context in contexts:
        context.close()


def click(page, name: str) -> None:
    page.get_by_role("link", name=name, exact=True).locator("visible=true").first.click()
    page.wait_for_load_state("load")


def loaded_everything(page) -> list[str]:
    """What on the page did not load: a stylesheet without rules, a script or photo that failed."""
    return page.evaluate("""() => [
        ...[...document.querySelectorAll('link[rel=stylesheet]')]
            .filter(link => !link.sheet).map(link => 'stylesheet ' + link.href),
        ...[...document.images].filter(img => img.complete && img.naturalWidth === 0).map(img => 'image ' + img.src),
    ]""")


def test_fees_and_a_notice_open_from_a_folder(preview: Path, from_folder):
    page, traffic = from_folder(preview / "index.html")
    assert page.get_by_role("note").inner_text() == NOTE
    click(page, "收费公示")
    assert page.url == (preview / "fees" / "index.html").as_uri()
    assert page.locator("article h1").inner_text() == "收费公示"
    title = read_yaml(DATA / "fees" / f"{NOTICE}.yml")["title"]
    click(page, title)
    assert page.url == (preview / "fees" / NOTICE / "index.html").as_uri()
    assert page.locator("article h1").inner_text() == title == "示例市实验小学2026-2027学年第二学期收费公示"
    assert page.locator("article").get_by_text("住宿费").first.is_visible()
    assert page.locator(".md-header").evaluate("header => getComputedStyle(header).position") == "sticky"  # Material's CSS
    assert loaded_everything(page) == []
    assert any(url.endswith("/assets/stylesheets/schoolpub.css") for url in traffic.requests)
    assert traffic.problems() == []


def test_photos_of_a_festival_load_from_a_folder(preview: Path, from_folder):
    page, traffic = from_folder(preview / "index.html")
    click(page, "活动节")
    page.locator(f'a[href="{FESTIVAL}/index.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url == (preview / "festivals" / FESTIVAL / "index.html").as_uri()
    photos = page.locator("article img")
    assert photos.count() == 4
    for index in range(photos.count()):
        photos.nth(index).scroll_into_view_if_needed()  # loading="lazy": loaded when on screen
        assert photos.nth(index).evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    click(page, "首页")  # the logo and 首页 lead back to the home page, not to a folder
    assert page.url == (preview / "index.html").as_uri()
    assert loaded_everything(page) == [] and traffic.problems() == []


def test_the_site_folder_itself_shows_a_folder_listing(built_site: Path, from_folder):
    """Why the copy exists: site/ opened the same way lists a folder at the first click."""
    page, _ = from_folder(built_site / "index.html")
    click(page, "收费公示")
    assert page.url == (built_site / "fees").as_uri() + "/"
    assert page.title() == f"Index of {built_site / 'fees'}/"
