"""A content type's model → the sheets of its spreadsheet.

- One sheet, 基本信息, holds the record's single values, one per row (a field
  name, the value, a hint): staff fill a form, not a 20-column line. Nested
  single objects (公示期 › 开始日期) are rows there too, and lists of plain
  values (年级) are one cell separated by 、.
- Every list of objects (收费项目, 获奖名单, 活动日程…) gets a sheet with one row
  per item. A list inside a list item (a fee item's 分档收费标准, a group's
  获奖名单) gets its own sheet whose first column names the item it belongs to.

Nothing here is hand-kept per content type: a field added to a model appears
in the template, the import and the export at once.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .. import fields, filings, month_dates
from .. import introspect
from ..form_text import for_form, label_of
from ..introspect import nested_model
from ..content import SCHOOL, ContentType
from ..content.catalogue import _category_name
from ..content.honors import _stage
from ..messages import literal_values

FIELDS_SHEET = "基本信息"
LINK_PATH = ("\0link",)  # the link column's place in a row: never a field name
ID_TITLE = "记录编号（文件名）"

# What a cell holds, keyed by the parsing function of the field's type.
_KINDS = {
    fields._single_line: "text", fields._multi_line: "paragraphs", fields._whole_number: "number",
    fields._money: "money", fields._flag: "flag", fields._date: "date", month_dates._day_or_month: "date", fields._time_span: "time",
    fields._school_year: "text", fields._phone: "phone", fields._email: "text", fields._url: "text",
    fields._record_id: "text", _stage: "choice", _category_name: "choice",
    filings._icp: "text", filings._public_security: "text", filings._site_code: "text",
}


@dataclass(frozen=True)
class Column:
    """One value: a row of 基本信息, or a column of a list sheet."""

    path: tuple[str, ...]  # keys from the record (基本信息) or from the list item (list sheets)
    title: str  # the header staff see: the model's Chinese title
    description: str
    kind: str  # text, paragraphs, number, money, flag, date, time, phone, choice, list
    choices: tuple[str, ...] = ()
    required: bool = False
    default: str | None = None

    @property
    def hint(self) -> str:
        parts = [self.description] if self.description else []
        if self.choices:
            parts.append("只能选：" + "、".join(self.choices))
        if self.kind == "list":
            parts.append("几项用顿号（、）隔开")
        if self.default is not None:
            parts.append(f"不填＝{self.default}")
        return "；".join(parts)


@dataclass(frozen=True)
class ListSheet:
    """A list of objects: one row per item."""

    name: str  # the sheet's title
    path: tuple[str, ...]  # from the record, or from the parent's item when `parent` is set
    title: str
    description: str
    columns: tuple[Column, ...]
    parent: "ListSheet | None" = None
    one_or_list: bool = False  # basis: a single row is written as one mapping, not a list of one
    required: bool = False

    @cached_property
    def link_key(self) -> Column | None:
        """The parent's field that names an item: its first required text field (收费项目 › 收费项目)."""
        if self.parent is None:
            return None
        return next(column for column in self.parent.columns if column.kind == "text" and column.required)

    @cached_property
    def link(self) -> Column | None:
        """The column naming the parent item a row belongs to."""
        key = self.link_key
        if key is None:
            return None
        return Column(LINK_PATH, f"所属{self.parent.title}（{key.title}）",
                      f"这一行属于“{self.parent.name}”表里的哪一项：照抄那一项的{key.title}", "text", required=True)

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return ((self.link,) if self.link else ()) + self.columns


@dataclass(frozen=True)
class Layout:
    content_type: ContentType
    singles: tuple[Column, ...]
    lists: tuple[ListSheet, ...] = field(default=())

    @property
    def has_id(self) -> bool:
        return self.content_type is not SCHOOL

    def sheet_names(self) -> list[str]:
        return [FIELDS_SHEET] + [sheet.name for sheet in self.lists]


def layout_of(content_type: ContentType) -> Layout:
    singles: list[Column] = []
    lists: list[ListSheet] = []
    _collect(content_type.model, (), "", singles, lists, None)
    return Layout(content_type, tuple(singles), tuple(lists))


def _collect(model: type[BaseModel], prefix: tuple[str, ...], title_prefix: str,
             columns: list[Column], lists: list[ListSheet], parent: ListSheet | None,
             optional: bool = False) -> None:
    """Single values into `columns`; lists of objects into `lists`, each followed by its own sub-lists."""
    for key, info in model.model_fields.items():
        path = prefix + (key,)
        title = f"{title_prefix}{info.title or key}"
        inner, many, one_or_list = nested_model(info.annotation)
        if inner is None:
            columns.append(_column(path, title, info, model, optional))
        elif not many:
            _collect(inner, path, f"{title}·", columns, lists, parent, optional or not info.is_required())
        else:
            lists.extend(_list_sheets(inner, path, info, model, parent, one_or_list))


def _list_sheets(item_model: type[BaseModel], path: tuple[str, ...], info: FieldInfo, owner: type[BaseModel],
                 parent: ListSheet | None, one_or_list: bool) -> list[ListSheet]:
    title = info.title or path[-1]
    item_columns: list[Column] = []
    _collect(item_model, (), "", item_columns, [], None)  # single values only; sub-lists below
    sheet = ListSheet(f"{parent.title}·{title}" if parent else title, path, title, for_form(info.description, owner, info),
                      tuple(item_columns), parent, one_or_list, info.is_required())
    sub_lists: list[ListSheet] = []
    for key, sub_info in item_model.model_fields.items():
        inner, many, sub_one_or_list = nested_model(sub_info.annotation)
        if inner is not None and many:
            sub_lists += _list_sheets(inner, (key,), sub_info, item_model, sheet, sub_one_or_list)
    return [sheet] + sub_lists


def _column(path: tuple[str, ...], title: str, info: FieldInfo, owner: type[BaseModel],
            optional: bool = False) -> Column:
    """A value as staff fill it in: the description without YAML, fixed choices by their labels."""
    choices = tuple(label_of(value) for value in literal_values(info))
    kind = _kind(info)
    if choices:
        kind = "choice"
    elif kind == "choice":  # the honours stage: a Literal in the schema, text in Python
        choices = tuple(fields_json_enum(info))
    default = None
    if not info.is_required() and info.default not in (None, PydanticUndefined) and not callable(info.default):
        default = label_of(_shown(info.default))
    return Column(path, title, for_form(info.description, owner, info), kind, choices,
                  info.is_required() and not optional, default)


def fields_json_enum(info: FieldInfo) -> list[str]:
    for item in introspect.metadata_of(info.annotation, info.metadata):
        schema = getattr(item, "json_schema", None)
        if schema and "enum" in schema:
            return [str(value) for value in schema["enum"]]
    return []


def _kind(info: FieldInfo) -> str:
    if typing.get_origin(_unwrapped(info.annotation)) is list:
        return "list"
    for parser in introspect.parsers(info.annotation, info.metadata):
        if parser in _KINDS:
            return _KINDS[parser]
    return "text"


def _unwrapped(annotation: Any) -> Any:
    """Optional[X] → X."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) is typing.Union and len(args) == 1:
        return args[0]
    return annotation


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)
