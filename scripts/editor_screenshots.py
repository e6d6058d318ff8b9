"""Screenshots of the browser editor for the staff guide (guide-images/editor-*.png).

Serves docs/admin/ and the pinned bundle on 127.0.0.1, starts decap-server (MODE=fs,
behind the guard `make edit` uses) on a temporary copy of data/, opens the editor in Debian's Chromium at 1280 px and at
390 px wide, and saves what a staff member sees. Nothing in the repository's data/ is
touched. Run: .venv/bin/python scripts/editor_screenshots.py (after scripts/install_editor.sh).
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from schoolpub.cms import local_backend  # noqa: E402
from schoolpub.cms.bundle import bundle_files  # noqa: E402

OUT = ROOT / "guide-images"
HOST = "127.0.0.1"
SIZES = {"1280": {"width": 1280, "height": 860}, "390": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def admin_folder(target: Path) -> Path:
    """What the built site publishes under /admin/, assembled without a full build."""
    admin = target / "admin"
    shutil.copytree(ROOT / "docs/admin", admin)
    for site_path, installed in bundle_files(ROOT):
        (target / site_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(installed, target / site_path)
    return target


def serve(folder: Path) -> int:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((HOST, 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def start_backend(project: Path, port: int, origin: str) -> subprocess.Popen:
    command, env = local_backend.command(project, port, [origin])
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            request = urllib.request.Request(f"http://{HOST}:{port}/api/v1", data=json.dumps({"action": "info"}).encode(),
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=2).close()
            return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("decap-server did not start")


def shoot(page, name: str, size: str) -> None:
    page.wait_for_timeout(600)
    page.screenshot(path=str(OUT / f"editor-{name}-{size}.png"))


def session(browser, base: str, backend_port: int, size: str) -> None:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport=SIZES[size],
                                  device_scale_factor=1)
    context.route("http://127.0.0.1:8081/**", lambda route: route.continue_(
        url=route.request.url.replace("127.0.0.1:8081", f"{HOST}:{backend_port}", 1)))
    page = context.new_page()
    page.goto(f"{base}/admin/")
    page.get_by_role("button", name="登录").wait_for()
    shoot(page, "login", size)
    page.get_by_role("button", name="登录").click()
    page.goto(f"{base}/admin/#/collections/fees")
    page.get_by_text("2026-2027学年第二学期收费公示").first.wait_for()
    shoot(page, "list", size)
    page.goto(f"{base}/admin/#/collections/fees/new")
    page.locator("[id^='title-field-']").wait_for()
    page.locator("[id^='title-field-']").fill("示例市实验小学2027-2028学年第一学期收费公示")
    page.locator("[id^='name-field-']").first.fill("住宿费")
    page.locator("[id^='amount-field-']").first.fill("450元")
    page.get_by_role("button", name="发布").click()
    page.get_by_text("立即发布", exact=True).click()
    page.wait_for_timeout(4000)  # the "必填项" notice fades out
    page.locator("[id^='amount-field-']").first.evaluate("element => element.scrollIntoView({block: 'center'})")
    shoot(page, "amount-error", size)
    page.close()  # a fresh page: the unsaved draft above is left behind, not carried over
    page = context.new_page()
    page.goto(f"{base}/admin/#/collections/festivals/entries/2024-art")
    page.locator("[id^='guardian_consent-field-']").evaluate("element => element.scrollIntoView({block: 'center'})")
    shoot(page, "consent", size)
    context.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        shutil.copytree(ROOT / "data", work / "project/data")
        shutil.copytree(ROOT / "docs/admin", work / "project/docs/admin")  # the guard reads which folders to allow
        base = f"http://{HOST}:{serve(admin_folder(work / 'site'))}"
        backend_port = free_port()
        backend = start_backend(work / "project", backend_port, base)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                for size in SIZES:
                    session(browser, base, backend_port, size)
                browser.close()
        finally:
            backend.terminate()
            backend.wait(timeout=10)
    print("已生成 " + "、".join(sorted(path.name for path in OUT.glob("editor-*.png"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
