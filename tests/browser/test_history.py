"""A record's revision history on a 360 px phone: collapsed, opens on a tap, 更正 in words.

The demo's autumn 2025 fee notice was restructured after its display period began (this
repository's own history): its page carries a 更正 with the reason staff gave. The site is
built from this checkout, so it needs the repository's history (CI checks out fetch-depth 0).
"""
import pytest

from .support import ARTIFACTS, WECHAT_PHONE

pytestmark = pytest.mark.browser

CORRECTED = "/fees/2025-autumn/"


def test_history_is_collapsed_opens_and_names_a_correction_in_words(open_page):
    page, response, traffic = open_page(CORRECTED, **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    history = page.locator("details.sp-history")
    assert history.count() == 1, "no revision history on the page: was the site built without git history?"
    summary = history.locator("summary")
    assert summary.inner_text().startswith("修改记录（") and "更正" in summary.inner_text()
    assert history.evaluate("element => element.open") is False
    badge = history.locator(".sp-badge--correction").first
    assert not badge.is_visible()  # collapsed: the entries are hidden until asked for

    summary.tap()
    assert history.evaluate("element => element.open") is True
    assert badge.is_visible()
    # Not colour alone: the badge is the word 更正 (an ordinary revision says 修改), with a border.
    assert badge.inner_text() == "更正"
    style = badge.evaluate("element => { const s = getComputedStyle(element); return [s.borderTopStyle, s.borderTopWidth] }")
    assert style[0] == "solid" and style[1] != "0px"
    entry = page.locator(".sp-history__entry--correction").first
    assert entry.locator(".sp-history__note").inner_text().startswith("更正说明：网站改版时按原公示文件补录")
    # The opened history fits the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = summary.bounding_box()
    assert box["height"] >= 44  # a tap target
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "history-360.png", full_page=True)
    summary.tap()
    assert history.evaluate("element => element.open") is False
    assert not traffic.problems(), "\n".join(traffic.problems())
