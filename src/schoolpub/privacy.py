"""Personal data that must never reach the public site.

- Resident ID numbers (GB 11643): 18 digits whose last character is the ISO 7064
  MOD 11-2 check character and whose middle eight digits are a real birth date,
  and the legacy 15-digit form. Ordinary 18-digit numbers (a wrong check
  character, an impossible date) are not flagged. An ID is caught when written
  in groups too: 110105 2015 0307 123X, 110105-20150307-123X, 110105 20150307
  123X, 1101 0520 1503 0712 3X, one space or hyphen of any kind between groups
  (also no-break, full-width and ideographic spaces, en and em dashes, minus
  signs). The groups must split the number where people split it (6-8-4,
  6-4-4-4, 6-4-2-2-4, 3-3-4-4-4, 4-4-4-4-2 and a few more), so a line of dates
  or amounts is not read as one number, while an ID among other numbers
  (1. 110105 2015 0307 123X) is still found. The legacy form only as 6-6-3
  groups: it has no check character.
- Mainland mobile numbers (1[3-9] and nine more digits, with or without spaces,
  hyphens or +86), except numbers the school declared public in school.yml.
- Exam scores and rankings of pupils (98分, 年级第1名, 排名), which the Ministry
  of Education forbids publishing.

Text is normalised with NFKC first, so full-width digits typed with a Chinese
input method (１１０１…) are caught too. The messages never repeat the number
they found: they end up in public CI logs.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Iterable

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARACTERS = "10X98765432"
# First two digits of the administrative area code: provinces, Hong Kong/Macao/Taiwan residents (81–83).
PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83})

_ID_18 = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx])(?![0-9A-Za-z])")
_ID_15 = re.compile(r"(?<![0-9A-Za-z])(\d{15})(?![0-9A-Za-z])")
# Digit groups joined by one space or hyphen each (after NFKC, so no-break, full-width and
# ideographic spaces are " " and full-width hyphens "-"; dashes and the minus sign stay as they are).
# Possessive, and anchored at the start of a digit run: one linear pass, no backtracking.
_SEPARATORS = r" \-\u2010-\u2015\u2212"
_GROUPED = re.compile(rf"(?<![0-9])[0-9]++(?:[{_SEPARATORS}][0-9]++)++[Xx]?")
# The cheap test first: no ID in groups without 15 characters in a row that are digits or separators.
# Most lines of a site have none, and this pattern starts with a digit, which re looks for quickly.
_LONG_NUMBER = re.compile(rf"[0-9][0-9{_SEPARATORS}]{{14}}")
_GROUP = re.compile(r"[0-9]+[Xx]?")
# How people split an ID into groups, as the digits before each separator: area code, birth date,
# sequence number and check character (6-8-4), the date split into year and the rest (6-4-4-4) or into
# year, month and day (6-4-2-2-4), the area code split in halves (3-3-4-4-4, 3-3-8-4, 3-3-4-2-2-4),
# 6-12, 14-4, and in fours from the start as on a bank card. Not 6-6-6 or 2-4-4-4-4: three amounts
# of six digits, or a date list read across its dates (11 04 2019 11 11 2019 11), are not one number.
_ID_18_LAYOUTS = frozenset({(6, 14), (6, 10, 14), (6, 10, 12, 14), (3, 6, 10, 14), (3, 6, 14), (3, 6, 10, 12, 14),
                            (6,), (14,), (4, 8, 12, 16)})
_ID_15_LAYOUTS = frozenset({(6, 12)})
_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_SCORE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,2})?\s*分(?![钟类别享配子])")
_RANKING = re.compile(r"(?:年级|班级|全校|全班|全年级|全区|全市)\s*(?:排名)?\s*第\s*[\d一二三四五六七八九十]+\s*名"
                      r"|排名|名次|总分|平均分|考试成绩|期末成绩|期中成绩")


@dataclass(frozen=True)
class Leak:
    kind: str  # "id", "mobile", "score"
    start: int  # index in the text as given
    length: int

    def message(self) -> str:
        return MESSAGES[self.kind]


MESSAGES = {
    "id": "这里有一个身份证号码。学生和家长的身份证号绝不能发布到网站上：请删除它（提交记录里也会保留，"
          "如已推送到公开仓库，请联系网站维护人员处理）。",
    "mobile": "这里有一个手机号码。个人手机号不能发布到网站上：请删除它。学校对外公开的电话请写进 "
              "data/school.yml 的 phones，写在那里的号码才允许出现。",
    "score": "这里像是学生的考试分数或排名。按照《未成年人学校保护规定》，学校不得公布学生的考试成绩和排名：请删除。",
}


def valid_id_18(number: str) -> bool:
    number = number.upper()
    if int(number[:2]) not in PROVINCES or not _birth_date(number[6:14]):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], ID_WEIGHTS))
    return ID_CHECK_CHARACTERS[total % 11] == number[17]


def valid_id_15(number: str) -> bool:
    """The legacy form: 6-digit area, YYMMDD in the 1900s, 3-digit sequence, no check character."""
    return int(number[:2]) in PROVINCES and _birth_date("19" + number[6:12]) is not None


def _birth_date(text: str) -> dt.date | None:
    try:
        born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None
    if born > dt.date.today():
        seen = _future_births.get()
        if seen is not None:
            seen.append(born)
        return None
    return born if dt.date(1900, 1, 1) <= born else None


# A number whose birth date is after today is not an ID today, but becomes one on that day: the
# check cache (check_cache.py) keeps a result only until the earliest such date it met, and the
# output scan never remembers a file holding one as clean (scan_site).
_future_births: ContextVar[list[dt.date] | None] = ContextVar("future_births", default=None)


@contextlib.contextmanager
def future_births_seen():
    """The birth dates after today that the scans inside the block turned down, as a list."""
    seen: list[dt.date] = []
    token = _future_births.set(seen)
    try:
        yield seen
    finally:
        _future_births.reset(token)


def digits_of(phone: str) -> str:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits


# Every ID or mobile number is at least 11 decimal digits. NFKC of the whole text has at least
# as many digits as the position-keeping normalisation below (a digit never composes with a
# neighbour), so a text whose NFKC has fewer than 11 cannot hold one: most lines of a site.
_ELEVEN_DIGITS = re.compile(r"\d(?:\D*+\d){10}")


def may_hold_a_number(text: str) -> bool:
    """The cheap test before the exact one: False only when no ID or mobile number can be in `text`."""
    return bool(_ELEVEN_DIGITS.search(text if text.isascii() else unicodedata.normalize("NFKC", text)))


def find_leaks(text: str, public_phones: Iterable[str] = (), scores: bool = False) -> list[Leak]:
    """Every ID number and undeclared mobile number in a text; exam scores and rankings too
    when `scores` is set (only where pupils are named: "15分钟" elsewhere is harmless)."""
    if not scores and not may_hold_a_number(text):
        return []
    normal = _normalised(text)
    allowed = {digits_of(phone) for phone in public_phones}
    leaks = [Leak("id", m.start(1), len(m.group(1))) for m in _ID_18.finditer(normal) if valid_id_18(m.group(1))]
    leaks += [Leak("id", m.start(1), 15) for m in _ID_15.finditer(normal) if valid_id_15(m.group(1))]
    if _LONG_NUMBER.search(normal):
        leaks += _grouped_ids(normal)
    ids = [(leak.start, leak.start + leak.length) for leak in leaks]
    # 339 183 1997 0302 1812 has a mobile number's digits and spaces in it: it is an ID all the same.
    leaks += [Leak("mobile", m.start(), m.end() - m.start()) for m in _MOBILE.finditer(normal)
              if "".join(m.groups()) not in allowed and not any(a <= m.start() and m.end() <= b for a, b in ids)]
    if scores:
        leaks += [Leak("score", m.start(), m.end() - m.start())
                  for pattern in (_SCORE, _RANKING) for m in pattern.finditer(normal)]
    return sorted(leaks, key=lambda leak: leak.start)


def _grouped_ids(normal: str) -> list[Leak]:
    """ID numbers written in groups: whole groups of a run of digit groups, split as an ID is split."""
    leaks = []
    for run in _GROUPED.finditer(normal):
        if run.end() - run.start() < 16:  # fewer than 15 digits: dates, amounts, short numbers
            continue
        groups = [(m.start(), m.end()) for m in _GROUP.finditer(normal, run.start(), run.end())]
        # A number glued to letters (A110105 …, … 123Xyz) is a code, as for contiguous numbers.
        first = 0 if run.start() == 0 or normal[run.start() - 1] not in _ALPHANUMERIC else 1
        ends = len(groups) if run.end() == len(normal) or normal[run.end()] not in _ALPHANUMERIC \
            else len(groups) - 1
        before = [0]  # before[k]: the digits in groups[:k]
        for start, end in groups:
            before.append(before[-1] + end - start)
        while first < ends:
            last = _id_ending(normal, groups, before, first, ends)
            if last is None:
                first += 1
            else:
                leaks.append(Leak("id", groups[first][0], groups[last][1] - groups[first][0]))
                first = last + 1
    return leaks


def _id_ending(normal: str, groups: list[tuple[int, int]], before: list[int], first: int, ends: int
               ) -> int | None:
    """The last of groups[:ends] that make up an ID number with groups[first]: one lookup and one
    check per length, however long the run."""
    for digits, layouts, valid in ((18, _ID_18_LAYOUTS, valid_id_18), (15, _ID_15_LAYOUTS, valid_id_15)):
        after = bisect_left(before, before[first] + digits)  # groups[first:after] hold that many digits
        if first + 2 <= after <= min(ends, first + 6) and before[after] == before[first] + digits:
            splits = tuple(before[k] - before[first] for k in range(first + 1, after))
            number = "".join(normal[start:end] for start, end in groups[first:after])
            if splits in layouts and (number.isdigit() or digits == 18) and valid(number):
                return after - 1
    return None


def _normalised(text: str) -> str:
    """NFKC, but one character for one character, so positions still point into the original."""
    if text.isascii():
        return text
    whole = unicodedata.normalize("NFKC", text)
    return whole if len(whole) == len(text) else "".join(_one(character) for character in text)


def _one(character: str) -> str:
    normal = unicodedata.normalize("NFKC", character)
    return normal if len(normal) == 1 else character
