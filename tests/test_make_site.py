"""`make site` replaces site/ only after a complete, successful build."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import MINIMAL, REPO

PROJECT_FILES = ["mkdocs.yml", "macros.py", "search-words.txt"]
PROJECT_DIRS = ["docs", "hooks", "overrides", "scripts", "src"]


def make_site(project: Path) -> subprocess.CompletedProcess:
    """What `make site` runs once the virtualenv exists."""
    return subprocess.run([sys.executable, "scripts/build_site.py"], cwd=project, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "GITHUB_ACTIONS": ""})


def test_bad_data_leaves_the_published_site_as_it_was(tmp_path: Path):
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        shutil.copy(REPO / name, project / name)
    for name in PROJECT_DIRS:
        shutil.copytree(REPO / name, project / name)
    shutil.copytree(MINIMAL / "data", project / "data")

    first = make_site(project)
    assert first.returncode == 0, first.stdout + first.stderr
    good_page = (project / "site/index.html").read_text(encoding="utf-8")
    assert "<title>测试市第一小学</title>" in good_page

    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("founded: 1952", "founded: 一九五二"), encoding="utf-8")
    second = make_site(project)
    assert second.returncode != 0
    assert "data/school.yml:14:10: 错误：[学校概况 › founded] 建校年份：这里要写一个整数，例如 12（现在是“一九五二”）。" in second.stderr
    assert (project / "site/index.html").read_text(encoding="utf-8") == good_page
    assert not (project / ".build/site").exists()

    # Data fine, but the build itself fails (a template typo in a page):
    # the half-built output must not replace the published site either.
    school.write_text(school.read_text(encoding="utf-8").replace("founded: 一九五二", "founded: 1952"), encoding="utf-8")
    (project / "docs/index.md").write_text("# 首页\n\n{{ home() }}\n\n{{ typo }}\n", encoding="utf-8")
    third = make_site(project)
    assert third.returncode != 0
    assert "typo" in third.stdout + third.stderr
    assert third.stderr.splitlines()[-2:] == ["生成工具 mkdocs 没有完成（退出码 100），详情见它上面的输出。",
                                              "网站生成失败（见上面的错误），已发布的 site/ 保持不变。"]
    assert (project / "site/index.html").read_text(encoding="utf-8") == good_page
