"""Real-browser tests: the demo school built once, served on 127.0.0.1, opened in Chromium.

- The site is built by `make site` (scripts/build_site.py) into a temporary directory (never
  site/, which belongs to the developer) once per session.
- It is served by Python's http.server on 127.0.0.1 and a free port.
- Chromium is Debian's /usr/bin/chromium, driven by Playwright (never
  `playwright install`); scripts/install_browser_deps.sh installs it and axe-core.
- Every page records each request it makes; a request to any host other than
  127.0.0.1 is aborted and recorded, so a test can assert that parents' phones in
  mainland China never wait on a blocked foreign host.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .support import CHROMIUM, CHROMIUM_ARGS, HOST, INSTALL_HINT, REPO


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: real-browser test (Chromium via Playwright; builds and serves the site)")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    prebuilt = os.environ.get("BROWSER_TEST_SITE_DIR")
    if prebuilt:  # a site built elsewhere (e.g. from a clean checkout): serve it as it is
        if not (Path(prebuilt) / "index.html").is_file():
            pytest.fail(f"BROWSER_TEST_SITE_DIR={prebuilt} has no index.html", pytrace=False)
        return Path(prebuilt)
    site_dir = tmp_path_factory.mktemp("browser") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_site.py"), "--site-dir", str(site_dir),
                             "--build-dir", str(site_dir.with_name("build"))],  # make site: check, render, MkDocs, finish, scan
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"make site failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}", pytrace=False)
    return site_dir


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's signature
        pass


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    """http://127.0.0.1:<free port> serving the built site; no trailing slash."""
    server = ThreadingHTTPServer((HOST, 0), partial(_QuietHandler, directory=str(built_site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://{HOST}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: {INSTALL_HINT}", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"playwright is not installed: {INSTALL_HINT}", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@dataclass
class Traffic:
    """Everything one browser context asked for."""
    requests: list[str] = field(default_factory=list)       # every URL requested, in order
    foreign: list[str] = field(default_factory=list)        # requests to another host, aborted
    failed: list[str] = field(default_factory=list)         # local requests that failed or got >= 400
    page_errors: list[str] = field(default_factory=list)    # uncaught JavaScript exceptions

    def problems(self) -> list[str]:
        return ([f"left {HOST}: {url}" for url in self.foreign] + [f"failed: {entry}" for entry in self.failed]
                + [f"JavaScript error: {error}" for error in self.page_errors])


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == HOST


def _open_in(browser, base_url: str, contexts: list, path: str, **options):
    options = {"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **options}
    context = browser.new_context(**options)
    contexts.append(context)
    traffic = Traffic()

    def route(route):
        if _is_local(route.request.url):
            route.continue_()
        else:
            traffic.foreign.append(route.request.url)
            route.abort("blockedbyclient")

    def on_response(response):
        if response.status >= 400:
            traffic.failed.append(f"{response.status} {response.url}")

    def on_request_failed(request):
        if _is_local(request.url):
            traffic.failed.append(f"{request.failure} {request.url}")

    context.route("**/*", route)
    context.on("request", lambda request: traffic.requests.append(request.url))
    context.on("response", on_response)
    context.on("requestfailed", on_request_failed)
    page = context.new_page()
    page.on("pageerror", lambda error: traffic.page_errors.append(str(error)))
    response = page.goto(base_url + path, wait_until="load")
    return page, response, traffic


@pytest.fixture
def open_page(browser, base_url):
    """open_page(path, **context_options) → (page, response, traffic).

    A fresh context per call (Chinese locale and time zone unless overridden); any
    request to a host other than 127.0.0.1 is aborted and recorded in traffic.foreign.
    """
    contexts = []
    yield partial(_open_in, browser, base_url, contexts)
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def shared_page(browser, base_url):
    """shared_page(path) → (page, response, traffic), loaded once per session with the
    default (desktop) context, for read-only checks of the same page by several tests."""
    contexts, pages = [], {}

    def _shared(path: str):
        if path not in pages:
            pages[path] = _open_in(browser, base_url, contexts, path)
        return pages[path]

    yield _shared
    for context in contexts:
        context.close()
