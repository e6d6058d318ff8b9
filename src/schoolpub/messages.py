"""Pydantic's English validation errors → Chinese messages with a fix.

Our own field types already raise Chinese messages (error type "schoolpub");
this module covers the structural errors pydantic raises itself: missing and
unknown keys, wrong shapes, values outside a fixed list.
"""
from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .introspect import nested_model
from .yaml_hints import miswritten_key


@dataclass(frozen=True)
class FieldError:
    path: tuple[Any, ...]
    message: str
    on_key: bool = False
    suggestion: str = ""  # for an unknown key: the known key it probably meant


def translate(error: ValidationError, model: type[BaseModel]) -> list[FieldError]:
    items = error.errors(include_url=False)
    translated = [_translate_one(item, model) for item in items]
    # `departmant:` is one mistake: report the unknown key with its suggestion,
    # not also "department is missing".
    suggested = {(field_error.path[:-1], field_error.suggestion) for field_error in translated if field_error.suggestion}
    return [field_error for item, field_error in zip(items, translated)
            if not (item["type"] == "missing" and (field_error.path, item["loc"][-1]) in suggested)]


def _translate_one(item: dict, model: type[BaseModel]) -> FieldError:
    path = tuple(part for part in item["loc"] if isinstance(part, int) or not _is_internal(part))
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    key = next((part for part in reversed(path) if isinstance(part, str)), "")
    info = field_at(model, path)
    name = _name(key, info)

    if kind == "missing":
        hint = f"{info.description}。" if info and info.description else ""
        return FieldError(path[:-1], f"缺少必填项 `{key}`（{_title(info) or key}）。{hint}")
    if kind == "extra_forbidden":
        guess, hint = _suggest_key(key, model, path[:-1])
        return FieldError(path, f"不认识的字段 `{key}`。{hint}", on_key=True, suggestion=guess)
    if kind == "schoolpub":
        return FieldError(path, f"{name}{item['msg']}")
    if kind == "literal_error":
        allowed = literal_values(info)
        return FieldError(path, f"{name}只能填以下之一：{'、'.join(allowed)}（现在是“{value}”）。"
                                f"{_suggest_value(str(value), allowed)}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if isinstance(value, str) and miswritten_key(value):
            return FieldError(path, f"{name}{miswritten_key(value)}")
        if value is None:
            return FieldError(path, f"{name}不能为空：请在下一行缩进两个空格，逐项写“字段: 值”。")
        return FieldError(path, f"{name}应该是一组“字段: 值”：在下一行缩进两个空格，逐项填写。")
    if kind == "list_type":
        if value is None and info is not None and info.is_required():
            return FieldError(path, f"{name}不能为空：请在下一行写“- ”开头的列表项。")
        if value is None:
            return FieldError(path, f"{name}是空的。没有内容就删掉这一行；有内容就在下一行写“- ”开头的列表项。")
        return FieldError(path, f"{name}应该是一个列表：每一项另起一行，以“- ”开头。")
    if kind == "too_short":
        return FieldError(path, f"{name}至少要写 {ctx.get('min_length', 1)} 项。")
    if kind == "greater_than_equal":
        return FieldError(path, f"{name}不能小于 {ctx.get('ge')}（现在是 {value}）。")
    if kind == "less_than_equal":
        return FieldError(path, f"{name}不能大于 {ctx.get('le')}（现在是 {value}）。")
    return FieldError(path, f"{name}的值不符合要求（{item['msg']}）。")


def _is_internal(part: str) -> bool:
    # pydantic adds validator names such as "function-after[...]" to locations
    return "[" in part or part.startswith(("function-", "literal"))


def _title(info: FieldInfo | None) -> str:
    return info.title if info and info.title else ""


def _name(key: str, info: FieldInfo | None) -> str:
    title = _title(info)
    return f"{title}：" if title else (f"`{key}`：" if key else "")


def field_at(model: type[BaseModel], path: tuple[Any, ...]) -> FieldInfo | None:
    """The FieldInfo that a location in the data belongs to, walking nested models."""
    current: type[BaseModel] | None = model
    info = None
    for part in path:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        info = current.model_fields[part]
        current = _inner_model(info.annotation)
    return info


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    return nested_model(annotation)[0]


def literal_values(info: FieldInfo | None) -> list[str]:
    def collect(annotation: Any) -> list[str]:
        if typing.get_origin(annotation) is typing.Literal:
            return [str(arg) for arg in typing.get_args(annotation)]
        return [value for arg in typing.get_args(annotation) for value in collect(arg)]

    return collect(info.annotation) if info else []


# Words staff commonly use for a value the contract names differently.
SYNONYMS = {
    "秋季": ("第一学期",), "秋季学期": ("第一学期",), "上学期": ("第一学期",),
    "春季": ("第二学期",), "春季学期": ("第二学期",), "下学期": ("第二学期",),
    "国家": ("国家级",), "全国": ("国家级",), "省": ("省级",), "市": ("市级",), "区级": ("区县级",),
    "县级": ("区县级",), "校": ("校级",), "老师": ("教师",), "班级": ("集体", "class_only"),
    "有效": ("现行",), "废止": ("已废止",), "作废": ("已废止",), "替代": ("被替代",),
    "打码": ("masked",), "全名": ("full",), "只显示班级": ("class_only",),
}


def _suggest_value(value: str, allowed: list[str]) -> str:
    synonym = next((option for option in SYNONYMS.get(value, ()) if option in allowed), None)
    if synonym:
        return f"你是不是想写“{synonym}”？"
    guesses = [option for option in allowed if value and (value in option or option in value)]
    guesses = guesses or difflib.get_close_matches(value, allowed, n=1, cutoff=0.4)
    if guesses:
        return f"你是不是想写“{guesses[0]}”？"
    if "其他" in allowed:
        return "都不合适时请写“其他”（活动节还要在 name 里写上名称）。"
    return ""


def _suggest_key(key: str, model: type[BaseModel], parent: tuple[Any, ...]) -> tuple[str, str]:
    """The known key an unknown one probably meant (by spelling or by Chinese title)."""
    parent_info = field_at(model, parent) if parent else None
    owner = _inner_model(parent_info.annotation) if parent_info else model
    if owner is None:
        return "", ""
    fields = owner.model_fields
    by_title = [name for name, info in fields.items() if info.title and (key == info.title or key in info.title)]
    guesses = by_title or difflib.get_close_matches(key.lower(), list(fields), n=1, cutoff=0.6)
    if guesses:
        guess = guesses[0]
        return guess, f"你是不是想写 `{guess}`（{fields[guess].title}）？"
    # `issuer:` written level with `basis:` instead of indented under it
    for name, info in fields.items():
        nested = _inner_model(info.annotation)
        if nested is not None and key in nested.model_fields:
            return "", (f"`{key}` 是 `{name}`（{info.title}）下面的字段：请把它写在 `{name}:` 的下一行，"
                        "并比 `{name}` 多缩进两个空格。").replace("{name}", name)
    return "", "可以写的字段有：" + "、".join(f"{name}（{info.title}）" for name, info in fields.items()) + "。"
