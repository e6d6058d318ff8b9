"""What staff read about a spreadsheet attachment's personal numbers and hidden content: each
place named as Excel shows it (工作表“部门收支总表”的 B5 单元格), never the number itself."""
from __future__ import annotations

from collections.abc import Iterable

from .echo import quoted
from .sheets.package import Contents
from .sheets.places import column_letter
from .sheets.survey import SheetSurvey
from .xlsx_places import (CELL, COMMENT, DEFINED_NAME, FORMULA, HEADER_FOOTER, HYPERLINK, OTHER, PRINTER,
                          PROPERTIES, SHEET_NAME, VALIDATION, Place)

MAX_LISTED = 5  # cells, rows or columns a message names before "等 N 个"
# How each place of a sheet is named after its cells, in the order staff should look.
SHEET_PLACES = ((CELL, "单元格"), (FORMULA, "单元格的公式"), (COMMENT, "单元格的批注"), (HYPERLINK, "单元格的链接"),
                (VALIDATION, "单元格的数据验证提示"), (HEADER_FOOTER, "页眉页脚"), (OTHER, "其他隐藏位置"))
BOOK_PLACES = ((SHEET_NAME, "工作表名称"), (DEFINED_NAME, "名称管理器里的名称"), (COMMENT, "批注作者"),
               (PROPERTIES, "文档属性（作者、最后保存者、单位等）"), (PRINTER, "打印机设置"), (OTHER, "其他隐藏位置"))
HIDDEN_PLACES = ("公式、批注、页眉页脚、名称、文档属性和隐藏的工作表这些地方打开表格时不一定看得见，网站上的表格也不会保留"
                 "公式、批注和文档属性，但表格原文件会随仓库公开，所以里面同样不能有这些号码。")


def leak_message(shown_as: str, places: dict[str, list[Place]], hidden_sheets: set[str], titles: list[str]) -> str:
    found = [f"{where(places[kind], hidden_sheets, titles)}里有{name}"
             for kind, name in (("id", "身份证号码"), ("mobile", "手机号码")) if places[kind]]
    out_of_sight = any(place.kind != CELL or place.sheet in hidden_sheets
                       for kind in places.values() for place in kind)
    return (f"{shown_as} {'，'.join(found)}。学生、家长和教职工的身份证号和个人手机号不能发布到网站上：请在表格里删除后"
            "保存，替换这个文件（提交记录里也会保留旧文件，如已推送到公开仓库，请联系网站维护人员处理）。"
            + (HIDDEN_PLACES if out_of_sight else "")
            + "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。")


def where(places: list[Place], hidden_sheets: set[str], titles: list[str]) -> str:
    """'工作表“收支总表”的 B5、C7 单元格、工作表“附表”（隐藏）的 A1 单元格的批注、文档属性'."""
    parts = []
    for title in titles:
        in_sheet = [place for place in places if place.sheet == title]
        shown = f"工作表“{quoted(title)}”{'（隐藏）' if title in hidden_sheets else ''}"
        for kind, name in SHEET_PLACES:
            cells = [place.cell for place in in_sheet if place.kind == kind and place.cell]
            if cells:
                parts.append(f"{shown}的 {listed(cells, '个')}{name}")
            elif any(place.kind == kind for place in in_sheet):
                parts.append(f"{shown}的{name.removeprefix('单元格的')}")
    book = [place for place in places if place.sheet is None]
    parts += [name for kind, name in BOOK_PLACES if any(place.kind == kind for place in book)]
    return "、".join(parts)


def listed(items: list[str], counter: str = "") -> str:
    """'B5、C7 ' or 'B5、C7、D1、E2、F3 等 9 个': the unit (单元格, 行, 列) follows."""
    more = f" 等 {len(items)} {counter}" if len(items) > MAX_LISTED else " "
    return "、".join(items[:MAX_LISTED]) + more


def hidden_message(shown_as: str, found: Contents, surveys: dict[str, SheetSurvey]) -> str | None:
    """Hidden sheets, rows and columns that hold something; empty hidden ones are layout, and harmless."""
    parts = []
    for title, part in found.worksheets:
        sheet = surveys[part]
        shown = f"工作表“{quoted(title)}”"
        if part in found.hidden:
            if sheet.extent.last_row:
                parts.append(f"{shown}整张被隐藏")
            continue
        rows = [str(row) for row in sorted(sheet.hidden_rows)]
        columns = [column_letter(column) for column in sorted(sheet.hidden_columns & sheet.used_columns)]
        hidden = f"第 {listed(rows)}行" if rows else ""
        if columns:
            hidden += ("和 " if hidden else " ") + f"{listed(columns)}列"
        if hidden:
            parts.append(f"{shown}的{hidden}被隐藏")
    if not parts:
        return None
    return (f"{shown_as} 里有隐藏的内容：{'；'.join(parts)}。隐藏的内容打开表格时看不见，发布前没有人能核对，家长下载后"
            "却一点就能显示出来（原文件也随仓库公开）。请在 Excel 或 WPS 里取消隐藏（右键工作表标签、行号或列标 › 取消隐藏）"
            "并检查：不需要的内容请删除，需要的请保持显示，保存后替换这个文件。")


def unsafe_links_message(shown_as: str, places: Iterable[Place]) -> str:
    by_sheet: dict[str, list[str]] = {}
    for place in places:
        by_sheet.setdefault(place.sheet, []).append(place.cell or "")
    cells = "、".join(f"工作表“{quoted(sheet)}”的 {listed(cells, '个')}单元格" for sheet, cells in by_sheet.items())
    return (f"{shown_as} {cells}的链接不是网址（http:// 或 https:// 开头），可能打开电脑上的文件、发邮件或运行程序，"
            "不能发布。请右键这些单元格 › 取消超链接（需要的网址请写成 https:// 开头的链接），保存后替换这个文件。")
