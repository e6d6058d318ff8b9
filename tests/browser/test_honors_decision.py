"""A 表彰决定 with 200+ pupils on a 360 px phone: names in columns grouped by class,
masked, never wider than the screen; the candidate list shows its objection phones."""
from datetime import date

import pytest

from .support import ARTIFACTS, DATA, WECHAT_PHONE, read_yaml

pytestmark = pytest.mark.browser

DECISION = "/honors/2026-merit-pupils/"
CANDIDATES = "/honors/2026-good-youth/"


def test_long_decision_fits_a_phone(open_page):
    page, response, traffic = open_page(DECISION, **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    widest = page.evaluate("Math.max(...[...document.querySelectorAll('.sp-honor-units, .sp-recipients')]"
                           ".map(e => e.getBoundingClientRect().right))")
    assert widest <= 360
    names = page.locator("ul.sp-honor-names > li")
    assert names.count() == 216 + 32 + 13
    columns = page.evaluate("getComputedStyle(document.querySelector('ul.sp-honor-names'))"
                            ".gridTemplateColumns.split(' ').length")
    assert columns >= 3, "names should sit in several columns on a phone"
    assert "*" in names.first.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("h2").first.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / "honors-decision-360.png", full_page=False)
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_candidate_list_shows_how_to_object(open_page):
    page, response, traffic = open_page(CANDIDATES, **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    state = page.locator("p.sp-state").inner_text()  # the build day decides (this build sets no SCHOOLPUB_TODAY)
    display = read_yaml(DATA / "honors/2026-good-youth.yml")["display"]
    if display["start"] <= date.today() <= display["end"]:
        assert state.startswith("公示中") and "如有异议" in state and "0000-6600 1238" in state
    else:
        assert state.startswith(("未开始", "公示期已结束")), state
    page.screenshot(path=ARTIFACTS / "honors-candidates-360.png", full_page=False)
    assert not traffic.problems(), "\n".join(traffic.problems())
