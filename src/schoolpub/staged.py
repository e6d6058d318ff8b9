"""The data/ a commit is about to contain, laid out as a folder the check can read.

The pre-commit hook must check what goes into the commit, which is git's staging area (the
index), not the folder. A staff member told to delete a spreadsheet deletes it from the
folder, and the `git add` done before still has it staged: a check of the folder passes and
the spreadsheet is committed. A partial commit (a GUI's check boxes, `git add -p`) stages
one version and leaves another in the folder. So the index's data/ is laid out in a
temporary folder: files the folder holds unchanged are hard-linked (no copy of the photos),
the others written from git's objects, symbolic links made as links (refused as in the
folder). `git commit -a` and `git commit <paths>` hand the hook a temporary index in
GIT_INDEX_FILE, which every git command here reads.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SYMLINK, SUBMODULE = "120000", "160000"


class NotARepository(Exception):
    pass


@dataclass(frozen=True)
class Snapshot:
    project: Path  # a folder whose data/ is the staged data/
    unstaged: list[str]  # paths under data/ whose folder version differs from the staged one (or is deleted)


@contextlib.contextmanager
def staged_data(root: Path) -> Iterator[Snapshot]:
    try:
        git_dir = Path(_git(root, "rev-parse", "--absolute-git-dir").decode().strip())
    except (OSError, subprocess.CalledProcessError):
        raise NotARepository from None
    # Inside .git: the same file system as the work tree, so hard links work, and never committed.
    with tempfile.TemporaryDirectory(prefix="schoolpub-staged-", dir=git_dir) as folder:
        project = Path(folder)
        unstaged = _lay_out(root, project)
        (project / "data").mkdir(exist_ok=True)  # nothing staged: the check says what is missing
        yield Snapshot(project, unstaged)


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True).stdout


def _lay_out(root: Path, project: Path) -> list[str]:
    changed = {_path(raw) for raw in _git(root, "diff", "--name-only", "--no-renames", "-z", "--", "data").split(b"\0")
               if raw}
    from_git: list[tuple[str, str, str]] = []
    for mode, blob, path in _index(root):
        target = project / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == SYMLINK or path in changed:
            from_git.append((mode, blob, path))
        elif mode != SUBMODULE:
            try:
                os.link(root / path, target)
            except OSError:
                shutil.copyfile(root / path, target)
    for (mode, _, path), content in zip(from_git, _blobs(root, [blob for _, blob, _ in from_git])):
        if mode == SYMLINK:
            os.symlink(os.fsdecode(content), project / path)
        else:
            (project / path).write_bytes(content)
    return sorted(changed)


def _index(root: Path) -> Iterator[tuple[str, str, str]]:
    """(mode, blob, path) of every staged file under data/; conflicted entries are left to git,
    which refuses such a commit by itself."""
    for entry in _git(root, "ls-files", "--stage", "-z", "--", "data").split(b"\0"):
        if entry:
            info, _, raw_path = entry.partition(b"\t")
            mode, blob, stage = info.decode().split()
            if stage == "0":
                yield mode, blob, _path(raw_path)


def _path(raw: bytes) -> str:
    return os.fsdecode(raw)


def _blobs(root: Path, blobs: list[str]) -> list[bytes]:
    """The contents of several objects in one git process."""
    if not blobs:
        return []
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{blob}\n" for blob in blobs).encode())
    contents, offset = [], 0
    for _ in blobs:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        contents.append(output[header_end + 1:header_end + 1 + size])
        offset = header_end + 1 + size + 1  # the content is followed by a newline
    return contents
