"""The patterns namescan.py reads a text with: where a pupil's name stands (after a class, a
pupil's role or an award, before 同学 or 等N名同学), how a list goes on, where a name ends.

None of them holds a class of Chinese characters ([一二三], a class of surnames): each such
class costs milliseconds to compile, in every process that checks data. They read any
characters where a name or a class number stands, and namescan checks them in Python.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .namescan_words import ADULT_ROLES, COMPOUND_SURNAMES, PUPIL_ROLES, SURNAMES, TITLES

# A Chinese character, written so that it compiles fast: a class holding the range 一-龥
# costs ~5 ms to compile each time it is written, a word character that is not ASCII ~nothing
# (after NFKC, the other scripts \w takes in do not occur in these texts).
HAN_CHAR = r"(?:(?![\x00-\x7f])\w)"
NOT_HAN = r"(?:[\x00-\x7f]|\W)"
# Characters that end a given name rather than belong to it: particles and the words news
# writes right after a name (…在比赛中, …获得, …等, …的作品).
NOT_GIVEN = frozenset("的了在和与及等获被为是说也都还就将把从跟向给对以同班级年名位奖")
# The patterns below hold no class of Chinese characters ([一二三], a class of surnames): each
# such class costs milliseconds to compile, in every process. They read any characters where
# a name or a class number stands, and Python checks them (_name_length, _is_class).
NAME = rf"{HAN_CHAR}{{2,4}}"
SPACED = rf"{HAN_CHAR}[ \u3000]{{1,2}}{HAN_CHAR}"  # 李 慧: aligned with 3-character names
# Where a name ends when the text runs on: before anything that is not a Chinese character,
# or before a word that starts the rest of the sentence.
AFTER = re.compile(
    rf"{NOT_HAN}|$|同学|小朋友|队员|学生|选手|等|和|与|及|获|荣获|被|在|的|为|作|代表|发言|说|表演|朗诵|演唱|演讲|"
    r"参加|带来|讲述|分享|主持|担任|以|用|也|都|还|就|是|将|凭|率|领|夺|勇|摘|进行|表示|上台|登台|宣读|献|向|给|对|"
    r"把|从|跟|赢|拿|成|更|最|又|再|已|正|亲|首|报道|组成|同|总结|身|精神|认真|积极|热情|通过|带领|结合|围绕|激动|"
    r"自信|深情|来自|手|面|不|一|二|两|三|四|五|六|七|八|九|十|合|共|分|荣|当|入|位|名")
GRADE = r"(?:初\w|高\w|十\w?|\w)"
# 三年级(2)班, 三(2)班, 3年级2班, 五年级二班, 四年九班, 三4班, 初一(3)班, 高二3班, 四(9)中队,
# 高三Ⅱ部7班, 2019级1班, 103班, 大三班; 五(5) with no 班; 六年级 before 学生 or a name.
# _is_class() then wants a number in it (三, 2) or a kindergarten class (大班).
CLASS = (rf"(?P<cls>{GRADE}(?:年级|年)?\s*(?:\(\s*\w{{1,3}}\s*\)\s*(?:班|中队)?|\w{{1,3}}\s*(?:班|中队))"
          rf"|{GRADE}\S{{1,3}}?部\s*\w{{1,3}}\s*班|\d{{4}}级\s*\w{{1,3}}\s*班|\d{{3,4}}\s*班"
          rf"|(?:大|中|小)\w?班|\w{{1,2}}年级)")
AWARD = (r"(?:一等奖|二等奖|三等奖|特等奖|优秀奖|金奖|银奖|铜奖|冠军|亚军|季军|获奖者|获得者|第一名|第二名|第三名)"
          r"(?:\s*\d+\s*(?:名|人))?")
COUNTED = r"(?:等\s*)?(?:\d+|[一二两三四五六七八九十百几]+)\s*(?:名|位|人)"
PUPILS_AFTER = (rf"(?:同学(?!们)|小同学|小朋友|队员|{COUNTED}\s*(?:同学|学生|小学生|中学生|小朋友|队员|选手|少年|"
                 r"小主持人?|小选手|小记者))")
SCHOOL = rf"{HAN_CHAR}{{1,10}}?(?:小学|中学|学校|幼儿园|完小)"



@dataclass(frozen=True)
class Slot:
    """Where a pupil's name stands: group 1 of `pattern` is where it starts, delimited()
    decides where it ends. After a word as common as 学生 the text must go on as it does
    after a name (学生宿舍管理制度 is no 宿舍管: `strict`); after a class or an award the
    name may run into the next word.

    A pattern is only run, and compiled the first time, when one of its `cues` stands right
    after (or, `before`, right before) a character a name can start with: these patterns take
    tens of milliseconds to compile, and most texts of a site never need them."""

    cues: tuple[str, ...]
    source: str
    before: bool = False
    strict: bool = False
    anchored: bool = False  # the name ends where group 1 ends (…同学, …(三年级2班)); it may start later

    @property
    def pattern(self) -> re.Pattern:
        return compiled(self.source)

    def may_match(self, normal: str) -> bool:
        if not self.cues:
            return True
        for cue in self.cues:
            at = normal.find(cue)
            while at >= 0:
                if name_starts_before(normal, at) if self.before else name_starts_after(normal, at + len(cue)):
                    return True
                at = normal.find(cue, at + 1)
        return False


FIRST_CHARACTERS = SURNAMES | {surname[0] for surname in COMPOUND_SURNAMES}
SKIPPED = frozenset(" \u3000:的0123456789名人")


def name_starts_after(normal: str, position: int) -> bool:
    """Whether a name can start at `position`, past spaces, a colon, 的, a count and a pupil's role."""
    while position < len(normal) and normal[position] in SKIPPED:
        position += 1
    for role in PUPIL_ROLE_WORDS:
        if normal.startswith(role, position):
            position += len(role)
            break
    while position < len(normal) and normal[position] in SKIPPED:
        position += 1
    return position < len(normal) and normal[position] in FIRST_CHARACTERS


def name_starts_before(normal: str, position: int) -> bool:
    """Whether a name of two to four characters can end at `position` (spaces aside)."""
    while position > 0 and normal[position - 1].isspace():
        position -= 1
    return any(normal[at] in FIRST_CHARACTERS for at in range(max(0, position - 4), position - 1))


@functools.cache
def compiled(source: str) -> re.Pattern:
    return re.compile(source, re.M)


PUPIL_ROLE_WORDS = tuple(PUPIL_ROLES.split("|"))
AWARD_WORDS = ("等奖", "优秀奖", "金奖", "银奖", "铜奖", "冠军", "亚军", "季军", "获奖者", "获得者", "名")
STRONG = [
    Slot(("班", "中队", "年级", ")"), rf"{CLASS}\s*(?:的)?\s*(?:{PUPIL_ROLES})?\s*:?\s*(?P<name>{NAME}|{SPACED})"),
    Slot(("(",), rf"(?P<name>{NAME}?|{SPACED})\s*\(\s*(?:{CLASS}|高\w\s*(?:·|\.)\s*\d+)\s*\)", before=True,
          anchored=True),
    Slot(("同学", "小朋友", "队员", "等", "位", "名"), rf"(?P<name>{NAME}?){PUPILS_AFTER}", before=True, anchored=True),
    Slot(PUPIL_ROLE_WORDS, rf"(?<!大)(?:{PUPIL_ROLES})\s*:?\s*(?P<name>{NAME})", strict=True),
    Slot(AWARD_WORDS, rf"{AWARD}\s*:?\s*(?P<name>{NAME})"),
]
WEAK = [
    Slot((), rf"{SCHOOL}(?P<name>{NAME})", strict=True),  # only in texts that already name a pupil
    Slot((), rf"(?:^|[:\s])(?P<name>{NAME})\s+{SCHOOL}\s+{AWARD}", anchored=True),
]
GUIDED = re.compile("指导教师|指导老师|辅导老师|辅导教师")
# A list's items are separated by 、 (or 和, 与, 及); a comma or semicolon also separates
# clauses, so after one only a name with a known surname is read as the next item.
AND = r"\s*(?:、|和|与|及)\s*"
OR_COMMA = r"\s*(?:[、,;]|和|与|及)\s*"
# (pattern, whether the item may start with any character)
NEXT = ((rf"{AND}({NAME}|{SPACED})", True), (rf"{OR_COMMA}({NAME}|{SPACED})", False))
PREVIOUS = ((rf"({NAME}|{SPACED}){AND}$", True), (rf"({NAME}|{SPACED}){OR_COMMA}$", False))
# Plain prefix tests: a regular expression of these alternatives takes ~12 ms to compile.
ROLES = tuple(f"{PUPIL_ROLES}|{ADULT_ROLES}".split("|"))
TITLE_WORDS = tuple(TITLES.split("|"))
ROLE_BEFORE = re.compile(rf"(?<!学生)(?<!小)(?:{ADULT_ROLES})\s*[:/]?\s*$")
CUES = re.compile(r"班|中队|同学|学生|小朋友|队员|选手|代表|小记者|升旗手|护旗手|小主持|等奖|奖:|奖：|获奖者|获得者|"
                   r"冠军|亚军|季军|第[一二三]名|年级")
