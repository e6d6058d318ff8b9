"""The pre-commit hook stops a commit that would put an ID number into history."""
import os
import shutil
import subprocess
from pathlib import Path

from conftest import MINIMAL, REPO


def run(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.cn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=60)


def test_pre_commit_refuses_an_id_number(tmp_path: Path):
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    shutil.copytree(REPO / "scripts/git-hooks", repo / "scripts/git-hooks")
    (repo / ".venv/bin").mkdir(parents=True)
    wrapper = repo / ".venv/bin/python"  # stands in for the venv `make check` creates
    wrapper.write_text(f'#!/bin/sh\nexec "{REPO}/.venv/bin/python" "$@"\n')
    wrapper.chmod(0o755)
    run(repo, "init", "-q")
    run(repo, "config", "core.hooksPath", "scripts/git-hooks")
    run(repo, "add", "data")
    assert run(repo, "commit", "-qm", "clean data").returncode == 0

    body = repo / "data/affairs/sample.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("正文写在这里", "身份证 11010519491231002X"),
                    encoding="utf-8")
    run(repo, "add", "data")
    refused = run(repo, "commit", "-qm", "leak")
    assert refused.returncode == 1
    assert "data/affairs/sample.yml:11:7: 错误：[校务公开 sample] 这里有一个身份证号码" in refused.stderr and "这里有一个身份证号码" in refused.stderr
    assert "提交已取消" in refused.stderr
    assert run(repo, "log", "--oneline").stdout.count("\n") == 1  # nothing new in history
