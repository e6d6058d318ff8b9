"""Where a value came from in a spreadsheet, and the record data being read.

Every cell a value came from is remembered (empty cells too), so any later
problem — from a cell, the model, or the checks of `make check` — points at a
sheet, row and column.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from ..echo import quoted
from .cells import CellError, cell_text


@dataclass(frozen=True)
class Where:
    """A place in the spreadsheet: a cell, a whole row, or a whole sheet."""

    sheet: str | None
    row: int | None = None
    column: int | None = None  # 0-based
    header: str = ""


def column_letter(index: int) -> str:
    """0-based column index → its letters (0 → A, 26 → AA)."""
    return get_column_letter(index + 1)


def describe(file_name: str, is_csv: bool, where: Where) -> str:
    """The place as a message starts: 名单.xlsx 工作表“获奖名单” 第 4 行 B 列（姓名或名称）. The sheet
    name and header are quoted from the file (they may carry anything a cell can)."""
    parts = [quoted(file_name)]
    if where.sheet is not None:
        parts.append(f"【{quoted(where.sheet)}】" if is_csv else f"工作表“{quoted(where.sheet)}”")
    if where.row is not None:
        parts.append(f"第 {where.row} 行")
    header = f"（{quoted(where.header)}）" if where.header else ""
    if where.column is not None:
        parts.append(f"{column_letter(where.column)} 列" + header)
        header = ""
    return " ".join(parts) + header


@dataclass
class Reading:
    record_id: str | None = None
    id_where: "Where | None" = None  # the cell of 记录编号
    absent: set[tuple[str | None, str]] = field(default_factory=set)  # (sheet, key) of a missing required column
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple, Where] = field(default_factory=dict)  # record path → cell (also for empty cells)
    problems: list[tuple[Where, str]] = field(default_factory=list)

    def problem(self, where: Where, message: str) -> None:
        self.problems.append((where, message))


def text_or_problem(value: Any, kind: str, where: Where, reading: Reading):
    try:
        return cell_text(value, kind)
    except CellError as error:
        reading.problem(where, str(error))
        return None


def put(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def get(data: dict, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def clean(data: Any) -> Any:
    """The record data without the reader's bookkeeping keys."""
    if isinstance(data, dict):
        return {key: clean(value) for key, value in data.items() if not key.startswith("\0")}
    if isinstance(data, list):
        return [clean(value) for value in data]
    return data
