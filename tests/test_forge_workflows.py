"""The Forgejo/Gitea workflows (.gitea/workflows/): only what those runners support, the same
gates as on GitHub, and their steps run for real where they can without a forge.

actionlint and the schema check run on them in tests/test_workflows.py (GitHub syntax; the
forges read a subset). Here, by parsing the YAML: nothing the forges ignore or lack
(environments, Pages, v4 artifacts, setup-python, annotations, concurrency, timeouts), no
action at all, the checkout step run against a real git server on 127.0.0.1, the runner's
build cache read-only for pull requests.
No Forgejo or Gitea server or runner is available on this machine (none in the registries).
"""
import base64
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from recording_server import Recorder, serving

FORGE = REPO / ".gitea" / "workflows"
GITHUB = REPO / ".github" / "workflows"
NAMES = ["check.yml", "portal.yml", "publish.yml"]
IMAGE = "${{ vars.SCHOOLPUB_CI_IMAGE || 'python:3.11-bookworm' }}"
# Keys Forgejo/Gitea ignore (so a reader would trust a protection that is not there).
IGNORED_KEYS = {"environment", "permissions", "concurrency", "timeout-minutes", "continue-on-error", "run-name"}


def load(folder: Path, name: str) -> dict:
    workflow = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as True
    return workflow


def keys_anywhere(node) -> set[str]:
    if isinstance(node, dict):
        return set(map(str, node)) | set().union(*(keys_anywhere(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(keys_anywhere(item) for item in node)) if node else set()
    return set()


def step(job: dict, name: str) -> dict:
    found = [s for s in job["steps"] if s.get("name") == name]
    assert len(found) == 1, name
    return found[0]


def test_one_directory_serves_forgejo_and_gitea():
    # Forgejo reads .forgejo/workflows first: one there would hide these files.
    assert sorted(path.name for path in FORGE.iterdir()) == NAMES
    assert not (REPO / ".forgejo").exists()


@pytest.mark.parametrize("name", NAMES)
def test_only_what_forgejo_and_gitea_runners_support(name: str):
    workflow = load(FORGE, name)
    text = (FORGE / name).read_text(encoding="utf-8")
    assert keys_anywhere(workflow) & IGNORED_KEYS == set()
    assert "uses" not in keys_anywhere(workflow)  # no action: none to download, no Node needed in the image
    for fragment in ("upload-pages-artifact", "deploy-pages", "configure-pages", "upload-artifact",
                     "download-artifact", "setup-python", "::error", "::warning", "GITHUB_STEP_SUMMARY"):
        assert fragment not in text, fragment
    for job in workflow["jobs"].values():
        assert job["runs-on"] == "docker"  # a plain label: Gitea reads no expression or list of labels here
        assert job["container"]["image"] == IMAGE
    assert workflow["env"]["TZ"] == "Asia/Shanghai"
    for variable in ("PIP_INDEX_URL", "NPM_CONFIG_REGISTRY", "APT_MIRROR"):
        assert workflow["env"][variable] == f"${{{{ vars.{variable} }}}}"


def test_the_check_runs_the_same_gates_on_the_same_paths_as_on_github():
    forge, github = load(FORGE, "check.yml"), load(GITHUB, "check.yml")
    assert forge["on"].keys() == {"pull_request"}
    assert forge["on"]["pull_request"]["paths"] == [
        ".gitea/workflows/**" if path == ".github/workflows/**" else path for path in github["on"]["pull_request"]["paths"]]
    steps = forge["jobs"]["check"]["steps"]
    assert [s["name"] for s in steps] == ["取出代码", "准备环境（软件源、时区）", "取回生成缓存", "数据检查、生成网站、链接检查"]
    assert [s["run"] for s in steps[1:]] == ["scripts/ci_prepare_container.sh",
                                             "scripts/ci_runner_cache.sh seed /schoolpub-cache",
                                             "scripts/ci_gates.sh"]
    assert "secrets." not in (FORGE / "check.yml").read_text(encoding="utf-8")  # pull requests may come from forks


def test_publish_publishes_only_after_the_gates_in_the_same_job():
    workflow = load(FORGE, "publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in workflow["on"]
    assert [entry["cron"] for entry in workflow["on"]["schedule"]] == ["10 16 * * *", "10 0 * * *"]
    (job,) = workflow["jobs"].values()
    names = [s["name"] for s in job["steps"]]
    assert names == ["取出代码", "检查发布设置", "准备环境（软件源、时区、发布工具）", "生成缓存",
                     "数据检查、生成网站、链接检查", "写入 SSH 密钥", "发布", "删除 SSH 密钥"]
    gates, publish = names.index("数据检查、生成网站、链接检查"), names.index("发布")
    assert job["steps"][gates]["run"] == "scripts/ci_gates.sh" and gates < publish
    # A failed gate stops the job: nothing before the upload may be skipped or allowed to fail.
    assert all("if" not in s for s in job["steps"][:gates + 1])
    assert "if" not in job["steps"][publish]
    assert job["steps"][publish]["run"].rstrip().endswith("scripts/publish_static.sh")
    assert step(job, "删除 SSH 密钥")["if"] == "always()"
    assert workflow["env"]["PUBLISH_TARGET"] == "${{ vars.PUBLISH_TARGET }}"


def test_secrets_reach_only_the_steps_that_use_them():
    (job,) = load(FORGE, "publish.yml")["jobs"].values()
    with_secrets = [s["name"] for s in job["steps"] if "secrets." in yaml.safe_dump(s, allow_unicode=True)]
    assert with_secrets == ["写入 SSH 密钥", "发布"]
    assert "secrets." not in yaml.safe_dump({key: value for key, value in job.items() if key != "steps"})


def test_the_runner_cache_is_read_only_for_pull_requests_and_written_by_publish():
    check = load(FORGE, "check.yml")["jobs"]["check"]
    (publish,) = load(FORGE, "publish.yml")["jobs"].values()
    assert check["container"]["volumes"] == ["/srv/schoolpub/cache:/schoolpub-cache:ro"]
    assert "SCHOOLPUB_PHOTO_CACHE" not in yaml.safe_dump(check)
    assert publish["container"]["volumes"] == ["/srv/schoolpub/cache:/schoolpub-cache"]
    assert publish["env"]["SCHOOLPUB_PHOTO_CACHE"] == "/schoolpub-cache"


# -- the checkout step, run against a real (dumb HTTP) git server ---------------------------


def checkout_script(name: str) -> str:
    jobs = load(FORGE, name)["jobs"].values()
    scripts = {step(job, "取出代码")["run"] for job in jobs
               if any(s.get("name") == "取出代码" for s in job["steps"])}  # portal.yml's school jobs clone a school
    assert len(scripts) == 1
    return scripts.pop()


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture(scope="module")
def forge(tmp_path_factory) -> dict:
    """A repository with three commits on main and a pull request ref, served read-only over HTTP."""
    root = tmp_path_factory.mktemp("forge")
    work = root / "work"
    work.mkdir()
    git(work, "init", "-q", "-b", "main")
    for number in range(3):
        (work / "data.yml").write_text(f"n: {number}\n")
        git(work, "add", "data.yml")
        git(work, "commit", "-q", "-m", f"c{number}")
    main = git(work, "rev-parse", "HEAD")
    git(work, "checkout", "-q", "-b", "staff-edit")
    (work / "data.yml").write_text("n: 99\n")
    git(work, "commit", "-qam", "edit")
    pull = git(work, "rev-parse", "HEAD")
    served = root / "served" / "school" / "site.git"
    served.parent.mkdir(parents=True)
    git(root, "clone", "-q", "--bare", str(work), str(served))
    git(served, "update-ref", "refs/pull/1/head", pull)
    git(served, "update-server-info")
    return {"root": root / "served", "main": main, "pull": pull}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("event", ["push", "pull_request"])
def test_the_checkout_step_fetches_the_whole_history_with_the_token_never_stored(
        forge: dict, tmp_path: Path, name: str, event: str):
    token = "tok-123"
    header = "basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
    ref, sha, commits = ("refs/heads/main", forge["main"], "3") if event == "push" else \
        ("refs/pull/1/head", forge["pull"], "4")
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (tmp_path / "home").mkdir()
    with serving(Recorder(files=forge["root"], required_header=("Authorization", header))) as server:
        env = {**os.environ, "HOME": str(tmp_path / "home"), "GIT_TERMINAL_PROMPT": "0", "SERVER_URL": server.url,
               "REPOSITORY": "school/site", "REF": ref, "SHA": sha, "TOKEN": token}
        result = subprocess.run(["bash", "-e", "-c", checkout_script(name)], cwd=workspace, env=env,
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"代码：{ref}（{sha}）\n"
    assert git(workspace, "rev-parse", "HEAD") == sha
    assert git(workspace, "rev-list", "--count", "HEAD") == commits  # page dates come from the whole history
    assert token not in (workspace / ".git/config").read_text()
    assert server.requests and all(r.headers.get("authorization") == header for r in server.requests)


# -- the runner cache ---------------------------------------------------------------------


def runner_cache(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The script works in the project it belongs to: a project of its own here, not this repository."""
    script = project / "scripts/ci_runner_cache.sh"
    if not script.exists():
        script.parent.mkdir(parents=True)
        script.symlink_to(REPO / "scripts/ci_runner_cache.sh")
    return subprocess.run(["bash", str(script), *args], cwd=project, capture_output=True, text=True, timeout=60)


def test_a_pull_request_starts_from_a_copy_of_the_runner_cache(tmp_path: Path):
    trusted = tmp_path / "runner-cache"
    trusted.mkdir()
    (trusted / "abc-page-123.md").write_text("page")
    (trusted / "scan-clean-123.json").write_text("[]")
    project = tmp_path / "project"
    result = runner_cache(project, "seed", str(trusted))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"构建缓存：从 {trusted} 复制了 2 个文件（只读，这次检查的结果不会写回）。\n"
    assert (project / ".cache/photos/abc-page-123.md").read_text() == "page"
    assert (project / ".cache/photos/scan-clean-123.json").read_text() == "[]"


def test_without_the_runner_cache_the_build_starts_cold_and_says_so(tmp_path: Path):
    result = runner_cache(tmp_path, "report", str(tmp_path / "not-mounted"))
    assert result.returncode == 0
    assert result.stdout == (f"构建缓存：运行器没有提供 {tmp_path}/not-mounted（运行器设置 valid_volumes，见 "
                             "deploy/FORGEJO.zh-CN.md），这次从头生成，照片较多时较慢。\n")
    assert not (tmp_path / ".cache").exists()


def test_publish_reports_the_runner_cache_it_writes(tmp_path: Path):
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache/x.jpg").write_bytes(b"x")
    result = runner_cache(tmp_path, "report", str(tmp_path / "cache"))
    assert result.stdout == f"构建缓存：使用运行器上的缓存 {tmp_path}/cache（已有 1 个文件）。\n"
