"""What the portal accepts from a school's open data: the files, their versions, their shapes.

A school's site is someone else's server: its JSON is parsed with limits, its `schema_version`
checked, its shape validated against the models (models.py: the keys the portal relies on; keys a
later minor version adds pass through), and every string made plain, bounded text. Nothing here
is HTML: the portal's pages escape whatever they show.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import privacy
from .models import MAX_TEXT, FeesV2, SchoolIndex, is_web_address


@dataclass(frozen=True)
class OpenDataFile:
    key: str  # the key of this file's content in SchoolSnapshot.data
    path: str  # under the school's site root
    label: str  # what a clerk calls it
    schema_version: int  # the major version this portal reads
    model: type[BaseModel]


class Unreadable(Exception):
    """A school's data cannot be used; `reason` is the Chinese sentence the portal shows."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


MAX_LIST = 5000  # items in any one list (yamlgate.MAX_LIST_ITEMS: a school's own data never has more)
MAX_DEPTH = 20  # the v2 fee file nests 8 levels deep
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

SCHOOL_INDEX = OpenDataFile("school", "data/v1/school.json", "学校信息（data/v1/school.json）", 1, SchoolIndex)
FEES = OpenDataFile("fees", "data/v2/fees.json", "收费公示数据（data/v2/fees.json）", 2, FeesV2)
FILES = (SCHOOL_INDEX, FEES)


# -- bytes → validated plain data ------------------------------------------------------------

def parse(raw: bytes, file: OpenDataFile) -> dict:
    """Bytes as served → the file's data, checked; raises Unreadable with the reason."""
    text = _decoded(raw, file)
    if text.lstrip()[:1] == "<":
        raise Unreadable(f"暂时无法读取：{file.label}返回的是网页而不是数据，可能网址有误或网站出错。")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise Unreadable(f"暂时无法读取：{file.label}内容损坏，不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列）。")
    except (ValueError, RecursionError):  # a 5,000-digit number; [[[[… nested beyond the parser's stack
        raise Unreadable(f"暂时无法读取：{file.label}内容损坏，不是有效的 JSON。")
    _check_version(data, file)
    data = _plain(data, 0, file)
    try:
        file.model.model_validate(data)
    except ValidationError as error:
        raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（{_first_problem(error)}）。")
    if file is FEES and data["count"] != len(data["records"]):
        raise Unreadable(f"暂时无法读取：{file.label}的内容不完整（写明 {data['count']} 条公示，"
                         f"实际只有 {len(data['records'])} 条）。")
    return data


def _decoded(raw: bytes, file: OpenDataFile) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(f"暂时无法读取：{file.label}不是 UTF-8 编码的文本，内容损坏或不是数据文件。")


def _check_version(data: Any, file: OpenDataFile) -> None:
    if not isinstance(data, dict):
        raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（最外层应该是一组键值）。")
    version = data.get("schema_version")
    if type(version) is not int:
        raise Unreadable(f"暂时无法读取：{file.label}没有写明数据版本（schema_version）。")
    if version > file.schema_version:
        raise Unreadable(f"暂时无法读取：{file.label}是第 {version} 版数据，本门户只能读取第 {file.schema_version} 版，"
                         "请升级门户程序。")
    if version != file.schema_version:
        raise Unreadable(f"暂时无法读取：{file.label}是第 {version} 版数据，本门户读取第 {file.schema_version} 版，"
                         "请学校升级网站程序。")


def _plain(value: Any, depth: int, file: OpenDataFile, place: str = "") -> Any:
    """Every string without control or direction characters and at most MAX_TEXT long;
    lists bounded; nesting bounded; every link an http(s) address. Text stays text: escaping is the pages' job."""
    if depth > MAX_DEPTH:
        raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（嵌套层数过多）。")
    if isinstance(value, str):
        text = _CONTROL.sub("", value)
        return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（一个列表超过 {MAX_LIST} 项）。")
        return [_plain(item, depth + 1, file, f"{place}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {_plain(key, depth + 1, file): _checked_link(key, _plain(item, depth + 1, file, _join(place, key)),
                                                            file, _join(place, key))
                for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):  # json.loads takes NaN and Infinity
        raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（含有无效数字）。")
    return value


def _join(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key


def _checked_link(key: str, value: Any, file: OpenDataFile, place: str) -> Any:
    """Every link, also under keys a later minor version adds (attachments…), is an http(s) address."""
    if (key == "url" or key.endswith("_url")) and isinstance(value, str) and not is_web_address(value):
        raise Unreadable(f"暂时无法读取：{file.label}里有不安全的链接（{place[:200]}），门户不转载。")
    return value


_ERROR_WORDS = {
    "missing": "缺少这一项", "string_type": "应为文字", "int_type": "应为整数", "bool_type": "应为 true 或 false",
    "list_type": "应为列表", "dict_type": "应为一组键值", "model_type": "应为一组键值",
    "string_pattern_mismatch": "格式不对", "string_too_long": "文字太长", "string_too_short": "不能为空",
    "too_long": "项数太多", "literal_error": "取值不在允许范围内", "greater_than_equal": "不能是负数",
    "value_error": "不是 http(s) 网址",
}


def _first_problem(error: ValidationError) -> str:
    """The first problem, named by its place in the file (records[0].items[1].amount), in Chinese."""
    first = error.errors(include_url=False)[0]
    place = ""
    for part in first["loc"]:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else str(part))
    return f"{place or '最外层'}：{_ERROR_WORDS.get(first['type'], '格式不对')}"


_LEAK_WORDS = {"id": "身份证号", "mobile": "手机号"}


def check_personal_numbers(data: dict) -> None:
    """An ID or mobile number anywhere in a school's files: the portal does not republish it (its own
    output gate would stop the whole portal). The school's public phones (school.json) are allowed,
    as the school's own `make check` allows them. The number itself is never repeated."""
    school = data[SCHOOL_INDEX.key].get("school") or {}
    public = [phone.get("number", "") for phone in school.get("phones", []) if isinstance(phone, dict)]
    for file in FILES:
        for place, text in _strings(data[file.key], ""):
            leaks = [leak for leak in privacy.find_leaks(text, public) if leak.kind in _LEAK_WORDS]
            if leaks:
                raise Unreadable(f"暂时无法读取：{file.label}里有疑似{_LEAK_WORDS[leaks[0].kind]}（{place or '最外层'}），"
                                 "门户不转载个人信息，请学校删除后重新发布。")


def _strings(value: Any, place: str):
    if isinstance(value, str):
        yield place, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{place}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{place}.{key}" if place else str(key))


def data_date(data: dict) -> str | None:
    """The school's last change as it publishes it (a day, or a month for a month-dated notice)."""
    return data.get(FEES.key, {}).get("last_changed")
