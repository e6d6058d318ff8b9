"""What a pupil pays, as exact sums of what the notice publishes (Decimals, never floats).

One rule decides every total on the page, in the open data and in the check of a published 合计:
an item is added up only when it has one fixed amount for the notice's own period (per term in a
term notice, per year in a whole-year notice; a notice that states no term: the one period its items
share, fee_rules.notice_period), or is collected once (元/套, 一次性) in the term the notice names, or
is billed per month with the months given (`months`) in that term. Everything else is listed with the reason it cannot be
added (按天计费, 没有固定金额, 只规定了最高金额, 有几档金额…). A total is shown only when every line
it covers can be added up. Items for some pupils (住校生, 乘车学生, 新生) are their own group, never
part of what "every pupil" pays.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional

from .fee_rules import DAY, MONTH, ONCE, TERM, YEAR, billing_period, choice, notice_period


def money(amount: Any) -> str:
    """An amount with the digits the school published: 1458.6 → 1,458.6, 59.50 → 59.50, 1200.00 → 1,200
    (a sum has the decimals of its parts: 80.6 + 300 + 1078 → 1,458.6)."""
    amount = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return f"{amount.quantize(Decimal(1)):,}" if amount == amount.to_integral_value() else f"{amount:,}"


def unit_after(unit: Optional[str]) -> str:
    """What follows an amount: " 元/生·学期" as written, or " 元（每生每学期）" for a unit without 元."""
    if not unit:
        return ""
    return f" {unit}" if unit.lstrip().startswith("元") else f" 元（{unit}）"


def fee_standard(item: Any) -> str:
    """An item's standard as plain text, always with its unit: `300 元/生·学期`, `最高 300 元/生·学期`,
    `早餐 3、中餐 8.3 元/生·天`, or how an item without an amount is settled (its unit after it)."""
    unit = unit_after(item.unit)
    if item.amount is not None:
        return f"{money(item.amount)}{unit}"
    if item.max_amount is not None:
        return f"最高 {money(item.max_amount)}{unit}"
    if item.prices:
        return "、".join(f"{price.label} {price.text}" for price in item.prices) + unit
    settled = item.settled or "未注明"
    return f"{settled}（{item.unit}）" if item.unit else settled


@dataclass(frozen=True)
class FeeLine:
    """One item as it applies to one grade (or the whole notice)."""

    item: Any
    text: str  # its standard here, e.g. "55 元/生·学期" in 四年级
    choice: str  # 必交 / 自愿 / 按规定自愿 (fee_rules.choice)
    amount: Optional[Decimal]  # what it adds to the notice's period; None: it cannot be added up
    most: Optional[Decimal]  # amount, or its cap (an upper bound when it is the parents' choice)
    reason: Optional[str]  # why no total includes it; None when one does


_PERIOD_REASONS = {DAY: "按天计费", YEAR: "按学年计费", TERM: "按学期计费", MONTH: "按月计费，原公示没有写收取几个月"}
_NO_TERM_REASONS = {  # a notice that states no term: its items outside the one period its totals are for
    YEAR: "按学年计费，原公示没有写学期", TERM: "按学期计费，原公示没有写学期",
    MONTH: "按月计费，原公示没有写学期", ONCE: "一次性收取，原公示没有写学期",
}


def _per_period(notice: Any, item: Any, fixed: Decimal) -> tuple[Optional[Decimal], Optional[str]]:
    """The fixed amount for the notice's own period, or why there is none."""
    period = billing_period(item.unit)
    if period is None:
        return None, "没有计费单位"
    if period == notice_period(notice) or (period == ONCE and notice.term):
        return fixed, None  # collected once: in the term the notice names; without one, not in "each term"
    if period == MONTH and item.months is not None and notice.term:
        return fixed * item.months, None  # months of a term nobody named would be a guess
    if not notice.term and period in _NO_TERM_REASONS and (period != MONTH or item.months is not None):
        return None, _NO_TERM_REASONS[period]
    return None, _PERIOD_REASONS.get(period, f"按“{item.unit}”计费")


def _group_price(item: Any, group: Optional[str]) -> Any:
    return next((price for price in item.prices or () if group and price.label == group), None)


def _price_text(price: Any, unit: str) -> str:
    """One price as published: `30 元/生·学期`, `0 元/生·学期`, or the cell's words alone (不收)."""
    return price.shown or f"{money(price.amount)}{unit}"


def item_line(notice: Any, item: Any, grade: Optional[str] = None, group: Optional[str] = None) -> Optional[FeeLine]:
    """The item in `grade` of a grade table (None: no table); for `group`, its price labelled so.
    None when the item is not paid in that grade."""
    unit = unit_after(item.unit)
    text, fixed, reason = fee_standard(item), item.amount, None
    if grade is not None and notice.grades:
        amounts = notice.grade_amounts(item)
        if grade not in amounts:
            return None
        cell = _group_price(item, grade)
        if cell is not None:
            text, fixed = _price_text(cell, unit), cell.amount
    if fixed is None and item.prices and len(item.prices) == 1 and not notice.grades:
        fixed = item.prices[0].amount  # one price with a label (中餐 8.3): a fixed amount all the same
    matching = _group_price(item, group)
    if matching is not None:
        text, fixed = f"{matching.label} {_price_text(matching, unit)}", matching.amount
    if fixed is None:
        reason = ("只规定了最高金额" if item.max_amount is not None else "有几档金额" if item.prices else
                  "没有固定金额" if item.settled else "原公示没有写金额")
    most = fixed if fixed is not None else item.max_amount
    amount = None
    if most is not None:
        # nothing (0, 不收) is nothing in every period: it adds 0 whatever the unit
        per_period, why = (most, None) if most == 0 else _per_period(notice, item, most)
        reason = reason or why
        most = per_period
        amount = per_period if fixed is not None else None
        if per_period is not None and most != 0 and billing_period(item.unit) == MONTH:
            text += f"（按 {item.months} 个月计 {money(per_period)} 元）"
    chosen = choice(item)
    added = (amount if chosen == "必交" else most) is not None  # a voluntary item adds its most (its cap)
    return FeeLine(item, text, chosen, amount, most, None if added else reason)


def _sum(values: list[Optional[Decimal]]) -> Optional[Decimal]:
    return None if any(value is None for value in values) else sum(values, Decimal(0))


@dataclass(frozen=True)
class GroupFees:
    """What only some pupils pay (住校生, 乘车学生…), on top of what every pupil pays."""

    payers: str
    lines: tuple[FeeLine, ...]
    required: Optional[Decimal]  # the group's 必交 lines added up; None if one cannot be
    voluntary: Optional[Decimal]  # the most its voluntary lines cost; None if one cannot be added up


@dataclass(frozen=True)
class TotalCheck:
    """A 合计 the school published, and the same sum made from its items."""

    payers: Optional[str]
    published: Decimal
    ours: Decimal
    parts: tuple[tuple[str, Decimal], ...]  # (item, amount) added up

    @property
    def matches(self) -> bool:
        return self.published == self.ours


def _totals(lines: list[FeeLine]) -> tuple[Optional[Decimal], Optional[Decimal]]:
    required = _sum([line.amount for line in lines if line.choice == "必交"])
    voluntary = _sum([line.most for line in lines if line.choice != "必交"])
    return required, voluntary


def groups_of(notice: Any, grade: Optional[str]) -> list[GroupFees]:
    groups: dict[str, list[FeeLine]] = {}
    for item in notice.items:
        if not notice.for_everyone(item):
            line = item_line(notice, item, grade)
            if line is not None:
                groups.setdefault(item.payers, []).append(line)
    return [GroupFees(payers, tuple(lines), *_totals(lines)) for payers, lines in groups.items()]


def published_check(notice: Any, grade: Optional[str], payers: Optional[str], amount: Decimal) -> TotalCheck:
    """The published 合计 of `grade` (and `payers`) against every item of it that can be added up,
    voluntary or not: what every pupil pays, plus the items of that group or priced for it."""
    parts = []
    for item in notice.items:
        in_group = notice.for_everyone(item) or (payers is not None and item.payers == payers)
        if in_group or _group_price(item, payers) is not None:
            line = item_line(notice, item, grade, payers)
            if line is not None and line.amount is not None:
                parts.append((item.name, line.amount))
    return TotalCheck(payers, amount, sum((part for _, part in parts), Decimal(0)), tuple(parts))
