"""CSV files as Excel and WPS save them: UTF-8 (with or without a BOM) or GBK, comma or tab.

Read a line at a time and never further than the limits (limits.py): a million-row
file stops at the first line past them. A file may hold several sheets, each
after a line of its name in brackets (【获奖名单】).
"""
from __future__ import annotations

import contextlib
import csv
import re
from pathlib import Path
from typing import Iterator, TextIO

from ..echo import quoted
from .cells import is_empty
from .limits import EXCEL_COLUMNS, MAX_CELL_CHARS, MAX_FILE_BYTES, Extent
from .places import Where
from .tables import FileRefused, Refusal, Row, Table

SECTION = re.compile(r"^[【\[]?(?P<name>[^【】\[\]]+?)[】\]]?$")
_SAMPLE = 64 * 1024  # characters looked at to tell a comma file from a tab file


def read_csv(path: Path) -> tuple[list[Table], list[Refusal]]:
    """UTF-8 first (Excel's “CSV UTF-8”); GB18030, a superset of GBK, if that fails (WPS, older Excel)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _read(path, encoding), []
        except UnicodeDecodeError:
            continue
    raise FileRefused(f"{quoted(path.name)} 的文字编码认不出来（不是 UTF-8，也不是 GBK）。请在 Excel 或 WPS 里另存为"
                      "“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。")


def _read(path: Path, encoding: str) -> list[Table]:
    extent = Extent(None)
    tables = [Table(None)]
    with path.open(encoding=encoding, newline="") as text, _no_field_limit():
        delimiter = _delimiter(text)
        reader = csv.reader(_lines(text, delimiter, extent), delimiter=delimiter)
        line = 1
        for cells in reader:
            row = Row(line, tuple(cell if cell.strip() else None for cell in cells))
            line = reader.line_num + 1
            if row.empty:
                continue
            if not _within_limits(row, extent):
                break
            section = _section(row)
            if section is not None:
                tables.append(Table(section))
                extent.sheet = section
            else:
                tables[-1].rows.append(row)
    if extent.refusals:
        raise FileRefused(refusals=extent.refusals)
    return [table for table in tables if table.rows or table.name]


def _within_limits(row: Row, extent: Extent) -> bool:
    filled = [index + 1 for index, value in enumerate(row.cells) if not is_empty(value)]
    for column in filled:
        if len(row.cells[column - 1]) > MAX_CELL_CHARS:
            extent.long_cell(row.number, column, len(row.cells[column - 1]))
    return extent.row(row.number, filled)


def _section(row: Row) -> str | None:
    filled = [value for value in row.cells if not is_empty(value)]
    first = str(row.cells[0] or "").strip()
    if len(filled) == 1 and first.startswith(("【", "[")):
        return SECTION.match(first)["name"].strip()
    return None


def _delimiter(text: TextIO) -> str:
    position = text.tell()
    sample = text.read(_SAMPLE)
    text.seek(position)
    return "\t" if sample.count("\t") > sample.count(",") else ","


def _lines(text: TextIO, delimiter: str, extent: Extent) -> Iterator[str]:
    """The file's lines; none with more fields than Excel has columns (the csv module would make
    a list of ten million of them out of one 20 MB line)."""
    separator = "制表符" if delimiter == "\t" else "逗号"
    for number, line in enumerate(text, start=1):
        count = line.count(delimiter)
        if count >= EXCEL_COLUMNS:
            extent.refusals.append(Refusal(Where(extent.sheet, number), f"这一行有 {count} 个{separator}，比 Excel 和 WPS "
                                                                      f"一张表最多的 {EXCEL_COLUMNS} 列还多：这不像 Excel 或 "
                                                                      "WPS 保存的 CSV 文件。请检查是不是选错了文件。"))
            return
        yield line


@contextlib.contextmanager
def _no_field_limit() -> Iterator[None]:
    """The csv module refuses a field over 128 KB with an error that names no column; the file is
    at most MAX_FILE_BYTES, so every field is read and a long cell is refused by its address."""
    previous = csv.field_size_limit(MAX_FILE_BYTES)
    try:
        yield
    finally:
        csv.field_size_limit(previous)
