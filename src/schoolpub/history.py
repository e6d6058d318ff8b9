"""Revision history per record, from the repository's own history (no hand-kept log).

    record_histories(root, site) -> Histories   # dict[(content_type, record_id), RecordHistory]
    RecordHistory(first_published: date | None, revisions: list[Revision])   # revisions oldest first
    Revision(date, commit, changes: list[str], correction: bool, note: str | None)

`root` is the project folder (the one holding data/); `site` the loaded Site (only
records in it get a history). `first_published` is the date of the first commit that
added the record's file (under any earlier name); every later commit that changed the
record's *data* is a Revision whose `changes` say in Chinese what changed
(history_diff.describe). A commit that changed only whitespace, comments or key order
is not a revision. Dates are commit dates (%cs) of the mainline (first-parent) history.

A fee notice revision that changes amounts, items, payers or basis (history_diff.FEE_TERMS)
on or after the day its display period started (or, without one, its issue day) is a
correction (更正); `note` is the `correction_note` that revision wrote (or changed), else the
one a later revision wrote before the next correction (staff may add the reason in a second
commit). A note left unchanged explains nothing new: each correction needs its own reason.

Outside git (a tarball) the result is empty and `Histories.note` says why; a shallow
clone is deepened (`git fetch --unshallow`) or HistoryError is raised with a Chinese
message. `worktree=True` adds uncommitted edits as a revision dated `today` with
commit "" (make check: staff see the compliance note before they commit).

Cost: one `git log` and, for pairs of versions not seen before, one `git cat-file`;
what a pair of versions changed is cached under .cache/history/ keyed by the two blob
ids and this module's code (content-keyed: a rebuilt or re-cloned repository hits it).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError

from . import yamlgate
from .cache import write_atomically
from .content import RECORD_TYPES
from .history_diff import describe, fee_terms
from .history_git import Chain, HistoryError, Version, chains, ensure_full_history, is_repository, read_blobs, \
    record_key, working_blobs

__all__ = ["HistoryError", "Histories", "RecordHistory", "Revision", "record_histories"]

CACHE_VERSION = 2
_MODELS = {content_type.name: content_type.model for content_type in RECORD_TYPES}
NOT_A_REPOSITORY = "这个文件夹不是 git 仓库（例如从压缩包解开的），网站上不显示各条记录的修改记录。"


@dataclass(frozen=True)
class Revision:
    date: dt.date
    commit: str  # full id; "" for uncommitted edits (worktree=True)
    changes: list[str]
    correction: bool = False
    note: str | None = None


@dataclass(frozen=True)
class RecordHistory:
    first_published: dt.date | None
    revisions: list[Revision] = field(default_factory=list)

    @property
    def last_changed(self) -> dt.date | None:
        return self.revisions[-1].date if self.revisions else self.first_published


class Histories(dict):
    """(content type, record id) → RecordHistory; `note` says why it is empty, when it is."""

    note: str | None = None


def record_histories(root: Path, site: Any, worktree: bool = False, today: dt.date | None = None,
                     types: Iterable[str] | None = None) -> Histories:
    """`types`: only these content types' histories (make check's note needs the fee notices' alone:
    hashing every uncommitted file of a ten-year school costs more than the rest of the check)."""
    root = Path(root)
    histories = Histories()
    if not is_repository(root):
        histories.note = NOT_A_REPOSITORY
        return histories
    ensure_full_history(root)
    current = chains(root)
    if types is not None:
        current = {path: chain for path, chain in current.items() if record_key(path)[0] in types}
    working = _add_working_versions(root, current, today or dt.date.today()) if worktree else {}
    pairs = _PairCache(root / ".cache" / "history")
    pairs.fill(root, current, working)
    for path, chain in current.items():
        key = record_key(path)
        if key is None or key[1] not in site.of(key[0]):
            continue
        histories[key] = _history(key[0], chain, pairs)
    pairs.save(complete=types is None)
    return histories


def _add_working_versions(root: Path, current: dict[str, Chain], today: dt.date) -> dict[str, Path]:
    """Uncommitted edits as a last version each; returns their blob id → file (not in git's store yet)."""
    on_disk = working_blobs(root, list(current))
    working = {}
    for path, chain in current.items():
        blob = on_disk.get(path)
        if blob and blob != chain.versions[-1].blob:
            chain.versions.append(Version("", today, blob, path))
            working[blob] = root / path
    return working


def _history(type_name: str, chain: Chain, pairs: "_PairCache") -> RecordHistory:
    revisions: list[Revision] = []
    for before, after in zip(chain.versions, chain.versions[1:]):
        pair = pairs.get(type_name, before.blob, after.blob)
        since = pair["since"] and dt.date.fromisoformat(pair["since"])
        correction = bool(pair["terms"] and since and after.date >= since)
        if pair["changes"]:
            revisions.append(Revision(after.date, after.commit, pair["changes"], correction,
                                      pair["note"] if correction else None))
        if pair["note"] and not (pair["changes"] and correction):
            _explain_last_correction(revisions, pair["note"])
    return RecordHistory(chain.versions[0].date, revisions)


def _explain_last_correction(revisions: list[Revision], note: str) -> None:
    """A reason written after the correction (a later commit) explains the newest correction, if it had none."""
    for index in range(len(revisions) - 1, -1, -1):
        if revisions[index].correction:
            if not revisions[index].note:
                revisions[index] = replace(revisions[index], note=note)
            return


@cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256(f"{CACHE_VERSION}".encode())
    for module in ("history.py", "history_diff.py", "fields.py", "yamlgate.py"):
        digest.update((Path(__file__).parent / module).read_bytes())
    for model in _MODELS.values():
        digest.update(json.dumps(model.model_json_schema(), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:12]


class _PairCache:
    """What changed between two versions (blob ids) of one record type, stored in one JSON file."""

    def __init__(self, folder: Path):
        self.file = folder / f"pairs-{_code_fingerprint()}.json"
        self.folder = folder
        try:
            self.entries: dict[str, dict] = json.loads(self.file.read_text("utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        self.used: set[str] = set()
        self.added = False

    def fill(self, root: Path, current: dict[str, Chain], working: dict[str, Path]) -> None:
        """Compute every pair not cached yet, reading each needed version once."""
        pairs = [(record_key(path)[0], before.blob, after.blob) for path, chain in current.items()
                 for before, after in zip(chain.versions, chain.versions[1:])]  # chains hold record files only
        missing = [pair for pair in pairs if _pair_key(*pair) not in self.entries]
        if not missing:
            return
        blobs = sorted({blob for _, before, after in missing for blob in (before, after)})
        data = read_blobs(root, [blob for blob in blobs if blob not in working])
        data |= {blob: path.read_bytes() for blob, path in working.items() if blob in blobs}
        for type_name, before, after in missing:
            self.entries[_pair_key(type_name, before, after)] = compare(type_name, data.get(before), data.get(after))
            self.added = True

    def get(self, type_name: str, before: str, after: str) -> dict:
        key = _pair_key(type_name, before, after)
        self.used.add(key)
        return self.entries[key]

    def save(self, complete: bool = True) -> None:
        """Keep the pairs this history used (the cache stays as large as the history) and drop old code's
        files; a history of some types only (`complete` False) keeps the others' pairs too."""
        if not self.added and (set(self.entries) == self.used or not complete):
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            kept = {key: self.entries[key] for key in sorted(self.used if complete else self.entries)}
            write_atomically(self.file, json.dumps(kept, ensure_ascii=False, default=str).encode("utf-8"))
            for old in self.folder.glob("pairs-*.json"):
                if old != self.file:
                    old.unlink(missing_ok=True)
        except OSError:  # a read-only cache costs time, never the build
            pass


def _pair_key(type_name: str, before: str, after: str) -> str:
    return f"{type_name}:{before}:{after}"


def compare(type_name: str, old_raw: bytes | None, new_raw: bytes | None) -> dict:
    """changes (Chinese lines), terms (a fee notice's terms changed), since (the old version's
    display start or issue day, ISO), note (the new version's correction_note, when this version wrote it)."""
    model = _MODELS[type_name]
    old, new = _data(model, old_raw), _data(model, new_raw)
    if old is None or new is None:  # a version that never validated: say only that the data changed
        changed = old != new or old_raw != new_raw
        return {"changes": ["内容修改"] if changed and new is not None else [], "terms": False, "since": None,
                "note": None}
    changes = describe(model, old, new)
    terms = type_name == "fees" and fee_terms(old) != fee_terms(new)
    # a note explains the correction of the version that wrote or changed it, not every later one
    note = new.get("correction_note") if new.get("correction_note") != old.get("correction_note") else None
    return {"changes": changes, "terms": terms, "since": _display_start(old), "note": note}


def _data(model: Any, raw: bytes | None) -> dict | None:
    if raw is None:
        return None
    document, errors = yamlgate.parse(raw)
    if document is None or not isinstance(document.data, dict):
        return None
    try:
        return _plain(model.model_validate(document.data).model_dump(exclude_none=True))
    except (ValidationError, ValueError, TypeError):
        return None


def _plain(value: Any) -> Any:
    """Validated data as JSON values, money by its value (400, 400.0 and 400.00 are one amount)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _display_start(data: dict) -> str | None:
    display = data.get("display") or {}
    issued = str(data.get("issued") or "")
    return display.get("start") or (issued if len(issued) == 10 else None)
