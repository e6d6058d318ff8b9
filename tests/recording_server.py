"""A real HTTP server on 127.0.0.1 that answers from a table and remembers every request:
stands in for a package index, an npm registry or a git server in the mirror tests."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class Recorder:
    """`routes`: exact path (without the query) → (content type, body) or a file on disk."""
    routes: dict[str, tuple[str, bytes] | Path] = field(default_factory=dict)
    files: Path | None = None  # else: the file at that path under this folder (a "dumb" git server)
    required_header: tuple[str, str] | None = None  # answered 401 without it
    requests: list[Request] = field(default_factory=list)
    url: str = ""

    def paths(self) -> list[str]:
        return [request.path for request in self.requests]


def _handler(recorder: Recorder) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            recorder.requests.append(Request(self.path, {k.lower(): v for k, v in self.headers.items()}))
            if recorder.required_header:
                name, value = recorder.required_header
                if self.headers.get(name) != value:
                    self._answer(401, "text/plain", b"unauthorized")
                    return
            path = self.path.split("?", 1)[0]
            route = recorder.routes.get(path)
            if route is None and recorder.files is not None and (recorder.files / path.lstrip("/")).is_file():
                route = recorder.files / path.lstrip("/")
            if route is None:
                self._answer(404, "text/plain", b"not found")
            elif isinstance(route, Path):
                self._answer(200, "application/octet-stream", route.read_bytes())
            else:
                self._answer(200, *route)

        def _answer(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:  # the test asserts on `requests`, not on stderr
            pass

    return Handler


class serving:
    """`with serving(recorder) as recorder:` — started on a free port, stopped on exit."""

    def __init__(self, recorder: Recorder):
        self.recorder = recorder
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorder))

    def __enter__(self) -> Recorder:
        self.recorder.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.recorder

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
