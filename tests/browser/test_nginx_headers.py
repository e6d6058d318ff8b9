"""deploy/nginx.conf's Content-Security-Policy against what the pages really do: the demo served by a
real nginx with that file (publish_support.start_nginx), opened in Chromium. Every CSP violation the
browser reports (the `securitypolicyviolation` event, and its console message) fails the test."""
from __future__ import annotations

import pytest

from publish_support import start_nginx

from .conftest import Traffic
from .support import CHROMIUM, CHROMIUM_ARGS
from .test_search import search

pytestmark = pytest.mark.browser
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    event => window.__violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
"""


# The school's own name for the server: on 127.0.0.1 the editor would also probe its local
# backend (decap-server, `make edit`), which a real server never does.
SERVER_NAME = "www.school.example"


@pytest.fixture(scope="module")
def nginx_url(built_site, tmp_path_factory):
    for url in start_nginx(tmp_path_factory.mktemp("nginx"), built_site):
        yield url.replace("127.0.0.1", SERVER_NAME)


@pytest.fixture(scope="module")
def named_browser(browser, nginx_url):
    """Chromium resolving SERVER_NAME to 127.0.0.1 (and nothing else anywhere), treating it as the
    HTTPS site a school runs: the editor needs a secure context (crypto.randomUUID)."""
    named = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[
        *CHROMIUM_ARGS, f"--host-resolver-rules=MAP {SERVER_NAME} 127.0.0.1, MAP * ~NOTFOUND",
        f"--unsafely-treat-insecure-origin-as-secure={nginx_url}"])
    yield named
    named.close()


@pytest.fixture
def open_served(named_browser, nginx_url):
    """open_served(path) → (page, response, traffic, console CSP messages); other hosts are blocked."""
    context = named_browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    traffic = Traffic()

    def route(route):
        if route.request.url.startswith(nginx_url):
            route.continue_()
        else:
            traffic.foreign.append(route.request.url)
            route.abort("blockedbyclient")

    def open_page(path: str):
        console: list[str] = []
        page = context.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", lambda message: console.append(message.text)
                if "Content Security Policy" in message.text else None)
        page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
        response = page.goto(nginx_url + path, wait_until="networkidle")
        return page, response, traffic, console

    context.route("**/*", route)
    yield open_page
    context.close()


def violations(page, console: list[str]) -> list[str]:
    return page.evaluate("window.__violations") + console


@pytest.mark.parametrize("path", ["/", "/fees/2027-spring/", "/fees/", "/regulations/2021-student-safety/",
                                  "/no-such-page/"])
def test_pages_run_under_the_servers_csp(open_served, path: str):
    page, response, traffic, console = open_served(path)
    assert "script-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
    assert response.status == (404 if path == "/no-such-page/" else 200)
    page.wait_for_timeout(300)
    assert violations(page, console) == []
    assert traffic.page_errors == [] and traffic.foreign == []


def test_a_festival_gallery_and_search_run_under_the_csp(open_served):
    page, response, traffic, console = open_served("/festivals/2025-sports/")
    photos = page.eval_on_selector_all(".sp-gallery img", "images => images.map(image => image.naturalWidth)")
    assert photos and all(width > 0 for width in photos)
    page.locator(".sp-gallery a").first.click()  # the lightbox (GLightbox, served by the site)
    page.wait_for_selector(".glightbox-container .gslide.current img")
    page.keyboard.press("Escape")
    paths = search(page, "收费", lambda found: "/fees/" in found)  # the search worker
    assert any("/fees/" in found for found in paths), paths
    assert violations(page, console) == []
    assert traffic.page_errors == []


def test_the_staff_editor_loads_under_its_own_csp(open_served):
    page, response, traffic, console = open_served("/admin/")
    assert "'unsafe-eval'" in response.headers["content-security-policy"]
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    page.get_by_role("button", name="使用 GitHub 登录").wait_for(timeout=15000)  # Decap has started
    assert violations(page, console) == []


def test_the_csp_is_enforced(open_served):
    """The detector sees what the policy forbids: a script from another origin is blocked."""
    page, _, _, console = open_served("/")
    page.evaluate("""() => { const script = document.createElement("script");
                             script.src = "https://unpkg.com/mermaid.min.js"; document.head.append(script); }""")
    page.wait_for_timeout(300)
    assert violations(page, console)[:1] == ["script-src-elem https://unpkg.com/mermaid.min.js"]
