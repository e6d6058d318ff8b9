"""Pupils' names in free text: a pasted 表彰通知, a festival report, a photo caption.

Honours lists are published through data/honors/, where the site masks names and asks
for guardians' consent; a name typed into any other text would be published as it is.
This module finds names where a pupil's name is written, not every Chinese name:

- a class before the name: 三年级（2）班 王小明, 四(1)班李梓萱同学, 初一（3）班 …, 高二3班 …,
  3年级2班 …, 五(5)仇亦文, 103班 潘捷, 六年级学生张宸菘, 大三班 …;
- a class after it: 刘子涵（五年级1班）, 张清乾(高二·13);
- a pupil's word after it: 王小明同学, 王小明等54名同学, 李华小朋友, 张三、李四三位小主持;
- a pupil's role before it: 学生代表王小明, 小记者 李华, 升旗手 张思远, 班长王小明;
- an award before it: 一等奖：刘子涵, 全国一等奖获得者赵琳;
- in a text that already names a pupil so (or names a 指导老师), also a school before the
  name (五兴小学季晶晶) and award lines (盘梓珊 平兰小学 一等奖);
- then the other names of the same list (王小明、李华和张思远) and every other place the
  same name is written in that text.

A name written with an adult's title or role is an adult's and never flagged: 王老师,
张校长, 李主任, 刘书记, 陈园长, 副校长曹启东, 撰稿：李华, 记者 张三. Teachers named as
指导教师/指导老师 are adults too: their names are published with their pupils' awards.
Place, course, festival and company names do not stand where these patterns look, and the
few words that do and look like names (全体, 高年级, 其他) are listed in namescan_words.

Regular expressions only (namescan_patterns.py), over the text normalised with NFKC one character for one
character (（2）→(2), full-width digits), so offsets point into the text as given. On the
corpus in tests/fixtures/names/ (43 real notices and news, names replaced) this finds 97 %
of pupils' names in the texts it was tuned on and 88 % in texts held out, with no false
alarm in 22 ordinary texts; jieba's person-name tags (nr, nrfg, nrt, with the same surname
and adult checks) found 55 % and 41 %, with 30 false alarms in the ordinary texts, and
loading jieba costs ~1.5 s of CPU per check: scripts/namescan_report.py --jieba.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from . import namescan_patterns as patterns
from .namescan_words import COMPOUND_SURNAMES, NOT_GIVEN_NAMES, NOT_NAMES, SURNAMES
from .names import masked
from .privacy import _normalised  # NFKC one character for one character: offsets stay valid


@dataclass(frozen=True)
class NameHit:
    """A likely pupil's name at text[start:start + len(name)]."""

    start: int
    name: str

    @property
    def masked(self) -> str:
        return masked("".join(self.name.split()))  # 李 慧 is 李慧: 李*, never 李*慧


def may_name_pupils(text: str) -> bool:
    """The cheap test first: no pupil's name is found in a text without one of these words."""
    return bool(patterns.CUES.search(text))


def find_pupil_names(text: str, not_pupils: Iterable[str] = ()) -> list[NameHit]:
    """Likely pupils' names in `text`, each place once, in order. Names in `not_pupils`
    (adults written without a title, words that only look like names) are left alone."""
    if not may_name_pupils(text):
        return []
    normal = _normalised(text)
    scan = _Scan(normal, {"".join(name.split()) for name in not_pupils})
    scan.slots(patterns.STRONG)
    if scan.found or patterns.GUIDED.search(normal):
        scan.slots(patterns.WEAK)
    scan.close()
    return [NameHit(start, text[start:start + len(name)]) for start, name in sorted(scan.found.items())]


class _Scan:
    def __init__(self, normal: str, allowed: set[str]):
        self.normal, self.allowed = normal, allowed
        self.found: dict[int, str] = {}
        self.allowed_at: dict[int, str] = {}  # allowed names seen where a pupil's would stand: a list goes on

    def slots(self, slots: list[patterns.Slot]) -> None:
        for slot in slots:
            if not slot.may_match(self.normal):
                continue
            position = 0
            while match := slot.pattern.search(self.normal, position):
                found = self.read(slot, match)
                # The patterns read loosely (any character where a class number or a name
                # stands): when what they read is no class or no name, read again one
                # character on (来自十年级一班的娄洋: not 自十年级, but 十年级一班).
                position = match.end() if found and self.keep(*found) else match.start() + 1

    def read(self, slot: patterns.Slot, match: re.Match) -> tuple[int, str] | None:
        if "cls" in match.re.groupindex and match.group("cls") and not _is_class(match.group("cls")):
            return None
        start, text = match.start("name"), match.group("name")
        if slot.anchored:
            return _tail_name(text, start)
        name = self.delimited(start, text, slot.strict)
        return (start, name) if name else None

    def delimited(self, start: int, greedy: str, strict: bool = False, any_surname: bool = False) -> str | None:
        """The longest reading of `greedy` that the text goes on from sensibly; when none
        does, the greedy one (升旗手卞若鑫身姿挺拔: 卞若鑫), or None if `strict`."""
        lengths = [length for length in range(len(greedy), 1, -1) if _name_length(greedy[:length], any_surname)]
        for length in lengths:
            if patterns.AFTER.match(self.normal, start + length):
                return greedy[:length]
        return None if strict or not lengths else greedy[:lengths[0]]

    def keep(self, start: int, name: str, any_surname: bool = False) -> bool:
        end = start + len(name)
        taken = {**self.found, **self.allowed_at}
        if any(start < other + len(known) and other < end for other, known in taken.items()):
            return False
        if not self.plausible(start, name, any_surname):
            return False
        if "".join(name.split()) in self.allowed:
            self.allowed_at[start] = name
        else:
            self.found[start] = name
        return True

    def plausible(self, start: int, name: str, any_surname: bool = False) -> bool:
        """A name's shape, not a listed word, and not an adult's
        (a title after the name or its surname, or an adult's role before it)."""
        plain = "".join(name.split())
        surname = _name_length(plain, any_surname)
        if not surname or plain[surname:] in NOT_GIVEN_NAMES:
            return False
        if plain in NOT_NAMES or plain[:2] in NOT_NAMES or self.normal.startswith(patterns.ROLES, start):
            return False
        if self.titled(start + len(name)) or self.titled(start + surname):
            return False
        return not patterns.ROLE_BEFORE.search(self.normal, max(0, start - 8), start)

    def titled(self, position: int) -> bool:
        """Whether an adult's title is written at `position`, after any spaces (王老师, 李华 老师)."""
        while position < len(self.normal) and self.normal[position].isspace():
            position += 1
        return self.normal.startswith(patterns.TITLE_WORDS, position)

    def close(self) -> None:
        """Lists and repetitions, until nothing new is found."""
        while True:
            before = len(self.found) + len(self.allowed_at)
            for start, name in list({**self.found, **self.allowed_at}.items()):
                self.neighbours(start, name)
            for name in set(self.found.values()):
                for match in re.finditer(re.escape(name), self.normal):
                    self.keep(match.start(), name, True)
            if len(self.found) + len(self.allowed_at) == before:
                return

    def neighbours(self, start: int, name: str) -> None:
        """The other names of a list the name is in, both ways, up to an item that is not one."""
        end = start + len(name)
        while (item := self.next_item(end)) and self.keep(*item):
            end = item[0] + len(item[1])
        while (item := self.previous_item(start)) and self.keep(*item):
            start = item[0]

    def next_item(self, end: int) -> tuple[int, str, bool] | None:
        for source, any_surname in patterns.NEXT:
            match = patterns.compiled(source).match(self.normal, end)
            name = match and self.delimited(match.start(1), match.group(1), strict=True, any_surname=any_surname)
            if name:
                return match.start(1), name, any_surname
        return None

    def previous_item(self, start: int) -> tuple[int, str, bool] | None:
        for source, any_surname in patterns.PREVIOUS:
            match = patterns.compiled(source).search(self.normal, max(0, start - 12), start)
            item = match and _tail_name(match.group(1), match.start(1), any_surname)
            if item:
                return (*item, any_surname)
        return None


def _tail_name(text: str, start: int, any_surname: bool = False) -> tuple[int, str] | None:
    """The longest name `text` ends with, and where it starts (组长甄萌萌 → 甄萌萌)."""
    for skip in range(len(text) - 1):
        if not text[skip].isspace() and _name_length(text[skip:], any_surname):
            return start + skip, text[skip:]
    return None


def _name_length(name: str, any_surname: bool = False) -> int:
    """The surname's length when `name` has the shape of a name (a surname and one or two
    more characters, spaces aside), else 0. With `any_surname`, a list's other item, the
    first character need not be a known surname (时浩延 after 冷芊晴、)."""
    plain = "".join(name.split())
    if plain[:2] in COMPOUND_SURNAMES and len(plain) >= 3:
        surname = 2
    elif plain[:1] in SURNAMES or any_surname:
        surname = 1
    else:
        return 0
    given = plain[surname:]
    return surname if 1 <= len(given) <= 2 and not patterns.NOT_GIVEN.intersection(given) else 0


def _is_class(text: str) -> bool:
    """三年级(2)班, 103班, 大班: a class has a number in it, or is a kindergarten class."""
    return any(character in _CLASS_NUMBERS for character in text) or text in ("大班", "中班", "小班")


_CLASS_NUMBERS = frozenset("0123456789一二三四五六七八九十")


def summary(hits: list[NameHit], shown: int = 3) -> str:
    """王*明、李*、张*远 等 5 个: the masked names of a finding, never the names themselves."""
    names = list(dict.fromkeys("".join(hit.name.split()) for hit in hits))
    listed = "、".join(masked(name) for name in names[:shown])
    return listed if len(names) <= shown else f"{listed} 等 {len(names)} 个"
