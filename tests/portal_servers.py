"""Real HTTP servers on 127.0.0.1 that behave like schools' sites, good and bad, for the portal tests.

One ThreadingHTTPServer, several roots: /<school>/… is answered by that school's behaviour.
"""
from __future__ import annotations

import hashlib
import socket
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

HUGE_BYTES = 200 * 1024 * 1024


@dataclass
class Served:
    """What the servers saw: requests per school, bytes the huge body managed to send."""
    requests: dict[str, list[str]] = field(default_factory=dict)  # school → request lines with conditional headers
    huge_sent: int = 0
    active: int = 0
    most_active: int = 0


Behaviour = Callable[["_Handler", str], None]


def files(table: dict[str, bytes], content_type: str = "application/json") -> Behaviour:
    """Serve `table` (site path → bytes) with an ETag; 304 to a matching If-None-Match."""
    def answer(handler: _Handler, path: str) -> None:
        body = table.get(path)
        if body is None:
            return handler.send(404, "text/plain", b"not found")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            return handler.send(304, None, b"", etag=etag)
        handler.send(200, content_type, body, etag=etag)
    return answer


def switchable(good: Behaviour, bad: Behaviour) -> tuple[Behaviour, Callable[[], None]]:
    """good until break_it() is called, bad afterwards."""
    broken = threading.Event()
    return (lambda handler, path: (bad if broken.is_set() else good)(handler, path)), broken.set


def hangs(release: threading.Event, seconds: float = 30) -> Behaviour:
    def answer(handler: _Handler, path: str) -> None:
        release.wait(seconds)  # never answers within the portal's timeout
    return answer


def status(code: int) -> Behaviour:
    return lambda handler, path: handler.send(code, "text/plain", b"error")


def huge(served: Served, declare_length: bool) -> Behaviour:
    """A 200 MB JSON-typed body made lazily, 64 KB at a time; counts what it could send."""
    chunk = b" " * 65536

    def answer(handler: _Handler, path: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        if declare_length:
            handler.send_header("Content-Length", str(HUGE_BYTES))
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(HUGE_BYTES // len(chunk)):
                handler.wfile.write(chunk)
                served.huge_sent += len(chunk)
        except OSError:  # the portal hung up: what it should do
            pass
        handler.close_connection = True
    return answer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict[str, Behaviour] = {}
    served: Served

    def do_GET(self) -> None:
        school, _, rest = self.path.lstrip("/").partition("/")
        self.served.requests.setdefault(school, []).append(
            f"{rest} {self.headers.get('If-None-Match') or '-'}")
        behaviour = self.routes.get(school)
        if behaviour is None:
            return self.send(404, "text/plain", b"no such school")
        behaviour(self, rest)

    def send(self, code: int, content_type: str | None, body: bytes, etag: str | None = None) -> None:
        self.send_response(code)
        if content_type:
            self.send_header("Content-Type", content_type)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default 5 drops connections when the portal's workers all connect at once


class Schools:
    """`with Schools({"good": files(...), …}) as servers:` → servers.url("good")."""

    def __init__(self, routes: dict[str, Behaviour]):
        self.served = Served()
        handler = type("Handler", (_Handler,), {"routes": routes, "served": self.served})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, school: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{school}/"

    def __enter__(self) -> "Schools":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port nothing listens on: bound, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], seconds: float = 5) -> None:
    ends = time.monotonic() + seconds
    while not condition() and time.monotonic() < ends:
        time.sleep(0.01)


def override(base: Behaviour, path: str, behaviour: Behaviour) -> Behaviour:
    """`base` for every path but `path`."""
    return lambda handler, asked: (behaviour if asked == path else base)(handler, asked)


def body(content_type: str, content: bytes) -> Behaviour:
    return lambda handler, path: handler.send(200, content_type, content)


def trickle(release: threading.Event, every: float = 0.3) -> Behaviour:
    """Headers, then one byte every `every` seconds: each read is quick, the whole never ends."""
    def answer(handler: _Handler, path: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        try:
            while not release.wait(every):
                handler.wfile.write(b" ")
                handler.wfile.flush()
        except OSError:
            pass
    return answer


def delayed(seconds: float, behaviour: Behaviour, served: Served) -> Behaviour:
    """`behaviour` after `seconds`; counts how many requests were being answered at once."""
    lock = threading.Lock()

    def answer(handler: _Handler, path: str) -> None:
        with lock:
            served.active += 1
            served.most_active = max(served.most_active, served.active)
        time.sleep(seconds)
        with lock:
            served.active -= 1
        behaviour(handler, path)
    return answer


def moved(location: str) -> Behaviour:
    def answer(handler: _Handler, path: str) -> None:
        handler.send_response(301)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
    return answer


def gzip_bomb() -> Behaviour:
    """200 MB of spaces gzip-compressed to about 200 KB, sent with Content-Encoding: gzip unasked."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = b" " * (1024 * 1024)
    packed = b"".join(packer.compress(block) for _ in range(HUGE_BYTES // len(block))) + packer.flush()

    def answer(handler: _Handler, path: str) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Encoding", "gzip")
        handler.send_header("Content-Length", str(len(packed)))
        handler.end_headers()
        try:
            handler.wfile.write(packed)
        except OSError:
            pass
    return answer
