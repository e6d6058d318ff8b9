"""The browser editor's local backend (`make edit`): decap-server behind a guard.

decap-server on its own answers whatever page reaches it, and writes anywhere in the
checkout (`.git/hooks/` included). tools/decap/guarded-server.js runs decap-server's own
middleware behind a guard in the same process; this module tells the guard what it
may let through: the folders and files the editor config names, the preview's origins,
and how big a request may be.
"""
from __future__ import annotations

import json
import os
import posixpath
from pathlib import Path

import yaml

from ..attachments import MAX_BYTES as LARGEST_ATTACHMENT
from .bundle import CHECKOUT
from .config import CONFIG_PATH

GUARDED_SERVER = CHECKOUT / "tools/decap/guarded-server.js"
HOST = "127.0.0.1"
# The largest file staff may upload (a PDF attachment) travels base64-encoded (4/3) inside
# JSON; 1 MiB more for the record itself. Anything larger is refused before it is read.
MAX_BODY_BYTES = LARGEST_ATTACHMENT * 4 // 3 + 1024 * 1024


def editable(config: dict) -> dict[str, list[str]]:
    """The folders (entries and media) and single files the editor config lets staff edit,
    as paths relative to the project: what the guard lets a request name."""
    folders = {_from_root(config["media_folder"])}
    files = set()
    for collection in config["collections"]:
        if "folder" in collection:
            folder = _from_root(collection["folder"])
            folders.add(folder)
            folders |= _media_folders(collection, folder)
        for file in collection.get("files", []):
            files.add(_from_root(file["file"]))
            folders |= _media_folders(file, posixpath.dirname(_from_root(file["file"])))
    return {"folders": sorted(folders), "files": sorted(files)}


def _media_folders(item: dict, entry_folder: str) -> set[str]:
    """Media folders of a collection, a file or any of their fields: with a leading `/`
    relative to the project, else (Decap's rule) relative to the entry's folder."""
    found = set()
    if "media_folder" in item:
        folder = item["media_folder"]
        found.add(_from_root(folder) if folder.startswith("/") else posixpath.normpath(posixpath.join(entry_folder, folder)))
    for field in item.get("fields", []):
        found |= _media_folders(field, entry_folder)
    return found


def _from_root(path: str) -> str:
    return posixpath.normpath(path.strip("/"))


def read_editable(root: Path) -> dict[str, list[str]]:
    return editable(yaml.safe_load((root / CONFIG_PATH).read_text(encoding="utf-8")))


def command(root: Path, port: int, origins: list[str], mode: str = "fs") -> tuple[list[str], dict[str, str]]:
    """The guarded decap-server for the project at `root` on HOST:port, answering pages of
    `origins` only (the preview's). MODE=fs writes the files directly (`make edit`);
    MODE=git commits each save on a branch (the tests of the draft workflow)."""
    guard = {"editable": read_editable(root), "origins": origins, "max_body_bytes": MAX_BODY_BYTES}
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(root), "PORT": str(port), "BIND_HOST": HOST, "MODE": mode,
           "EDITOR_GUARD": json.dumps(guard)}
    return ["node", str(GUARDED_SERVER)], env
