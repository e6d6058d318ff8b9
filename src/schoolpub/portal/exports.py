"""The district's own open data (data/fees.json, data/fees.csv, data/findings.csv) and an Atom feed
of every school's notices, newest first. Built from the notices as the portal read them (the model,
not the raw rows a school served), so nothing unvalidated passes through."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from ..content.fee_rules import choice
from ..content.fee_sums import fee_standard
from ..exports.common import FEED_LIMIT, LANGUAGE, _midnight, _text
from ..exports.opendata import _plain
from ..exports.tables import _csv
from .district import SchoolView

SCHEMA_VERSION = 1
FEES_COLUMNS = ("学校", "学校编号", "公示", "公示编号", "学年", "学期", "公示日期", "收费项目", "收费类别", "收费标准",
                "是否自愿", "收费对象", "原公示网址")
FINDINGS_COLUMNS = ("学校", "学校编号", "公示编号", "收费项目", "规则", "问题", "依据")


def _item(item: Any) -> dict:
    return {"name": item.name, "kind": item.kind, "standard": fee_standard(item), "amount": _plain(item.amount),
            "max_amount": _plain(item.max_amount), "unit": item.unit, "choice": choice(item), "payers": item.payers,
            "prices": [{"label": p.label, "amount": _plain(p.amount)} for p in item.prices or ()] or None}


def _finding(finding: Any) -> dict:
    return {"notice": finding.notice_id, "item": finding.item, "rule": finding.rule, "text": finding.text,
            "citation": finding.citation}


def _school(school: SchoolView) -> dict:
    return {
        "id": school.id, "name": school.name, "site": school.site, "status": school.status, "reason": school.reason,
        "data_date": school.data_date, "copy_date": _plain(school.copy_date), "current_notice": school.current.published.id if school.current else None,
        "notices": [{"id": view.published.id, "url": view.link, "title": view.notice.title,
                     "school_year": view.notice.school_year, "term": view.notice.term, "stage": view.notice.stage,
                     "issued": _plain(view.notice.issued), "display": _plain(view.notice.display),
                     "collection_start": _plain(view.notice.collection_start), "state": view.state,
                     "items": [_item(item) for item in view.notice.items]} for view in school.notices],
        "unreadable_notices": len(school.unreadable),
        "findings": [_finding(finding) for finding in school.findings],
    }


def fees_json(district: str, schools: list[SchoolView], today: dt.date) -> str:
    """One line per school: json's C encoder (`indent` falls back to the pure-Python one: 2.9 s of a
    500-school build), and still a readable diff when one school changes."""
    head = json.dumps({"schema_version": SCHEMA_VERSION, "district": district, "built": today.isoformat()},
                      ensure_ascii=False)
    lines = ",\n".join(json.dumps(_school(school), ensure_ascii=False) for school in schools)
    return f'{head[:-1]}, "schools": [\n{lines}\n]}}\n'


def fees_csv(schools: list[SchoolView]) -> bytes:
    rows = ((school.name, school.id, view.notice.title, view.published.id, view.notice.school_year, view.notice.term,
             view.notice.issued, item.name, item.kind, fee_standard(item), choice(item), item.payers, view.link)
            for school in schools for view in school.notices for item in view.notice.items)
    return _csv(FEES_COLUMNS, rows)


def findings_csv(schools: list[SchoolView]) -> bytes:
    rows = ((school.name, school.id, f.notice_id, f.item, f.rule, f.text, f.citation)
            for school in schools for f in school.findings)
    return _csv(FINDINGS_COLUMNS, rows)


def atom_feed(district: str, schools: list[SchoolView], site_url: str, today: dt.date) -> bytes:
    """The newest FEED_LIMIT notices of all schools; each entry links to the portal's page of its school
    (the school's own page may be down: the portal's copy is what it read)."""
    entries = sorted(((view.notice.issued, school, view) for school in schools for view in school.notices),
                     key=lambda entry: (entry[0], entry[1].id, entry[2].published.id), reverse=True)[:FEED_LIMIT]
    feed = FeedGenerator()
    feed.id(site_url + "feed.xml")
    feed.title(_text(f"{district} · 各校收费公示"))
    feed.subtitle(_text(f"{district}各学校新发布的收费公示"))
    feed.author({"name": _text(district), "uri": site_url})
    feed.link(href=site_url, rel="alternate", type="text/html")
    feed.link(href=site_url + "feed.xml", rel="self", type="application/atom+xml")
    feed.language(LANGUAGE)
    feed.generator("schoolpub")
    feed.updated(_midnight(entries[0][0] if entries else today))
    for issued, school, view in entries:
        page = f"{site_url}schools/{school.id}/"
        entry = feed.add_entry(order="append")
        entry.id(f"{page}#{quote(view.published.id, safe='')}")
        entry.title(_text(f"{school.name}：{view.notice.title}"))
        entry.link(href=page)
        entry.summary(_text("、".join(f"{item.name} {fee_standard(item)}" for item in view.notice.items)))
        entry.published(_midnight(issued))
        entry.updated(_midnight(issued))
    return feed.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)
