"""iCalendar files: festival programmes, display periods, regulations taking effect."""
from __future__ import annotations

import datetime as dt
from typing import Any

from icalendar import Calendar, Event

from ..fields import PARTS_OF_DAY
from ..context import Context
from ..views import TYPES, absolute_url, record_title
from .common import (CALENDARS, PRODID, SHANGHAI, TIMEZONE, _host, _midnight, _records, _school_name, _text,
                     last_changed, summary)


# -- iCalendar -------------------------------------------------------------------------------

CALENDAR_NAMES = {name: TYPES[name].publishing.calendar for name in CALENDARS}


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


def _edition_days(festival: Any) -> dict:
    """The festival from start to end; without a published end, its first day alone: a DATE DTSTART
    with no DTEND is one day long (RFC 5545, 3.6.1), so no calendar shows an end nobody published."""
    return _all_day(festival.start, festival.end) if festival.end else {"start": festival.start, "end": None}


def _events(context: Context, kind: str, host: str) -> list[dict]:
    events = []
    label = TYPES[kind].label
    for _, record_id, record in _records(context, (kind,)):
        url = absolute_url(context, kind, record_id)
        common = {"stamp": _stamp(last_changed(context, kind, record_id)), "url": url, "category": label}
        uid = f"{kind}-{record_id}-{{}}@{host}"
        title = record_title(record)
        if kind == "festivals":
            unknown_end = "" if record.end else "结束日期未公布\n"
            events.append({**common, **_edition_days(record), "uid": uid.format("edition"),
                           "summary": title if record.end else f"{title}开始", "location": record.venue,
                           "transparent": True, "description": f"主题：{record.theme}\n{unknown_end}{url}"})
            seen: dict[str, int] = {}
            for item in record.programme:
                clock = _clock(item)
                key = f"event-{item.date:%Y%m%d}" + (f"-{clock[:5].replace(':', '')}" if clock else "")
                seen[key] = seen.get(key, 0) + 1
                if seen[key] > 1:
                    key += f"-{seen[key]}"
                # 下午: a day event that says when; 全天 is what a day event already is
                part = f"{item.time} " if item.time and not clock and item.time != "全天" else ""
                events.append({**common, **_programme_times(item), "uid": uid.format(key),
                               "summary": f"{record.display_name}：{part}{item.item}", "location": item.place,
                               "description": f"{title}（主题：{record.theme}）\n{url}"})
        elif kind == "fees":
            if record.display:
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


def _clock(item: Any) -> str | None:
    """The item's clock time (08:10-08:40), None for none or a part of the day (下午)."""
    return item.time if item.time and item.time not in PARTS_OF_DAY else None


def _programme_times(item: Any) -> dict:
    """A timed event in Beijing time (`08:10-08:40`; a start time alone has no end), else all day
    (a part of the day has no clock time a calendar could show without inventing one)."""
    clock = _clock(item)
    if not clock:
        return _all_day(item.date, item.date)
    times = [dt.time.fromisoformat(part) for part in clock.split("-")]
    start = dt.datetime.combine(item.date, times[0], tzinfo=SHANGHAI)
    end = dt.datetime.combine(item.date, times[1], tzinfo=SHANGHAI) if len(times) > 1 else None
    return {"start": start, "end": end}
