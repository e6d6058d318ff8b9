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

Regular expressions only, over the text normalised with NFKC one character for one
character (（2）→(2), full-width digits), so offsets point into the text as given. jieba's
person-name tags were measured on the same corpus and did worse (recall 50 % against 67 %
before tuning, 14 false alarms in 17 ordinary texts against 2) at 1.5 s of loading per
check: scripts/namescan_report.py --jieba prints both.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .namescan_words import (ADULT_ROLES, COMPOUND_SURNAMES, NOT_GIVEN_NAMES, NOT_NAMES, PUPIL_ROLES, SURNAMES,
                             TITLES)
from .privacy import _normalised  # NFKC one character for one character: offsets stay valid
from .masking import masked

_HAN = "\u4e00-\u9fff"
# Characters that end a given name rather than belong to it: particles and the words news
# writes right after a name (…在比赛中, …获得, …等, …的作品).
_NOT_GIVEN = "的了在和与及等获被为是说也都还就将把从跟向给对以同班级年名位奖"
_GIVEN = rf"(?:(?![{_NOT_GIVEN}])[{_HAN}])"
_SURNAME = "(?:" + "|".join(sorted(COMPOUND_SURNAMES)) + f"|[{''.join(sorted(SURNAMES))}])"
_NAME = rf"{_SURNAME}{_GIVEN}{{1,2}}"
_ANY_NAME = rf"{_GIVEN}{{2,3}}"  # a list's other items, whatever their first character
_SPACED = rf"[{''.join(sorted(SURNAMES))}][ \u3000]{{1,2}}{_GIVEN}"  # 李 慧: aligned with 3-character names
# Where a name ends when the text runs on: before anything that is not a Chinese character,
# or before a word that starts the rest of the sentence.
_AFTER = re.compile(
    rf"[^{_HAN}]|$|同学|小朋友|队员|学生|选手|等|和|与|及|获|荣获|被|在|的|为|作|代表|发言|说|表演|朗诵|演唱|演讲|"
    r"参加|带来|讲述|分享|主持|担任|以|用|也|都|还|就|是|将|凭|率|领|夺|勇|摘|进行|表示|上台|登台|宣读|献|向|给|对|"
    r"把|从|跟|赢|拿|成|更|最|又|再|已|正|亲|首|报道|组成|同|总结|身|精神|认真|积极|热情|通过|带领|结合|围绕|激动|"
    r"自信|深情|来自|手|面|不|[一二两三四五六七八九十]|合|共|分|荣|当|入|位|名")
_NUMBER = "[0-9一二三四五六七八九十]"
_GRADE = "(?:初[一二三]|高[一二三]|十[一二]?|[一二三四五六七八九]|[1-9])"
# 三年级(2)班, 三(2)班, 3年级2班, 五年级二班, 四年九班, 三4班, 初一(3)班, 高二3班, 四(9)中队,
# 高三Ⅱ部7班, 2019级1班, 103班, 大三班; 五(5) with no 班; 六年级 before 学生 or a name.
_CLASS = (rf"(?:{_GRADE}(?:年级|年)?\s*(?:\(\s*{_NUMBER}{{1,3}}\s*\)\s*(?:班|中队)?|{_NUMBER}{{1,3}}\s*(?:班|中队))"
          rf"|{_GRADE}\S{{1,3}}?部\s*{_NUMBER}{{1,3}}\s*班|\d{{4}}级\s*{_NUMBER}{{1,3}}\s*班|[1-9]\d{{2,3}}\s*班"
          rf"|[大中小][一二三四五六七八九1-9]?班|(?:{_GRADE}|[七八九])年级)")
_AWARD = r"(?:[一二三]等奖|特等奖|优秀奖|金奖|银奖|铜奖|冠军|亚军|季军|获奖者|获得者|第[一二三]名)(?:\s*\d+\s*[名人])?"
_COUNTED = r"(?:等\s*)?(?:\d+|[一二三四五六七八九十百几]+)\s*(?:名|位|人)"
_PUPILS_AFTER = (rf"(?:同学(?!们)|小同学|小朋友|队员|{_COUNTED}\s*(?:同学|学生|小学生|中学生|小朋友|队员|选手|少年|"
                 r"小主持人?|小选手|小记者))")
_SCHOOL = rf"[{_HAN}]{{1,10}}?(?:小学|中学|学校|幼儿园|完小)"

# Each pattern's group 1 is where a name starts; delimited() decides where it ends. After
# a word as common as 学生 the text must go on as it does after a name (学生宿舍管理制度 is
# no 宿舍管); after a class or an award the name may run into the next word.
_STRONG = [(re.compile(pattern), strict) for pattern, strict in (
    (rf"{_CLASS}\s*(?:的)?\s*(?:{PUPIL_ROLES})?\s*:?\s*({_NAME}|{_SPACED})", False),
    (rf"({_NAME}|{_SPACED})\s*\(\s*(?:{_CLASS}|高[一二三]\s*[·.]\s*\d+)\s*\)", False),
    (rf"({_NAME}){_PUPILS_AFTER}", False),
    (rf"(?<!大)(?:{PUPIL_ROLES})\s*:?\s*({_NAME})", True),
    (rf"{_AWARD}\s*:?\s*({_NAME})", False),
)]
_WEAK = [(re.compile(pattern, re.M), strict) for pattern, strict in (
    (rf"{_SCHOOL}({_NAME})", True),
    (rf"(?:^|[:\s])({_NAME})\s+{_SCHOOL}\s+{_AWARD}", False),
)]
_GUIDED = re.compile("指导教师|指导老师|辅导老师|辅导教师")
# A list's items are separated by 、 (or 和, 与, 及); a comma or semicolon also separates
# clauses, so after one only a name with a known surname is read as the next item.
_AND = r"\s*(?:、|和|与|及)\s*"
_OR_COMMA = r"\s*(?:[、,;]|和|与|及)\s*"
_NEXT = [re.compile(rf"{_OR_COMMA}({_NAME}|{_SPACED})"), re.compile(rf"{_AND}({_ANY_NAME})")]
_PREVIOUS = [re.compile(rf"({_NAME}|{_SPACED}){_OR_COMMA}$"), re.compile(rf"({_ANY_NAME}){_AND}$")]
_ROLE = re.compile(rf"{PUPIL_ROLES}|{ADULT_ROLES}")
_TITLE_AFTER = re.compile(rf"\s*(?:{TITLES})")
_ROLE_BEFORE = re.compile(rf"(?<!学生)(?<!小)(?:{ADULT_ROLES})\s*[:/]?\s*$")
_CUES = re.compile(r"班|中队|同学|学生|小朋友|队员|选手|代表|小记者|升旗手|护旗手|小主持|等奖|奖:|奖：|获奖者|获得者|"
                   r"冠军|亚军|季军|第[一二三]名|年级")


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
    return bool(_CUES.search(text))


def find_pupil_names(text: str, not_pupils: Iterable[str] = ()) -> list[NameHit]:
    """Likely pupils' names in `text`, each place once, in order. Names in `not_pupils`
    (adults written without a title, words that only look like names) are left alone."""
    if not may_name_pupils(text):
        return []
    normal = _normalised(text)
    scan = _Scan(normal, {"".join(name.split()) for name in not_pupils})
    scan.slots(_STRONG)
    if scan.found or _GUIDED.search(normal):
        scan.slots(_WEAK)
    scan.close()
    return [NameHit(start, text[start:start + len(name)]) for start, name in sorted(scan.found.items())]


class _Scan:
    def __init__(self, normal: str, allowed: set[str]):
        self.normal, self.allowed = normal, allowed
        self.found: dict[int, str] = {}
        self.allowed_at: dict[int, str] = {}  # allowed names seen where a pupil's would stand: a list goes on

    def slots(self, patterns: list[tuple[re.Pattern, bool]]) -> None:
        for pattern, strict in patterns:
            for match in pattern.finditer(self.normal):
                name = self.delimited(match.start(1), match.group(1), strict)
                if name:
                    self.keep(match.start(1), name)

    def delimited(self, start: int, greedy: str, strict: bool = False) -> str | None:
        """The longest reading of `greedy` that the text goes on from sensibly; when none
        does, the greedy one (升旗手卞若鑫身姿挺拔: 卞若鑫), or None if `strict`."""
        for length in range(len(greedy), 1, -1):
            if _AFTER.match(self.normal, start + length):
                return greedy[:length]
        return None if strict else greedy

    def keep(self, start: int, name: str) -> bool:
        end = start + len(name)
        taken = {**self.found, **self.allowed_at}
        if any(start < other + len(known) and other < end for other, known in taken.items()):
            return False
        if not self.plausible(start, name):
            return False
        if "".join(name.split()) in self.allowed:
            self.allowed_at[start] = name
        else:
            self.found[start] = name
        return True

    def plausible(self, start: int, name: str) -> bool:
        """A name's shape, not a listed word, and not an adult's
        (a title after the name or its surname, or an adult's role before it)."""
        plain = "".join(name.split())
        surname = 2 if plain[:2] in COMPOUND_SURNAMES and len(plain) >= 3 else 1
        given = plain[surname:]
        if not 1 <= len(given) <= 2 or given in NOT_GIVEN_NAMES:
            return False
        if plain in NOT_NAMES or plain[:2] in NOT_NAMES or _ROLE.match(self.normal, start):
            return False
        if _TITLE_AFTER.match(self.normal, start + len(name)) or _TITLE_AFTER.match(self.normal, start + surname):
            return False
        return not _ROLE_BEFORE.search(self.normal, max(0, start - 8), start)

    def close(self) -> None:
        """Lists and repetitions, until nothing new is found."""
        while True:
            before = len(self.found) + len(self.allowed_at)
            for start, name in list({**self.found, **self.allowed_at}.items()):
                self.neighbours(start, name)
            for name in set(self.found.values()):
                for match in re.finditer(re.escape(name), self.normal):
                    self.keep(match.start(), name)
            if len(self.found) + len(self.allowed_at) == before:
                return

    def neighbours(self, start: int, name: str) -> None:
        """The other names of a list the name is in, both ways, up to an item that is not one."""
        end = start + len(name)
        while (match := self.first(_NEXT, end, None)) and self.keep(match.start(1), match.group(1)):
            end = match.end(1)
        while (match := self.first(_PREVIOUS, max(0, start - 12), start)) and \
                self.keep(match.start(1), match.group(1)):
            start = match.start(1)

    def first(self, patterns: list[re.Pattern], position: int, end: int | None) -> re.Match | None:
        for pattern in patterns:
            match = pattern.match(self.normal, position) if end is None else pattern.search(self.normal, position, end)
            if match and (end is not None or _AFTER.match(self.normal, match.end(1))):
                return match
            if match and end is None:
                shorter = self.delimited(match.start(1), match.group(1))
                if shorter != match.group(1):
                    return re.compile(rf"{_OR_COMMA}({re.escape(shorter)})").match(self.normal, position)
        return None


def summary(hits: list[NameHit], shown: int = 3) -> str:
    """王*明、李*、张*远 等 5 个: the masked names of a finding, never the names themselves."""
    names = list(dict.fromkeys("".join(hit.name.split()) for hit in hits))
    listed = "、".join(masked(name) for name in names[:shown])
    return listed if len(names) <= shown else f"{listed} 等 {len(names)} 个"
