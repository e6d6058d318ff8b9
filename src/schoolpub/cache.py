"""The on-disk cache shared by every made-once piece of a build (.cache/photos/ by default).

One keying for all of them: an entry is named by the `key` of its input (the sha256 of the
bytes it is made from) and the `fingerprint` of the pipeline that made it (its version and
everything else that changes the output: library versions, settings, its own source). A hit
is therefore always safe to reuse, and a new pipeline version simply stops finding the old
entries. One pruning: each cache describes its entry names once (`Entries`), which both
makes a name and recognises its own entries, so pruning deletes only that cache's stale
entries and never another cache's. The users: photo renditions (media.py), cleaned PDFs
(attachments.py) and workbooks (xlsx_clean.py), QR codes (views/qr.py), record pages
(views/page_cache.py), the privacy scan's clean files (scan_cache.py), the checks' remembered
passes (media_checks.py), each record file's own check results (check_cache.py) and the output
gates' facts of each generated page and its finished bytes (output/facts_cache.py).
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

KEY = r"[0-9a-f]{64}"
FINGERPRINT = r"[0-9a-f]{12}"


def key(*parts: bytes | str) -> str:
    """The input's key: sha256 of its bytes (and of whatever else the output depends on per input)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
    return digest.hexdigest()


def fingerprint(*parts: bytes | str) -> str:
    """The pipeline's fingerprint: its version and everything else that changes its output, 12 hex digits."""
    return key(*parts)[:12]


@dataclass(frozen=True)
class Entries:
    """The entries of one cache: `template` names them from {key} and {fingerprint}; any other
    {placeholder} is filled from `parts`, a regular expression of the values it may take."""

    template: str  # e.g. "{key}-qr-{fingerprint}.svg"
    parts: dict[str, str] = field(default_factory=dict)  # placeholder → its values, e.g. {"size": r"\w+"}

    def name(self, key: str, fingerprint: str, **parts: str) -> str:
        return self.template.format(key=key, fingerprint=fingerprint, **parts)

    @property
    def pattern(self) -> re.Pattern:
        wanted = {"key": KEY, "fingerprint": f"(?P<fingerprint>{FINGERPRINT})",
                  **{name: f"(?:{values})" for name, values in self.parts.items()}}
        pieces = re.split(r"\{(\w+)\}", self.template)  # literal, placeholder, literal, …
        return re.compile("".join(wanted[piece] if index % 2 else re.escape(piece)
                                  for index, piece in enumerate(pieces)))

    def prune(self, cache_dir: Path, fingerprint: str, keep: Iterable[str] | None = None) -> None:
        """Delete this cache's entries made by another pipeline (they are dead unless it comes back).

        Entries of the current fingerprint stay even when unused, so switching branches back and forth
        redoes nothing; with `keep`, only those names stay (a cache that must not outgrow the site).
        A partial file being written (`.name.pid.part`) never matches.
        """
        if not cache_dir.is_dir():
            return
        pattern, kept = self.pattern, set(keep) if keep is not None else None
        for name in os.listdir(cache_dir):  # names, not Paths: a ten-year school's cache holds ~25,000 entries
            match = pattern.fullmatch(name)
            if match and (match["fingerprint"] != fingerprint or (kept is not None and name not in kept)):
                (cache_dir / name).unlink(missing_ok=True)


def write_checked(entry: Path, data: bytes) -> None:
    """An entry whose first line is its data's checksum: a damaged entry is never taken for a good one."""
    write_atomically(entry, key(data).encode() + b"\n" + data)


def read_checked(entry: Path) -> bytes | None:
    """The data of an entry written by write_checked, or None when it is missing or damaged."""
    try:
        checksum, _, data = entry.read_bytes().partition(b"\n")
    except OSError:
        return None
    return data if key(data).encode() == checksum else None


def write_atomically(target: Path, data: bytes) -> None:
    """Another build (mkdocs serve and make site) may read the cache meanwhile: never show a half file."""
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    os.replace(partial, target)


# -- caches of many small results in one file: one line per entry, each with its own checksum --------

def checksummed(value: bytes) -> bytes:
    """An entry's value as stored: its sha256, a space, the value (one line: no line break in it)."""
    return hashlib.sha256(value).hexdigest().encode() + b" " + value


def verified(stored: bytes) -> bytes | None:
    """The value of a stored entry, or None when it is damaged (its checksum does not match)."""
    checksum, _, value = stored.partition(b" ")
    return value if hashlib.sha256(value).hexdigest().encode() == checksum else None


def read_lines(entry: Path) -> dict[str, bytes]:
    """key → stored value of every `key checksum value` line of a file; {} when it cannot be read."""
    try:
        raw = entry.read_bytes()
    except OSError:
        return {}
    stored = {}
    for line in raw.split(b"\n"):
        name, _, rest = line.partition(b" ")
        if len(name) == 64 and rest:
            stored[name.decode("ascii", "replace")] = rest
    return stored


def write_lines(entry: Path, lines: dict[str, bytes]) -> None:
    write_atomically(entry, b"".join(name.encode() + b" " + rest + b"\n" for name, rest in lines.items()))
