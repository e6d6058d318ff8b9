"""Shared facts of every export: which records, their dates, the school's name, a plain summary."""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..content import RECORD_TYPES
from ..views import Context, festival_dates, latest_date, term_row

SCHEMA_VERSION = 1
DATA_DIR = "data/v1"  # the open data's versioned path: a breaking change gets data/v2/
SECTIONS = tuple(content_type.name for content_type in RECORD_TYPES)  # affairs fees honors festivals regulations
CALENDARS = ("festivals", "fees", "affairs", "regulations")  # honours have no dates to put in a calendar
CSV_SECTIONS = ("fees", "honors")
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
    """A record's history as open data (`history`): null when the build had no repository history."""
    history = context.histories.get((section, record_id))
    if history is None:
        return None
    return {"first_published": history.first_published.isoformat() if history.first_published else None,
            "revisions": [{"date": revision.date.isoformat(), "commit": revision.commit, "changes": revision.changes,
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
    """A short plain-text summary of a record (no Markdown, no HTML; escaped by the feed writer)."""
    parts: list[str]
    if section == "fees":
        parts = [term_row(record, "", missing="学年学期未注明")]
        if record.payers:
            parts.append(f"收费范围：{record.payers}")
        if record.display:
            parts.append(f"公示期：{record.display.start} 至 {record.display.end}")
        if record.collection_start:
            parts.append(f"开始收费：{record.collection_start}")
        parts.append("收费项目：" + "、".join(item.name for item in record.items))
    elif section == "festivals":
        parts = [f"主题：{record.theme}", f"日期：{festival_dates(record)}"]
        if record.venue:
            parts.append(f"地点：{record.venue}")
        if record.programme:
            parts.append(f"日程 {len(record.programme)} 项")
    elif section == "affairs":
        parts = [f"类别：{record.category}", f"发布部门：{record.department}", f"发布日期：{record.published}"]
        if record.updated:
            parts.append(f"更新日期：{record.updated}")
        if record.display:
            parts.append(f"公示期：{record.display.start} 至 {record.display.end}")
    elif section == "honors":
        parts = [record.level, f"颁发单位：{record.issuer}", f"获奖对象：{'、'.join(record.kinds)}",
                 f"{'公示日期' if record.stage == '公示' else '获奖日期'}：{record.date}"]
        if record.number:
            parts.insert(0, f"文号：{record.number}")
        if record.stage == "公示" and record.display:
            parts.append(f"拟表彰名单公示期：{record.display.start} 至 {record.display.end}")
        if record.groups:  # never the names: pupils' names stay on the (masked) page
            parts.append("奖项：" + "、".join(f"{group.award}（{group.tally}）" for group in record.award_groups()))
        else:
            if record.award:
                parts.append(f"荣誉：{record.award}")
            if record.recipients:
                parts.append(f"获奖名单 {len(record.award_groups()[0].people)} 项")
            if record.count:
                parts.append(f"获奖人数：{record.award_groups()[0].tally}")
    elif section == "regulations":
        parts = [f"类别：{record.category}", f"状态：{record.status}"]
        if record.number:
            parts.append(f"文号：{record.number}")
        parts += [f"施行日期：{record.effective}", f"现行版本：{record.current.version}（{record.current.changes}）"]
        if record.repealed_on:
            parts.append(f"停止施行：{record.repealed_on}")
    else:
        raise ValueError(f"unknown section {section!r}")
    return _text("；".join(parts))
