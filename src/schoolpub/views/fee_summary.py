"""A fee notice's first screen: what a pupil (of each grade) pays this term, when, whom to call.

A thin adapter over the notice's arithmetic (`fees.fee_totals`, `fees.fee_grades`): it adds no
sums of its own, it only sorts the figures and items it is given under the three headings a
parent asks about — 必交, 自愿（最多）, 按实际或另计. When that arithmetic changes, re-point
`fee_summary` (and `_graded_lines`); the template components/fee_first_screen.html.j2 reads only
the dataclasses below.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .describe import chinese_date
from .fees import fee_grades, fee_totals

NOT_STATED = "未注明"


@dataclass(frozen=True)
class FeeLine:
    """One item as a parent of the group reads it: `课本费`, `55 元/生·学期`, `住校生`."""

    name: str
    standard: str  # the item's standard for this group (its grade's amount in a grade table)
    payers: str = ""  # who among the group pays it, when not everyone (住校生); empty: everyone
    exemption: str = ""


@dataclass(frozen=True)
class PupilGroup:
    """What a pupil of one grade — or of the whole school, in a notice without grades — pays per term."""

    name: str  # "四年级"; "全体学生" for a notice without grades
    required: Decimal  # 必交: as the arithmetic summed it
    some: tuple[tuple[str, Decimal], ...]  # (who, amount): mandatory for some pupils only (住校生另交 450)
    voluntary: Decimal  # 自愿（最多）: as the arithmetic summed it
    other: tuple[str, ...]  # 按实际或另计: what the arithmetic did not add up
    required_lines: tuple[FeeLine, ...] = ()  # a grade's items under each heading (grade tables only)
    voluntary_lines: tuple[FeeLine, ...] = ()
    other_lines: tuple[FeeLine, ...] = ()


@dataclass(frozen=True)
class FeeSummary:
    term: str  # "2025-2026 学年第一学期"
    by_grade: bool
    groups: tuple[PupilGroup, ...]
    when: str  # when to pay, or NOT_STATED: never a date the notice does not give
    phones: tuple[Any, ...]  # Contact (label, number)


def _line(item: Any, standard: str) -> FeeLine:
    return FeeLine(item.name, standard, item.payers or "", item.exemption or "")


def _graded_lines(row: Any) -> tuple[tuple[FeeLine, ...], ...]:
    """A grade's items under 必交 / 自愿 / 另计, in the notice's order.

    fee_grades names the items it left out of the grade's sums (`row.other`); the rest are the
    voluntary items (in the 自愿 figure) and the required ones (in the 必交 figure)."""
    required, voluntary, other = [], [], []
    for item, standard in row.items:
        heading = other if item.name in row.other else voluntary if item.voluntary else required
        heading.append(_line(item, standard))
    return tuple(required), tuple(voluntary), tuple(other)


def payment_time(notice: Any) -> str:
    """The notice's collection date; without one, say so and give the display period as written."""
    start = getattr(notice, "collection_start", None)
    if start:
        return f"{chinese_date(start)}开始收费"
    display = getattr(notice, "display", None)
    if display:
        return f"{NOT_STATED}开始收费日期（公示期 {chinese_date(display.start)}至{chinese_date(display.end)}）"
    return NOT_STATED


def fee_summary(notice: Any) -> FeeSummary:
    if notice.grades:
        groups = tuple(PupilGroup(row.grade, row.required, (), row.voluntary, row.other, *_graded_lines(row))
                       for row in fee_grades(notice))
    else:
        totals = fee_totals(notice)
        groups = (PupilGroup("全体学生", totals.everyone, totals.some, totals.voluntary, totals.other_units),)
    return FeeSummary(term=f"{notice.school_year} 学年{notice.term}", by_grade=bool(notice.grades), groups=groups,
                      when=payment_time(notice), phones=tuple(notice.complaint_phones or ()))
