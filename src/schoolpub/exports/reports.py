"""The annual report's figures as open data: data/v1/reports/<year>.json and .csv.

The same AnnualReport the page shows (annual_report.py), so page and data cannot disagree.
Without the repository's history, `history_available` is false and the figures that need it
(first online, corrections, revisions) are null, not zero: unknown is not none.
"""
from __future__ import annotations

from typing import Any

from .. import annual_report
from ..views import Context, absolute_url
from .common import SCHEMA_VERSION, _school_name
from .opendata import _dumps, _plain
from .tables import _csv

CSV_COLUMNS = ("年份", "部分", "项目", "代码", "数值", "说明")


def report_json(context: Context, year: int) -> str:
    report = annual_report.report_of(context.site, context.histories, year)
    catalogue = report.catalogue
    return _dumps({
        "schema_version": SCHEMA_VERSION,
        "school": _school_name(context),
        "year": year,
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "history_available": report.history,
        "history_note": report.history_note,
        "published": {**report.counts, "total": report.total},
        "catalogue": {"title": catalogue.title, "source": _plain(catalogue.source)} if catalogue else None,
        "categories": [{"code": code, "name": name, "count": count} for code, name, count in report.categories],
        "fee_notices": [_fee(context, timing) for timing in report.fees],
        "honors": [_listed(context, item) for item in report.honours],
        "festivals": [_listed(context, item) for item in report.festivals],
        "attachments": report.attachments,
        "corrections": [{"section": c.type_name, "id": c.record_id, "title": c.title, "date": c.date.isoformat(),
                         "changes": list(c.changes), "correction_note": c.note} for c in report.corrections]
        if report.history else None,
        "revisions": report.revisions if report.history else None,
        "statements": _statements(report.texts),
    })


def report_csv(context: Context, year: int) -> bytes:
    """The figures one a row (year, part, item, code, value, remark): easy to pivot in a spreadsheet."""
    report = annual_report.report_of(context.site, context.histories, year)
    rows: list[tuple[Any, ...]] = [(year, "总体情况", "主动公开信息", "total", report.total, "")]
    rows += [(year, "总体情况", annual_report.LABELS[name], name, count, "") for name, count in report.counts.items()]
    rows += [(year, "按公开目录分类", name, code, count, "") for code, name, count in report.categories]
    rows += [(year, "收费公示", t.title, t.record_id, t.days_ahead,
              f"公示开始 {_plain(t.shown)}，开始收费 {_plain(t.collection_start) or '未写'}"
              + (f"，首次上网 {t.online.isoformat()}" if t.online else "")) for t in report.fees]
    rows += [(year, "荣誉表彰", item.title, item.record_id, 1, item.detail) for item in report.honours]
    rows += [(year, "活动节", item.title, item.record_id, 1, item.detail) for item in report.festivals]
    rows += [(year, "附件", kind, kind, count, "") for kind, count in report.attachments.items()]
    if report.history:
        rows += [(year, "更正", c.title, c.record_id, 1, "；".join(c.changes)) for c in report.corrections]
    return _csv(CSV_COLUMNS, rows)


def _fee(context: Context, timing: annual_report.FeeTiming) -> dict:
    return {"id": timing.record_id, "title": timing.title, "url": absolute_url(context, "fees", timing.record_id),
            "display_start": _plain(timing.shown), "collection_start": _plain(timing.collection_start),
            "days_ahead": timing.days_ahead, "lead_days": timing.lead_days, "on_time": timing.on_time,
            "first_online": timing.online.isoformat() if timing.online else None, "days_online": timing.days_online}


def _listed(context: Context, item: annual_report.Listed) -> dict:
    return {"id": item.record_id, "title": item.title, "date": item.date.isoformat(), "detail": item.detail,
            "url": absolute_url(context, item.type_name, item.record_id)}


def _statements(texts: Any) -> dict | None:
    if texts is None:
        return None
    return {"introduction": texts.introduction, "requests": texts.requests, "problems": texts.problems,
            "other": texts.other}
