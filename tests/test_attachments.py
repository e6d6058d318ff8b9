"""PDF attachments: the check-time gate (inspect_pdf) and the cleaned, cached copies (publish_pdfs).

Every test PDF is made here with pypdf's writer (a Helvetica text page needs no font
file), with uncompressed streams, so a secret that survives is visible in the raw bytes.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
                           TextStringObject)

from conftest import REPO

from schoolpub import attachments
from schoolpub.attachments import AttachmentError, clean_pdf, inspect_pdf, publish_pdfs
from schoolpub.privacy import ID_CHECK_CHARACTERS, ID_WEIGHTS

AUTHOR = "TeacherWangSecret"
TITLE = "DraftTitleSecret"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>XMPCreatorSecret</dc:creator></x:xmpmeta>'
SCRIPT = "app.alert('SCRIPTSECRET')"
SHOWN = "data/media/affairs/x.pdf"
MOBILE = "13900001111"  # invented


def invented_id() -> str:
    """A checksum-valid ID number: Beijing Dongcheng, born 2010-01-01, an invented sequence."""
    first = "11010120100101123"
    return first + ID_CHECK_CHARACTERS[sum(int(d) * w for d, w in zip(first, ID_WEIGHTS)) % 11]


def name(key: str) -> NameObject:
    return NameObject(key)


def action(kind: str, **entries) -> DictionaryObject:
    return DictionaryObject({name("/S"): name(kind),
                             **{name(f"/{key}"): TextStringObject(value) for key, value in entries.items()}})


def make_pdf(path: Path, texts=("Budget 2024 page one", "Second page of the budget"), *, metadata: bool = True,
             script: bool = False, attachment: bool = False, form_value: str | None = None,
             user_password: str | None = None, owner_password: str | None = None) -> Path:
    """One text page per entry of `texts`, with /Info Author and Title and an XMP packet."""
    writer = pypdf.PdfWriter()
    font = DictionaryObject({name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
                             name("/BaseFont"): name("/Helvetica")})
    for text in texts:
        page = writer.add_blank_page(595, 842)
        page[name("/Resources")] = DictionaryObject({name("/Font"): DictionaryObject({name("/F1"): font})})
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
        page.replace_contents(content)
    if metadata:
        writer.add_metadata({"/Author": AUTHOR, "/Title": TITLE})
        writer.xmp_metadata = XMP
        page_xmp = DecodedStreamObject()
        page_xmp.set_data(XMP.replace(b"XMPCreatorSecret", b"PageXMPSecret"))
        writer.pages[0][name("/Metadata")] = writer._add_object(page_xmp)
        writer.pages[0][name("/PieceInfo")] = DictionaryObject({name("/Word"): DictionaryObject(
            {name("/Private"): TextStringObject("PieceInfoSecret")})})
    if script:
        add_scripts(writer)
    if attachment:
        writer.add_attachment("pupils.csv", b"name,class\n")
    if form_value is not None:
        field = DictionaryObject({name("/FT"): name("/Tx"), name("/T"): TextStringObject("idcard"),
                                  name("/V"): TextStringObject(form_value)})
        fields = ArrayObject([writer._add_object(field)])  # a form's fields are indirect objects
        writer.root_object[name("/AcroForm")] = DictionaryObject({name("/Fields"): fields})
    if user_password is not None:
        writer.encrypt(user_password, owner_password, algorithm="RC4-128")  # AES needs `cryptography`
    path.parent.mkdir(parents=True, exist_ok=True)
    writer.write(path)
    return path


def add_scripts(writer: pypdf.PdfWriter) -> None:
    """JavaScript everywhere a viewer runs it: on open, document and page actions, the name tree, a link."""
    root = writer.root_object
    root[name("/OpenAction")] = action("/JavaScript", JS=SCRIPT)
    root[name("/AA")] = DictionaryObject({name("/WC"): action("/JavaScript", JS=SCRIPT)})
    root[name("/Names")] = DictionaryObject({name("/JavaScript"): DictionaryObject(
        {name("/Names"): ArrayObject([TextStringObject("init"), action("/JavaScript", JS=SCRIPT)])})})
    bookmark = writer.add_outline_item(title="Budget", page_number=0).get_object()
    bookmark[name("/A")] = action("/JavaScript", JS=SCRIPT)
    page = writer.pages[0]
    page[name("/AA")] = DictionaryObject({name("/O"): action("/JavaScript", JS=SCRIPT)})
    rect = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(20)])
    page[name("/Annots")] = ArrayObject([
        DictionaryObject({name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"), name("/Rect"): rect,
                          name("/A"): action("/JavaScript", JS=SCRIPT)}),
        DictionaryObject({name("/Type"): name("/Annot"), name("/Subtype"): name("/Link"), name("/Rect"): rect,
                          name("/A"): action("/URI", URI="https://school.example.cn/")}),
    ])


def texts_of(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        reader.decrypt("")
    return [page.extract_text() for page in reader.pages]


# -- the gate: what is not a PDF ---------------------------------------------------------------

DAMAGED = f"{SHOWN} 无法读取：文件不完整或已损坏。请用原来的软件（Word、WPS 等）重新导出一次 PDF，替换这个文件。"
EXPORT_AS_PDF = "请用 Word、WPS 等软件打开它，选择“另存为 PDF”（或“输出为 PDF”），再替换这个文件。"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize("content, expected", [
    (b"", f"{SHOWN} 是空文件（0 字节），可能没有传完整。请重新放入这个 PDF。"),
    (b"<!DOCTYPE html><html><script>alert(1)</script></html>",
     f"{SHOWN} 实际是网页（HTML）文件，不是 PDF，虽然文件名以“.pdf”结尾。网页文件可能带有脚本，不能作为附件发布。"
     "请找到原文档，导出（另存）为 PDF 后替换这个文件。"),
    (b"\xef\xbb\xbf\n<html><body>saved page</body></html>",
     f"{SHOWN} 实际是网页（HTML）文件，不是 PDF，虽然文件名以“.pdf”结尾。网页文件可能带有脚本，不能作为附件发布。"
     "请找到原文档，导出（另存）为 PDF 后替换这个文件。"),
    (docx(), f"{SHOWN} 实际是Word 文档（.docx），不是 PDF，只是文件名写成了“.pdf”。{EXPORT_AS_PDF}"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
     f"{SHOWN} 实际是旧版 Word / Excel 文件（.doc / .xls），不是 PDF，只是文件名写成了“.pdf”。{EXPORT_AS_PDF}"),
    (b"PK\x03\x04 not really a zip", f"{SHOWN} 实际是压缩包（.zip），不是 PDF，只是文件名写成了“.pdf”。{EXPORT_AS_PDF}"),
    (b"\x89PNG\r\n\x1a\n" + bytes(50), f"{SHOWN} 实际是一张图片（PNG），不是 PDF，只是文件名写成了“.pdf”。{EXPORT_AS_PDF}"),
    (b"\xff\xd8\xff\xe0" + bytes(50), f"{SHOWN} 实际是一张图片（JPEG），不是 PDF，只是文件名写成了“.pdf”。{EXPORT_AS_PDF}"),
    (b"Just some text", f"{SHOWN} 不是 PDF 文件（开头没有 PDF 的标志“%PDF-”），虽然文件名以“.pdf”结尾。"
                        "请用原来的软件（Word、WPS 等）重新导出（另存）为 PDF，替换这个文件。"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 20, DAMAGED),
], ids=["empty", "html", "html-with-bom", "docx", "doc", "zip", "png", "jpeg", "text", "garbage"])
def test_what_is_not_a_readable_pdf_is_refused_saying_what_it_is(tmp_path: Path, content: bytes, expected: str):
    path = tmp_path / "x.pdf"
    path.write_bytes(content)
    assert inspect_pdf(path, SHOWN) == expected


def test_a_truncated_pdf_is_refused_as_damaged(tmp_path: Path):
    whole = make_pdf(tmp_path / "whole.pdf").read_bytes()
    (tmp_path / "x.pdf").write_bytes(whole[:len(whole) // 2])
    assert inspect_pdf(tmp_path / "x.pdf", SHOWN) == DAMAGED


def test_a_missing_file_is_named(tmp_path: Path):
    assert inspect_pdf(tmp_path / "nope.pdf", SHOWN) == f"{SHOWN} 不存在。请先把 PDF 放到这个位置，或检查路径拼写。"


def test_any_library_exception_becomes_the_damaged_message(tmp_path: Path, monkeypatch):
    def broken(*args, **kwargs):
        raise RecursionError("deeply nested objects")
    monkeypatch.setattr(pypdf.PageObject, "extract_text", broken)
    assert inspect_pdf(make_pdf(tmp_path / "x.pdf"), SHOWN) == DAMAGED


# -- the gate: real PDFs ----------------------------------------------------------------------

def test_an_ordinary_pdf_passes_even_with_metadata_and_scripts(tmp_path: Path):
    assert inspect_pdf(make_pdf(tmp_path / "x.pdf", script=True), SHOWN) is None  # the copy loses them


def test_a_pdf_that_needs_a_password_to_open_is_refused(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", user_password="secret", owner_password="owner")
    assert inspect_pdf(path, SHOWN) == (f"{SHOWN} 设置了打开密码，网站无法检查里面的内容，访客也打不开。"
                                        "请另存一份不设密码的 PDF 替换这个文件（不要把密码写到网站上）。")


def test_a_pdf_with_only_an_owner_password_passes(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", user_password="", owner_password="owner")
    assert pypdf.PdfReader(path).is_encrypted
    assert inspect_pdf(path, SHOWN) is None


def test_an_aes_encrypted_pdf_asks_for_an_unprotected_copy(tmp_path: Path, monkeypatch):
    """pypdf needs the optional `cryptography` package for AES; without it the staff get this message."""
    def needs_cryptography(*args, **kwargs):
        raise pypdf.errors.DependencyError("cryptography>=3.1 is required for AES algorithm")
    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_cryptography)
    path = make_pdf(tmp_path / "x.pdf", user_password="", owner_password="owner")
    assert inspect_pdf(path, SHOWN) == (f"{SHOWN} 设置了密码或加密保护（例如禁止编辑、打印），网站无法检查里面的内容。"
                                        "请去掉保护后另存一份 PDF（或用“打印为 PDF”另存），替换这个文件。")


def test_a_pdf_with_files_inside_is_refused(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", attachment=True)
    assert inspect_pdf(path, SHOWN) == (
        f"{SHOWN} 里面夹带了其他文件（PDF 附件）。夹带的文件网站无法检查，可能含有个人信息或病毒，所以不能发布。"
        "请删除 PDF 里的附件，或从原文档重新导出 PDF，替换这个文件。")


def test_a_pdf_with_a_file_in_a_paper_clip_note_is_refused(tmp_path: Path):
    writer = pypdf.PdfWriter(clone_from=make_pdf(tmp_path / "plain.pdf"))
    embedded = DecodedStreamObject()
    embedded.set_data(b"name,class\n")
    embedded[name("/Type")] = name("/EmbeddedFile")
    spec = DictionaryObject({name("/Type"): name("/Filespec"), name("/F"): TextStringObject("pupils.csv"),
                             name("/EF"): DictionaryObject({name("/F"): writer._add_object(embedded)})})
    writer.pages[0][name("/Annots")] = ArrayObject([DictionaryObject({
        name("/Type"): name("/Annot"), name("/Subtype"): name("/FileAttachment"), name("/FS"): spec,
        name("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(20), NumberObject(20)])})])
    writer.write(tmp_path / "x.pdf")
    assert inspect_pdf(tmp_path / "x.pdf", SHOWN).startswith(f"{SHOWN} 里面夹带了其他文件（PDF 附件）。")


def test_too_many_pages_are_refused(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", texts=["p"] * (attachments.MAX_PAGES + 1), metadata=False)
    assert inspect_pdf(path, SHOWN) == f"{SHOWN} 有 301 页，超过了网站附件的上限 300 页。请把它拆成几个 PDF 分别放入。"


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path: Path):
    path = tmp_path / "x.pdf"
    with path.open("wb") as file:
        file.write(b"%PDF-1.7\n")
        file.truncate(21 * 1024 * 1024)  # sparse: nothing is written
    assert inspect_pdf(path, SHOWN) == (f"{SHOWN} 有 21.0 MB，超过了网站附件的上限 20 MB（家长用手机很难打开）。"
                                        "请压缩这个 PDF（WPS 或 Acrobat 里的“压缩 PDF”），或拆成几个文件再放进来。")


# -- the gate: personal data in the text -------------------------------------------------------

LEAK_ADVICE = ("。学生、家长和教职工的身份证号和个人手机号不能发布到网站上：请在原文档里删除后重新导出 PDF，替换这个文件"
               "（提交记录里也会保留旧文件，如已推送到公开仓库，请联系网站维护人员处理）。"
               "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。")
HIDDEN_LEAK_ADVICE = LEAK_ADVICE.replace("学校对外公开的电话", "批注、表单、书签、文档属性这些地方打开 PDF 时不一定看得见，"
                                         "网站上的 PDF 也不会保留它们，但 PDF 原文件会随仓库公开，所以里面同样不能有这些号码。"
                                         "学校对外公开的电话")


def test_an_id_number_in_the_text_is_refused_naming_the_page_not_the_number(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", texts=["Notice", f"Pupil ID {invented_id()} class 3"])
    message = inspect_pdf(path, SHOWN)
    assert message == f"{SHOWN} 第 2 页正文里有身份证号码{LEAK_ADVICE}"
    assert invented_id() not in message


def test_a_mobile_number_is_refused_unless_it_is_a_public_phone(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", texts=[f"Call 139 0000 1111", "Notice", f"Tel {MOBILE}"])
    assert inspect_pdf(path, SHOWN) == f"{SHOWN} 第 1、3 页正文里有手机号码{LEAK_ADVICE}"
    assert inspect_pdf(path, SHOWN, public_phones=["139-0000-1111"]) is None


def test_both_kinds_and_many_pages_are_summed_up(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", texts=[f"ID {invented_id()}"] * 7 + [f"Tel {MOBILE}"])
    assert inspect_pdf(path, SHOWN) == f"{SHOWN} 第 1、2、3、4、5 页等 7 页正文里有身份证号码，第 8 页正文里有手机号码{LEAK_ADVICE}"


def test_a_number_typed_into_a_form_field_is_found(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", texts=["Application form"], form_value=invented_id())
    assert inspect_pdf(path, SHOWN) == f"{SHOWN} 表单里有身份证号码{HIDDEN_LEAK_ADVICE}"


def test_the_demo_pdfs_pass():
    found = sorted((REPO / "data" / "media").rglob("*.pdf"))
    assert found
    for path in found:
        shown_as = path.relative_to(REPO).as_posix()
        assert inspect_pdf(path, shown_as) is None, shown_as
        cleaned = pypdf.PdfReader(io.BytesIO(clean_pdf(path.read_bytes(), shown_as)))
        assert len(cleaned.pages) == len(pypdf.PdfReader(path).pages)
        assert cleaned.metadata is None


# -- the cleaned copy ---------------------------------------------------------------------------

def test_the_copy_has_no_metadata_and_no_scripts_and_the_same_pages(tmp_path: Path):
    original = make_pdf(tmp_path / "x.pdf", script=True).read_bytes()
    secrets = (AUTHOR.encode(), TITLE.encode(), b"XMPCreatorSecret", b"PageXMPSecret", b"PieceInfoSecret",
               b"SCRIPTSECRET")
    assert all(secret in original for secret in secrets)  # the fixture really carries them
    cleaned = clean_pdf(original, SHOWN)
    for secret in (*secrets, b"/JavaScript", b"/Producer", b"/CreationDate", b"/Metadata"):
        assert secret not in cleaned
    reader = pypdf.PdfReader(io.BytesIO(cleaned))
    assert reader.metadata is None and reader.xmp_metadata is None
    assert "/Info" not in reader.trailer
    root = reader.root_object
    assert not {"/Metadata", "/OpenAction", "/AA"} & set(root)
    assert "/JavaScript" not in root.get("/Names", {})
    page = reader.pages[0]
    assert not {"/AA", "/Metadata", "/PieceInfo"} & set(page)
    assert [item.title for item in reader.outline] == ["Budget"]  # the bookmark stays, without its script
    assert "/A" not in root["/Outlines"]["/First"]
    links = [annotation.get_object() for annotation in page["/Annots"]]
    assert [link["/A"]["/URI"] for link in links] == ["https://school.example.cn/"]  # the script link is gone
    assert texts_of(cleaned) == texts_of(original) == ["Budget 2024 page one", "Second page of the budget"]


def test_an_owner_password_pdf_is_published_readable(tmp_path: Path):
    original = make_pdf(tmp_path / "x.pdf", user_password="", owner_password="owner").read_bytes()
    cleaned = clean_pdf(original, SHOWN)
    assert not pypdf.PdfReader(io.BytesIO(cleaned)).is_encrypted
    assert texts_of(cleaned) == texts_of(original)


def test_the_copy_has_a_fixed_id(tmp_path: Path):
    original = make_pdf(tmp_path / "x.pdf").read_bytes()
    first, again = clean_pdf(original, SHOWN), clean_pdf(original, SHOWN)
    assert first == again
    identifier = pypdf.PdfReader(io.BytesIO(first)).trailer["/ID"]
    assert len(identifier) == 2 and identifier[0] == identifier[1] and len(identifier[0]) == 16


PUBLISH_IN_A_NEW_PROCESS = """
import sys
from pathlib import Path
from schoolpub.attachments import publish_pdfs
sys.stdout.write(str(publish_pdfs({"affairs/x.pdf": Path(sys.argv[1])}, Path(sys.argv[2]))["affairs/x.pdf"]))
"""


def test_two_processes_publish_byte_identical_copies(tmp_path: Path):
    original = make_pdf(tmp_path / "x.pdf", script=True, user_password="", owner_password="owner")
    copies = []
    for seed in ("1", "2"):
        result = subprocess.run([sys.executable, "-c", PUBLISH_IN_A_NEW_PROCESS, str(original), str(tmp_path / seed)],
                                capture_output=True, text=True, check=True,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        copies.append(Path(result.stdout).read_bytes())
    assert copies[0] == copies[1] == clean_pdf(original.read_bytes(), SHOWN)


# -- the cache ----------------------------------------------------------------------------------

def test_the_second_publish_cleans_nothing_and_prunes_only_its_own_stale_entries(tmp_path: Path, monkeypatch):
    cache = tmp_path / "cache"
    cache.mkdir()
    stale = cache / f"{'a' * 64}-{'0' * 12}.pdf"
    photos = [cache / f"{'b' * 64}-thumb-{'0' * 12}.jpg", cache / f"{'b' * 64}-thumb-{'0' * 12}.webp",
              cache / "notes.txt"]
    for path in [stale, *photos]:
        path.write_bytes(b"old")
    originals = {"affairs/a.pdf": make_pdf(tmp_path / "a.pdf"),
                 "regulations/b.pdf": make_pdf(tmp_path / "b.pdf", texts=["Rules"])}
    cleaned = []
    real_clean = attachments.clean_pdf
    monkeypatch.setattr(attachments, "clean_pdf", lambda data, shown_as: cleaned.append(shown_as) or real_clean(data, shown_as))

    first = publish_pdfs(originals, cache)
    assert cleaned == ["data/media/affairs/a.pdf", "data/media/regulations/b.pdf"]
    assert set(first) == set(originals)
    assert not stale.exists()
    assert all(path.read_bytes() == b"old" for path in photos)
    written = {path: path.stat().st_mtime_ns for path in first.values()}

    cleaned.clear()
    assert publish_pdfs(originals, cache) == first
    assert cleaned == []
    assert {path: path.stat().st_mtime_ns for path in first.values()} == written

    unused = next(iter(first.values()))  # an entry of the current version stays even when unused
    publish_pdfs({"regulations/b.pdf": originals["regulations/b.pdf"]}, cache)
    assert unused.exists()
    assert not list(cache.glob(".*.part"))


def test_a_changed_original_gets_a_new_entry(tmp_path: Path):
    source = make_pdf(tmp_path / "a.pdf")
    before = publish_pdfs({"affairs/a.pdf": source}, tmp_path / "cache")["affairs/a.pdf"]
    make_pdf(source, texts=["Corrected budget"])
    after = publish_pdfs({"affairs/a.pdf": source}, tmp_path / "cache")["affairs/a.pdf"]
    assert after != before and texts_of(after.read_bytes()) == ["Corrected budget"]


def test_publishing_a_file_that_is_not_a_pdf_stops_with_the_message(tmp_path: Path):
    bad = tmp_path / "x.pdf"
    bad.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    with pytest.raises(AttachmentError) as refused:
        publish_pdfs({"affairs/x.pdf": bad}, tmp_path / "cache")
    assert str(refused.value).startswith("data/media/affairs/x.pdf 实际是网页（HTML）文件")
    assert not list((tmp_path / "cache").iterdir())


def test_a_build_without_new_pdfs_does_not_import_pypdf():
    """pypdf (~0.12 s to import) is loaded only to read or clean a PDF (pdf_document.py); the cache's
    fingerprint names the same version pypdf itself reports."""
    import subprocess
    import sys

    probe = ("import sys; from schoolpub import attachments, build, plan; "
             "print('pypdf' in sys.modules, attachments._pypdf_version())")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    import pypdf

    assert shown == f"False {pypdf.__version__}\n"
