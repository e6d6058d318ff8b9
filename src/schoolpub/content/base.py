"""What every content type shares: the record base class and check findings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Iterator, Mapping, TypeVar

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
    """A record in its own file; subclasses list their photo and PDF references, and say their own
    title and dates (what sections, feeds and pages sort and show them by)."""

    # the word a page says the filing date with (发布, 公示, 获奖, 通过); "": the page shows only 更新
    filed_as: ClassVar[str] = ""

    def media(self) -> Iterator[tuple[tuple[Any, ...], str]]:
        return iter(())

    def heading(self) -> str:
        """The record's title, as pages, feeds and the search index show it."""
        return self.title  # type: ignore[attr-defined]

    def filed_on(self) -> dt.date:
        """The date the record is filed under: published, issued, awarded, started or adopted."""
        raise TypeError(f"{type(self).__name__} has no date")

    def changed_on(self) -> dt.date:
        """The last time the record's content changed according to its own data."""
        return self.filed_on()

    def share_photo(self) -> str | None:
        """The photo (data/media reference) a link card of the record shows; None: the school logo."""
        return None


@dataclass(frozen=True)
class Happening:
    """One dated thing a record announces, as the calendars show it: all day from `first` to `last`
    (None: the first day alone, an end nobody published), or at `clock` (08:10-08:40) on `first`."""

    key: str  # its part of the event's UID: display, collection, effective, edition, event-20251010-0810
    summary: str
    first: dt.date
    last: dt.date | None
    clock: str | None = None
    location: str | None = None
    description: str | None = None  # None: the record's feed summary
    transparent: bool = True  # a period to know about, not time taken (a programme item is busy time)


def _never(record: Any) -> bool:
    return False


def _nothing_else(records: dict, record_id: str, record: Any) -> list:
    return []


@dataclass(frozen=True)
class Publishing:
    """What the site does with a type's records besides showing each one, kept with the type
    instead of in switches on its name across views, exports, the editor and the inventory."""

    page_size: int | None = None  # records per year page (a long year is split); None: never split
    index_size: int | None = None  # the latest records listed on the section page, when split
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # fixed orders a section groups by
    calendar: str | None = None  # the name of its iCalendar file's calendar; None: no calendar
    calendar_rank: int = 0  # its place in the whole-school calendar (festivals first: what families plan by)
    csv: bool = False  # also published as a CSV table (data/<type>.csv)
    # shown among "公示中" on the home page while its display period lasts
    on_display: Callable[[Any], bool] = _never
    # kept out of the search index (pupils' names)
    search_excluded: Callable[[Any], bool] = _never
    # what a record page shows of other records of its type (the page cache keys on it)
    related: Callable[[dict, str, Any], list] = _nothing_else
    # one plain sentence for the page's description and link preview (record, its title) → text
    description: Callable[[Any, str], str] | None = None
    # the parts of its feed entry's plain summary, joined with "；" (never pupils' names)
    summary: Callable[[Any], list[str]] | None = None
    # what its calendar shows of a record (record, its title) → happenings; needs `calendar`
    happenings: Callable[[Any, str], list[Happening]] = lambda record, title: []
    hint: str = ""  # what the section holds, in a few words, where the home page lists the sections
    about: str = ""  # the section page's description, after "<school><label>："
    folder_words: tuple[str, ...] = ()  # what staff call its folder: a misplaced file's hint
    # editor: the lists the privacy switches (guardian_consent, name_display) govern, and lists that grow long
    governed_lists: tuple[str, ...] = ()
    long_lists: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ContentType:
    name: str  # folder under data/ and URL segment
    label: str  # what staff and parents call it
    model: type[Record]
    # checks of one record that need other data (the school, other records)
    check: Callable[[Record, "Any"], Iterable[Finding]] = lambda record, site: ()
    # checks across all records of this type: yields (record id, finding)
    check_all: Callable[[dict[str, Record], "Any"], Iterable[tuple[str, Finding]]] = lambda records, site: ()
    publishing: Publishing = Publishing()


R = TypeVar("R", bound=Record)


def oldest_first(records: dict[str, R], date_of: Callable[[R], dt.date]) -> list[tuple[str, R]]:
    """Records in the order they were most likely written: by their own date (issued, adopted on…),
    then by file name. Of two records that clash, the checks report the later one and name the
    earlier: the file just added, not the one already published (a file's modification time would
    say nothing after a git checkout)."""
    return sorted(records.items(), key=lambda pair: (date_of(pair[1]), pair[0]))
