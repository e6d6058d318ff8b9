"""Field types shared by all content types.

The YAML gate hands every scalar over as the exact text staff typed, so each
type here parses text itself: that is where `1200.50` stays an exact Decimal,
`0571-88001234` stays a phone and `2025年9月1日` becomes a date. Digits typed
with a Chinese input method (full-width １２) are normalised with NFKC first.
Every failure raises a Chinese message that says what to write instead.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from . import urls

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
ATTACHMENT_SUFFIXES = (".pdf",) + PHOTO_SUFFIXES
# Budget and final-account disclosures (预算/决算公开) are published as spreadsheets: disclosures only.
SHEET_SUFFIXES = (".xlsx",)
DISCLOSURE_SUFFIXES = (".pdf", ".xlsx") + PHOTO_SUFFIXES
# What staff save tables as, and what to do instead (.xlsm carries macros).
OTHER_SHEET_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".et", ".ods", ".csv", ".numbers")
RECORD_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def fail(message: str) -> PydanticCustomError:
    """A validation error whose message is shown to staff exactly as written."""
    return PydanticCustomError("schoolpub", message)


def _as_text(value: Any) -> str:
    if isinstance(value, (list, dict)):
        raise fail("这里应该填一个值，而不是列表或“键: 值”。")
    if value is None:
        raise fail("不能为空，请填写内容。")
    return str(value)


def _normalised(value: Any) -> str:
    return unicodedata.normalize("NFKC", _as_text(value)).strip()


# -- text ---------------------------------------------------------------------

def _single_line(value: Any) -> str:
    text = _as_text(value).strip()
    if not text:
        raise fail("不能为空，请填写内容。")
    if "\n" in text:
        raise fail("这里只能写一行。请去掉换行（不要用 | 或 > 开头的多行写法）。")
    return text


def _multi_line(value: Any) -> str:
    text = _as_text(value).strip("\n").rstrip()
    if not text.strip():
        raise fail("不能为空，请填写内容。")
    return text + "\n"


Line = Annotated[str, BeforeValidator(_single_line), WithJsonSchema({"type": "string", "minLength": 1})]
"""One line of plain text: a title, a name."""

Paragraphs = Annotated[str, BeforeValidator(_multi_line), WithJsonSchema({"type": "string", "minLength": 1})]
"""Several lines of plain text or Markdown (use `|` for multi-line values)."""


# -- numbers, flags -----------------------------------------------------------

def _whole_number(value: Any) -> int:
    text = _normalised(value)
    if not re.fullmatch(r"\d{1,9}", text):
        raise fail(f"这里要写一个整数，例如 12（现在是“{text}”）。")
    return int(text, 10)  # base 10: "010" is ten, not YAML 1.1's octal eight


WholeNumber = Annotated[int, BeforeValidator(_whole_number), WithJsonSchema({"type": ["integer", "string"], "pattern": r"^\d+$"})]


# What a published table writes in a cell where nothing is charged.
NOT_CHARGED = ("不收", "免收", "免费", "不收费")


def _money(value: Any) -> Decimal:
    text = _normalised(value)
    if re.fullmatch(r"\d{1,7}(\.\d{1,2})?", text):
        return Decimal(text)
    if text in NOT_CHARGED:
        raise fail(f"金额只写数字（现在是“{text}”）。年级表里原表这一格写的是“{text}”：请写 amount: 0，再加上 "
                   f"shown: {text}，页面上照原表显示“{text}”，合计按 0 计算；整个项目都不收费的，不要列出。")
    if re.search(r"[元,，¥￥]", text):
        raise fail(f"金额只写数字，不要带“元”、货币符号或逗号，例如 1200 或 1200.50（现在是“{text}”）。"
                   "单位写在 unit 字段里。")
    raise fail(f"金额要写成数字，最多两位小数，例如 1200 或 1200.50（现在是“{text}”）。")


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    WithJsonSchema({"type": ["number", "string"], "pattern": r"^\d+(\.\d{1,2})?$", "minimum": 0}),
]
"""An exact amount in yuan: never a float."""

_TRUE = {"true", "是"}
_FALSE = {"false", "否"}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _normalised(value)
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise fail(f"这里只能写 true（是）或 false（否）（现在是“{text}”）。"
               "yes/no/on/off 在不同工具里含义不同，请不要使用。")


Flag = Annotated[bool, BeforeValidator(_flag), WithJsonSchema({"enum": [True, False, "是", "否"]})]


# -- dates and times ----------------------------------------------------------

def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = _normalised(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text) or re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            raise fail(f"日期“{text}”不存在（请检查月份和日子）。") from None
    loose = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if loose:
        try:
            iso = dt.date(*(int(part) for part in loose.groups())).isoformat()
        except ValueError:
            iso = None
        if iso:
            raise fail(f"日期请写成 {iso} 这样的格式（现在是“{text}”）。")
    raise fail(f"日期请写成 2025-09-01 或 2025年9月1日 这样的格式（现在是“{text}”）。")


Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{4}年\d{1,2}月\d{1,2}日)$",
                    "examples": ["2025-09-01", "2025年9月1日"]}),
]


# Parts of the day a programme gives instead of clock times (4月6日下午); 全天 only when the source says so.
PARTS_OF_DAY = ("上午", "中午", "下午", "晚上", "全天")


def _time_span(value: Any) -> str:
    """`8:30`, `08:30-10:00`, `8:30～10:00`, `8：30至10：00` → `08:30` or `08:30-10:00`;
    a part of the day (上午, 下午, 晚上 …) as it is."""
    text = _normalised(value)
    if text in PARTS_OF_DAY:
        return text
    parts = re.split(r"\s*(?:-|–|—|~|～|至|到)\s*", text)
    times = []
    for part in parts:
        match = re.fullmatch(r"([01]?\d|2[0-3])[:：]([0-5]\d)", part)
        if not match:
            raise fail(f"时间请写成 08:30 或 08:30-10:00 这样的格式，只知道半天时写 {'、'.join(PARTS_OF_DAY)}"
                       f"（现在是“{text}”）。")
        times.append(f"{int(match.group(1)):02d}:{match.group(2)}")
    if len(times) > 2:
        raise fail(f"时间最多写开始和结束两个，例如 08:30-10:00（现在是“{text}”）。")
    if len(times) == 2 and times[0] >= times[1]:
        raise fail(f"结束时间要晚于开始时间（现在是“{text}”）。")
    return "-".join(times)


TimeSpan = Annotated[
    str, BeforeValidator(_time_span),
    WithJsonSchema({"type": "string",
                    "pattern": r"^(\d{1,2}:\d{2}(\s*-\s*\d{1,2}:\d{2})?|" + "|".join(PARTS_OF_DAY) + ")$",
                    "examples": ["08:30-10:00", "下午"]}),
]
"""A clock time or span (08:30-10:00), or a part of the day (上午, 下午, 晚上 …)."""


def _school_year(value: Any) -> str:
    text = _normalised(value)
    match = re.fullmatch(r"(\d{4})\s*(?:-|–|—|至)\s*(\d{4})(?:学年)?", text)
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise fail(f"学年请写成 2025-2026 这样的格式，后一年比前一年大 1（现在是“{text}”）。")
    return f"{match.group(1)}-{match.group(2)}"


SchoolYear = Annotated[str, BeforeValidator(_school_year), WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{4}$", "examples": ["2025-2026"]})]


# -- contact details ----------------------------------------------------------

def _phone(value: Any) -> str:
    text = _normalised(value)
    # (0571)88001234 — area code in brackets, as printed on many school letterheads
    if not re.fullmatch(r"(\+?\d[\d\- ]{1,18}\d|\(\d{3,4}\)\s*\d[\d\- ]{5,10}\d)(\s*(转|ext\.?)\s*\d{1,6})?", text):
        raise fail(f"电话号码只能写数字、“-”和空格（分机可以写“转 8001”），例如 0571-88001234 或 12345；"
                   f"说明文字请写在 label 里（现在是“{_as_text(value).strip()}”）。")
    return text


Phone = Annotated[str, BeforeValidator(_phone), WithJsonSchema({"type": ["string", "integer"], "examples": ["0571-88001234", "12345"]})]


def _email(value: Any) -> str:
    text = _normalised(value)
    if not re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}", text):
        raise fail(f"电子邮箱格式不对，例如 office@example.edu.cn（现在是“{text}”）。")
    return text


Email = Annotated[str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]


def _url(value: Any) -> str:
    text = _normalised(value)
    if not urls.is_safe(text):  # judged as the browser reads it (`&#106;avascript:`), by the same rule as links
        raise fail(urls.unsafe_message(text))
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*", text):
        raise fail(f"网址要以 https:// 或 http:// 开头（现在是“{text}”）。")
    return text


Url = Annotated[str, BeforeValidator(_url), WithJsonSchema({"type": "string", "format": "uri"})]


# -- references ---------------------------------------------------------------

def _media_path(suffixes: tuple[str, ...], kind: str):
    def parse(value: Any) -> str:
        text = _as_text(value).strip().replace("\\", "/")
        if text.startswith("data/media/"):
            text = text[len("data/media/"):]
        path = PurePosixPath(text)
        # `javascript:x.pdf` (however encoded) is a link, never a file under data/media/.
        if not text or path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", text) \
                or urls.refused(text):
            raise fail(f"文件路径要写相对于 data/media/ 的位置，例如 festivals/2025-art/01.jpg（现在是“{text}”）。")
        if path.suffix.lower() not in suffixes:
            raise fail(f"{kind}只能是 {'、'.join(suffixes)} 文件（现在是“{text}”）。" + _sheet_hint(path.suffix, suffixes))
        return path.as_posix()

    return parse


def _sheet_hint(suffix: str, suffixes: tuple[str, ...]) -> str:
    """A table saved in another format: say how to turn it into what may be attached."""
    if suffix.lower() not in OTHER_SHEET_SUFFIXES + SHEET_SUFFIXES:
        return ""
    if ".xlsx" not in suffixes:
        return "表格只能作为校务公开的附件（例如预算公开表）；这里请把它导出（另存）为 PDF。"
    macros = "（.xlsm 带有宏，网站不能发布）" if suffix.lower() == ".xlsm" else ""
    return f"表格附件请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）{macros}，再写上新的文件名。"


PhotoPath = Annotated[
    str, BeforeValidator(_media_path(PHOTO_SUFFIXES, "照片")),
    WithJsonSchema({"type": "string", "pattern": r"(?i)\.(jpe?g|png|webp)$", "examples": ["festivals/2025-art/01.jpg"]}),
]
AttachmentPath = Annotated[
    str, BeforeValidator(_media_path(ATTACHMENT_SUFFIXES, "附件")),
    WithJsonSchema({"type": "string", "pattern": r"(?i)\.(pdf|jpe?g|png|webp)$", "examples": ["affairs/2025-budget.pdf"]}),
]
DisclosureAttachmentPath = Annotated[
    str, BeforeValidator(_media_path(DISCLOSURE_SUFFIXES, "附件")),
    WithJsonSchema({"type": "string", "pattern": r"(?i)\.(pdf|xlsx|jpe?g|png|webp)$",
                    "examples": ["affairs/2025-budget.xlsx"]}),
]


def _record_id(value: Any) -> str:
    text = _as_text(value).strip()
    if text.endswith(".yml"):
        text = text[:-4]
    if not re.fullmatch(RECORD_ID_PATTERN, text):
        raise fail(f"这里要写另一条记录的编号（即它的文件名，不带 .yml），例如 2023-safety（现在是“{text}”）。")
    return text


RecordRef = Annotated[str, BeforeValidator(_record_id), WithJsonSchema({"type": "string", "pattern": RECORD_ID_PATTERN})]


# -- building blocks ------------------------------------------------------------

class Strict(BaseModel):
    """Base of every model: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    """A display period (公示期); both days included."""

    start: Date = Field(title="开始日期", description="公示开始的日期，例如 2025-08-20")
    end: Date = Field(title="结束日期", description="公示结束的日期（含当天），例如 2025-09-20")

    @model_validator(mode="after")
    def _in_order(self) -> "Period":
        if self.end < self.start:
            raise fail(f"公示期的结束日期（{self.end}）早于开始日期（{self.start}），请检查是否写反了。")
        if (self.end - self.start).days > 5 * 366:
            raise fail(f"公示期长达 {(self.end - self.start).days} 天，超过 5 年，请检查年份是否写错。")
        return self

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Attachment(Strict):
    file: AttachmentPath = Field(title="附件文件", description="放在 data/media/ 下的 PDF 或图片，写相对路径")
    title: Line = Field(title="附件名称", description="家长看到的附件名称，例如 2025年度预算公开表")


class DisclosureAttachment(Attachment):
    """A disclosure's attachment may also be a spreadsheet: budgets and final accounts are published as .xlsx."""

    file: DisclosureAttachmentPath = Field(title="附件文件", description="放在 data/media/ 下的 PDF、Excel 表格（.xlsx）"
                                                                        "或图片，写相对路径")


class Contact(Strict):
    label: Line = Field(title="名称", description="例如 校长办公室、区教育局、价格举报")
    number: Phone = Field(title="电话号码", description="例如 0571-88001234；12315 这样的短号也可以")
