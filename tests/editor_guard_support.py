"""The editor's guarded local backend under test: a throwaway git copy of the project, the real
decap-server behind tools/decap/guarded-server.js started the way `make edit` starts it, and raw
HTTP requests whose every header the test sets (a browser would not let a test forge Host)."""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from schoolpub.cms import local_backend

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
PREVIEW = "http://127.0.0.1:8000"  # the preview's origin the guard is started with (as scripts/edit.py does)


def refused(reason: str, english: str = "Forbidden") -> dict:
    return {"error": f"网页编辑器拒绝了这个请求：{reason}。{english}."}


def throwaway_project(target: Path) -> Path:
    """data/ and the editor config in a fresh git repository, with the places an attacker
    aims at: hooks, workflows, code."""
    shutil.copytree(REPO / "data", target / "data")
    shutil.copytree(REPO / "docs/admin", target / "docs/admin")
    (target / "scripts").mkdir()
    (target / "scripts/keep.py").write_text("print('kept')\n", encoding="utf-8")
    (target / ".github/workflows").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=target, check=True)
    return target


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def start(project: Path, port: int, log: Path, **overrides: str) -> subprocess.Popen:
    command, env = local_backend.command(project, port, [PREVIEW, "http://localhost:8000"])
    server = subprocess.Popen(command, env={**env, **overrides}, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if post(port, {"action": "info"})[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"the guarded decap-server did not start: {log.read_text(encoding='utf-8')}")


def request(port: int, method: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    """One HTTP/1.1 request with exactly these headers (no Host unless given)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.putrequest(method, "/api/v1", skip_host=True, skip_accept_encoding=True)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None and not {"Transfer-Encoding", "Content-Length"} & set(headers):
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def post(port: int, body: dict, host: str | None = "default", origin: str | None = None,
         content_type: str = "application/json") -> tuple[int, dict, object]:
    headers = {"Host": f"{HOST}:{port}" if host == "default" else host, "Content-Type": content_type,
               "Origin": origin}
    status, response_headers, raw = request(port, "POST", json.dumps(body).encode(),
                                            {name: value for name, value in headers.items() if value is not None})
    return status, response_headers, json.loads(raw) if raw else None


def answer(port: int, body: dict, **headers) -> tuple[int, object]:
    """(status, JSON body) of a POST; `headers` as for post()."""
    status, _, parsed = post(port, body, **headers)
    return status, parsed


def entry(path: str, raw: str = "title: 收费公示\n", **extra) -> dict:
    """persistEntry as Decap CMS 3.16 sends it for a folder collection."""
    return {"action": "persistEntry", "params": {
        "branch": "main", "entry": {"slug": "x", "path": path, "raw": raw, **extra}, "assets": [],
        "options": {"collectionName": "fees", "commitMessage": "修改收费公示：x", "useWorkflow": False,
                    "status": "draft", "hasSubfolders": True}}}


def snapshot(root: Path) -> dict[str, str]:
    """Every file, folder and link under root (.git included) → what it is: any write shows."""
    found = {}
    for folder, folders, files in os.walk(root):
        for name in folders + files:
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[relative] = f"link → {os.readlink(path)}"
            elif path.is_dir():
                found[relative] = "folder"
            else:
                found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
