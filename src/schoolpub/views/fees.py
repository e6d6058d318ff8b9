"""Fee notices as parents read them: each item's standard, and what a pupil pays.

Pure functions of a validated FeeNotice, shared by the record page, the printable notice, the
link-preview description and the open data. The arithmetic itself (what can be added up, and why
not) is content/fee_sums.py, the same the check of a published 合计 uses; what a pupil pays and the
term a notice covers are content/fee_totals.py, which the notice's own description uses too.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from ..content.fee_rules import stage_of
from ..content.fee_sums import FeeLine, GroupFees, TotalCheck, fee_standard, money
from ..content.fee_totals import (FeeTotals, GradeFees, fee_grades, fee_summary, fee_totals, period_word, stated_term,
                                  term_row)

__all__ = ["FeeLine", "FeeTotals", "GradeFees", "GroupFees", "NoticeFacts", "TotalCheck", "basis_text", "fee_cell",
           "fee_facts", "fee_grades", "fee_standard", "fee_summary", "fee_totals", "money", "period_word", "stated_term",
           "term_row", "totals_heading"]


def totals_heading(notice: Any) -> str:
    """What the first screen's totals are for: 2025-2026 学年第一学期; without a term, 每学期 (the items'
    own period, which no term was named for); "" when not even that is known."""
    if notice.term:
        return stated_term(notice)
    word = period_word(notice)
    per = f"每{word}" if word and not (word == "学年" and notice.school_year) else ""
    return stated_term(notice) + per


def fee_cell(item: Any, amounts: Mapping[str, Any], grade: str) -> str:
    """One cell of the printed grade × item table: the amount (0 or 不收 as published), the cap, 不定额,
    or — (not paid)."""
    if grade not in amounts:
        return "—"
    cell = next((price for price in item.prices or () if price.label == grade), None)
    if cell is not None:
        return cell.text
    if amounts[grade] is None:
        return "、".join(f"{p.label} {p.text}" for p in item.prices) if item.prices else "不定额"
    return ("最高 " if item.max_amount is not None else "") + money(amounts[grade])


def basis_text(basis: Any) -> str:
    """One basis as schools write it: 常价费〔2011〕124号; 示例市发改委 示发改价格〔2023〕12号;
    《关于…的通知》（常教财〔2022〕17号）; 经示例市教育局备案. A title is wrapped in 《》 exactly once."""
    title = f"《{basis.plain_title}》" if basis.plain_title else ""
    number = (f"（{basis.document}）" if title else basis.document) if basis.document else ""
    if basis.filed:
        return f"经{basis.issuer}备案{title}{number}" if basis.issuer else f"备案标准{title}{number}"
    space = " " if basis.issuer and number and not title else ""
    return f"{basis.issuer or ''}{title}{space}{number}"


@dataclass(frozen=True)
class NoticeFacts:
    """What the page shows for facts a notice may leave to school.yml `fees:` (None: 未注明)."""

    stage: Optional[str]
    issuer: str
    phones: tuple[Any, ...]
    phones_inherited: bool
    reductions: Optional[str]
    reductions_inherited: bool
    refund: Optional[str]
    refund_inherited: bool


def fee_facts(notice: Any, school: Any) -> NoticeFacts:
    defaults = school.fees if school is not None else None

    def own_or_school(key: str) -> tuple[Any, bool]:
        own = getattr(notice, key)
        if own is not None or defaults is None:
            return own, False
        inherited = getattr(defaults, key)
        return inherited, inherited is not None

    phones, phones_inherited = own_or_school("complaint_phones")
    issuer = notice.issuer or (defaults.collector if defaults and defaults.collector else None) or \
        (school.name if school is not None else "")
    return NoticeFacts(stage_of(notice, school), issuer, tuple(phones or ()), phones_inherited,
                       *own_or_school("reductions"), *own_or_school("refund"))
