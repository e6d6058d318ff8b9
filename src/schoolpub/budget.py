"""The site-size budget: a warning long before the host refuses the site.

GitHub Pages refuses a site over 1 GB, and a school adds photos every term. When the
built site reaches 80 % of the budget, `make site` says so in Chinese, names what takes
the room, and in GitHub Actions adds a `::warning` annotation. It never fails the build:
the site is still valid, and the warning comes years before the limit.
"""
from __future__ import annotations

import os
from pathlib import Path

from .echo import log_line
from .problems import _escape_data, _escape_property
from .tree_walk import entries_below

BUDGET_VARIABLE = "SCHOOLPUB_SITE_BUDGET_MB"  # e.g. 1000 (GitHub Pages' limit is 1 GB); a CI variable can set it
DEFAULT_BUDGET_MB = 1000
WARN_AT = 0.8
MB = 1_000_000  # GitHub counts the limit in decimal units


def budget_mb(environ: dict | None = None) -> float:
    """The budget in MB from SCHOOLPUB_SITE_BUDGET_MB, or 1000; a value that is no number is refused loudly."""
    value = (environ if environ is not None else os.environ).get(BUDGET_VARIABLE, "").strip()
    if not value:
        return DEFAULT_BUDGET_MB
    try:
        budget = float(value)
    except ValueError:
        raise ValueError(f"{BUDGET_VARIABLE} 要写一个数字（单位 MB），例如 1000（现在是“{value}”）。") from None
    if budget <= 0:
        raise ValueError(f"{BUDGET_VARIABLE} 要大于 0（现在是“{value}”）。")
    return budget


def folder_sizes(site_dir: Path) -> dict[str, int]:
    """Bytes under each top-level folder of the site (files at the top count as "/"); links not counted."""
    sizes: dict[str, int] = {}
    for parts, entry in entries_below(site_dir):
        if entry.is_file(follow_symlinks=False):
            top = "/" if not parts else "/".join((*parts, entry.name)[:2]) if parts[0] == "media" else parts[0]
            sizes[top] = sizes.get(top, 0) + entry.stat(follow_symlinks=False).st_size
    return sizes


def budget_warning(site_dir: Path, budget: float, in_github_actions: bool = False) -> str | None:
    """The warning to print when the site uses WARN_AT of the budget or more, else None."""
    sizes = folder_sizes(Path(site_dir))
    total = sum(sizes.values())
    if total < WARN_AT * budget * MB:
        return None
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:3]
    named = "、".join(f"{name}（{size / MB:.0f} MB）" for name, size in largest)
    message = log_line(f"网站大小提醒：生成的网站共 {total / MB:.0f} MB，已用到大小预算 {budget:g} MB 的 "
                       f"{total / (budget * MB):.0%}（GitHub Pages 不接受超过 1 GB 的网站）。占空间最多的是 {named}。"
                       "请维护人员处理：用 make photos 缩小过大的原图，减少每次活动发布的照片，或把多年前的活动照片移到别处存档。"
                       f"预算可以用环境变量 {BUDGET_VARIABLE} 调整。网站这次照常生成。")
    if in_github_actions:
        message += f"\n::warning title={_escape_property('网站大小')}::{_escape_data(message)}"
    return message
