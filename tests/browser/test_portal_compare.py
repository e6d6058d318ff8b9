"""The district portal's per-item comparison (课后服务费 across schools, per grade) on a 360 px phone:
no sideways scrolling of the page, the whole table visible (no column cut off or scrolled away), each
row's school, grade and amount readable. The portal is built by `schoolpub.portal.build` from a
demo-sized district (tests/portal_support.py) and served on 127.0.0.1."""
import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from portal_support import TODAY, portal_config

from schoolpub.portal.build import build
from schoolpub.portal.views import item_page

from .conftest import _open_in, _QuietHandler
from .support import ARTIFACTS, HOST, WECHAT_PHONE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("portal")
    assert build(portal_config(root), root / "portal-site", TODAY) == []
    server = ThreadingHTTPServer((HOST, 0), partial(_QuietHandler, directory=str(root / "portal-site")))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="portal-server", daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def open_portal(browser, portal_url):
    contexts = []
    yield partial(_open_in, browser, portal_url, contexts)
    for context in contexts:
        context.close()


def test_the_after_school_fee_comparison_is_readable_at_360_px(open_portal):
    path = "/" + item_page("课后服务费").removesuffix(".md") + "/"
    page, response, traffic = open_portal(path, **WECHAT_PHONE)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "课后服务费：各校收费标准"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    table = page.locator("article table")
    assert table.count() == 1
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth"), "the table scrolls sideways"
    box = table.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    rows = table.locator("tbody tr")
    texts = [row.locator("td").all_inner_texts() for row in rows.all()]
    assert ["示例区第五小学", "六年级", "300 元/生·学期", "自愿"] in texts
    assert ["示例区第四小学", "全部年级", "320 元/生·学期", "自愿"] in texts
    assert len(texts) == 4 + 6  # the demo and its three variants, six grades of the grade-table school
    sizes = table.locator("td").evaluate_all("cells => cells.map(c => parseFloat(getComputedStyle(c).fontSize))")
    assert min(sizes) >= 12, sizes  # readable without zooming
    for cell in rows.nth(5).locator("td").all():  # every column of a row is on screen, none cut off
        cell_box = cell.bounding_box()
        assert cell_box and cell_box["x"] >= 0 and cell_box["x"] + cell_box["width"] <= 360, cell_box
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portal-compare-360.png"), full_page=True)
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_the_portal_home_fits_a_phone_and_names_the_school_that_cannot_be_read(open_portal):
    page, response, traffic = open_portal("/", **WECHAT_PHONE)
    assert response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    row = page.locator("article table tbody tr", has=page.locator("td", has_text="示例区第七小学"))
    assert row.locator("td").nth(1).inner_text() == ("暂时无法读取：本地目录里没有学校信息（data/v1/school.json），"
                                                     "请先生成这所学校的网站（make site）。没有可用的副本。")
    assert not traffic.problems(), "\n".join(traffic.problems())
