"""List sheets: one row per item, the header found wherever it is, items placed into the record.

A list inside a list item (a fee item's 分档收费标准) has rows whose first column
names their item; they are placed into that item, and a name that matches no
item, or several, is a problem at that cell.
"""
from __future__ import annotations

import difflib
from typing import Any

from ..echo import quoted
from .cells import header_key, is_empty
from .layout import Column, ListSheet
from .places import Reading, Where, get, put, text_or_problem
from .tables import Row, Table

NUMBER_HEADER = "序号"
EXAMPLE_MARKS = {"例", "示例", "例子"}
HEADER_SEARCH_ROWS = 10


def header_row(sheet: ListSheet, table: Table) -> tuple[int, int]:
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


def read_list(sheet: ListSheet, table: Table | None, reading: Reading,
               items: dict[str, list[tuple[dict, Row]]]) -> list[tuple[dict, Row]]:
    if table is None:
        return []
    header_index, _ = header_row(sheet, table)
    if header_index < 0:
        if table.rows:
            reading.problem(Where(table.name), "找不到表头（例如“" + "”“".join(c.title for c in sheet.columns[:3]) +
                                               "”）。请保留模板里的表头行。")
        return []
    header = table.rows[header_index]
    columns = _map_header(sheet, table, header, header_index, reading)
    rows = [row for row in table.rows[header_index + 1:] if not _is_example(row, columns) and _has_data(row, columns)]
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
                reading.problem(Where(table.name, header.number, index, str(value)), f"“{quoted(value)}”这一列出现了两次，请只保留一列。")
                continue
            columns[index] = known[key]
        elif any(not is_empty(row.value(index)) for row in table.rows[header_index + 1:]):
            titles = [column.title for column in sheet.all_columns]
            close = difflib.get_close_matches(str(value or ""), titles, n=1, cutoff=0.5)
            hint = f"是不是“{close[0]}”？" if close else f"这张表的列有：{'、'.join(titles)}。"
            name = f"“{quoted(value)}”" if not is_empty(value) else "没有表头的"
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
            reading.absent.add((table_name, column.path[-1]))


def _has_data(row: Row, columns: dict[int, Column | None]) -> bool:
    """Anything besides a 序号: staff number 1–50 in advance and fill 30 names."""
    return any(not is_empty(value) for index, value in enumerate(row.cells) if columns.get(index, False) is not None)


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
        value = text_or_problem(row.value(index), column.kind, where, reading)
        if column is sheet.link:
            item[_LINK] = (value, where)
        elif value is not None:
            put(item, column.path, value)
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
        # a list inside a single nested value (school.yml fees › complaint_phones) sits one level down
        holder = container
        for key in path[:-1]:
            holder = holder.setdefault(key, {})
        if single:
            holder[path[-1]] = item
        else:
            holder.setdefault(path[-1], []).append(item)


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
    matches = [parent for parent, _ in parents if get(parent, link_path) == name]
    if not matches:
        known = "、".join(quoted(get(parent, link_path)) for parent, _ in parents) or "（那张表是空的）"
        reading.problem(where, f"“{quoted(name)}”在“{parent_title}”表里找不到。请照抄那张表里的名称，现有：{known}。")
        return None
    if len(matches) > 1:
        reading.problem(where, f"“{parent_title}”表里有 {len(matches)} 项都叫“{quoted(name)}”，看不出这一行属于哪一项。"
                               "请把它们改成不同的名称。")
        return None
    return matches[0]


