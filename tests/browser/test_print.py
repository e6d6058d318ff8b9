"""The current fee notice printed for the school gate's notice board: no web chrome, the
school's name on top, and a QR code that takes a parent's phone to the page itself."""
import io
import re

import pytest
import zxingcpp
from PIL import Image

from .support import ARTIFACTS, current_fee_notice, school_name, site_url

pytestmark = pytest.mark.browser

A4_VIEWPORT = {"width": 794, "height": 1123}  # A4 at 96 dpi
# The footer is printed (its school line and filing numbers, test_footer.py); its links are text.
HIDDEN_IN_PRINT = [".md-header", ".md-sidebar", ".md-search"]
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # page objects, not the /Pages tree


@pytest.fixture
def printed_notice(open_page):
    record = current_fee_notice()
    page, response, traffic = open_page(f"/fees/{record}/", viewport=A4_VIEWPORT, device_scale_factor=2)
    assert response.status == 200, f"/fees/{record}/: HTTP {response.status}"
    # On screen the print-only heading is hidden.
    print_only = page.locator(".sp-print-only")
    assert print_only.count() >= 1, "no .sp-print-only element on the fee notice"
    assert not print_only.first.is_visible(), ".sp-print-only is visible on screen"
    page.emulate_media(media="print")
    yield record, page
    assert not traffic.problems(), "\n".join(traffic.problems())


def test_print_hides_the_web_chrome_and_shows_the_school(printed_notice):
    _, page = printed_notice
    displays = {selector: page.locator(selector).evaluate_all(
                    "els => els.map(el => getComputedStyle(el).display)")
                for selector in HIDDEN_IN_PRINT}
    assert displays[".md-header"], "no .md-header on the page"
    assert displays[".md-sidebar"], "no .md-sidebar on the page"
    shown = {selector: values for selector, values in displays.items() if set(values) - {"none"}}
    assert shown == {}, f"displayed in print: {shown}"
    heading = page.locator(".sp-print-only").first
    assert heading.is_visible()
    assert school_name() in heading.inner_text()
    qr = page.locator("figure.sp-qr")
    assert qr.count() == 1
    assert qr.is_visible()
    assert qr.locator("svg").count() == 1, "the QR code is not an inline <svg>"


def test_printed_qr_code_opens_the_notice(printed_notice):
    record, page = printed_notice
    url = f"{site_url()}fees/{record}/"
    assert page.locator('link[rel="canonical"]').get_attribute("href") == url
    png = page.screenshot(full_page=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"fee-{record}-print.png").write_bytes(png)
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [(code.format.name, code.text) for code in codes] == [("QRCode", url)]


def test_fee_notice_prints_on_one_or_two_a4_pages(printed_notice):
    record, page = printed_notice
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"fee-{record}.pdf").write_bytes(pdf)
    pages = len(PDF_PAGE.findall(pdf))
    assert 1 <= pages <= 2, f"the fee notice prints on {pages} A4 pages"
