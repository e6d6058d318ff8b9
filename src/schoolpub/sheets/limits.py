"""How big a spreadsheet may be, and why; all checked before anything is parsed.

A spreadsheet is staff input like any other, and an .xlsx file is a zip of XML: a
3 MB file can inflate to 3 GB, and one stray keystroke at row 1,048,576 makes a
sheet a million rows tall. Every number here is far above what a real school list
needs and far below what makes the import slow or exhaust the machine:
tests/test_sheets_limits.py runs each kind of bomb and measures the peak memory.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..echo import quoted
from .places import Where, column_letter
from .tables import Refusal

MEGABYTE = 1024 * 1024

# The file as handed in. A whole school's honour list (~2,000 pupils) is ~50 KB as .xlsx
# and ~100 KB as .csv; a picture pasted in (a logo, a scanned seal) adds a few MB.
MAX_FILE_BYTES = 20 * MEGABYTE
# Files inside an .xlsx (a zip). The generated templates have 20–32 (a sheet brings its
# XML, its relationships, its comments and their drawing); a picture adds one or two.
MAX_PARTS = 1000
# One part, uncompressed. The 2,000-pupil list's sheet is 0.56 MB as openpyxl writes it
# (each Chinese character as &#NNNNN;); Excel and WPS write less (shared strings).
MAX_PART_BYTES = 50 * MEGABYTE
# All parts together: bounds the time spent inflating (parts that overlap in a crafted
# zip count each time).
MAX_TOTAL_BYTES = 100 * MEGABYTE
# How many times a part larger than RATIO_FROM_BYTES may be compressed. Spreadsheet XML
# compresses 3–15 times (measured: the 2,000-pupil sheet 12×, comment drawings 15×);
# a deflate bomb about 1,000 times. Small parts cannot hurt, however compressible.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MEGABYTE
# Distinct texts in the shared-strings table, which openpyxl holds in memory whole: the
# names, classes and awards of 2,000 pupils are a few thousand.
MAX_SHARED_STRINGS = 200_000
# Rows of a sheet (the row number of its last cell with content) or lines of a CSV file:
# five times a whole school's honour list, twice what one record's list may hold
# (yamlgate.MAX_LIST_ITEMS).
MAX_ROWS = 10_000
# Columns: the widest template sheet (收费项目) has 13; room for notes staff add.
MAX_COLUMNS = 50
# Excel's and WPS's widest sheet (XFD): a CSV line with more fields was not saved by them.
EXCEL_COLUMNS = 16_384
# Cells with content in one sheet (or CSV file): 2,000 pupils × 13 columns are 26,000. Bounds
# the time of a sheet filled to the row and column limits (measured: 490,000 cells took a minute).
MAX_CELLS = 100_000
# Characters in one cell: Excel's and WPS's own limit; nothing longer was typed there.
MAX_CELL_CHARS = 32_767
# Empty rows between two rows with content. Staff leave a blank row or two between groups;
# a hundred is more than two screens of nothing: whatever lies below was not seen when
# the list was checked on screen (a stray keystroke after Ctrl+↓).
MAX_GAP_ROWS = 100

RESAVE = ("请检查是不是选错了文件；确实要导入的话，请在 Excel 或 WPS 里打开它，另存为 .xlsx 后再导入"
          "（另存会重新写出整个文件）。")
FIND_LAST_CELL = "在 Excel 或 WPS 里按 Ctrl+End 会跳到表格里最后一个有内容的单元格"


def cell_name(row: int, column: int) -> str:
    """A1 notation; `column` is 1-based."""
    return f"{column_letter(column - 1)}{row}"


def too_long_cell(row: int, column: int, characters: int) -> str:
    return (f"这个单元格（{cell_name(row, column)}）有 {characters} 个字符，超过上限 {MAX_CELL_CHARS} 个"
            "（Excel 和 WPS 的一个单元格最多只能放这么多）。请检查是不是粘贴错了内容；很长的文字请放进 PDF 附件。")


@dataclass
class Extent:
    """Where a sheet's content ends, learnt row by row while streaming, and what lies past
    the limits. `sheet` may change while reading (a CSV file's 【工作表】 lines)."""

    sheet: str | None
    last_row: int = 0  # of a cell with content
    last_column: int = 0  # 1-based
    cells: int = 0  # with content, so far
    refusals: list[Refusal] = field(default_factory=list)

    def row(self, number: int, columns: list[int]) -> bool:
        """Row `number` has content in `columns` (1-based, ascending). False: read no further."""
        wide = next((column for column in columns if column > MAX_COLUMNS), None)
        if wide is not None:
            self._refuse(number, wide, f"{cell_name(number, wide)} 有内容，但一张表最多 {MAX_COLUMNS} 列"
                                       f"（到 {column_letter(MAX_COLUMNS - 1)} 列；模板最宽的表只有 13 列）。"
                                       f"这多半是不小心输入的：请删除这个单元格再导入（{FIND_LAST_CELL}）。")
            return False
        far = self.last_row and number - self.last_row - 1 > MAX_GAP_ROWS
        if far:
            self._refuse(number, columns[0], self._stray(number, columns[0]))
        if number > MAX_ROWS:
            if not far:
                self._refuse(number, columns[0], f"第 {number} 行（{cell_name(number, columns[0])}）还有内容，"
                                                  f"但一张表最多 {MAX_ROWS} 行（全校的获奖名单也只有两千行左右）。"
                                                  "请检查是不是选错了文件；名单确实这么长的话，请拆成几个表格分别导入。")
            return False
        self.cells += len(columns)
        if self.cells > MAX_CELLS:
            self._refuse(number, columns[0], f"到第 {number} 行（{cell_name(number, columns[0])}）为止，有内容的单元格已经"
                                              f"超过 {MAX_CELLS} 个（全校两千人的名单也只有两三万个）。请检查是不是选错了文件；"
                                              "表格确实这么大的话，请拆成几个表格分别导入。")
            return False
        self.last_row = max(self.last_row, number)
        self.last_column = max(self.last_column, columns[-1])
        return True

    def long_cell(self, row: int, column: int, characters: int) -> None:
        self._refuse(row, column, too_long_cell(row, column, characters))

    def _stray(self, number: int, column: int) -> str:
        return (f"第 {number} 行（{cell_name(number, column)}）有内容，离表格数据很远"
                f"（上面的内容到第 {self.last_row} 行为止，中间空了 {number - self.last_row - 1} 行）。"
                f"这多半是不小心输入的：请删除这个单元格再导入（{FIND_LAST_CELL}）；"
                "如果它确实是表格的一部分，请删掉中间的空行。")

    def _refuse(self, row: int, column: int, message: str) -> None:
        self.refusals.append(Refusal(Where(self.sheet, row, column - 1), message))


def part_label(part: str, sheet: str | None) -> str:
    """A part of an .xlsx file as a message names it, between 里的 and what is wrong with it:
    what it is if that is known (工作表“获奖名单”), and its path inside the zip."""
    if sheet is not None:
        return f"工作表“{quoted(sheet)}”（{quoted(part)}）"
    if part.endswith("sharedStrings.xml"):
        return f"单元格文字（{quoted(part)}）"
    return f" {quoted(part)} "
