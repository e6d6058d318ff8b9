"""A parent's first screen (issue 19, item 6): the demo's grade-table notice (data/fees/2025-autumn.yml)
opened in a 360 × 640 WeChat phone, with and without JavaScript. Before any scrolling, a parent who
taps their child's grade sees that grade's total, the date collection starts and a complaint phone;
another grade opens in place, its row staying in view; axe-core finds nothing serious with a grade open; the keyboard works.
Screenshots of what the phone shows go to tests/browser/artifacts/fee-first-screen-*.png."""
from __future__ import annotations

import pytest

from .support import ARTIFACTS, AXE_JS, INSTALL_HINT, WECHAT_PHONE
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.browser

MATRIX = "/fees/2025-autumn/"
VIEWPORT = WECHAT_PHONE["viewport"]  # 360 × 640

# Where a box is seen: inside the viewport, below Material's header (which stays on top), and
# the topmost element at its centre is the element itself (nothing drawn over it).
SEEN = """(el, [headerBottom, width, height]) => {
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          inside: r.left >= 0 && r.right <= width && r.top >= headerBottom && r.bottom <= height,
          onTop: !!top && (top === el || el.contains(top))};
}"""


def grade(page, name: str):
    return page.locator("section.sp-fee-first details.sp-fee-grade",
                        has=page.locator(".sp-fee-grade__name").get_by_text(name, exact=True))


def assert_seen(page, locator, what: str) -> None:
    header_bottom = page.locator(".md-header").bounding_box()["y"] + page.locator(".md-header").bounding_box()["height"]
    seen = locator.evaluate(SEEN, [header_bottom, VIEWPORT["width"], VIEWPORT["height"]])
    assert seen["inside"] and seen["onTop"], f"{what} is not in the first 360 × 640 screen: {seen}"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_grades_total_the_payment_date_and_a_phone_fit_the_first_screen(open_page, javascript):
    page, response, traffic = open_page(MATRIX, **WECHAT_PHONE, java_script_enabled=javascript)
    assert response.status == 200
    suffix = "" if javascript else "-nojs"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"fee-first-screen-360{suffix}.png"), animations="disabled")
    first = page.locator("section.sp-fee-first")
    assert first.locator("h2").inner_text() == "2025-2026 学年第一学期每生应交"
    four = grade(page, "四年级")
    assert four.get_attribute("open") is None
    assert not four.locator(".sp-fee-grade__body").is_visible()

    four.locator("summary").click()  # the parent picks the grade: a native <details>, no script
    assert four.get_attribute("open") == ""
    assert page.evaluate("window.scrollY") == 0, "picking a grade scrolled the page"
    total = four.locator(".sp-fee-grade__sums > span").first
    assert total.inner_text() == "必交 63 元"
    assert four.locator(".sp-fee-grade__sums > span").nth(1).inner_text() == "自愿最多 300 元"
    paid_from = first.locator("dl.sp-fee-first__facts dd").first
    assert paid_from.inner_text() == "2025年9月1日开始收费"
    phone = first.locator("ul.sp-fee-first__phones a").first
    assert phone.inner_text() == "学校总务处 0000-6600 1236"
    assert phone.get_attribute("href") == "tel:000066001236"
    for locator, what in ((total, "四年级's total"), (paid_from, "the payment date"), (phone, "a complaint phone")):
        assert_seen(page, locator, what)
    # The grade's own lines, under 必交 / 自愿（最多） / 按实际或另计, right below its row.
    assert four.locator(".sp-fee-grade__body").is_visible()
    assert four.locator("p.sp-fee-lines__title").all_inner_texts() == [
        "必交 63 元", "自愿（最多） 300 元", "按实际或另计（不计入上面的金额）"]
    assert four.locator("ul.sp-fee-lines li").all_inner_texts() == [
        "课本费：55 元/生·学期\n城乡最低生活保障家庭子女免收",
        "作业本费：8 元/生·学期\n城乡最低生活保障家庭子女免收",
        "课后服务费：最高 300 元/生·学期（自愿）\n家庭经济困难学生减半收取，低保家庭子女免收",
        "在校就餐学生另交 伙食费：早餐 3、中餐 8.3 元/生·天（自愿，有几档金额，不计入合计）",
        "住校生另交 住宿费：公寓化宿舍 200、普通宿舍 70 元/生·学期（有几档金额，不计入合计）",
    ]
    page.screenshot(path=str(ARTIFACTS / f"fee-first-screen-360-grade4{suffix}.png"), animations="disabled")

    six = grade(page, "六年级")
    six.locator("summary").click()  # another grade: opens in place, below its own row
    assert six.get_attribute("open") == ""
    six_total = six.locator(".sp-fee-grade__sums > span").first
    assert six_total.inner_text() == "必交 67 元"
    assert six.locator("ul.sp-fee-lines li").first.inner_text() == "课本费：59 元/生·学期\n城乡最低生活保障家庭子女免收"
    assert_seen(page, six_total, "六年级's total, once tapped")
    assert six.locator("ul.sp-fee-lines li").first.is_visible()  # right below its row (a scroll away if tapped low)
    page.screenshot(path=str(ARTIFACTS / f"fee-first-screen-360-grade6{suffix}.png"), animations="disabled")
    # Nothing of the page's content wider than the phone. (Without JavaScript, Material's header
    # keeps the page title it slides in on scrolling parked 13 px past the right edge: its own.)
    too_wide = page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
        .filter(e => e.getBoundingClientRect().right > 360 && !e.closest('.sp-print-only')).map(e => e.tagName)""")
    assert too_wide == []
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_one_summary_with_the_keyboard_and_a_visible_focus(open_page):
    page, _, traffic = open_page(MATRIX, **WECHAT_PHONE)
    summaries = page.locator("section.sp-fee-first summary")
    assert summaries.count() == 6
    for _ in range(40):  # Tab through the page until the first grade's row has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('section.sp-fee-first summary')"):
            break
    else:
        raise AssertionError("Tab never reached a grade")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "solid 3px", f"no visible focus on the grade row: {outline}"
    assert page.evaluate("document.activeElement.textContent") == "一年级必交 40 元自愿最多 300 元"
    page.keyboard.press("Enter")
    assert grade(page, "一年级").get_attribute("open") == ""
    assert not traffic.problems(), "\n".join(traffic.problems())


MODES = {"标准": "", "特大+高对比度": "localStorage.setItem('schoolpub.textsize', 'xlarge'); "
                                      "localStorage.setItem('schoolpub.contrast', 'high');"}


@pytest.mark.parametrize("mode", list(MODES))
def test_no_serious_accessibility_violation_with_a_grade_open(browser, base_url, mode):
    """axe-core with 四年级 open, at the standard size and in the 大字 control's largest high-contrast mode
    (docs/assets/javascripts/textsize.js), where rows still fit the phone and stay 44 px tap targets."""
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: {INSTALL_HINT}", pytrace=False)
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **WECHAT_PHONE)
    try:
        page = context.new_page()
        page.add_init_script(MODES[mode])
        page.goto(base_url + MATRIX)
        grade(page, "四年级").locator("summary").click()
        heights = page.locator("section.sp-fee-first summary").evaluate_all(
            "rows => rows.map(r => r.getBoundingClientRect().height)")
        assert min(heights) >= 44, heights
        too_wide = page.evaluate("""() => [...document.querySelectorAll('.sp-fee-first *')]
            .filter(e => e.getBoundingClientRect().right > 360).map(e => e.tagName + ' ' + e.textContent.slice(0, 20))""")
        assert too_wide == []
        if mode != "标准":
            assert {"sp-text-xlarge", "sp-contrast"} <= set(page.evaluate("document.documentElement.className").split())
            page.evaluate("window.scrollTo(0, 0)")  # what the parent sees first
            page.screenshot(path=str(ARTIFACTS / "fee-first-screen-360-xlarge-contrast.png"), animations="disabled")
        page.add_script_tag(path=AXE_JS)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        blocking = [violation for violation in results["violations"] if violation["impact"] in BLOCKING]
        assert blocking == [], describe(blocking)
    finally:
        context.close()


def test_the_printed_notice_leaves_the_first_screen_out(open_page):
    page, _, _ = open_page(MATRIX, viewport={"width": 794, "height": 1123})
    assert page.locator("section.sp-fee-first").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("section.sp-fee-first").is_visible()
    assert page.locator("table.sp-fee-matrix").is_visible()
