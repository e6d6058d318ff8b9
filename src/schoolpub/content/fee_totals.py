"""What a pupil pays under a fee notice, and the term it covers, as far as the notice states them.

Pure functions of a validated FeeNotice over the arithmetic of fee_sums.py: the record page, the
printable notice and the open data show them (views/fees.py), and the notice's own description and
feed summary (fees.py) say them.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from .fee_rules import TERM, YEAR, notice_period
from .fee_sums import FeeLine, GroupFees, TotalCheck, groups_of, item_line, published_check

# -- the school year and term, as far as the notice states them (never inferred from its date) -------

def stated_term(notice: Any, space: str = " ") -> str:
    """2025-2026 学年第一学期, 2025-2026 学年, 第一学期, or "" when the notice states neither."""
    year = f"{notice.school_year}{space}学年" if notice.school_year else ""
    return year + (notice.term or "")


def term_row(notice: Any, space: str = " ", missing: str = "未注明") -> str:
    """The notice's 学年学期 with what it leaves out said: 2017-2018 学年（学期未注明）, 未注明."""
    stated = stated_term(notice, space)
    if not stated:
        return missing
    if not notice.term:
        return f"{stated}（学期未注明）"
    return stated if notice.school_year else f"{stated}（学年未注明）"


def period_word(notice: Any) -> Optional[str]:
    """学期 or 学年: what the notice's totals are per (fee_rules.notice_period); None: only one-off items add up."""
    return {TERM: "学期", YEAR: "学年"}.get(notice_period(notice))


def _sum(values: list[Optional[Decimal]]) -> Optional[Decimal]:
    return None if any(value is None for value in values) else sum(values, Decimal(0))


@dataclass(frozen=True)
class GradeFees:
    """One grade of a grade × item notice (grade None: a notice without grades): what its pupils pay."""

    grade: Optional[str]
    required: Optional[Decimal]  # every pupil's 必交 lines added up (0: there are none); None: one cannot be
    voluntary: Optional[Decimal]  # the most every pupil's voluntary lines cost; None: one cannot be added up
    other: tuple[str, ...]  # names of the grade's items outside those two sums (not addable, or some pupils only)
    items: tuple[tuple[Any, str], ...]  # (item, its standard in this grade), every item of the grade
    lines: tuple[FeeLine, ...] = ()  # what every pupil of the grade pays, item by item
    groups: tuple[GroupFees, ...] = ()  # what only some pupils pay (住校生, 乘车学生…), each on its own
    published: tuple[TotalCheck, ...] = ()  # the school's own 合计 for this grade, with our sum of it

    @property
    def not_added(self) -> tuple[FeeLine, ...]:
        """Every pupil's lines that no total includes, each with its reason."""
        return tuple(line for line in self.lines if line.reason)


def fee_summary(notice: Any, grade: Optional[str] = None) -> GradeFees:
    """What the pupils of `grade` pay (a notice without grades: grade None)."""
    every_line = [line for item in notice.items for line in [item_line(notice, item, grade)] if line is not None]
    lines = [line for line in every_line if notice.for_everyone(line.item)]
    outside = {id(line.item) for line in every_line if not notice.for_everyone(line.item) or line.reason}
    return GradeFees(
        grade,
        required=_sum([line.amount for line in lines if line.choice == "必交"]),
        voluntary=_sum([line.most for line in lines if line.choice != "必交"]),
        other=tuple(line.item.name for line in every_line if id(line.item) in outside),
        items=tuple((line.item, line.text) for line in every_line),
        lines=tuple(lines),
        groups=tuple(groups_of(notice, grade)),
        published=tuple(published_check(notice, total.grade, total.payers, total.amount)
                        for total in notice.totals or () if total.grade == grade))


def fee_grades(notice: Any) -> list[GradeFees]:
    """Per-grade totals of a notice with `grades` (empty for a notice without)."""
    return [fee_summary(notice, grade) for grade in notice.grades or ()]


@dataclass(frozen=True)
class FeeTotals:
    """What one pupil pays under a notice without grades: every pupil, some pupils, optional."""

    everyone: Optional[Decimal]  # None: a 必交 item cannot be added up (see other_units)
    some: tuple[tuple[str, Optional[Decimal]], ...]  # (who, their 必交 items added up, None if they cannot be)
    voluntary: Optional[Decimal]  # the most the voluntary items cost; None if one cannot be added up
    other_units: tuple[str, ...]  # "name（standard：why）" of every pupil's items no total includes
    row: GradeFees  # the same, line by line


def fee_totals(notice: Any) -> FeeTotals:
    row = fee_summary(notice)
    return FeeTotals(row.required, tuple((group.payers, group.required) for group in row.groups), row.voluntary,
                     tuple(f"{line.item.name}（{line.text}：{line.reason}）" for line in row.not_added), row)
