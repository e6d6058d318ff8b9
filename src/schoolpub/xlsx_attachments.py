"""Spreadsheet attachments (.xlsx) of disclosures: checked like PDFs, published as cleaned copies.

Budget and final-account disclosures (预算/决算公开) are published as spreadsheets. A workbook is a
zip of XML that may carry far more than its visible cells, so `inspect_xlsx` (the check-time
gate) refuses, in this order, and each time with a message naming the file and what to do:

1. what is not an .xlsx workbook (an old .xls, a password-protected file, a PDF or a web page
   renamed), or is too big (the PDF cap);
2. what the import's safety layer refuses before any XML is parsed (sheets/package.py: part
   count, declared and actual sizes, compression ratio, document type declarations: a zip bomb
   or an XXE never reaches a parser); its sheets are then surveyed within the import's limits
   (sheets/survey.py, sheets/limits.py);
3. macros (vbaProject.bin, Excel 4 macro sheets), links to other files or data sources
   (external workbook links, data connections, web queries), embedded files and controls, and
   pictures, charts and shapes: none can be checked, and a parent's program may run or follow them;
   a cell's hyperlink may stay only if it is a safe http(s) address;
4. ID and mobile numbers anywhere in the file (xlsx_places.py), named by sheet, cell and place;
5. hidden sheets, rows and columns with content: what no one sees on screen cannot be reviewed
   before it is published, and a parent unhides it with one click;
6. formulas without a saved result. The published copy keeps each formula's saved result as a
   plain value (xlsx_clean.py): what a parent sees is the number the school saw and approved,
   in any program, even one that does not calculate (a phone's preview); a formula can recompute
   differently elsewhere and, in the original, may reach for other files.
"""
from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path

from .attachments import AttachmentError
from .echo import quoted
from .file_kinds import is_web_page, lookalike, ZIP_SIGNATURE
from .sheets import survey
from .sheets.limits import FIND_LAST_CELL, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_GAP_ROWS, MAX_ROWS, \
    MEGABYTE, RESAVE, cell_name
from .sheets.package import Contents, contents, not_a_workbook, open_package
from .sheets.places import column_letter
from .sheets.tables import FileRefused
from .xlsx_gate import forbidden_parts
from .xlsx_places import scan
from .xlsx_messages import hidden_message, leak_message, listed, unsafe_links_message

# The import's messages end by asking to re-save before importing; an attachment is replaced instead.
RESAVE_ATTACHMENT = ("请检查是不是放错了文件；确实要发布这个表格的话，请在 Excel 或 WPS 里打开它，另存为 .xlsx"
                     "（另存会重新写出整个文件）后替换这个文件。")


class SheetRefused(AttachmentError):
    """A workbook that cannot be published; the message is for staff (a build stops on it as on a PDF's)."""


def inspect_xlsx(path: Path, shown_as: str, public_phones: Iterable[str] = ()) -> list[str]:
    """Every problem staff must fix before this workbook can be published (empty: none)."""
    try:
        archive, found = open_workbook(_read(path, shown_as), shown_as)
        surveys = surveyed(archive, found, shown_as)
        problems = []
        findings = _scanned(archive, found, shown_as, list(public_phones))
        if any(findings.numbers.values()):
            titles = [title for title, _ in found.worksheets]
            hidden_titles = {title for title, part in found.worksheets if part in found.hidden}
            problems.append(leak_message(shown_as, findings.numbers, hidden_titles, titles))
        if findings.unsafe_links:
            problems.append(unsafe_links_message(shown_as, findings.unsafe_links))
        hidden = hidden_message(shown_as, found, surveys)
        if hidden:
            problems.append(hidden)
        unsaved = _unsaved_formulas(shown_as, surveys)
        if unsaved:
            problems.append(unsaved)
        return problems
    except SheetRefused as refusal:
        return [str(refusal)]
    except Exception:  # any exception of a parser fed a broken part means the same thing to staff: save it again
        return [_damaged(shown_as)]


def _read(path: Path, shown_as: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # before reading: a huge file must not be loaded to be refused
            raise SheetRefused(f"{shown_as} 有 {size / MEGABYTE:.1f} MB，超过了网站附件的上限 "
                               f"{MAX_FILE_BYTES // MEGABYTE} MB（家长用手机很难打开，预算表一般只有几十 KB）。"
                               "请删除表格里粘贴的图片等大件内容，或拆成几个文件再放进来。")
        return path.read_bytes()
    except FileNotFoundError:
        raise SheetRefused(f"{shown_as} 不存在。请先把表格放到这个位置，或检查路径拼写。") from None


def open_workbook(data: bytes, shown_as: str) -> tuple[zipfile.ZipFile, Contents]:
    """The package checked part by part before any XML is parsed, then nothing in it that cannot
    be published (macros, links, embedded files, pictures). Raises SheetRefused."""
    if not data.startswith(ZIP_SIGNATURE):
        raise SheetRefused(_not_a_workbook(data, shown_as))
    try:
        archive = open_package(data, shown_as)
        found = contents(archive, shown_as)
    except FileRefused as refusal:
        raise SheetRefused(_for_attachment(str(refusal), shown_as)) from None
    except Exception:  # no workbook part, or a workbook.xml openpyxl cannot read
        raise SheetRefused(_damaged_or_other(data, shown_as)) from None
    problem = forbidden_parts(archive, shown_as)
    if problem:
        raise SheetRefused(problem)
    return archive, found


def surveyed(archive: zipfile.ZipFile, found: Contents, shown_as: str) -> dict[str, survey.SheetSurvey]:
    """Each sheet's extent, hidden rows and columns, formulas, within the import's limits."""
    try:
        strings = survey.shared_strings(archive, found.shared_strings, shown_as)
        surveys = {part: survey.sheet(archive, part, title, strings, shown_as) for title, part in found.worksheets}
    except FileRefused as refusal:
        raise SheetRefused(_for_attachment(str(refusal), shown_as)) from None
    for part, sheet in surveys.items():
        if sheet.extent.refusals:
            raise SheetRefused(_too_big(shown_as, sheet.extent.refusals[0]))
    return surveys


def _scanned(archive: zipfile.ZipFile, found: Contents, shown_as: str, public_phones: list[str]):
    try:
        return scan(archive, found, shown_as, public_phones)
    except FileRefused as refusal:
        raise SheetRefused(_for_attachment(str(refusal), shown_as)) from None


def _for_attachment(message: str, shown_as: str) -> str:
    if message == str(not_a_workbook(shown_as)):
        return _damaged(shown_as)
    return message.replace(RESAVE, RESAVE_ATTACHMENT)


def _damaged(shown_as: str) -> str:
    return (f"{shown_as} 无法读取：文件不完整或已损坏。请在 Excel 或 WPS 里打开原表格，另存为 .xlsx，"
            "替换这个文件。")


def _not_a_workbook(data: bytes, shown_as: str) -> str:
    """Say what the file most likely is: staff renamed it, or a finance system saved a web page."""
    if not data:
        return f"{shown_as} 是空文件（0 字节），可能没有传完整。请重新放入这个表格。"
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: encrypted .xlsx, or old .xls
        if "EncryptionInfo".encode("utf-16-le") in data:
            return (f"{shown_as} 设置了打开密码，网站无法检查里面的内容，家长也打不开。请在 Excel 或 WPS 里取消密码"
                    "（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码）后另存，替换这个文件（不要把密码写到网站上）。")
        return (f"{shown_as} 实际是旧版 Excel 文件（.xls），只是文件名写成了“.xlsx”。请在 Excel 或 WPS 里打开它，"
                "“另存为” Excel 工作簿（.xlsx），替换这个文件。")
    if is_web_page(data):
        return (f"{shown_as} 实际是网页（HTML）文件，不是 Excel 表格，虽然文件名以“.xlsx”结尾（有些财务软件导出的"
                "“表格”就是网页）。网页文件可能带有脚本，不能作为附件发布。请在 Excel 或 WPS 里打开它，"
                "“另存为” Excel 工作簿（.xlsx），替换这个文件。")
    what = lookalike(data)
    if what:
        return (f"{shown_as} 实际是{what}，不是 Excel 表格，只是文件名写成了“.xlsx”。请把它改回原来的文件类型"
                "（PDF 和图片可以直接作为附件），或用 Excel、WPS 另存为 .xlsx 后替换这个文件。")
    return (f"{shown_as} 不是 Excel 表格（.xlsx），虽然文件名以“.xlsx”结尾。请在 Excel 或 WPS 里打开原表格，"
            "“另存为” Excel 工作簿（.xlsx），替换这个文件。")


def _damaged_or_other(data: bytes, shown_as: str) -> str:
    what = lookalike(data)
    if what and what != "Excel 表格（.xlsx）":
        return (f"{shown_as} 实际是{what}，不是 Excel 表格，只是文件名写成了“.xlsx”。请把它另存为 PDF 作为附件，"
                "或换成真正的 Excel 表格。")
    return _damaged(shown_as)


def _too_big(shown_as: str, refusal) -> str:
    where = refusal.where
    if where.row is None:  # overlapping merged cells: the sheet as a whole
        return f"{shown_as} 的工作表“{quoted(where.sheet)}”：{_for_attachment(refusal.message, shown_as)}"
    cell = f"（{cell_name(where.row, where.column + 1)}）" if where.row and where.column is not None else ""
    return (f"{shown_as} 的工作表“{quoted(where.sheet)}”超出了网站能检查的范围{cell}：一张表最多 {MAX_ROWS} 行、"
            f"{MAX_COLUMNS} 列（到 {column_letter(MAX_COLUMNS - 1)} 列）、{MAX_CELLS} 个有内容的单元格，内容之间最多空 "
            f"{MAX_GAP_ROWS} 行。这多半是不小心输入的内容（{FIND_LAST_CELL}）：请删除它再保存；表格确实这么大的话，"
            "请拆成几个文件。")


def _unsaved_formulas(shown_as: str, surveys: dict[str, survey.SheetSurvey]) -> str | None:
    places = []
    for sheet in surveys.values():
        cells = [cell_name(row, column) for row, column in sheet.unsaved_formulas]
        if cells:
            places.append(f"工作表“{quoted(sheet.extent.sheet)}”的 {listed(cells, '个')}单元格")
    if not places:
        return None
    return (f"{shown_as} {'、'.join(places)}是公式，但文件里没有保存公式的计算结果。网站发布的表格里，公式换成它保存的"
            "结果（家长在任何软件里看到的都是学校核对过的数字），没有结果就无法发布。请在 Excel 或 WPS 里打开这个表格、"
            "保存一次，再替换这个文件。")
