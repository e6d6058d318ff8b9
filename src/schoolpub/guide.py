"""`make guide`: the staff editing guide STAFF-GUIDE.zh-CN.md.

The prose is hand-written in guide_template.md; its field reference is generated
here from the models, so the guide cannot drift from what `make check` accepts.
The template has one placeholder, replaced with str.replace: nothing in it is
evaluated. tests/test_guide.py checks that the checked-in guide is current and
that every error message quoted in it is what the checker really prints.
"""
from __future__ import annotations

import typing
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

from annotated_types import Ge, Le, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import fields, filings, month_dates
from .content import ALL_TYPES, SCHOOL, ContentType, catalogue
from . import introspect
from .introspect import nested_model
from .messages import literal_values
from .schema import SCHEMA_DIR, file_name

GUIDE_PATH = "STAFF-GUIDE.zh-CN.md"
TEMPLATE = "guide_template.md"
PLACEHOLDER = "<!-- FIELD_REFERENCE -->"

# How to write a value of each field type, keyed by the type's parsing function.
_HOW_TO_WRITE = [
    (fields.Line, "一行文字"),
    (fields.Paragraphs, "多行文字：写 `|`，换行后每行缩进两个空格；可以用 Markdown"),
    (fields.WholeNumber, "整数"),
    (fields.Money, "金额：只写数字，最多两位小数，例如 `1200.50`"),
    (fields.Flag, "`true`（是）或 `false`（否）"),
    (fields.Date, "日期：`2025-09-01` 或 `2025年9月1日`"),
    (month_dates.DayOrMonth, "日期：`2025-09-01` 或 `2025年9月1日`；原文只写到月的写 `2017-01` 或 `2017年1月`"),
    (fields.TimeSpan, "时间：`08:30`、`08:30-10:00`，或 `上午`、`中午`、`下午`、`晚上`、`全天`"),
    (fields.SchoolYear, "学年：`2025-2026`"),
    (fields.Phone, "电话号码：数字、`-` 和空格"),
    (fields.Email, "电子邮箱"),
    (fields.Url, "网址：以 `https://` 开头"),
    (fields.PhotoPath, "照片路径：`data/media/` 下的 .jpg、.jpeg、.png、.webp 文件"),
    (fields.AttachmentPath, "附件路径：`data/media/` 下的 .pdf、.jpg、.jpeg、.png、.webp 文件"),
    (fields.DisclosureAttachmentPath, "附件路径：`data/media/` 下的 .pdf、.xlsx（Excel 表格，例如预算公开表）、"
                                      ".jpg、.jpeg、.png、.webp 文件"),
    (fields.RecordRef, "另一条记录的编号（它的文件名，不带 .yml）"),
    (catalogue.CategoryName, "公开目录里的类别名称，默认目录是：" + "、".join(f"`{name}`" for name in catalogue.DEFAULT_NAMES)
     + "；学校有自己的目录（`data/catalogue.yml`）时照它写"),
    (filings.IcpNumber, "ICP 备案号：`京ICP备12345678号-1`"),
    (filings.PublicSecurityNumber, "公安联网备案号：`京公网安备 11010502000001号`"),
    (filings.SiteCode, "网站标识码：10 位数字，例如 `1101000001`"),
]


_LABELS = {introspect.alias_parser(alias): label for alias, label in _HOW_TO_WRITE}


# -- public -------------------------------------------------------------------

def render_guide() -> str:
    template = resources.files("schoolpub").joinpath(TEMPLATE).read_text(encoding="utf-8")
    if template.count(PLACEHOLDER) != 1:
        raise ValueError(f"{TEMPLATE} must contain {PLACEHOLDER} exactly once")
    reference = "\n\n".join(_type_section(content_type) for content_type in ALL_TYPES)
    return template.replace(PLACEHOLDER, reference).rstrip("\n") + "\n"


def write_guide(root: Path) -> Path:
    path = Path(root) / GUIDE_PATH
    path.write_text(render_guide(), encoding="utf-8", newline="\n")
    return path


def guide_is_current(root: Path) -> bool:
    path = Path(root) / GUIDE_PATH
    return path.is_file() and path.read_text(encoding="utf-8") == render_guide()


# -- the field reference ----------------------------------------------------------

def _type_section(content_type: ContentType) -> str:
    name = content_type.name
    if content_type is SCHOOL:
        where = ("整个网站只有一个文件：`data/school.yml`。"
                 f"编辑器提示：`{SCHEMA_DIR}/{file_name(content_type)}`。")
    else:
        where = (f"每条记录一个文件：`data/{name}/<编号>.yml`，编号（文件名）就是网址 `/{name}/<编号>/`。"
                 f"新建：`make new KIND={name}`。编辑器提示：`{SCHEMA_DIR}/{file_name(content_type)}`。")
    rows = [
        "| 字段 | 名称 | 必填 | 怎么写 | 说明和例子 |",
        "| --- | --- | --- | --- | --- |",
    ]
    rows += [_row(key, info) for key, info in walk_fields(content_type.model)]
    return f"### {content_type.label}（{name}）\n\n{where}\n\n" + "\n".join(rows)


def walk_fields(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, FieldInfo]]:
    """Every field, nested ones right after their parent: `items`, `items[].name`, …"""
    for key, info in model.model_fields.items():
        path = f"{prefix}{key}"
        yield path, info
        inner, is_list = _inner(info.annotation)
        if inner is not None:
            yield from walk_fields(inner, f"{path}[]." if is_list else f"{path}.")


def _inner(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """The nested model of a field, and whether the field is a list of them."""
    model, many, one_or_list = nested_model(annotation)
    return model, many and not one_or_list  # one basis or a list of them: documented as the one


def _row(key: str, info: FieldInfo) -> str:
    cells = [f"`{key}`", _text(info.title), _required(info), _how_to_write(info), _text(info.description)]
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def _text(text: str | None) -> str:
    """Plain text from the models: `王*琪` must not start emphasis."""
    return (text or "").replace("*", "\\*")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or " "


def _required(info: FieldInfo) -> str:
    if info.is_required():
        return "必填"
    default = info.default
    if default is None or default is PydanticUndefined:
        return "选填"
    return f"选填，默认 `{_yaml_value(default)}`"


def _yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _how_to_write(info: FieldInfo) -> str:
    allowed = literal_values(info)
    if allowed:
        return "只能写以下之一：" + "、".join(f"`{value}`" for value in allowed)
    inner, is_list = _inner(info.annotation)
    limits = _limits(info.metadata)
    if inner is not None and is_list:
        return "列表：每一项以 `- ` 开头，写下面几行的字段" + limits
    if inner is not None:
        return "下一层：换行后缩进两个空格，写下面几行的字段"
    labels = [_LABELS[parser] for parser in introspect.parsers(info.annotation, info.metadata) if parser in _LABELS]
    return (labels[0] if labels else "数字" if _holds_number(info.annotation) else "") + limits


def _holds_number(annotation: Any) -> bool:
    return annotation in (int, Decimal) or any(_holds_number(arg) for arg in typing.get_args(annotation))


def _limits(metadata: list[Any]) -> str:
    low = next((item.ge for item in metadata if isinstance(item, Ge)), None)
    high = next((item.le for item in metadata if isinstance(item, Le)), None)
    count = next((item.min_length for item in metadata if isinstance(item, MinLen)), None)
    if low is not None and high is not None:
        return f"，{low}～{high}"
    if low is not None:
        return f"，不小于 {low}"
    if high is not None:
        return f"，不大于 {high}"
    if count:
        return f"，至少 {count} 项"
    return ""
