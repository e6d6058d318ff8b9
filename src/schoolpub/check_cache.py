"""What the check found in each record file on its own, kept between checks, keyed by the file's content.

A ten-year school has a thousand record files and an edit changes a few: the work on
one file alone (file_checks.examine: YAML, the ID/mobile and pupils'-name scans, the
model, the type's own checks, the link checks) is done again only when something it
reads changed. The key holds all of it:
- the file's bytes (sha256), its name, its content type and record id;
- the school as the check read it: None, or the sha256 of data/school.yml as accepted
  (a record's own checks see nothing else of the site: file_checks.SchoolOnly);
- the code: CHECK_VERSION, every file of this package, Python's version and Unicode
  tables, and every installed distribution's name and version.
One more input is the day: a number whose birth date is after today is not an ID yet,
so a result that met such a number is kept only until that date (privacy.future_births_seen).

The value is what is needed to skip the work: the problems (file, line, column, message,
record, key, notice) and, for a record the model accepted, its YAML data, which the model
validates again (JSON, never pickle: the cache is data, not code; validating is ~0.1 ms a
record). What reads other files (photos, PDFs, other records, unreferenced files) is not
kept: the loader runs it on every check. Only a photo's pass is: a photo that passed (decoded
at 1/8 scale, ~10 ms) is remembered under its sha256, so a warm check decodes no photo.

One file per code fingerprint, `check-<fingerprint>.jsonl`, one entry per line with its own
checksum (a damaged entry is checked again), written atomically, holding only the entries
this check used; files of other fingerprints are deleted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from . import privacy
from .cache import Entries, checksummed, read_lines, verified, write_lines
from .problems import Problem

if TYPE_CHECKING:  # file_checks imports the YAML gate, Markdown and the name scan: only a fresh check needs them
    from . import yamlgate
    from .content import Record

CHECK_VERSION = 1  # bump when a remembered result would differ for a reason the fingerprint cannot see
_PACKAGE = Path(__file__).resolve().parent  # src/schoolpub
_ENTRIES = Entries("check-{fingerprint}.jsonl")  # one file per checking code: what it remembers


@dataclass
class Examined:
    """The outcome of checking one file on its own (file_checks.examine), fresh or remembered."""

    problems: list[Problem] = field(default_factory=list)
    data: Any = None  # the YAML data, when the model accepted it (a remembered result validates it again)
    validated: bool = False  # the model accepted the data
    refused: bool = False  # the record's own checks found an error: it is not published
    # Only on a fresh check (never remembered): the record and its composed YAML, for later messages.
    record: Record | None = None
    document: yamlgate.Document | None = None


@cache
def fingerprint() -> str:
    """The checking code: every file of the package (sources and the word lists they read), Python and
    its Unicode tables, and every installed distribution's name and version (the dist-info folders'
    names: reading them costs a directory listing, importlib.metadata ~20 ms)."""
    digest = hashlib.sha256(f"{CHECK_VERSION}|{sys.version}|{unicodedata.unidata_version}|".encode())
    for name in _distributions():
        digest.update(name.encode() + b"|")
    for folder, folders, files in os.walk(_PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            with open(path, "rb") as source:
                digest.update(os.path.relpath(path, _PACKAGE).encode() + b"\0" + source.read() + b"\0")
    return digest.hexdigest()[:12]


def _distributions() -> list[str]:
    """"pydantic-2.14.3.dist-info", … of every folder Python imports from (not the working folder)."""
    names = set()
    for entry in sys.path:
        if entry and os.path.isdir(entry):
            names.update(name for name in os.listdir(entry) if name.endswith((".dist-info", ".egg-info")))
    return sorted(names)


def entry_key(file: str, type_name: str, record_id: str, raw: bytes, school: str | None) -> str:
    """`school`: the sha256 of the accepted data/school.yml, or None while there is none (school.yml itself, or refused)."""
    text = json.dumps([file, type_name, record_id, hashlib.sha256(raw).hexdigest(), school])
    return hashlib.sha256(text.encode()).hexdigest()


class CheckCache:
    """The remembered results of one check; `cache_dir` None remembers nothing."""

    def __init__(self, cache_dir: Path | None, today: Callable[[], dt.date] = dt.date.today):
        self.cache_dir, self.today = cache_dir, today
        self.stored: dict[str, bytes] = {}  # key → "checksum json" as read, parsed only when asked for
        self.used: dict[str, bytes] = {}  # what this check asked for or found: the next file's entries
        self.examined: list[str] = []  # the files checked afresh, in order
        if cache_dir is not None:
            self.entry = cache_dir / f"check-{fingerprint()}.jsonl"
            self.stored = read_lines(self.entry)

    def examined_file(self, key: str, examine: Callable[[Examined], None], file: str, label: str) -> Examined:
        """The remembered result under `key`, or `examine`'s (run on an empty Examined, then remembered)."""
        line = self.stored.get(key)
        remembered = _parse(line, file, label, self.today()) if line is not None else None
        if remembered is not None:
            self.used[key] = line
            return remembered
        self.examined.append(file)
        examined = Examined()
        with privacy.future_births_seen() as future_births:
            examine(examined)  # an exception leaves nothing remembered: the loader reports it
        if self.cache_dir is not None:
            self.used[key] = _line(examined, min(future_births, default=None))
        return examined

    def passed_before(self, content: str) -> bool:
        """Whether this code passed the photo whose sha256 is `content` before (in an earlier check or this one)."""
        key = _pass_key(content)
        if self.used.get(key, self.stored.get(key)) != _PASSED:
            return False
        self.used[key] = _PASSED
        return True

    def passed(self, content: str) -> None:
        """The photo whose sha256 is `content` passed: it is not decoded again while its bytes and the code stay."""
        if self.cache_dir is not None:
            self.used[_pass_key(content)] = _PASSED

    def forget(self, key: str) -> None:
        """A remembered result the loader could not use after all (its data no longer validates)."""
        self.stored.pop(key, None)
        self.used.pop(key, None)

    def save(self) -> None:
        if self.cache_dir is None or self.used == self.stored:
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_lines(self.entry, self.used)
            _ENTRIES.prune(self.cache_dir, fingerprint())
        except OSError:  # a read-only cache costs time, never the check
            pass


# A pass is the whole value: a damaged entry is not equal to it, so it is checked again.
_PASSED = checksummed(b'{"passed":true}')


def _pass_key(content: str) -> str:
    return hashlib.sha256(f"photo|{content}".encode()).hexdigest()  # never a record's key (entry_key hashes a list)


def _line(examined: Examined, until: dt.date | None) -> bytes:
    """An entry: its checksum, then the JSON of the result (one line: JSON escapes every line break)."""
    value = {
        "problems": [[p.line, p.column, p.message, p.key, p.notice] for p in examined.problems],
        "data": examined.data if examined.validated else None,
        "validated": examined.validated,
        "refused": examined.refused,
        "until": until.isoformat() if until else None,
    }
    # surrogatepass: YAML's "\ud800" escape makes a lone surrogate, which JSON holds but UTF-8 does not
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
    return checksummed(text)


def _parse(entry: bytes, file: str, label: str, today: dt.date) -> Examined | None:
    """The result in an entry, or None when it is damaged or out of date."""
    text = verified(entry)
    if text is None:
        return None
    try:
        value = json.loads(text.decode("utf-8", "surrogatepass"))
        if value["until"] is not None and today >= dt.date.fromisoformat(value["until"]):
            return None
        problems = [Problem(file, line, column, message, label, key, notice)
                    for line, column, message, key, notice in value["problems"]]
        if not all(_well_formed(problem) for problem in problems) or not isinstance(value["data"], (dict, type(None))):
            return None  # the checksum holds, the content does not: written by something else than this code
        return Examined(problems, value["data"], value["validated"] is True, value["refused"] is True)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _well_formed(problem: Problem) -> bool:
    """What a fresh check makes: positions from 1, texts, a flag (sorting problems must never raise)."""
    return (type(problem.line) is int and type(problem.column) is int and problem.line > 0 and problem.column > 0
            and isinstance(problem.message, str) and isinstance(problem.key, str) and type(problem.notice) is bool)

