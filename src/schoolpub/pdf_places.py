"""Every piece of text a PDF carries, labelled by where a staff member would look for it.

The page text is only what a reader sees first. A sticky note and its replies, a typed
text box, a form field's value, default value and tooltip, an XFA form's data, the
bookmarks, the document properties (Info and XMP), a link's target, a signature's
certificate, alternative text for screen readers: all of it travels with the file, and
the file is public with the repository even where the website's copy leaves it out. So
the privacy check reads all of it: the places a reader knows by name (批注, 表单, 书签,
元数据, 链接) by that name, and whatever else is reachable from the document as 其他.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdf
from pypdf.generic import ArrayObject, ByteStringObject, DictionaryObject, IndirectObject, StreamObject, TextStringObject

PAGE_TEXT, NOTE, FORM, LINK, BOOKMARK, METADATA, OTHER = "正文", "批注", "表单", "链接", "书签", "元数据", "其他"
# Streams whose bytes are text a viewer shows or keeps: XMP packets and XFA form data (XML), rich
# text of notes (XHTML), scripts. Page content is read through pypdf's text extraction instead, and
# fonts and images are never text.
_TEXT_STREAM_KEYS = frozenset({"/Metadata", "/XFA", "/RC", "/JS", "/DS"})
# Keys that lead back to a page (an annotation's /P, a structure element's /Pg), read page by page
# on their own, or up a tree (a field's /Parent: the form is read from /AcroForm).
_NOT_FOLLOWED = frozenset({"/P", "/Pg", "/Parent"})
_LITERAL_STRING = re.compile(rb"\((?:\\.|[^\\()])*\)", re.DOTALL)
_MARKUP = re.compile(r"<[^>]*>")
# Document and instance ids of XMP and tagged PDF (uuid:…, xmp.did:…, bare UUIDs): hex digits at
# random, which may hold eleven decimal digits in a row; no one writes a phone number as one.
_IDENTIFIER = re.compile(r"(?i)(?:uuid:|xmp\.[a-z]*id:)[0-9a-f-]+|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b")


@dataclass(frozen=True)
class Text:
    place: str  # PAGE_TEXT, NOTE, …
    page: int | None  # 1-based; None where a place belongs to no page (bookmarks, document properties)
    text: str


def texts(reader: pypdf.PdfReader) -> Iterator[Text]:
    """Page text first, then each page's annotations, then the rest of the document once."""
    seen: set[int] = {page.indirect_reference.idnum for page in reader.pages if page.indirect_reference}
    for number, page in enumerate(reader.pages, start=1):
        yield Text(PAGE_TEXT, number, page.extract_text() or "")
        annotations = _resolved(page.raw_get("/Annots")) if "/Annots" in page else None
        for reference in annotations if isinstance(annotations, ArrayObject) else ():
            annotation = _resolved(reference)
            if isinstance(annotation, DictionaryObject):
                kind = {"/Widget": FORM, "/Link": LINK}.get(annotation.get("/Subtype"), NOTE)
                yield from _strings(reference, kind, number, seen)
        yield from _strings(_entries(page, exclude=("/Annots", "/Contents")), OTHER, number, seen)
    if "/Info" in reader.trailer:
        yield from _strings(_entries(reader.trailer, only=("/Info",)), METADATA, None, seen)
    root = reader.root_object
    for key, place in (("/AcroForm", FORM), ("/Outlines", BOOKMARK), ("/Metadata", METADATA)):
        yield from _strings(_entries(root, only=(key,)), place, None, seen)
    yield from _strings(root, OTHER, None, seen)


def _entries(node: DictionaryObject, only: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> DictionaryObject:
    """Some entries of a dictionary as they are stored: an indirect object stays a reference,
    so that it is read once, under the first place that reaches it."""
    return DictionaryObject({key: node.raw_get(key) for key in node
                             if (not only or key in only) and key not in exclude})


def _resolved(node: object) -> object:
    return node.get_object() if isinstance(node, IndirectObject) else node


def _strings(start: object, place: str, page: int | None, seen: set[int]) -> Iterator[Text]:
    """Every string under `start`, and the text of its text streams; each indirect object once.
    An explicit stack: a deeply nested file must not exhaust Python's recursion."""
    todo: list[tuple[object, str, bool]] = [(start, "", False)]  # node, the key it was reached by, in an appearance
    while todo:
        node, key, appearance = todo.pop()
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, (TextStringObject, ByteStringObject)):
            yield Text(place, page, _IDENTIFIER.sub(" ", _string_text(node)))
        elif isinstance(node, StreamObject):
            text = _stream_text(node, key, appearance)
            if text:
                yield Text(place, page, _IDENTIFIER.sub(" ", text))
            todo.extend(_children(node, appearance))
        elif isinstance(node, DictionaryObject):
            if node.get("/Type") in ("/Page", "/Pages") and node is not start:
                continue  # read page by page, not as part of whatever points at a page
            todo.extend(_children(node, appearance))
        elif isinstance(node, ArrayObject):
            todo.extend((item, key, appearance) for item in node)


def _children(node: DictionaryObject, appearance: bool) -> list[tuple[object, str, bool]]:
    return [(value, key, appearance or key == "/AP") for key, value in node.items()
            if key not in _NOT_FOLLOWED and not (key == "/Resources" and appearance)]


def _string_text(value: TextStringObject | ByteStringObject) -> str:
    # pypdf decodes PDFDocEncoding and UTF-16 text strings; what it leaves as bytes (a signature's
    # certificate, a string in an unknown encoding) is read byte by byte: digits are ASCII in all of them.
    text = value.decode("latin-1") if isinstance(value, ByteStringObject) else str(value)
    return _without_markup(text) if "<" in text else text


def _stream_text(stream: StreamObject, key: str, appearance: bool) -> str:
    """The text of a stream worth reading: XML and rich text as text; an annotation's appearance
    (a typed text box, a filled-in field) by the strings it draws, not its coordinates."""
    if stream.get("/Subtype") == "/Image" or str(key).startswith("/FontFile"):
        return ""
    xml = stream.get("/Type") == "/Metadata" or stream.get("/Subtype") == "/XML"
    if not (xml or key in _TEXT_STREAM_KEYS or appearance):
        return ""
    data = stream.get_data()
    if appearance and not xml and key not in _TEXT_STREAM_KEYS:
        return "\n".join(match.group()[1:-1].decode("latin-1") for match in _LITERAL_STRING.finditer(data))
    return _without_markup(data.decode("utf-8", errors="replace"))


def _without_markup(text: str) -> str:
    """XHTML and XML as the words they show (<span>139</span>… is still a number to a reader), after
    the text as it is: a lone "<" in a note must not hide what follows it."""
    return f"{text}\n{html.unescape(_MARKUP.sub('', text))}"
