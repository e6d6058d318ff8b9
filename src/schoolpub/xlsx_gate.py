"""What an .xlsx attachment may not carry at all, judged by the package's parts and relationships
(every part already inflated within the limits, sheets/package.py), before its values are read.

- Macros: a VBA project (an .xlsm renamed .xlsx carries one), Excel 4 macro sheets, dialog sheets.
  A program that runs on a parent's computer.
- Links out: other workbooks (a formula that once read 工资表.xlsx keeps its path and a copy of
  its values), data connections and web queries, and any relationship to something outside the
  file but a cell's hyperlink (those are judged one by one: xlsx_places.py).
- Embedded files and controls: a pasted Word document, an OLE object, ActiveX and form controls.
  Nothing inside them can be checked.
- Pictures, charts, shapes, SmartArt, ink: a picture's text and its camera data cannot be read,
  and the published copy (openpyxl) would keep some of them and silently drop others.
  The drawings Excel writes for notes (VML) are not pictures: notes are read and removed.
"""
from __future__ import annotations

import zipfile

from openpyxl.packaging.relationship import RelationshipList
from openpyxl.xml.functions import fromstring


MACRO_PARTS = ("xl/macrosheets/", "xl/dialogsheets/")
LINK_PARTS = ("xl/externalLinks/", "xl/queryTables/")
LINK_FILES = ("xl/connections.xml",)
EMBEDDED_PARTS = ("xl/embeddings/", "xl/activeX/", "xl/ctrlProps/")
EMBEDDED_RELATIONS = ("/oleObject", "/package", "/control", "/activeXControlBinary")
PICTURE_PARTS = ("xl/media/", "xl/charts/", "xl/chartsheets/", "xl/diagrams/", "xl/ink/", "xl/model/")
_ANCHORS = (b"twoCellAnchor", b"oneCellAnchor", b"absoluteAnchor")

SAVE_AS = "请在 Excel 或 WPS 里{fix}，“另存为” Excel 工作簿（.xlsx），替换这个文件。"


def forbidden_parts(archive: zipfile.ZipFile, shown_as: str) -> str | None:
    """The first kind of content that cannot be published, as a message; None if there is none."""
    names = archive.namelist()
    relations = _relations(archive, names)
    content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if any(name.endswith("vbaProject.bin") or name.startswith(MACRO_PARTS) for name in names) \
            or b"macroEnabled" in content_types or b"vbaProject" in content_types:
        return (f"{shown_as} 里带有宏（VBA 程序）。宏是会在家长电脑上运行的程序，网站无法检查，不能发布带宏的表格。"
                + SAVE_AS.format(fix="打开它") + "另存时选择不带宏的格式，宏会被去掉。")
    if any(name.startswith(LINK_PARTS) or name in LINK_FILES for name in names) \
            or any(mode == "External" and not kind.endswith("/hyperlink") for kind, mode in relations):
        return (f"{shown_as} 里有指向其他文件或数据源的外部链接（例如引用了另一个工作簿的公式，或者数据连接）。"
                "链接里保存着别的文件的位置（常常带有电脑的用户名）和它的部分数据，家长打开时还会去读那个文件，"
                "网站无法检查，不能发布。" + SAVE_AS.format(fix="断开链接（数据 › 编辑链接 › 断开链接；或把公式复制后"
                                                           "“选择性粘贴 › 数值”），删除数据连接"))
    if any(name.startswith(EMBEDDED_PARTS) for name in names) \
            or any(kind.endswith(EMBEDDED_RELATIONS) for kind, _ in relations):
        return (f"{shown_as} 里嵌入了其他文件或控件（例如粘贴进来的 Word 文档、对象、按钮）。嵌入的内容网站无法检查，"
                "可能含有个人信息或程序，不能发布。" + SAVE_AS.format(fix="删除这些对象"))
    if any(name.startswith(PICTURE_PARTS) for name in names) or _drawings(archive, names):
        return (f"{shown_as} 里有图片、图表、文本框或形状。网站只能检查和发布单元格里的内容：图片里的文字和照片的拍摄"
                "信息无法检查。" + SAVE_AS.format(fix="删除它们，只保留表格（需要图表的话，请另外导出为 PDF 或图片，"
                                                   "作为另一个附件）"))
    return None


def _relations(archive: zipfile.ZipFile, names: list[str]) -> list[tuple[str, str | None]]:
    """(type, target mode) of every relationship in the package."""
    found = []
    for name in names:
        if name.endswith(".rels"):
            try:
                relations = RelationshipList.from_tree(fromstring(archive.read(name)))
            except Exception:  # a broken list: openpyxl would not follow it either
                continue
            found += [(relation.Type or "", relation.TargetMode) for relation in relations]
    return found


def _drawings(archive: zipfile.ZipFile, names: list[str]) -> bool:
    """A drawing part that places anything on a sheet; some programs write empty ones."""
    return any(name.startswith("xl/drawings/") and name.endswith(".xml")
               and any(anchor in archive.read(name) for anchor in _ANCHORS) for name in names)
