"""Workbooks written for staff: an empty template (with an example row) or a record's export.

Drop-down lists for every fixed choice (and 是/否), date and amount formats,
a comment on every header with the field's description, frozen headers. The
bytes depend only on the layout and the values: two exports of the same record
are identical files (fixed document dates and zip timestamps).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .layout import FIELDS_SHEET, ID_TITLE, Column, Layout, ListSheet
from .reading import FIELDS_HEADER
from .rows import EXAMPLE_MARKS, NUMBER_HEADER

FIXED_TIME = dt.datetime(2020, 1, 1)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
EXAMPLE_MARK = sorted(EXAMPLE_MARKS)[0]
VALIDATED_ROWS = 5000
FORMATTED_ROWS = 300
MAX_CELL_CHARS = 32767  # Excel's limit for one cell

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=13)
EXAMPLE_FONT = Font(italic=True, color="808080")
REQUIRED_MARK = " *"
NUMBER_FORMATS = {"date": "yyyy-mm-dd", "money": "0.00"}
HINT_WIDTH = 70
LINE_HEIGHT, TITLE_LINE_HEIGHT = 16, 20  # points per line of wrapped text


def _fit_height(sheet, row: int, text: str, width: float, line_height: int = LINE_HEIGHT) -> None:
    """Row height for wrapped text: Excel does not grow a row for a value written by a program,
    and a hint cut off after one line is a hint nobody reads. A Chinese character is two units wide."""
    units = sum(2 if ord(char) > 0x2E80 else 1 for char in text)
    lines = max(1, -(-units // int(width)))
    if lines > 1:
        sheet.row_dimensions[row].height = lines * line_height


class CellTooLong(ValueError):
    pass


def write_workbook(layout: Layout, rows: "SheetValues", example: "SheetValues | None" = None) -> bytes:
    """`rows`: values to fill in (an export); `example`: one example per sheet (a template)."""
    book = Workbook()
    book.remove(book.active)
    _fields_sheet(book, layout, rows, example)
    for sheet in layout.lists:
        _list_sheet(book, sheet, rows.lists.get(sheet.name, []),
                    (example.lists.get(sheet.name) or [None])[0] if example else None)
    book.properties.creator = "schoolpub"
    book.properties.subject = f"schoolpub:{layout.content_type.name}"
    book.properties.title = f"{layout.content_type.label}"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return _repacked(buffer.getvalue())


class SheetValues:
    """What goes into the cells: 基本信息 by record path, list sheets as rows of {column path: value}."""

    def __init__(self, record_id: str | None = None):
        self.record_id = record_id
        self.fields: dict[tuple, Any] = {}
        self.lists: dict[str, list[dict[tuple, Any]]] = {}


# -- 基本信息 ---------------------------------------------------------------------

def _fields_sheet(book: Workbook, layout: Layout, values: SheetValues, example: SheetValues | None) -> None:
    sheet = book.create_sheet(FIELDS_SHEET)
    label = layout.content_type.label
    sheet["A1"] = f"{label} · 基本信息：在 B 列填写；带 * 的必须填写；C 列是说明" + ("和例子" if example else "")
    sheet["A1"].font = TITLE_FONT
    sheet.merge_cells("A1:C1")
    for index, title in enumerate(FIELDS_HEADER):
        cell = sheet.cell(2, index + 1, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    row = 3
    if layout.has_id:
        hint = "文件名，也是网址的一部分：只能用小写英文字母、数字和连字符（-）"
        _field_row(sheet, row, Column(("id",), ID_TITLE, hint, "text", required=True), values.record_id,
                   example.record_id if example else None)
        row += 1
    for column in layout.singles:
        _field_row(sheet, row, column, values.fields.get(column.path),
                   example.fields.get(column.path) if example else None)
        row += 1
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = HINT_WIDTH
    sheet.freeze_panes = "B3"


def _field_row(sheet, row: int, column: Column, value: Any, example: Any) -> None:
    title = sheet.cell(row, 1, column.title + (REQUIRED_MARK if column.required else ""))
    title.alignment = Alignment(vertical="top")
    if column.description:
        title.comment = Comment(column.description, "schoolpub")
    cell = sheet.cell(row, 2)
    cell.alignment = Alignment(vertical="top", wrap_text=column.kind == "paragraphs")
    _fill(cell, column, value)
    hint = column.hint + (f"。例：{_example_text(example)}" if example is not None else "")
    sheet.cell(row, 3, hint).alignment = Alignment(wrap_text=True, vertical="top")
    _fit_height(sheet, row, hint, HINT_WIDTH)
    validation = _validation(column)
    if validation is not None:
        sheet.add_data_validation(validation)
        validation.add(cell.coordinate)


def _example_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


# -- list sheets --------------------------------------------------------------------

def _list_sheet(book: Workbook, layout: ListSheet, rows: list[dict[tuple, Any]], example: dict | None) -> None:
    sheet = book.create_sheet(layout.name)
    columns = layout.all_columns
    note = f"第 3 行（序号为“{EXAMPLE_MARK}”）是示例，导入时跳过，可以删除。" if example is not None else ""
    sheet["A1"] = f"{layout.title}：每行一项。{layout.description}。{note}"
    sheet["A1"].font = TITLE_FONT
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns) + 1)
    _header(sheet, columns)
    first = 3
    if example is not None:
        _row(sheet, first, columns, example, EXAMPLE_MARK, EXAMPLE_FONT)
        first += 1
    for number, values in enumerate(rows, start=1):
        _row(sheet, first + number - 1, columns, values, number, None)
    last_formatted = max(first + len(rows), FORMATTED_ROWS)
    for index, column in enumerate(columns, start=2):
        letter = get_column_letter(index)
        validation = _validation(column)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(f"{letter}3:{letter}{VALIDATED_ROWS}")
        if column.kind in NUMBER_FORMATS:
            for row in range(first + len(rows), last_formatted + 1):
                sheet.cell(row, index).number_format = NUMBER_FORMATS[column.kind]
        sheet.column_dimensions[letter].width = 60 if column.kind == "paragraphs" else max(12, len(column.title) * 2 + 4)
    sheet.column_dimensions["A"].width = 6
    width = 6 + sum(sheet.column_dimensions[get_column_letter(i)].width for i in range(2, len(columns) + 2))
    _fit_height(sheet, 1, sheet["A1"].value, width, TITLE_LINE_HEIGHT)
    sheet.freeze_panes = "B3"


def _header(sheet, columns: tuple[Column, ...]) -> None:
    number = sheet.cell(2, 1, NUMBER_HEADER)
    number.font, number.fill = HEADER_FONT, HEADER_FILL
    for index, column in enumerate(columns, start=2):
        cell = sheet.cell(2, index, column.title + (REQUIRED_MARK if column.required else ""))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        if column.hint:
            cell.comment = Comment(column.hint, "schoolpub")


def _row(sheet, row: int, columns: tuple[Column, ...], values: dict, number: Any, font: Font | None) -> None:
    sheet.cell(row, 1, number)
    for index, column in enumerate(columns, start=2):
        cell = sheet.cell(row, index)
        _fill(cell, column, values.get(column.path))
        if font is not None:
            cell.font = font


def _fill(cell, column: Column, value: Any) -> None:
    if column.kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[column.kind]
    if column.kind == "paragraphs":
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    if value is None:
        return
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise CellTooLong(column.title)
    cell.value = value
    if isinstance(value, str):
        _as_text(cell, value)


# What makes Excel or WPS read typed text as a formula (= + - @, or a tab or carriage return
# before one), with the full-width forms a Chinese input method types.
_FORMULA_START = tuple("=+-@\t\r＝＋－＠")


def _as_text(cell, text: str) -> None:
    """Text from a record stays text: openpyxl writes a str that starts with "=" as a live
    formula (a title =HYPERLINK("http://…") would be a link in the export), so the cell is
    typed as a string; and one that Excel would take for a formula once staff edit the cell
    is marked as typed with a leading ' (quotePrefix), as Excel marks it itself."""
    cell.data_type = "s"
    if text.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _validation(column: Column) -> DataValidation | None:
    choices = column.choices or (("是", "否") if column.kind == "flag" else ())
    if not choices:
        return None
    formula = '"' + ",".join(choices) + '"'
    validation = DataValidation(type="list", formula1=formula, allow_blank=not column.required)
    validation.error = f"只能选：{'、'.join(choices)}"
    validation.errorTitle = column.title
    validation.prompt = column.description or f"从列表里选择{column.title}"
    validation.showErrorMessage = validation.showInputMessage = True
    return validation


def _repacked(data: bytes) -> bytes:
    """The same zip with fixed timestamps: equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = MODIFIED.sub(rb"\g<1>2020-01-01T00:00:00Z\g<2>", content)
            target.writestr(fixed, content)
    return output.getvalue()


def fill_fields(book: Workbook, values: dict[str, Any]) -> Workbook:
    """Type values into a template's 基本信息 sheet by their 项目 label (without “ *”), as staff do:
    for the tests, the import benchmark and the staff guide's pictures."""
    sheet = book[FIELDS_SHEET]
    rows = {str(row[0].value).removesuffix(REQUIRED_MARK): row[0].row for row in sheet.iter_rows(min_row=3)
            if row[0].value}
    for label, value in values.items():
        sheet.cell(rows[label], 2, value)
    return book
