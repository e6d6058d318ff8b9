"""Real .xlsx files for the attachment tests: written by openpyxl, then edited as a zip where
openpyxl cannot write what Excel and WPS do (document properties, a macro project, an external
link, an absolute path, printer settings, a formula with its saved result).

The budget is in the shape of a school's published 预算公开表 (部门收支总表, 一般公共预算支出表,
“三公”经费支出表). BUDGET holds the numbers of a real one: 云阳县大阳镇大阳小学 2025年单位预算
(https://www.yunyang.gov.cn/zwgk_257/zfxxgkml/czyjs/ys/bmys/xjw_220093/202502/t20250210_14285106.html),
the school renamed; its “三公” figures were not in the part of the page read, so that sheet is left out.
As published, the income lines add up to 735.09 and the five expenditure lines to 734.89 (the page
states 支出 735.09 all the same): the workbook keeps the school's numbers, it does not correct them.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment

from schoolpub.privacy import ID_CHECK_CHARACTERS, ID_WEIGHTS

MOBILE = "13900001111"  # invented
SCHOOL = "示例县大阳镇中心小学"  # the real school renamed

# (收入项目, 金额, 支出项目, 金额), 万元, as the source states them.
BUDGET = [
    ("一、一般公共预算拨款收入", 727.11, "一、教育支出", 488.75),
    ("二、政府性基金预算拨款收入", 2, "二、社会保障和就业支出", 184.36),
    ("三、财政专户管理资金收入", 5.98, "三、卫生健康支出", 29.44),
    ("四、事业收入", 0, "四、住房保障支出", 30.34),
    (None, None, "五、其他支出", 2),
    ("收入总计", 735.09, "支出总计", 735.09),
]
# 一般公共预算支出: 基本支出, 项目支出, 合计 (万元).
GENERAL = [("基本支出", 695.37), ("项目支出", 31.74), ("合计", 727.11)]


def invented_id() -> str:
    first = "11010120100101123"
    return first + ID_CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(first, ID_WEIGHTS)) % 11]


def budget_book() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    total = book.active
    total.title = "部门收支总表"
    total.append([f"{SCHOOL}2025年部门收支总表"])
    total.merge_cells("A1:D1")  # the title over the table, as published tables have it
    total.append(["单位：万元"])
    total.append(["收入项目", "预算数", "支出项目", "预算数"])
    for row in BUDGET:
        total.append(list(row))
    general = book.create_sheet("一般公共预算支出表")
    general.append(["项目", "预算数（万元）"])
    for row in GENERAL:
        general.append(list(row))
    return book


def save(book: openpyxl.Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def budget_xlsx(path: Path, change=None) -> Path:
    """The budget workbook, after `change(book)` if given."""
    book = budget_book()
    if change is not None:
        change(book)
    return save(book, path)


def with_comment(text: str, author: str = "王老师", cell: str = "B5", sheet: str = "部门收支总表"):
    def change(book: openpyxl.Workbook) -> None:
        book[sheet][cell].comment = Comment(text, author)
    return change


# -- raw edits of the zip ------------------------------------------------------------------------

def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path: Path, edit) -> Path:
    """Every part through `edit(parts)` (a dict it may change), written back in order."""
    found = parts(path)
    edit(found)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in found.items():
            archive.writestr(name, data)
    return path


def insert(xml: bytes, before: bytes, addition: bytes) -> bytes:
    assert before in xml, before
    return xml.replace(before, addition + before, 1)


def add_content_type(found: dict[str, bytes], part: str, content_type: str) -> None:
    found["[Content_Types].xml"] = insert(found["[Content_Types].xml"], b"</Types>",
                                          f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode())


def add_relationship(found: dict[str, bytes], rels: str, identifier: str, kind: str, target: str,
                     external: bool = False) -> None:
    mode = ' TargetMode="External"' if external else ""
    relationship = f'<Relationship Id="{identifier}" Type="{kind}" Target="{target}"{mode}/>'.encode()
    if rels not in found:
        found[rels] = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                       b'package/2006/relationships"></Relationships>')
    found[rels] = insert(found[rels], b"</Relationships>", relationship)


CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{modified_by}</cp:lastModifiedBy>'
        '<dc:title>{title}</dc:title>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-02-10T08:00:00Z</dcterms:created>'
        '</cp:coreProperties>')
APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       '<Application>Microsoft Excel</Application><Company>{company}</Company><Manager>{manager}</Manager>'
       '</Properties>')
CUSTOM = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
          '<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
          '<vt:lpwstr>{value}</vt:lpwstr></property></Properties>')


def with_properties(path: Path, creator: str = "王老师", modified_by: str = "李会计", title: str = "预算",
                    company: str = "大阳镇中心小学财务室", manager: str = "张校长",
                    custom: tuple[str, str] | None = ("经办人电话", "0000-1234")) -> Path:
    """What Excel and WPS write into docProps/: core (creator, last saved by), app (company,
    manager) and custom properties."""
    def edit(found: dict[str, bytes]) -> None:
        found["docProps/core.xml"] = CORE.format(creator=creator, modified_by=modified_by, title=title).encode()
        found["docProps/app.xml"] = APP.format(company=company, manager=manager).encode()
        if custom:
            found["docProps/custom.xml"] = CUSTOM.format(name=custom[0], value=custom[1]).encode()
            add_content_type(found, "docProps/custom.xml",
                             "application/vnd.openxmlformats-officedocument.custom-properties+xml")
            add_relationship(found, "_rels/.rels", "rIdCustom", "http://schemas.openxmlformats.org/officeDocument/"
                             "2006/relationships/custom-properties", "docProps/custom.xml")
    return rewrite(path, edit)


def with_macros(path: Path) -> Path:
    """A macro project inside, as an .xlsm renamed to .xlsx carries it."""
    def edit(found: dict[str, bytes]) -> None:
        found["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
        add_content_type(found, "xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")
        add_relationship(found, "xl/_rels/workbook.xml.rels", "rIdVba",
                         "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin")
    return rewrite(path, edit)


def with_external_link(path: Path, target: str = "file:///C:/Users/wang/Desktop/工资表.xlsx") -> Path:
    """A link to another workbook (a formula that once read it): Excel keeps its cached values too."""
    def edit(found: dict[str, bytes]) -> None:
        found["xl/externalLinks/externalLink1.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships" r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames></externalBook>'
            b'</externalLink>')
        add_relationship(found, "xl/externalLinks/_rels/externalLink1.xml.rels", "rId1",
                         "http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath",
                         target, external=True)
        add_content_type(found, "xl/externalLinks/externalLink1.xml",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml")
        add_relationship(found, "xl/_rels/workbook.xml.rels", "rIdExt", "http://schemas.openxmlformats.org/"
                         "officeDocument/2006/relationships/externalLink", "externalLinks/externalLink1.xml")
    return rewrite(path, edit)


def with_embedding(path: Path) -> Path:
    """A Word document pasted into the sheet as an object."""
    def edit(found: dict[str, bytes]) -> None:
        found["xl/embeddings/Microsoft_Word_Document.docx"] = b"PK\x03\x04 a document"
        found["[Content_Types].xml"] = insert(found["[Content_Types].xml"], b"</Types>",
                                              b'<Default Extension="docx" ContentType="application/'
                                              b'vnd.openxmlformats-officedocument.wordprocessingml.document"/>')
    return rewrite(path, edit)


def with_part(path: Path, part: str, data: bytes) -> Path:
    def edit(found: dict[str, bytes]) -> None:
        found[part] = data
    return rewrite(path, edit)


def with_workbook_xml(path: Path, edit_xml) -> Path:
    def edit(found: dict[str, bytes]) -> None:
        found["xl/workbook.xml"] = edit_xml(found["xl/workbook.xml"])
    return rewrite(path, edit)


def with_sheet_xml(path: Path, edit_xml, sheet: int = 1) -> Path:
    def edit(found: dict[str, bytes]) -> None:
        name = f"xl/worksheets/sheet{sheet}.xml"
        found[name] = edit_xml(found[name])
    return rewrite(path, edit)


def with_formula(path: Path, cell: str, formula: str, saved: str | None) -> Path:
    """Cell `cell` of the first sheet as Excel saves a formula: <f> and, once calculated, <v>."""
    def edit_xml(xml: bytes) -> bytes:
        pattern = re.compile(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)'.encode())
        value = f"<v>{saved}</v>" if saved is not None else ""
        replacement = f'<c r="{cell}"><f>{formula}</f>{value}</c>'.encode()
        assert pattern.search(xml), cell
        return pattern.sub(replacement, xml, count=1)
    return with_sheet_xml(path, edit_xml)


def inflated_xml(data: bytes) -> str:
    """Every part of a published file as text, to look for what must not be in it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())


def with_shared_strings(path: Path, strings: list[str], cells: dict[str, int]) -> Path:
    """As Excel and WPS save text: a shared-strings table, cells of the first sheet holding an index
    into it (`cells`: A1 → index). A string no cell uses stays in the table, as Excel leaves some."""
    def edit(found: dict[str, bytes]) -> None:
        items = "".join(f"<si><t>{text}</t></si>" for text in strings)
        found["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            f'main" count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()
        add_content_type(found, "xl/sharedStrings.xml",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
        add_relationship(found, "xl/_rels/workbook.xml.rels", "rIdStrings", "http://schemas.openxmlformats.org/"
                         "officeDocument/2006/relationships/sharedStrings", "sharedStrings.xml")
        sheet = found["xl/worksheets/sheet1.xml"]
        for cell, index in cells.items():
            pattern = re.compile(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)'.encode())
            assert pattern.search(sheet), cell
            sheet = pattern.sub(f'<c r="{cell}" t="s"><v>{index}</v></c>'.encode(), sheet, count=1)
        found["xl/worksheets/sheet1.xml"] = sheet
    return rewrite(path, edit)


def with_printer_settings(path: Path, printer: str) -> Path:
    """What Excel saves after printing: the printer's settings (its name in UTF-16) referenced by the
    first sheet's page setup."""
    def edit(found: dict[str, bytes]) -> None:
        found["xl/printerSettings/printerSettings1.bin"] = b"\0" * 16 + printer.encode("utf-16-le") + b"\0" * 64
        add_relationship(found, "xl/worksheets/_rels/sheet1.xml.rels", "rIdPrinter", "http://schemas.openxmlformats."
                         "org/officeDocument/2006/relationships/printerSettings", "../printerSettings/printerSettings1.bin")
        add_content_type(found, "xl/printerSettings/printerSettings1.bin",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings")
        sheet = found["xl/worksheets/sheet1.xml"].replace(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', 1)
        found["xl/worksheets/sheet1.xml"] = insert(sheet, b"</worksheet>",
                                                   b'<pageSetup paperSize="9" orientation="landscape" r:id="rIdPrinter"/>')
    return rewrite(path, edit)
