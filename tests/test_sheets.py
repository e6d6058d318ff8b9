"""Spreadsheets in and out: templates generated from the models, import, export, round trips."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from schoolpub import build, views
from schoolpub.content import ALL_TYPES, SCHOOL
from schoolpub.guide import walk_fields
from schoolpub.loader import load_site
from schoolpub.sheets.export import export_bytes, template_bytes
from schoolpub.sheets.layout import layout_of
from conftest import tree_digest
from sheets_support import PUPILS, PUPILS_FIELDS, REPO, TODAY, content_type, fill, save, schoolpub, template

IMPORTED_PUPILS = """\
# yaml-language-server: $schema=../../schemas/honors.schema.json
# 荣誉榜：由 书法名单.xlsx 导入（make import）。
title: 2026年测试市中小学生书法比赛获奖名单
date: 2026-10-30
issuer: 测试市教育局
level: 市级
recipient_kind: 学生
recipients:
  - name: 王小琪
    unit: 三年级（2）班
    award: 一等奖
  - name: 欧阳娜娜
    unit: 五年级（1）班
    award: 二等奖
  - names: 李明轩 张悦
    unit: 四年级（3）班
    award: 三等奖
guardian_consent: true
"""


# -- templates ----------------------------------------------------------------------------

def test_honors_template_sheets_headers_comments_and_drop_downs():
    book = template("honors")
    assert book.sheetnames == ["基本信息", "异议受理电话", "依据文件", "获奖名单", "奖项分组", "奖项分组·获奖名单"]
    fields = book["基本信息"]
    assert [row[0] for row in fields.iter_rows(min_row=2, max_col=1, values_only=True)] == [
        "项目", "记录编号（文件名） *", "标题 *", "文号", "日期 *", "颁发单位 *", "级别 *", "阶段", "公示期·开始日期",
        "公示期·结束日期", "正文", "获奖对象", "奖项", "公布人数", "证书照片", "学生姓名显示方式", "监护人同意"]
    assert fields["A4"].comment.text == "例如 2025年示例市中小学生书法比赛获奖名单、关于表彰2025—2026学年三好学生的决定"
    assert fields["B6"].number_format == "yyyy-mm-dd"
    drop_downs = {str(v.sqref): v.formula1 for v in fields.data_validations.dataValidation}
    assert drop_downs == {"B8": '"国家级,省级,市级,区县级,校级"', "B9": '"公示,表彰"', "B13": '"学校,教师,学生,集体"',
                          "B17": '"打码显示（王*琪）,只显示班级（不显示姓名）,显示全名（须有监护人书面同意）"', "B18": '"是,否"'}
    assert [cell.value for cell in book["依据文件"][2]] == ["序号", "文号", "文件名称", "发文机关"]
    assert [cell.value for cell in book["奖项分组"][2]] == ["序号", "奖项或荣誉称号 *", "获奖对象 *", "公布人数"]
    names = book["获奖名单"]
    assert [cell.value for cell in names[2]] == ["序号", "姓名或名称", "同班多人姓名", "班级或学科", "奖项"]
    assert [cell.value for cell in names[3]] == ["例", "王小琪", None, "三年级（2）班", "一等奖"]
    assert names["B2"].comment.text == "获奖人姓名或集体名称，例如 王小琪、三年级（2）班"
    groups = book["奖项分组·获奖名单"]
    assert groups["B2"].value == "所属奖项分组（奖项或荣誉称号） *"
    assert book.properties.subject == "schoolpub:honors"


def test_fee_template_has_item_sheets_with_amount_formats_and_kinds():
    book = template("fees")
    assert book.sheetnames == ["基本信息", "统一收费依据", "收费项目", "收费项目·分档收费标准", "收费项目·收费依据",
                               "监督投诉电话", "公示的合计"]
    items = book["收费项目"]
    assert [cell.value for cell in items[2]] == [
        "序号", "收费项目 *", "收费类别 *", "收费标准（金额）", "最高金额", "结算方式", "计费单位", "是否自愿", "收费对象",
        "适用年级", "免收对象", "退费", "备注", "收费月数"]
    assert items["D300"].number_format == "0.00"
    drop_downs = {str(v.sqref): v.formula1 for v in items.data_validations.dataValidation}
    assert drop_downs == {"C3:C5000": '"学费,保育教育费,住宿费,伙食费,行政事业性收费,服务性收费,代收费,代办服务性收费,其他"',
                          "H3:H5000": '"是,否"'}
    assert [cell.value for cell in book["收费项目·分档收费标准"][2]] == ["序号", "所属收费项目（收费项目） *", "档次 *", "金额 *",
                                                                    "原表写法"]


def test_every_field_of_every_model_has_a_place_in_its_workbook():
    for content_type_ in ALL_TYPES:
        layout = layout_of(content_type_)
        places = {".".join(column.path) for column in layout.singles}
        for sheet in layout.lists:
            prefix = _sheet_prefix(sheet)
            places.add(prefix.rstrip("."))
            places |= {prefix + ".".join(column.path) for column in sheet.columns}
        model_fields = {key.replace("[]", "") for key, _ in walk_fields(content_type_.model)}
        parents = {key.rsplit(".", 1)[0] for key in model_fields if "." in key}
        assert model_fields - parents <= places, content_type_.name
        assert places <= model_fields, content_type_.name


def _sheet_prefix(sheet) -> str:
    return (_sheet_prefix(sheet.parent) if sheet.parent else "") + ".".join(sheet.path) + "."


def test_every_drop_down_fits_excels_limit_of_255_characters():
    for content_type_ in ALL_TYPES:
        layout = layout_of(content_type_)
        columns = list(layout.singles) + [c for sheet in layout.lists for c in sheet.columns]
        for column in columns:
            assert len(",".join(column.choices)) + 2 <= 255, column.title


def test_make_template_writes_into_spreadsheets_and_never_over_a_file(tmp_path: Path):
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    root = tmp_path / "p"
    first = schoolpub(root, "template", "honors", "--today", "2026-11-23")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == ("已生成模板 spreadsheets/荣誉榜-模板.xlsx。用 Excel 或 WPS 填好后运行："
                                    "make import FILE=spreadsheets/荣誉榜-模板.xlsx")
    assert (root / "spreadsheets/荣誉榜-模板.xlsx").read_bytes() == template_bytes(content_type("honors"), TODAY)
    again = schoolpub(root, "template", "honors")
    assert again.returncode == 2
    assert again.stderr.strip() == ("spreadsheets/荣誉榜-模板.xlsx 已经存在，没有覆盖（里面可能有你填好的内容）。"
                                    "请先把它改名或移走，或者用 OUT=… 写到别处。")
    elsewhere = schoolpub(root, "template", "school", "--out", str(tmp_path))
    assert elsewhere.returncode == 0 and (tmp_path / "学校概况-模板.xlsx").is_file()


# -- import ---------------------------------------------------------------------------------

def test_filled_template_imports_passes_check_and_builds_a_masked_page(tmp_path: Path):
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    root = tmp_path / "p"
    filled = save(fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS}), tmp_path / "书法名单.xlsx")
    result = schoolpub(root, "import", str(filled))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("已导入 data/honors/2026-calligraphy.yml：和 make check 一样的检查全部通过")
    assert (root / "data/honors/2026-calligraphy.yml").read_text(encoding="utf-8") == IMPORTED_PUPILS
    assert schoolpub(root, "check").returncode == 0
    site, problems = load_site(root / "data")
    page = views.record_page(build.context_for(site, "https://example.edu.cn/"), "honors", "2026-calligraphy")
    assert "王*琪" in page and "欧阳**" in page and "李*轩" in page
    assert "王小琪" not in page and "欧阳娜娜" not in page and "李明轩" not in page


def test_import_refuses_to_replace_a_record_without_overwrite_and_writes_nothing(tmp_path: Path):
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    root = tmp_path / "p"
    filled = save(fill(template("honors"), {**PUPILS_FIELDS, "记录编号（文件名）": "sample"}, {"获奖名单": PUPILS}),
                  tmp_path / "名单.xlsx")
    before = tree_digest(root / "data")
    refused = schoolpub(root, "import", str(filled))
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        "名单.xlsx：data/honors/sample.yml 已经存在。要用表格里的内容替换它，请加上 OVERWRITE=1；"
        "要新建一条，请在“基本信息”里换一个记录编号。")
    assert refused.stderr.strip().endswith("共 1 个问题，没有写入任何文件。请在表格里改好后重新导入。")
    assert tree_digest(root / "data") == before
    replaced = schoolpub(root, "import", str(filled), "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert "王小琪" in (root / "data/honors/sample.yml").read_text(encoding="utf-8")


def test_consent_must_be_stated_for_a_pupils_list(tmp_path: Path):
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    root = tmp_path / "p"
    fields = {key: value for key, value in PUPILS_FIELDS.items() if key != "监护人同意"}
    filled = save(fill(template("honors"), fields, {"获奖名单": PUPILS}), tmp_path / "名单.xlsx")
    result = schoolpub(root, "import", str(filled))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (  # in the spreadsheet's words: titled cells and their choices, no YAML
        "名单.xlsx 工作表“基本信息”：这份获奖名单会公开学生的姓名（打码显示），需要监护人同意：取得同意后请写“监护人同意：是”；"
        "没有同意时请写“学生姓名显示方式：只显示班级（不显示姓名）”，只显示班级。")
    assert not (root / "data/honors/2026-calligraphy.yml").exists()


def test_a_choice_picked_by_its_chinese_label_is_stored_as_its_value(tmp_path: Path):
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    root = tmp_path / "p"
    fields = {key: value for key, value in PUPILS_FIELDS.items() if key != "监护人同意"}
    fields["学生姓名显示方式"] = "只显示班级（不显示姓名）"  # the drop-down's label
    filled = save(fill(template("honors"), fields, {"获奖名单": PUPILS}), tmp_path / "名单.xlsx")
    result = schoolpub(root, "import", str(filled))
    assert result.returncode == 0, result.stderr
    text = (root / "data/honors/2026-calligraphy.yml").read_text(encoding="utf-8")
    assert "\nname_display: class_only\n" in text
    exported = openpyxl.load_workbook(io.BytesIO(export_bytes(root, content_type("honors"), "2026-calligraphy")))
    values = {row[0]: row[1] for row in exported["基本信息"].iter_rows(min_row=3, values_only=True)}
    assert values["学生姓名显示方式"] == "只显示班级（不显示姓名）"


# -- export and round trips -----------------------------------------------------------------

ROUND_TRIPS = [("fees", "2025-autumn"), ("fees", "2024-autumn"), ("honors", "2026-merit-pupils"),
               ("honors", "2026-good-youth"), ("honors", "2024-district-teaching-contest"), ("festivals", "2025-art"),
               ("festivals", "2024-science"),
               ("regulations", "2019-charter"), ("affairs", "2024-budget"), ("school", None)]


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "p"
    shutil.copytree(REPO / "data", root / "data")
    return root


@pytest.mark.parametrize("kind, record_id", ROUND_TRIPS)
def test_importing_an_unchanged_export_leaves_the_record_as_it_was(demo_copy: Path, tmp_path: Path, kind, record_id):
    type_ = content_type(kind)
    before, _ = load_site(demo_copy / "data")
    original = before.school if type_ is SCHOOL else before.of(kind)[record_id]
    exported = export_bytes(demo_copy, type_, record_id)
    sheet = tmp_path / "export.xlsx"
    sheet.write_bytes(exported)
    arguments = ["import", str(sheet), "--overwrite"]
    result = schoolpub(demo_copy, *arguments)
    assert result.returncode == 0, result.stderr
    after, problems = load_site(demo_copy / "data")
    assert not problems
    again = after.school if type_ is SCHOOL else after.of(kind)[record_id]
    assert again.model_dump() == original.model_dump()
    assert export_bytes(demo_copy, type_, record_id) == exported


def test_export_of_a_fee_matrix_has_one_row_per_grade_price(tmp_path: Path):
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(REPO, content_type("fees"), "2025-autumn")))
    prices = [row for row in book["收费项目·分档收费标准"].iter_rows(min_row=3, values_only=True)]
    assert prices[:3] == [(1, "课本费", "一年级", 32, None), (2, "课本费", "二年级", 32, None),
                          (3, "课本费", "三年级", 51, None)]
    assert (8, "伙食费", "中餐", 8.3, None) in prices
    fields = {row[0]: row[1] for row in book["基本信息"].iter_rows(min_row=3, values_only=True)}
    assert fields["记录编号（文件名） *"] == "2025-autumn"
    assert fields["年级"] == "一年级、二年级、三年级、四年级、五年级、六年级"
    assert fields["公示期·开始日期"] == dt.datetime(2025, 8, 18)


@pytest.mark.parametrize("notice", ["senior-high-groups", "junior-middle"])
def test_a_notice_dated_to_the_month_or_without_a_term_survives_a_round_trip(tmp_path: Path, notice: str):
    root = tmp_path / "p"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copyfile(REPO / "tests/fixtures/fee_notices" / f"{notice}.yml", root / "data/fees" / f"{notice}.yml")
    before = load_site(root / "data")[0].of("fees")[notice]
    exported = export_bytes(root, content_type("fees"), notice)
    fields = {row[0]: row[1] for row in openpyxl.load_workbook(io.BytesIO(exported))["基本信息"]
              .iter_rows(min_row=3, values_only=True)}
    # a month stays text: a date cell would turn it into the 1st of the month, a day nobody published
    assert fields["公示日期 *"] == {"senior-high-groups": "2017-01", "junior-middle": dt.datetime(2018, 2, 27)}[notice]
    assert (fields["学年"], fields["学期"]) == {"senior-high-groups": ("2016-2017", "第二学期"),
                                             "junior-middle": (None, None)}[notice]
    sheet = tmp_path / "export.xlsx"
    sheet.write_bytes(exported)
    result = schoolpub(root, "import", str(sheet), "--overwrite")
    assert result.returncode == 0, result.stderr
    after = load_site(root / "data")[0].of("fees")[notice]
    assert after.model_dump(mode="json") == before.model_dump(mode="json")  # "2017-01", not "2017-01-01"
    assert type(after.issued) is type(before.issued)


def test_export_refuses_a_record_with_fields_the_workbook_would_drop(tmp_path: Path):
    shutil.copytree(REPO / "tests/fixtures/minimal", tmp_path / "p")
    root = tmp_path / "p"
    path = root / "data/honors/sample.yml"
    path.write_text(path.read_text(encoding="utf-8") + "remark: 内部备注\n", encoding="utf-8")
    result = schoolpub(root, "export", "honors", "sample")
    assert result.returncode == 1
    assert result.stderr.strip() == ("错误：data/honors/sample.yml 里有模板没有的字段：remark。导出会丢掉它们，所以没有导出。"
                                     "请先运行 make check，按提示改正。")
    assert not (root / "spreadsheets").exists()


@pytest.mark.slow
def test_imported_list_builds_into_a_page_with_masked_names_out_of_search(tmp_path: Path):
    from test_build import build, site_project, unexpected_log_lines
    root = site_project(tmp_path, REPO / "tests/fixtures/minimal/data")
    filled = save(fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS}), tmp_path / "书法名单.xlsx")
    assert schoolpub(root, "import", str(filled)).returncode == 0
    result = build(root, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []
    html = (tmp_path / "site/honors/2026-calligraphy/index.html").read_text(encoding="utf-8")
    assert "2026年测试市中小学生书法比赛获奖名单" in html
    assert "王*琪" in html and "欧阳**" in html and "三年级（2）班" in html
    assert "王小琪" not in html and "欧阳娜娜" not in html
    search = (tmp_path / "site/search/search_index.json").read_text(encoding="utf-8")
    assert "honors/2026-calligraphy/" not in search
