"""MkDocs hook (wiring): the live preview (`make serve`, `make edit`) answers only to its own address.

The preview listens on 127.0.0.1, but a page on any site the staff member visits can still
reach it by DNS rebinding: its host name is made to resolve to 127.0.0.1, so the browser
treats the preview as that site and lets its script read the pages, data saved but not yet
committed included. Such a request names the other site in its `Host` header; the preview's
own pages name 127.0.0.1 or localhost with the preview's port. Anything else gets 403.
(The editor's backend has its own guard: tools/decap/guard.js.)
"""
from __future__ import annotations

from mkdocs.plugins import get_plugin_logger

from schoolpub.echo import log_line

log = get_plugin_logger("schoolpub")
REFUSAL = "预览只接受本机地址（127.0.0.1 或 localhost）的访问。".encode("utf-8")


def own_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def on_serve(server, config, builder):
    allowed = own_hosts(server.server_address[1])
    serve = server.get_app()

    def guarded(environ, start_response):
        host = environ.get("HTTP_HOST", "")
        if host.lower() not in allowed:
            log.warning(log_line(f"预览拒绝了一个请求：Host 是“{host or '（没有）'}”，不是本机地址。"))
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8"),
                                             ("Content-Length", str(len(REFUSAL)))])
            return [REFUSAL]
        return serve(environ, start_response)

    server.set_app(guarded)
    return server
