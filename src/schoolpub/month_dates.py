"""Dates a source gives only to the month (a notice signed 2017年1月), as a field type.

`MonthOnly` is a date, so everything that sorts, groups by year or compares dates keeps
working (as the month's first day); but it writes itself out as `2017-01`, in pages, open
data, spreadsheets and cache keys alike, so no day nobody published is ever shown.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from .fields import _date, _normalised, fail


class MonthOnly(dt.date):
    """A date the source gives only to the month (落款 2017年1月): it sorts, groups by year and
    compares as the month's first day, but reads `2017-01` wherever it is written out, so no page
    or file shows a day nobody published. Arithmetic on it gives plain dates."""

    @property
    def last_day(self) -> dt.date:
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"MonthOnly({self.year}, {self.month})"

    def __add__(self, other):
        result = dt.date.__add__(self, other)
        return dt.date(result.year, result.month, result.day) if isinstance(result, dt.date) else result

    __radd__ = __add__

    def __sub__(self, other):
        result = dt.date.__sub__(self, other)
        return dt.date(result.year, result.month, result.day) if isinstance(result, dt.date) else result


def _day_or_month(value: Any) -> dt.date:
    """A day as `_date` reads it, or a month alone: `2017-01`, `2017年1月`."""
    if isinstance(value, dt.date):
        return value
    text = _normalised(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})", text) or re.fullmatch(r"(\d{4})年(\d{1,2})月", text)
    if match:
        year, month = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            raise fail(f"月份“{text}”不存在（月份要在 1 到 12 之间）。")
        return MonthOnly(year, month, 1)
    loose = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", text)
    if loose and 1 <= int(loose.group(2)) <= 12:
        raise fail(f"只写到月的日期请写成 {int(loose.group(1)):04d}-{int(loose.group(2)):02d} 这样的格式（现在是“{text}”）。")
    try:
        return _date(text)
    except PydanticCustomError as error:
        if "2025-09-01 或 2025年9月1日" not in error.message():
            raise  # a day that does not exist, or a day written loosely: its own message says what to write
        raise fail(f"日期请写成 2025-09-01 或 2025年9月1日 这样的格式；原文只写到月的，写 2017-01 或 2017年1月"
                   f"（现在是“{text}”）。") from None


DayOrMonth = Annotated[
    dt.date,
    BeforeValidator(_day_or_month),
    PlainSerializer(lambda day: day.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string",
                    "pattern": r"^(\d{4}-\d{2}(-\d{2})?|\d{4}年\d{1,2}月(\d{1,2}日)?)$",
                    "examples": ["2025-09-01", "2025年9月1日", "2017-01"]}),
]
"""A day, or a month alone where the source gives no day (a `MonthOnly`)."""
