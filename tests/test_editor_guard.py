"""`make edit`'s local backend answers the preview's own editor only, and writes only into the
content folders the editor config names (issue 18 item 2).

A page on any site a staff member visits can reach 127.0.0.1:8081 by DNS rebinding (its hostname
re-resolves to 127.0.0.1): same-origin to itself, `Host: evil.example:8081`. decap-server 3.11.3
alone answered it and wrote into data/ and .git/hooks/. Every test here runs the real
decap-server behind tools/decap/guarded-server.js on a throwaway git copy of the project and
looks at the disk, not only at the answer.
"""
from __future__ import annotations

import base64
import json
import os
import socket
import subprocess

import pytest
from editor_guard_support import (PREVIEW, REPO, answer, entry, free_port, post, refused, request, snapshot, start,
                                  throwaway_project)

from schoolpub.cms import local_backend

PATH_REFUSED = refused("路径不在网页编辑器的内容文件夹里")
SYMLINK_REFUSED = refused("路径经过一个符号链接")
HOST_REFUSED = refused("Host 不是本机编辑器的地址")
ORIGIN_REFUSED = refused("请求不是来自本机的网页编辑器")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    if not (REPO / "tools/decap/node_modules/decap-server/dist/middlewares.js").is_file():
        pytest.fail("decap-server is missing: run scripts/install_editor.sh (make test does)", pytrace=False)
    return throwaway_project(tmp_path_factory.mktemp("guard") / "project")


@pytest.fixture(scope="module")
def server(project, tmp_path_factory):
    """(port, log file) of the guarded decap-server writing into `project`."""
    port, log = free_port(), tmp_path_factory.mktemp("guard-log") / "server.log"
    process = start(project, port, log)
    yield port, log
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def port(server):
    return server[0]


def test_the_editable_folders_are_the_editor_configs():
    assert local_backend.read_editable(REPO) == {
        "folders": ["data/affairs", "data/fees", "data/festivals", "data/honors", "data/media", "data/media/affairs",
                    "data/media/fees", "data/media/festivals", "data/media/honors", "data/media/regulations",
                    "data/media/school", "data/regulations"],
        "files": ["data/school.yml"]}


def test_a_media_folder_without_a_slash_is_the_entrys_own_subfolder():
    config = {"media_folder": "/data/media/", "collections": [
        {"folder": "data/news", "media_folder": "images", "fields": [{"name": "scan", "media_folder": "../scans"}]},
        {"files": [{"file": "data/about/site.yml", "media_folder": "/data/media/about"}]}]}
    assert local_backend.editable(config) == {
        "folders": ["data/media", "data/media/about", "data/news", "data/news/images", "data/scans"],
        "files": ["data/about/site.yml"]}


def test_a_save_from_the_preview_page_is_written_into_data_fees(project, port):
    status, headers, body = post(port, entry("data/fees/2027-0101-000000.yml"), origin=PREVIEW)
    assert (status, body) == (200, {"message": "entry persisted"})
    assert headers["access-control-allow-origin"] == PREVIEW
    assert (project / "data/fees/2027-0101-000000.yml").read_text(encoding="utf-8") == "title: 收费公示\n"
    status, _, listed = post(port, {"action": "entriesByFolder", "params": {
        "branch": "main", "folder": "data/fees", "extension": "yml", "depth": 1}}, origin="http://localhost:8000")
    assert status == 200
    assert "data/fees/2027-0101-000000.yml" in {item["file"]["path"] for item in listed}


def test_a_photo_upload_and_its_deletion_stay_in_data_media(project, port):
    photo = (REPO / "data/media/festivals/2024-art/01.jpg").read_bytes()
    upload = {"action": "persistMedia", "params": {"branch": "main", "options": {"commitMessage": "上传文件"}, "asset": {
        "path": "data/media/festivals/new.jpg", "content": base64.b64encode(photo).decode(), "encoding": "base64"}}}
    assert post(port, upload)[0] == 200
    assert (project / "data/media/festivals/new.jpg").read_bytes() == photo
    deletion = {"action": "deleteFile", "params": {"branch": "main", "path": "data/media/festivals/new.jpg",
                                                   "options": {"commitMessage": "删除文件"}}}
    assert answer(port, deletion) == (200, {"message": "deleted file data/media/festivals/new.jpg"})
    assert not (project / "data/media/festivals/new.jpg").exists()


@pytest.mark.parametrize("host", ["evil.example:{port}", "127.0.0.1.nip.io:{port}", "127.0.0.1:{other}",
                                  "localhost.evil.example:{port}", "127.0.0.1", "[::1]:{port}", ""])
def test_a_forged_host_is_refused_and_nothing_is_written(project, port, host):
    before = snapshot(project)
    status, headers, body = post(port, entry("data/fees/forged.yml"), host=host.format(port=port, other=port + 1))
    assert (status, body) == (403, HOST_REFUSED)
    assert "access-control-allow-origin" not in headers
    assert snapshot(project) == before


def test_a_request_without_host_is_refused(project, port):
    before = snapshot(project)
    status, _, _ = request(port, "POST", json.dumps(entry("data/fees/forged.yml")).encode(),
                           {"Content-Type": "application/json"})
    assert status == 400  # Node's own HTTP/1.1 parser (requireHostHeader) answers before the guard
    raw = json.dumps(entry("data/fees/forged.yml")).encode()
    with socket.create_connection(("127.0.0.1", port)) as connection:  # HTTP/1.0 may omit Host
        connection.sendall(b"POST /api/v1 HTTP/1.0\r\nContent-Type: application/json\r\n"
                           + f"Content-Length: {len(raw)}\r\n\r\n".encode() + raw)
        reply = b"".join(iter(lambda: connection.recv(65536), b""))
    assert reply.startswith(b"HTTP/1.1 403 Forbidden\r\n")
    assert json.loads(reply.partition(b"\r\n\r\n")[2]) == HOST_REFUSED
    assert snapshot(project) == before


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:8001", "https://127.0.0.1:8000",
                                    "http://127.0.0.1:8000.evil.example", "http://127.0.0.1:8000/"])
def test_a_forged_origin_is_refused_and_nothing_is_written(project, port, origin):
    before = snapshot(project)
    status, headers, body = post(port, entry("data/fees/forged.yml"), origin=origin)
    assert (status, body) == (403, ORIGIN_REFUSED)
    assert "access-control-allow-origin" not in headers
    assert snapshot(project) == before


def test_preflight_answers_the_preview_only(port):
    asked = {"Host": f"127.0.0.1:{port}", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type"}
    status, headers, body = request(port, "OPTIONS", None, {**asked, "Origin": PREVIEW})
    assert (status, body) == (204, b"")
    assert {name: headers[name] for name in ("access-control-allow-origin", "access-control-allow-methods",
                                             "access-control-allow-headers", "vary")} == {
        "access-control-allow-origin": PREVIEW, "access-control-allow-methods": "POST",
        "access-control-allow-headers": "Content-Type", "vary": "Origin"}
    assert "access-control-allow-private-network" not in headers  # no public page may reach this computer
    status, headers, _ = request(port, "OPTIONS", None, {**asked, "Origin": "http://evil.example"})
    assert status == 403 and "access-control-allow-origin" not in headers


ESCAPES = ["../outside.yml", ".git/hooks/pre-commit", "scripts/x.py", ".github/workflows/x.yml", "data/../.git/config",
           "data/fees/../../.git/hooks/pre-push", "data/media/../../scripts/keep.py", "/etc/schoolpub-x",
           "{project}/.git/hooks/post-checkout", "data\\fees\\..\\..\\.git\\config", "data/fees/%2e%2e/%2E%2E/scripts/x.py",
           "data/fees%2f..%2f..%2fscripts/x.py", "data/fees/.hidden.yml", "DATA/fees/x.yml", "data/feesx/x.yml",
           "data/fees", "data/fees//x.yml", "data/fees/x.yml\n", "C:/x.yml", "data/fees/x.yml:stream", "data/school.yml/x",
           "data/media"]


@pytest.mark.parametrize("path", ESCAPES)
def test_an_entry_outside_the_content_folders_is_refused_and_not_written(project, port, path):
    before = snapshot(project)
    assert answer(port, entry(path.format(project=project))) == (403, PATH_REFUSED)
    assert snapshot(project) == before


def test_every_path_field_of_every_action_is_checked(project, port):
    before = snapshot(project)
    hook = {"path": ".git/hooks/pre-commit", "content": base64.b64encode(b"#!/bin/sh\nid\n").decode(),
            "encoding": "base64"}
    options = {"commitMessage": "x"}
    attempts = [
        {**entry("data/fees/ok.yml"), "params": {**entry("data/fees/ok.yml")["params"], "assets": [hook]}},
        {"action": "persistEntry", "params": {**entry("data/fees/ok.yml")["params"], "entry": None,
                                              "dataFiles": [{"slug": "x", "path": ".git/config", "raw": "x"}]}},
        {"action": "persistMedia", "params": {"branch": "main", "asset": hook, "options": options}},
        {"action": "deleteFile", "params": {"branch": "main", "path": "scripts/keep.py", "options": options}},
        {"action": "deleteFiles", "params": {"branch": "main", "paths": ["data/fees/2024-autumn.yml", "scripts/keep.py"],
                                             "options": options}},
        {"action": "getEntry", "params": {"branch": "main", "path": ".git/config"}},
        {"action": "entriesByFiles", "params": {"branch": "main", "files": [{"path": ".git/config", "label": "x"}]}},
        {"action": "entriesByFolder", "params": {"branch": "main", "folder": ".git", "extension": "", "depth": 3}},
        {"action": "getMedia", "params": {"branch": "main", "mediaFolder": "."}},
        {"action": "getMediaFile", "params": {"branch": "main", "path": "../../etc/passwd"}},
    ]
    for attempt in attempts:
        assert answer(port, attempt) == (403, PATH_REFUSED), attempt["action"]
    assert snapshot(project) == before


def test_a_rename_may_not_carry_a_folder_elsewhere(project, port):
    before = snapshot(project)
    assert answer(port, entry("data/fees/2024-autumn.yml", newPath="data/media/fees/2024-autumn.yml")) == (403, refused("改名不能把文件移到别的文件夹"))
    assert snapshot(project) == before


def test_an_action_decap_server_does_not_need_here_is_refused(port):
    assert answer(port, {"action": "publishUnpublishedEntry", "params": {"collection": "fees", "slug": "x"}}) == (
        403, refused("不支持的操作"))


def test_a_symbolic_link_in_data_is_never_followed(project, port, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    links = {"data/fees/hooks": project / ".git/hooks", "data/fees/sample.yml": project / ".git/hooks/pre-commit.sample",
             "data/media/out": outside}
    for link, target in links.items():
        os.symlink(target, project / link)
    try:
        before = snapshot(project)
        for path in ("data/fees/hooks/pre-commit", "data/fees/sample.yml", "data/media/out/x.jpg"):
            assert answer(port, entry(path, raw="#!/bin/sh\nid\n")) == (403, SYMLINK_REFUSED), path
        assert answer(port, {"action": "getEntry", "params": {"branch": "main", "path": "data/fees/sample.yml"}}) == (
            403, SYMLINK_REFUSED)
        assert snapshot(project) == before
        assert list(outside.iterdir()) == []
    finally:
        for link in links:
            (project / link).unlink()


def test_a_simple_cross_site_post_is_refused(project, port):
    """text/plain needs no preflight: a page could send it from anywhere without asking."""
    before = snapshot(project)
    assert answer(port, entry("data/fees/forged.yml"), content_type="text/plain") == (415, refused("只接受 JSON", "Unsupported Media Type"))
    assert snapshot(project) == before


TOO_LARGE = refused("一次提交的内容太大", "Payload Too Large")


def test_a_body_over_the_limit_is_refused_before_it_is_read(port):
    headers = {"Host": f"127.0.0.1:{port}", "Content-Type": "application/json"}
    status, _, body = request(port, "POST", b"{", {**headers, "Content-Length": str(local_backend.MAX_BODY_BYTES + 1)})
    assert (status, json.loads(body)) == (413, TOO_LARGE)


def test_a_streamed_body_is_cut_at_the_limit(project, tmp_path):
    """Without Content-Length (chunked) the limit holds while reading; a 1000-byte limit keeps the test small."""
    port = free_port()
    rules = {"editable": local_backend.read_editable(project), "origins": [PREVIEW], "max_body_bytes": 1000}
    server = start(project, port, tmp_path / "server.log", EDITOR_GUARD=json.dumps(rules))
    try:
        before = snapshot(project)
        body = json.dumps(entry("data/fees/forged.yml", raw="x" * 1000)).encode()
        status, _, answered = request(port, "POST", b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body), {
            "Host": f"127.0.0.1:{port}", "Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        assert (status, json.loads(answered)) == (413, TOO_LARGE)
        assert snapshot(project) == before
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_largest_attachment_staff_may_upload_still_fits(project, port):
    from schoolpub.attachments import MAX_BYTES
    document = b"%PDF-1.4\n" + os.urandom(MAX_BYTES - 9)
    upload = {"action": "persistMedia", "params": {"branch": "main", "options": {"commitMessage": "上传文件"}, "asset": {
        "path": "data/media/affairs/big.pdf", "content": base64.b64encode(document).decode(), "encoding": "base64"}}}
    assert post(port, upload)[0] == 200
    assert (project / "data/media/affairs/big.pdf").read_bytes() == document
    (project / "data/media/affairs/big.pdf").unlink()


def test_a_refusal_is_one_escaped_line_in_the_log(port, server):
    log = server[1]
    post(port, entry("data/fees/x\n::error ::y\u202e.yml"))
    post(port, entry("data/fees/13812345678/../../../.git/config"))
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[-2:] == [
        "[网页编辑器] 已拒绝（403）：路径不在网页编辑器的内容文件夹里：path=data/fees/x⟨U+000A⟩::error ::y⟨U+202E⟩.yml",
        "[网页编辑器] 已拒绝（403）：路径不在网页编辑器的内容文件夹里：path=data/fees/〔号码已隐去〕/../../../.git/config"]


@pytest.mark.parametrize("override, message", [
    ({"EDITOR_GUARD": ""}, "EDITOR_GUARD is missing or not JSON (start it through scripts/edit.py)"),
    ({"BIND_HOST": "0.0.0.0"}, "BIND_HOST must be 127.0.0.1 (this computer only), not 0.0.0.0"),
    ({"EDITOR_GUARD": json.dumps({"editable": {"folders": [], "files": []}, "origins": [PREVIEW],
                                  "max_body_bytes": 1})}, "EDITOR_GUARD names no editable folder"),
])
def test_the_guard_does_not_start_without_its_rules(project, override, message):
    command, env = local_backend.command(project, free_port(), [PREVIEW])
    result = subprocess.run(command, env={**env, **override}, capture_output=True, text=True, timeout=30)
    assert (result.returncode, result.stderr) == (2, f"[网页编辑器] 无法启动：{message}\n")
