"""Published copies of spreadsheet attachments: the cells as the school saw them, nothing of its author's.

The copy is the workbook read by openpyxl (after the same package checks as at check time:
xlsx_attachments.open_workbook) and written again:
- formulas replaced by their saved results (data_only): the number the school approved, in any
  program (the check refuses a formula without one);
- no notes (comments, threaded comments and their authors), no unsafe hyperlinks;
- no document properties: docProps/core.xml is written empty (no creator, last saved by, title,
  dates), custom properties dropped; openpyxl writes its own app.xml (no company, no manager) and
  leaves out printer settings, a saved folder path, file-sharing user names, external links;
- reproducible bytes: fixed zip dates, so a copy is cached under the original's sha256 and the
  pipeline's fingerprint, as attachments.py caches cleaned PDFs, and two builds publish the same file.
Values, number formats, merged cells, column widths and print areas stay.
"""
from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Mapping
from pathlib import Path

from functools import cache as once
from importlib.metadata import version

from . import urls
from .attachments import SOURCE_DIR
from . import cache
from .cache import Entries, write_atomically

PIPELINE_VERSION = 1  # bump whenever the code changes what is published: it invalidates every cached copy
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build's clock in the file
EMPTY_CORE = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
              b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
              b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>')
CORE_PART = "docProps/core.xml"


def fingerprint() -> str:
    """Everything that changes the published bytes: part of every cache name."""
    return cache.fingerprint(f"{PIPELINE_VERSION}/openpyxl {_openpyxl_version()}/zlib {zipfile.zlib.ZLIB_VERSION}")


@once
def _openpyxl_version() -> str:
    # openpyxl itself (~0.15 s to import) only when a workbook is cleaned: a build with every copy cached needs none
    return version("openpyxl")


def clean_xlsx(data: bytes, shown_as: str) -> bytes:
    """The workbook's cells and layout, without notes, metadata or formulas; reproducible bytes."""
    import openpyxl
    from openpyxl.cell.cell import MergedCell
    from openpyxl.packaging.custom import CustomPropertyList

    from .xlsx_attachments import SheetRefused, open_workbook, surveyed

    archive, found = open_workbook(data, shown_as)  # a bomb, a macro, a link: refused before openpyxl reads
    surveyed(archive, found, shown_as)  # and sheets past the limits: openpyxl holds a whole workbook in memory
    try:
        with warnings.catch_warnings():  # openpyxl's warnings (extensions it drops) are not for staff
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False, keep_vba=False)
    except Exception:
        raise SheetRefused(f"{shown_as} 无法读取：文件不完整或已损坏。请在 Excel 或 WPS 里打开原表格，另存为 .xlsx，"
                           "替换这个文件。") from None
    book.custom_doc_props = CustomPropertyList()
    for sheet in book.worksheets:
        for cell in list(sheet._cells.values()):  # the cells the file has, not the whole rectangle
            if isinstance(cell, MergedCell):  # covered by a merged range: no note or link of its own
                continue
            cell.comment = None
            if cell.hyperlink is not None and cell.hyperlink.target and not urls.is_web_address(cell.hyperlink.target):
                cell.hyperlink = None
    output = io.BytesIO()
    book.save(output)
    return _reproducible(output.getvalue())


def _reproducible(data: bytes) -> bytes:
    """openpyxl stamps the zip entries and the core properties with the time of saving: fixed here,
    and the core properties emptied (openpyxl writes its own creator, "openpyxl")."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as written, zipfile.ZipFile(output, "w") as archive:
        for info in written.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, EMPTY_CORE if info.filename == CORE_PART else written.read(info))
    return output.getvalue()


# -- the cached pipeline ------------------------------------------------------------------

def publish_xlsx(originals: Mapping[str, Path], cache_dir: Path) -> dict[str, Path]:
    """Every original (reference → file) as a cleaned copy in the cache; only new or changed
    workbooks are cleaned. Raises SheetRefused for one that cannot be published."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    current = fingerprint()
    published = {}
    for reference, source in sorted(originals.items()):
        data = source.read_bytes()  # hashed and cleaned from the same bytes
        entry = cache_dir / _CACHE_ENTRIES.name(cache.key(data), current)
        if not entry.is_file():
            write_atomically(entry, clean_xlsx(data, f"{SOURCE_DIR}/{reference}"))
        published[reference] = entry
    _CACHE_ENTRIES.prune(cache_dir, current)
    return published


_CACHE_ENTRIES = Entries("{key}-{fingerprint}.xlsx")
