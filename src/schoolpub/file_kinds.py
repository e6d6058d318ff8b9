"""What a file really is, from its first bytes: staff rename files, and finance systems save web
pages as spreadsheets. Shared by the PDF and spreadsheet attachment checks, which say what a file
is before asking for the right one."""
from __future__ import annotations

import contextlib
import io
import zipfile

# What staff most often rename, by its first bytes (.doc/.xls: the pre-2007 container).
LOOKALIKES = ((b"\xd0\xcf\x11\xe0", "旧版 Word / Excel 文件（.doc / .xls）"), (b"\xff\xd8\xff", "一张图片（JPEG）"),
              (b"\x89PNG", "一张图片（PNG）"), (b"GIF8", "一张图片（GIF）"), (b"%PDF-", "PDF 文件"))
ZIP_KINDS = (("word/", "Word 文档（.docx）"), ("xl/", "Excel 表格（.xlsx）"), ("ppt/", "PowerPoint 演示文稿（.pptx）"))
ZIP_SIGNATURE = b"PK\x03\x04"


def is_web_page(data: bytes) -> bool:
    return data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def lookalike(data: bytes) -> str | None:
    """What a file is by its signature, or None if it is none of the usual suspects."""
    if data.startswith(ZIP_SIGNATURE):
        return zip_kind(data)
    return next((kind for start, kind in LOOKALIKES if data.startswith(start)), None)


def zip_kind(data: bytes) -> str:
    """.docx, .xlsx and .pptx are zip archives: the folder inside says which."""
    with contextlib.suppress(zipfile.BadZipFile, OSError, ValueError):
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        return next((kind for folder, kind in ZIP_KINDS if any(name.startswith(folder) for name in names)),
                    "压缩包（.zip）")
    return "压缩包（.zip）"
