"""A PDF attachment read and cleaned with pypdf (attachments.py keeps the cached pipeline and calls
these only when some PDF is new: pypdf costs ~0.12 s to import, measured, on every build otherwise).

- `inspect_pdf`, the check-time gate: see attachments.py.
- `clean_pdf`, the copy the website publishes: no document info, no XMP, no scripts, no notes or form
  fields (visible ones drawn on the page), only safe links, a fixed /ID.
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import pypdf
from pypdf.errors import DependencyError
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject

from . import pdf_places
from .file_kinds import is_web_page, lookalike
from .attachments import MAX_PAGES, SIGNATURE, STRIPPED_KEYS, AttachmentError, _read, fingerprint
from .pdf_clean import allowed_action, clean_interactive
from .privacy import find_leaks


def inspect_pdf(path: Path, shown_as: str, public_phones: Iterable[str] = ()) -> str | None:
    """The problem staff must fix before this PDF can be published, or None."""
    try:
        with _readable(shown_as):
            reader = open_pdf(_read(path, shown_as), shown_as)
            return _leak_problem(reader, shown_as, list(public_phones))
    except AttachmentError as error:
        return str(error)


@contextlib.contextmanager
def _readable(shown_as: str) -> Iterator[None]:
    """pypdf's warnings and log lines are noise to staff, and any exception of a parser fed a
    broken file (KeyError, RecursionError, …) means the same thing to them: export it again."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except AttachmentError:
        raise
    except DependencyError:  # AES needs the optional `cryptography` package
        raise AttachmentError(f"{shown_as} 设置了密码或加密保护（例如禁止编辑、打印），网站无法检查里面的内容。"
                              "请去掉保护后另存一份 PDF（或用“打印为 PDF”另存），替换这个文件。") from None
    except Exception:
        raise AttachmentError(f"{shown_as} 无法读取：文件不完整或已损坏。请用原来的软件（Word、WPS 等）"
                              "重新导出一次 PDF，替换这个文件。") from None
    finally:
        logger.setLevel(level)


def open_pdf(data: bytes, shown_as: str) -> pypdf.PdfReader:
    """The PDF, decrypted if it only has an owner password, or AttachmentError. Call it inside _readable."""
    if not data.startswith(SIGNATURE):
        raise AttachmentError(_not_a_pdf(data, shown_as))
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    # An owner password only restricts editing or printing: it opens with the empty user password.
    if reader.is_encrypted and not reader.decrypt(""):
        raise AttachmentError(f"{shown_as} 设置了打开密码，网站无法检查里面的内容，访客也打不开。"
                              "请另存一份不设密码的 PDF 替换这个文件（不要把密码写到网站上）。")
    if len(reader.pages) > MAX_PAGES:
        raise AttachmentError(f"{shown_as} 有 {len(reader.pages)} 页，超过了网站附件的上限 {MAX_PAGES} 页。"
                              "请把它拆成几个 PDF 分别放入。")
    if _has_embedded_files(reader):
        raise AttachmentError(f"{shown_as} 里面夹带了其他文件（PDF 附件）。夹带的文件网站无法检查，可能含有个人信息"
                              "或病毒，所以不能发布。请删除 PDF 里的附件，或从原文档重新导出 PDF，替换这个文件。")
    if _has_hidden_layers(reader):
        raise AttachmentError(f"{shown_as} 里有默认隐藏的图层。隐藏图层里的内容打开时看不见，网站无法确认，"
                              "但 PDF 原文件会随仓库公开。请在原来的软件里删除隐藏的图层（或全部显示后合并），"
                              "重新导出 PDF，替换这个文件。")
    return reader


def _has_hidden_layers(reader: pypdf.PdfReader) -> bool:
    """Optional content off when the file opens (PDF 32000-1 8.11.4.3): hidden from a reader, one
    click from visible, and the copy cannot drop it without rewriting every page's content."""
    properties = reader.root_object.get("/OCProperties")
    default = properties.get_object().get("/D") if properties is not None else None
    default = default.get_object() if default is not None else {}
    return bool(default.get("/OFF")) or default.get("/BaseState") == "/OFF"


def _has_embedded_files(reader: pypdf.PdfReader) -> bool:
    """Files inside (the attachments list, a paper-clip note, an associated file: each is a file
    specification with /EF) can carry anything, a spreadsheet of pupils or a program: none is scanned."""
    return any("/EF" in node or node.get("/Type") == "/EmbeddedFile" for node in _reached(reader.root_object, set()))


def _reached(root: DictionaryObject, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every dictionary and stream the catalog reaches, once; adds the object numbers to `seen`.
    A dictionary's entries are followed after it is yielded: what the caller removes is not reached."""
    todo: list[object] = [root.indirect_reference]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if node.idnum not in seen:
                seen.add(node.idnum)
                todo.append(node.get_object())
        elif isinstance(node, DictionaryObject):  # streams too
            yield node
            todo.extend(node.values())
        elif isinstance(node, ArrayObject):
            todo.extend(node)


def _not_a_pdf(data: bytes, shown_as: str) -> str:
    """Say what the file most likely is, from its first bytes: staff renamed it, or saved a web page."""
    if not data:
        return f"{shown_as} 是空文件（0 字节），可能没有传完整。请重新放入这个 PDF。"
    if is_web_page(data):
        return (f"{shown_as} 实际是网页（HTML）文件，不是 PDF，虽然文件名以“.pdf”结尾。网页文件可能带有脚本，"
                "不能作为附件发布。请找到原文档，导出（另存）为 PDF 后替换这个文件。")
    what = lookalike(data)
    if what:
        return (f"{shown_as} 实际是{what}，不是 PDF，只是文件名写成了“.pdf”。请用 Word、WPS 等软件打开它，"
                "选择“另存为 PDF”（或“输出为 PDF”），再替换这个文件。")
    return (f"{shown_as} 不是 PDF 文件（开头没有 PDF 的标志“%PDF-”），虽然文件名以“.pdf”结尾。"
            "请用原来的软件（Word、WPS 等）重新导出（另存）为 PDF，替换这个文件。")


def _leak_problem(reader: pypdf.PdfReader, shown_as: str, public_phones: list[str]) -> str | None:
    """ID and mobile numbers anywhere in the file. The message names the places (page, and
    note, form, bookmark…), never the number: it ends up in public CI logs."""
    places: dict[str, set[tuple[str, int | None]]] = {"id": set(), "mobile": set()}
    for text in pdf_places.texts(reader):
        for kind in {leak.kind for leak in find_leaks(text.text, public_phones)}:
            places[kind].add((text.place, text.page))
    found = [f"{_where(places[kind])}里有{name}" for kind, name in (("id", "身份证号码"), ("mobile", "手机号码"))
             if places[kind]]
    if not found:
        return None
    hidden = {place for kind in places.values() for place, _ in kind} - {pdf_places.PAGE_TEXT}
    return (f"{shown_as} {'，'.join(found)}。学生、家长和教职工的身份证号和个人手机号不能发布到网站上：请在原文档里"
            "删除后重新导出 PDF，替换这个文件（提交记录里也会保留旧文件，如已推送到公开仓库，请联系网站维护人员处理）。"
            + (HIDDEN_PLACES if hidden else "")
            + "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。")


HIDDEN_PLACES = ("批注、表单、书签、文档属性这些地方打开 PDF 时不一定看得见，网站上的 PDF 也不会保留它们，"
                 "但 PDF 原文件会随仓库公开，所以里面同样不能有这些号码。")
# How each place is named, in the order staff should look: the page first.
PLACE_NAMES = ((pdf_places.PAGE_TEXT, "正文"), (pdf_places.NOTE, "的批注"), (pdf_places.FORM, "的表单"),
               (pdf_places.LINK, "的链接"), (pdf_places.BOOKMARK, "书签"), (pdf_places.METADATA, "文档属性（元数据）"),
               (pdf_places.OTHER, "其他隐藏位置"))


def _where(places: set[tuple[str, int | None]]) -> str:
    """'第 1、3 页正文、第 2 页的批注、书签': each kind of place with its pages, if it has any."""
    parts = []
    for place, name in PLACE_NAMES:
        pages = sorted(page for kind, page in places if kind == place and page is not None)
        if pages:
            # The first few pages say where to start; a long list would hide the rest of the message.
            more = f"等 {len(pages)} 页" if len(pages) > 5 else ""
            parts.append(f"第 {'、'.join(str(page) for page in pages[:5])} 页{more}{name}")
        elif (place, None) in places:
            parts.append(name.removeprefix("的"))
    return "、".join(parts)


# -- the cleaned copy ----------------------------------------------------------------

def clean_pdf(data: bytes, shown_as: str) -> bytes:
    """The PDF with its pages and text intact and nothing else of its author's: reproducible bytes."""
    with _readable(shown_as):
        writer = pypdf.PdfWriter(clone_from=open_pdf(data, shown_as))
        writer.metadata = None  # no /Info: Author, Creator, Producer, dates
        clean_interactive(writer)  # notes and fields out, visible ones drawn on the page, safe links only
        reachable: set[int] = set()
        for node in _reached(writer.root_object, reachable):
            _strip(node)
        # pypdf writes every object it cloned, so the stripped XMP and info would still be in the file.
        for index in range(len(writer._objects)):
            if index + 1 not in reachable:
                writer._objects[index] = None
        # pypdf keeps the original's /ID (or draws a random one); a hash of the input is reproducible.
        identifier = ByteStringObject(hashlib.sha256(data + fingerprint().encode()).digest()[:16])
        writer._ID = ArrayObject([identifier, identifier])
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()


def _strip(node: DictionaryObject) -> None:
    """From the catalog, pages, links, bookmarks, images: anything but content."""
    for key in STRIPPED_KEYS:
        node.pop(key, None)
    # A bookmark's or link's action: jumps and safe web addresses only. A structure element's /A holds
    # its attributes (table headers' scope, layout) for screen readers: not an action, it stays.
    action = node.get("/A")
    action = action.get_object() if isinstance(action, IndirectObject) else action
    if isinstance(action, DictionaryObject) and "/S" in action and not allowed_action(action):
        del node["/A"]


