"""End-to-end: the real MkDocs build of the demo school, and that it fails closed."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, write

from schoolpub.loader import load_site

MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict"]
# INFO lines MkDocs prints on every good build; anything else at WARNING or
# above, or any unexpected line, fails the log check.
EXPECTED_LOG = [
    r"INFO    -  Cleaning site directory",
    r"INFO    -  Building documentation to directory: .*",
    r"INFO    -  \[macros\] - Found (local|external) Python module 'macros' in: .*",
    r"INFO    -  \[macros\] - Config variables: .*",
    r"INFO    -  \[macros\] - Config macros: .*",
    r"INFO    -  \[macros\] - Config filters: .*",
    r"INFO    -  \[macros\] - Functions found: .*",
    r"INFO    -  Documentation built in [\d.]+ seconds",
]


def build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([*MKDOCS, "--site-dir", str(site_dir)], cwd=project, capture_output=True, text=True,
                          env=env, timeout=300)


def unexpected_log_lines(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if line.strip() and not any(re.fullmatch(pattern, line) for pattern in EXPECTED_LOG)]


def site_project(tmp_path: Path, data: Path) -> Path:
    """A project with the repository's build settings and the given data."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "macros.py"):
        shutil.copy(REPO / name, project / name)
    shutil.copytree(REPO / "hooks", project / "hooks")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "src", project / "src")
    shutil.copytree(data, project / "data")
    return project


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    site_dir = tmp_path_factory.mktemp("demo") / "site"
    result = build(REPO, site_dir)
    return result, site_dir


def test_demo_builds_with_a_clean_log(demo):
    result, site_dir = demo
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []


def test_demo_home_shows_the_school_and_the_latest_of_each_section(demo):
    _, site_dir = demo
    site, _ = load_site(REPO / "data")
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"<title>{site.school.name}</title>" in page
    assert f"<strong>校训：{site.school.motto}</strong>" in page
    first_phone = site.school.phones[0].number
    assert f'<a href="tel:{re.sub(r"[^0-9]", "", first_phone)}">{first_phone}</a>' in page
    newest_fee = max(site.of("fees").values(), key=lambda notice: notice.issued)
    assert f"{newest_fee.issued.isoformat()}　{newest_fee.title}" in page


def test_no_page_references_a_foreign_host(demo):
    _, site_dir = demo
    blocked = re.compile(r"fonts\.googleapis|fonts\.gstatic|unpkg\.com|cdn\.jsdelivr|cdnjs\.")
    offenders = [path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*")
                 if path.is_file() and blocked.search(path.read_text(encoding="utf-8", errors="ignore"))]
    assert offenders == []
    assert list(site_dir.rglob("*.map")) == []


def test_material_cdn_scripts_are_served_by_the_site(demo):
    _, site_dir = demo
    bundle = next(site_dir.glob("assets/javascripts/bundle.*.min.js")).read_text(encoding="utf-8")
    assert '"/assets/vendor/resize-observer-polyfill.js"' in bundle
    assert '"/assets/vendor/mermaid-unavailable.js"' in bundle
    polyfill = (site_dir / "assets/vendor/resize-observer-polyfill.js").read_text(encoding="utf-8")
    assert "global.ResizeObserver = factory()" in polyfill


def test_bad_data_builds_nothing(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    fees = project / "data/fees/sample.yml"
    fees.write_text(fees.read_text(encoding="utf-8").replace("amount: 400", "amount: 400元"), encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 1
    assert ("data/fees/sample.yml:11:13: 错误：[收费公示 sample › items 第1项 › amount] 收费标准（金额）：金额只写数字"
            in result.stderr)
    assert "Aborted with a BuildError!" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_undefined_template_variable_fails_the_build(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    write(project, "docs/index.md", "# 首页\n\n{{ home() }}\n\n{{ typo_variable }}\n")
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert "typo_variable" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_failing_macro_fails_the_build(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    write(project, "docs/index.md", "# 首页\n\n{{ home(1, 2) }}\n")
    result = build(project, tmp_path / "out")
    assert result.returncode != 0
    assert not (tmp_path / "out" / "index.html").exists()


def test_data_is_never_evaluated_as_a_template(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace(
        "motto: 求真 向善", "motto: \"{{ config.site_name }}{% if true %}IF{% endif %}<script>alert(1)</script>\""),
        encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "<strong>校训：{{ config.site_name }}{% if true %}IF{% endif %}&lt;script&gt;alert(1)&lt;/script&gt;</strong>" in page
    assert "<script>alert(1)" not in page
