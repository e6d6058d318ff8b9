"""One model field → one Decap CMS field (widget, label, hint, validation).

Every field type of schoolpub.fields is mapped here by its parsing function,
the same key guide.py uses; a type with no mapping raises, so a new field type
can never be left out of the editor silently (tests/test_cms_config.py).
The patterns repeat what the parsers accept in the form the CMS writes, so the
form refuses in Chinese what `make check` would refuse; the gate stays the judge.
"""
from __future__ import annotations

import typing
from typing import Any

from annotated_types import Ge, Le, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .. import fields, filings, introspect, month_dates
from ..content import catalogue, honors
from ..form_text import VALUE_LABELS, for_form

# (pattern, Chinese message) pairs, shown under the field before saving.
MONEY = (r"^\d{1,7}(\.\d{1,2})?$",
         "金额只写数字，最多两位小数，不要带“元”、货币符号或逗号，例如 1200 或 1200.50。单位写在“计费单位”里。")
TIME = (r"^(([01]\d|2[0-3]):[0-5]\d(-([01]\d|2[0-3]):[0-5]\d)?|" + "|".join(fields.PARTS_OF_DAY) + ")$",
        "时间请写成 08:30 或 08:30-10:00 这样的格式（24 小时制，用英文冒号和连字符）；"
        "只知道半天时写 " + "、".join(fields.PARTS_OF_DAY) + "。")
DAY_OR_MONTH = (r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
                "日期请写成 2025-09-01 这样的格式；原文只写到月的，写 2017-01。")
SCHOOL_YEAR = (r"^\d{4}-\d{4}$", "学年请写成 2025-2026 这样的格式，后一年比前一年大 1。")
PHONE = (r"^(\+?\d[\d\- ]{1,18}\d|\(\d{3,4}\)\s*\d[\d\- ]{5,10}\d)(\s*(转|ext\.?)\s*\d{1,6})?$",
         "电话号码只能写数字、“-”和空格（分机可以写“转 8001”），例如 0571-88001234 或 12345。")
EMAIL = (r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$", "电子邮箱格式不对，例如 office@example.edu.cn。")
URL = (r"^https?://\S+$", "网址要以 https:// 或 http:// 开头。")
RECORD_ID = (fields.RECORD_ID_PATTERN, "请写另一条记录的编号（它的文件名，不带 .yml），例如 2023-safety。")
ONE_LINE = (r"^[^\n]+$", "这里只能写一行，请去掉换行。")
ICP = (filings.ICP_PATTERN, "ICP 备案号的格式是“省份简称 + ICP备 + 数字 + 号”，例如 京ICP备12345678号-1。")
PUBLIC_SECURITY = (filings.PUBLIC_SECURITY_PATTERN,
                   "公安联网备案号的格式是“省份简称 + 公网安备 + 14 位数字 + 号”，例如 京公网安备 11010502000001号。")
SITE_CODE = (filings.SITE_CODE_PATTERN, "网站标识码是 10 位数字（例如 1101000001），国务院部门网站是 bm 加 8 位数字。")

# Dates: the picker writes ISO days (2025-09-01), which the gate reads as dates.
DATE = {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}


_key = introspect.alias_parser


# Each field type's parser → the widget settings that write what it accepts.
WIDGETS: dict[Any, dict] = {
    _key(fields.Line): {"widget": "string", "pattern": list(ONE_LINE)},
    _key(fields.Paragraphs): {"widget": "text"},
    _key(fields.WholeNumber): {"widget": "number", "value_type": "int"},
    _key(fields.Money): {"widget": "string", "pattern": list(MONEY)},
    _key(fields.Flag): {"widget": "boolean"},
    _key(fields.Date): DATE,
    # a day or a month alone (2017-01): the date picker cannot write a month, so typed text
    _key(month_dates.DayOrMonth): {"widget": "string", "pattern": list(DAY_OR_MONTH)},
    _key(fields.TimeSpan): {"widget": "string", "pattern": list(TIME)},
    _key(fields.SchoolYear): {"widget": "string", "pattern": list(SCHOOL_YEAR)},
    _key(fields.Phone): {"widget": "string", "pattern": list(PHONE)},
    _key(fields.Email): {"widget": "string", "pattern": list(EMAIL)},
    _key(fields.Url): {"widget": "string", "pattern": list(URL)},
    _key(fields.PhotoPath): {"widget": "image", "choose_url": False},
    _key(fields.AttachmentPath): {"widget": "file", "choose_url": False},
    _key(fields.DisclosureAttachmentPath): {"widget": "file", "choose_url": False},
    _key(fields.RecordRef): {"widget": "string", "pattern": list(RECORD_ID)},
    _key(honors.Stage): {"widget": "select", "options": list(honors.STAGES)},
    _key(catalogue.CategoryName): {"widget": "select", "options": list(catalogue.DEFAULT_NAMES)},
    _key(filings.IcpNumber): {"widget": "string", "pattern": list(ICP)},
    _key(filings.PublicSecurityNumber): {"widget": "string", "pattern": list(PUBLIC_SECURITY)},
    _key(filings.SiteCode): {"widget": "string", "pattern": list(SITE_CODE)},
}

class Unmapped(TypeError):
    """A field whose type the editor does not know: add it to WIDGETS."""


def unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Optional[X] → X; Annotated[X, …] → (X, metadata); a one-or-list union → its list form."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            metadata += list(annotation.__metadata__)
            annotation = typing.get_args(annotation)[0]
        elif origin is typing.Union:
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            # "one mapping or a list of them" (fees' basis): the form always writes the list
            lists = [arg for arg in options if typing.get_origin(_bare(arg)) is list]
            annotation = lists[0] if len(options) > 1 and lists else options[0]
            if len(options) > 1 and not lists:
                raise Unmapped(f"union without a list form: {annotation}")
        else:
            return annotation, metadata


def _bare(annotation: Any) -> Any:
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def widget_for(annotation: Any, metadata: list[Any]) -> dict:
    """Decap settings for a value of this type (no label, name or requiredness)."""
    parser = introspect.parser_in(metadata)
    if parser is not None and parser in WIDGETS:
        return dict(WIDGETS[parser])
    if typing.get_origin(annotation) is typing.Literal:
        values = [str(value) for value in typing.get_args(annotation)]
        if any(value in VALUE_LABELS for value in values):
            return {"widget": "select", "options": [{"label": VALUE_LABELS.get(v, v), "value": v} for v in values]}
        return {"widget": "select", "options": values}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "fields": model_fields(annotation)}
    if typing.get_origin(annotation) is list:
        item, item_metadata = unwrap(typing.get_args(annotation)[0])
        inner = widget_for(item, item_metadata)
        # open: a staff member sees every item they are filling in (long lists are collapsed in collections.py)
        if inner["widget"] == "object":
            # an item's header shows its first field (a fee item's name, a pupil's name), not "No name"
            summary = "{{fields." + inner["fields"][0]["name"] + "}}"
            return {"widget": "list", "collapsed": False, "summary": summary, "fields": inner["fields"]}
        return {"widget": "list", "collapsed": False, "field": {"name": "item", "label": "一项", **inner}}
    if parser is not None:
        stage = getattr(parser, "__name__", "")
        raise Unmapped(f"no widget for the field type parsed by {stage}")
    raise Unmapped(f"no widget for {annotation!r}")


def field_for(name: str, info: FieldInfo, owner: type[BaseModel]) -> dict:
    annotation, metadata = unwrap(info.annotation)
    settings = widget_for(annotation, metadata + list(info.metadata))
    entry = {"name": name, "label": info.title or name}
    if info.description:  # the form's hint: Chinese words, no YAML keys or syntax (form_text.py)
        entry["hint"] = for_form(info.description, owner, info, "editor")
    entry.update(settings)
    entry.update(_limits(info, settings["widget"]))
    if not info.is_required():
        entry["required"] = False
        if settings["widget"] == "object":
            # Decap checks an object's required fields even when the whole object is left
            # empty; the gate still asks for both dates of a period once one is given
            entry["fields"] = [dict(inner, required=False) for inner in entry["fields"]]
        default = info.default
        if settings["widget"] == "list":
            entry["default"] = []  # else the form starts an optional list with one blank item
        elif isinstance(default, bool):
            entry["default"] = default
        elif default not in (None, PydanticUndefined) and not isinstance(default, (list, dict, BaseModel)):
            entry["default"] = str(default) if settings["widget"] != "number" else default
    return entry


def _limits(info: FieldInfo, widget: str) -> dict:
    limits: dict[str, Any] = {}
    for item in info.metadata:
        if isinstance(item, Ge) and widget == "number":
            limits["min"] = item.ge
        elif isinstance(item, Le) and widget == "number":
            limits["max"] = item.le
        elif isinstance(item, MinLen) and widget == "list":
            limits["min"] = item.min_length
    return limits


def model_fields(model: type[BaseModel]) -> list[dict]:
    return [field_for(name, info, model) for name, info in model.model_fields.items()]
