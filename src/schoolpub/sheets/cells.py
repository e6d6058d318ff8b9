"""A cell as Excel, WPS or a CSV file hands it over → the text a record file holds.

Real spreadsheets are messy: a phone number typed as a number comes back as
88001234.0, an amount in a currency-formatted cell as 450.0, a date as a date,
as a serial number (45901) or as text typed three ways. Everything that can be
read without guessing becomes the same text a person would have written in the
YAML file; the models then check it with their usual messages. What would need
a guess (9/1/2025: September or January?) is refused with a message.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from typing import Any

from openpyxl.utils.datetime import from_excel

from ..echo import quoted
from ..form_text import stored_value

LIST_SEPARATORS = re.compile(r"\s*[、，,；;\n]\s*")
# Excel serial numbers of 1990-01-01 … 2100-12-31: a bare number in a date column
# in this range is a date whose cell lost its format (typical of CSV files).
SERIAL_RANGE = (32874, 73415)
# Digits typed with a Chinese input method (２０２７): the same number to every reader, so
# the record gets ASCII digits. Other full-width characters (（2）班) are kept as typed.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
EARLIEST_YEAR = 1950  # nothing a school publishes is dated earlier; Excel's mistakes are (1900-…)


class CellError(ValueError):
    """A cell that cannot be read safely; the message is shown to staff as written."""


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any, kind: str) -> str | list[str] | None:
    """The record text for a cell of this kind; None when the cell is empty."""
    if is_empty(value):
        return None
    converter = _CONVERTERS.get(kind, _text)
    return converter(value)


def _number_text(value: int | float) -> str:
    """88001234.0 → 88001234; 8.3 stays 8.3 (repr is the shortest exact form)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return _number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text.translate(FULL_WIDTH_DIGITS)


def _paragraphs(value: Any) -> str:
    return "\n".join(line.rstrip() for line in _text(value).split("\n"))


def _money(value: Any) -> str:
    if isinstance(value, bool):
        raise CellError(f"金额要写成数字（现在是“{quoted(_text(value))}”）。")
    if isinstance(value, (int, float)):
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        rounded = exact.quantize(Decimal("0.01"))
        if abs(exact - rounded) > Decimal("0.000001"):
            raise CellError(f"金额最多两位小数（现在是 {_number_text(value)}）。请在表格里把这个数改成精确到分。")
        return _plain_decimal(rounded)
    return _text(value)


def _plain_decimal(number: Decimal) -> str:
    """450.00 → 450, 8.30 → 8.3: what staff would write in the record file."""
    text = format(number.normalize(), "f")
    return text


def _number(value: Any) -> str:
    return _text(value)


def _flag(value: Any) -> str:
    """是/否 (the drop-down), TRUE/FALSE cells, √/× → true/false, as record files write them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    return _FLAG_WORDS.get(text.lower(), text)


_FLAG_WORDS = {"是": "true", "√": "true", "✓": "true", "true": "true",
               "否": "false", "×": "false", "✗": "false", "false": "false"}


def _date(value: Any) -> str:
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        if day.year < EARLIEST_YEAR:  # 123 typed into a date-formatted cell reads as 1900-05-02
            raise CellError(f"日期是 {day.isoformat()}，看起来是把一个数字填进了日期格式的单元格。"
                            "请写成 2025-09-01 这样的日期。")
        return day.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial_date(value)
    text = unicodedata.normalize("NFKC", _text(value)).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _serial_date(float(text))
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+0{1,2}:00(?::00)?)?", text)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups())).isoformat()
        except ValueError:
            raise CellError(f"日期“{quoted(text)}”不存在（请检查月份和日子）。") from None
    if re.fullmatch(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}", text):
        raise CellError(f"日期“{quoted(text)}”看不出哪个是月、哪个是日（9/1 可能是 9月1日，也可能是 1月9日）。"
                        "请写成 2025-09-01 或 2025年9月1日 这样年份在前的格式。")
    return text  # the model says what is wrong with it


def _serial_date(number: float) -> str:
    if not (SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]) or not float(number).is_integer():
        raise CellError(f"日期格式不对（现在是数字 {_number_text(number)}）。请把单元格设成日期格式，"
                        "或写成 2025-09-01 这样的日期。")
    return from_excel(number).date().isoformat()


def _time(value: Any) -> str:
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    return _text(value)


def _choice(value: Any) -> str:
    """A drop-down's label → the value the record file stores (打码显示（王*琪） → masked)."""
    return stored_value(_text(value))


def _list(value: Any) -> list[str]:
    return [part for part in LIST_SEPARATORS.split(_text(value)) if part]


_CONVERTERS = {
    "text": _text, "phone": _text, "choice": _choice, "paragraphs": _paragraphs, "money": _money,
    "number": _number, "flag": _flag, "date": _date, "time": _time, "list": _list,
}


def header_key(text: Any) -> str:
    """A header as typed → what it is compared by: full-width brackets, spaces and a required-mark star ignored."""
    if is_empty(text):
        return ""
    normal = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"[\s*＊:：]", "", normal)
