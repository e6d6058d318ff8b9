"""iCalendar files: festival programmes, display periods, regulations taking effect."""
from __future__ import annotations

import datetime as dt
from functools import cache

from icalendar import Calendar, Event, Timezone

from ..content import Happening
from ..context import Context
from ..views import TYPES, absolute_url, record_title
from .common import (CALENDARS, PRODID, SHANGHAI, TIMEZONE, _host, _midnight, _school_name, _text, last_changed,
                     summary)
from .fragments import Fragments


# -- iCalendar -------------------------------------------------------------------------------

CALENDAR_NAMES = {name: TYPES[name].publishing.calendar for name in CALENDARS}


def calendar(context: Context, kind: str | None = None, fragments: Fragments | None = None) -> bytes:
    """One calendar (festivals, fees, affairs or regulations), or all of them.

    All-day events are DATE values with an exclusive DTEND (the day after the last day);
    timed festival events are in Asia/Shanghai with its VTIMEZONE. UIDs are
    `<section>-<id>-<what>@<site host>`; DTSTAMP is the record's last change (data or git).
    Each record's events are serialised once (`fragments`, exports/fragments.py) and the
    calendar is assembled from them as icalendar writes it: its own lines, the time zone,
    the events, its end.
    """
    if kind is not None and kind not in CALENDARS:
        raise ValueError(f"no calendar for {kind!r}")
    fragments = fragments or Fragments(context, stored=False)
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
    events = [event for k in kinds for record_id, record in sorted(context.site.of(k).items())
              for event in fragments.get(k, record_id, "events", lambda: _record_events(context, k, record_id, record,
                                                                                       host))]
    events.sort(key=lambda event: (event["day"], event["clock"], event["uid"]))
    uids = [event["uid"] for event in events]
    if len(uids) != len(set(uids)):  # cannot happen with record ids; a guard against future changes
        raise ValueError("duplicate calendar UIDs")
    timed = [event["day"] for event in events if event["clock"]]
    if timed:  # the time zone the timed events name, before them (as add_missing_timezones puts it)
        cal.add_component(_timezone(int(min(timed)[:4]), int(max(timed)[:4]) + 1))
    head = cal.to_ical()
    end = b"END:VCALENDAR\r\n"
    return head[:-len(end)] + "".join(event["ical"] for event in events).encode("utf-8") + end


@cache
def _timezone(first_year: int, last_year: int) -> Timezone:
    """Beijing time's VTIMEZONE from 1 January of the first year to that of the last (~30 ms to make:
    the whole school's calendar and the festivals' share it)."""
    return Timezone.from_tzid(TIMEZONE, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year, 1, 1))


def _record_events(context: Context, kind: str, record_id: str, record, host: str) -> list[dict]:
    """One record's events, serialised: day (ISO) and clock ("HH:MM" or "") of the start, uid, ical text."""
    events = []
    for event in _events(context, kind, record_id, record, host):
        start = event["start"]
        clock = start.strftime("%H:%M") if isinstance(start, dt.datetime) else ""
        day = start.date() if isinstance(start, dt.datetime) else start
        events.append({"day": day.isoformat(), "clock": clock, "uid": event["uid"],
                       "ical": _vevent(event).to_ical().decode("utf-8")})
    return events


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


def _events(context: Context, kind: str, record_id: str, record, host: str) -> list[dict]:
    """The happenings of one record (Publishing.happenings, in content/<kind>.py) as events."""
    events = []
    label = TYPES[kind].label
    url = absolute_url(context, kind, record_id)
    common = {"stamp": _stamp(last_changed(context, kind, record_id)), "url": url, "category": label}
    uid = f"{kind}-{record_id}-{{}}@{host}"
    for happening in TYPES[kind].publishing.happenings(record, record_title(record)):
        text = happening.description if happening.description is not None else summary(record, kind)
        events.append({**common, **_times(happening), "uid": uid.format(happening.key), "summary": happening.summary,
                       "location": happening.location, "transparent": happening.transparent,
                       "description": f"{text}\n{url}"})
    return events


def _times(happening: Happening) -> dict:
    """A timed event in Beijing time (`08:10-08:40`; a start time alone has no end); else all day, and
    without a last day (an end nobody published) a DATE DTSTART with no DTEND: one day long (RFC 5545,
    3.6.1), so no calendar shows an end nobody published."""
    if happening.clock:
        times = [dt.time.fromisoformat(part) for part in happening.clock.split("-")]
        start = dt.datetime.combine(happening.first, times[0], tzinfo=SHANGHAI)
        end = dt.datetime.combine(happening.first, times[1], tzinfo=SHANGHAI) if len(times) > 1 else None
        return {"start": start, "end": end}
    return _all_day(happening.first, happening.last) if happening.last else {"start": happening.first, "end": None}
