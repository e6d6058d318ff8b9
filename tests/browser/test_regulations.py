"""A school 章程 on a 360 px phone: no sideways scrolling; the chapter list jumps to its chapter."""
import pytest

from .support import ARTIFACTS, WECHAT_PHONE

pytestmark = pytest.mark.browser

CHARTER = "/regulations/2019-charter/"


def test_charter_chapters_on_a_phone(open_page):
    page, response, traffic = open_page(CHARTER, **WECHAT_PHONE)
    assert response.status == 200
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    links = page.locator("nav.sp-chapters a")
    assert links.count() == 6 and links.nth(0).inner_text() == "第一章 总则"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "regulations-charter-360.png", full_page=False)
    links.nth(4).click()  # 第五章 教职工
    page.wait_for_function("location.hash !== ''")
    assert page.evaluate("decodeURIComponent(location.hash)") == "#第五章"
    top = page.evaluate("document.getElementById('第五章').getBoundingClientRect().top")
    assert 0 <= top < 200, f"第五章 is {top}px from the top after the jump"
    page.screenshot(path=ARTIFACTS / "regulations-charter-360-chapter5.png", full_page=False)
    diff = page.locator("details.sp-diff").first
    diff.scroll_into_view_if_needed()
    assert "移至第四章（原在第二章）" in diff.inner_text()
    page.screenshot(path=ARTIFACTS / "regulations-charter-360-diff.png", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not traffic.problems(), "\n".join(traffic.problems())
