"""Subscriptions and open data: Atom feeds, iCalendar files, JSON and CSV.

Pure functions of a `Context` (no MkDocs here; hooks/exports.py adds the
results to the build as generated files, so they pass the privacy scan of the
output like every page). Every file is deterministic: the same data and the
same repository dates give byte-identical output. Nothing reads the clock and
nothing depends on the build day (`context.today`): dates come from the data
(`latest_date`) or from git (`context.updated`), whichever is later.

Privacy follows the HTML exactly: pupils' names on honour lists are shown as
the list's policy says (`honor_policy` → `shown_name`: 王*琪, 欧阳**, or the
class only), and internal flags (guardian consent) are not published.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any, Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from pydantic import BaseModel

from .content import RECORD_TYPES
from .views import (TYPES, Context, Page, absolute_url, attachment_path, fee_grades, honor_policy, latest_date,
                    record_date, record_title, shows_pupils)
from .views.names import shown_name

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

# Characters XML 1.0 cannot carry (lxml refuses them): control characters but tab and newline.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# -- paths -----------------------------------------------------------------------

def feed_path(section: str | None = None) -> str:
    return f"feeds/{section or 'all'}.xml"


def calendar_path(kind: str | None = None) -> str:
    return f"calendar/{kind or 'all'}.ics"


def data_path(name: str, suffix: str = "json") -> str:
    return f"{DATA_DIR}/{name}.{suffix}"


def all_exports(context: Context) -> dict[str, bytes | str]:
    """Every export as site path → content, in a fixed order."""
    files: dict[str, bytes | str] = {feed_path(): atom_feed(context)}
    files.update({feed_path(section): atom_feed(context, section) for section in SECTIONS})
    files[calendar_path()] = calendar(context)
    files.update({calendar_path(kind): calendar(context, kind) for kind in CALENDARS})
    files[data_path("school")] = school_json(context)
    files.update({data_path(section): section_json(context, section) for section in SECTIONS})
    files[data_path("fees", "csv")] = fees_csv(context)
    files[data_path("honors", "csv")] = honors_csv(context)
    files.update({FEES_V2_JSON: fees_json_v2(context), FEES_V2_CSV: fees_csv_v2(context)})  # fees v2
    return files


# -- shared facts ------------------------------------------------------------------

def _records(context: Context, sections: Iterable[str]) -> list[tuple[str, str, Any]]:
    return [(section, record_id, record) for section in sections
            for record_id, record in sorted(context.site.of(section).items())]


def last_changed(context: Context, section: str, record_id: str) -> dt.date:
    """The record's last change: in its data, or in git when that is later. Never the build time."""
    record = context.site.of(section)[record_id]
    source = context.site.sources.get((section, record_id))
    changed = context.updated.get(source.file) if source else None
    return max(date for date in (latest_date(record), changed) if date)


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
        parts = [f"{record.school_year}学年{record.term}", f"收费范围：{record.payers}",
                 f"公示期：{record.display.start} 至 {record.display.end}"]
        if record.collection_start:
            parts.append(f"开始收费：{record.collection_start}")
        parts.append("收费项目：" + "、".join(item.name for item in record.items))
    elif section == "festivals":
        parts = [f"主题：{record.theme}", f"日期：{record.start} 至 {record.end}"]
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
        if record.stage == "公示" and record.display:
            parts.append(f"拟表彰名单公示期：{record.display.start} 至 {record.display.end}")
        if record.groups:  # never the names: pupils' names stay on the (masked) page
            parts.append("奖项：" + "、".join(f"{group.award}（{len(group.people)} {group.counter}）"
                                          for group in record.award_groups()))
        else:
            if record.award:
                parts.append(f"荣誉：{record.award}")
            if record.recipients:
                parts.append(f"获奖名单 {len(record.award_groups()[0].people)} 项")
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


# -- iCalendar -------------------------------------------------------------------------------

CALENDAR_NAMES = {"festivals": "活动节日程", "fees": "收费公示", "affairs": "校务公示", "regulations": "规章制度施行"}


def calendar(context: Context, kind: str | None = None) -> bytes:
    """One calendar (festivals, fees, affairs or regulations), or all of them.

    All-day events are DATE values with an exclusive DTEND (the day after the last day);
    timed festival events are in Asia/Shanghai with its VTIMEZONE. UIDs are
    `<section>-<id>-<what>@<site host>`; DTSTAMP is the record's last change (data or git).
    """
    if kind is not None and kind not in CALENDARS:
        raise ValueError(f"no calendar for {kind!r}")
    kinds = (kind,) if kind else CALENDARS
    host = _host(context)
    school = _school_name(context)
    name = f"{school} · {CALENDAR_NAMES[kind] if kind else '校历'}"
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", _text(name))
    cal.add("x-wr-calname", _text(name))
    cal.add("x-wr-caldesc", _text(f"{school}网站 {context.site_url}"))
    cal.add("x-wr-timezone", TIMEZONE)
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    events = [event for k in kinds for event in _events(context, k, host)]
    events.sort(key=lambda event: (_sort_key(event["start"]), event["uid"]))
    uids = [event["uid"] for event in events]
    if len(uids) != len(set(uids)):  # cannot happen with record ids; a guard against future changes
        raise ValueError("duplicate calendar UIDs")
    for event in events:
        cal.add_component(_vevent(event))
    timed = [event["start"] for event in events if isinstance(event["start"], dt.datetime)]
    if timed:
        cal.add_missing_timezones(first_date=dt.date(min(timed).year, 1, 1),
                                  last_date=dt.date(max(timed).year + 1, 1, 1))
    return cal.to_ical()


def _sort_key(start: dt.date | dt.datetime) -> tuple[dt.date, str]:
    if isinstance(start, dt.datetime):
        return start.date(), start.strftime("%H:%M")
    return start, ""


def _vevent(values: dict) -> Event:
    event = Event()
    event.add("uid", values["uid"])
    event.add("dtstamp", values["stamp"])
    event.add("dtstart", values["start"])
    if values.get("end") is not None:
        event.add("dtend", values["end"])
    event.add("summary", _text(values["summary"]))
    if values.get("location"):
        event.add("location", _text(values["location"]))
    event.add("description", _text(values["description"]))
    event.add("url", values["url"])
    event.add("categories", [values["category"]])
    event.add("transp", "TRANSPARENT" if values.get("transparent") else "OPAQUE")
    return event


def _stamp(day: dt.date) -> dt.datetime:
    return _midnight(day).astimezone(dt.timezone.utc)  # DTSTAMP is UTC


def _all_day(start: dt.date, last: dt.date) -> dict:
    return {"start": start, "end": last + dt.timedelta(days=1)}  # DTEND is exclusive


def _events(context: Context, kind: str, host: str) -> list[dict]:
    events = []
    label = TYPES[kind].label
    for _, record_id, record in _records(context, (kind,)):
        url = absolute_url(context, kind, record_id)
        common = {"stamp": _stamp(last_changed(context, kind, record_id)), "url": url, "category": label}
        uid = f"{kind}-{record_id}-{{}}@{host}"
        title = record_title(record)
        if kind == "festivals":
            events.append({**common, **_all_day(record.start, record.end), "uid": uid.format("edition"),
                           "summary": title, "location": record.venue, "transparent": True,
                           "description": f"主题：{record.theme}\n{url}"})
            seen: dict[str, int] = {}
            for item in record.programme:
                key = f"event-{item.date:%Y%m%d}" + (f"-{item.time[:5].replace(':', '')}" if item.time else "")
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    key += f"-{seen[key]}"
                events.append({**common, **_programme_times(item), "uid": uid.format(key),
                               "summary": f"{record.display_name}：{item.item}", "location": item.place,
                               "description": f"{title}（主题：{record.theme}）\n{url}"})
        elif kind == "fees":
            events.append({**common, **_all_day(record.display.start, record.display.end),
                           "uid": uid.format("display"), "summary": f"收费公示期：{title}", "transparent": True,
                           "description": f"{summary(record, kind)}\n{url}"})
            if record.collection_start:
                events.append({**common, **_all_day(record.collection_start, record.collection_start),
                               "uid": uid.format("collection"), "summary": f"开始收费：{title}",
                               "transparent": True, "description": f"{summary(record, kind)}\n{url}"})
        elif kind == "affairs":
            if record.display:
                events.append({**common, **_all_day(record.display.start, record.display.end),
                               "uid": uid.format("display"), "summary": f"公示期：{title}", "transparent": True,
                               "description": f"{summary(record, kind)}\n{url}"})
        elif kind == "regulations":
            events.append({**common, **_all_day(record.effective, record.effective),
                           "uid": uid.format("effective"), "summary": f"施行：{title}", "transparent": True,
                           "description": f"{summary(record, kind)}\n{url}"})
            if record.repealed_on:
                what = "废止" if record.status == "已废止" else "停止施行"
                events.append({**common, **_all_day(record.repealed_on, record.repealed_on),
                               "uid": uid.format("repealed"), "summary": f"{what}：{title}", "transparent": True,
                               "description": f"{summary(record, kind)}\n{url}"})
    return events


def _programme_times(item: Any) -> dict:
    """A timed event in Beijing time (`08:10-08:40`; a start time alone has no end), else all day."""
    if not item.time:
        return _all_day(item.date, item.date)
    times = [dt.time.fromisoformat(part) for part in item.time.split("-")]
    start = dt.datetime.combine(item.date, times[0], tzinfo=SHANGHAI)
    end = dt.datetime.combine(item.date, times[1], tzinfo=SHANGHAI) if len(times) > 1 else None
    return {"start": start, "end": end}


# -- open data: JSON ----------------------------------------------------------------------

def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    """Model values as JSON: money as exact strings with two decimals, dates as ISO strings."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def _photo_url(context: Context, original: str | None) -> str | None:
    """The published large photo (originals are never published); None when this build has no photos."""
    published = context.photos.get((original, "large")) if original else None
    return context.site_url + published.path if published else None


def _attachment_url(context: Context, reference: str) -> str:
    return context.site_url + attachment_path(reference)  # the same file the page links to


def record_data(context: Context, section: str, record_id: str) -> dict:
    """One record as published: the data file's keys, plus id, url, title and dates."""
    record = context.site.of(section)[record_id]
    data = {"id": record_id, "url": absolute_url(context, section, record_id), "title": record_title(record),
            "filed_on": record_date(record).isoformat(),
            "last_changed": last_changed(context, section, record_id).isoformat()}
    fields = {name: _plain(getattr(record, name)) for name in type(record).model_fields}
    fields.pop("guardian_consent", None)  # an internal compliance flag, not shown on the site either
    if "attachments" in fields:
        fields["attachments"] = [{"title": a.title, "url": _attachment_url(context, a.file)}
                                 for a in record.attachments]
    if section == "fees":
        fields = _fee_notice_v1(fields, record)
    if section == "festivals":
        fields["gallery"] = [{"caption": p.caption, "url": _photo_url(context, p.photo)} for p in record.gallery]
    if section == "honors":
        pupils = shows_pupils(record)
        policy = honor_policy(record, context) if pupils else None
        groups = record.award_groups()
        fields["name_display"] = policy

        def people(group, resolved: bool) -> list[dict]:
            return [{"name": shown_name(person.name, person.unit, policy) if group.pupils else person.name,
                     "unit": person.unit, "award": person.award or (group.award if resolved else None)}
                    for person in group.people]

        if record.groups:  # several awards: every recipient, each with the award of its group
            kinds = record.kinds
            fields["recipient_kind"] = kinds[0] if len(kinds) == 1 else None
            fields["recipients"] = [entry for group in groups for entry in people(group, True)]
        else:
            fields["recipients"] = people(groups[0], False)
        fields["groups"] = [{"award": group.award, "recipient_kind": group.recipient_kind,
                             "count": len(group.people), "recipients": people(group, False)} for group in groups]
        fields["certificate"] = _photo_url(context, record.certificate)
    return {**data, **fields}


def section_json(context: Context, section: str) -> str:
    records = sorted(context.site.of(section).items(), key=lambda item: (record_date(item[1]), item[0]),
                     reverse=True)
    changed = [last_changed(context, section, record_id) for record_id, _ in records]
    return _dumps({
        "schema_version": SCHEMA_VERSION,
        "section": section,
        "label": TYPES[section].label,
        "school": _school_name(context),
        "url": f"{context.site_url}{section}/",
        "last_changed": max(changed).isoformat() if changed else None,
        "count": len(records),
        "records": [record_data(context, section, record_id) for record_id, _ in records],
    })


def school_json(context: Context) -> str:
    school = context.school
    about = None
    if school:
        about = {
            "name": school.name, "short_name": school.short_name, "motto": school.motto,
            "spirit": _plain(school.spirit), "address": school.address,
            "phones": _plain(school.phones), "email": school.email, "principal": school.principal,
            "founded": school.founded, "introduction": school.introduction,
            "logo": _photo_url(context, school.logo), "url": f"{context.site_url}about/",
        }
    url = context.site_url
    return _dumps({
        "schema_version": SCHEMA_VERSION,
        "site_url": url,
        "school": about,
        "feed": url + feed_path(),
        "calendar": url + calendar_path(),
        "sections": [{
            "section": section, "label": TYPES[section].label, "url": f"{url}{section}/",
            "count": len(context.site.of(section)),
            "json": url + data_path(section),
            "csv": url + data_path(section, "csv") if section in CSV_SECTIONS else None,
            "feed": url + feed_path(section),
            "calendar": url + calendar_path(section) if section in CALENDARS else None,
        } for section in SECTIONS],
    })


# -- open data: CSV -------------------------------------------------------------------------

FEES_COLUMNS = ("编号", "标题", "学年", "学期", "收费范围", "公示开始", "公示结束", "公示日期", "开始收费日期",
                "收费项目", "收费类别", "收费标准（元）", "计费单位", "是否自愿", "收费对象", "批准机关", "文件文号",
                "备注", "网址")
HONORS_COLUMNS = ("编号", "标题", "获奖日期", "颁发单位", "级别", "获奖对象", "姓名或名称", "班级或学科", "奖项", "网址",
                  "奖项组", "阶段")


def _cell(value: Any) -> str:
    """A spreadsheet cell: exact text; a leading = + - @ is quoted so Excel never runs it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = _plain(value) if isinstance(value, (Decimal, dt.date)) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(columns: tuple[str, ...], rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with a BOM (Excel then reads Chinese correctly), CRLF line ends, every cell quoted when needed."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def fees_csv(context: Context) -> bytes:
    """One row per fee item, notices newest first, items in the notice's order."""
    notices = sorted(context.site.of("fees").items(), key=lambda item: (record_date(item[1]), item[0]), reverse=True)
    return _csv(FEES_COLUMNS, (
        (record_id, notice.title, notice.school_year, notice.term, notice.payers, notice.display.start,
         notice.display.end, notice.issued, notice.collection_start, item.name, item.kind, item.amount, item.unit,
         item.voluntary, item.payers, item.bases[0].issuer if item.bases else None,
         item.bases[0].document if item.bases else None, item.note, absolute_url(context, "fees", record_id))
        for record_id, notice in notices for item in notice.items))


# -- open data: fees v2 (several prices, caps, amount-less items, several bases, grade tables) ------

FEES_V2_JSON = "data/v2/fees.json"
FEES_V2_CSV = "data/v2/fees.csv"
FEES_V2_COLUMNS = ("编号", "标题", "学年", "学期", "收费范围", "公示开始", "公示结束", "公示日期", "开始收费日期",
                   "序号", "收费项目", "收费类别", "档次", "金额（元）", "最高金额（元）", "结算方式", "计费单位",
                   "是否自愿", "收费对象", "适用年级", "收费依据", "免收对象", "退费", "备注", "网址")


def _fee_item_v1(item: Any) -> dict:
    """A fee item as data/v1 published it: `amount` is the fixed amount or null (an item priced by
    `prices`, `max_amount` or `settled` is in data/v2); `basis` the item's first own basis."""
    first = item.bases[0] if item.bases else None
    return {"name": item.name, "kind": item.kind, "amount": _plain(item.amount), "unit": item.unit,
            "voluntary": item.voluntary, "basis": {"issuer": first.issuer, "document": first.document} if first else None,
            "payers": item.payers, "note": item.note}


def _fee_notice_v1(fields: dict, notice: Any) -> dict:
    fields = {key: value for key, value in fields.items() if key not in ("grades", "basis")}
    fields["items"] = [_fee_item_v1(item) for item in notice.items]
    return fields


def _bases_v2(bases: list) -> list[dict]:
    return [{"issuer": basis.issuer, "document": basis.document, "filed": basis.filed} for basis in bases]


def _fee_item_v2(notice: Any, item: Any) -> dict:
    return {"name": item.name, "kind": item.kind, "amount": _plain(item.amount),
            "prices": [{"label": price.label, "amount": _plain(price.amount)} for price in item.prices]
            if item.prices else None,
            "max_amount": _plain(item.max_amount), "settled": item.settled, "unit": item.unit,
            "voluntary": item.voluntary, "bases": _bases_v2(notice.bases_of(item)),
            "bases_from_notice": not item.bases and bool(notice.bases),
            "payers": item.payers, "grades": item.grades, "exemption": item.exemption, "refund": item.refund,
            "note": item.note}


def _fee_notice_v2(context: Context, record_id: str, notice: Any) -> dict:
    data = record_data(context, "fees", record_id)
    data.update(grades=notice.grades, bases=_bases_v2(notice.bases),
                items=[_fee_item_v2(notice, item) for item in notice.items])
    data.pop("basis", None)
    data["grade_totals"] = [{"grade": row.grade, "required": _plain(row.required),
                             "voluntary_max": _plain(row.voluntary), "not_summed": list(row.other)}
                            for row in fee_grades(notice)] if notice.grades else None
    return data


def fees_json_v2(context: Context) -> str:
    """data/v2/fees.json: every notice with each item's pricing as published (see README, open data v2)."""
    notices = sorted(context.site.of("fees").items(), key=lambda item: (record_date(item[1]), item[0]), reverse=True)
    changed = [last_changed(context, "fees", record_id) for record_id, _ in notices]
    return _dumps({
        "schema_version": 2,
        "section": "fees",
        "label": TYPES["fees"].label,
        "school": _school_name(context),
        "url": f"{context.site_url}fees/",
        "last_changed": max(changed).isoformat() if changed else None,
        "count": len(notices),
        "records": [_fee_notice_v2(context, record_id, notice) for record_id, notice in notices],
    })


def _fee_rows_v2(context: Context, record_id: str, notice: Any) -> Iterable[tuple]:
    head = (record_id, notice.title, notice.school_year, notice.term, notice.payers, notice.display.start,
            notice.display.end, notice.issued, notice.collection_start)
    url = absolute_url(context, "fees", record_id)
    for number, item in enumerate(notice.items, 1):
        bases = "；".join(f"{'经' + b.issuer + '备案' if b.filed else b.issuer}"
                         f"{'《' + b.document + '》' if b.document else ''}" for b in notice.bases_of(item))
        tail = (item.unit, item.voluntary, item.payers, "、".join(item.grades or ()), bases, item.exemption,
                item.refund, item.note, url)
        for label, amount in [(price.label, price.amount) for price in item.prices or ()] or [(None, item.amount)]:
            yield head + (number, item.name, item.kind, label, amount, item.max_amount, item.settled) + tail


def fees_csv_v2(context: Context) -> bytes:
    """data/v2/fees.csv: one row per price (an item with several prices has one row each, 档次 says which);
    an item without prices is one row, its 金额 empty when it has no fixed amount."""
    notices = sorted(context.site.of("fees").items(), key=lambda item: (record_date(item[1]), item[0]), reverse=True)
    return _csv(FEES_V2_COLUMNS, (row for record_id, notice in notices
                                  for row in _fee_rows_v2(context, record_id, notice)))


def honors_csv(context: Context) -> bytes:
    """One row per recipient with its award group (pupils' names as on the site); an honour of the school
    itself is one row. 阶段 says whether the list is a candidate list on display (公示) or awarded (表彰)."""
    batches = sorted(context.site.of("honors").items(), key=lambda item: (record_date(item[1]), item[0]),
                     reverse=True)
    rows = []
    for record_id, batch in batches:
        url = absolute_url(context, "honors", record_id)
        policy = honor_policy(batch, context) if shows_pupils(batch) else None
        for group in batch.award_groups():
            head = (record_id, batch.title, batch.date, batch.issuer, batch.level, group.recipient_kind)
            tail = (url, group.award, batch.stage)
            if not group.recipients:
                rows.append(head + (_school_name(context), None, group.award) + tail)
            for person in group.people:
                name = shown_name(person.name, person.unit, policy) if group.pupils else person.name
                rows.append(head + (name, person.unit, person.award or group.award) + tail)
    return _csv(HONORS_COLUMNS, rows)


# -- links for the section pages ----------------------------------------------------------------

def subscribe_links(context: Context, section: str | None = None) -> str:
    """A Markdown paragraph with the feed, calendar and open-data links, relative to the
    section's page (`<section>/index.md`), or to the home page when `section` is None."""
    if section is not None and section not in TYPES:
        raise ValueError(f"unknown section {section!r}")
    page = Page(f"{section}/index.md" if section else "index.md")
    links = [f"[订阅更新（Atom）]({page.href(feed_path(section))})"]
    if section is None or section in CALENDARS:
        links.append(f"[日历（.ics）]({page.href(calendar_path(section))})")
    name = section or "school"
    data = [f"[JSON]({page.href(data_path(name))})"]
    if section in CSV_SECTIONS:
        data.append(f"[CSV]({page.href(data_path(name, 'csv'))})")
    return "订阅：" + " · ".join(links) + " · 开放数据：" + " ".join(data) + "\n{ .sp-subscribe }\n"
