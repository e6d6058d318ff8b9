"""The home page as a parent sees it: a phone, inside WeChat."""
import pytest

from .support import ARTIFACTS, HOST, PAGES, WECHAT_PHONE, school_name

pytestmark = pytest.mark.browser


def test_home_on_a_wechat_phone(open_page):
    page, response, traffic = open_page("/", **WECHAT_PHONE)
    assert "MicroMessenger" in page.evaluate("navigator.userAgent")
    assert response.status == 200
    lang = page.evaluate("document.documentElement.lang")
    assert lang == "zh" or lang.startswith("zh-"), f'<html lang="{lang}">'
    assert school_name() in page.title()
    page.wait_for_load_state("networkidle")
    # No sideways scrolling on a 360 px wide phone: nothing is wider than the screen.
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= 360, f"page is {widths[0]} px wide on a 360 px screen"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "home-360.png", full_page=True)
    assert traffic.requests and traffic.requests[0].startswith(f"http://{HOST}:")
    assert [url for url in traffic.requests if not url.startswith(f"http://{HOST}:")] == []
    assert not traffic.problems(), "\n".join(traffic.problems())


@pytest.mark.parametrize("path", PAGES + ["/festivals/2024-art/", "/honors/2024-district-teaching-contest/"])
def test_no_sideways_scrolling_on_a_360px_phone(open_page, path):
    """Key facts (fee cards, timetables, tables) fit the screen on every page type."""
    page, response, _ = open_page(path, **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    too_wide = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                     && !e.closest('.md-typeset__scrollwrap, .sp-print-only, .tabbed-labels'))
        .slice(0, 3).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 30))""")
    scrolling_tables = page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 30))""")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert too_wide == []
    assert scrolling_tables == []
