"""Every piece of text an .xlsx file carries, labelled by where a staff member would look for it.

The cells a reader sees are only part of a workbook. Hidden sheets, rows and columns, a
formula's text, notes (comments, threaded comments and their authors), defined names, headers
and footers, data-validation prompts, hyperlinks, the document properties (docProps/: author,
last saved by, company, manager, custom properties), printer settings (the printer's name) and
whatever else a program left in the zip: all of it is public with the repository even where the
website's copy leaves it out. So the privacy scan reads every part, streamed through expat (the
package was checked first, sheets/package.py), and names each place the way Excel shows it:
sheet, cell (A1) and the kind of place.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.packaging.relationship import get_dependents, get_rels_path

from . import urls
from .privacy import find_leaks
from .sheets.limits import part_label
from .sheets.package import Contents
from .sheets.survey import parse_part

CELL, FORMULA, COMMENT, HYPERLINK, HEADER_FOOTER, VALIDATION = "单元格", "公式", "批注", "链接", "页眉页脚", "数据验证"
DEFINED_NAME, SHEET_NAME, PROPERTIES, PRINTER, OTHER = "名称", "工作表名称", "文档属性", "打印机设置", "其他"
# Elements of a sheet whose attributes are structure (addresses, styles, sizes), never text staff typed.
_STRUCTURE = frozenset({"worksheet", "sheetData", "row", "c", "v", "f", "is", "t", "r", "rPr", "col", "cols",
                        "dimension", "sheetViews", "sheetView", "selection", "pane", "sheetFormatPr", "mergeCells",
                        "mergeCell", "pageMargins", "rFont", "sz", "color", "b", "i", "u", "family", "scheme",
                        "charset", "vertAlign", "strike", "outline", "shadow", "condense", "extend"})
_HEADERS_FOOTERS = frozenset({"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"})
_SKIPPED = re.compile(r"xl/theme/[^/]+\.xml")  # colours and font names Office writes, nothing staff typed
# Ids Excel writes into sheets and threaded comments ({00000000-0001-…}): hex at random, which may hold
# a phone number's digits and hyphens; no one types a phone number as one.
_IDENTIFIER = re.compile(r"\{?[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}\}?")
# Between separate values (attributes, text nodes) read as one text: the mobile pattern allows one space
# or line break inside a number, so two window sizes on two lines must not make one.
APART = " ¦ "
_HYPERLINK_TYPE = "/hyperlink"
_COMMENT_TYPES = ("/comments", "/threadedComment")


@dataclass(frozen=True)
class Place:
    kind: str  # CELL, FORMULA, …
    sheet: str | None = None  # a worksheet's title; None for the workbook as a whole
    cell: str | None = None  # A1 (a validation prompt: the range it applies to)


@dataclass
class Findings:
    numbers: dict[str, list[Place]]  # "id" / "mobile" → where, in the order staff should look
    unsafe_links: list[Place]  # cells whose hyperlink opens anything but a safe http(s) address


def scan(archive: zipfile.ZipFile, found: Contents, name: str, public_phones: Iterable[str]) -> Findings:
    """Where ID and mobile numbers are, and which links cannot be published."""
    scan = _Scan(list(public_phones))
    strings = scan.shared_strings(archive, found.shared_strings, name) if found.shared_strings else {}
    done = {found.shared_strings, "xl/workbook.xml"}
    for title, part in found.worksheets:
        done |= scan.sheet(archive, part, title, strings, name)
    for index in strings.keys() - scan.shown:  # a string no cell shows (programs leave some behind)
        scan.add(strings[index], Place(OTHER))
    scan.workbook(archive, name)
    for info in archive.infolist():
        if info.filename not in done and not info.is_dir():
            scan.other(archive, info.filename, name)
    return Findings(scan.found, scan.unsafe_links)


class _Scan:
    def __init__(self, public_phones: list[str]):
        self.public_phones = public_phones
        self.found: dict[str, list[Place]] = {"id": [], "mobile": []}
        self.shown: set[int] = set()  # shared strings some cell shows
        self.unsafe_links: list[Place] = []

    def check(self, text: str, place: Place) -> None:
        self.add({leak.kind for leak in find_leaks(_IDENTIFIER.sub(" ", text), self.public_phones)}, place)

    def add(self, kinds: Iterable[str], place: Place) -> None:
        for kind in kinds:
            if place not in self.found[kind]:
                self.found[kind].append(place)

    # -- parts ----------------------------------------------------------------------------

    def shared_strings(self, archive: zipfile.ZipFile, part: str, name: str) -> dict[int, set[str]]:
        """The kinds of number in each shared string that holds one (by index); none are reported
        here: a string is reported at the cells that show it."""
        kinds: dict[int, set[str]] = {}
        texts = _Texts(item="si")
        parse_part(archive, part, name, part_label(part, None), texts.start, texts.end, texts.text)
        for index, text in enumerate(texts.items):
            found = {leak.kind for leak in find_leaks(text, self.public_phones)}
            if found:
                kinds[index] = found
        return kinds

    def sheet(self, archive: zipfile.ZipFile, part: str, title: str, strings: dict[int, set[str]], name: str
              ) -> set[str]:
        """The sheet's cells, formulas, links, headers, prompts; then its notes. Returns the parts read."""
        relations = _relations(archive, part)
        reader = _SheetReader(self, title, strings, {key: (target, mode) for key, (kind, target, mode) in
                                                    relations.items() if kind.endswith(_HYPERLINK_TYPE)})
        parse_part(archive, part, name, part_label(part, title), reader.start, reader.end, reader.text)
        read = {part}
        for kind, target, _ in relations.values():
            if kind.endswith(_COMMENT_TYPES) and target in archive.namelist():
                self.notes(archive, target, title, name)
                read.add(target)
        return read

    def notes(self, archive: zipfile.ZipFile, part: str, title: str, name: str) -> None:
        """Comments (<comment ref>) and threaded comments (<threadedComment ref>), with their authors."""
        texts = _Texts(item=("comment", "threadedComment", "author"))
        parse_part(archive, part, name, part_label(part, None), texts.start, texts.end, texts.text)
        for text, reference in zip(texts.items, texts.references):
            self.check(text, Place(COMMENT, title, reference))

    def workbook(self, archive: zipfile.ZipFile, name: str) -> None:
        """Defined names, sheet names, and the rest (a file-sharing user name, a saved folder path)."""
        if "xl/workbook.xml" not in archive.namelist():
            return
        texts = _Texts(item="definedName")

        def start(tag: str, attributes: dict) -> None:
            texts.start(tag, attributes)
            if tag == "sheet":
                self.check(attributes_text(attributes, ("name",)), Place(SHEET_NAME))
            elif tag == "definedName":
                self.check(attributes_text(attributes, ("name", "comment", "description")), Place(DEFINED_NAME))
            elif tag not in ("sheets", "definedNames"):
                self.check(attributes_text(attributes), Place(OTHER))

        parse_part(archive, "xl/workbook.xml", name, part_label("xl/workbook.xml", None), start, texts.end, texts.text)
        for text in texts.items:
            self.check(text, Place(DEFINED_NAME))
        self.check(APART.join(texts.outside), Place(OTHER))

    def other(self, archive: zipfile.ZipFile, part: str, name: str) -> None:
        if _SKIPPED.fullmatch(part):
            return
        if posixpath.basename(posixpath.dirname(part)) == "printerSettings":
            data = archive.read(part)  # a few KB; the package check inflated it within the limits already
            self.check(data.decode("utf-16-le", errors="replace") + APART + data.decode("latin-1"), Place(PRINTER))
            return
        if not part.endswith((".xml", ".rels", ".vml")):
            return  # pictures, macros, embedded files: refused before the scan (xlsx_attachments.py)
        place = Place(PROPERTIES) if part.startswith("docProps/") else \
            Place(COMMENT) if part.startswith("xl/persons/") else Place(OTHER)  # the authors of threaded comments
        texts = _Texts(item=None)

        def start(tag: str, attributes: dict) -> None:
            # A worksheet's hyperlink targets were read at their cells.
            if not (tag == "Relationship" and attributes.get("Type", "").endswith(_HYPERLINK_TYPE)):
                texts.outside.append(attributes_text(attributes))

        parse_part(archive, part, name, part_label(part, None), start, texts.end, texts.text)
        self.check(APART.join(texts.outside), place)


def attributes_text(attributes: dict, only: tuple[str, ...] = ()) -> str:
    return APART.join(value for key, value in attributes.items() if not only or key.rpartition(" ")[2] in only)


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, str | None]]:
    """A part's relationships: id → (type, target, target mode), targets inside the package made absolute."""
    rels = get_rels_path(part)
    if rels not in archive.namelist():
        return {}
    return {relation.Id: (relation.Type, relation.target, relation.TargetMode)
            for relation in get_dependents(archive, rels)}


class _Texts:
    """The text of each `item` element (its runs joined: a number may be split over formatting runs),
    with the `ref` attribute it carries; text outside any item is kept apart."""

    def __init__(self, item: str | tuple[str, ...] | None):
        self.item = (item,) if isinstance(item, str) else item or ()
        self.items: list[str] = []
        self.references: list[str | None] = []
        self.outside: list[str] = []
        self.depth = 0
        self.phonetic = 0

    def start(self, tag: str, attributes: dict) -> None:
        if tag in self.item:
            if self.depth == 0:
                self.items.append("")
                self.references.append(attributes.get("ref"))
            self.depth += 1
        elif tag == "rPh":  # the pronunciation guide of East Asian text: read apart from the text
            self.phonetic += 1
            if self.depth:
                self.items[-1] += APART

    def end(self, tag: str) -> None:
        if tag in self.item:
            self.depth -= 1
        elif tag == "rPh":
            self.phonetic -= 1
            if self.depth:
                self.items[-1] += APART

    def text(self, data: str) -> None:
        if self.depth:
            self.items[-1] += data
        else:
            self.outside.append(data)


class _SheetReader:
    """Expat handlers for one worksheet: each cell's value and formula, the sheet's links,
    headers and footers, validation prompts, and anything else in it."""

    def __init__(self, scan: _Scan, title: str, strings: dict[int, set[str]],
                 links: dict[str, tuple[str, str | None]]):
        self.scan, self.title, self.strings, self.links = scan, title, strings, links
        self.cell: dict | None = None  # the current cell: its address, type, value and formula text
        self.capture: str | None = None  # v, f, t (an inline string's runs), a header or footer, a validation formula
        self.buffer = ""
        self.validation: str | None = None  # the range of the data validation being read

    def start(self, tag: str, attributes: dict) -> None:
        if tag == "c":
            self.cell = {"ref": attributes.get("r"), "type": attributes.get("t", "n"), "value": "", "formula": ""}
        elif self.cell is not None and tag in ("v", "f", "t"):
            self.capture, self.buffer = tag, ""
        elif tag in _HEADERS_FOOTERS or (self.validation is not None and tag in ("formula1", "formula2")):
            self.capture, self.buffer = tag, ""
        elif tag == "hyperlink":
            self._hyperlink(attributes)
        elif tag == "dataValidation":
            self.validation = attributes.get("sqref")
            self.scan.check(attributes_text(attributes, ("promptTitle", "prompt", "errorTitle", "error")),
                            Place(VALIDATION, self.title, self.validation))
        elif tag not in _STRUCTURE and attributes:
            self.scan.check(attributes_text(attributes), Place(OTHER, self.title))

    def end(self, tag: str) -> None:
        if tag == self.capture:
            self._captured(tag)
            self.capture = None
        elif tag == "c" and self.cell is not None:
            self._end_cell()
            self.cell = None
        elif tag == "dataValidation":
            self.validation = None

    def text(self, data: str) -> None:
        if self.capture is not None:
            self.buffer += data
        elif data.strip():
            self.scan.check(data, Place(OTHER, self.title))

    def _captured(self, tag: str) -> None:
        if tag in _HEADERS_FOOTERS:
            self.scan.check(self.buffer, Place(HEADER_FOOTER, self.title))
        elif tag in ("formula1", "formula2"):
            self.scan.check(self.buffer, Place(VALIDATION, self.title, self.validation))
        elif tag == "f":
            self.cell["formula"] += self.buffer
        else:  # v or t: the runs of an inline string are one text
            self.cell["value"] += self.buffer

    def _end_cell(self) -> None:
        cell = self.cell
        if cell["formula"]:
            self.scan.check(cell["formula"], Place(FORMULA, self.title, cell["ref"]))
        if cell["type"] == "s":
            index = int(cell["value"]) if cell["value"].strip().isdigit() else -1
            self.scan.shown.add(index)
            self.scan.add(self.strings.get(index, ()), Place(CELL, self.title, cell["ref"]))
        else:  # a number, a formula's saved result, an inline string
            self.scan.check(cell["value"], Place(CELL, self.title, cell["ref"]))

    def _hyperlink(self, attributes: dict) -> None:
        """A link to a place in the workbook (location) or to an address (its relationship's target)."""
        place = Place(HYPERLINK, self.title, attributes.get("ref"))
        relation = next((value for key, value in attributes.items() if key.rpartition(" ")[2] == "id"), None)
        target, mode = self.links.get(relation, ("", None)) if relation else ("", None)
        if relation and (mode != "External" or not urls.is_web_address(target)):
            self.scan.unsafe_links.append(place)
        self.scan.check(attributes_text(attributes, ("location", "display", "tooltip")) + APART + target, place)
