"""The site-size budget warning (schoolpub.budget, printed by `make site`)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL
from test_build import site_project

from schoolpub import budget


def site_of(tmp_path: Path, sizes: dict[str, int]) -> Path:
    site = tmp_path / "site"
    for name, size in sizes.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return site


def test_no_warning_below_80_percent(tmp_path: Path):
    site = site_of(tmp_path, {"index.html": 799_999})
    assert budget.budget_warning(site, 1.0) is None


def test_warning_at_80_percent_names_the_largest_folders(tmp_path: Path):
    site = site_of(tmp_path, {"index.html": 50_000, "media/festivals/a.jpg": 600_000, "media/honors/b.jpg": 100_000,
                              "affairs/x/index.html": 50_000})
    assert budget.budget_warning(site, 1.0) == (
        "网站大小提醒：生成的网站共 1 MB，已用到大小预算 1 MB 的 80%（GitHub Pages 不接受超过 1 GB 的网站）。"
        "占空间最多的是 media/festivals（1 MB）、media/honors（0 MB）、/（0 MB）。"
        "请维护人员处理：用 make photos 缩小过大的原图，减少每次活动发布的照片，或把多年前的活动照片移到别处存档。"
        "预算可以用环境变量 SCHOOLPUB_SITE_BUDGET_MB 调整。网站这次照常生成。")


def test_warning_is_a_github_annotation_in_actions(tmp_path: Path):
    site = site_of(tmp_path, {"index.html": 900_000})
    lines = budget.budget_warning(site, 1.0, in_github_actions=True).splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("::warning title=网站大小::网站大小提醒：生成的网站共 1 MB，已用到大小预算 1 MB 的 90%")


def test_budget_comes_from_the_environment():
    assert budget.budget_mb({}) == 1000
    assert budget.budget_mb({"SCHOOLPUB_SITE_BUDGET_MB": "250"}) == 250
    with pytest.raises(ValueError, match="SCHOOLPUB_SITE_BUDGET_MB 要写一个数字（单位 MB），例如 1000（现在是“1GB”）。"):
        budget.budget_mb({"SCHOOLPUB_SITE_BUDGET_MB": "1GB"})


def test_make_site_warns_over_budget_and_still_publishes(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data", extra=("scripts",))
    result = subprocess.run([sys.executable, "scripts/build_site.py"], cwd=project, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "GITHUB_ACTIONS": "true", "SCHOOLPUB_SITE_BUDGET_MB": "0.5"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site/index.html").is_file()
    warning = [line for line in result.stderr.splitlines() if line.startswith("网站大小提醒：")]
    annotation = [line for line in result.stderr.splitlines() if line.startswith("::warning title=网站大小::")]
    assert len(warning) == 1 and len(annotation) == 1
    assert "已用到大小预算 0.5 MB 的" in warning[0]
