"""The HTTP headers each published file is served with: one policy for the bucket (set on
upload) and for deploy/nginx.conf (tests/test_publish_nginx.py asserts nginx sends the same).

- Content-Type from an explicit table, not Python's `mimetypes` (which reads the build
  machine's /etc/mime.types): text types carry `charset=utf-8`, since the pages are Chinese
  and a phone that guesses GBK shows mojibake.
- Cache-Control: files whose name carries a hash of their content (Material's bundles, Decap's
  wasm) are cached for a year: a new version gets a new name. Photos, attachments and fonts
  for an hour: they are named after the staff's originals, so a replaced or withdrawn photo
  keeps its name. Everything else (pages, feeds, calendars, data files, the project's own
  stylesheet and scripts) is revalidated on every visit (`no-cache`, a cheap 304 when
  unchanged): a fee notice moves to the archive at midnight, and a cached old page would ask
  for stylesheets a new release no longer has.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

UTF8 = "; charset=utf-8"
TEXT_TYPES = {
    "html": "text/html", "htm": "text/html", "css": "text/css", "js": "text/javascript", "mjs": "text/javascript",
    "json": "application/json", "map": "application/json", "webmanifest": "application/manifest+json",
    "xml": "application/xml", "atom": "application/atom+xml", "rss": "application/rss+xml",
    "ics": "text/calendar", "csv": "text/csv", "txt": "text/plain", "md": "text/markdown",
    "yml": "text/yaml", "yaml": "text/yaml", "svg": "image/svg+xml",
}
BINARY_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
    "avif": "image/avif", "ico": "image/x-icon", "pdf": "application/pdf", "woff2": "font/woff2",
    "woff": "font/woff", "ttf": "font/ttf", "wasm": "application/wasm", "gz": "application/gzip",
    "zip": "application/zip", "mp4": "video/mp4", "mp3": "audio/mpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel", "doc": "application/msword",
}
UNKNOWN_TYPE = "application/octet-stream"

REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
MEDIA = "public, max-age=3600"
MEDIA_SUFFIXES = (set(BINARY_TYPES) - {"gz"}) | {"svg"}  # sitemap.xml.gz changes with every page
# Content-hashed names appear only where the theme and the editor bundle put them; under media/
# a staff photo may well be called 20240501.jpg.
HASHED_FOLDERS = ("assets/", "admin/decap-cms/")
# A name part of 8+ hex digits with at least one letter and one digit (a date is not a hash).
HASHED_NAME = re.compile(r"(?:^|\.)(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}\.")


def suffix(path: str) -> str:
    return PurePosixPath(path).suffix.lower().lstrip(".")


def content_type(path: str) -> str:
    """`path` is the file's path in the site, e.g. `assets/stylesheets/main.57a0d79d.min.css`."""
    kind = suffix(path)
    if kind in TEXT_TYPES:
        return TEXT_TYPES[kind] + UTF8
    return BINARY_TYPES.get(kind, UNKNOWN_TYPE)


def is_content_hashed(path: str) -> bool:
    return path.startswith(HASHED_FOLDERS) and bool(HASHED_NAME.search(PurePosixPath(path).name))


def cache_control(path: str) -> str:
    if is_content_hashed(path):
        return IMMUTABLE
    return MEDIA if suffix(path) in MEDIA_SUFFIXES else REVALIDATE
