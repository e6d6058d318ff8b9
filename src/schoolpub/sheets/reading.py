"""Tables of a filled template → record data (text values) and where each value came from.

Sheets are found by name, headers by their text (spaces, full-width brackets
and a required-mark star ignored; the model's key names work too), and the
header row wherever it is in the first rows (above it staff often merge a big
title). Rows whose 序号 says 例 are the template's example. Every cell a value
came from is remembered, so any later problem points at a sheet, row and column.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .cells import CellError, cell_text, header_key, is_empty
from .layout import FIELDS_SHEET, ID_TITLE, Column, Layout, ListSheet
from .workbook import Row, Table

NUMBER_HEADER = "序号"
EXAMPLE_MARKS = {"例", "示例", "例子"}
FIELDS_HEADER = ("项目", "内容", "说明")
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class Where:
    """A place in the spreadsheet: a cell, a whole row, or a whole sheet."""

    sheet: str | None
    row: int | None = None
    column: int | None = None  # 0-based
    header: str = ""


@dataclass
class Reading:
    record_id: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple, Where] = field(default_factory=dict)  # record path → cell (also for empty cells)
    problems: list[tuple[Where, str]] = field(default_factory=list)

    def problem(self, where: Where, message: str) -> None:
        self.problems.append((where, message))


def read_record(layout: Layout, tables: list[Table]) -> Reading:
    reading = Reading()
    by_sheet = _assign_tables(layout, tables, reading)
    _read_fields(layout, by_sheet.get(FIELDS_SHEET), reading)
    items: dict[str, list[tuple[dict, Row]]] = {}
    for sheet in layout.lists:
        items[sheet.name] = _read_list(sheet, by_sheet.get(sheet.name), reading, items)
    return reading


# -- which table is which sheet ----------------------------------------------------

def _assign_tables(layout: Layout, tables: list[Table], reading: Reading) -> dict[str, Table]:
    names = {header_key(name): name for name in layout.sheet_names()}
    found: dict[str, Table] = {}
    for table in tables:
        name = names.get(header_key(table.name)) if table.name is not None else _guess_sheet(layout, table)
        if name is None:
            known = "、".join(layout.sheet_names())
            close = difflib.get_close_matches(table.name or "", layout.sheet_names(), n=1, cutoff=0.5)
            hint = f"是不是“{close[0]}”？" if close else ""
            reading.problem(Where(table.name), f"模板里没有叫“{table.name}”的工作表，里面的内容不会被导入。{hint}"
                                               f"请把内容移到对应的工作表（{known}），不需要的工作表请删除。")
        elif name in found:
            reading.problem(Where(table.name), f"有两个“{name}”工作表，请合并成一个。")
        else:
            found[name] = table
    return found


def _guess_sheet(layout: Layout, table: Table) -> str | None:
    """A CSV file without 【工作表】 lines: 基本信息 if it reads like one, else the list its header fits best."""
    if any(header_key(row.value(0)) == FIELDS_HEADER[0] for row in table.rows[:HEADER_SEARCH_ROWS]):
        return FIELDS_SHEET
    scores = {sheet.name: _header_row(sheet, table)[1] for sheet in layout.lists}
    best = max(scores, key=scores.get, default=None)
    return best if best and scores[best] else None


# -- 基本信息 -------------------------------------------------------------------------

def _read_fields(layout: Layout, table: Table | None, reading: Reading) -> None:
    columns = list(layout.singles)
    labels = {header_key(column.title): column for column in columns}
    labels.update({header_key(".".join(column.path)): column for column in columns})
    if table is None:
        for column in columns:
            reading.where[column.path] = Where(FIELDS_SHEET, header=column.title)
        return
    start = next((index + 1 for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS])
                  if header_key(row.value(0)) == FIELDS_HEADER[0]), 0)
    seen: set[str] = set()
    for row in table.rows[start:]:
        label = header_key(row.value(0))
        where = Where(table.name, row.number, 1, str(row.value(0) or "").strip())
        if label in (header_key(ID_TITLE), "id") and layout.has_id:
            reading.record_id = _text_or_problem(row.value(1), "text", where, reading)
            continue
        column = labels.get(label)
        if column is None:
            if label or not is_empty(row.value(1)):
                _unknown_label(row, table.name, columns, reading)
            continue
        if column.title in seen:
            reading.problem(where, f"“{column.title}”写了两行，请只保留一行。")
            continue
        seen.add(column.title)
        where = Where(table.name, row.number, 1, column.title)
        reading.where[column.path] = where
        value = _text_or_problem(row.value(1), column.kind, where, reading)
        if value is not None:
            _put(reading.data, column.path, value)
    for column in columns:
        reading.where.setdefault(column.path, Where(table.name, header=column.title))


def _unknown_label(row: Row, sheet: str | None, columns: list[Column], reading: Reading) -> None:
    typed = str(row.value(0) or "").strip()
    titles = [column.title for column in columns]
    close = difflib.get_close_matches(typed, titles, n=1, cutoff=0.5)
    hint = f"是不是“{close[0]}”？" if close else "请照模板的写法填写 A 列。"
    if not typed:
        reading.problem(Where(sheet, row.number, 0), "这一行 A 列是空的，看不出 B 列的内容属于哪一项。" + hint)
    else:
        reading.problem(Where(sheet, row.number, 0, typed), f"不认识“{typed}”这一项，它不会被导入。{hint}")


# -- list sheets ------------------------------------------------------------------------

def _header_row(sheet: ListSheet, table: Table) -> tuple[int, int]:
    """Index of the header row among the first rows, and how many headers it matched."""
    known = _header_names(sheet)
    best = (-1, 0)
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        score = sum(1 for value in row.cells if header_key(value) in known)
        if score > best[1]:
            best = (index, score)
    return best


def _header_names(sheet: ListSheet) -> dict[str, Column | None]:
    names: dict[str, Column | None] = {header_key(NUMBER_HEADER): None}
    for column in sheet.all_columns:
        names[header_key(column.title)] = column
        if column is not sheet.link:
            names[header_key(".".join(column.path))] = column
    return names


def _read_list(sheet: ListSheet, table: Table | None, reading: Reading,
               items: dict[str, list[tuple[dict, Row]]]) -> list[tuple[dict, Row]]:
    if table is None:
        return []
    header_index, _ = _header_row(sheet, table)
    if header_index < 0:
        if table.rows:
            reading.problem(Where(table.name), "找不到表头（例如“" + "”“".join(c.title for c in sheet.columns[:3]) +
                                               "”）。请保留模板里的表头行。")
        return []
    header = table.rows[header_index]
    columns = _map_header(sheet, table, header, header_index, reading)
    rows = [row for row in table.rows[header_index + 1:] if not _is_example(row, columns)]
    _missing_columns(sheet, table.name, header, columns, rows, reading)
    read: list[tuple[dict, Row]] = []
    for row in rows:
        item = _read_item(sheet, table.name, row, columns, reading)
        read.append((item, row))
    _attach(sheet, table.name, read, reading, items)
    return read


def _map_header(sheet: ListSheet, table: Table, header: Row, header_index: int,
                reading: Reading) -> dict[int, Column | None]:
    known = _header_names(sheet)
    columns: dict[int, Column | None] = {}
    for index, value in enumerate(header.cells):
        key = header_key(value)
        if key in known:
            if known[key] in columns.values() and known[key] is not None:
                reading.problem(Where(table.name, header.number, index, str(value)), f"“{value}”这一列出现了两次，请只保留一列。")
                continue
            columns[index] = known[key]
        elif any(not is_empty(row.value(index)) for row in table.rows[header_index + 1:]):
            titles = [column.title for column in sheet.all_columns]
            close = difflib.get_close_matches(str(value or ""), titles, n=1, cutoff=0.5)
            hint = f"是不是“{close[0]}”？" if close else f"这张表的列有：{'、'.join(titles)}。"
            name = f"“{value}”" if not is_empty(value) else "没有表头的"
            reading.problem(Where(table.name, header.number, index, str(value or "")),
                            f"不认识{name}这一列，它的内容不会被导入。{hint}")
    return columns


def _missing_columns(sheet: ListSheet, table_name, header: Row, columns: dict[int, Column | None],
                     rows: list[Row], reading: Reading) -> None:
    present = set(columns.values())
    for column in sheet.all_columns:
        if column.required and column not in present and rows:
            reading.problem(Where(table_name, header.number, None, column.title),
                            f"缺少“{column.title}”这一列（必填）。请照模板补上这一列。")


def _is_example(row: Row, columns: dict[int, Column | None]) -> bool:
    number_column = next((index for index, column in columns.items() if column is None), None)
    return number_column is not None and str(row.value(number_column) or "").strip() in EXAMPLE_MARKS


def _read_item(sheet: ListSheet, table_name, row: Row, columns: dict[int, Column | None],
               reading: Reading) -> dict:
    item: dict[str, Any] = {}
    for index, column in columns.items():
        if column is None:
            continue
        where = Where(table_name, row.number, index, column.title)
        value = _text_or_problem(row.value(index), column.kind, where, reading)
        if column is sheet.link:
            item[_LINK] = (value, where)
        elif value is not None:
            _put(item, column.path, value)
        item.setdefault(_CELLS, {})[column.path] = where
    return item


_LINK = "\0link"
_CELLS = "\0cells"


def _attach(sheet: ListSheet, table_name, read: list[tuple[dict, Row]], reading: Reading,
            items: dict[str, list[tuple[dict, Row]]]) -> None:
    """Place the items into the record: at the list's path, or into the parent item they name."""
    if sheet.parent is None:
        targets = [(reading.data, sheet.path, item, row) for item, row in read]
    else:
        targets = []
        parents = items.get(sheet.parent.name, [])
        link_path = sheet.link_key.path
        for item, row in read:
            parent = _parent_of(sheet, item, parents, link_path, reading)
            if parent is not None:
                targets.append((parent, sheet.path, item, row))
    counts: dict[int, int] = {}
    for container, path, item, row in targets:
        counts[id(container)] = counts.get(id(container), 0) + 1
    placed: dict[int, int] = {}
    for container, path, item, row in targets:
        index = placed.get(id(container), 0)
        placed[id(container)] = index + 1
        single = sheet.one_or_list and counts[id(container)] == 1
        base = _path_of(container, reading) + path + (() if single else (index,))
        item.pop(_LINK, None)
        cells = item.pop(_CELLS, {})
        reading.where[base] = Where(table_name, row.number, None)
        for column_path, where in cells.items():
            reading.where[base + column_path] = where
        item[_BASE] = base
        if single:
            container[path[0]] = item
        else:
            container.setdefault(path[0], []).append(item)


_BASE = "\0base"


def _path_of(container: dict, reading: Reading) -> tuple:
    return () if container is reading.data else container[_BASE]


def _parent_of(sheet: ListSheet, item: dict, parents: list[tuple[dict, Row]], link_path: tuple,
               reading: Reading) -> dict | None:
    name, where = item.get(_LINK, (None, None))
    parent_title = sheet.parent.name
    if where is None:  # no link column at all: reported once as a missing column
        return None
    if name is None:
        reading.problem(where, f"请填写这一行属于“{parent_title}”表里的哪一项。")
        return None
    matches = [parent for parent, _ in parents if _get(parent, link_path) == name]
    if not matches:
        known = "、".join(str(_get(parent, link_path)) for parent, _ in parents) or "（那张表是空的）"
        reading.problem(where, f"“{name}”在“{parent_title}”表里找不到。请照抄那张表里的名称，现有：{known}。")
        return None
    if len(matches) > 1:
        reading.problem(where, f"“{parent_title}”表里有 {len(matches)} 项都叫“{name}”，看不出这一行属于哪一项。"
                               "请把它们改成不同的名称。")
        return None
    return matches[0]


# -- values ---------------------------------------------------------------------------------

def _text_or_problem(value: Any, kind: str, where: Where, reading: Reading):
    try:
        return cell_text(value, kind)
    except CellError as error:
        reading.problem(where, str(error))
        return None


def _put(data: dict, path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _get(data: dict, path: tuple[str, ...]) -> Any:
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
