"""An .xlsx file's zip, checked before anything in it is inflated, then read through a bounded stream.

The zip's directory says how many parts there are and how big each is once
inflated; those numbers are checked against the limits first (a zip bomb is
refused without inflating a byte of it). They are not trusted: every part is
then inflated a chunk at a time, counting, and must come out exactly as big as
declared with its checksum right, before openpyxl is let near the file.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Iterator

from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import _find_workbook_part
from openpyxl.reader.workbook import WorkbookParser
from openpyxl.xml.constants import SHARED_STRINGS
from openpyxl.xml.functions import fromstring

from ..echo import quoted
from .limits import (MAX_PART_BYTES, MAX_PARTS, MAX_RATIO, MAX_TOTAL_BYTES, MEGABYTE, RATIO_FROM_BYTES, RESAVE,
                     part_label)
from .tables import FileRefused

CHUNK = 64 * 1024
_END_OF_DIRECTORY = b"PK\x05\x06"
_DIRECTORY_SEARCH = 22 + 0xFFFF  # the end record, after a comment of at most 64 KB
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")  # no part Excel or WPS writes has one
_CONTENT_TYPES = "[Content_Types].xml"


def not_a_workbook(name: str) -> FileRefused:
    return FileRefused(f"{quoted(name)} 不是 Excel 工作簿（.xlsx）。请导入用模板填写的 .xlsx 文件，或者 .csv 文件。")


def open_package(raw: bytes, name: str) -> zipfile.ZipFile:
    """The zip, every part checked: count, declared sizes and ratios, then each inflated in full."""
    _check_part_count(raw, name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError):
        raise not_a_workbook(name) from None
    labels = _Labels(archive, name)
    _check_declared(archive.infolist(), name, labels)
    for info in archive.infolist():
        _verify(archive, info, name, labels)
    return archive


def chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, label: str) -> Iterator[bytes]:
    """The part inflated CHUNK bytes at a time, never more than it declared (nor MAX_PART_BYTES)."""
    inflated = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                inflated += len(chunk)
                if inflated > min(info.file_size, MAX_PART_BYTES):
                    raise _mismatch(name, label)
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError):
        raise _mismatch(name, label) from None
    if inflated != info.file_size:
        raise _mismatch(name, label)


def _check_part_count(raw: bytes, name: str) -> None:
    """From the zip's end record, before Python reads its directory (one entry per part)."""
    end = raw.rfind(_END_OF_DIRECTORY, max(0, len(raw) - _DIRECTORY_SEARCH))
    if end < 0 or len(raw) < end + 22:
        raise not_a_workbook(name)
    parts = struct.unpack_from("<H", raw, end + 10)[0]
    if parts > MAX_PARTS:
        counted = f" {parts} 个" if parts < 0xFFFF else "六万多个"  # 0xFFFF: the count is elsewhere (zip64)
        raise FileRefused(f"{quoted(name)} 不像 Excel 或 WPS 保存的表格：.xlsx 文件其实是一个压缩包，这个压缩包里有"
                          f"{counted}文件，上限 {MAX_PARTS} 个（用模板填写的工作簿只有二三十个）。没有读取它。{RESAVE}")


def _check_declared(infos: list[zipfile.ZipInfo], name: str, labels: "_Labels") -> None:
    total = 0
    for info in infos:
        if info.flag_bits & 1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileRefused(f"{quoted(name)} 里的{labels.of(info.filename)}用了 Excel 和 WPS 不用的压缩方式或加密："
                              f"文件可能已损坏，或是故意构造的。没有读取它。{RESAVE}")
        if info.file_size > MAX_PART_BYTES:
            raise FileRefused(f"{quoted(name)} 里的{labels.of(info.filename)}解压后有 {info.file_size // MEGABYTE} MB，"
                              f"上限 {MAX_PART_BYTES // MEGABYTE} MB（一万行的名单也只有几 MB）。这不像 Excel 或 WPS "
                              "保存的表格，可能是损坏或故意构造的文件（“压缩炸弹”）：解压会耗尽电脑的内存，所以没有读取它。"
                              + RESAVE)
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileRefused(f"{quoted(name)} 里的{labels.of(info.filename)}压缩了 "
                              f"{info.file_size // max(info.compress_size, 1)} 倍（{info.compress_size // 1024} KB "
                              f"解压后是 {info.file_size // MEGABYTE} MB）；Excel 和 WPS 保存的表格一般只压缩 3 到 15 倍，"
                              f"上限 {MAX_RATIO} 倍。这是“压缩炸弹”的特征：解压会耗尽电脑的内存，所以没有读取它。{RESAVE}")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise FileRefused(f"{quoted(name)} 解压后一共有 {total // MEGABYTE} MB，上限 {MAX_TOTAL_BYTES // MEGABYTE} MB"
                          f"（一万行的名单也只有几 MB）。这不像 Excel 或 WPS 保存的表格，没有读取它。{RESAVE}")


def _verify(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str, labels: "_Labels") -> None:
    """Inflate the whole part (bounded), checking size and checksum; XML parts may not declare
    a document type (entity definitions are how XML inflates itself)."""
    is_xml = info.filename.endswith((".xml", ".rels", ".vml"))
    tail = b""
    for chunk in chunks(archive, info, name, labels.of(info.filename)):
        if is_xml and any(mark in tail + chunk for mark in _DECLARATIONS):
            raise FileRefused(f"{quoted(name)} 里的{labels.of(info.filename)}含有 Excel 和 WPS 不会写的"
                              f"文档类型声明（<!DOCTYPE>），可能是故意构造的文件，没有读取它。{RESAVE}")
        tail = chunk[-16:]


def _mismatch(name: str, label: str) -> FileRefused:
    return FileRefused(f"{quoted(name)} 里的{label}解压出的内容和文件里记录的大小或校验值不符：文件已损坏，"
                       f"或是故意构造的。没有继续读取。{RESAVE}")


class _Labels:
    """Parts named for messages; a sheet's part also by the sheet's title, looked up (once) only
    when a message needs it, and only if the parts that say it are themselves sound."""

    def __init__(self, archive: zipfile.ZipFile, name: str):
        self._archive, self._name, self._titles = archive, name, None

    def of(self, part: str) -> str:
        if self._titles is None:
            try:
                self._titles = {part: title for title, part in contents(self._archive, self._name).worksheets}
            except Exception:  # a damaged or crafted workbook.xml: the path alone still names the part
                self._titles = {}
        return part_label(part, self._titles.get(part))


@dataclass
class Contents:
    worksheets: list[tuple[str, str]]  # (title, part) in the workbook's order
    shared_strings: str | None  # the part, if the workbook has one
    hidden: set[str] = field(default_factory=set)  # parts of the sheets hidden (or very hidden) in the workbook


def contents(archive: zipfile.ZipFile, name: str) -> Contents:
    """The worksheets and the shared strings, found as openpyxl finds them (the package's list of
    content types, the workbook and its relationships). The parts openpyxl reads for this are
    inflated through chunks() first: a lying one is refused before openpyxl's read(), which
    inflates in one call (up to a gigabyte), touches it."""
    _drain(archive, _CONTENT_TYPES, name)
    manifest = Manifest.from_tree(fromstring(archive.read(_CONTENT_TYPES)))
    workbook = _find_workbook_part(manifest).PartName[1:]
    _drain(archive, workbook, name)
    _drain(archive, get_rels_path(workbook), name)
    parser = WorkbookParser(archive, workbook, keep_links=False)
    parser.parse()
    found = [(sheet, relation.target) for sheet, relation in parser.find_sheets()
             if relation.Type.endswith("/worksheet") and relation.target in archive.namelist()]
    strings = manifest.find(SHARED_STRINGS)
    part = strings.PartName[1:] if strings is not None else None
    return Contents([(sheet.name, target) for sheet, target in found], part if part in archive.namelist() else None,
                    {target for sheet, target in found if sheet.state in ("hidden", "veryHidden")})


def _drain(archive: zipfile.ZipFile, part: str, name: str) -> None:
    info = archive.getinfo(part)
    if info.file_size > MAX_PART_BYTES:
        raise KeyError(part)
    for _ in chunks(archive, info, name, part_label(part, None)):
        pass
