"""`make import FILE=…`: a filled spreadsheet → a checked record file, or every problem at once.

Nothing is written while there is any problem. The record is checked by the
same code as `make check`: the model, the content type's checks, photos and
attachments, the checks across records and the personal-data scan, by loading
a copy of data/ with the new file in it. Only then is the file written.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from .. import hygiene, privacy, yamlgate
from ..echo import quoted, visible, without_personal_numbers
from ..cache import write_atomically
from ..content import ALL_TYPES, SCHOOL, ContentType
from ..fields import RECORD_ID_PATTERN
from ..form_text import message_for_form
from ..loader import _key_name, load_site
from ..media import CACHE_VARIABLE, cache_dir_of
from ..messages import _is_internal, _translate_one
from .layout import FIELDS_SHEET, ID_TITLE, Layout, layout_of
from .places import Reading, Where, clean, describe
from .reading import read_record
from .tables import FileRefused, Table
from .workbook import read_tables
from .yamlstyle import record_yaml


@dataclass
class Outcome:
    written: Path | None = None
    problems: list[str] = field(default_factory=list)
    content_type: ContentType | None = None


def import_file(root: Path, file: Path, kind: str | None = None, record_id: str | None = None,
                overwrite: bool = False) -> Outcome:
    if not file.is_file():
        return Outcome(problems=[f"找不到文件 {quoted(file)}。请检查文件名和路径（可以把文件拖进终端窗口得到完整路径）。"])
    if file.suffix.lower() not in (".xlsx", ".csv"):
        return Outcome(problems=[f"{quoted(file.name)}：只能导入 .xlsx 或 .csv 文件。.xls 和 .et 文件请先在 Excel 或 WPS 里"
                                 "另存为 .xlsx。"])
    try:
        tables, refusals = read_tables(file)
    except FileRefused as error:
        is_csv = file.suffix.lower() == ".csv"
        return Outcome(problems=[f"{describe(file.name, is_csv, refusal.where)}：{refusal.message}"
                                 for refusal in error.refusals] or [str(error)])
    content_type = _content_type(kind, tables)
    if content_type is None:
        return Outcome(problems=[_unknown_kind(file.name, kind)])
    baseline, baseline_problems = load_site(root / "data")
    phones = [phone.number for phone in baseline.school.phones] if baseline.school else []
    report = _Report(file.name, file.suffix.lower() == ".csv", layout_of(content_type))
    for refusal in refusals:
        report.add(refusal.where, refusal.message)
    _scan_cells(tables, phones, report)
    reading = read_record(report.layout, tables)
    for where, message in reading.problems:
        report.add(where, message)
    record_id = _record_id(content_type, record_id or reading.record_id, reading.id_where, report)
    target = _target(root, content_type, record_id)
    if target and target.exists() and not overwrite:
        report.general(f"{target.relative_to(root).as_posix()} 已经存在。要用表格里的内容替换它，请加上 OVERWRITE=1；"
                       "要新建一条，请在“基本信息”里换一个记录编号。")
    data = clean(reading.data)
    _validate(content_type, data, reading, report)
    if report.items or target is None:
        return Outcome(problems=report.lines(), content_type=content_type)
    text = record_yaml(content_type, data, f"{content_type.label}：由 {file.name} 导入（make import）。")
    _check_in_copy(root, content_type, target, text, reading, report, baseline_problems)
    if report.items:
        return Outcome(problems=report.lines(), content_type=content_type)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, text.encode("utf-8"))
    return Outcome(written=target, content_type=content_type)


# -- which content type -------------------------------------------------------------

def _content_type(kind: str | None, tables: list[Table]) -> ContentType | None:
    """KIND if given; else the type whose sheets the file has most of (a stray extra sheet is
    reported later, not a reason to give up). 附件 alone fits 校务公开 and 规章制度: the type
    with fewer sheets wins, since a 规章制度 workbook always has its 版本 sheet."""
    if kind:
        return next((t for t in ALL_TYPES if t.name == kind), None)
    names = {table.name for table in tables if table.name} - {FIELDS_SHEET}
    scored = sorted(((len(names & set(layout_of(t).sheet_names())), -len(layout_of(t).lists), t) for t in ALL_TYPES),
                    key=lambda item: item[:2], reverse=True)
    best = scored[0]
    return best[2] if best[0] > 0 else None


def _unknown_kind(file_name: str, kind: str | None) -> str:
    kinds = "、".join(f"{t.name}（{t.label}）" for t in ALL_TYPES)
    if kind:
        return f"没有“{quoted(kind)}”这种内容。KIND 可以是：{kinds}。"
    return (f"看不出 {quoted(file_name)} 是哪种内容的表格。请加上 KIND=…，例如 make import FILE={quoted(file_name)} KIND=honors。"
            f"KIND 可以是：{kinds}。")


def _record_id(content_type: ContentType, record_id: str | None, where: Where | None,
               report: "_Report") -> str | None:
    if content_type is SCHOOL:
        return "school"
    if not record_id:
        report.add(where or Where(FIELDS_SHEET, header=ID_TITLE), "请填写记录编号：它是文件名，也是网址的一部分，"
                                                         "只能用小写英文字母、数字和连字符，例如 2026-merit-pupils。")
        return None
    record_id = record_id.strip().removesuffix(".yml")
    if not re.fullmatch(RECORD_ID_PATTERN, record_id):
        report.add(where or Where(FIELDS_SHEET, header=ID_TITLE), f"记录编号“{quoted(record_id)}”不能用：它会成为网址，只能用小写英文字母、"
                                                         "数字和连字符（-），例如 2026-merit-pupils。")
        return None
    return record_id


def _target(root: Path, content_type: ContentType, record_id: str | None) -> Path | None:
    if record_id is None:
        return None
    if content_type is SCHOOL:
        return root / "data" / "school.yml"
    return root / "data" / content_type.name / f"{record_id}.yml"


# -- checks -------------------------------------------------------------------------------

def _scan_cells(tables: list[Table], phones: list[str], report: "_Report") -> None:
    """Every cell, used or not, for what must never reach a record: ID and mobile numbers (the
    number itself is never repeated), invisible characters, lines too long for a record file."""
    for table in tables:
        for row in table.rows:
            for index, value in enumerate(row.cells):
                if value is None or isinstance(value, bool):
                    continue
                where = Where(table.name, row.number, index)
                for message in _cell_problems(str(value), phones):
                    report.add(where, message)


def _cell_problems(text: str, phones: list[str]) -> list[str]:
    problems = [privacy.MESSAGES[kind] for kind in dict.fromkeys(leak.kind for leak in privacy.find_leaks(text, phones))]
    problems += dict.fromkeys(message for _, _, message in hygiene.hidden_characters(text))
    longest = max(map(len, text.splitlines()), default=0)
    if longest > yamlgate.MAX_LINE_CHARS:
        problems.append(f"这个单元格里有一段太长（{longest} 个字符，上限 {yamlgate.MAX_LINE_CHARS}）。长文请分段："
                        "在单元格里按 Alt+Enter 换行，段落之间空一行；很长的名单请一行写一项。")
    return problems


def _validate(content_type: ContentType, data: dict, reading: Reading, report: "_Report") -> None:
    """The model's problems, all at once; none at a cell that already has one (an unreadable
    date is not also a missing date)."""
    already = {where for where, _ in reading.problems}
    try:
        content_type.model.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            path = tuple(part for part in item["loc"] if isinstance(part, int) or not _is_internal(part))
            where = _nearest(reading, path)
            if item["type"] == "missing" and (where.sheet, path[-1]) in reading.absent:
                continue  # said once for the whole column
            if where not in already:
                report.add(where, _empty_sheet(report.layout, path, item) or
                           message_for_form(content_type.model, path, _translate_one(item, content_type.model).message))


def _empty_sheet(layout: Layout, path: tuple, item: dict) -> str | None:
    """A required list left empty is a sheet with no rows: say so in the spreadsheet's words."""
    sheet = next((sheet for sheet in layout.lists if sheet.parent is None and sheet.path == path), None)
    if sheet is None or item["type"] not in ("missing", "too_short"):
        return None
    return f"“{sheet.name}”表里一行也没有填，至少要填一行：{sheet.description}。"


def _nearest(reading: Reading, path: tuple) -> Where:
    while path:
        if path in reading.where:
            return reading.where[path]
        path = path[:-1]
    return Where(FIELDS_SHEET)


def _check_in_copy(root: Path, content_type: ContentType, target: Path, text: str, reading: Reading,
                   report: "_Report", baseline_problems) -> None:
    """The whole data/ with the new file in it, through the loader of `make check`."""
    relative = target.relative_to(root)
    before = {(p.file, p.message) for p in baseline_problems.items if p.file != relative.as_posix()}
    with _data_copy(root) as copy_root:
        (copy_root / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy_root / relative).write_text(text, encoding="utf-8")
        with _shared_photo_cache(root):
            _, problems = load_site(copy_root / "data")
    document, _ = yamlgate.parse(text.encode("utf-8"))
    by_key = {_key_name(path): where for path, where in reading.where.items()}
    path_of = {_key_name(path): path for path in reading.where}
    by_line = _lines(document, reading)
    for problem in problems.items:
        if problem.file == relative.as_posix():
            if not problem.key:  # about the whole record (e.g. consent for a pupils' list)
                where = Where(FIELDS_SHEET)
            else:
                where = by_key.get(problem.key) or by_line.get(problem.line) or Where(FIELDS_SHEET)
            report.add(where, message_for_form(content_type.model, path_of.get(problem.key, ()), problem.message))
        elif (problem.file, problem.message) not in before:
            report.general(f"导入后 {problem.file} 第 {problem.line} 行出现问题：{problem.message}")


def _lines(document, reading: Reading) -> dict[int, Where]:
    found: dict[int, tuple[int, Where]] = {}
    if document is None:
        return {}
    for path, where in reading.where.items():
        if path not in document.value_at and path not in document.key_at:
            continue  # an empty cell: nothing of it is in the file
        line = document.locate(path)[0]
        if line not in found or len(path) > found[line][0]:
            found[line] = (len(path), where)
    return {line: where for line, (_, where) in found.items()}


@contextlib.contextmanager
def _data_copy(root: Path) -> Iterator[Path]:
    """data/ linked file by file (no copy of the photos' bytes; never a symbolic link, which the gate refuses)."""
    work = root / ".build"
    work.mkdir(exist_ok=True)
    copy_root = Path(tempfile.mkdtemp(prefix="import-", dir=work))
    try:
        shutil.copytree(root / "data", copy_root / "data", symlinks=True, copy_function=_link_or_copy)
        yield copy_root
    finally:
        shutil.rmtree(copy_root, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


@contextlib.contextmanager
def _shared_photo_cache(root: Path) -> Iterator[None]:
    """The copy checks its photos against the project's own cache (keyed by content, so sharing is safe)."""
    previous = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(cache_dir_of(root).resolve())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(CACHE_VARIABLE, None)
        else:
            os.environ[CACHE_VARIABLE] = previous


# -- messages -----------------------------------------------------------------------------

@dataclass
class _Report:
    file_name: str
    is_csv: bool
    layout: Layout
    items: list[tuple[tuple, str]] = field(default_factory=list)
    _said: set[str] = field(default_factory=set)  # each line once (a set: a long list can have thousands)

    def add(self, where: Where, message: str) -> None:
        line = _shown_safely(f"{self._place(where)}：{message}")
        if line not in self._said:
            self._said.add(line)
            self.items.append((self._order(where), line))

    def general(self, message: str) -> None:
        self.items.append(((-1, 0, 0), _shown_safely(f"{quoted(self.file_name)}：{message}")))

    def lines(self) -> list[str]:
        return [line for _, line in sorted(self.items, key=lambda item: item[0])]

    def _order(self, where: Where) -> tuple:
        names = self.layout.sheet_names()
        sheet = names.index(where.sheet) if where.sheet in names else len(names)
        return (sheet, where.row or 0, -1 if where.column is None else where.column)

    def _place(self, where: Where) -> str:
        return describe(self.file_name, self.is_csv, where)


def _shown_safely(line: str) -> str:
    """The model's and the loader's messages quote a wrong value as it is (现在是“…”): whatever
    they quote from a cell, no personal number and no invisible character reaches the terminal."""
    return visible(without_personal_numbers(line))
