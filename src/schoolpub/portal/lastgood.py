"""The last good copy of each school's open data, kept so a school that is down still shows something.

<cache_dir>/<school id>/ holds the files exactly as served (only once all of them passed every
check) and meta.json: when they were fetched and the validators (ETag, Last-Modified) the server
sent, so the next run asks "changed since?" and a 304 costs no download.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..cache import write_atomically
from .fetch import Validators
from .shapes import FILES

META = "meta.json"


@dataclass(frozen=True)
class Copy:
    fetched_at: dt.datetime
    site: str  # where it was read: a school moved to a new address is not asked "changed since?" with the old ETag
    bodies: dict[str, bytes]  # file key → bytes as served
    validators: dict[str, Validators]


def load(cache_dir: Path | None, school_id: str) -> Copy | None:
    """The last good copy, or None (none yet, or unreadable: then it is as if there were none)."""
    if cache_dir is None:
        return None
    folder = cache_dir / school_id
    try:
        meta = json.loads((folder / META).read_text(encoding="utf-8"))
        bodies = {file.key: (folder / f"{file.key}.json").read_bytes() for file in FILES}
        validators = {file.key: Validators(**meta["validators"][file.key]) for file in FILES}
        return Copy(dt.datetime.fromisoformat(meta["fetched_at"]), meta["site"], bodies, validators)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(cache_dir: Path | None, school_id: str, copy: Copy) -> None:
    if cache_dir is None:
        return
    folder = cache_dir / school_id
    folder.mkdir(parents=True, exist_ok=True)
    for key, body in copy.bodies.items():
        write_atomically(folder / f"{key}.json", body)
    meta = {"fetched_at": copy.fetched_at.isoformat(), "site": copy.site,
            "validators": {key: {"etag": v.etag, "last_modified": v.last_modified}
                           for key, v in copy.validators.items()}}
    write_atomically(folder / META, json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
