"""Fee notices as parents read them: each item's standard, and what a pupil pays per term.

Pure arithmetic over a validated FeeNotice (exact Decimals, never floats), shared by the
record page, the printable notice, the link-preview description and the open data.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping


def money(amount: Any) -> str:
    """1200 → 1,200 元 style digits; keeps cents only when there are any."""
    text = f"{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@dataclass(frozen=True)
class FeeTotals:
    """What one pupil pays per term: mandatory for everyone, mandatory for some, optional."""

    everyone: Any
    some: tuple[tuple[str, Any], ...]  # (who, amount)
    voluntary: Any
    other_units: tuple[str, ...]  # items billed per day, month or time, or without a fixed amount: not summed


def fee_standard(item: Any) -> str:
    """An item's standard as plain text: `300 元/生·学期`, `最高 300 元/生·学期`,
    `早餐 3、中餐 8.3 元/生·天`, or how an item without an amount is settled."""
    unit = f" {item.unit}" if item.unit else ""
    if item.amount is not None:
        return f"{money(item.amount)}{unit}"
    if item.max_amount is not None:
        return f"最高 {money(item.max_amount)}{unit}"
    if item.prices:
        return "、".join(f"{price.label} {money(price.amount)}" for price in item.prices) + unit
    return item.settled


def _per_term(item: Any) -> bool:
    return bool(item.unit) and "学期" in item.unit


def _most(item: Any) -> Any:
    """The most a voluntary item can cost: its amount, its cap, or its dearest price (None: no amount)."""
    if item.amount is not None:
        return item.amount
    if item.max_amount is not None:
        return item.max_amount
    return max((price.amount for price in item.prices), default=None) if item.prices else None


def fee_totals(notice: Any) -> FeeTotals:
    everyone, voluntary = Decimal(0), Decimal(0)
    some: dict[str, Decimal] = {}
    other = []
    for item in notice.items:
        most = _most(item)
        if _per_term(item) and item.voluntary and most is not None:
            voluntary += most
        elif _per_term(item) and item.amount is not None and item.payers:
            some[item.payers] = some.get(item.payers, Decimal(0)) + item.amount
        elif _per_term(item) and item.amount is not None:
            everyone += item.amount
        else:
            other.append(f"{item.name}（{fee_standard(item)}）")
    return FeeTotals(everyone, tuple(some.items()), voluntary, tuple(other))


@dataclass(frozen=True)
class GradeFees:
    """One grade's row of a grade × item notice: what a pupil in that grade pays per term."""

    grade: str
    required: Any  # mandatory, fixed, per term, for every pupil of the grade
    voluntary: Any  # the most the voluntary per-term items cost
    other: tuple[str, ...]  # items of the grade not summed (no fixed amount, per day, some pupils only)
    items: tuple[tuple[Any, str], ...]  # (item, its standard in this grade)


def fee_grades(notice: Any) -> list[GradeFees]:
    """Per-grade totals of a notice with `grades` (empty for a notice without)."""
    rows = []
    by_item = [(item, notice.grade_amounts(item)) for item in notice.items]
    for grade in notice.grades or ():
        required, voluntary = Decimal(0), Decimal(0)
        other, items = [], []
        for item, amounts in by_item:
            if grade not in amounts:
                continue
            amount = amounts[grade]
            graded = any(price.label == grade for price in item.prices or ())
            text = f"{money(amount)} {item.unit}" if graded else fee_standard(item)
            items.append((item, text))
            most = amount if amount is not None else _most(item)
            if _per_term(item) and item.voluntary and most is not None:
                voluntary += most
            elif (_per_term(item) and not item.voluntary and not item.payers and amount is not None
                    and item.max_amount is None):
                required += amount
            else:
                other.append(item.name)
        rows.append(GradeFees(grade, required, voluntary, tuple(other), tuple(items)))
    return rows


def fee_cell(item: Any, amounts: Mapping[str, Any], grade: str) -> str:
    """One cell of the printed grade × item table: the amount, the cap, 不定额, or — (not paid)."""
    if grade not in amounts:
        return "—"
    if amounts[grade] is None:
        return "、".join(f"{p.label} {money(p.amount)}" for p in item.prices) if item.prices else "不定额"
    return ("最高 " if item.max_amount is not None else "") + money(amounts[grade])
