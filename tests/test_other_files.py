"""Every file under data/ is committed, so every one is accounted for: notes and text files
scanned line by line, names scanned, spreadsheets, documents and archives refused in
data/media/, unused photos and PDFs checked like used ones."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pypdf
from PIL import Image

from conftest import problems_of, write
from test_attachments import HIDDEN_LEAK_ADVICE, invented_id, make_pdf
from test_inventory import attach
from test_pdf_hidden_text import annotate

from schoolpub.cli import main
from schoolpub.loader import load_site
from schoolpub.privacy import MESSAGES

MOBILE = "13900001111"  # invented
ON_REPO = "这个文件不在网站上显示，但会随仓库公开。"
ID_HERE, MOBILE_HERE = MESSAGES["id"] + ON_REPO, MESSAGES["mobile"] + ON_REPO
PUBLIC = "data/ 里的文件都会随仓库公开，不管网站上是否显示"
NOT_ATTACHED = ("（表格里常有学生的身份证号、电话）。学生名单请删除它：名单请用 make import 导入，原始表格放在 spreadsheets/ "
                "文件夹里（它不会被提交），不要放进仓库。要公开的表格（例如预算公开表）请存为 .xlsx 放在 data/media/ 下，"
                "在校务公开记录的 attachments 里写上；已经写上的话，请先改正那条记录的其他错误。")


def pupils_workbook(path: Path) -> Path:
    """A class list as staff keep it: names, ID numbers, parents' mobiles."""
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "家长电话"])
    book.active.append(["王小明", invented_id(), MOBILE])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def note_pdf(path: Path, text: str) -> Path:
    writer = pypdf.PdfWriter(clone_from=make_pdf(path.with_suffix(".plain.pdf"), texts=["Budget"], metadata=False))
    annotate(writer, 1, "/Text", Contents=text)
    path.with_suffix(".plain.pdf").unlink()
    writer.write(path)
    return path


# -- text files that are not records --------------------------------------------------------

def test_the_readme_of_data_is_scanned_line_by_line(project: Path):
    write(project, "data/README.md", f"# 数据说明\n\n有问题找王老师 {MOBILE}。\n学生 {invented_id()} 的照片不要放。\n")
    assert problems_of(project) == [f"data/README.md:3:9: 错误：{MOBILE_HERE}", f"data/README.md:4:4: 错误：{ID_HERE}"]


def test_a_note_in_a_record_folder_is_refused_and_scanned(project: Path):
    write(project, "data/fees/notes.txt", f"联系人 {MOBILE}\n")
    assert problems_of(project) == [
        f"data/fees/notes.txt:1:1: 错误：文件名“notes.txt”不对：data/fees/ 里只能放 .yml 记录文件，照片和 PDF 请放到 data/media/ 下。",
        f"data/fees/notes.txt:1:5: 错误：{MOBILE_HERE}"]


def test_files_in_a_stray_folder_and_hidden_files_are_scanned(project: Path):
    write(project, "data/misc/list.txt", f"{invented_id()}\n")
    write(project, "data/media/.list.txt", f"x {MOBILE}\n")
    found = problems_of(project)
    assert f"data/misc/list.txt:1:1: 错误：{ID_HERE}" in found
    assert f"data/media/.list.txt:1:3: 错误：{MOBILE_HERE}" in found
    assert len(found) == 4  # and the stray folder and the hidden file, as before


def test_gbk_and_utf16_text_is_read_as_excel_and_notepad_save_it(project: Path):
    (project / "data/README.md").write_bytes(f"说明：电话 {MOBILE}\n".encode("gbk"))
    (project / "data/fees/list.txt").write_bytes(f"名单\n身份证 １１０１０１２０１００１０１１２３{invented_id()[-1]}\n".encode("utf-16"))
    found = problems_of(project)
    assert f"data/README.md:1:7: 错误：{MOBILE_HERE}" in found
    assert f"data/fees/list.txt:2:5: 错误：{ID_HERE}" in found  # full-width digits too


def test_a_long_list_is_reported_by_its_first_ten_lines(project: Path):
    rows = "".join(f"{index},{invented_id()}\n" for index in range(1, 31))
    write(project, "data/README.md", "名单\n" + rows)
    found = [line for line in problems_of(project) if line.startswith("data/README.md")]
    assert found == [f"data/README.md:{line}:3: 错误：{ID_HERE}" for line in range(2, 11)] + [
        f"data/README.md:11:4: 错误：{ID_HERE}",
        "data/README.md:12:4: 错误：从这里往后还有 20 处身份证号码或手机号码，不再逐一列出：请全部删除，或删除整个文件。"]


def test_a_public_phone_is_allowed_in_the_readme(project: Path):
    write(project, "data/README.md", "校长办公室 0000-6600 1234\n")
    assert problems_of(project) == []


# -- names ----------------------------------------------------------------------------------------

def test_a_number_in_a_file_or_folder_name_is_refused_without_repeating_it(project: Path):
    (project / "data/affairs/sample.yml").rename(project / f"data/affairs/{MOBILE}.yml")
    write(project, f"data/media/{invented_id()}/a.txt", "")
    found = problems_of(project)
    rename = "文件名和文件夹名会随仓库公开，记录的文件名还会成为网址：请改名，去掉这个号码"
    assert found == [
        f"data/affairs/〔手机号已隐去〕.yml:1:1: 错误：这个名字里有一个手机号码。{rename}。"
        "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。",
        "data/media/〔身份证号已隐去〕/:1:1: 错误：这个名字里有一个身份证号码。"
        f"{rename}（提交记录里也会保留旧名字，如已推送到公开仓库，请联系网站维护人员处理）。",
        f"data/media/〔身份证号已隐去〕/a.txt:1:1: 错误：“a.txt”是文档文件。网站不发布这类文件，记录也不能引用它，而 {PUBLIC}："
        "请删除它。要作为附件发布，请把它导出（另存）为 PDF 放到 data/media/，再在记录的 attachments 里写上。"]
    assert not any(MOBILE in line or invented_id() in line for line in found)


# -- data/media/: what cannot be published cannot stay --------------------------------------------

def test_a_pupils_spreadsheet_in_media_is_an_error_and_check_exits_1(project: Path, capsys):
    pupils_workbook(project / "data/media/honors/2025-名单.xlsx")
    assert problems_of(project) == [
        f"data/media/honors/2025-名单.xlsx:1:1: 错误：“2025-名单.xlsx”是表格文件，没有被任何校务公开记录作为附件引用，而 {PUBLIC}{NOT_ATTACHED}"]
    assert main(["--root", str(project), "check"]) == 1
    assert "网站没有生成，也不会发布" in capsys.readouterr().err


def test_a_spreadsheet_in_a_record_folder_is_told_to_leave_the_repository(project: Path):
    pupils_workbook(project / "data/honors/list.xlsx")
    assert problems_of(project) == [
        f"data/honors/list.xlsx:1:1: 错误：“list.xlsx”是表格文件，没有被任何校务公开记录作为附件引用，而 {PUBLIC}{NOT_ATTACHED}",
        "data/honors/list.xlsx:1:1: 错误：文件名“list.xlsx”不对：data/honors/ 里只能放 .yml 记录文件，照片和 PDF 请放到 "
        "data/media/ 下。"]


def test_a_csv_in_media_is_refused_and_its_numbers_named_by_line(project: Path):
    write(project, "data/media/list.csv", f"姓名,电话\n王小明,{MOBILE}\n")
    assert problems_of(project) == [
        f"data/media/list.csv:1:1: 错误：“list.csv”是表格文件，没有被任何校务公开记录作为附件引用，而 {PUBLIC}{NOT_ATTACHED}",
        f"data/media/list.csv:2:5: 错误：{MOBILE_HERE}"]


def test_documents_archives_and_unknown_kinds_are_refused_saying_what_is_allowed(project: Path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("pupils.xlsx", b"\0")
    (project / "data/media/photos.zip").write_bytes(buffer.getvalue())
    (project / "data/media/plan.docx").write_bytes(b"PK\x03\x04\0\0")
    (project / "data/media/clip.mp4").write_bytes(b"\0\0\0\x18ftypmp42")
    assert problems_of(project) == [
        f"data/media/clip.mp4:1:1: 错误：“clip.mp4”不是网站能发布的文件类型，而 {PUBLIC}。data/media/ 里只能放照片"
        "（.jpg、.jpeg、.png、.webp）、PDF（.pdf）和校务公开附件里的 Excel 表格（.xlsx）：请删除它，或转换成这些格式之一。",
        f"data/media/photos.zip:1:1: 错误：“photos.zip”是压缩包。里面的文件网站无法检查，记录也不能引用它，而 {PUBLIC}："
        "请删除它。需要发布的照片和 PDF 请解压后单独放进 data/media/。",
        f"data/media/plan.docx:1:1: 错误：“plan.docx”是文档文件。网站不发布这类文件，记录也不能引用它，而 {PUBLIC}："
        "请删除它。要作为附件发布，请把它导出（另存）为 PDF 放到 data/media/，再在记录的 attachments 里写上。"]


def test_a_spreadsheet_renamed_to_a_photo_or_a_pdf_is_refused_though_unused(project: Path):
    pupils_workbook(project / "data/media/class.xlsx").rename(project / "data/media/class.jpg")
    pupils_workbook(project / "data/media/list.xlsx").rename(project / "data/media/list.pdf")
    assert problems_of(project) == [
        "data/media/class.jpg:1:1: 错误：data/media/class.jpg 不是图片（无法识别文件内容），虽然文件名以“.jpg”结尾。"
        "请放入 JPEG、PNG 或 WebP 格式的照片。",
        "data/media/list.pdf:1:1: 错误：data/media/list.pdf 实际是Excel 表格（.xlsx），不是 PDF，只是文件名写成了“.pdf”。"
        "请用 Word、WPS 等软件打开它，选择“另存为 PDF”（或“输出为 PDF”），再替换这个文件。"]


# -- unused PDFs and photos ----------------------------------------------------------------------------

def test_an_unused_pdf_with_a_number_in_a_note_is_an_error_at_the_file(project: Path):
    note_pdf(project / "data/media/affairs/old.pdf", f"call {MOBILE}")
    assert problems_of(project) == [
        f"data/media/affairs/old.pdf:1:1: 错误：data/media/affairs/old.pdf 第 1 页的批注里有手机号码{HIDDEN_LEAK_ADVICE}"]


def test_a_used_pdf_with_a_number_in_a_note_names_the_record_the_pdf_the_page_and_the_place(project: Path):
    note_pdf(project / "data/media/affairs/bus.pdf", f"ID {invented_id()}")
    attach(project, "affairs/bus.pdf")
    assert problems_of(project) == [
        "data/affairs/sample.yml:24:11: 错误：[校务公开 sample › attachments 第1项 › file] "
        f"data/media/affairs/bus.pdf 第 1 页的批注里有身份证号码{HIDDEN_LEAK_ADVICE}"]


def test_unused_photos_and_clean_pdfs_stay_a_notice_that_says_they_are_public(project: Path, capsys):
    Image.new("RGB", (40, 30), "white").save(project / "data/media/extra.jpg")
    make_pdf(project / "data/media/old.pdf", metadata=False)
    site, problems = load_site(project / "data")
    assert not problems
    assert [notice.human() for notice in problems.notices] == [
        "data/media/extra.jpg:1:1: 提示：data/media/ 里有 2 个文件没有被任何记录引用（extra.jpg、old.pdf），"
        "网站上不会显示，但提交后会随仓库公开。如果它们应该出现在网站上，请在记录的 attachments、gallery 等字段里写上；"
        "不需要的话请删除。"]
    assert main(["--root", str(project), "check"]) == 0
