"""Spreadsheet attachments in a project: a disclosure may attach an .xlsx (checked at its record,
published cleaned, listed on its page and in open data); a spreadsheet nothing attaches stays refused."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from conftest import problems_of, write
from test_inventory import attach
from test_other_files import NOT_ATTACHED, PUBLIC
from xlsx_support import MOBILE, budget_xlsx, inflated_xml, with_macros, with_properties

from schoolpub import build, views
from schoolpub.exports.opendata import section_json
from schoolpub.loader import load_site

URL = "https://example.edu.cn/"


@pytest.fixture
def project(project, monkeypatch):
    monkeypatch.setenv("SCHOOLPUB_PHOTO_CACHE", str(project / "cache"))
    return project


def test_an_attached_budget_passes_is_listed_and_published_without_its_metadata(project):
    with_properties(budget_xlsx(project / "data/media/affairs/2025-budget.xlsx"), creator="王老师")
    attach(project, "affairs/2025-budget.xlsx")
    site, problems = load_site(project / "data")
    assert problems.sorted() == [] and problems.notices == []
    context = dataclasses.replace(build.context_for(site, URL, with_media=True), today=dt.date(2025, 9, 2))
    published = context.attachments["affairs/2025-budget.xlsx"]
    size = published.stat().st_size
    assert f"- [附件](../../media/affairs/2025-budget.xlsx)（Excel 表格，{size / 1024:.0f} KB）" in \
        views.record_file(context, "affairs", "sample").splitlines()
    original = project / "data/media/affairs/2025-budget.xlsx"
    assert "王老师" in inflated_xml(original.read_bytes()) and "王老师" not in inflated_xml(published.read_bytes())
    assert json.loads(section_json(context, "affairs"))["records"][0]["attachments"] == [
        {"title": "附件", "url": f"{URL}media/affairs/2025-budget.xlsx"}]


def test_a_number_in_an_attached_budget_is_reported_at_the_record(project):
    def contact(workbook):
        workbook["部门收支总表"]["A11"] = f"联系人：王老师 {MOBILE}"
    budget_xlsx(project / "data/media/affairs/2025-budget.xlsx", contact)
    attach(project, "affairs/2025-budget.xlsx")
    assert problems_of(project) == [
        "data/affairs/sample.yml:24:11: 错误：[校务公开 sample › attachments 第1项 › file] data/media/affairs/2025-budget.xlsx "
        "工作表“部门收支总表”的 A11 单元格里有手机号码。学生、家长和教职工的身份证号和个人手机号不能发布到网站上：请在表格里"
        "删除后保存，替换这个文件（提交记录里也会保留旧文件，如已推送到公开仓库，请联系网站维护人员处理）。学校对外公开的电话"
        "请写进 data/school.yml 的 phones，写在那里的号码才允许出现。"]


def test_a_macro_workbook_renamed_xlsx_is_refused_at_the_record(project):
    with_macros(budget_xlsx(project / "data/media/affairs/2025-budget.xlsx"))
    attach(project, "affairs/2025-budget.xlsx")
    assert problems_of(project) == [
        "data/affairs/sample.yml:24:11: 错误：[校务公开 sample › attachments 第1项 › file] data/media/affairs/2025-budget.xlsx "
        "里带有宏（VBA 程序）。宏是会在家长电脑上运行的程序，网站无法检查，不能发布带宏的表格。请在 Excel 或 WPS 里打开它，"
        "“另存为” Excel 工作簿（.xlsx），替换这个文件。另存时选择不带宏的格式，宏会被去掉。"]


def test_an_xlsm_or_xls_attachment_is_told_to_save_as_xlsx(project):
    budget_xlsx(project / "data/media/affairs/2025-budget.xlsm")
    attach(project, "affairs/2025-budget.xlsm")
    assert problems_of(project) == [
        "data/affairs/sample.yml:24:11: 错误：[校务公开 sample › attachments 第1项 › file] 附件文件：附件只能是 .pdf、.xlsx、.jpg、.jpeg、"
        ".png、.webp 文件（现在是“affairs/2025-budget.xlsm”）。表格附件请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）"
        "（.xlsm 带有宏，网站不能发布），再写上新的文件名。",
        f"data/media/affairs/2025-budget.xlsm:1:1: 错误：“2025-budget.xlsm”是表格文件，没有被任何校务公开记录作为附件引用，而 "
        f"{PUBLIC}{NOT_ATTACHED}"]


def test_a_regulation_cannot_attach_a_spreadsheet(project):
    budget_xlsx(project / "data/media/regulations/rules.xlsx")
    path = project / "data/regulations/sample.yml"
    path.write_text(path.read_text(encoding="utf-8") + "attachments:\n  - file: regulations/rules.xlsx\n    title: 附件\n",
                    encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines()) - 1
    assert problems_of(project) == [
        f"data/media/regulations/rules.xlsx:1:1: 错误：“rules.xlsx”是表格文件，没有被任何校务公开记录作为附件引用，而 "
        f"{PUBLIC}{NOT_ATTACHED}",
        f"data/regulations/sample.yml:{line}:11: 错误：[规章制度 sample › attachments 第1项 › file] 附件文件：附件只能是 .pdf、.jpg、"
        ".jpeg、.png、.webp 文件（现在是“regulations/rules.xlsx”）。表格只能作为校务公开的附件（例如预算公开表）；"
        "这里请把它导出（另存）为 PDF。"]


def test_a_budget_attached_by_a_record_with_other_errors_is_not_taken_as_checked(project):
    budget_xlsx(project / "data/media/affairs/2025-budget.xlsx")
    attach(project, "affairs/2025-budget.xlsx")
    path = project / "data/affairs/sample.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("department: 校长办公室", "department:"), encoding="utf-8")
    found = problems_of(project)
    assert found[0] == "data/affairs/sample.yml:9:12: 错误：[校务公开 sample › department] 发布部门：不能为空，请填写内容。"
    assert found[1:] == [f"data/media/affairs/2025-budget.xlsx:1:1: 错误：“2025-budget.xlsx”是表格文件，没有被任何校务公开"
                         f"记录作为附件引用，而 {PUBLIC}{NOT_ATTACHED}"]


def test_an_unattached_budget_in_media_is_refused(project):
    budget_xlsx(project / "data/media/affairs/2025-budget.xlsx")
    write(project, "data/media/affairs/readme.txt", "预算表\n")
    assert problems_of(project)[0] == (
        f"data/media/affairs/2025-budget.xlsx:1:1: 错误：“2025-budget.xlsx”是表格文件，没有被任何校务公开记录作为附件引用，而 "
        f"{PUBLIC}{NOT_ATTACHED}")
