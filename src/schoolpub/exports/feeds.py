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
    """The newest FEED_LIMIT entries (all sections, or one), newest change first: one per record,
    and one per revision of a record (history.py) that a subscriber should hear about.

    A record entry's id is its permanent URL and `updated` its last change (data or git); a
    revision entry's id is `<url>#revision-<n>` (its number in the record's history), its title
    says 修改 or 更正, its summary what changed. The feed's `updated` is the newest entry's.
    """
    sections = (section,) if section else SECTIONS
    records = [(last_changed(context, s, i), s, i, r, None) for s, i, r in _records(context, sections)]
    revisions = [(revision.date, s, i, r, (number, revision)) for s, i, r in _records(context, sections)
                 for number, revision in _revisions(context, s, i)]
    entries = sorted(records + revisions, key=lambda entry: (entry[0], entry[4] is not None, SECTIONS.index(entry[1]),
                                                             entry[2], entry[4][0] if entry[4] else 0),
                     reverse=True)[:FEED_LIMIT]
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
    for changed, entry_section, record_id, record, revision in entries:
        url = absolute_url(context, entry_section, record_id)
        entry = feed.add_entry(order="append")
        if revision is not None:
            _revision_entry(entry, url, entry_section, record, revision, context)
            continue
        entry.id(url)
        entry.title(_text(record_title(record)))
        entry.link(href=url)  # rel defaults to "alternate" (feedgen 1.0.0 drops an entry link's rel and type)
        entry.summary(summary(record, entry_section))
        entry.category(term=entry_section, label=TYPES[entry_section].label, scheme=context.site_url)
        entry.published(_midnight(record_date(record)))
        entry.updated(_midnight(changed))
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def _revisions(context: Context, section: str, record_id: str) -> list:
    """(number, revision), numbered from 1 in the record's history: history only grows, so an entry's id stays."""
    history = context.histories.get((section, record_id))
    return [(number, revision) for number, revision in enumerate(history.revisions, start=1)
            if revision.commit] if history else []


def _revision_entry(entry, url: str, section: str, record, numbered, context: Context) -> None:
    """One revision as its own entry: 更正：<title> or 修改：<title>, and what changed. Its id is
    `<url>#revision-<n>`, never the commit id (hex digits may read as a phone number to the privacy scan)."""
    number, revision = numbered
    kind = "更正" if revision.correction else "修改"
    entry.id(f"{url}#revision-{number}")
    entry.title(_text(f"{kind}：{record_title(record)}"))
    entry.link(href=f"{url}#history")
    lines = "；".join(revision.changes)
    note = f"。更正说明：{revision.note or '未说明'}" if revision.correction else ""
    entry.summary(_text(f"{revision.date} {kind}：{lines}{note}"))
    entry.category(term=section, label=TYPES[section].label, scheme=context.site_url)
    entry.published(_midnight(revision.date))
    entry.updated(_midnight(revision.date))


def _fallback_date(context: Context) -> dt.date:
    """An empty feed still needs `updated`: the newest record anywhere, else school.yml's git date."""
    dates = [last_changed(context, s, i) for s, i, _ in _records(context, SECTIONS)]
    if not dates and "data/school.yml" in context.updated:
        dates.append(context.updated["data/school.yml"])
    return max(dates, default=dt.date(2000, 1, 1))
