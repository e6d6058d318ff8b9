"""The browser editor under test: a temporary copy of the project, the real decap-server
(the pinned local backend of `make edit`) writing into it, and Chromium on /admin/."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from schoolpub.cms import local_backend

from .support import HOST, REPO

DECAP_SERVER = REPO / "tools/decap/node_modules/decap-server/dist/index.js"
CONFIGURED_BACKEND = "http://127.0.0.1:8081/api/v1"  # docs/admin/config.yml: local_backend.url
# What a copy of the project needs to be checked and built; tools/ (the installed bundle) and
# src/ (mkdocs.yml watches it) are linked, never written.
PROJECT_PARTS = ("data", "docs", "hooks", "overrides", "schemas", "mkdocs.yml", "macros.py", "search-words.txt",
                 "editor.yml")


def copy_project(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    for linked in ("tools", "src"):
        (target / linked).symlink_to(REPO / linked, target_is_directory=True)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def git_repository(project: Path) -> Path:
    """A git repository of the project's data on branch main, as a school's fork would be."""
    for command in (["init", "-q", "-b", "main"], ["config", "user.email", "editor-test@example.invalid"],
                    ["config", "user.name", "editor test"], ["add", "-A"], ["commit", "-q", "-m", "demo data"]):
        subprocess.run(["git", *command], cwd=project, check=True, capture_output=True)
    return project


def git(project: Path, *arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=project, check=True, capture_output=True, text=True).stdout


def start_backend(project: Path, port: int, log: Path, origin: str, mode: str = "fs") -> subprocess.Popen:
    """decap-server behind its guard, as `make edit` starts it, answering pages of `origin`."""
    command, env = local_backend.command(project, port, [origin], mode=mode)
    server = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://{HOST}:{port}/api/v1", data=json.dumps({"action": "info"}).encode(),
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=2) as response:
                if json.load(response).get("type") == f"local_{mode}":
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"decap-server did not start: {log.read_text(encoding='utf-8')}")


def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(project), "check"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")})


def build(project: Path, site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": "1795000000"}
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "build_site.py"), "--site-dir", str(site_dir),
                             "--build-dir", str(site_dir.with_name("build"))],  # make site: check, render, MkDocs, finish, scan
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"make site failed:\n{result.stdout}\n{result.stderr}")
