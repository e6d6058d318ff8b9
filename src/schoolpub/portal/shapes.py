"""What the portal accepts from a school's open data: the files, their versions, their shapes.

A school's site is someone else's server: its JSON is parsed with limits, its `schema_version`
checked, its shape validated against the models below (the keys the portal relies on; keys a
later minor version adds pass through), and every string made plain, bounded text. Nothing here
is HTML: the portal's pages escape whatever they show.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from .. import privacy, urls


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


MAX_TEXT = 2000  # characters: a fee notice's longest paragraph is a few hundred
MAX_LIST = 5000  # items in any one list (yamlgate.MAX_LIST_ITEMS: a school's own data never has more)
MAX_DEPTH = 20  # the v2 fee file nests 8 levels deep
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_DAY_OR_MONTH = r"^\d{4}-\d{2}(-\d{2})?$"  # v1/v2: a notice dated only to the month has "2017-01"
_DAY = r"^\d{4}-\d{2}-\d{2}$"
_MONEY = r"^\d{1,9}\.\d{2}$"


class _Open(BaseModel):
    """Keys a school adds within the same major version are kept, not refused."""
    model_config = ConfigDict(extra="allow", strict=True)


Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=200)]
DayOrMonth = Annotated[str, StringConstraints(pattern=_DAY_OR_MONTH)]
Day = Annotated[str, StringConstraints(pattern=_DAY)]
MoneyText = Annotated[str, StringConstraints(pattern=_MONEY)]


def _web_address(value: str) -> str:
    if len(value) > 2000 or urls.refused(value) or not re.fullmatch(r"https?://[^\s/?#]+[^\s]*", value):
        raise ValueError("not an http(s) address")
    return value


class _Linked(_Open):
    @field_validator("url", "site_url", "json_url", "csv", "feed", "calendar", "logo", check_fields=False)
    @classmethod
    def _links_are_web_addresses(cls, value: Any) -> Any:
        return value if value is None else _web_address(value)


class Phone(_Open):
    label: Optional[Text]
    number: Short


class AboutSchool(_Linked):
    name: Short
    short_name: Optional[Short] = None
    phones: list[Phone] = Field(default_factory=list, max_length=100)
    url: Optional[str] = None
    logo: Optional[str] = None


class Section(_Linked):
    section: Short
    label: Short
    url: str
    count: int = Field(ge=0)
    json_url: Optional[str] = Field(None, alias="json")  # the key is `json`; a field so named shadows BaseModel.json
    csv: Optional[str] = None
    feed: Optional[str] = None
    calendar: Optional[str] = None


class SchoolIndex(_Linked):
    """data/v1/school.json."""
    schema_version: int
    site_url: str
    school: Optional[AboutSchool]
    feed: Optional[str] = None
    sections: list[Section] = Field(max_length=50)


class Basis(_Open):
    issuer: Optional[Text]
    document: Optional[Text]
    title: Optional[Text] = None
    filed: bool = False
    text: Optional[Text] = None


class Price(_Open):
    label: Short
    amount: MoneyText
    shown: Optional[Short] = None


class FeeItem(_Open):
    name: Short
    kind: Short
    amount: Optional[MoneyText]
    prices: Optional[list[Price]] = Field(max_length=200)
    max_amount: Optional[MoneyText]
    settled: Optional[Short]
    unit: Optional[Short]
    voluntary: Optional[bool]
    choice: Literal["必交", "自愿", "按规定自愿"]
    bases: list[Basis] = Field(max_length=50)
    payers: Optional[Text]
    for_everyone: bool
    grades: Optional[list[Short]] = Field(max_length=50)
    exemption: Optional[Text] = None
    refund: Optional[Text] = None
    note: Optional[Text] = None


class Display(_Open):
    start: Day
    end: Optional[Day] = None


class FeeNotice(_Linked):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
    url: str
    title: Short
    filed_on: DayOrMonth
    last_changed: DayOrMonth
    school_year: Optional[Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{4}$")]]
    term: Optional[Short]
    payers: Optional[Text] = None
    items: list[FeeItem] = Field(max_length=500)
    complaint_phones: list[Phone] = Field(max_length=50)
    collection_start: Optional[Day] = None
    display: Optional[Display] = None
    issuer: Optional[Text] = None
    issued: Optional[DayOrMonth] = None
    grades: Optional[list[Short]] = Field(None, max_length=50)
    bases: list[Basis] = Field(default_factory=list, max_length=50)
    stage: Optional[Short] = None
    totals_per: Optional[Short] = None


class FeesV2(_Linked):
    """data/v2/fees.json."""
    schema_version: int
    section: Literal["fees"]
    school: Short
    url: str
    last_changed: Optional[DayOrMonth]
    count: int = Field(ge=0)
    records: list[FeeNotice] = Field(max_length=1000)


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


def _plain(value: Any, depth: int, file: OpenDataFile) -> Any:
    """Every string without control or direction characters and at most MAX_TEXT long;
    lists bounded; nesting bounded. Text stays text: escaping is the pages' job."""
    if depth > MAX_DEPTH:
        raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（嵌套层数过多）。")
    if isinstance(value, str):
        text = _CONTROL.sub("", value)
        return text if len(text) <= MAX_TEXT else text[:MAX_TEXT - 1] + "…"
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（一个列表超过 {MAX_LIST} 项）。")
        return [_plain(item, depth + 1, file) for item in value]
    if isinstance(value, dict):
        return {_plain(key, depth + 1, file): _plain(item, depth + 1, file) for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):  # json.loads takes NaN and Infinity
        raise Unreadable(f"暂时无法读取：{file.label}的内容不符合开放数据格式（含有无效数字）。")
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
