"""`make template KIND=…` and `make export KIND=… ID=…`: workbooks to fill in or to revise.

A template's example row comes from the same commented example as `make new`
(scaffolds/), so the two never disagree. An export is read from the record
file's text (not from the validated model): what staff wrote comes back as
written, and a record with a mistake can still be revised in Excel.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import scaffold, yamlgate
from ..echo import quoted
from ..form_text import label_of
from ..fields import RECORD_ID_PATTERN
from ..content import ALL_TYPES, SCHOOL, ContentType
from ..content.catalogue import names_in
from .cells import CellError, cell_text
from ..introspect import nested_model
from .places import get
from .layout import Column, Layout, ListSheet, layout_of
from .template import CellTooLong, SheetValues, write_workbook

OUT_DIR = "spreadsheets"  # gitignored: an export of a pupils' list must not be committed by accident


class ExportError(Exception):
    """Shown to staff as written."""


def template_bytes(content_type: ContentType, today: dt.date, root: Path | None = None) -> bytes:
    layout = _with_categories(layout_of(content_type), root)
    example = None
    if content_type is not SCHOOL:
        document, _ = yamlgate.parse(scaffold.render(content_type.name, today).encode("utf-8"))
        example = values_of(layout, document.data, today.isoformat())
    return write_workbook(layout, SheetValues(), example)


def export_bytes(root: Path, content_type: ContentType, record_id: str) -> bytes:
    if content_type is not SCHOOL and not re.fullmatch(RECORD_ID_PATTERN, record_id):
        # ID=../../x would read a file outside data/ (and name the workbook after it)
        raise ExportError(f"ID 是记录的文件名（不带 .yml），只有小写英文字母、数字和连字符，例如 2025-autumn"
                          f"（现在是“{quoted(record_id)}”）。")
    path = root / "data" / ("school.yml" if content_type is SCHOOL else f"{content_type.name}/{record_id}.yml")
    if not path.is_file():
        raise ExportError(f"找不到 {path.relative_to(root).as_posix()}。请检查 KIND 和 ID（ID 是文件名，不带 .yml）。")
    document, errors = yamlgate.parse(path.read_bytes())
    if errors or document is None or not isinstance(document.data, dict):
        raise ExportError(f"{path.relative_to(root).as_posix()} 现在读不出来（YAML 写法有错）。请先运行 make check，"
                          "按提示改好再导出。")
    unknown = unknown_keys(content_type.model, document.data, ())
    if unknown:
        raise ExportError(f"{path.relative_to(root).as_posix()} 里有模板没有的字段：{'、'.join(unknown)}。"
                          "导出会丢掉它们，所以没有导出。请先运行 make check，按提示改正。")
    layout = _with_categories(layout_of(content_type), root)
    try:
        return write_workbook(layout, values_of(layout, document.data, None if content_type is SCHOOL else record_id))
    except CellTooLong as error:
        raise ExportError(f"“{error}”的内容超过 Excel 一个单元格能放的 32767 个字符，无法导出到表格。"
                          "请直接编辑记录文件。") from None


def _with_categories(layout: Layout, root: Path | None) -> Layout:
    """The drop-down of disclosure categories from the school's own catalogue (data/catalogue.yml)."""
    if root is None or layout.content_type.name != "affairs":
        return layout
    names = names_in(root)
    return replace(layout, singles=tuple(replace(column, choices=names) if column.path == ("category",) else column
                                         for column in layout.singles))


def default_path(root: Path, content_type: ContentType, record_id: str | None) -> Path:
    name = f"{content_type.label}-{record_id}.xlsx" if record_id else f"{content_type.label}-模板.xlsx"
    return root / OUT_DIR / name


def content_type_named(kind: str) -> ContentType | None:
    return next((t for t in ALL_TYPES if t.name == kind), None)


# -- record data → cells ------------------------------------------------------------

def values_of(layout: Layout, data: dict, record_id: str | None) -> SheetValues:
    values = SheetValues(record_id)
    for column in layout.singles:
        value = get(data, column.path)
        if value is not None:
            values.fields[column.path] = cell_value(column, value)
    items_of: dict[str, list[dict]] = {}
    for sheet in layout.lists:
        rows: list[dict[tuple, Any]] = []
        found: list[dict] = []
        for parent_item in _containers(sheet, data, items_of):
            for item in _as_list(get(parent_item, sheet.path)):
                found.append(item)
                row = {column.path: cell_value(column, get(item, column.path))
                       for column in sheet.columns if get(item, column.path) is not None}
                if sheet.link is not None:
                    row[sheet.link.path] = get(parent_item, sheet.link_key.path)
                rows.append(row)
        items_of[sheet.name] = found
        values.lists[sheet.name] = rows
    return values


def _containers(sheet: ListSheet, data: dict, items_of: dict[str, list[dict]]) -> list[dict]:
    return [data] if sheet.parent is None else items_of.get(sheet.parent.name, [])


def _as_list(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    return [item for item in value or [] if isinstance(item, dict)]




def cell_value(column: Column, value: Any) -> Any:
    """Text from the record → the cell Excel shows best: a real date, a number, 是/否."""
    if isinstance(value, list):
        return "、".join(str(part) for part in value)
    text = str(value)
    normal = unicodedata.normalize("NFKC", text).strip()
    if column.kind == "date":
        try:
            return dt.date.fromisoformat(str(cell_text(normal, "date")))
        except (CellError, ValueError):
            return text
    if column.kind == "money" and re.fullmatch(r"\d{1,7}(\.\d{1,2})?", normal):
        return Decimal(normal)
    if column.kind == "number" and re.fullmatch(r"\d{1,9}", normal):
        return int(normal)
    if column.kind == "paragraphs":
        return text.rstrip("\n")  # a `|` block ends with a line break the cell does not need
    if column.kind == "flag":
        return {"true": "是", "false": "否"}.get(normal.lower(), normal)
    if column.kind == "choice":
        return label_of(normal)  # the drop-down's label (class_only → 只显示班级（不显示姓名）)
    return text


def unknown_keys(model: type[BaseModel], data: Any, prefix: tuple) -> list[str]:
    """Keys a record file has that the model (and so the workbook) does not know."""
    found: list[str] = []
    if isinstance(data, list):
        for index, item in enumerate(data):
            found += unknown_keys(model, item, prefix + (index,))
        return found
    if not isinstance(data, dict):
        return found
    for key, value in data.items():
        if key not in model.model_fields:
            found.append(".".join(str(part) for part in prefix + (key,)))
            continue
        inner = nested_model(model.model_fields[key].annotation)[0]
        if inner is not None:
            found += unknown_keys(inner, value, prefix + (key,))
    return found
