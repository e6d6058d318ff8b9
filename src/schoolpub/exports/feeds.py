"""Atom feeds: the newest records of the whole site or of one section."""
from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..context import Context
from ..views import TYPES, absolute_url, record_date, record_title
from .common import (FEED_LIMIT, LANGUAGE, SECTIONS, _midnight, _records, _school_name, _text, feed_path,
                     last_changed, summary)


# -- Atom feeds --------------------------------------------------------------------------

def atom_feed(context: Context, section: str | None = None) -> bytes:
    """The newest FEED_LIMIT records (all sections, or one), newest change first.

    Entry ids are the records' permanent URLs; `updated` is the record's last change
    (data or git), the feed's `updated` the newest entry's.
    """
    sections = (section,) if section else SECTIONS
    entries = sorted(((last_changed(context, s, i), s, i, r) for s, i, r in _records(context, sections)),
                     key=lambda entry: (entry[0], SECTIONS.index(entry[1]), entry[2]), reverse=True)[:FEED_LIMIT]
    school = _school_name(context)
    label = TYPES[section].label if section else "最新公开信息"
    self_url = context.site_url + feed_path(section)
    page_url = context.site_url + (f"{section}/" if section else "")

    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(_text(f"{school} · {label}"))
    feed.subtitle(_text(f"{school}{TYPES[section].label}的新增和更新" if section else
                        f"{school}校务公开、收费公示、荣誉榜、活动节和规章制度的新增和更新"))
    feed.author({"name": _text(school), "uri": context.site_url})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.language(LANGUAGE)
    feed.generator("schoolpub")  # feedgen's default names its version and its home page
    newest = entries[0][0] if entries else _fallback_date(context)
    feed.updated(_midnight(newest))
    for changed, entry_section, record_id, record in entries:
        url = absolute_url(context, entry_section, record_id)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(_text(record_title(record)))
        entry.link(href=url)  # rel defaults to "alternate" (feedgen 1.0.0 drops an entry link's rel and type)
        entry.summary(summary(record, entry_section))
        entry.category(term=entry_section, label=TYPES[entry_section].label, scheme=context.site_url)
        entry.published(_midnight(record_date(record)))
        entry.updated(_midnight(changed))
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _fallback_date(context: Context) -> dt.date:
    """An empty feed still needs `updated`: the newest record anywhere, else school.yml's git date."""
    dates = [last_changed(context, s, i) for s, i, _ in _records(context, SECTIONS)]
    if not dates and "data/school.yml" in context.updated:
        dates.append(context.updated["data/school.yml"])
    return max(dates, default=dt.date(2000, 1, 1))
