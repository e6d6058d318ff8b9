"""The home page as a parent sees it: a phone, inside WeChat."""
import pytest

from .support import ARTIFACTS, HOST, WECHAT_PHONE, school_name

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
