"""Shared facts of every export: which records, their dates, the school's name, a plain summary."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..content import RECORD_TYPES, by_name
from ..context import Context
from ..views import latest_date

SCHEMA_VERSION = 1
DATA_DIR = "data/v1"  # the open data's versioned path: a breaking change gets data/v2/
SECTIONS = tuple(content_type.name for content_type in RECORD_TYPES)  # affairs fees honors festivals regulations
# Types with a calendar (honours have no dates to put in one), in the whole-school calendar's order
CALENDARS = tuple(t.name for t in sorted((t for t in RECORD_TYPES if t.publishing.calendar),
                                         key=lambda t: t.publishing.calendar_rank))
CSV_SECTIONS = tuple(t.name for t in RECORD_TYPES if t.publishing.csv)
FEED_LIMIT = 50  # entries per feed, newest first; the open data holds everything
TIMEZONE = "Asia/Shanghai"
SHANGHAI = ZoneInfo(TIMEZONE)
BEIJING_MIDNIGHT = dt.timezone(dt.timedelta(hours=8))  # a day's dates are midnight Beijing time
LANGUAGE = "zh-CN"
PRODID = "-//schoolpub//exports v1//ZH-CN"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# -- paths -----------------------------------------------------------------------

def feed_path(section: str | None = None) -> str:
    return f"feeds/{section or 'all'}.xml"


def calendar_path(kind: str | None = None) -> str:
    return f"calendar/{kind or 'all'}.ics"


def data_path(name: str, suffix: str = "json") -> str:
    return f"{DATA_DIR}/{name}.{suffix}"



# -- shared facts ------------------------------------------------------------------

def _records(context: Context, sections: Iterable[str]) -> list[tuple[str, str, Any]]:
    return [(section, record_id, record) for section in sections
            for record_id, record in sorted(context.site.of(section).items())]


def last_changed(context: Context, section: str, record_id: str) -> dt.date:
    """The record's last change: in its data, or in git when that is later. Never the build time.
    With the repository's history that is its last revision of the data (history.py): a commit
    that touched only comments or whitespace is no change."""
    record = context.site.of(section)[record_id]
    history = context.histories.get((section, record_id))
    if history is not None:
        changed = history.revisions[-1].date if history.revisions else None
    else:
        source = context.site.sources.get((section, record_id))
        changed = context.updated.get(source.file) if source else None
    return max(date for date in (latest_date(record), changed) if date)


def history_data(context: Context, section: str, record_id: str) -> dict | None:
    """A record's history as open data (`history`): null when the build had no repository history.
    No commit ids: 40 hex digits hold runs of decimal digits the output privacy scan (rightly)
    cannot tell from a mobile number, and a parent has no use for them."""
    history = context.histories.get((section, record_id))
    if history is None:
        return None
    return {"first_published": history.first_published.isoformat() if history.first_published else None,
            "revisions": [{"date": revision.date.isoformat(), "changes": revision.changes,
                           "correction": revision.correction, "correction_note": revision.note}
                          for revision in history.revisions]}


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=BEIJING_MIDNIGHT)


def _host(context: Context) -> str:
    host = urlsplit(context.site_url).hostname
    if not host:
        raise ValueError(f"feeds and calendars need an absolute site_url (got {context.site_url!r})")
    return host


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _school_name(context: Context) -> str:
    return context.school.name if context.school else "学校"


def summary(record: Any, section: str) -> str:
    """A short plain-text summary of a record (no Markdown, no HTML; escaped by the feed writer):
    its content type's summary parts (Publishing.summary, in content/<type>.py)."""
    return _text("；".join(by_name(section).publishing.summary(record)))
