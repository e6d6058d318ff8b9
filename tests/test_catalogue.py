"""The disclosure catalogue is data: the default (the Ministry of Education's eleven categories,
its document cited) or the school's own data/catalogue.yml, which renames the affairs headings.
The refusals of a broken catalogue are bad fixtures (tests/fixtures/bad/catalogue/)."""
import datetime as dt
import re
import shutil
from pathlib import Path

from conftest import REPO, problems_of, write

from schoolpub import views
from schoolpub.content import catalogue
from schoolpub.loader import load_site

DISTRICT = """\
title: 示例区中小学校务公开目录
source:
  title: 示例区教育局关于印发校务公开目录的通知
  number: 示例教〔2026〕8号
  issuer: 示例区教育局
categories:
  - code: safety
    name: 安全与后勤
    description: 学生安全、膳食和住宿。
  - code: basic
    name: 学校概况
    description: 学校的基本情况。
  - code: other
    name: 其他
    description: 其他应当公开的信息。
"""


def test_the_default_catalogue_is_the_ministrys_eleven_categories_with_its_document():
    default = catalogue.default_catalogue()
    assert default.names() == [
        "基本情况", "规章制度", "发展规划与年度计划", "招生、学籍、奖励与资助", "收费", "教学与课程",
        "教师队伍", "采购与工程招标结果", "收支、资产与捐赠", "安全、膳食与住宿", "其他"]
    assert [c.code for c in default.categories][:5] == ["basic", "rules", "plans", "admission", "fees"]
    assert (default.source.title, default.source.number, default.source.issuer) == (
        "教育部关于推进中小学信息公开工作的意见", "教办〔2010〕15号", "教育部")
    assert catalogue.DEFAULT_NAMES == tuple(default.names())


def test_the_shipped_catalogue_file_passes_the_same_checks_as_a_schools_own(project: Path):
    shutil.copyfile(catalogue.DEFAULT_FILE, project / "data" / "catalogue.yml")
    assert problems_of(project) == []


def test_a_replaced_catalogue_renames_and_orders_the_section_headings(project: Path):
    write(project, "data/catalogue.yml", DISTRICT)
    record = project / "data/affairs/sample.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("category: 安全、膳食与住宿", "category: 安全与后勤"),
                      encoding="utf-8")
    write(project, "data/affairs/open-day.yml",
          "title: 校园开放日安排\ncategory: 学校概况\npublished: 2025-09-02\ndepartment: 校长办公室\nbody: 正文\n")
    site, problems = load_site(project / "data")
    assert not problems, problems.report()
    context = views.Context(site=site, today=dt.date(2025, 9, 3), site_url="https://example.edu.cn/")
    page = views.section_index(context, "affairs")
    assert re.findall(r"^## (.+)$", page, re.M)[:2] == ["安全与后勤", "学校概况"]  # the catalogue's order
    assert "安全、膳食与住宿" not in page


def test_the_demo_keeps_the_default_catalogue():
    site, _ = load_site(REPO / "data")
    assert site.catalogue is catalogue.default_catalogue()
    assert not (REPO / "data" / "catalogue.yml").exists()


def test_the_editors_offer_the_schools_own_categories(tmp_path: Path):
    """make schema and make template read data/catalogue.yml: VS Code's completion, the browser
    editor's list and the spreadsheet's drop-down offer the catalogue in force, not the default."""
    import io
    import json

    import openpyxl
    import yaml

    from schoolpub import schema
    from schoolpub.sheets.commands import run_template

    root = tmp_path / "school"
    shutil.copytree(REPO / "data", root / "data", ignore=shutil.ignore_patterns("media"))
    shutil.copy(REPO / "editor.yml", root / "editor.yml")
    write(root, "data/catalogue.yml", DISTRICT)
    schema.write_schemas(root)
    district = ["安全与后勤", "学校概况", "其他"]
    affairs_schema = json.loads((root / "schemas/affairs.schema.json").read_text("utf-8"))
    assert affairs_schema["properties"]["category"]["enum"] == district
    config = yaml.safe_load((root / "docs/admin/config.yml").read_text("utf-8"))
    affairs = next(c for c in config["collections"] if c["name"] == "affairs")
    assert next(f for f in affairs["fields"] if f["name"] == "category")["options"] == district
    assert schema.stale_schemas(root) == []
    (root / "data/catalogue.yml").unlink()  # back to the default catalogue: what was generated is stale
    assert schema.stale_schemas(root) == ["schemas/affairs.schema.json", "docs/admin/config.yml"]
    write(root, "data/catalogue.yml", DISTRICT)
    assert run_template(root, "affairs", None, dt.date(2026, 12, 7)) == 0
    book = openpyxl.load_workbook(io.BytesIO((root / "spreadsheets/校务公开-模板.xlsx").read_bytes()))
    formulas = [v.formula1 for sheet in book.worksheets for v in sheet.data_validations.dataValidation]
    assert '"安全与后勤,学校概况,其他"' in formulas
    assert not any("安全、膳食与住宿" in formula for formula in formulas)
