"""School terms as fee notices name them: which terms a notice covers, and which term is the next
one without a notice. The overlap check (fee_checks.check_fee_notices) says it when two notices
clash, and `make new KIND=fees` (scaffold_plans.py) writes it, so both name the same term.

A school year 2026-2027 has 第一学期 (autumn, from September) and 第二学期 (spring, from about
March); a notice for 全学年 covers both.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable, Optional

HALVES = ("第一学期", "第二学期")


@dataclass(frozen=True, order=True)
class Term:
    start_year: int  # 2026 for the school year 2026-2027
    half: int  # 0: 第一学期, 1: 第二学期

    @property
    def school_year(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    @property
    def name(self) -> str:
        return HALVES[self.half]

    @property
    def label(self) -> str:
        return f"{self.school_year} 学年{self.name}"

    @property
    def record_id(self) -> str:
        """The file name schools give such a notice: 2026-autumn, 2027-spring (the demo's convention)."""
        return f"{self.start_year}-autumn" if self.half == 0 else f"{self.start_year + 1}-spring"

    @property
    def nominal_start(self) -> dt.date:
        """About when the term starts (and fees are collected): September 1 or March 1. Only a
        starting point for the dates `make new` writes, which staff replace with the real ones."""
        return dt.date(self.start_year, 9, 1) if self.half == 0 else dt.date(self.start_year + 1, 3, 1)

    def following(self) -> "Term":
        return Term(self.start_year, 1) if self.half == 0 else Term(self.start_year + 1, 0)


def terms_of(notice: Any) -> list[Term]:
    """The terms a notice covers; none when it states no school year or term (nothing is guessed)."""
    if notice.school_year is None or notice.term is None:
        return []
    start_year = int(notice.school_year[:4])
    if notice.term == "全学年":
        return [Term(start_year, 0), Term(start_year, 1)]
    return [Term(start_year, HALVES.index(notice.term))]


def term_of_day(day: dt.date) -> Term:
    """The term a notice written on this day is most likely for: from August (autumn notices are
    posted in August) the school year's 第一学期, from January its 第二学期 (spring notices are
    posted in January and February)."""
    return Term(day.year, 0) if day.month >= 8 else Term(day.year - 1, 1)


def first_free(covered: Iterable[Term], start: Term) -> Term:
    """The first term from `start` on that no notice covers."""
    taken = set(covered)
    term = start
    while term in taken:
        term = term.following()
    return term


def covered_for(notices: Iterable[Any], payers: Optional[str]) -> set[Term]:
    """The terms covered by notices for the same payers (the overlap check's scope)."""
    return {term for notice in notices if notice.payers == payers for term in terms_of(notice)}
