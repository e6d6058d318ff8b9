"""Spreadsheet attachments (.xlsx), the check-time gate (xlsx_attachments.inspect_xlsx): every
workbook here is a real file written by openpyxl, then edited as a zip where Excel and WPS write
what openpyxl does not (tests/xlsx_support.py)."""
from __future__ import annotations

import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

import sheet_bombs as bombs
from xlsx_support import (MOBILE, budget_xlsx, insert, invented_id, with_comment, with_embedding,
                          with_external_link, with_formula, with_macros, with_part, with_properties, with_shared_strings,
                          with_printer_settings, with_sheet_xml, with_workbook_xml)

from schoolpub.xlsx_attachments import inspect_xlsx

SHOWN = "data/media/affairs/2025-budget.xlsx"
SHEET = "工作表“部门收支总表”"
PUBLIC_MOBILE = "13900002222"  # invented; declared public in the test
DELETE = ("学生、家长和教职工的身份证号和个人手机号不能发布到网站上：请在表格里删除后保存，替换这个文件（提交记录里也会"
          "保留旧文件，如已推送到公开仓库，请联系网站维护人员处理）。")
OUT_OF_SIGHT = ("公式、批注、页眉页脚、名称、文档属性和隐藏的工作表这些地方打开表格时不一定看得见，网站上的表格也不会保留"
                "公式、批注和文档属性，但表格原文件会随仓库公开，所以里面同样不能有这些号码。")
PHONES = "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。"
SAVE_AS = "“另存为” Excel 工作簿（.xlsx），替换这个文件。"


def leak(where: str, out_of_sight: bool = True) -> str:
    return f"{SHOWN} {where}。{DELETE}{OUT_OF_SIGHT if out_of_sight else ''}{PHONES}"


def inspected(path: Path, phones=()) -> list[str]:
    problems = inspect_xlsx(path, SHOWN, phones)
    for problem in problems:  # CI logs are public: never the number itself
        assert MOBILE not in problem and invented_id() not in problem
    return problems


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return tmp_path / "2025-budget.xlsx"


def test_a_budget_in_the_shape_of_a_real_one_passes(book: Path):
    assert inspected(budget_xlsx(book)) == []


# -- personal numbers, wherever they are -----------------------------------------------------------

def cell(value):
    def change(workbook):
        workbook["部门收支总表"]["C12"] = value
    return change


def hidden_sheet(workbook):
    extra = workbook.create_sheet("附表")
    extra["A1"] = f"经办人 {MOBILE}"
    extra.sheet_state = "hidden"


def header(workbook):
    workbook["部门收支总表"].oddHeader.center.text = f"联系 {MOBILE}"


def defined_name(workbook):
    workbook.defined_names["经办人电话"] = DefinedName("经办人电话", attr_text=f'"{MOBILE}"')


def prompt(workbook):
    validation = DataValidation(type="decimal", prompt=f"有疑问请问 {MOBILE}", showInputMessage=True)
    validation.add("B4:B9")
    workbook["部门收支总表"].add_data_validation(validation)


IN_PLACES = {
    "a cell, as text": (cell(f"联系人 {MOBILE}"), f"{SHEET}的 C12 单元格里有手机号码", False),
    "a cell, as a number": (cell(int(MOBILE)), f"{SHEET}的 C12 单元格里有手机号码", False),
    "an ID number in a cell": (cell(invented_id()), f"{SHEET}的 C12 单元格里有身份证号码", False),
    "a note and its author": (with_comment(f"核对人 {MOBILE}", author=f"王 {invented_id()}"),
                              f"{SHEET}的批注里有身份证号码，{SHEET}的 B5 单元格的批注里有手机号码", True),
    "a header": (header, f"{SHEET}的页眉页脚里有手机号码", True),
    "a defined name": (defined_name, "名称管理器里的名称里有手机号码", True),
    "a validation prompt": (prompt, f"{SHEET}的 B4:B9 单元格的数据验证提示里有手机号码", True),
}


@pytest.mark.parametrize("case", list(IN_PLACES))
def test_a_number_is_named_by_its_sheet_cell_and_place_never_repeated(book: Path, case: str):
    change, where, out_of_sight = IN_PLACES[case]
    assert inspected(budget_xlsx(book, change)) == [leak(where, out_of_sight)]


def test_a_number_in_a_hidden_sheet_is_named_with_the_sheet_and_the_sheet_is_refused(book: Path):
    assert inspected(budget_xlsx(book, hidden_sheet)) == [
        leak("工作表“附表”（隐藏）的 A1 单元格里有手机号码"),
        f"{SHOWN} 里有隐藏的内容：工作表“附表”整张被隐藏。隐藏的内容打开表格时看不见，发布前没有人能核对，家长下载后却一点"
        "就能显示出来（原文件也随仓库公开）。请在 Excel 或 WPS 里取消隐藏（右键工作表标签、行号或列标 › 取消隐藏）并检查："
        "不需要的内容请删除，需要的请保持显示，保存后替换这个文件。"]


def test_document_properties_are_read_core_app_and_custom(book: Path):
    for properties in ({"creator": f"王老师 {MOBILE}"}, {"modified_by": f"李 {MOBILE}"}, {"company": f"财务室 {MOBILE}"},
                       {"manager": f"张 {MOBILE}"}, {"custom": ("经办人电话", MOBILE)}):
        with_properties(budget_xlsx(book), **properties)
        assert inspected(book) == [leak("文档属性（作者、最后保存者、单位等）里有手机号码")], properties


def test_a_formula_is_read_as_text_and_as_its_saved_result(book: Path):
    with_formula(budget_xlsx(book), "D9", f"CONCATENATE(&quot;{MOBILE}&quot;)", MOBILE)
    assert inspected(book) == [leak(f"{SHEET}的 D9 单元格、{SHEET}的 D9 单元格的公式里有手机号码")]


def test_shared_strings_are_read_at_the_cells_that_show_them_and_unused_ones_too(book: Path):
    with_shared_strings(budget_xlsx(book), ["收入项目", f"经办 {MOBILE}", f"旧 {invented_id()}"], {"A3": 0, "C3": 1})
    assert inspected(book) == [leak(f"其他隐藏位置里有身份证号码，{SHEET}的 C3 单元格里有手机号码")]


def test_a_printer_name_and_a_saved_folder_path_are_read(book: Path):
    with_printer_settings(budget_xlsx(book), f"HP 王老师 {MOBILE}")
    with_workbook_xml(book, lambda xml: insert(xml, b"<bookViews>", f'<fileSharing userName="{MOBILE}"/>'.encode()))
    assert inspected(book) == [leak("打印机设置、其他隐藏位置里有手机号码")]


def test_many_cells_are_summed_up_by_their_first_five(book: Path):
    def many(workbook):
        for row in range(12, 19):
            workbook["部门收支总表"][f"C{row}"] = MOBILE
    assert inspected(budget_xlsx(book, many)) == [
        leak(f"{SHEET}的 C12、C13、C14、C15、C16 等 7 个单元格里有手机号码", out_of_sight=False)]


def test_a_public_phone_may_appear(book: Path):
    assert inspected(budget_xlsx(book, cell(f"监督电话 {PUBLIC_MOBILE}")), [PUBLIC_MOBILE]) == []


def test_identifiers_excel_writes_are_not_numbers(book: Path):
    # Excel 2016+ gives sheets and cells uids; this one holds 139-1234-5678 between hyphens.
    with_sheet_xml(budget_xlsx(book), lambda xml: xml.replace(
        b"<sheetData>", b'<extLst><ext uri="{00000000-0139-1234-5678-000000000000}"/></extLst><sheetData>', 1))
    assert inspected(book) == []


# -- what cannot be published at all ----------------------------------------------------------------

def test_macros_are_refused(book: Path):
    assert inspected(with_macros(budget_xlsx(book))) == [
        f"{SHOWN} 里带有宏（VBA 程序）。宏是会在家长电脑上运行的程序，网站无法检查，不能发布带宏的表格。请在 Excel 或 WPS "
        f"里打开它，{SAVE_AS}另存时选择不带宏的格式，宏会被去掉。"]


def test_links_to_other_workbooks_are_refused(book: Path):
    assert inspected(with_external_link(budget_xlsx(book))) == [
        f"{SHOWN} 里有指向其他文件或数据源的外部链接（例如引用了另一个工作簿的公式，或者数据连接）。链接里保存着别的文件的"
        "位置（常常带有电脑的用户名）和它的部分数据，家长打开时还会去读那个文件，网站无法检查，不能发布。请在 Excel 或 WPS "
        "里断开链接（数据 › 编辑链接 › 断开链接；或把公式复制后“选择性粘贴 › 数值”），删除数据连接，" + SAVE_AS]


def test_embedded_files_are_refused(book: Path):
    assert inspected(with_embedding(budget_xlsx(book))) == [
        f"{SHOWN} 里嵌入了其他文件或控件（例如粘贴进来的 Word 文档、对象、按钮）。嵌入的内容网站无法检查，可能含有个人信息"
        f"或程序，不能发布。请在 Excel 或 WPS 里删除这些对象，{SAVE_AS}"]


def test_pictures_are_refused(book: Path):
    assert inspected(with_part(budget_xlsx(book), "xl/media/image1.png", b"\x89PNG\r\n\x1a\n")) == [
        f"{SHOWN} 里有图片、图表、文本框或形状。网站只能检查和发布单元格里的内容：图片里的文字和照片的拍摄信息无法检查。"
        f"请在 Excel 或 WPS 里删除它们，只保留表格（需要图表的话，请另外导出为 PDF 或图片，作为另一个附件），{SAVE_AS}"]


def test_a_link_that_is_no_web_address_is_refused_and_a_web_address_passes(book: Path):
    def links(workbook):
        workbook["部门收支总表"]["A12"] = "说明"
        workbook["部门收支总表"]["A12"].hyperlink = "https://www.example.gov.cn/ysgk/"
        workbook["部门收支总表"]["A13"] = "原表"
        workbook["部门收支总表"]["A13"].hyperlink = "file:///C:/Users/wang/Desktop/工资.xlsx"
    assert inspected(budget_xlsx(book, links)) == [
        f"{SHOWN} {SHEET}的 A13 单元格的链接不是网址（http:// 或 https:// 开头），可能打开电脑上的文件、发邮件或运行程序，"
        "不能发布。请右键这些单元格 › 取消超链接（需要的网址请写成 https:// 开头的链接），保存后替换这个文件。"]


# -- hidden content and formulas ----------------------------------------------------------------------

def test_hidden_rows_and_columns_with_content_are_refused_empty_hidden_ones_pass(book: Path):
    def hide(workbook):
        sheet = workbook["部门收支总表"]
        sheet.row_dimensions[5].hidden = True
        sheet.row_dimensions[20].hidden = True  # empty
        sheet.column_dimensions["D"].hidden = True
        sheet.column_dimensions["H"].hidden = True  # empty
    assert inspected(budget_xlsx(book, hide)) == [
        f"{SHOWN} 里有隐藏的内容：{SHEET}的第 5 行和 D 列被隐藏。隐藏的内容打开表格时看不见，发布前没有人能核对，家长下载后"
        "却一点就能显示出来（原文件也随仓库公开）。请在 Excel 或 WPS 里取消隐藏（右键工作表标签、行号或列标 › 取消隐藏）"
        "并检查：不需要的内容请删除，需要的请保持显示，保存后替换这个文件。"]


def test_a_formula_with_its_saved_result_passes_one_without_is_refused(book: Path):
    with_formula(budget_xlsx(book), "B9", "SUM(B4:B7)", "735.09")
    assert inspected(book) == []
    with_formula(budget_xlsx(book), "B9", "SUM(B4:B7)", None)
    assert inspected(book) == [
        f"{SHOWN} {SHEET}的 B9 单元格是公式，但文件里没有保存公式的计算结果。网站发布的表格里，公式换成它保存的结果（家长在"
        "任何软件里看到的都是学校核对过的数字），没有结果就无法发布。请在 Excel 或 WPS 里打开这个表格、保存一次，再替换这个文件。"]


# -- what is not an .xlsx workbook, or not a sound one ------------------------------------------------

NOT_WORKBOOKS = {
    "empty": (b"", f"{SHOWN} 是空文件（0 字节），可能没有传完整。请重新放入这个表格。"),
    "an old .xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
                    f"{SHOWN} 实际是旧版 Excel 文件（.xls），只是文件名写成了“.xlsx”。请在 Excel 或 WPS 里打开它，{SAVE_AS}"),
    "a password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600,
                   f"{SHOWN} 设置了打开密码，网站无法检查里面的内容，家长也打不开。请在 Excel 或 WPS 里取消密码（文件 › 信息 › "
                   "保护工作簿 › 用密码进行加密，清空密码）后另存，替换这个文件（不要把密码写到网站上）。"),
    "a web page": (b"<html><body><table><tr><td>1</td></tr></table>",
                   f"{SHOWN} 实际是网页（HTML）文件，不是 Excel 表格，虽然文件名以“.xlsx”结尾（有些财务软件导出的“表格”就是网页）。"
                   f"网页文件可能带有脚本，不能作为附件发布。请在 Excel 或 WPS 里打开它，{SAVE_AS}"),
    "a PDF": (b"%PDF-1.7\n", f"{SHOWN} 实际是PDF 文件，不是 Excel 表格，只是文件名写成了“.xlsx”。请把它改回原来的文件类型"
                              "（PDF 和图片可以直接作为附件），或用 Excel、WPS 另存为 .xlsx 后替换这个文件。"),
    "text": (b"just text", f"{SHOWN} 不是 Excel 表格（.xlsx），虽然文件名以“.xlsx”结尾。请在 Excel 或 WPS 里打开原表格，{SAVE_AS}"),
}


@pytest.mark.parametrize("case", list(NOT_WORKBOOKS))
def test_what_is_not_a_workbook_is_refused_saying_what_it_is(book: Path, case: str):
    content, expected = NOT_WORKBOOKS[case]
    book.write_bytes(content)
    assert inspected(book) == [expected]


def test_a_word_document_renamed_is_named(book: Path, tmp_path: Path):
    import zipfile
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert inspected(book) == [f"{SHOWN} 实际是Word 文档（.docx），不是 Excel 表格，只是文件名写成了“.xlsx”。请把它另存为 PDF "
                               "作为附件，或换成真正的 Excel 表格。"]


def test_a_truncated_workbook_is_refused_as_damaged(book: Path):
    data = budget_xlsx(book).read_bytes()
    book.write_bytes(data[: len(data) // 2])
    assert inspected(book) == [f"{SHOWN} 无法读取：文件不完整或已损坏。请在 Excel 或 WPS 里打开原表格，另存为 .xlsx，替换这个文件。"]


def test_a_missing_file_and_a_file_over_the_cap(book: Path):
    assert inspected(book) == [f"{SHOWN} 不存在。请先把表格放到这个位置，或检查路径拼写。"]
    with book.open("wb") as file:
        file.truncate(21 * 1024 * 1024)  # sparse: nothing is written, and nothing may be read
    assert inspected(book) == [f"{SHOWN} 有 21.0 MB，超过了网站附件的上限 20 MB（家长用手机很难打开，预算表一般只有几十 KB）。"
                               "请删除表格里粘贴的图片等大件内容，或拆成几个文件再放进来。"]


RESAVE = ("请检查是不是放错了文件；确实要发布这个表格的话，请在 Excel 或 WPS 里打开它，另存为 .xlsx（另存会重新写出整个文件）"
          "后替换这个文件。")


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating_it(book: Path):
    bombs.shared_strings_bomb(book, gigabytes=3.0)
    started = time.monotonic()
    assert inspected(book) == [
        f"{SHOWN} 里的单元格文字（xl/sharedStrings.xml）解压后有 3000 MB，上限 50 MB（一万行的名单也只有几 MB）。这不像 "
        "Excel 或 WPS 保存的表格，可能是损坏或故意构造的文件（“压缩炸弹”）：解压会耗尽电脑的内存，所以没有读取它。" + RESAVE]
    assert time.monotonic() - started < 5  # inflating 3 GB takes far longer


def test_a_lying_zip_is_refused_when_it_inflates_past_what_it_declared(book: Path):
    bombs.shared_strings_bomb(book, gigabytes=0.2, declared=1000)
    assert inspected(book) == [
        f"{SHOWN} 里的单元格文字（xl/sharedStrings.xml）解压出的内容和文件里记录的大小或校验值不符：文件已损坏，"
        "或是故意构造的。没有继续读取。" + RESAVE]


def test_entity_definitions_xxe_are_refused_before_any_parser(book: Path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
           b'<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')
    with_part(budget_xlsx(book), "xl/worksheets/sheet1.xml", xxe)
    assert inspected(book) == [
        f"{SHOWN} 里的工作表“部门收支总表”（xl/worksheets/sheet1.xml）含有 Excel 和 WPS 不会写的文档类型声明（<!DOCTYPE>），"
        "可能是故意构造的文件，没有读取它。" + RESAVE]


def test_a_cell_far_below_the_table_is_refused_with_its_place(book: Path):
    assert inspected(budget_xlsx(book, _stray)) == [
        f"{SHOWN} 的工作表“部门收支总表”超出了网站能检查的范围（A20000）：一张表最多 10000 行、50 列（到 AX 列）、100000 个"
        "有内容的单元格，内容之间最多空 100 行。这多半是不小心输入的内容（在 Excel 或 WPS 里按 Ctrl+End 会跳到表格里最后一个"
        "有内容的单元格）：请删除它再保存；表格确实这么大的话，请拆成几个文件。"]


def _stray(workbook):
    workbook["部门收支总表"]["A20000"] = "x"


def test_openpyxl_can_open_every_workbook_the_tests_accept(book: Path):
    """The helpers write real workbooks: what passes here is what Excel and openpyxl open."""
    with_formula(with_shared_strings(with_properties(budget_xlsx(book, with_comment("核对无误"))), ["收入项目"], {"A3": 0}),
                 "B9", "SUM(B4:B7)", "735.09")
    assert inspected(book) == []
    assert openpyxl.load_workbook(book, data_only=True)["部门收支总表"]["B9"].value == 735.09


def test_threaded_comments_and_their_people_are_read(book: Path):
    """Excel 365's notes: the text in xl/threadedComments/, each author in xl/persons/ (by user id too)."""
    from xlsx_support import add_content_type, add_relationship, rewrite

    def edit(found):
        found["xl/threadedComments/threadedComment1.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><ThreadedComments xmlns="http://schemas.microsoft.com/office/'
            'spreadsheetml/2018/threadedcomments"><threadedComment ref="D6" dT="2025-02-10T08:00:00.00" '
            'personId="{6A2C5D1E-0001-4B6C-9E1F-000000000001}" id="{6A2C5D1E-0002-4B6C-9E1F-000000000002}">'
            f'<text>这一项请找 {MOBILE} 核对</text></threadedComment></ThreadedComments>').encode()
        found["xl/persons/person.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><personList xmlns="http://schemas.microsoft.com/office/'
            f'spreadsheetml/2018/threadedcomments"><person displayName="王老师" id="{{6A2C5D1E-0001-4B6C-9E1F-000000000001}}" '
            f'userId="{invented_id()}" providerId="None"/></personList>').encode()
        add_relationship(found, "xl/worksheets/_rels/sheet1.xml.rels", "rIdThread", "http://schemas.microsoft.com/"
                         "office/2017/10/relationships/threadedComment", "../threadedComments/threadedComment1.xml")
        add_relationship(found, "xl/_rels/workbook.xml.rels", "rIdPersons", "http://schemas.microsoft.com/office/2017/"
                         "10/relationships/person", "persons/person.xml")
        add_content_type(found, "xl/threadedComments/threadedComment1.xml",
                         "application/vnd.ms-excel.threadedcomments+xml")
        add_content_type(found, "xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
    rewrite(budget_xlsx(book), edit)
    assert inspected(book) == [leak(f"批注作者里有身份证号码，{SHEET}的 D6 单元格的批注里有手机号码")]


def test_separate_values_never_join_into_a_number(book: Path):
    """Window sizes and positions are numbers on their own: 139, 1234 and 5678 read together would look
    like a phone number, were they joined by a space or a line break."""
    with_workbook_xml(budget_xlsx(book), lambda xml: xml.replace(
        b"<workbookView ", b'<workbookView xWindow="139" yWindow="1234" windowWidth="5678" ', 1))
    assert inspected(book) == []


def test_a_broken_part_is_refused_as_damaged_never_a_traceback(book: Path):
    with_part(budget_xlsx(book, with_comment("核对无误")), "xl/worksheets/_rels/sheet1.xml.rels", b"<Relationships")
    assert inspected(book) == [f"{SHOWN} 无法读取：文件不完整或已损坏。请在 Excel 或 WPS 里打开原表格，另存为 .xlsx，替换这个文件。"]
