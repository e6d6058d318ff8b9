"""The district CI (.github/workflows/portal.yml, .gitea/workflows/portal.yml): one job per school
from portal.yml, then the portal from their outputs. Linted with the other workflows in
tests/test_workflows.py and tests/test_forge_workflows.py; here their own properties, and their
scripts run for real on a temporary district."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from schoolpub.portal.sample import open_data_files

GITHUB = REPO / ".github/workflows/portal.yml"
FORGE = REPO / ".gitea/workflows/portal.yml"
PORTAL_YML = """\
district: 示例区教育局
schools:
  - id: syxx
    name: 示例市实验小学
    site: https://syxx.example.edu.cn/
    repository: https://git.example.edu.cn/syxx/site.git
  - id: erxiao
    name: 示例市第二小学
    site: http://127.0.0.1:9/
    repository: https://git.example.edu.cn/erxiao/site.git
  - id: no-repo
    name: 示例市第三小学
    site: http://127.0.0.1:9/
limits:
  connect_timeout: 1
  retries: 0
"""


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def step(job: dict, name: str) -> dict:
    found = [s for s in job["steps"] if s.get("name") == name]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize("path", [GITHUB, FORGE], ids=["github", "forgejo"])
def test_one_job_per_school_then_the_portal_whatever_they_did(path: Path):
    jobs = load(path)["jobs"]
    assert list(jobs) == ["schools", "school", "portal"]
    assert jobs["school"]["strategy"]["fail-fast"] is False
    assert jobs["school"]["strategy"]["matrix"] == {"school": "${{ fromJSON(needs.schools.outputs.matrix) }}"}
    assert jobs["portal"]["needs"] == ["schools", "school"]
    assert jobs["portal"]["if"] == "always() && needs.schools.result == 'success'"  # a failed school never stops it
    clone = step(jobs["school"], "取出学校的网站仓库")
    assert clone["env"] == {"REPOSITORY": "${{ matrix.school.repository }}"}  # never pasted into the script
    assert '"$REPOSITORY"' in clone["run"] and "${{" not in clone["run"]
    assert step(jobs["school"], "数据检查、生成网站、链接检查") == {
        "name": "数据检查、生成网站、链接检查", "working-directory": "school", "run": "scripts/ci_gates.sh"}


def test_github_uploads_each_site_and_the_portal_downloads_them_all():
    jobs = load(GITHUB)["jobs"]
    upload = step(jobs["school"], "保存网站")["with"]
    assert (upload["name"], upload["path"], upload["if-no-files-found"]) == (
        "site-${{ matrix.school.id }}", "school/site/", "error")
    assert step(jobs["portal"], "取回各校网站")["with"] == {"pattern": "site-*", "path": "builds"}
    cache = step(jobs["school"], "取回生成缓存")["with"]
    assert cache["path"] == "school/.cache"
    assert cache["key"].startswith("schoolpub-build-v1-${{ matrix.school.id }}-${{ hashFiles(")
    last_good = step(jobs["portal"], "取回各校上次读取的数据")["with"]
    assert (last_good["path"], last_good["restore-keys"]) == (".cache/portal", "portal-last-good-")


def test_the_matrix_is_the_schools_with_a_repository(tmp_path: Path):
    (tmp_path / "portal.yml").write_text(PORTAL_YML, encoding="utf-8")
    result = subprocess.run([str(REPO / ".venv/bin/python"), "-m", "schoolpub.portal.ci", "matrix", "portal.yml"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"id": "syxx", "name": "示例市实验小学", "repository": "https://git.example.edu.cn/syxx/site.git"},
        {"id": "erxiao", "name": "示例市第二小学", "repository": "https://git.example.edu.cn/erxiao/site.git"}]


def test_the_github_portal_job_reads_the_built_sites_and_the_others_from_their_addresses(tmp_path: Path):
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "requirements-browser.txt",
                 "pyproject.toml", ".venv"):
        (tmp_path / name).symlink_to(REPO / name)
    (tmp_path / "portal.yml").write_text(PORTAL_YML, encoding="utf-8")
    for path, content in open_data_files(REPO / "data", "https://syxx.example.edu.cn/", dt.date(2026, 12, 1)).items():
        (tmp_path / "builds/site-syxx" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "builds/site-syxx" / path).write_bytes(content)
    script = step(load(GITHUB)["jobs"]["portal"], "读取各校数据")["run"]
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "TZ": "Asia/Shanghai"})
    assert result.returncode == 0, result.stdout + result.stderr
    fees = json.loads((tmp_path / "builds/syxx/data/v2/fees.json").read_text(encoding="utf-8"))
    assert result.stdout.splitlines() == [
        "make: '.venv/.installed' is up to date.",  # CI: the set-up runs here
        f"syxx 示例市实验小学：已读取（数据日期 {fees['last_changed']}）",
        "erxiao 示例市第二小学：暂时无法读取：连不上学校网站（连接被拒绝），网站可能已关闭或地址有误。",
        "no-repo 示例市第三小学：暂时无法读取：连不上学校网站（连接被拒绝），网站可能已关闭或地址有误。",
        "共 3 所学校：1 所已读取，0 所暂时无法读取、显示上次读取的数据，2 所暂时无法读取。"]
    derived = yaml.safe_load((tmp_path / "portal-ci.yml").read_text(encoding="utf-8"))
    assert [school.get("path") for school in derived["schools"]] == [str(tmp_path / "builds/syxx"), None, None]
    assert sorted(path.name for path in (tmp_path / ".cache/portal").iterdir()) == ["syxx"]


def test_forgejo_replaces_a_school_build_whole(tmp_path: Path):
    district = tmp_path / "district"
    script = step(load(FORGE)["jobs"]["school"], "保存网站")["run"].replace("/district", str(district))
    (district / "builds/syxx").mkdir(parents=True)
    (district / "builds/syxx/old-page.html").write_text("old")
    (tmp_path / "school/site/data").mkdir(parents=True)
    (tmp_path / "school/site/data/new.json").write_text("{}")
    result = subprocess.run(["bash", "-e", "-c", script], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "SCHOOL": "syxx"}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(str(p.relative_to(district)) for p in district.rglob("*")) == [
        "builds", "builds/syxx", "builds/syxx/data", "builds/syxx/data/new.json"]
