"""Reading data/'s history out of git: every version of every record file, renames followed.

One `git log` over data/ (oldest first, merges compared with their first parent: the
history of what was published) gives each commit's changed files with their blob ids
and renames; the versions' bytes are read on demand through one `git cat-file --batch`.
A file keeps its history across a rename or a move (`R` entries continue the same
chain, as `git log --follow` does for one file); a file deleted and added again starts
over. Merge commits brought in from side branches count once, at the merge.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .content import RECORD_TYPES

_RECORD_FOLDERS = {content_type.name for content_type in RECORD_TYPES}
_EMPTY_BLOB = "0" * 40
FETCH_TIMEOUT = 300  # seconds for `git fetch --unshallow` (a ten-year school's history is a few hundred MB)


class HistoryError(Exception):
    """History cannot be read in full; the message says why and what to do, in Chinese, for staff."""


@dataclass(frozen=True)
class Version:
    commit: str
    date: dt.date
    blob: str
    path: str  # data/fees/2026-autumn.yml, as the file was named in that commit


@dataclass
class Chain:
    """The versions of one record file, oldest first, across renames."""

    versions: list[Version] = field(default_factory=list)


def git(root: Path, *args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # never ask for a password in CI
    return subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, input=stdin,
                          capture_output=True, timeout=timeout, env=environment)


def is_repository(root: Path) -> bool:
    try:
        return git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() == b"true"
    except (OSError, subprocess.SubprocessError):  # no git installed counts as no repository
        return False


def head(root: Path) -> str | None:
    """The checked-out commit, or None in a repository with no commit yet."""
    result = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
    return (result.stdout.decode().strip() or None) if result.returncode == 0 else None


def ensure_full_history(root: Path) -> None:
    """A shallow clone (actions/checkout's default depth 1) would date every record at the
    clone's one commit: fetch the rest, or refuse with a message that says how to fix it."""
    shallow = git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == b"true"
    if not shallow:
        return
    try:
        fetched = git(root, "fetch", "--quiet", "--unshallow", timeout=FETCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        fetched = None
    if fetched is not None and fetched.returncode == 0:
        return
    raise HistoryError(
        "这个仓库是浅克隆（只下载了最近几次提交），无法得到每条记录的首次发布日期和修改记录，"
        "而自动补全历史（git fetch --unshallow）也没有成功。"
        "请完整克隆仓库（git clone 时不要加 --depth）；在 CI 里请把 actions/checkout 的 fetch-depth 设为 0。")


def record_key(path: str) -> tuple[str, str] | None:
    """data/fees/2026-autumn.yml → ("fees", "2026-autumn"); None for anything else under data/."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != "data" or parts[1] not in _RECORD_FOLDERS or not parts[2].endswith(".yml"):
        return None
    return parts[1], parts[2][:-4]


def chains(root: Path) -> dict[str, Chain]:
    """Current path (as in HEAD) → its chain of versions. Paths are relative to `root`."""
    log = git(root, "log", "--reverse", "--first-parent", "--diff-merges=first-parent", "--raw", "--no-abbrev",
              "-M", "--relative", "--format=%x1e%H %cs", "--", "data", timeout=600)
    if log.returncode != 0:
        if head(root) is None:  # a repository with no commit yet: nothing has been published
            return {}
        raise HistoryError(f"读取 data/ 的提交历史失败（git log：{log.stderr.decode(errors='replace').strip()[:200]}）。")
    current: dict[str, Chain] = {}
    for block in log.stdout.decode("utf-8", errors="replace").split("\x1e")[1:]:
        header, _, body = block.partition("\n")
        commit, day = header.split(" ")
        date = dt.date.fromisoformat(day)
        for line in body.splitlines():
            if line.startswith(":"):
                _apply(current, commit, date, line)
    return current


def _apply(current: dict[str, Chain], commit: str, date: dt.date, line: str) -> None:
    """One `--raw` line: `:100644 100644 <old blob> <new blob> <status>\t<path>[\t<new path>]`."""
    meta, *paths = line.split("\t")
    _, _, _, blob, status = meta.split(" ")
    if status.startswith("R"):
        old, new = paths
        chain = current.pop(old, None) or Chain()
        if record_key(new) is not None:
            chain.versions.append(Version(commit, date, blob, new))
            current[new] = chain
        return
    path = paths[-1]
    if status.startswith("D"):
        current.pop(path, None)
    elif blob != _EMPTY_BLOB and record_key(path) is not None:
        chain = Chain() if status.startswith("A") else current.setdefault(path, Chain())
        chain.versions.append(Version(commit, date, blob, path))
        current[path] = chain


def read_blobs(root: Path, blobs: list[str]) -> dict[str, bytes]:
    """The bytes of many blobs in one `git cat-file --batch`."""
    if not blobs:
        return {}
    result = git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode(), timeout=600)
    if result.returncode != 0:
        raise HistoryError(f"读取 data/ 的历史版本失败（git cat-file：{result.stderr.decode(errors='replace')[:200]}）。")
    contents: dict[str, bytes] = {}
    output, position = result.stdout, 0
    for blob in blobs:
        end = output.index(b"\n", position)
        name, kind, *size = output[position:end].decode().split(" ")
        position = end + 1
        if kind != "blob":  # "missing": a partial clone without this version
            continue
        length = int(size[0])
        contents[blob] = output[position:position + length]
        position += length + 1
    return contents


def working_blobs(root: Path, paths: list[str]) -> dict[str, str]:
    """Path → the blob id its file has on disk now (uncommitted edits included)."""
    existing = [path for path in paths if (root / path).is_file()]
    if not existing:
        return {}
    result = git(root, "hash-object", "--stdin-paths", stdin="".join(f"{path}\n" for path in existing).encode())
    if result.returncode != 0:
        return {}
    return dict(zip(existing, result.stdout.decode().split()))
