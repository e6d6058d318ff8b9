"""What every content type shares: the record base class and check findings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, TypeVar

from ..fields import Strict


@dataclass(frozen=True)
class Finding:
    """A problem a check found in one record, at a path inside that record."""

    path: tuple[Any, ...]
    message: str
    on_key: bool = False
    within: tuple[int, int] | None = None  # (line, column), 0-based, of the spot inside the value's text
    notice: bool = False  # a compliance note: shown, never stops the record or the build
    rule: str | None = None  # the rule it applies, e.g. "voluntary.compulsory": the district portal (portal/findings.py) cites it


class Record(Strict):
    """A record in its own file; subclasses list their photo and PDF references."""

    def media(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        return iter(())


@dataclass(frozen=True)
class ContentType:
    name: str  # folder under data/ and URL segment
    label: str  # what staff and parents call it
    model: type[Record]
    # checks of one record that need other data (the school, other records)
    check: Callable[[Record, "Any"], Iterable[Finding]] = lambda record, site: ()
    # checks across all records of this type: yields (record id, finding)
    check_all: Callable[[dict[str, Record], "Any"], Iterable[tuple[str, Finding]]] = lambda records, site: ()


R = TypeVar("R", bound=Record)


def oldest_first(records: dict[str, R], date_of: Callable[[R], dt.date]) -> list[tuple[str, R]]:
    """Records in the order they were most likely written: by their own date (issued, adopted on…),
    then by file name. Of two records that clash, the checks report the later one and name the
    earlier: the file just added, not the one already published (a file's modification time would
    say nothing after a git checkout)."""
    return sorted(records.items(), key=lambda pair: (date_of(pair[1]), pair[0]))
