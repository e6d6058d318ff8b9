"""Reading what staff hand in: an .xlsx workbook, or a CSV file (csvfile.py).

Both become tables of rows whose cells keep their sheet, row and column, so a
problem can be pointed at exactly. What cannot be read safely is refused here,
before any value is used: a file past the limits (limits.py: zip bombs, a stray
cell a million rows down, a 10 MB cell), a file with an opening password, an old
.xls file, a formula whose result was never saved, hidden sheets, rows or
columns that hold data (someone hid them on purpose: importing them silently
could publish what was meant to stay out).

An .xlsx file is read in three bounded steps: its zip checked and every part
inflated through a counting stream (package.py); the shared strings and each
sheet surveyed with expat, stopping at the first thing past a limit (survey.py);
only then the values read by openpyxl in read-only mode, down to the last row
with content and no further.
"""
from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ..echo import quoted
from . import survey
from .cells import is_empty
from .csvfile import read_csv
from .limits import MAX_FILE_BYTES, MEGABYTE
from .package import contents, not_a_workbook, open_package
from .places import Where
from .tables import FileRefused, Refusal, Row, Table

UNSAVED_FORMULA = ("这个单元格是公式，但文件里没有保存公式的计算结果。请在 Excel 或 WPS 里打开文件、保存一次再导入；"
                   "或者把公式换成数值（复制 › 选择性粘贴 › 数值）。")


def read_tables(path: Path) -> tuple[list[Table], list[Refusal]]:
    size = path.stat().st_size  # before reading: a huge file must not be loaded to be refused
    if size > MAX_FILE_BYTES:
        raise FileRefused(f"{quoted(path.name)} 太大（{size / MEGABYTE:.1f} MB），上限 {MAX_FILE_BYTES // MEGABYTE} MB："
                          "全校的获奖名单保存成表格也只有几十 KB。请检查是不是选错了文件。")
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_xlsx(path.read_bytes(), path.name)


# -- xlsx ---------------------------------------------------------------------------

def read_xlsx(raw: bytes, name: str) -> tuple[list[Table], list[Refusal]]:
    _refuse_other_formats(raw, name)
    archive = open_package(raw, name)
    found = contents(archive, name)
    strings = survey.shared_strings(archive, found.shared_strings, name)
    surveys = {part: survey.sheet(archive, part, title, strings, name) for title, part in found.worksheets}
    _refuse_past_limits(surveys.values())
    book = _open(raw, name)
    try:
        tables: list[Table] = []
        refusals: list[Refusal] = []
        for sheet in book.worksheets:
            if sheet._worksheet_path not in surveys:  # never so far: both lists come from openpyxl's parser
                surveys[sheet._worksheet_path] = survey.sheet(archive, sheet._worksheet_path, sheet.title, strings, name)
                _refuse_past_limits([surveys[sheet._worksheet_path]])
            table, problems = _sheet(sheet, surveys[sheet._worksheet_path])
            refusals += problems
            if table is not None:
                tables.append(table)
        return tables, refusals
    finally:
        book.close()


def _refuse_past_limits(surveys) -> None:
    past_limits = [refusal for found in surveys for refusal in found.extent.refusals]
    if past_limits:
        raise FileRefused(refusals=past_limits)


def _refuse_other_formats(raw: bytes, name: str) -> None:
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: encrypted .xlsx, or old .xls
        if "EncryptionInfo".encode("utf-16-le") in raw:
            raise FileRefused(f"{quoted(name)} 设置了打开密码，无法读取。请在 Excel 或 WPS 里取消密码"
                              "（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）后另存，再导入。")
        raise FileRefused(f"{quoted(name)} 是旧的 .xls 格式。请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）后再导入。")
    if not raw.startswith(b"PK"):
        raise not_a_workbook(name)


def _open(raw: bytes, name: str):
    try:
        with warnings.catch_warnings():  # openpyxl's warnings (unsupported extensions) are not for staff
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileRefused(f"{quoted(name)} 打不开（{type(error).__name__}）：文件可能已损坏。"
                          "请在 Excel 或 WPS 里打开，另存为 .xlsx 后再导入。") from None


def _sheet(sheet, found: survey.SheetSurvey) -> tuple[Table | None, list[Refusal]]:
    title = sheet.title
    refusals = [Refusal(Where(title, row, column - 1), UNSAVED_FORMULA) for row, column in found.unsaved_formulas]
    rows: list[Row] = []
    for row in _rows(sheet, found):
        if row.empty:
            continue
        if row.number in found.hidden_rows:
            refusals.append(Refusal(Where(title, row.number), "这一行被隐藏了，但里面有内容。隐藏的内容不会被导入，"
                                                               "也不能悄悄发布：不需要的行请删除，需要的请取消隐藏。"))
            continue
        for index in sorted(found.hidden_columns):
            if not is_empty(row.value(index)):
                refusals.append(Refusal(Where(title, row.number, index), "这一列被隐藏了，但里面有内容。"
                                                                         "不需要的列请删除，需要的请取消隐藏。"))
        rows.append(row)
    if sheet.sheet_state != "visible":
        if rows:
            refusals.append(Refusal(Where(title), "这个工作表被隐藏了，但里面有内容。请取消隐藏"
                                                  "（右键工作表标签 › 取消隐藏）检查后再导入，不需要的工作表请删除。"))
        return None, refusals
    return Table(title, rows), refusals


def _rows(sheet, found: survey.SheetSurvey) -> list[Row]:
    """Down to the last row with content and across to its last column (the survey found them);
    openpyxl, left to itself, trusts the sheet's declared size and walks every row to it."""
    extent = found.extent
    if not extent.last_row:
        return []
    grid = [list(values) for values in sheet.iter_rows(min_row=1, max_row=extent.last_row,
                                                       max_col=extent.last_column, values_only=True)]
    _fill_merged(grid, found.merged)
    return [Row(number, tuple(cells)) for number, cells in enumerate(grid, start=1)]


def _fill_merged(grid: list[list[Any]], merged: list[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range reads as its top-left cell: a class name merged down
    over five pupils belongs to each of them."""
    for top, left, bottom, right in merged:
        value = grid[top - 1][left - 1]
        for row in range(top - 1, bottom):
            grid[row][left - 1:right] = [value] * (right - left + 1)
