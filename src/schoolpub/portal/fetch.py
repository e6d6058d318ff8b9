"""One open-data file from a school's server, with every limit a stranger's server needs.

urllib3 (pinned; requests is built on it) rather than requests: its exceptions say which stage
failed (connect, read, DNS, TLS) without requests' re-wrapping, and `read1()` lets the size
limit cut a body off after max bytes instead of reading it all. No redirects are followed: a
data address that moved is a config change, said as such.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import (ConnectTimeoutError, HTTPError, NameResolutionError, NewConnectionError,
                                ProtocolError, ReadTimeoutError, SSLError)

from .shapes import OpenDataFile, Unreadable

CHUNK = 64 * 1024
BACKOFF_SECONDS = 0.5  # before retry n: 0.5, 1, 2 … seconds (never past the school's deadline)
TRANSIENT_STATUS = {429, 500, 502, 503, 504}
# text/plain: hosts that know no .json type; the JSON parser then decides
JSON_TYPES = ("application/json", "text/json", "text/plain")
USER_AGENT = "schoolpub-portal/1 (district open-data reader)"


@dataclass(frozen=True)
class FetchLimits:
    connect: float
    read: float
    deadline: float  # seconds for all of one school's files, retries included
    max_bytes: int
    retries: int


@dataclass(frozen=True)
class Validators:
    """What the last good copy was served with: a server that still has it answers 304."""
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    body: bytes | None  # None: 304, the cached copy is current
    validators: Validators


class _Transient(Unreadable):
    """Worth another try: a timeout, a dropped connection, a busy server."""


class Deadline:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()

    def check(self) -> None:
        if self.left() <= 0:
            raise Unreadable(f"暂时无法读取：超过每所学校的总时限（{self.seconds:g} 秒），学校网站响应太慢。")


def fetch(pool: urllib3.PoolManager, site: str, file: OpenDataFile, limits: FetchLimits, deadline: Deadline,
          cached: Validators | None) -> Fetched:
    """GET site + file.path with retries and backoff on transient failures; raises Unreadable."""
    url = urljoin(site, file.path)
    attempt = 0
    while True:
        deadline.check()
        try:
            return _get_once(pool, url, file, limits, deadline, cached)
        except _Transient as failure:
            deadline.check()  # a timeout cut short by the deadline is the deadline's doing: say so
            pause = BACKOFF_SECONDS * 2 ** attempt
            if attempt >= limits.retries or pause >= deadline.left():
                raise Unreadable(failure.reason) from None
            attempt += 1
            time.sleep(pause)


def _get_once(pool: urllib3.PoolManager, url: str, file: OpenDataFile, limits: FetchLimits, deadline: Deadline,
              cached: Validators | None) -> Fetched:
    left = max(deadline.left(), 0.001)
    timeout = urllib3.Timeout(connect=min(limits.connect, left), read=min(limits.read, left))
    try:
        response = pool.request("GET", url, headers=_headers(cached), preload_content=False, redirect=False,
                                retries=False, timeout=timeout)
    except HTTPError as error:
        raise _connection_failure(error, url, limits) from None
    try:
        return _read(response, file, limits, deadline, cached)
    finally:
        if response.isclosed():  # read to the end: the connection serves the school's next file
            response.release_conn()
        else:  # cut off: never drain a stranger's body to reuse its connection
            response.close()


def _headers(cached: Validators | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if cached and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified
    return headers


def _read(response: urllib3.BaseHTTPResponse, file: OpenDataFile, limits: FetchLimits, deadline: Deadline,
          cached: Validators | None) -> Fetched:
    _check_status(response, file, cached)
    if response.status == 304:
        return Fetched(None, cached or Validators())
    _check_type(response, file)
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(file, limits)  # said before one byte of the body is read
    body = bytearray()
    try:
        while chunk := response.read1(CHUNK):  # what has arrived: a trickling server still meets the deadline
            body += chunk
            if len(body) > limits.max_bytes:
                raise _too_large(file, limits)
            deadline.check()
    except ReadTimeoutError:
        raise _Transient(f"暂时无法读取：学校网站 {limits.read:g} 秒内没有继续发送{file.label}（读取超时）。") from None
    except (ProtocolError, HTTPError):
        raise _Transient(f"暂时无法读取：读取{file.label}时连接中断。") from None
    return Fetched(bytes(body), Validators(response.headers.get("ETag"), response.headers.get("Last-Modified")))


def _check_status(response: urllib3.BaseHTTPResponse, file: OpenDataFile, cached: Validators | None) -> None:
    status = response.status
    if status == 200 or (status == 304 and cached):
        return
    if status in (301, 302, 303, 307, 308):
        moved = response.headers.get("Location", "")
        raise Unreadable(f"暂时无法读取：学校网站把{file.label}转到了别的地址（{status}，{moved[:200]}），"
                         "请核对门户配置里的学校网址。")
    if status == 404:
        raise Unreadable(f"暂时无法读取：学校网站上找不到{file.label}，服务器答复 404，可能还没有发布开放数据，或网址有误。")
    if status in TRANSIENT_STATUS:
        raise _Transient(f"暂时无法读取：学校网站暂时出错（HTTP {status}）。")
    raise Unreadable(f"暂时无法读取：学校网站拒绝提供{file.label}（HTTP {status}）。")


def _check_type(response: urllib3.BaseHTTPResponse, file: OpenDataFile) -> None:
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type in JSON_TYPES or content_type.endswith("+json"):
        return
    if content_type in ("text/html", "application/xhtml+xml"):
        raise Unreadable(f"暂时无法读取：{file.label}返回的是网页而不是数据，可能网址有误或网站出错。")
    raise Unreadable(f"暂时无法读取：{file.label}不是数据文件（Content-Type: {content_type[:60] or '未注明'}）。")


def _too_large(file: OpenDataFile, limits: FetchLimits) -> Unreadable:
    return Unreadable(f"暂时无法读取：{file.label}超过大小上限（{limits.max_bytes // 1024} KB），已停止下载。")


def _connection_failure(error: HTTPError, url: str, limits: FetchLimits) -> Unreadable:
    reason = getattr(error, "reason", None) or error  # MaxRetryError (never with retries=False) wraps the cause
    host = urlsplit(url).hostname or ""
    # urllib3 2.x: NameResolutionError < NewConnectionError < ConnectTimeoutError, so the narrowest first
    if isinstance(reason, NameResolutionError):
        return _Transient(f"暂时无法读取：找不到学校网站的域名 {host[:100]}，请核对门户配置里的网址。")
    if isinstance(reason, NewConnectionError):
        refused = isinstance(reason.__cause__, ConnectionRefusedError)
        return _Transient(f"暂时无法读取：连不上学校网站{'（连接被拒绝）' if refused else ''}，网站可能已关闭或地址有误。")
    if isinstance(reason, ConnectTimeoutError):
        return _Transient(f"暂时无法读取：连接学校网站超时（{limits.connect:g} 秒）。")
    if isinstance(reason, SSLError):
        return Unreadable("暂时无法读取：学校网站的安全证书（HTTPS）无效或已过期。")
    if isinstance(reason, ReadTimeoutError):
        return _Transient(f"暂时无法读取：学校网站 {limits.read:g} 秒内没有响应（读取超时）。")
    return _Transient("暂时无法读取：与学校网站的连接中断。")
