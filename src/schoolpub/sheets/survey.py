"""A streaming look at an .xlsx workbook's XML before openpyxl reads its values.

openpyxl holds the whole shared-strings table in memory and, asked for a
sheet's rows, walks every row down to the last one; neither can be told to
stop. This survey reads the same parts through expat a chunk at a time, keeps
counts and a few cell addresses, and stops at the first thing past a limit
(limits.py). It also learns what read-only openpyxl does not report: hidden rows
and columns, merged ranges, formulas whose result was never saved.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Callable
from xml.parsers import expat

from ..echo import quoted
from .limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_SHARED_STRINGS, RESAVE, Extent, part_label
from .package import chunks
from .places import Where
from .tables import FileRefused, Refusal

_REFERENCE = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")


class _Stop(Exception):
    """Read no further: a limit was passed (the reason is already recorded)."""


class _Doctype(Exception):
    pass


@dataclass
class Strings:
    """The shared-strings table as far as the limits care: how long each text is, which are blank."""

    count: int = 0
    long: dict[int, int] = field(default_factory=dict)  # index → characters, past MAX_CELL_CHARS
    blank: set[int] = field(default_factory=set)  # empty or spaces only: a cell holding one is empty


@dataclass
class SheetSurvey:
    extent: Extent
    hidden_rows: set[int] = field(default_factory=set)  # hidden rows with content
    hidden_columns: set[int] = field(default_factory=set)  # 0-based, within MAX_COLUMNS
    used_columns: set[int] = field(default_factory=set)  # 0-based: columns with content in some row
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # first row, column, last row, column
    unsaved_formulas: list[tuple[int, int]] = field(default_factory=list)  # (row, 1-based column)


def parse_part(archive: zipfile.ZipFile, part: str, name: str, label: str,
           start: Callable, end: Callable, text: Callable) -> None:
    """Feed the part to expat; handlers get local names (namespaces dropped), text comes buffered.
    A part that declares a document type is refused (package.py already refused its bytes)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = lambda tag, attributes: start(tag.rpartition(" ")[2], attributes)
    parser.EndElementHandler = lambda tag: end(tag.rpartition(" ")[2])
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = _refuse_doctype
    try:
        for chunk in chunks(archive, archive.getinfo(part), name, label):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except (expat.ExpatError, _Doctype, ValueError):
        raise FileRefused(f"{quoted(name)} 里的{label}不是有效的 XML：文件已损坏，或是故意构造的。{RESAVE}") from None


def _refuse_doctype(*_) -> None:
    raise _Doctype


# -- shared strings ------------------------------------------------------------------------------

def shared_strings(archive: zipfile.ZipFile, part: str | None, name: str) -> Strings:
    strings = Strings()
    if part is None:
        return strings
    state = {"depth": 0, "length": 0, "blank": True, "phonetic": 0}
    label = part_label(part, None)

    def start(tag: str, _attributes) -> None:
        if tag == "si":
            state.update(length=0, blank=True)
        elif tag == "rPh":  # a pronunciation guide, not part of the text
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["depth"] += 1

    def end(tag: str) -> None:
        if tag == "si":
            _end_string(strings, state["length"], state["blank"], name)
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "t" and not state["phonetic"]:
            state["depth"] -= 1

    def text(data: str) -> None:
        if state["depth"]:
            state["length"] += len(data)
            state["blank"] = state["blank"] and not data.strip()

    parse_part(archive, part, name, label, start, end, text)
    return strings


def _end_string(strings: Strings, length: int, blank: bool, name: str) -> None:
    if length > MAX_CELL_CHARS:
        strings.long[strings.count] = length
    if blank:
        strings.blank.add(strings.count)
    strings.count += 1
    if strings.count > MAX_SHARED_STRINGS:
        raise FileRefused(f"{quoted(name)} 里的单元格文字超过 {MAX_SHARED_STRINGS} 条（全校的获奖名单也只有几千条）："
                          f"这不像一份名单或公示。没有读取它。{RESAVE}")


# -- a sheet -------------------------------------------------------------------------------------

def sheet(archive: zipfile.ZipFile, part: str, title: str, strings: Strings, name: str) -> SheetSurvey:
    survey = SheetSurvey(Extent(title))
    parse_part(archive, part, name, part_label(part, title), *_SheetReader(survey, strings).handlers())
    return survey


class _SheetReader:
    """Expat handlers for one worksheet: rows, cells and their content, columns, merged ranges."""

    def __init__(self, survey: SheetSurvey, strings: Strings):
        self.survey, self.strings = survey, strings
        self.row = 0  # the current row's number
        self.hidden = False  # the current row is hidden
        self.columns: list[int] = []  # the current row's columns with content
        self.cell: dict | None = None  # the current cell: column, type, text lengths
        self.capture: str | None = None  # which element's text is being read (v, t of an inline string)
        self.merged_cells = 0

    def handlers(self) -> tuple[Callable, Callable, Callable]:
        return self.start, self.end, self.text

    def start(self, tag: str, attributes: dict) -> None:
        if tag == "row":
            self.row = _number(attributes.get("r")) or self.row + 1
            self.hidden = attributes.get("hidden") in ("1", "true")
            self.columns, self.cell = [], None
        elif tag == "c":
            self._start_cell(attributes)
        elif self.cell is not None and tag in ("v", "t"):
            self.capture = tag
        elif self.cell is not None and tag == "f":
            self.cell["formula"] = True
        elif tag == "col" and attributes.get("hidden") in ("1", "true"):
            first, last = max(_number(attributes.get("min")), 1), _number(attributes.get("max"))
            self.survey.hidden_columns.update(range(first - 1, min(last, MAX_COLUMNS)))
        elif tag == "mergeCell":
            self._merge(attributes.get("ref", ""))

    def end(self, tag: str) -> None:
        if tag in ("v", "t"):
            self.capture = None
        elif tag == "c" and self.cell is not None:
            self._end_cell()
        elif tag == "row":
            self._end_row()

    def text(self, data: str) -> None:
        if self.capture is None:
            return
        cell = self.cell
        cell["length"] += len(data)
        cell["blank"] = cell["blank"] and not data.strip()
        if self.capture == "v" and cell["type"] == "s" and len(cell["index"]) < 12:
            cell["index"] += data

    def _start_cell(self, attributes: dict) -> None:
        reference = _REFERENCE.fullmatch(attributes.get("r", ""))
        if reference:
            self.row = int(reference[2])
            column = _column_number(reference[1])
        else:  # cells may leave out their address: then they follow one another
            column = self.cell["column"] + 1 if self.cell else 1
        self.cell = {"column": column, "type": attributes.get("t", "n"), "length": 0, "blank": True,
                     "index": "", "formula": False}

    def _end_cell(self) -> None:
        cell = self.cell
        length, blank = cell["length"], cell["blank"]
        if cell["type"] == "s":
            index = _number(cell["index"])
            length, blank = self.strings.long.get(index, 0), index in self.strings.blank or not cell["index"]
        if length > MAX_CELL_CHARS:
            self.survey.extent.long_cell(self.row, cell["column"], length)
        if cell["formula"] and not cell["length"]:
            self.survey.unsaved_formulas.append((self.row, cell["column"]))
        if cell["formula"] or not blank:
            self.columns.append(cell["column"])

    def _end_row(self) -> None:
        if self.columns:
            if self.hidden:
                self.survey.hidden_rows.add(self.row)
            if not self.survey.extent.row(self.row, sorted(self.columns)):
                raise _Stop
            self.survey.used_columns.update(column - 1 for column in self.columns)
        self.columns, self.cell = [], None

    def _merge(self, reference: str) -> None:
        """Kept only where there is content (a range down to row 1,048,576 is clipped to the data);
        merged cells past what the content could hold mean overlapping ranges, which Excel refuses."""
        extent = self.survey.extent
        first, _, last = reference.partition(":")
        start, stop = _REFERENCE.fullmatch(first), _REFERENCE.fullmatch(last or first)
        if not (start and stop):
            return
        top, left = int(start[2]), _column_number(start[1])
        bottom, right = min(int(stop[2]), extent.last_row), min(_column_number(stop[1]), extent.last_column)
        if top > bottom or left > right:
            return
        self.merged_cells += (bottom - top + 1) * (right - left + 1)
        if self.merged_cells > extent.last_row * extent.last_column:
            extent.refusals.append(Refusal(Where(extent.sheet), "这个工作表的合并单元格互相重叠：Excel 和 WPS 不会"
                                                                 f"保存出这样的表格，文件可能已损坏。{RESAVE}"))
            raise _Stop
        self.survey.merged.append((top, left, bottom, right))


def _number(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 12 else 0


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
