"""What the field types accept, and the exact normalised value they produce."""
import datetime as dt
from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from schoolpub import fields


def parsed(field_type, text):
    return TypeAdapter(field_type).validate_python(text)


def message(field_type, text):
    with pytest.raises(ValidationError) as caught:
        parsed(field_type, text)
    return caught.value.errors()[0]["msg"]


@pytest.mark.parametrize("text, expected", [
    ("2025-09-01", dt.date(2025, 9, 1)),
    ("2025年9月1日", dt.date(2025, 9, 1)),
    ("2025年09月01日", dt.date(2025, 9, 1)),
    ("２０２５-０９-０１", dt.date(2025, 9, 1)),  # full-width digits from a Chinese IME
])
def test_dates_accepted(text, expected):
    assert parsed(fields.Date, text) == expected


@pytest.mark.parametrize("text, error", [
    ("2025.9.1", "日期请写成 2025-09-01 这样的格式（现在是“2025.9.1”）。"),
    ("9月1日", "日期请写成 2025-09-01 或 2025年9月1日 这样的格式（现在是“9月1日”）。"),
    ("2025-13-01", "日期“2025-13-01”不存在（请检查月份和日子）。"),
])
def test_dates_refused(text, error):
    assert message(fields.Date, text) == error


@pytest.mark.parametrize("text, expected", [
    ("1200", Decimal("1200")), ("1200.50", Decimal("1200.50")), ("0.5", Decimal("0.5")), ("１２００", Decimal("1200")),
])
def test_money_accepted_exactly(text, expected):
    value = parsed(fields.Money, text)
    assert value == expected and str(value) == str(expected)


@pytest.mark.parametrize("text, expected", [("true", True), ("false", False), ("是", True), ("否", False), ("True", True)])
def test_flags_accepted(text, expected):
    assert parsed(fields.Flag, text) is expected


@pytest.mark.parametrize("text", ["yes", "no", "on", "off", "Y", "1"])
def test_ambiguous_flags_refused(text):
    assert message(fields.Flag, text).startswith(f"这里只能写 true（是）或 false（否）（现在是“{text}”）。")


@pytest.mark.parametrize("text, expected", [
    ("8:30", "08:30"), ("08:30-10:00", "08:30-10:00"), ("8:30～10:00", "08:30-10:00"),
    ("8：30至10：00", "08:30-10:00"), ("08:30 - 10:00", "08:30-10:00"),
])
def test_time_spans_normalised(text, expected):
    assert parsed(fields.TimeSpan, text) == expected


@pytest.mark.parametrize("text, expected", [("0123", 123), ("010", 10), ("７", 7)])
def test_whole_numbers_are_decimal_never_octal(text, expected):
    assert parsed(fields.WholeNumber, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("0571-88001234", "0571-88001234"), ("12315", "12315"), ("０５７１-８８００１２３４", "0571-88001234"),
    ("0000-6600 1234 转 8001", "0000-6600 1234 转 8001"), ("（0571）88001234", "(0571)88001234"),
])
def test_phones_kept_as_text(text, expected):
    assert parsed(fields.Phone, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("festivals/2025/01.JPG", "festivals/2025/01.JPG"), ("data/media/a.pdf", "a.pdf"), ("a\\b.png", "a/b.png"),
])
def test_media_paths(text, expected):
    assert parsed(fields.AttachmentPath, text) == expected


@pytest.mark.parametrize("text", ["/etc/passwd.pdf", "../x.pdf", "C:/x.pdf"])
def test_media_paths_cannot_leave_the_media_folder(text):
    assert message(fields.AttachmentPath, text).startswith("文件路径要写相对于 data/media/ 的位置")


def test_school_year_normalised():
    assert parsed(fields.SchoolYear, "2025—2026学年") == "2025-2026"


def test_a_date_known_only_to_the_month_writes_itself_as_the_month():
    from schoolpub.month_dates import DayOrMonth, MonthOnly
    month = parsed(DayOrMonth, "2017年1月")
    assert (type(month), str(month), month.isoformat(), month == dt.date(2017, 1, 1)) == (MonthOnly, "2017-01", "2017-01", True)
    assert parsed(DayOrMonth, "2016-12").last_day == dt.date(2016, 12, 31) and month.last_day == dt.date(2017, 1, 31)
    assert type(month + dt.timedelta(days=3)) is dt.date and str(month - dt.timedelta(days=1)) == "2016-12-31"
    assert TypeAdapter(DayOrMonth).dump_python(month, mode="json") == "2017-01"
    assert parsed(DayOrMonth, "2017-01-05") == dt.date(2017, 1, 5) and type(parsed(DayOrMonth, "2017-01-05")) is dt.date
    assert message(DayOrMonth, "2017-13") == "月份“2017-13”不存在（月份要在 1 到 12 之间）。"
    assert message(DayOrMonth, "2017.1") == "只写到月的日期请写成 2017-01 这样的格式（现在是“2017.1”）。"
    assert message(DayOrMonth, "2017-1-5") == "日期请写成 2017-01-05 这样的格式（现在是“2017-1-5”）。"
    assert message(DayOrMonth, "一月") == ("日期请写成 2025-09-01 或 2025年9月1日 这样的格式；原文只写到月的，写 2017-01 或 "
                                          "2017年1月（现在是“一月”）。")
