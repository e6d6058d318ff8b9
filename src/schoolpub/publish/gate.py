"""The last gate before anything leaves this machine: a built site, valid data, and the same
output privacy scan as the build (hooks/privacy.py), on exactly the files about to be published."""
from __future__ import annotations

import sys
from pathlib import Path

from .. import site_scan
from ..loader import load_site
from . import PublishError

SHOWN_LEAKS = 20


def site_is_publishable(site: Path, data: Path) -> int:
    """The number of pages, or PublishError when the site must not be published."""
    if not (site / "index.html").is_file():
        raise PublishError(f"没有找到 {site}/index.html：网站还没有生成（先运行 make site），不发布。")
    school, problems = load_site(data)
    if problems or not school.school:
        raise PublishError("data/ 没有通过检查，不发布：请先运行 make check。")
    leaks = site_scan.scan_site(site, [phone.number for phone in school.school.phones])
    for leak in leaks[:SHOWN_LEAKS]:
        print(leak.human(), file=sys.stderr)
    if leaks:
        raise PublishError(f"网站里发现 {len(leaks)} 处个人信息。隐私检查没有通过，没有发布。")
    return sum(1 for _ in site.rglob("*.html"))
