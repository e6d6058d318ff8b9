"""Spreadsheets as staff really hand them in: what is read safely, and what is refused with which message."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from sheet_bombs import CSV_HEAD
from sheets_support import PUPILS_FIELDS, REPO, fill, save, schoolpub, template

FEE_FIELDS = {"记录编号（文件名）": "2027-autumn", "标题": "测试市第一小学2027-2028学年第一学期收费公示", "学年": "2027-2028",
              "学期": "第一学期", "收费范围": "全体学生", "减免政策": "低保家庭子女免收。", "退费办法": "按月退还。",
              "公示期·开始日期": dt.date(2027, 8, 18), "公示期·结束日期": dt.date(2027, 9, 18), "公示单位": "测试市第一小学",
              "公示日期": dt.date(2027, 8, 18)}
ITEMS = [["课后服务费", "服务性收费", 450, None, None, "元/生·学期", "是"],
         ["作业本费", "代收费", 8, None, None, "元/生·学期", "是"]]
PHONES = [["学校办公室", "0000-6600 1234"], ["价格举报", "12315"]]
END = "共 {n} 个问题，没有写入任何文件。请在表格里改好后重新导入。"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    return tmp_path / "p"


def fees(fields=FEE_FIELDS, items=ITEMS):
    return fill(template("fees"), fields, {"收费项目": items, "监督投诉电话": PHONES})


def imported(root: Path, name: str, *args: str) -> str:
    result = schoolpub(root, "import", str(root.parent / name), *args)
    assert result.returncode == 0, result.stderr
    return (root / "data/fees/2027-autumn.yml").read_text(encoding="utf-8")


def refused(root: Path, name: str) -> list[str]:
    result = schoolpub(root, "import", str(root.parent / name))
    assert result.returncode == 1
    assert not (root / "data/fees/2027-autumn.yml").exists()
    lines = [line for line in result.stderr.splitlines() if line]
    assert lines[-1] == END.format(n=len(lines) - 1)
    return lines[:-1]


# -- read safely ----------------------------------------------------------------------------

def test_messy_fee_sheet_is_read_as_staff_meant_it(root: Path):
    book = fees({**FEE_FIELDS, "学年": "２０２７-２０２８", "公示期·开始日期": "2027/8/18", "公示期·结束日期": "2027年9月18日",
                 "公示日期": 46617},  # an Excel serial number: 2027-08-18
                [["课后服务费", "服务性收费", 450.0, None, None, "元/生·学期", "是"],
                 ["作业本费", "代收费", "８", None, None, "元/生·学期", True],
                 ["伙食费", "其他", None, None, "按实收取", "元/生·天", "√"]])
    items = book["收费项目"]
    items["D4"].number_format = '"¥"#,##0.00'  # a currency-formatted cell
    items["D2"] = " 收费标准 (金额) "  # typed again, with spaces and ASCII brackets
    items.insert_rows(1, 2)  # two merged title rows above the header
    items["A1"] = "测试市第一小学收费公示"
    items.merge_cells("A1:M2")
    items["B12"] = "  "  # a trailing row that only looks empty
    save(book, root.parent / "费用.xlsx")
    text = imported(root, "费用.xlsx")
    assert "school_year: 2027-2028\n" in text
    assert "display:\n  start: 2027-08-18\n  end: 2027-09-18\nissuer: 测试市第一小学\nissued: 2027-08-18\n" in text
    assert ("items:\n  - name: 课后服务费\n    kind: 服务性收费\n    amount: 450\n    unit: 元/生·学期\n    voluntary: true\n"
            "  - name: 作业本费\n    kind: 代收费\n    amount: 8\n    unit: 元/生·学期\n    voluntary: true\n"
            "  - name: 伙食费\n    kind: 其他\n    settled: 按实收取\n    unit: 元/生·天\n    voluntary: true\n") in text


def test_class_merged_down_over_several_pupils_belongs_to_each(root: Path):
    book = fill(template("honors"), PUPILS_FIELDS, {"获奖名单": [["王小琪", None, "三年级（2）班", "一等奖"],
                                                               ["欧阳娜娜", None, None, "一等奖"]]})
    book["获奖名单"].merge_cells("D4:D5")
    save(book, root.parent / "名单.xlsx")
    assert schoolpub(root, "import", str(root.parent / "名单.xlsx")).returncode == 0
    text = (root / "data/honors/2026-calligraphy.yml").read_text(encoding="utf-8")
    assert "  - name: 欧阳娜娜\n    unit: 三年级（2）班\n    award: 一等奖\n" in text


CSV_PUPILS = CSV_HEAD + """例,王小琪,,三年级（2）班,一等奖
1,王小琪,,三年级（2）班,一等奖
2,欧阳娜娜,,五年级（1）班,二等奖
3,,李明轩 张悦,四年级（3）班,三等奖
,,,,
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(root: Path, encoding: str):
    (root.parent / "名单.csv").write_bytes(CSV_PUPILS.replace("\n", "\r\n").encode(encoding))
    result = schoolpub(root, "import", str(root.parent / "名单.csv"))
    assert result.returncode == 0, result.stderr
    from test_sheets import IMPORTED_PUPILS
    assert (root / "data/honors/2026-calligraphy.yml").read_text(encoding="utf-8") == \
        IMPORTED_PUPILS.replace("书法名单.xlsx", "名单.csv")


def test_csv_problems_name_the_line_and_column(root: Path):
    text = CSV_PUPILS.replace("2,欧阳娜娜,,五年级（1）班,二等奖", "2,欧阳娜娜,,五年级（1）班,二等奖,13812345678")
    (root.parent / "名单.csv").write_text(text, encoding="utf-8")
    result = schoolpub(root, "import", str(root.parent / "名单.csv"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "名单.csv 【获奖名单】 第 14 行 F 列：这里有一个手机号码。个人手机号不能发布到网站上：请删除它。"
        "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。")


# -- refused, with the place and the fix ---------------------------------------------------------

def _with(book_change):
    def make(path: Path):
        book = fees()
        book_change(book)
        save(book, path)
    return make


def _fees_with(fields=FEE_FIELDS, items=ITEMS):
    return lambda path: save(fees(fields, items), path)


def _encrypted(path: Path):
    plain = io.BytesIO()
    fees().save(plain)
    plain.seek(0)
    with path.open("wb") as target:
        OOXMLFile(plain).encrypt("123456", target)


def _extra_sheet(book, hidden):
    sheet = book.create_sheet("草稿" if hidden else "Sheet1")
    sheet["A1"] = "旧名单"
    if hidden:
        sheet.sheet_state = "hidden"


def _set(sheet, cell, value):
    return lambda book: book[sheet].__setitem__(cell, value)


REFUSED = {
    "amount-with-yuan": (
        _fees_with(items=[["课后服务费", "服务性收费", "450元", None, None, "元/生·学期", "是"]]),
        ["费用.xlsx 工作表“收费项目” 第 4 行 D 列（收费标准（金额））：收费标准（金额）：金额只写数字，不要带“元”、货币符号或逗号，"
         "例如 1200 或 1200.50（现在是“450元”）。单位写在“计费单位”字段里。"]),
    "more-than-two-decimals": (
        _fees_with(items=[["课后服务费", "服务性收费", 12.345, None, None, "元/生·学期", "是"]]),
        ["费用.xlsx 工作表“收费项目” 第 4 行 D 列（收费标准（金额））：金额最多两位小数（现在是 12.345）。"
         "请在表格里把这个数改成精确到分。"]),
    "ambiguous-date": (
        _fees_with({**FEE_FIELDS, "公示日期": "8/18/2027"}),
        ["费用.xlsx 工作表“基本信息” 第 16 行 B 列（公示日期）：日期“8/18/2027”看不出哪个是月、哪个是日"
         "（9/1 可能是 9月1日，也可能是 1月9日）。请写成 2025-09-01 或 2025年9月1日 这样年份在前的格式。"]),
    "number-in-a-date-cell": (
        _fees_with({**FEE_FIELDS, "公示日期": 123}),
        ["费用.xlsx 工作表“基本信息” 第 16 行 B 列（公示日期）：日期是 1900-05-02，看起来是把一个数字填进了日期格式的单元格。"
         "请写成 2025-09-01 这样的日期。"]),
    "formula-without-value": (
        _with(_set("收费项目", "D4", "=400+50")),
        ["费用.xlsx 工作表“收费项目” 第 4 行 D 列：这个单元格是公式，但文件里没有保存公式的计算结果。"
         "请在 Excel 或 WPS 里打开文件、保存一次再导入；或者把公式换成数值（复制 › 选择性粘贴 › 数值）。"]),
    "hidden-sheet": (
        _with(lambda book: _extra_sheet(book, hidden=True)),
        ["费用.xlsx 工作表“草稿”：这个工作表被隐藏了，但里面有内容。请取消隐藏（右键工作表标签 › 取消隐藏）检查后再导入，"
         "不需要的工作表请删除。"]),
    "hidden-row": (
        _with(lambda book: setattr(book["收费项目"].row_dimensions[5], "hidden", True)),
        ["费用.xlsx 工作表“收费项目” 第 5 行：这一行被隐藏了，但里面有内容。隐藏的内容不会被导入，也不能悄悄发布："
         "不需要的行请删除，需要的请取消隐藏。"]),
    "unknown-sheet": (
        _with(lambda book: _extra_sheet(book, hidden=False)),
        ["费用.xlsx 工作表“Sheet1”：模板里没有叫“Sheet1”的工作表，里面的内容不会被导入。请把内容移到对应的工作表"
         "（基本信息、统一收费依据、收费项目、收费项目·分档收费标准、收费项目·收费依据、监督投诉电话、公示的合计），"
         "不需要的工作表请删除。"]),
    "unknown-column": (
        _with(lambda book: (_set("收费项目", "O2", "经办人")(book), _set("收费项目", "O4", "王老师")(book))),
        ["费用.xlsx 工作表“收费项目” 第 2 行 O 列（经办人）：不认识“经办人”这一列，它的内容不会被导入。这张表的列有："
         "收费项目、收费类别、收费标准（金额）、最高金额、结算方式、计费单位、是否自愿、收费对象、适用年级、免收对象、退费、备注、"
         "收费月数。"]),
    "missing-required-column": (
        _with(_set("收费项目", "C2", None)),
        ["费用.xlsx 工作表“收费项目” 第 2 行（收费类别）：缺少“收费类别”这一列（必填）。请照模板补上这一列。",
         "费用.xlsx 工作表“收费项目” 第 2 行 C 列：不认识没有表头的这一列，它的内容不会被导入。这张表的列有："
         "收费项目、收费类别、收费标准（金额）、最高金额、结算方式、计费单位、是否自愿、收费对象、适用年级、免收对象、退费、备注、"
         "收费月数。"]),
    "price-of-an-unknown-item": (
        _with(lambda book: fill(book, {}, {"收费项目·分档收费标准": [["住宿费", "公寓", 200]]})),
        ["费用.xlsx 工作表“收费项目·分档收费标准” 第 3 行 B 列（所属收费项目（收费项目））：“住宿费”在“收费项目”表里找不到。"
         "请照抄那张表里的名称，现有：课后服务费、作业本费。"]),
    "id-and-mobile-numbers": (
        _with(lambda book: (_set("基本信息", "D5", "家长身份证 11010519491231002X")(book),
                            _set("收费项目", "M4", "联系 13812345678")(book))),
        ["费用.xlsx 工作表“基本信息” 第 5 行 D 列：这里有一个身份证号码。学生和家长的身份证号绝不能发布到网站上：请删除它"
         "（提交记录里也会保留，如已推送到公开仓库，请联系网站维护人员处理）。",
         "费用.xlsx 工作表“收费项目” 第 4 行 M 列：这里有一个手机号码。个人手机号不能发布到网站上：请删除它。"
         "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。"]),
    "password-protected": (
        _encrypted,
        ["费用.xlsx 设置了打开密码，无法读取。请在 Excel 或 WPS 里取消密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，"
         "清空密码）后另存，再导入。"]),
    "old-xls-renamed": (
        lambda path: path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000)),
        ["费用.xlsx 是旧的 .xls 格式。请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）后再导入。"]),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_with_sheet_row_column_and_the_fix(root: Path, case: str):
    make, expected = REFUSED[case]
    make(root.parent / "费用.xlsx")
    lines = refused(root, "费用.xlsx")
    assert lines == expected
    assert "11010519491231002X" not in "\n".join(lines) and "13812345678" not in "\n".join(lines)


def test_every_problem_of_a_sheet_comes_at_once(root: Path):
    book = fees({**FEE_FIELDS, "学期": "秋季", "公示日期": "8/18/2027"},
                [["课后服务费", "服务性收费", "450元", None, None, "元/生·学期", "否"]])
    save(book, root.parent / "费用.xlsx")
    assert refused(root, "费用.xlsx") == [
        "费用.xlsx 工作表“基本信息” 第 6 行 B 列（学期）：学期：只能填以下之一：第一学期、第二学期、全学年（现在是“秋季”）。"
        "你是不是想写“第一学期”？",
        "费用.xlsx 工作表“基本信息” 第 16 行 B 列（公示日期）：日期“8/18/2027”看不出哪个是月、哪个是日（9/1 可能是 9月1日，"
        "也可能是 1月9日）。请写成 2025-09-01 或 2025年9月1日 这样年份在前的格式。",
        "费用.xlsx 工作表“收费项目” 第 4 行 D 列（收费标准（金额））：收费标准（金额）：金额只写数字，不要带“元”、货币符号或逗号，"
        "例如 1200 或 1200.50（现在是“450元”）。单位写在“计费单位”字段里。",
    ]


def test_an_untouched_template_lists_every_required_value_at_its_cell(root: Path):
    (root.parent / "收费公示-模板.xlsx").write_bytes(save_template_bytes("fees"))
    lines = refused(root, "收费公示-模板.xlsx")
    place = "收费公示-模板.xlsx 工作表“基本信息” 第 {} 行 B 列（{}）：缺少必填项“{}”。{}"
    assert lines == [
        "收费公示-模板.xlsx 工作表“基本信息” 第 3 行 B 列（记录编号（文件名））：请填写记录编号：它是文件名，也是网址的一部分，"
        "只能用小写英文字母、数字和连字符，例如 2026-merit-pupils。",
        place.format(4, "标题", "标题", "例如 2025学年第一学期收费公示。"),
        place.format(16, "公示日期", "公示日期", "发出公示的日期（原公示没有写日期的，写发布到网站的日期）；"
                     "原公示只写到月的，写 2017-01，网站上显示 2017年1月。"),
        "收费公示-模板.xlsx 工作表“收费项目”：“收费项目”表里一行也没有填，至少要填一行：每个收费项目一项。",
    ]  # what the source leaves out (学年, 学期, 收费范围, 减免政策, 电话, 公示期…) may stay empty: make check notes it


def save_template_bytes(kind: str) -> bytes:
    from schoolpub.sheets.export import template_bytes
    from sheets_support import TODAY, content_type
    return template_bytes(content_type(kind), TODAY)
