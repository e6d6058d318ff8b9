"""The footer on a 360 px phone in WeChat: the ICP and public-security filing numbers from
data/school.yml, each a link to its public register, visible, big enough to tap (44 px), inside
the screen, at the standard and the largest text size and in high contrast; and printed with
the notice.

The registers themselves are never contacted: a tap on a link is answered by a stand-in page
for that host (recorded), every other foreign request is aborted."""
from __future__ import annotations

import re

import pytest

from .support import ARTIFACTS, DATA, HOST, WECHAT_PHONE, read_yaml

pytestmark = pytest.mark.browser

MIIT = "https://beian.miit.gov.cn/"
MPS_QUERY = "https://beian.mps.gov.cn/#/query/webSearch?code="
PAGES = ["/", "/fees/2025-autumn/"]
MODES = {  # name: (localStorage text size, high contrast)
    "标准": (None, False),
    "特大": ("xlarge", False),
    "标准+高对比度": (None, True),
    "特大+高对比度": ("xlarge", True),
}
REGISTERS = ("https://beian.miit.gov.cn/", "https://beian.mps.gov.cn/")

FOOTER = """() => {
  const width = document.documentElement.clientWidth;
  const luminance = rgb => { const c = rgb.match(/[\\d.]+/g).slice(0, 3).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]; };
  const background = el => { for (; el; el = el.parentElement) { const b = getComputedStyle(el).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(b) && b !== 'transparent') return b; } return 'rgb(255, 255, 255)'; };
  const links = [...document.querySelectorAll('.md-footer a')].map(a => {
    const r = a.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    a.scrollIntoView({block: 'center'});
    const s = a.getBoundingClientRect(), hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
    const [l1, l2] = [luminance(getComputedStyle(a).color), luminance(background(a))].sort((p, q) => q - p);
    return {text: a.textContent.trim(), href: a.href, width: r.width, height: r.height, left: r.left, right: r.right,
            hit: !!hit && a.contains(hit), contrast: (l1 + 0.05) / (l2 + 0.05),
            emblem: [...a.querySelectorAll('img')].map(i => ({loaded: i.complete && i.naturalWidth > 0, src: i.src,
                                                              width: i.getBoundingClientRect().width}))};
  });
  const tooWide = [...document.querySelectorAll('.md-footer *')].filter(e => {
    const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); })
    .map(e => e.tagName + '.' + e.className);
  return {links, tooWide, scrollWidth: document.documentElement.scrollWidth, width,
          text: document.querySelector('.md-footer').innerText};
}"""


def _filings() -> dict:
    return read_yaml(DATA / "school.yml")["filings"]


@pytest.fixture(scope="module")
def phone(browser, base_url):
    """One 360 px WeChat context; taps on the registers' links land on a stand-in page."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **WECHAT_PHONE)
    foreign, registers = [], []

    def route(route):
        url = route.request.url
        if url.startswith(f"http://{HOST}:") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        elif url.startswith(REGISTERS):
            registers.append(url)
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body="<title>备案查询（替身）</title>")
        else:
            foreign.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + "/")
    yield page, errors, foreign, registers
    context.close()


def _mode(page, base_url, path, size, contrast):
    page.goto(base_url + path, wait_until="load")
    page.evaluate("""([size, contrast]) => { localStorage.clear();
      if (size) localStorage.setItem('schoolpub.textsize', size);
      if (contrast) localStorage.setItem('schoolpub.contrast', 'high'); }""", [size, contrast])
    page.reload(wait_until="load")
    page.locator(".md-footer").scroll_into_view_if_needed()


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("path", PAGES)
def test_filing_links_are_visible_tappable_and_inside_the_screen(phone, base_url, path, mode):
    page, errors, foreign, _ = phone
    filings = _filings()
    _mode(page, base_url, path, *MODES[mode])
    measured = page.evaluate(FOOTER)
    links = {link["text"]: link for link in measured["links"]}
    assert sorted(links) == sorted([filings["icp"], filings["public_security"]]), measured["links"]
    icp, police = links[filings["icp"]], links[filings["public_security"]]
    assert icp["href"] == MIIT
    assert police["href"] == MPS_QUERY + re.sub(r"\D", "", filings["public_security"])
    for link in (icp, police):
        assert link["height"] >= 44 and link["width"] >= 44, f"{mode} {path}: tap target {link}"
        assert link["left"] >= 0 and link["right"] <= 360, f"{mode} {path}: outside the screen {link}"
        assert link["hit"], f"{mode} {path}: something covers {link['text']}"
        assert link["contrast"] >= 4.5, f"{mode} {path}: contrast {link['contrast']:.2f} of {link['text']}"
    assert icp["emblem"] == []
    [emblem] = police["emblem"]
    assert emblem["loaded"] and emblem["src"].startswith(base_url + "/assets/images/police-filing-emblem.png"), emblem
    assert emblem["width"] >= 20
    assert measured["tooWide"] == [] and measured["scrollWidth"] <= 360, measured
    assert measured["text"].splitlines()[0] == "示例市实验小学 · 示例市示例区学府路18号"
    if path == "/":
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".md-footer").screenshot(path=str(ARTIFACTS / f"footer-360-{mode}.png"))
    assert errors == [] and foreign == []


@pytest.mark.parametrize("which", ["icp", "public_security"])
def test_a_tap_opens_the_register(phone, base_url, which):
    page, errors, foreign, registers = phone
    filings = _filings()
    _mode(page, base_url, "/fees/", None, False)
    expected = MIIT if which == "icp" else MPS_QUERY + re.sub(r"\D", "", filings["public_security"])
    before = len(registers)
    with page.expect_navigation():
        page.get_by_role("link", name=filings[which], exact=True).tap()
    assert page.url == expected
    assert registers[before:] == [expected.split("#")[0]]
    assert errors == [] and foreign == []


def test_the_printed_notice_carries_the_filing_numbers(open_page):
    page, response, traffic = open_page("/fees/2025-autumn/", viewport={"width": 794, "height": 1123})
    assert response.status == 200
    page.emulate_media(media="print")
    filings = _filings()
    legal = page.locator(".md-footer .sp-legal")
    assert legal.is_visible()
    lines = [line for line in legal.inner_text().splitlines() if line.strip()]
    assert lines == ["示例市实验小学 · 示例市示例区学府路18号", filings["icp"], filings["public_security"]]
    colours = page.evaluate("""() => [...document.querySelectorAll('.md-footer .sp-legal, .md-footer .sp-legal a')]
        .map(e => getComputedStyle(e).color)""")
    assert set(colours) == {"rgb(0, 0, 0)"}
    assert page.evaluate("getComputedStyle(document.querySelector('.md-footer-meta')).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert not traffic.problems(), "\n".join(traffic.problems())
