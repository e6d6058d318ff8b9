"""Tables of a filled template → record data (text values) and where each value came from.

Sheets are found by name (a CSV file without 【工作表】 lines by its content),
headers by their text (spaces, full-width brackets and a required-mark star
ignored; the model's key names work too). 基本信息 is read here, the list
sheets in rows.py. Rows whose 序号 says 例 are the template's example.
"""
from __future__ import annotations

import difflib

from ..echo import quoted
from .cells import header_key, is_empty
from .layout import FIELDS_SHEET, ID_TITLE, Column, Layout
from .places import Reading, Where, put, text_or_problem
from .rows import HEADER_SEARCH_ROWS, header_row, read_list
from .tables import Row, Table

FIELDS_HEADER = ("项目", "内容", "说明")


def read_record(layout: Layout, tables: list[Table]) -> Reading:
    reading = Reading()
    by_sheet = _assign_tables(layout, tables, reading)
    _read_fields(layout, by_sheet.get(FIELDS_SHEET), reading)
    items: dict[str, list[tuple[dict, Row]]] = {}
    for sheet in layout.lists:
        if sheet.parent is None:
            reading.where[sheet.path] = Where(sheet.name)
        items[sheet.name] = read_list(sheet, by_sheet.get(sheet.name), reading, items)
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
            reading.problem(Where(table.name), f"模板里没有叫“{quoted(table.name)}”的工作表，里面的内容不会被导入。{hint}"
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
    scores = {sheet.name: header_row(sheet, table)[1] for sheet in layout.lists}
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
            reading.id_where = Where(table.name, row.number, 1, ID_TITLE)
            reading.record_id = text_or_problem(row.value(1), "text", reading.id_where, reading)
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
        value = text_or_problem(row.value(1), column.kind, where, reading)
        if value is not None:
            put(reading.data, column.path, value)
    for column in columns:
        reading.where.setdefault(column.path, Where(table.name, header=column.title))
    for column in columns:  # a missing 公示期 is pointed at its first row
        if len(column.path) > 1:
            reading.where.setdefault(column.path[:-1], reading.where[column.path])


def _unknown_label(row: Row, sheet: str | None, columns: list[Column], reading: Reading) -> None:
    typed = str(row.value(0) or "").strip()
    titles = [column.title for column in columns]
    close = difflib.get_close_matches(typed, titles, n=1, cutoff=0.5)
    hint = f"是不是“{close[0]}”？" if close else "请照模板的写法填写 A 列。"
    if not typed:
        reading.problem(Where(sheet, row.number, 0), "这一行 A 列是空的，看不出 B 列的内容属于哪一项。" + hint)
    else:
        reading.problem(Where(sheet, row.number, 0, typed), f"不认识“{quoted(typed)}”这一项，它不会被导入。{hint}")


