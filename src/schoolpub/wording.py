"""Plain Chinese text for descriptions and summaries: dates as sentences say them, one clean line.

Below the content types, views and exports, which all word their records with it.
"""
from __future__ import annotations

import datetime as dt
import re

from .month_dates import MonthOnly

MAX_LENGTH = 120
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[*_`#>|\[\]]")


def chinese_date(day: dt.date) -> str:
    """2025年9月1日; a date the source gives only to the month (fields.MonthOnly): 2017年1月."""
    if isinstance(day, MonthOnly):
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


def plain(text: str, limit: int = MAX_LENGTH) -> str:
    """One line of plain text, at most `limit` characters (cut with …)."""
    text = _SPACE.sub(" ", _MARKUP.sub("", text or "")).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip("，、；：,; ") + "…"


def period(start: dt.date, end: dt.date) -> str:
    """2025年9月1日至9月7日: a display period or a festival's days, as a sentence says them."""
    if start == end:
        return chinese_date(start)
    if start.year == end.year:
        return f"{chinese_date(start)}至{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{chinese_date(end)}"
