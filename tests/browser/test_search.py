"""Chinese search on a phone: Material's search with jieba segmentation finds the record
pages a parent looks for (contract: fee notices under /fees/, festivals under /festivals/,
honours under /honors/<id>/)."""
import time
from urllib.parse import urlsplit

import pytest

from .support import WECHAT_PHONE, first_teacher_honor

pytestmark = pytest.mark.browser

RESULT_LINKS = "() => [...document.querySelectorAll('.md-search-result a')].map(a => a.href)"


def search(page, query: str, wanted, timeout: float = 10.0) -> list[str]:
    """Tap the magnifier, type `query`, and return the paths of the results.

    Waits until a result's path satisfies `wanted`, or until the search has answered
    (the line above the results has changed from its "type to search" prompt) and
    half a second has passed, so a failing assertion shows what was found instead.
    """
    magnifier = page.locator('label.md-header__button[for="__search"]')
    if magnifier.is_visible():  # phones: search is behind the magnifier in the header
        magnifier.click()
    box = page.locator("input.md-search__input[name=query]")
    meta = page.locator(".md-search-result__meta")
    prompt = meta.inner_text()
    box.fill(query)
    # Material reads the query on keyup; a phone's input method sends one when the
    # word is committed, Playwright's text insertion does not.
    box.press("End")
    deadline = time.monotonic() + timeout
    answered_at = None
    while True:
        paths = [urlsplit(href).path for href in page.evaluate(RESULT_LINKS)]
        now = time.monotonic()
        if answered_at is None and meta.inner_text() != prompt:
            answered_at = now
        if (any(wanted(path) for path in paths) or now > deadline
                or (answered_at is not None and now - answered_at > 0.5)):
            return paths
        page.wait_for_timeout(100)


@pytest.fixture
def phone_home(open_page):
    page, response, traffic = open_page("/", **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")  # the search index has arrived
    yield page
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_search_for_fees_finds_a_fee_notice(phone_home):
    paths = search(phone_home, "收费", lambda path: "/fees/" in path)
    assert [path for path in paths if "/fees/" in path], f"收费 → {paths}"


def test_search_for_art_festival_finds_a_festival(phone_home):
    paths = search(phone_home, "艺术节", lambda path: "/festivals/" in path)
    assert [path for path in paths if "/festivals/" in path], f"艺术节 → {paths}"


def test_search_for_a_teacher_finds_the_honours_list(phone_home):
    record, name = first_teacher_honor()
    page_path = f"/honors/{record}/"
    paths = search(phone_home, name, lambda path: path == page_path)
    assert page_path in paths, f"{name} → {paths} (expected {page_path})"
