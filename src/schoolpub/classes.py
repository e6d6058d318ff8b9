"""Class names (班级) in one form, so one class is one group on the page and in open data.

Staff type a class as the notice in front of them writes it: 三年级2班, 三年级(2)班,
三年级（2）班, 3年级2班, 三(2)班, 三年级二班, 初一3班, 高二(3)班. Read as typed, a list
mixing 三年级2班 and 三年级（2）班 showed one class as two. The canonical form is the
one most notices and this project's examples use: grade, then the class number in
full-width brackets, then 班 — 三年级（2）班, 初一（3）班, 高二（3）班, 大（2）班.

Only what cannot mean anything else is rewritten; everything else is kept as typed:
- the grade is 一…九年级 (or 1…9年级, written 三年级), 初一…初三, 高一…高三 (kept as
  written: a school says 初一 or 七年级, both are right), or a kindergarten's 大/中/小/托;
- the class number is 1–99, in digits (ASCII or full-width) or Chinese numerals (二, 十二),
  with or without brackets of either width, spaces ignored;
- 三(2)班 (a grade numeral alone) only with the brackets: 三2班 is not a form notices use.
Left alone: 103班 and 2023级3班 (a school's own numbering), 初2班 or 高23班 (grade or
class? a guess), 大班, 中班 (a whole year group), and any text around a class
(三年级（2）班代表队 is a collective's name as its school writes it).

Fee notices' grades (一年级, 高一) are grades, not classes: they are not read here.
The record files keep what staff typed; pages, feeds and open data read this form.
"""
from __future__ import annotations

import re
import unicodedata

_GRADE_NUMERALS = "一二三四五六七八九"
_CHINESE_DIGITS = {numeral: value for value, numeral in enumerate(_GRADE_NUMERALS, start=1)}
_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# after NFKC (full-width brackets and digits become ASCII) and without spaces
_GRADE_CLASS = re.compile(
    rf"(?P<grade>[{_GRADE_NUMERALS}1-9]年级|[初高][一二三]|[大中小托])(?:\((?P<bracketed>{_NUMBER})\)|(?P<bare>{_NUMBER}))班")
_SHORT_GRADE_CLASS = re.compile(rf"(?P<grade>[{_GRADE_NUMERALS}])\((?P<bracketed>{_NUMBER})\)班")


def canonical_class(text: str) -> str:
    """三年级2班, 三年级(2)班, 3年级2班, 三(2)班, 三年级二班 → 三年级（2）班; 初一3班 → 初一（3）班;
    anything that is not plainly one class comes back unchanged."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    match = _GRADE_CLASS.fullmatch(compact)
    if match is None:
        match = _SHORT_GRADE_CLASS.fullmatch(compact)
        grade = match and match["grade"] + "年级"
    else:
        grade = _grade(match["grade"])
    if match is None:
        return text
    number = _class_number(match["bracketed"] or match["bare"])
    return text if number is None else f"{grade}（{number}）班"


def canonical_unit(unit: str | None) -> str | None:
    return None if unit is None else canonical_class(unit)


def _grade(grade: str) -> str:
    """3年级 → 三年级; 三年级, 初一, 大 as written."""
    if grade[0].isdigit():
        return _GRADE_NUMERALS[int(grade[0]) - 1] + grade[1:]
    return grade


def _class_number(text: str) -> int | None:
    """2, 02, 二 → 2; 十二 → 12; 二十 → 20; 二十三 → 23; 0 or 一二 (not a number) → None."""
    if text.isdigit():
        number = int(text)
    elif "十" not in text:
        number = _CHINESE_DIGITS.get(text) if len(text) == 1 else None
    else:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return None
        number = (_CHINESE_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CHINESE_DIGITS.get(ones, 0) if ones else 0)
        if (tens and tens not in _CHINESE_DIGITS) or (ones and ones not in _CHINESE_DIGITS):
            return None
    return number if number and 1 <= number <= 99 else None
