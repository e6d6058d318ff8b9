"""`make export` writes text as text: a value that starts like a formula is never one.

openpyxl writes a str that starts with "=" as a formula: a title =HYPERLINK("http://…")
passed the check and became a live link in the exported workbook. Checked on the file
itself (the XML: an inline string, no <f>), read back with openpyxl, and imported again.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from sheets_support import content_type, schoolpub

from schoolpub.loader import load_site
from schoolpub.sheets.export import export_bytes
from schoolpub.sheets.layout import Column
from schoolpub.sheets.template import _fill

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
TITLE = '=HYPERLINK("http://evil.example/","点此查看")'
DEPARTMENT = "@SUM(1+1)*cmd|' /C calc'!A0"
BODY = "- 第一条：按时到校\n- 第二条：＝不是公式\n"


def hostile_record(project: Path) -> None:
    path = project / "data/affairs/sample.yml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: '" + TITLE.replace("'", "''") + "'", text)
    text = re.sub(r"(?m)^department: .*$", "department: '" + DEPARTMENT.replace("'", "''") + "'", text)
    text = re.sub(r"(?ms)^body: \|\n.*?(?=^\S)", "body: |\n" + "".join(f"  {line}\n" for line in BODY.splitlines()),
                  text)
    path.write_text(text, encoding="utf-8")


def sheet_cells(workbook: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> dict[str, ElementTree.Element]:
    root = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(workbook)).read(sheet))
    return {cell.get("r"): cell for cell in root.iter(f"{MAIN}c")}


def quote_prefixed_styles(workbook: bytes) -> set[str]:
    root = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(workbook)).read("xl/styles.xml"))
    formats = root.find(f"{MAIN}cellXfs")
    return {str(index) for index, xf in enumerate(formats) if xf.get("quotePrefix") == "1"}


def test_the_record_is_valid_and_its_values_start_like_formulas(project: Path):
    hostile_record(project)
    site, problems = load_site(project / "data")
    assert not problems
    record = site.of("affairs")["sample"]
    assert (record.title, record.department, record.body) == (TITLE, DEPARTMENT, BODY)


def test_export_writes_them_as_inline_strings_never_formulas(project: Path):
    hostile_record(project)
    workbook = export_bytes(project, content_type("affairs"), "sample")
    archive = zipfile.ZipFile(io.BytesIO(workbook))
    sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
    assert all(b"<f>" not in archive.read(name) and b"<f " not in archive.read(name) for name in sheets)
    cells = {cell.findtext(f"{MAIN}is/{MAIN}t"): cell for cell in sheet_cells(workbook).values()}
    prefixed = quote_prefixed_styles(workbook)
    for value in (TITLE, DEPARTMENT, BODY.rstrip("\n")):
        assert cells[value].get("t") == "inlineStr"
        assert cells[value].get("s") in prefixed  # typed with a leading ': stays text when staff edit the cell
    assert cells["sample"].get("s") not in prefixed  # ordinary text is left alone


def test_openpyxl_reads_them_back_as_text(project: Path):
    hostile_record(project)
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(project, content_type("affairs"), "sample")))
    cells = {row[0].value: row[1] for row in book["基本信息"].iter_rows(min_row=3)}
    for label, value in (("标题 *", TITLE), ("发布部门 *", DEPARTMENT), ("正文 *", BODY.rstrip("\n"))):
        assert (cells[label].value, cells[label].data_type, cells[label].quotePrefix) == (value, "s", True)


def test_importing_the_export_gives_the_same_values_back(project: Path, tmp_path: Path):
    hostile_record(project)
    before, _ = load_site(project / "data")
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(export_bytes(project, content_type("affairs"), "sample"))
    result = schoolpub(project, "import", str(exported), "--overwrite")
    assert result.returncode == 0, result.stderr
    after, problems = load_site(project / "data")
    assert not problems
    assert after.of("affairs")["sample"].model_dump() == before.of("affairs")["sample"].model_dump()


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "＝1", "＋1", "－1", "＠A1"])
def test_every_formula_start_is_written_as_quote_prefixed_text(text):
    book = openpyxl.Workbook()
    cell = book.active.cell(1, 1)
    _fill(cell, Column(("x",), "x", "", "text"), text)
    buffer = io.BytesIO()
    book.save(buffer)
    again = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active.cell(1, 1)
    assert (again.value, again.data_type, again.quotePrefix) == (text, "s", True)
    assert sheet_cells(buffer.getvalue())["A1"].get("t") == "inlineStr"


def test_make_export_refuses_an_id_that_is_no_record_id(project: Path):
    result = schoolpub(project, "export", "affairs", "../../school\n::error::x")
    assert result.returncode == 1
    assert result.stderr == ("错误：ID 是记录的文件名（不带 .yml），只有小写英文字母、数字和连字符，例如 2025-autumn"
                             "（现在是“../../school⟨U+000A⟩::error::x”）。\n")
    assert not (project / "spreadsheets").exists()
