"""The live preview (make serve: scripts/serve.py, mkdocs serve with hooks/preview_guard.py) answers
only to its own address, and shows a data change without a restart.

A DNS-rebinding page reaches 127.0.0.1 under its own host name; the request then carries that
name in Host. Tested against a real `make serve` of the minimal school."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO
from test_build import site_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    project = site_project(tmp_path_factory.mktemp("preview"), MINIMAL / "data")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src")}
    server = subprocess.Popen([sys.executable, str(REPO / "scripts" / "serve.py"), "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(server.stdout.read())
        try:
            if get(port, "/", f"127.0.0.1:{port}")[0] == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("make serve did not start")
    yield port, server, project
    server.terminate()
    server.wait(timeout=30)


def get(port: int, path: str, host: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    if host is not None:
        connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


def test_the_preview_answers_its_own_address(preview):
    port, _, _ = preview
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        status, body = get(port, "/", host)
        assert (status, "<title>测试市第一小学</title>" in body.decode()) == (200, True), host


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.nip.io:{port}", "127.0.0.1:1", "127.0.0.1",
                                  "[::1]:{port}", "", None])
def test_a_request_under_another_host_name_is_refused(preview, host):
    port, _, _ = preview
    status, body = get(port, "/fees/", None if host is None else host.format(port=port))
    assert (status, body.decode()) == (403, "预览只接受本机地址（127.0.0.1 或 localhost）的访问。")


def test_a_saved_data_change_shows_in_the_preview_without_a_restart(preview):
    """make serve renders again when data/ changes; the engine rebuilds from the changed sources."""
    port, server, project = preview
    school = project / "data" / "school.yml"
    text = school.read_text(encoding="utf-8")
    assert "测试市第一小学" in text
    school.write_text(text.replace("测试市第一小学", "测试市第二小学"), encoding="utf-8")
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "<title>测试市第二小学</title>" not in get(port, "/", f"127.0.0.1:{port}")[1].decode():
            assert server.poll() is None
            time.sleep(0.5)
        assert "<title>测试市第二小学</title>" in get(port, "/", f"127.0.0.1:{port}")[1].decode()
    finally:
        school.write_text(text, encoding="utf-8")
