"""Every install can use a mainland mirror through the standard settings, and nothing
hard-codes an index: pip reads PIP_INDEX_URL (or pip.conf), npm reads
NPM_CONFIG_REGISTRY (or .npmrc), apt reads the machine's sources (scripts/
ci_prepare_container.sh points a CI container's at APT_MIRROR).

The pip and npm tests run the project's real install paths (the Makefile's venv set-up;
scripts/lib/quiet_install.sh's ensure_npm_pinned) against a real HTTP server on
127.0.0.1 that records what it was asked: the request must arrive there.
"""
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from conftest import REPO
from recording_server import Recorder, serving

LOCK_FILES = sorted(path for path in REPO.glob("**/package-lock.json")
                    if "node_modules" not in path.parts and ".venv" not in path.parts)
INSTALLERS = [REPO / "Makefile", REPO / ".ci/run", *sorted((REPO / "scripts").glob("*.sh")),
              *sorted((REPO / "scripts/lib").glob("*.sh"))]


def clean_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """This machine's own pip and npm settings (a local wheel folder, extra indexes) left out:
    only the setting under test can make an install succeed or fail."""
    env = {name: value for name, value in os.environ.items()
           if not name.upper().startswith(("PIP_", "NPM_CONFIG_")) and name != "VIRTUAL_ENV"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_RETRIES="0", PIP_DEFAULT_TIMEOUT="10",
               PIP_DISABLE_PIP_VERSION_CHECK="1", HOME=str(tmp_path / "home"),
               NPM_CONFIG_USERCONFIG=str(tmp_path / "npmrc"), NPM_CONFIG_CACHE=str(tmp_path / "npm-cache"),
               NPM_CONFIG_UPDATE_NOTIFIER="false")  # else npm asks the registry for its own latest version
    (tmp_path / "home").mkdir(exist_ok=True)
    env.update(settings)
    return env


# -- pip ------------------------------------------------------------------------------


def test_the_makefile_installs_from_the_index_in_pip_index_url(tmp_path: Path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Makefile", "pyproject.toml", "requirements.txt", "requirements-dev.txt", "requirements-browser.txt"):
        shutil.copy(REPO / name, project / name)
    with serving(Recorder()) as index:  # answers 404 to everything: the install fails, after asking
        env = clean_env(tmp_path, PIP_INDEX_URL=f"{index.url}/simple/")
        result = subprocess.run(["make", "--no-print-directory", ".venv/.installed", f"PYTHON={sys.executable}"],
                                cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert index.paths(), result.stdout + result.stderr
    assert all(path.startswith("/simple/") for path in index.paths()), index.paths()
    pinned = {re.split(r"[=\[ ]", line)[0].lower().replace("_", "-")
              for name in ("requirements.txt", "requirements-dev.txt", "requirements-browser.txt")
              for line in (REPO / name).read_text(encoding="utf-8").splitlines() if re.match(r"^[A-Za-z]", line)}
    asked = {path.strip("/").split("/")[1] for path in index.paths()}
    assert asked and asked <= pinned, asked
    assert "No matching distribution found" in result.stderr
    assert not (project / ".venv/.installed").exists()


# -- npm ------------------------------------------------------------------------------


PROBE = "schoolpub-mirror-probe"


def probe_tarball() -> bytes:
    """A one-file npm package, as a registry serves it (package/… inside a .tgz)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in {"package/package.json": json.dumps({"name": PROBE, "version": "1.0.0", "main": "index.js"}),
                           "package/index.js": "module.exports = 'mirror';\n"}.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def npm_project(folder: Path, tarball: bytes, resolved: str | None) -> None:
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    entry = {"version": "1.0.0", "integrity": integrity, "dev": True}
    if resolved:
        entry["resolved"] = resolved
    folder.mkdir()
    (folder / "package.json").write_text(json.dumps({"name": "probe-tools", "private": True,
                                                     "devDependencies": {PROBE: "1.0.0"}}))
    (folder / "package-lock.json").write_text(json.dumps({
        "name": "probe-tools", "lockfileVersion": 3, "requires": True,
        "packages": {"": {"name": "probe-tools", "devDependencies": {PROBE: "1.0.0"}}, f"node_modules/{PROBE}": entry}}))


@pytest.mark.parametrize("resolved", [None, f"https://registry.npmjs.org/{PROBE}/-/{PROBE}-1.0.0.tgz"],
                         ids=["lock-without-resolved", "lock-resolved-on-npmjs"])
def test_npm_ci_installs_from_the_registry_in_npm_config_registry(tmp_path: Path, resolved: str | None):
    # Our lock files carry no `resolved` URL, so npm asks the configured registry where the
    # tarball is; a lock that does name registry.npmjs.org is rewritten to the configured
    # registry too (npm's replace-registry-host, default "npmjs"): both end on the mirror.
    tarball = probe_tarball()
    npm_project(tmp_path / "probe", tarball, resolved)
    recorder = Recorder(routes={f"/{PROBE}/-/{PROBE}-1.0.0.tgz": ("application/octet-stream", tarball)})
    with serving(recorder) as registry:
        registry.routes[f"/{PROBE}"] = ("application/json", json.dumps({
            "name": PROBE, "dist-tags": {"latest": "1.0.0"},
            "versions": {"1.0.0": {"name": PROBE, "version": "1.0.0", "dist": {
                "tarball": f"{registry.url}/{PROBE}/-/{PROBE}-1.0.0.tgz",
                "integrity": json.loads((tmp_path / "probe/package-lock.json").read_text())
                ["packages"][f"node_modules/{PROBE}"]["integrity"]}}}}).encode())
        env = clean_env(tmp_path, NPM_CONFIG_REGISTRY=f"{registry.url}/")
        result = subprocess.run(
            ["bash", "-c", f'SCRIPT_NAME=test; . "{REPO}/scripts/lib/quiet_install.sh"; '
                           f'ensure_npm_pinned probe {PROBE} probe/node_modules/{PROBE}/index.js --ignore-scripts'],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""  # quiet, as every installer
    assert (tmp_path / f"probe/node_modules/{PROBE}/index.js").read_text() == "module.exports = 'mirror';\n"
    assert registry.paths()[-1] == f"/{PROBE}/-/{PROBE}-1.0.0.tgz"
    assert set(registry.paths()) <= {f"/{PROBE}", f"/{PROBE}/-/{PROBE}-1.0.0.tgz"}


def test_npm_ci_fails_clearly_when_the_registry_does_not_have_the_package(tmp_path: Path):
    npm_project(tmp_path / "probe", probe_tarball(), None)
    with serving(Recorder()) as registry:
        env = clean_env(tmp_path, NPM_CONFIG_REGISTRY=f"{registry.url}/")
        result = subprocess.run(
            ["bash", "-c", f'SCRIPT_NAME=test; . "{REPO}/scripts/lib/quiet_install.sh"; '
                           f'ensure_npm_pinned probe {PROBE} probe/node_modules/{PROBE}/index.js'],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr.startswith("test: npm ci in probe failed (is the npm registry reachable?)\n")
    assert set(registry.paths()) == {f"/{PROBE}"}  # asked there (npm retries once)


@pytest.mark.parametrize("lock", LOCK_FILES, ids=lambda path: str(path.relative_to(REPO)))
def test_lock_files_name_no_registry_but_npmjs(lock: Path):
    """A lock written behind a mirror (registry.npmmirror.com…) would send every other machine
    there: resolved URLs are left out (each folder's .npmrc says so) or on registry.npmjs.org,
    which npm swaps for the configured registry."""
    packages = json.loads(lock.read_text(encoding="utf-8"))["packages"]
    foreign = {name: entry["resolved"] for name, entry in packages.items()
               if "resolved" in entry and not entry["resolved"].startswith("https://registry.npmjs.org/")}
    assert foreign == {}
    assert "omit-lockfile-registry-resolved=true" in (lock.parent / ".npmrc").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("installer", INSTALLERS, ids=lambda path: str(path.relative_to(REPO)))
def test_no_installer_names_an_index_or_registry(installer: Path):
    text = installer.read_text(encoding="utf-8")
    named = re.findall(r"pypi\.org|pythonhosted\.org|registry\.npmjs\.org|npmmirror|--index-url|--extra-index-url"
                       r"|--registry|\s-i\s+https?://|\s--find-links", text)
    assert named == []


# -- apt ------------------------------------------------------------------------------

BOOKWORM_SOURCES = """Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""

BULLSEYE_LIST = """deb http://deb.debian.org/debian bullseye main
deb http://security.debian.org/debian-security bullseye-security main
deb http://deb.debian.org/debian bullseye-updates main
"""


def prepare(root: Path, mirror: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "APT_ROOT": str(root), "APT_MIRROR": mirror}
    return subprocess.run([str(REPO / "scripts/ci_prepare_container.sh")], env=env, capture_output=True, text=True,
                          timeout=60)


def test_the_container_uses_the_debian_mirror_in_apt_mirror(tmp_path: Path):
    (tmp_path / "etc/apt/sources.list.d").mkdir(parents=True)
    (tmp_path / "etc/apt/sources.list.d/debian.sources").write_text(BOOKWORM_SOURCES)
    (tmp_path / "etc/apt/sources.list").write_text(BULLSEYE_LIST)
    result = prepare(tmp_path, "https://mirrors.tuna.tsinghua.edu.cn/")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Debian 软件源：https://mirrors.tuna.tsinghua.edu.cn\n"
    assert (tmp_path / "etc/apt/sources.list.d/debian.sources").read_text() == BOOKWORM_SOURCES.replace(
        "http://deb.debian.org/", "https://mirrors.tuna.tsinghua.edu.cn/")
    assert (tmp_path / "etc/apt/sources.list").read_text() == (
        "deb https://mirrors.tuna.tsinghua.edu.cn/debian bullseye main\n"
        "deb https://mirrors.tuna.tsinghua.edu.cn/debian-security bullseye-security main\n"
        "deb https://mirrors.tuna.tsinghua.edu.cn/debian bullseye-updates main\n")


def test_a_mirror_that_is_not_an_address_is_refused(tmp_path: Path):
    (tmp_path / "etc/apt/sources.list.d").mkdir(parents=True)
    (tmp_path / "etc/apt/sources.list.d/debian.sources").write_text(BOOKWORM_SOURCES)
    result = prepare(tmp_path, "mirrors.tuna.tsinghua.edu.cn")
    assert result.returncode == 1
    assert result.stderr == ("ci_prepare_container.sh: APT_MIRROR=mirrors.tuna.tsinghua.edu.cn is not an http(s) "
                             "address (e.g. https://mirrors.tuna.tsinghua.edu.cn)\n")
    assert (tmp_path / "etc/apt/sources.list.d/debian.sources").read_text() == BOOKWORM_SOURCES


def test_a_mirror_without_sources_to_change_is_an_error(tmp_path: Path):
    result = prepare(tmp_path, "https://mirrors.aliyun.com")
    assert result.returncode == 1
    assert result.stderr == f"ci_prepare_container.sh: APT_MIRROR is set but there are no apt sources under {tmp_path}/etc/apt\n"
