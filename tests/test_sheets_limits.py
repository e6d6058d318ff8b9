"""Spreadsheets that would exhaust the machine: refused before they are parsed, the file, sheet and
cell named, in bounded memory and time, measured on the import as staff run it (a fresh process)."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import sheet_bombs as bombs
from conftest import tree_digest
from sheets_support import PUPILS, PUPILS_FIELDS, REPO, fill, save, template
from schoolpub.sheets.importer import import_file

# A normal import of the pupils' list peaks at ~50 MB resident (Python, pydantic, openpyxl loaded;
# measured). Every bomb must stay under three times that: before these limits they took 2–3 GB.
PEAK_MB = 150
# A normal import takes under a second here; before these limits the bombs took 40–230 s.
SECONDS = 15
END = "共 {n} 个问题，没有写入任何文件。请在表格里改好后重新导入。"
RESAVE = "请检查是不是选错了文件；确实要导入的话，请在 Excel 或 WPS 里打开它，另存为 .xlsx 后再导入（另存会重新写出整个文件）。"
LAST_CELL = "在 Excel 或 WPS 里按 Ctrl+End 会跳到表格里最后一个有内容的单元格"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    return tmp_path / "p"


def _too_long(place: str, cell: str, characters: int) -> str:
    return (f"{place}：这个单元格（{cell}）有 {characters} 个字符，超过上限 32767 个（Excel 和 WPS 的一个单元格最多只能"
            "放这么多）。请检查是不是粘贴错了内容；很长的文字请放进 PDF 附件。")


BOMBS = {
    "shared strings inflating to 3 GB (3 MB file)": (
        bombs.shared_strings_bomb, "名单.xlsx",
        "名单.xlsx 里的单元格文字（xl/sharedStrings.xml）解压后有 3000 MB，上限 50 MB（一万行的名单也只有几 MB）。"
        "这不像 Excel 或 WPS 保存的表格，可能是损坏或故意构造的文件（“压缩炸弹”）：解压会耗尽电脑的内存，所以没有读取它。"
        + RESAVE),
    "shared strings inflating to 3 GB, header saying 200 KB": (
        lambda path: bombs.shared_strings_bomb(path, declared=200_000), "名单.xlsx",
        "名单.xlsx 里的单元格文字（xl/sharedStrings.xml）解压出的内容和文件里记录的大小或校验值不符：文件已损坏，"
        "或是故意构造的。没有继续读取。" + RESAVE),
    "one stray cell at A1048576": (
        bombs.stray_cell_workbook, "名单.xlsx",
        "名单.xlsx 工作表“获奖名单” 第 1048576 行 A 列：第 1048576 行（A1048576）有内容，离表格数据很远"
        "（上面的内容到第 6 行为止，中间空了 1048569 行）。这多半是不小心输入的：请删除这个单元格再导入"
        f"（{LAST_CELL}）；如果它确实是表格的一部分，请删掉中间的空行。"),
    "a CSV file of a million rows": (
        bombs.million_row_csv, "名单.csv",
        "名单.csv 【获奖名单】 第 10001 行 A 列：第 10001 行（A10001）还有内容，但一张表最多 10000 行"
        "（全校的获奖名单也只有两千行左右）。请检查是不是选错了文件；名单确实这么长的话，请拆成几个表格分别导入。"),
    "a 10 MB cell": (
        bombs.long_cell_workbook, "名单.xlsx", _too_long("名单.xlsx 工作表“获奖名单” 第 5 行 D 列", "D5", 3495253)),
    "a 10 MB cell of one character repeated": (
        lambda path: bombs.long_cell_workbook(path, repeated=True), "名单.xlsx",
        "名单.xlsx 里的工作表“获奖名单”（xl/worksheets/sheet4.xml）压缩了 222 倍（46 KB 解压后是 10 MB）；"
        "Excel 和 WPS 保存的表格一般只压缩 3 到 15 倍，上限 100 倍。这是“压缩炸弹”的特征：解压会耗尽电脑的内存，"
        "所以没有读取它。" + RESAVE),
    "a 10 MB cell in a CSV file": (
        bombs.long_cell_csv, "名单.csv", _too_long("名单.csv 【获奖名单】 第 13 行 D 列", "D13", 3495253)),
}


@pytest.mark.parametrize("case", list(BOMBS))
def test_bomb_is_refused_in_bounded_memory_and_time(root: Path, case: str):
    make, name, expected = BOMBS[case]
    path = make(root.parent / name)
    before = tree_digest(root / "data")
    run = bombs.measured_import(root, path, address_space_gb=2)
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines() == [expected, "", END.format(n=1)]
    assert run.peak_mb < PEAK_MB, f"{case}: peak {run.peak_mb:.0f} MB"
    assert run.seconds < SECONDS, f"{case}: {run.seconds:.1f} s"
    assert tree_digest(root / "data") == before


def test_the_memory_measurement_sees_what_a_process_takes():
    """The bound above can fail: the same measurement of a child that takes 200 MB says so."""
    run = bombs.measured([sys.executable, "-c", "block = bytearray(200 * 1024 * 1024); block[::4096] = b'x' * 51200"])
    assert run.returncode == 0, run.stderr
    assert run.peak_mb > 200


# -- crafted files: refused with the place and the fix (in-process, no measurement needed) ----------

CRAFTED = {
    "shared string of 40,000 characters": (
        bombs.shared_long_cell_workbook, "名单.xlsx",
        [_too_long("名单.xlsx 工作表“获奖名单” 第 5 行 D 列", "D5", 40000)]),
    "stray cell at XFD4": (
        lambda path: bombs.stray_cell_workbook(path, "XFD4"), "名单.xlsx",
        ["名单.xlsx 工作表“获奖名单” 第 4 行 XFD 列：XFD4 有内容，但一张表最多 50 列（到 AX 列；模板最宽的表只有 13 列）。"
         f"这多半是不小心输入的：请删除这个单元格再导入（{LAST_CELL}）。"]),
    "stray cell 493 empty rows below the list": (
        lambda path: bombs.stray_cell_workbook(path, "C500", "三年级"), "名单.xlsx",
        ["名单.xlsx 工作表“获奖名单” 第 500 行 C 列：第 500 行（C500）有内容，离表格数据很远（上面的内容到第 6 行为止，"
         f"中间空了 493 行）。这多半是不小心输入的：请删除这个单元格再导入（{LAST_CELL}）；"
         "如果它确实是表格的一部分，请删掉中间的空行。"]),
    "100,050 cells with content": (
        lambda path: bombs.filled_sheet(path, rows=2_001, columns=50), "名单.xlsx",
        ["名单.xlsx 工作表“获奖名单” 第 2001 行 A 列：到第 2001 行（A2001）为止，有内容的单元格已经超过 100000 个"
         "（全校两千人的名单也只有两三万个）。请检查是不是选错了文件；表格确实这么大的话，请拆成几个表格分别导入。"]),
    "1,032 parts in the zip": (
        bombs.many_parts_workbook, "名单.xlsx",
        ["名单.xlsx 不像 Excel 或 WPS 保存的表格：.xlsx 文件其实是一个压缩包，这个压缩包里有 1032 个文件，上限 1000 个"
         "（用模板填写的工作簿只有二三十个）。没有读取它。" + RESAVE]),
    "parts declaring 120 MB in all": (
        bombs.declared_total_workbook, "名单.xlsx",
        ["名单.xlsx 解压后一共有 120 MB，上限 100 MB（一万行的名单也只有几 MB）。这不像 Excel 或 WPS 保存的表格，"
         "没有读取它。" + RESAVE]),
    "entity definitions (billion laughs) in styles.xml": (
        bombs.doctype_workbook, "名单.xlsx",
        ["名单.xlsx 里的 xl/styles.xml 含有 Excel 和 WPS 不会写的文档类型声明（<!DOCTYPE>），可能是故意构造的文件，"
         "没有读取它。" + RESAVE]),
    "merged ranges overlapping": (
        bombs.overlapping_merges_workbook, "名单.xlsx",
        ["名单.xlsx 工作表“获奖名单”：这个工作表的合并单元格互相重叠：Excel 和 WPS 不会保存出这样的表格，文件可能已损坏。"
         + RESAVE]),
    "a CSV line of 20,004 commas": (
        bombs.wide_csv, "名单.csv",
        ["名单.csv 【获奖名单】 第 12 行：这一行有 20004 个逗号，比 Excel 和 WPS 一张表最多的 16384 列还多："
         "这不像 Excel 或 WPS 保存的 CSV 文件。请检查是不是选错了文件。"]),
    "a CSV cell 200 empty lines below the list": (
        lambda path: path.write_text(bombs.CSV_HEAD + "1,王小琪,,三年级（2）班,一等奖\n" + "\n" * 200 + ",,x\n",
                                     encoding="utf-8"), "名单.csv",
        ["名单.csv 【获奖名单】 第 213 行 C 列：第 213 行（C213）有内容，离表格数据很远（上面的内容到第 12 行为止，"
         f"中间空了 200 行）。这多半是不小心输入的：请删除这个单元格再导入（{LAST_CELL}）；"
         "如果它确实是表格的一部分，请删掉中间的空行。"]),
}


@pytest.mark.parametrize("case", list(CRAFTED))
def test_crafted_file_is_refused_with_its_place(root: Path, case: str):
    make, name, expected = CRAFTED[case]
    make(root.parent / name)
    before = tree_digest(root / "data")
    assert import_file(root, root.parent / name).problems == expected
    assert tree_digest(root / "data") == before


def test_blank_rows_between_groups_are_no_stray_cells(root: Path):
    """Staff leave a blank row or two between groups (numbered in advance, as the template's 序号
    column often is); the list still imports whole."""
    book = fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS[:2] + [[None] * 4] * 3 + PUPILS[2:]})
    outcome = import_file(root, save(book, root.parent / "名单.xlsx"))
    assert outcome.problems == []
    assert outcome.written.read_text(encoding="utf-8").count("award:") == 3


# -- what a cell holds, quoted safely and placed at its cell ----------------------------------------

def _pupils(change) -> "object":
    book = fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS})
    change(book)
    return book


def _refused(root: Path, book) -> list[str]:
    before = tree_digest(root / "data")
    problems = import_file(root, save(book, root.parent / "名单.xlsx")).problems
    assert tree_digest(root / "data") == before
    return problems


def test_invisible_characters_are_reported_at_their_cell(root: Path):
    def change(book):
        book["获奖名单"]["B4"] = "王小\u200b琪"
        book["获奖名单"]["E4"] = "一等奖\u202e"
    assert _refused(root, _pupils(change)) == [
        "名单.xlsx 工作表“获奖名单” 第 4 行 B 列：这里有一个看不见的字符 U+200B（零宽空格，ZERO WIDTH SPACE）。"
        "它通常是从网页、微信或 Word 复制时带进来的，会让显示的内容和实际内容不一致。请删掉它：把这段文字重新输入一遍。",
        "名单.xlsx 工作表“获奖名单” 第 4 行 E 列：这里有一个看不见的字符 U+202E（双向文字控制符，会让文字显示的顺序和实际内容"
        "不一样，RIGHT-TO-LEFT OVERRIDE）。它通常是从网页、微信或 Word 复制时带进来的，会让显示的内容和实际内容不一致。"
        "请删掉它：把这段文字重新输入一遍。"]


def test_a_sheet_name_with_a_bidi_control_is_shown_with_it_visible(root: Path):
    def change(book):
        book["获奖名单"].title = "获奖名单\u202e"
    problems = _refused(root, _pupils(change))
    assert problems == [
        "名单.xlsx 工作表“获奖名单⟨U+202E⟩”：模板里没有叫“获奖名单⟨U+202E⟩”的工作表，里面的内容不会被导入。是不是“获奖名单”？"
        "请把内容移到对应的工作表（基本信息、异议受理电话、依据文件、获奖名单、奖项分组、奖项分组·获奖名单），不需要的工作表请删除。"]
    assert "\u202e" not in "".join(problems)


def test_an_unknown_header_is_quoted_without_the_mobile_number_in_it(root: Path):
    def change(book):
        book["获奖名单"]["F2"] = "联系13812345678"
        book["获奖名单"]["F4"] = "王老师"
    problems = _refused(root, _pupils(change))
    assert problems == [
        "名单.xlsx 工作表“获奖名单” 第 2 行 F 列：这里有一个手机号码。个人手机号不能发布到网站上：请删除它。"
        "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。",
        "名单.xlsx 工作表“获奖名单” 第 2 行 F 列（联系〔手机号已隐去〕）：不认识“联系〔手机号已隐去〕”这一列，"
        "它的内容不会被导入。这张表的列有：姓名或名称、同班多人姓名、班级或学科、奖项。"]
    assert "13812345678" not in "".join(problems)


def test_a_value_the_model_quotes_back_is_shown_without_its_mobile_number(root: Path):
    book = fill(template("honors"), {**PUPILS_FIELDS, "级别": "市级13812345678"}, {"获奖名单": PUPILS})
    assert _refused(root, book) == [
        "名单.xlsx 工作表“基本信息” 第 8 行 B 列：这里有一个手机号码。个人手机号不能发布到网站上：请删除它。"
        "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。",
        "名单.xlsx 工作表“基本信息” 第 8 行 B 列（级别）：级别：只能填以下之一：国家级、省级、市级、区县级、校级"
        "（现在是“市级〔手机号已隐去〕”）。你是不是想写“市级”？"]


def test_a_line_too_long_for_a_record_is_reported_at_its_cell(root: Path):
    def change(book):
        book["获奖名单"]["E5"] = "二等奖" + "。" * 6000
    assert _refused(root, _pupils(change)) == [
        "名单.xlsx 工作表“获奖名单” 第 5 行 E 列：这个单元格里有一段太长（6003 个字符，上限 5000）。长文请分段："
        "在单元格里按 Alt+Enter 换行，段落之间空一行；很长的名单请一行写一项。"]


def test_the_staff_guide_states_the_limits_in_force():
    from schoolpub.sheets.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, MEGABYTE
    guide = (REPO / "STAFF-GUIDE.zh-CN.md").read_text(encoding="utf-8")
    assert (f"一张表最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列，一个格子最多 {MAX_CELL_CHARS} 个字（Excel 的上限），"
            f"文件最大 {MAX_FILE_BYTES // MEGABYTE} MB") in guide
