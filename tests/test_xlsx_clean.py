"""Published copies of spreadsheet attachments (xlsx_clean.py): the cells intact, nothing of the
author's, read back both with openpyxl and as the raw XML of every part of the zip."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

import sheet_bombs as bombs
from conftest import REPO
from xlsx_support import (BUDGET, GENERAL, budget_xlsx, inflated_xml, insert, parts, with_comment, with_formula,
                          with_printer_settings, with_properties, with_shared_strings, with_workbook_xml)

from schoolpub.xlsx_attachments import SheetRefused
from schoolpub.xlsx_clean import EMPTY_CORE, clean_xlsx, fingerprint, publish_xlsx

SHOWN = "data/media/affairs/2025-budget.xlsx"
SECRETS = ("CreatorSecret", "ModifiedBySecret", "TitleSecret", "CompanySecret", "ManagerSecret", "CustomNameSecret",
           "CustomValueSecret", "CommentSecret", "CommentAuthorSecret", "PrinterSecret", "SharingSecret", "PathSecret")


def authored(path: Path) -> Path:
    """The budget as a teacher's Excel saves it: properties, a note, printer settings, a saved folder path,
    shared strings and a formula with its result."""
    budget_xlsx(path, with_comment("CommentSecret", author="CommentAuthorSecret"))
    with_properties(path, creator="CreatorSecret", modified_by="ModifiedBySecret", title="TitleSecret",
                    company="CompanySecret", manager="ManagerSecret", custom=("CustomNameSecret", "CustomValueSecret"))
    with_printer_settings(path, "HP PrinterSecret")
    with_workbook_xml(path, lambda xml: insert(xml, b"<bookViews>", b'<fileSharing userName="SharingSecret"/><x15ac:absPath '
                                               b'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" '
                                               b'url="C:\\Users\\PathSecret\\Desktop\\"/>'))
    with_shared_strings(path, ["收入项目", "支出项目"], {"A3": 0, "C3": 1})
    return with_formula(path, "B9", "SUM(B4:B7)", "735.09")


def values(workbook: openpyxl.Workbook) -> dict[str, list[list[object]]]:
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook.worksheets}


def test_the_copy_keeps_every_value_and_nothing_of_its_author(tmp_path: Path):
    original = authored(tmp_path / "b.xlsx")
    assert all(secret.encode() in b"".join(parts(original).values()) or secret.encode("utf-16-le") in
               b"".join(parts(original).values()) for secret in SECRETS)  # the test file does carry them
    published = clean_xlsx(original.read_bytes(), SHOWN)
    xml = inflated_xml(published)
    assert [secret for secret in SECRETS if secret in xml] == []
    assert sorted(zipfile.ZipFile(io.BytesIO(published)).namelist()) == [
        "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/_rels/workbook.xml.rels",
        "xl/styles.xml", "xl/theme/theme1.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]
    assert "<f>" not in xml and "comment" not in xml.lower()
    book = openpyxl.load_workbook(io.BytesIO(published))
    # openpyxl reads a missing creator as its own default name: the XML itself is the evidence.
    assert zipfile.ZipFile(io.BytesIO(published)).read("docProps/core.xml") == EMPTY_CORE
    assert (book.properties.lastModifiedBy, book.properties.title) == (None, None)
    assert len(book.custom_doc_props) == 0
    assert {cell.comment for sheet in book.worksheets for row in sheet.iter_rows() for cell in row} == {None}
    assert values(book) == values(openpyxl.load_workbook(original, data_only=True))
    assert book["部门收支总表"]["B9"].value == 735.09  # the formula's saved result, as a value
    assert (book["部门收支总表"].page_setup.orientation, book["部门收支总表"].page_setup.paperSize) == ("landscape", 9)
    assert [[cell.value for cell in row] for row in book["部门收支总表"].iter_rows(min_row=4)] == \
        [list(row) for row in BUDGET]
    assert [[cell.value for cell in row] for row in book["一般公共预算支出表"].iter_rows(min_row=2)] == \
        [list(row) for row in GENERAL]


def test_an_unsafe_link_never_reaches_the_copy_a_web_address_does(tmp_path: Path):
    def links(workbook):
        workbook["部门收支总表"]["A12"].hyperlink = "https://www.example.gov.cn/ysgk/"
        workbook["部门收支总表"]["A13"].hyperlink = "file:///C:/Users/wang/Desktop/x.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(clean_xlsx(budget_xlsx(tmp_path / "b.xlsx", links).read_bytes(), SHOWN)))
    assert book["部门收支总表"]["A12"].hyperlink.target == "https://www.example.gov.cn/ysgk/"
    assert book["部门收支总表"]["A13"].hyperlink is None


def test_two_processes_publish_byte_identical_copies(tmp_path: Path):
    original = authored(tmp_path / "b.xlsx")
    script = ("import sys; from pathlib import Path; from schoolpub.xlsx_clean import clean_xlsx; "
              "sys.stdout.buffer.write(clean_xlsx(Path(sys.argv[1]).read_bytes(), 'x'))")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    runs = [subprocess.run([sys.executable, "-c", script, str(original)], capture_output=True, env=env, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1] == clean_xlsx(original.read_bytes(), "x")
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in zipfile.ZipFile(io.BytesIO(runs[0])).infolist())


def test_the_cache_cleans_each_workbook_once_and_prunes_only_its_own_stale_entries(tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / f"{'0' * 64}-{'f' * 12}.xlsx"
    other_pipeline = cache / f"{'0' * 64}-{'f' * 12}.pdf"
    for entry in (stale, other_pipeline):
        entry.write_bytes(b"old")
    original = budget_xlsx(tmp_path / "b.xlsx")
    first = publish_xlsx({"affairs/b.xlsx": original}, cache)
    entry = first["affairs/b.xlsx"]
    assert entry.parent == cache and entry.name.endswith(f"-{fingerprint()}.xlsx")
    stamp = entry.stat().st_mtime_ns
    assert publish_xlsx({"affairs/b.xlsx": original}, cache) == first and entry.stat().st_mtime_ns == stamp
    assert not stale.exists() and other_pipeline.exists()
    budget_xlsx(original, with_comment("改过"))
    assert publish_xlsx({"affairs/b.xlsx": original}, cache)["affairs/b.xlsx"] != entry


def test_publishing_refuses_a_bomb_before_openpyxl_reads_it(tmp_path: Path):
    bombs.shared_strings_bomb(tmp_path / "b.xlsx", gigabytes=3.0)
    with pytest.raises(SheetRefused, match="压缩炸弹"):
        publish_xlsx({"affairs/b.xlsx": tmp_path / "b.xlsx"}, tmp_path / "cache")


# -- the demo school's budget workbook -----------------------------------------------------------

DEMO = REPO / "data/media/affairs/2024-budget.xlsx"


def test_the_demo_budget_workbook_passes_and_adds_up_to_what_its_record_states():
    from schoolpub.xlsx_attachments import inspect_xlsx
    assert inspect_xlsx(DEMO, "data/media/affairs/2024-budget.xlsx") == []
    book = openpyxl.load_workbook(DEMO)
    total = {row[0]: row[1] for row in book["部门收支总表"].iter_rows(min_row=4, values_only=True)}
    spending = {row[2]: row[3] for row in book["部门收支总表"].iter_rows(min_row=4, values_only=True) if row[2]}
    assert round(sum(value for key, value in total.items() if key != "收入总计"), 2) == total["收入总计"] == 1450.25
    assert round(spending["一、基本支出"] + spending["二、项目支出"], 2) == spending["支出总计"] == 1450.25
    for title in ("一般公共预算支出表", "三公经费支出表"):  # top-level lines (一、二、三、) add up to the total
        rows = {row[0]: row[1] for row in book[title].iter_rows(min_row=4, values_only=True)}
        assert round(sum(value for key, value in rows.items() if key[1:2] == "、"), 2) == rows["合计"], title
    purchases = [row[1] for row in book["政府采购预算表"].iter_rows(min_row=4, values_only=True)]
    assert round(sum(purchases[:-1]), 2) == purchases[-1] == 184.20
    record = (REPO / "data/affairs/2024-budget.yml").read_text(encoding="utf-8")
    for stated in ("1,450.25", "1,230.75", "1,038.65", "192.10", "219.50", "120.00", "64.20", "21.50", "13.80", "184.20"):
        assert stated in record


def test_the_demo_budget_is_published_without_its_creator():
    assert "财务室" in parts(DEMO)["docProps/core.xml"].decode()
    published = clean_xlsx(DEMO.read_bytes(), "x")
    assert "财务室" not in inflated_xml(published)
    assert values(openpyxl.load_workbook(io.BytesIO(published))) == values(openpyxl.load_workbook(DEMO))
