"""Shared constants and data helpers of the real-browser tests (fixtures are in conftest.py)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

BROWSER_TESTS = Path(__file__).parent
REPO = BROWSER_TESTS.parent.parent
DATA = REPO / "data"
ARTIFACTS = BROWSER_TESTS / "artifacts"
AXE_JS = BROWSER_TESTS / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOST = "127.0.0.1"
INSTALL_HINT = "run scripts/install_browser_deps.sh (make test does) and pip install -r requirements-browser.txt"

# The site's URL contract: section indexes and one record page of each type
# (/<type>/<id>/, id = the YAML file name without .yml).
SECTIONS = ["affairs", "fees", "honors", "festivals", "regulations"]
RECORD_EXAMPLES = {
    "fees": "2027-spring",
    "regulations": "2021-student-safety",
    "festivals": "2026-chess",
    "honors": "2025-city-choir",
    "affairs": "2026-lunch-menu",
}
PAGES = ["/"] + [f"/{kind}/" for kind in SECTIONS] + [f"/{kind}/{rid}/" for kind, rid in RECORD_EXAMPLES.items()]


def read_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def school_name() -> str:
    return read_yaml(DATA / "school.yml")["name"]


class _MkDocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without running it: Python and MkDocs tags (!!python/name:…,
    !ENV, !relative) become None, which is enough to read plain keys like site_url."""


_MkDocsYamlLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_url() -> str:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsYamlLoader)
    url = config["site_url"]
    return url if url.endswith("/") else url + "/"


def current_fee_notice(today: date | None = None) -> str:
    """Id of the fee notice on display at the build date (today); if none is, the newest issued."""
    today = today or date.today()
    notices = {path.stem: read_yaml(path) for path in sorted((DATA / "fees").glob("*.yml"))}
    on_display = [rid for rid, notice in notices.items()
                  if date.fromisoformat(str(notice["display"]["start"])) <= today
                  <= date.fromisoformat(str(notice["display"]["end"]))]
    if on_display:
        return max(on_display, key=lambda rid: str(notices[rid]["issued"]))
    return max(notices, key=lambda rid: str(notices[rid]["issued"]))

# A phone in WeChat's built-in browser, as most parents open the site from a class group chat.
WECHAT_PHONE = {
    "viewport": {"width": 360, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": ("Mozilla/5.0 (Linux; Android 13; V2154A Build/TP1A.220624.014; wv) AppleWebKit/537.36 "
                   "(KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 "
                   "MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 "
                   "Weixin NetType/WIFI Language/zh_CN ABI/arm64"),
}


def first_teacher_honor() -> tuple[str, str]:
    """(record id, recipient name): the first recipient of the first honours batch of teachers."""
    for path in sorted((DATA / "honors").glob("*.yml")):
        batch = read_yaml(path)
        if batch.get("recipient_kind") == "教师":
            return path.stem, batch["recipients"][0]["name"]
    raise AssertionError("data/honors has no batch with recipient_kind 教师")
