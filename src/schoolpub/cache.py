"""The on-disk cache shared by the photo, PDF and spreadsheet pipelines (.cache/photos/ by default).

Entries are named by the sha256 of the original and a fingerprint of everything
that changes the output, so a hit is always safe to reuse. Each pipeline knows
its own entry pattern and prunes only those entries.
"""
from __future__ import annotations

import os
import re
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Another build (mkdocs serve and make site) may read the cache meanwhile: never show a half file."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


def prune(cache_dir: Path, entry: re.Pattern, fingerprint: str) -> None:
    """Entries made with other settings are dead (unless the settings come back): keep the cache small.

    Entries of the current settings stay even when unused, so switching branches back and forth
    redoes nothing; only files named like `entry` (a pattern with a `fingerprint` group) are deleted.
    """
    for path in cache_dir.iterdir():
        match = entry.fullmatch(path.name)
        if match and match["fingerprint"] != fingerprint:
            path.unlink(missing_ok=True)
