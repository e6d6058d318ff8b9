"""The portal reads schools' open data from real HTTP servers on 127.0.0.1, good and bad:
each bad school gets its exact Chinese reason, the others are read all the same, and a school
that breaks after a good read is shown from its last good copy (stale, with that copy's date)."""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import ssl
import threading
import time
import tracemalloc
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import REPO
from portal_servers import (Schools, body, closed_port, delayed, files, gzip_bomb, hangs, huge, moved, override,
                            status, switchable, trickle)
from schoolpub.portal.config import load_config
from schoolpub.portal.sample import open_data_files
from schoolpub.portal.sources import read_schools

SCHOOL = "data/v1/school.json"
FEES = "data/v2/fees.json"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def demo() -> dict[str, bytes]:
    return open_data_files(REPO / "data", "https://syxx.example.edu.cn/", TODAY)


def edited(demo: dict[str, bytes], path: str, change) -> dict[str, bytes]:
    data = json.loads(demo[path])
    change(data)
    return {**demo, path: json.dumps(data, ensure_ascii=False).encode("utf-8")}


def portal(tmp_path: Path, sites: dict[str, str], local: dict[str, str] | None = None, **limits: int):
    """portal.yml for these schools (id → site address), loaded."""
    lines = ["district: 示例区教育局", "schools:"]
    for school_id, site in sites.items():
        lines += [f"  - id: {school_id}", f"    name: 学校{school_id}", f"    site: {site}"]
        if local and school_id in local:
            lines.append(f"    path: {local[school_id]}")
    limits = {"connect_timeout": 1, "read_timeout": 1, "deadline": 4, "max_kb": 1024, "retries": 0, **limits}
    lines += ["limits:", *[f"  {key}: {value}" for key, value in limits.items()]]
    (tmp_path / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_config(tmp_path / "portal.yml")
    assert not loaded.problems, loaded.problems.report(False)
    return loaded


def read(loaded, tmp_path: Path) -> dict:
    return {snapshot.school.id: snapshot for snapshot in read_schools(loaded, tmp_path / "cache")}


def test_a_good_school_is_read_whole_and_its_copy_kept(tmp_path, demo):
    with Schools({"good": files(demo)}) as servers:
        before = dt.datetime.now(dt.timezone.utc)
        snapshot = read(portal(tmp_path, {"good": servers.url("good")}), tmp_path)["good"]
    assert (snapshot.status, snapshot.reason, snapshot.from_cache) == ("ok", None, False)
    assert snapshot.data == {"school": json.loads(demo[SCHOOL]), "fees": json.loads(demo[FEES])}
    assert snapshot.data_date == json.loads(demo[FEES])["last_changed"]
    assert before <= snapshot.fetched_at <= dt.datetime.now(dt.timezone.utc)
    assert (tmp_path / "cache/good/fees.json").read_bytes() == demo[FEES]
    assert (tmp_path / "cache/good/school.json").read_bytes() == demo[SCHOOL]


def test_an_unchanged_school_answers_304_and_is_not_downloaded_again(tmp_path, demo):
    with Schools({"good": files(demo)}) as servers:
        loaded = portal(tmp_path, {"good": servers.url("good")})
        first = read(loaded, tmp_path)["good"]
        second = read(loaded, tmp_path)["good"]
        asked = servers.served.requests["good"]
    assert (second.status, second.from_cache, second.data) == ("ok", True, first.data)
    assert second.fetched_at > first.fetched_at  # confirmed current just now
    assert [line.split()[1] == "-" for line in asked] == [True, True, False, False]  # the second time: If-None-Match


BAD_REASONS = {
    "down": "暂时无法读取：连不上学校网站（连接被拒绝），网站可能已关闭或地址有误。",
    "hangs": "暂时无法读取：学校网站 3 秒内没有响应（读取超时）。",
    "html": "暂时无法读取：收费公示数据（data/v2/fees.json）返回的是网页而不是数据，可能网址有误或网站出错。",
    "html-as-json": "暂时无法读取：收费公示数据（data/v2/fees.json）返回的是网页而不是数据，可能网址有误或网站出错。",
    "future": "暂时无法读取：收费公示数据（data/v2/fees.json）是第 3 版数据，本门户只能读取第 2 版，请升级门户程序。",
    "older": "暂时无法读取：收费公示数据（data/v2/fees.json）是第 1 版数据，本门户读取第 2 版，请学校升级网站程序。",
    "malformed": "暂时无法读取：收费公示数据（data/v2/fees.json）内容损坏，不是有效的 JSON（第 2 行第 15 列）。",
    "not-utf8": "暂时无法读取：收费公示数据（data/v2/fees.json）不是 UTF-8 编码的文本，内容损坏或不是数据文件。",
    "wrong-type": "暂时无法读取：学校信息（data/v1/school.json）不是数据文件（Content-Type: application/octet-stream）。",
    "amount-a-number": "暂时无法读取：收费公示数据（data/v2/fees.json）的内容不符合开放数据格式"
                       "（records[0].items[1].amount：应为文字）。",
    "script-link": "暂时无法读取：收费公示数据（data/v2/fees.json）里有不安全的链接（records[0].url），门户不转载。",
    "script-attachment": "暂时无法读取：收费公示数据（data/v2/fees.json）里有不安全的链接"
                         "（records[2].attachments[0].url），门户不转载。",
    "script-logo": "暂时无法读取：学校信息（data/v1/school.json）的内容不符合开放数据格式（school.logo：不是 http(s) 网址）。",
    "count-off": "暂时无法读取：收费公示数据（data/v2/fees.json）的内容不完整（写明 7 条公示，实际只有 6 条）。",
    "missing": "暂时无法读取：学校网站上找不到收费公示数据（data/v2/fees.json），服务器答复 404，可能还没有发布开放数据，或网址有误。",
    "mobile": "暂时无法读取：收费公示数据（data/v2/fees.json）里有疑似手机号（records[0].items[2].note），"
              "门户不转载个人信息，请学校删除后重新发布。",
    "id-number": "暂时无法读取：收费公示数据（data/v2/fees.json）里有疑似身份证号（records[1].refund），"
                 "门户不转载个人信息，请学校删除后重新发布。",
    "moved": "暂时无法读取：学校网站把学校信息（data/v1/school.json）转到了别的地址（301，https://elsewhere.example.edu.cn/），"
             "请核对门户配置里的学校网址。",
    "deep": "暂时无法读取：收费公示数据（data/v2/fees.json）内容损坏，不是有效的 JSON。",
    "nested": "暂时无法读取：收费公示数据（data/v2/fees.json）的内容不符合开放数据格式（嵌套层数过多）。",
    "forbidden": "暂时无法读取：学校网站拒绝提供学校信息（data/v1/school.json）（HTTP 403）。",
}


def test_every_bad_school_gets_its_reason_and_the_good_one_is_read_all_the_same(tmp_path, demo):
    release = threading.Event()
    fees_replaced = lambda behaviour: override(files(demo), FEES, behaviour)  # noqa: E731
    routes = {
        "good": files(demo),
        "hangs": hangs(release),
        "html": fees_replaced(body("text/html; charset=utf-8", "<!doctype html><title>首页</title>".encode())),
        "html-as-json": fees_replaced(body("application/json", b"\n  <html><body>502</body></html>")),
        "future": files(edited(demo, FEES, lambda data: data.update(schema_version=3))),
        "older": files(edited(demo, FEES, lambda data: data.update(schema_version=1))),
        "malformed": fees_replaced(body("application/json", b'{"schema_version": 2,\n  "records": [}')),
        "not-utf8": fees_replaced(body("application/json", '{"school": "示例"}'.encode("gbk"))),
        "wrong-type": files(demo, "application/octet-stream"),
        "amount-a-number": files(edited(demo, FEES, lambda data: data["records"][0]["items"][1].update(amount=300))),
        "script-link": files(edited(demo, FEES, lambda data: data["records"][0].update(url="javascript:alert(1)"))),
        "script-attachment": files(edited(demo, FEES, lambda data: data["records"][2].update(
            attachments=[{"title": "收费文件", "url": "java\tscript:alert(1)"}]))),
        "script-logo": files(edited(demo, SCHOOL, lambda data: data["school"].update(logo="data:text/html,<script>"))),
        "count-off": files(edited(demo, FEES, lambda data: data.update(count=7))),
        "missing": files({SCHOOL: demo[SCHOOL]}),
        "forbidden": status(403),
        "deep": fees_replaced(body("application/json", b'{"schema_version": 2, "x": ' + b"[" * 100000)),
        "nested": fees_replaced(body("application/json",
                                     b'{"schema_version": 2, "x": ' + b"[" * 30 + b"]" * 30 + b"}")),
        "moved": moved("https://elsewhere.example.edu.cn/"),
        "mobile": files(edited(demo, FEES, lambda data: data["records"][0]["items"][2].update(
            note="有问题请联系王老师 139 1234 5678"))),
        "id-number": files(edited(demo, FEES, lambda data: data["records"][1].update(
            refund="退费联系人身份证 11010519491231002X"))),
    }
    with Schools(routes) as servers:
        sites = {name: servers.url(name) for name in routes}
        sites["down"] = f"http://127.0.0.1:{closed_port()}/"
        snapshots = read(portal(tmp_path, sites, read_timeout=3, deadline=8), tmp_path)  # generous: a busy machine
        release.set()
    assert snapshots["good"].status == "ok"
    reasons = {name: (s.status, s.reason, s.data, s.fetched_at) for name, s in snapshots.items() if name != "good"}
    assert reasons == {name: ("unavailable", reason, None, None) for name, reason in BAD_REASONS.items()}
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == ["good"]  # no bad copy kept


def test_a_school_with_a_certificate_nobody_vouches_for_is_refused(tmp_path, demo):
    """HTTPS with a self-signed certificate (made by cryptography, as a misconfigured school's would be)."""
    certificate, key = self_signed(tmp_path)
    with Schools({"self-signed": files(demo)}) as servers:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate, key)
        servers.server.socket = context.wrap_socket(servers.server.socket, server_side=True)
        site = servers.url("self-signed").replace("http://", "https://")
        snapshot = read(portal(tmp_path, {"tls": site}), tmp_path)["tls"]
    assert (snapshot.status, snapshot.reason) == ("unavailable", "暂时无法读取：学校网站的安全证书（HTTPS）无效或已过期。")


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .sign(key, hashes.SHA256()))
    (folder / "cert.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


def test_a_transient_error_is_retried_with_backoff_then_given_up(tmp_path, demo):
    with Schools({"busy": status(503)}) as servers:
        started = time.monotonic()
        snapshot = read(portal(tmp_path, {"busy": servers.url("busy")}, retries=2, deadline=10), tmp_path)["busy"]
        took = time.monotonic() - started
        asked = servers.served.requests["busy"]
    assert (snapshot.status, snapshot.reason) == ("unavailable", "暂时无法读取：学校网站暂时出错（HTTP 503）。")
    assert asked == [f"{SCHOOL} -"] * 3  # the first try and two retries
    assert 1.5 <= took < 6  # waited 0.5 s, then 1 s (the upper bound: a busy machine)


def test_a_body_that_never_ends_is_stopped_at_the_deadline(tmp_path, demo):
    release = threading.Event()
    with Schools({"slow": override(files(demo), FEES, trickle(release))}) as servers:
        started = time.monotonic()
        snapshot = read(portal(tmp_path, {"slow": servers.url("slow")}, deadline=2), tmp_path)["slow"]
        took = time.monotonic() - started
        release.set()
    assert (snapshot.status, snapshot.reason) == (
        "unavailable", "暂时无法读取：超过每所学校的总时限（2 秒），学校网站响应太慢。")
    assert 2 <= took < 5  # not the 30 s the whole body would take


@pytest.mark.parametrize("declared", [False, True], ids=["streamed", "declared"])
def test_a_200_mb_body_is_cut_off_at_the_limit_without_reading_it(tmp_path, demo, declared):
    with Schools({}) as servers:
        servers.server.RequestHandlerClass.routes["huge"] = override(files(demo), FEES, huge(servers.served, declared))
        loaded = portal(tmp_path, {"huge": servers.url("huge")})
        tracemalloc.start()
        started = time.monotonic()
        snapshot = read(loaded, tmp_path)["huge"]
        took = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        time.sleep(0.2)  # the server notices the hang-up
        sent = servers.served.huge_sent
    assert (snapshot.status, snapshot.reason) == (
        "unavailable", "暂时无法读取：收费公示数据（data/v2/fees.json）超过大小上限（1024 KB），已停止下载。")
    assert peak < 8 * 1024 * 1024  # the 1 MB limit and some buffers, not 200 MB
    assert sent < 40 * 1024 * 1024  # what the socket buffers took before the portal hung up
    assert took < 10  # a busy machine; 200 MB would not fit in the memory bound anyway
    if declared:  # refused on its Content-Length before one byte of the body is read
        assert sent < 8 * 1024 * 1024


def test_a_compressed_200_mb_body_is_cut_off_while_decompressing(tmp_path, demo):
    with Schools({"bomb": override(files(demo), FEES, gzip_bomb())}) as servers:
        loaded = portal(tmp_path, {"bomb": servers.url("bomb")})
        tracemalloc.start()
        snapshot = read(loaded, tmp_path)["bomb"]
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert (snapshot.status, snapshot.reason) == (
        "unavailable", "暂时无法读取：收费公示数据（data/v2/fees.json）超过大小上限（1024 KB），已停止下载。")
    assert peak < 8 * 1024 * 1024


def test_a_hostile_school_stays_plain_bounded_text(tmp_path, demo):
    def hostile(data):
        notice = data["records"][0]
        notice["title"] = "<script>alert('收费')</script>\u202e\x00"
        notice["items"][0]["note"] = "<img src=x onerror=alert(1)>" + "长" * 5000
        data["school"] = "<b>示例</b>"
    with Schools({"hostile": files(edited(demo, FEES, hostile))}) as servers:
        snapshot = read(portal(tmp_path, {"hostile": servers.url("hostile")}), tmp_path)["hostile"]
    assert snapshot.status == "ok"
    notice = snapshot.data["fees"]["records"][0]
    assert notice["title"] == "<script>alert('收费')</script>"  # text, as written; the pages escape it
    note = notice["items"][0]["note"]
    assert (len(note), note[:28], note[-2:]) == (2000, "<img src=x onerror=alert(1)>", "长…")
    assert snapshot.data["fees"]["school"] == "<b>示例</b>"


def test_a_school_that_breaks_is_shown_from_its_last_good_copy(tmp_path, demo):
    site, break_it = switchable(files(demo), override(files(demo), FEES, body("text/html", b"<html>")))
    with Schools({"flaky": site}) as servers:
        loaded = portal(tmp_path, {"flaky": servers.url("flaky")})
        good = read(loaded, tmp_path)["flaky"]
        break_it()
        stale = read(loaded, tmp_path)["flaky"]
    assert good.status == "ok"
    assert (stale.status, stale.reason, stale.from_cache) == (
        "stale", "暂时无法读取：收费公示数据（data/v2/fees.json）返回的是网页而不是数据，可能网址有误或网站出错。", True)
    assert (stale.fetched_at, stale.data_date, stale.data) == (good.fetched_at, good.data_date, good.data)
    assert (tmp_path / "cache/flaky/fees.json").read_bytes() == demo[FEES]  # the good copy was not replaced


def test_a_school_down_with_a_last_good_copy_is_stale_and_without_one_unavailable(tmp_path, demo):
    with Schools({"soon-down": files(demo)}) as servers:
        loaded = portal(tmp_path, {"soon-down": servers.url("soon-down")})
        good = read(loaded, tmp_path)["soon-down"]
    down = read(loaded, tmp_path)["soon-down"]  # the server is gone
    assert (down.status, down.reason, down.fetched_at, down.data) == (
        "stale", "暂时无法读取：连不上学校网站（连接被拒绝），网站可能已关闭或地址有误。", good.fetched_at, good.data)
    fresh = read_schools(loaded, tmp_path / "another-cache")[0]
    assert (fresh.status, fresh.data, fresh.fetched_at) == ("unavailable", None, None)


def test_a_school_that_moved_is_not_asked_with_its_old_etag(tmp_path, demo):
    with Schools({"old": files(demo), "new": files(demo)}) as servers:
        read(portal(tmp_path, {"syxx": servers.url("old")}), tmp_path)
        moved = read(portal(tmp_path, {"syxx": servers.url("new")}), tmp_path)["syxx"]
        asked = servers.served.requests["new"]
    assert (moved.status, moved.from_cache) == ("ok", False)
    assert asked == [f"{SCHOOL} -", f"{FEES} -"]  # no If-None-Match: downloaded whole


def test_a_local_build_is_read_with_the_same_checks(tmp_path, demo):
    build = tmp_path / "syxx-site"
    for path, content in edited(demo, FEES, lambda data: data.update(schema_version=9)).items():
        (build / path).parent.mkdir(parents=True, exist_ok=True)
        (build / path).write_bytes(content)
    (tmp_path / "empty").mkdir()
    loaded = portal(tmp_path, {"local": "https://local.example.edu.cn/", "empty": "https://empty.example.edu.cn/"},
                    local={"local": "syxx-site", "empty": "empty"})
    snapshots = read(loaded, tmp_path)
    assert (snapshots["local"].status, snapshots["local"].reason) == (
        "unavailable", "暂时无法读取：收费公示数据（data/v2/fees.json）是第 9 版数据，本门户只能读取第 2 版，请升级门户程序。")
    assert (snapshots["empty"].status, snapshots["empty"].reason) == (
        "unavailable", "暂时无法读取：本地目录里没有学校信息（data/v1/school.json），请先生成这所学校的网站（make site）。")
    (build / FEES).write_bytes(demo[FEES])
    assert read(loaded, tmp_path)["local"].data["fees"] == json.loads(demo[FEES])


def test_schools_are_read_concurrently_within_the_bound(tmp_path, demo):
    with Schools({}) as servers:
        for n in range(6):
            servers.server.RequestHandlerClass.routes[f"s{n}"] = delayed(0.5, files(demo), servers.served)
        loaded = portal(tmp_path, {f"s{n}": servers.url(f"s{n}") for n in range(6)}, workers=3, read_timeout=5)
        snapshots = read(loaded, tmp_path)
    assert [snapshot.status for snapshot in snapshots.values()] == ["ok"] * 6
    assert servers.served.most_active == 3  # three schools at a time, never more
