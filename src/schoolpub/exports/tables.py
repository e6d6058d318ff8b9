"""Open data as CSV (UTF-8 with BOM): fee items and honour recipients, one row each."""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
from decimal import Decimal
from typing import Any, Iterable, Iterator

from ..names import shown_name
from ..content.fee_rules import choice
from ..context import Context
from ..views import absolute_url, basis_text, name_policy, record_date, shows_pupils
from .common import _school_name
from .fragments import Fragments
from .opendata import FEES_V2_COLUMNS, _plain


# -- open data: CSV -------------------------------------------------------------------------

FEES_COLUMNS = ("编号", "标题", "学年", "学期", "收费范围", "公示开始", "公示结束", "公示日期", "开始收费日期",
                "收费项目", "收费类别", "收费标准（元）", "计费单位", "是否自愿", "收费对象", "批准机关", "文件文号",
                "备注", "网址")
HONORS_COLUMNS = ("编号", "标题", "获奖日期", "颁发单位", "级别", "获奖对象", "姓名或名称", "班级或学科", "奖项", "网址",
                  "奖项组", "阶段", "文号", "公布人数")


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
    return _csv_of(columns, [_rows_text(rows)])


def _csv_of(columns: tuple[str, ...], parts: Iterable[str]) -> bytes:
    """The file from its header and its rows already written (_rows_text): csv writes each row on its own.
    Each part is encoded as it comes, so the rows of thousands of records are not held twice as text."""
    return b"".join(_csv_chunks(columns, parts))


def _csv_chunks(columns: tuple[str, ...], parts: Iterable[str]) -> Iterator[bytes]:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow(columns)
    yield codecs.BOM_UTF8
    yield from (part.encode("utf-8") for part in itertools.chain([buffer.getvalue()], parts))


def _rows_text(rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def fees_csv(context: Context) -> bytes:
    """One row per fee item, notices newest first, items in the notice's order."""
    notices = sorted(context.site.of("fees").items(), key=lambda item: (record_date(item[1]), item[0]), reverse=True)
    return _csv(FEES_COLUMNS, (
        (record_id, notice.title, notice.school_year, notice.term, notice.payers, notice.display and notice.display.start,
         notice.display and notice.display.end, notice.issued, notice.collection_start, item.name, item.kind, item.amount, item.unit,
         choice(item) != "必交", item.payers, item.bases[0].issuer if item.bases else None,
         item.bases[0].document if item.bases else None, item.note, absolute_url(context, "fees", record_id))
        for record_id, notice in notices for item in notice.items))



def _fee_rows_v2(context: Context, record_id: str, notice: Any) -> Iterable[tuple]:
    display = notice.display
    head = (record_id, notice.title, notice.school_year, notice.term, notice.payers, display and display.start,
            display and display.end, notice.issued, notice.collection_start)
    url = absolute_url(context, "fees", record_id)
    for number, item in enumerate(notice.items, 1):
        bases = "；".join(basis_text(b) for b in notice.bases_of(item))
        tail = (item.unit, {"自愿": True, "必交": False}.get(choice(item), "按规定自愿"), item.payers, "、".join(item.grades or ()), bases, item.exemption,
                item.refund, item.note, url)
        for label, amount in [(price.label, price.amount) for price in item.prices or ()] or [(None, item.amount)]:
            yield head + (number, item.name, item.kind, label, amount, item.max_amount, item.settled) + tail


def fees_csv_v2(context: Context) -> bytes:
    """data/v2/fees.csv: one row per price (an item with several prices has one row each, 档次 says which);
    an item without prices is one row, its 金额 empty when it has no fixed amount."""
    notices = sorted(context.site.of("fees").items(), key=lambda item: (record_date(item[1]), item[0]), reverse=True)
    return _csv(FEES_V2_COLUMNS, (row for record_id, notice in notices
                                  for row in _fee_rows_v2(context, record_id, notice)))


def honors_csv(context: Context, fragments: Fragments | None = None) -> bytes:
    return b"".join(honors_csv_chunks(context, fragments))


def honors_csv_chunks(context: Context, fragments: Fragments | None = None) -> Iterator[bytes]:
    """One row per recipient with its award group (pupils' names as on the site); an honour of the school
    itself is one row. 阶段 says whether the list is a candidate list on display (公示) or awarded (表彰).
    Each honour's rows are written once (`fragments`, exports/fragments.py)."""
    fragments = fragments or Fragments(context, stored=False)
    batches = sorted(context.site.of("honors").items(), key=lambda item: (record_date(item[1]), item[0]),
                     reverse=True)
    return _csv_chunks(HONORS_COLUMNS, (fragments.get("honors", record_id, "csv",
                                                  lambda: _rows_text(_honor_rows(context, record_id, batch)))
                                    for record_id, batch in batches))


def _honor_rows(context: Context, record_id: str, batch: Any) -> list[tuple]:
    rows = []
    url = absolute_url(context, "honors", record_id)
    policy = name_policy(batch, context) if shows_pupils(batch) else None
    for group in batch.award_groups():
        head = (record_id, batch.title, batch.date, batch.issuer, batch.level, group.recipient_kind)
        tail = (url, group.award, batch.stage, batch.number, group.count)
        if not group.recipients:  # the school's own honour, or a headcount whose names were not published
            winner = _school_name(context) if group.recipient_kind == "学校" else None
            rows.append(head + (winner, None, group.award) + tail)
        for person in group.people:
            name = shown_name(person.name, person.unit, policy) if group.pupils else person.name
            rows.append(head + (name, person.unit, person.award or group.award) + tail)
    return rows
