"""Reading what staff hand in: an .xlsx workbook, or a CSV file in UTF-8 or GBK.

Both become tables of rows whose cells keep their sheet, row and column, so a
problem can be pointed at exactly. What cannot be read safely is refused here,
before any value is used: a file with an opening password, an old .xls file, a
formula whose result was never saved, hidden sheets, rows or columns that hold
data (someone hid them on purpose: importing them silently could publish what
was meant to stay out).
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .cells import is_empty

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000


class FileRefused(Exception):
    """The whole file cannot be read; the message is for staff, in Chinese."""


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it (1-based); for CSV the line in the file
    cells: tuple[Any, ...]

    def value(self, index: int) -> Any:
        return self.cells[index] if index < len(self.cells) else None

    @property
    def empty(self) -> bool:
        return all(is_empty(value) for value in self.cells)


@dataclass
class Table:
    name: str | None  # the sheet's title; None for a CSV file without section lines
    rows: list[Row] = field(default_factory=list)


@dataclass
class Refusal:
    """A cell or sheet that cannot be read; reported with the others, all at once."""

    sheet: str | None
    row: int | None
    column: int | None
    message: str


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def read_tables(path: Path) -> tuple[list[Table], list[Refusal]]:
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise FileRefused(f"文件太大（{len(raw) // 1024 // 1024} MB）。一份记录的表格不会超过 {MAX_BYTES // 1024 // 1024} MB，"
                          "请检查是不是选错了文件。")
    if path.suffix.lower() == ".csv":
        return read_csv(raw, path.name), []
    return read_xlsx(raw, path.name)


# -- xlsx ---------------------------------------------------------------------------

def read_xlsx(raw: bytes, name: str) -> tuple[list[Table], list[Refusal]]:
    _refuse_other_formats(raw, name)
    try:
        with_formulas = load_workbook(io.BytesIO(raw), data_only=False)
        with_values = load_workbook(io.BytesIO(raw), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"{name} 打不开（{type(error).__name__}）：文件可能已损坏。"
                          "请在 Excel 或 WPS 里打开，另存为 .xlsx 后再导入。") from None
    tables: list[Table] = []
    refusals: list[Refusal] = []
    for formulas, values in zip(with_formulas.worksheets, with_values.worksheets):
        table, found = _sheet(formulas, values)
        refusals += found
        if table is not None:
            tables.append(table)
    return tables, refusals


def _refuse_other_formats(raw: bytes, name: str) -> None:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: encrypted .xlsx, or old .xls
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise FileRefused(f"{name} 设置了打开密码，无法读取。请在 Excel 或 WPS 里取消密码"
                              "（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）后另存，再导入。")
        raise FileRefused(f"{name} 是旧的 .xls 格式。请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）后再导入。")
    if not raw.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(raw)):
        raise FileRefused(f"{name} 不是 Excel 工作簿（.xlsx）。请导入用模板填写的 .xlsx 文件，或者 .csv 文件。")


def _sheet(formulas, values) -> tuple[Table | None, list[Refusal]]:
    merged = _merged_values(values)
    hidden_rows = {number for number, dim in formulas.row_dimensions.items() if dim.hidden}
    hidden_columns = _hidden_columns(formulas)
    refusals: list[Refusal] = []
    rows: list[Row] = []
    for formula_row, value_row in zip(formulas.iter_rows(), values.iter_rows()):
        cells = []
        for formula_cell, value_cell in zip(formula_row, value_row):
            value = merged.get((value_cell.row, value_cell.column), value_cell.value)
            if formula_cell.data_type == "f" and value_cell.value is None:
                refusals.append(Refusal(formulas.title, value_cell.row, value_cell.column - 1,
                                        "这个单元格是公式，但文件里没有保存公式的计算结果。请在 Excel 或 WPS 里打开文件、"
                                        "保存一次再导入；或者把公式换成数值（复制 › 选择性粘贴 › 数值）。"))
            cells.append(value)
        row = Row(value_row[0].row if value_row else len(rows) + 1, tuple(cells))
        if row.empty:
            continue
        if row.number in hidden_rows:
            refusals.append(Refusal(formulas.title, row.number, None, "这一行被隐藏了，但里面有内容。隐藏的内容不会被导入，"
                                                                      "也不能悄悄发布：不需要的行请删除，需要的请取消隐藏。"))
            continue
        for index in hidden_columns:
            if not is_empty(row.value(index)):
                refusals.append(Refusal(formulas.title, row.number, index, "这一列被隐藏了，但里面有内容。"
                                                                           "不需要的列请删除，需要的请取消隐藏。"))
        rows.append(row)
    if len(rows) > MAX_ROWS:
        refusals.append(Refusal(formulas.title, None, None, f"工作表有 {len(rows)} 行，超过上限 {MAX_ROWS} 行。"))
    if formulas.sheet_state != "visible":
        if rows:
            refusals.append(Refusal(formulas.title, None, None, "这个工作表被隐藏了，但里面有内容。请取消隐藏"
                                                                "（右键工作表标签 › 取消隐藏）检查后再导入，不需要的工作表请删除。"))
        return None, refusals
    return Table(formulas.title, rows), refusals


def _merged_values(sheet) -> dict[tuple[int, int], Any]:
    """Every cell of a merged range reads as its top-left cell: a class name merged down
    over five pupils belongs to each of them."""
    found: dict[tuple[int, int], Any] = {}
    for cell_range in sheet.merged_cells.ranges:
        value = sheet.cell(cell_range.min_row, cell_range.min_col).value
        for row in range(cell_range.min_row, cell_range.max_row + 1):
            for column in range(cell_range.min_col, cell_range.max_col + 1):
                found[(row, column)] = value
    return found


def _hidden_columns(sheet) -> set[int]:
    from openpyxl.utils import column_index_from_string
    hidden: set[int] = set()
    for letter, dimension in sheet.column_dimensions.items():
        if dimension.hidden:
            first = column_index_from_string(letter)
            last = max(first, dimension.max or first)
            hidden.update(range(first - 1, last))
    return hidden


# -- csv ----------------------------------------------------------------------------

SECTION = re.compile(r"^[【\[]?(?P<name>[^【】\[\]]+?)[】\]]?$")


def decode_csv(raw: bytes, name: str) -> str:
    """UTF-8 (with or without the BOM Excel writes), else GBK/GB18030 (WPS, older Excel)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise FileRefused(f"{name} 的文字编码认不出来（不是 UTF-8，也不是 GBK）。请在 Excel 或 WPS 里另存为"
                          "“CSV UTF-8（逗号分隔）”或 .xlsx 后再导入。") from None


def read_csv(raw: bytes, name: str) -> list[Table]:
    text = decode_csv(raw, name)
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    tables = [Table(None)]
    line = 1
    for cells in reader:
        row = Row(line, tuple(cell if cell.strip() else None for cell in cells))
        line = reader.line_num + 1
        if row.empty:
            continue
        filled = [value for value in row.cells if not is_empty(value)]
        if len(filled) == 1 and not is_empty(row.cells[0]) and str(row.cells[0]).strip().startswith(("【", "[")):
            tables.append(Table(SECTION.match(str(row.cells[0]).strip())["name"].strip()))
            continue
        tables[-1].rows.append(row)
    return [table for table in tables if table.rows or table.name]
