"""A fee notice's first screen: what a pupil (of each grade) pays this term, when, whom to call.

A thin adapter over the notice's arithmetic (`fees.fee_grades`, `fees.fee_totals`, built on
content/fee_sums.py): it adds no sums of its own. The template components/fee_first_screen.html.j2
sorts each row's lines under the three headings a parent asks about — 必交, 自愿（最多）,
按实际或另计 — and shows what only some pupils pay (住校生另交…) on lines of their own.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .describe import chinese_date
from .fees import GradeFees, fee_facts, fee_grades, fee_totals, totals_heading

NOT_STATED = "未注明"


@dataclass(frozen=True)
class FirstScreen:
    term: str  # "2025-2026 学年第一学期"; "每学期" for a notice that names no term (fees.totals_heading)
    by_grade: bool
    rows: tuple[GradeFees, ...]  # one per grade; one row (grade None) for a notice without grades
    when: str  # when to pay, or NOT_STATED: never a date the notice does not give
    phones: tuple[Any, ...]  # Contact (label, number): the notice's, else the school's (fee_facts)


def payment_time(notice: Any) -> str:
    """The notice's collection date; without one, say so and give the display period as written."""
    start = getattr(notice, "collection_start", None)
    if start:
        return f"{chinese_date(start)}开始收费"
    display = getattr(notice, "display", None)
    if display:
        return f"{NOT_STATED}开始收费日期（公示期 {chinese_date(display.start)}至{chinese_date(display.end)}）"
    return NOT_STATED


def first_screen(notice: Any, school: Any) -> FirstScreen:
    rows = tuple(fee_grades(notice)) if notice.grades else (fee_totals(notice).row,)
    return FirstScreen(term=totals_heading(notice), by_grade=bool(notice.grades), rows=rows,
                       when=payment_time(notice), phones=fee_facts(notice, school).phones)
