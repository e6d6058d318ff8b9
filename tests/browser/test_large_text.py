"""适老化 (MIIT 互联网网站适老化通用设计规范): the 大字 control in the header — text sizes 标准 / 大 /
特大 (1×, 1.25×, 1.5×) and 高对比度 — on a 360 px phone.

At every size and in high contrast, on every page type: nothing wider than the screen, the body
text at the expected size, line spacing ≥ 1.3 and paragraph spacing ≥ 1.3× the line spacing.
The choice is remembered (localStorage) across pages and reloads and applied before the first
paint; the control works with the keyboard, without localStorage, without Material's search and
without the lightbox; axe-core finds nothing serious in the largest high-contrast mode.

One phone context for the layout checks (storage set, then every page loaded in turn).
"""
from __future__ import annotations

import json

import pytest

from .support import ARTIFACTS, AXE_JS, CHROMIUM_ARGS, HOST, INSTALL_HINT, WECHAT_PHONE  # noqa: F401

pytestmark = pytest.mark.browser

# Home, the five section indexes, a fee notice with a grade table, a festival, the 章程 with
# chapters, an honour decision with award groups, and 学校概况.
PAGE_TYPES = ["/", "/affairs/", "/fees/", "/honors/", "/festivals/", "/regulations/",
              "/fees/2025-autumn/", "/festivals/2026-chess/", "/regulations/2019-charter/",
              "/honors/2026-merit-pupils/", "/about/"]
FEE_NOTICE = "/fees/2027-spring/"
BODY_PX = 16  # Material's body text on a phone: .8rem of a 20 px root
MODES = {  # name: (localStorage text size, high contrast, expected body text multiple)
    "标准": (None, False, 1.0),
    "大": ("large", False, 1.25),
    "特大": ("xlarge", False, 1.5),
    "特大+高对比度": ("xlarge", True, 1.5),
    "标准+高对比度": (None, True, 1.0),
}

MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const skip = '.md-typeset__scrollwrap, .sp-print-only, .tabbed-labels, .md-sidebar, .md-search';
  const tooWide = [...document.querySelectorAll('.md-header *, .md-content *, .md-footer *')]
    .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1) && !e.closest(skip); })
    .slice(0, 3).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 30));
  const body = document.querySelector('.md-content .md-typeset');
  const style = getComputedStyle(body);
  const paragraphs = [...body.querySelectorAll('p:not([class])')].filter(p => p.offsetParent && p.textContent.trim()
    && !p.closest('.sp-print-only, table, li, details:not([open]), .tabbed-block:not(:first-of-type)')
    && !(p.parentElement.closest('[class*="sp-"]:not(.sp-markdown):not(html)')));  // running text, not a component's label
  const lineHeights = paragraphs.map(p => parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize));
  const gaps = [];
  for (const p of paragraphs) {
    const next = p.nextElementSibling;
    if (next && next.tagName === 'P' && !next.className && paragraphs.includes(next)) {
      gaps.push((next.getBoundingClientRect().top - p.getBoundingClientRect().bottom) / parseFloat(getComputedStyle(p).lineHeight));
    }
  }
  const margins = paragraphs.map(p => parseFloat(getComputedStyle(p).marginBottom) / parseFloat(getComputedStyle(p).lineHeight));
  return {
    className: document.documentElement.className, scrollWidth: document.documentElement.scrollWidth, tooWide,
    fontSize: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight) / parseFloat(style.fontSize),
    paragraphs: paragraphs.length, minParagraphLineHeight: Math.min(...lineHeights, 99),
    gaps, minMargin: Math.min(...margins, 99),
  };
}"""

TARGETS = """() => [...document.querySelectorAll('.md-header__button, .sp-textsize__toggle')]
  .filter(e => e.offsetParent).map(e => { const r = e.getBoundingClientRect();
  return {name: (e.getAttribute('aria-label') || e.textContent || e.className).trim().slice(0, 20), width: r.width, height: r.height}; })"""


def _context(browser, **options):
    context = browser.new_context(**{"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **WECHAT_PHONE, **options})
    foreign, errors = [], []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(f"http://{HOST}:")
                  or route.request.url.startswith(("data:", "blob:", "about:"))
                  else (foreign.append(route.request.url), route.abort("blockedbyclient")))
    return context, foreign, errors


@pytest.fixture(scope="module")
def phone(browser, base_url):
    """One 360 px WeChat page for the whole module; (page, page errors, foreign requests)."""
    context, foreign, errors = _context(browser)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/")
    yield page, errors, foreign
    context.close()


def _store(page, size, contrast):
    page.evaluate("""([size, contrast]) => {
      localStorage.clear();
      if (size) localStorage.setItem('schoolpub.textsize', size);
      if (contrast) localStorage.setItem('schoolpub.contrast', 'high');
    }""", [size, contrast])


@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_type_fits_a_phone_at_every_text_size(phone, base_url, mode):
    page, errors, foreign = phone
    size, contrast, multiple = MODES[mode]
    _store(page, size, contrast)
    gaps, paragraphs, problems = [], 0, []
    for path in PAGE_TYPES:
        page.goto(base_url + path, wait_until="load")
        measured = page.evaluate(MEASURE)
        classes = measured["className"].split()
        assert ("sp-text-large" in classes) == (size == "large"), (path, classes)
        assert ("sp-text-xlarge" in classes) == (size == "xlarge"), (path, classes)
        assert ("sp-contrast" in classes) == contrast, (path, classes)
        if measured["scrollWidth"] > 360 or measured["tooWide"]:
            problems.append(f"{path}: {measured['scrollWidth']} px wide; {measured['tooWide']}")
        assert measured["fontSize"] == pytest.approx(BODY_PX * multiple, abs=0.1), (path, measured["fontSize"])
        assert measured["lineHeight"] >= 1.3, (path, measured["lineHeight"])
        assert measured["minParagraphLineHeight"] >= 1.3, (path, measured)
        assert measured["minMargin"] >= 1.3, f"{path}: paragraph spacing {measured['minMargin']:.2f}× the line height"
        assert all(gap >= 1.3 - 0.01 for gap in measured["gaps"]), (path, measured["gaps"])
        gaps += measured["gaps"]
        paragraphs += measured["paragraphs"]
        targets = page.evaluate(TARGETS)
        small = [target for target in targets if target["width"] < 44 or target["height"] < 44]
        assert not small, f"{path}: header tap targets under 44 px: {small}"
    print(f"\n{mode}: body {BODY_PX * multiple:g} px; {paragraphs} paragraphs; "
          f"gaps between paragraphs {min(gaps):.2f}–{max(gaps):.2f}× the line height")
    assert gaps, "no two consecutive paragraphs measured on any page"
    assert problems == [], "sideways scrolling:\n" + "\n".join(problems)
    assert errors == [] and foreign == []


def _tab_to(page, selector: str, limit: int = 15) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_control_works_with_the_keyboard_and_is_remembered(browser, base_url):
    context, foreign, errors = _context(browser)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/")
    toggle = page.locator(".md-header .sp-textsize__toggle")
    assert toggle.inner_text() == "大字" and toggle.get_attribute("aria-expanded") == "false"
    # Before the search button, inside Material's header.
    assert page.evaluate("""() => { const t = document.querySelector('.sp-textsize'), s = document.querySelector('label[for="__search"]');
        return !!(t.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    _tab_to(page, ".sp-textsize__toggle")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth")
    assert outline.split()[0] != "none" and float(outline.split()[1][:-2]) >= 2, f"no visible focus: {outline}"
    page.keyboard.press("Enter")
    panel = page.locator("#sp-textsize-panel")
    assert panel.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert panel.get_attribute("role") == "group" and panel.get_attribute("aria-label") == "字号和对比度"
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    options = page.locator(".sp-textsize__option")
    assert options.all_inner_texts() == ["标准", "大", "特大", "高对比度"]
    assert options.nth(0).get_attribute("aria-pressed") == "true"
    for index in range(options.count()):
        option = options.nth(index).bounding_box()
        assert option["width"] >= 44 and option["height"] >= 44, option
    _tab_to(page, '[data-size="large"]', limit=3)
    page.keyboard.press("Space")
    assert page.evaluate("document.documentElement.className").split().count("sp-text-large") == 1
    assert options.nth(1).get_attribute("aria-pressed") == "true" and options.nth(0).get_attribute("aria-pressed") == "false"
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)") == 20
    _tab_to(page, '[data-size="xlarge"]', limit=2)
    page.keyboard.press("Enter")
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize)") == 24
    assert "sp-text-large" not in page.evaluate("document.documentElement.className")
    _tab_to(page, ".sp-textsize__contrast", limit=2)
    page.keyboard.press("Space")
    assert options.nth(3).get_attribute("aria-pressed") == "true"
    colours = page.evaluate("[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.querySelector('.md-content .md-typeset')).color]")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    page.keyboard.press("Escape")
    assert not panel.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('sp-textsize__toggle')")
    assert page.evaluate("[localStorage.getItem('schoolpub.textsize'), localStorage.getItem('schoolpub.contrast')]") == ["xlarge", "high"]
    # Another page, reached by a link, and a reload: the choice is still there, also in the control.
    page.locator(".md-content a[href*='fees/']").first.click()
    page.wait_for_load_state("load")
    assert "/fees/" in page.url
    for _ in range(2):
        assert {"sp-text-xlarge", "sp-contrast"} <= set(page.evaluate("document.documentElement.className").split())
        toggle.click()
        assert options.nth(2).get_attribute("aria-pressed") == "true" and options.nth(3).get_attribute("aria-pressed") == "true"
        page.reload(wait_until="load")
    # Back to 标准 without contrast: nothing is left in storage.
    toggle.click()
    options.nth(0).click()
    options.nth(3).click()
    assert page.evaluate("[localStorage.getItem('schoolpub.textsize'), localStorage.getItem('schoolpub.contrast')]") == [None, None]
    assert not {"sp-text-large", "sp-text-xlarge", "sp-contrast"} & set(page.evaluate("document.documentElement.className").split())
    page.mouse.click(20, 600)  # a tap outside closes the panel
    assert not panel.is_visible()
    assert errors == [] and foreign == []
    context.close()


# Records <html>'s classes when <body> is created: the first paint can only come after that.
AT_BODY = """
localStorage.setItem('schoolpub.textsize', 'xlarge'); localStorage.setItem('schoolpub.contrast', 'high');
new MutationObserver((records, observer) => {
  if (document.body) { window.__classAtBody = document.documentElement.className; observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
document.addEventListener('DOMContentLoaded', () => { window.__classAtReady = document.documentElement.className; });
"""


def test_the_choice_is_applied_before_the_first_paint(browser, base_url):
    context, foreign, errors = _context(browser)
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(AT_BODY)
    response = page.goto(base_url + FEE_NOTICE)
    html = response.text()
    head, _, body = html.partition("</head>")
    assert "schoolpub.textsize" in head and "schoolpub.textsize" not in body.split("textsize.js")[0], \
        "the inline script must be in <head>"
    inline = head.index("schoolpub.textsize")
    assert head.rfind("<script", 0, inline) > head.rfind("</script>", 0, inline), "not an inline script"
    assert "src=" not in head[head.rfind("<script", 0, inline):inline]
    for moment in ("__classAtBody", "__classAtReady"):
        classes = page.evaluate(f"window.{moment}").split()
        assert "sp-text-xlarge" in classes and "sp-contrast" in classes, (moment, classes)
    assert errors == [] and foreign == []
    context.close()


BLOCKED_STORAGE = """
for (const name of ['getItem', 'setItem', 'removeItem']) {
  Storage.prototype[name] = function () { throw new DOMException('blocked', 'SecurityError'); };
}
new MutationObserver(() => document.querySelectorAll('label[for="__search"], .md-search').forEach(e => e.remove()))
  .observe(document, {childList: true, subtree: true});
"""


def test_the_control_works_without_storage_search_material_or_lightbox_scripts(browser, base_url):
    """WeChat and private modes may refuse localStorage; the control needs none of the other scripts."""
    context, foreign, errors = _context(browser)
    context.route("**/assets/javascripts/bundle.*.min.js", lambda route: route.abort())
    context.route("**/gallery.js", lambda route: route.abort())
    context.route("**/glightbox.min.js", lambda route: route.abort())
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{error}\n{error.stack}"))
    page.add_init_script(BLOCKED_STORAGE)
    page.goto(base_url + "/festivals/2026-chess/")
    assert page.locator('label[for="__search"]').count() == 0
    toggle = page.locator(".md-header .sp-textsize__toggle")
    toggle.click()
    page.locator('[data-size="xlarge"]').click()
    page.locator(".sp-textsize__contrast").click()
    assert {"sp-text-xlarge", "sp-contrast"} <= set(page.evaluate("document.documentElement.className").split())
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert [error for error in errors if "textsize" in error] == [], errors
    context.close()


@pytest.mark.parametrize("path", ["/", FEE_NOTICE])
def test_largest_high_contrast_mode_has_no_serious_accessibility_violation(browser, base_url, path):
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: {INSTALL_HINT}", pytrace=False)
    context, foreign, errors = _context(browser)
    page = context.new_page()
    page.add_init_script("localStorage.setItem('schoolpub.textsize', 'xlarge'); localStorage.setItem('schoolpub.contrast', 'high');")
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    name = "home" if path == "/" else path.strip("/").replace("/", "-")
    page.screenshot(path=ARTIFACTS / f"large-text-contrast-{name}-360.png", full_page=False)
    page.locator(".sp-textsize__toggle").click()
    page.screenshot(path=ARTIFACTS / f"large-text-contrast-{name}-360-panel.png", full_page=False)
    page.add_script_tag(path=AXE_JS)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    blocking = [violation for violation in results["violations"] if violation["impact"] in ("serious", "critical")]
    assert blocking == [], json.dumps([(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in blocking], ensure_ascii=False)
    assert errors == [] and foreign == []
    context.close()
