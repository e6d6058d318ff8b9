"""A grade × item fee notice (data/fees/2025-autumn.yml) on a 360 px phone and on A4 paper:
a parent finds what 四年级 pays without scrolling sideways, and the printed notice keeps
every grade and item in bordered tables."""
import re

import pytest

from .support import ARTIFACTS, WECHAT_PHONE

pytestmark = pytest.mark.browser

MATRIX = "/fees/2025-autumn/"
A4_VIEWPORT = {"width": 794, "height": 1123}
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def test_a_grade_total_is_visible_on_a_phone_without_sideways_scrolling(open_page):
    page, response, traffic = open_page(MATRIX, **WECHAT_PHONE)
    assert response.status == 200
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    table = page.locator("table.sp-fee-grades")
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth"), "the grade table scrolls sideways"
    row = table.locator("tr", has=page.locator("th", has_text="四年级"))
    total = row.locator("td").first
    assert total.inner_text() == "63 元"
    total.scroll_into_view_if_needed()
    box = total.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "fee-matrix-360.png"), full_page=True)
    table.screenshot(path=str(ARTIFACTS / "fee-matrix-360-grades.png"))
    # One grade's items, without JavaScript: a <details> per grade.
    grade = page.locator("details.sp-fee-grade", has=page.locator("summary", has_text="四年级"))
    assert not grade.locator("li").first.is_visible()
    grade.locator("summary").click()
    items = grade.locator("li").all_inner_texts()
    assert items[0] == "课本费：55 元/生·学期\n城乡最低生活保障家庭子女免收"
    assert "住校生另交 住宿费：公寓化宿舍 200、普通宿舍 70 元/生·学期（有几档金额，不计入合计）" in items
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_the_matrix_notice_prints_in_bordered_tables(open_page):
    page, _, traffic = open_page(MATRIX, viewport=A4_VIEWPORT, device_scale_factor=2)
    page.emulate_media(media="print")
    matrix = page.locator("table.sp-fee-matrix")
    assert matrix.is_visible() and matrix.locator("tbody tr").count() == 6
    assert page.locator("table.sp-fee-grades").is_visible()
    assert not page.locator("details.sp-fee-grade").first.is_visible()
    assert not page.locator("ol.sp-cards").is_visible()
    borders = matrix.locator("td").evaluate_all("cells => cells.map(c => getComputedStyle(c).borderTopStyle)")
    assert set(borders) == {"solid"}
    for table in ("table.sp-fee-matrix", "table.sp-fee-grades", "table.sp-fee-table"):
        assert page.locator(table).evaluate("t => t.getBoundingClientRect().right <= 794"), table
    pdf = page.pdf(format="A4")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fee-matrix.pdf").write_bytes(pdf)
    pages = len(PDF_PAGE.findall(pdf))
    assert 1 <= pages <= 4, f"the matrix notice prints on {pages} A4 pages"  # measured: 4
    assert not traffic.problems(), "\n".join(traffic.problems())
