"""Open data as JSON: v1 for every section, v2 for fee notices (prices, caps, several bases, grade tables)."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .. import urls
from ..names import shown_name
from ..content.fee_rules import choice
from ..views.fees import period_word
from ..context import Context
from ..views import (TYPES, absolute_url, attachment_path, basis_text, fee_facts, fee_grades, fee_summary,
                     name_policy, record_date, record_title,
                     shown_body, shown_people, shows_pupils)
from .fragments import Fragments
from .common import (CALENDARS, CSV_SECTIONS, SCHEMA_VERSION, SECTIONS, _school_name, calendar_path, data_path,
                     feed_path, history_data, last_changed)


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
    return urls.file_url(context.site_url, published.path) if published else None


def _attachment_url(context: Context, reference: str) -> str:
    return urls.file_url(context.site_url, attachment_path(reference))  # the same file the page links to


def record_data(context: Context, section: str, record_id: str) -> dict:
    """One record as published: the data file's keys, plus id, url, title and dates."""
    record = context.site.of(section)[record_id]
    data = {"id": record_id, "url": absolute_url(context, section, record_id), "title": record_title(record),
            "filed_on": record_date(record).isoformat(),
            "last_changed": last_changed(context, section, record_id).isoformat(),
            "history": history_data(context, section, record_id)}
    fields = {name: _plain(getattr(record, name)) for name in type(record).model_fields}
    fields.pop("guardian_consent", None)  # an internal compliance flag, not shown on the site either
    if "attachments" in fields:
        fields["attachments"] = [{"title": a.title, "url": _attachment_url(context, a.file)}
                                 for a in record.attachments]
    if section == "fees":
        fields = _fee_notice_v1(context, fields, record)
    if section == "festivals":
        fields = _festival_v1(context, record, fields)
    if section == "honors":
        fields = _honors_v1(context, record, fields)
    return {**data, **fields}


def _festival_v1(context: Context, festival: Any, fields: dict) -> dict:
    """Results as the page shows them: `winner` the page's text (a class, or the pupils masked),
    `recipients` each person as shown; photos as published."""
    policy = name_policy(festival, context) if shows_pupils(festival) else None
    fields["name_display"] = policy
    fields["results"] = []
    for index, result in enumerate(festival.results):
        group = result.group(index)
        people = [] if result.winner is not None else [
            {"name": shown_name(person.name, person.unit, policy) if group.pupils else person.name, "unit": person.unit}
            for person in group.people]
        # winners: each collective of a `winner` line on its own (tied classes share one line)
        winners = [person.name for person in group.people] if result.winner is not None else []
        fields["results"].append({"item": result.item, "winner": shown_people(group, policy), "award": result.award,
                                  "recipient_kind": result.recipient_kind, "recipients": people, "winners": winners})
    fields["gallery"] = [{"caption": p.caption, "url": _photo_url(context, p.photo)} for p in festival.gallery]
    return fields


def _honors_v1(context: Context, record: Any, fields: dict) -> dict:
    pupils = shows_pupils(record)
    policy = name_policy(record, context) if pupils else None
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
    # count: the names listed (as before); published_count: the headcount the decision states (等54位同学), or null
    fields["groups"] = [{"award": group.award, "recipient_kind": group.recipient_kind,
                         "count": len(group.people), "published_count": group.count, "headcount": group.headcount,
                         "recipients": people(group, False)} for group in groups]
    fields["body"] = shown_body(record, policy) if record.body else None  # pupils' names as on the page
    fields["certificate"] = _photo_url(context, record.certificate)
    return fields


def section_json(context: Context, section: str, fragments: Fragments | None = None) -> str:
    return "".join(section_json_parts(context, section, fragments))


def section_json_chunks(context: Context, section: str, fragments: Fragments | None = None) -> Iterator[bytes]:
    """section_json as UTF-8, each part encoded as it comes: render writes the open data of thousands of
    records as it is made, never held whole as text or as bytes."""
    return (part.encode("utf-8") for part in section_json_parts(context, section, fragments))


def section_json_parts(context: Context, section: str, fragments: Fragments | None = None) -> Iterator[str]:
    """section_json piece by piece. Each record's JSON is written once (`fragments`, exports/fragments.py)
    and set into the file's `records` list as json.dumps would indent it there."""
    fragments = fragments or Fragments(context, stored=False)
    records = sorted(context.site.of(section).items(), key=lambda item: (record_date(item[1]), item[0]),
                     reverse=True)
    changed = [last_changed(context, section, record_id) for record_id, _ in records]
    head = _dumps({
        "schema_version": SCHEMA_VERSION,
        "section": section,
        "label": TYPES[section].label,
        "school": _school_name(context),
        "url": f"{context.site_url}{section}/",
        "last_changed": max(changed).isoformat() if changed else None,
        "count": len(records),
        "records": [],
    })
    if not records:
        yield head
        return
    empty = '"records": []\n}\n'
    yield head[:-len(empty)] + '"records": [\n    '
    for number, (record_id, _) in enumerate(records):
        if number:
            yield ",\n    "
        yield fragments.get(section, record_id, "data", lambda: _nested(record_data(context, section, record_id)))
    yield "\n  ]\n}\n"


def _nested(value: Any) -> str:
    """`value` as _dumps writes it as an item of a list that is a key's value of the outer object
    (two levels in: each line after the first four spaces further in). JSON text holds no newline
    of its own (strings escape it), so every newline is a line break of the layout."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")


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



# -- open data: fees v2 (several prices, caps, amount-less items, several bases, grade tables) ------

FEES_V2_JSON = "data/v2/fees.json"
FEES_V2_CSV = "data/v2/fees.csv"
FEES_V2_COLUMNS = ("编号", "标题", "学年", "学期", "收费范围", "公示开始", "公示结束", "公示日期", "开始收费日期",
                   "序号", "收费项目", "收费类别", "档次", "金额（元）", "最高金额（元）", "结算方式", "计费单位",
                   "是否自愿", "收费对象", "适用年级", "收费依据", "免收对象", "退费", "备注", "网址")


def _fee_item_v1(item: Any) -> dict:
    """A fee item as data/v1 published it: `amount` is the fixed amount or null (an item priced by
    `prices`, `max_amount` or `settled` is in data/v2); `basis` the item's first own basis; `voluntary`
    a yes/no (an item a rule makes voluntary is true, as it was when the notice had to say so)."""
    first = item.bases[0] if item.bases else None
    return {"name": item.name, "kind": item.kind, "amount": _plain(item.amount), "unit": item.unit,
            "voluntary": choice(item) != "必交",
            "basis": {"issuer": first.issuer, "document": first.document} if first else None,
            "payers": item.payers, "note": item.note}


_V2_ONLY = ("grades", "basis", "number", "stage", "totals", "remarks")


def _fee_notice_v1(context: Context, fields: dict, notice: Any) -> dict:
    """v1 is frozen: its keys as they were; facts a notice leaves to school.yml are filled in from there."""
    facts = fee_facts(notice, context.school)
    fields = {key: value for key, value in fields.items() if key not in _V2_ONLY}
    fields.update(complaint_phones=_plain(list(facts.phones)), reductions=facts.reductions, refund=facts.refund,
                  issuer=facts.issuer, items=[_fee_item_v1(item) for item in notice.items])
    return fields


def _bases_v2(bases: list) -> list[dict]:
    return [{"issuer": basis.issuer, "document": basis.document, "title": basis.plain_title, "filed": basis.filed,
             "text": basis_text(basis)} for basis in bases]


def _fee_item_v2(notice: Any, item: Any) -> dict:
    return {"name": item.name, "kind": item.kind, "amount": _plain(item.amount),
            "prices": [{"label": price.label, "amount": _plain(price.amount), "shown": price.shown}
                       for price in item.prices]
            if item.prices else None,
            "max_amount": _plain(item.max_amount), "settled": item.settled, "unit": item.unit,
            "months": _plain(item.months), "voluntary": item.voluntary, "choice": choice(item),
            "bases": _bases_v2(notice.bases_of(item)),
            "bases_from_notice": not item.bases and bool(notice.bases),
            "payers": item.payers, "for_everyone": notice.for_everyone(item), "grades": item.grades,
            "exemption": item.exemption, "refund": item.refund, "note": item.note}


def _lines_v2(lines: Any) -> list[dict]:
    return [{"item": line.item.name, "standard": line.text, "choice": line.choice, "amount": _plain(line.amount),
             "most": _plain(line.most), "not_summed_because": line.reason} for line in lines]


def _row_v2(row: Any) -> dict:
    """What a grade (or every pupil of a notice without grades) pays: totals only where every line adds up."""
    return {"grade": row.grade, "required": _plain(row.required), "voluntary_max": _plain(row.voluntary),
            "not_summed": list(row.other), "lines": _lines_v2(row.lines),
            "groups": [{"payers": group.payers, "required": _plain(group.required),
                        "voluntary_max": _plain(group.voluntary), "lines": _lines_v2(group.lines)}
                       for group in row.groups],
            "published_totals": [{"payers": check.payers, "amount": _plain(check.published)} for check in row.published]}


def _fee_notice_v2(context: Context, record_id: str, notice: Any) -> dict:
    facts = fee_facts(notice, context.school)
    data = record_data(context, "fees", record_id)
    # totals_per: what every total is per (学期/学年); a notice naming no term: its items' one period, or null
    data.update(grades=notice.grades, bases=_bases_v2(notice.bases), number=notice.number, stage=facts.stage,
                totals_per=period_word(notice),
                remarks=notice.remarks, items=[_fee_item_v2(notice, item) for item in notice.items],
                published_totals=_plain(notice.totals or []),
                inherited=[key for key, flag in (("complaint_phones", facts.phones_inherited),
                                                 ("reductions", facts.reductions_inherited),
                                                 ("refund", facts.refund_inherited)) if flag])
    data.pop("basis", None)
    data["grade_totals"] = [_row_v2(row) for row in fee_grades(notice)] if notice.grades else None
    data["notice_totals"] = None if notice.grades else _row_v2(fee_summary(notice))
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
