"""Lists of people who won something: honour lists (荣誉榜) and festival results (活动节).

Both write people the same way: each entry a `name`, or a `names` line of several
people of one class (separated by spaces or 、), with the class or subject in `unit`.
`Group` is one award's list whichever record it comes from; views and exports only
use groups, so a pupil's name is shown (masked) in one way everywhere.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from pydantic import Field

from .. import privacy
from ..classes import canonical_class, canonical_unit
from ..echo import quoted
from ..fields import Line, Strict
from ..names import COMPOUND_SURNAMES, masked, normalised_name
from .base import Finding

RECIPIENT_KINDS = ("学校", "教师", "学生", "集体")
NAME_SEPARATORS = re.compile(r"[\s、，,；;]+")
# a middle dot with spaces around it (迪丽娜尔 · 艾力) joins the parts of one name, it separates nothing
_SPACED_DOT = re.compile(r"\s*([·•‧・･∙⋅．])\s*")


class NameEntry(Strict):
    name: Optional[Line] = Field(None, title="姓名或名称", description="获奖人姓名或集体名称，例如 王小琪、三年级（2）班")
    names: Optional[Line] = Field(
        None, title="同班多人姓名",
        description="同一班级（或同一学科、同一学校）的多个名字写在一行，用空格或顿号隔开，例如 王小琪 张悦 李明轩；"
                    "和 name 二选一")
    unit: Optional[Line] = Field(None, title="班级或学科", description="学生写班级，教师写任教学科，例如 三年级（2）班")

    def split_names(self) -> list[str]:
        """The entry's names, each normalised (王　琪 → 王琪): what pages, exports and comparisons use."""
        if self.name is not None:
            return [normalised_name(self.name)]
        return [normalised_name(part) for part in _raw_parts(self.names or "")]


def _raw_parts(line: str) -> list[str]:
    return [part for part in NAME_SEPARATORS.split(_SPACED_DOT.sub(r"\1", line)) if part]


@dataclass(frozen=True)
class Person:
    """One recipient as pages and exports show it (a `names` line gives several)."""

    name: str
    unit: Optional[str]
    award: Optional[str]  # the person's own award, if any
    index: int  # position of the entry in its recipients list (for messages)


@dataclass(frozen=True)
class Group:
    """The people of one award, whichever record and shape they were written in."""

    award: Optional[str]
    recipient_kind: str
    recipients: tuple[NameEntry, ...]
    path: tuple  # where the recipients are in the record: ("recipients",), ("groups", i, "recipients") …
    count: Optional[int] = None  # the headcount the source states (等54位同学), which may exceed the names listed

    @property
    def people(self) -> list[Person]:
        """Classes in one form (三年级2班 → 三年级（2）班): a class's unit, and a class that is itself
        the recipient (集体), whichever way staff typed it."""
        collective = self.recipient_kind == "集体"
        return [Person(canonical_class(name) if collective else name, canonical_unit(entry.unit),
                       getattr(entry, "award", None), index)
                for index, entry in enumerate(self.recipients) for name in entry.split_names()]

    @property
    def headcount(self) -> int:
        """How many won: the published headcount, else the names listed."""
        return self.count if self.count is not None else len(self.people)

    @property
    def tally(self) -> str:
        """The headcount as pages say it, never more than the source: 5 人 · 54 人，名单列出 1 人 · 99 个，名单未列出."""
        listed = len(self.people)
        if self.count is None or self.count == listed:
            return f"{listed} {self.counter}"
        shown = f"名单列出 {listed} {self.counter}" if listed else "名单未列出"
        return f"{self.count} {self.counter}，{shown}"

    @property
    def pupils(self) -> bool:
        return self.recipient_kind == "学生"

    @property
    def counter(self) -> str:
        return "个" if self.recipient_kind in ("集体", "学校") else "人"

    @property
    def own_awards(self) -> bool:
        """Whether some recipient has an award of their own (一等奖 …): then a table shows it."""
        return any(getattr(entry, "award", None) for entry in self.recipients)

    def by_unit(self) -> list[tuple[Optional[str], list[Person]]]:
        """People grouped by class (or subject, or school), in the order staff wrote them."""
        units: dict[Optional[str], list[Person]] = {}
        for person in self.people:
            units.setdefault(person.unit, []).append(person)
        return list(units.items())


def entry_findings(group: Group) -> list[Finding]:
    """Each entry has a name or a names line (not both), and no name split in two by padding."""
    findings = []
    for index, entry in enumerate(group.recipients):
        at = group.path + (index,)
        if entry.name is None and entry.names is None:
            findings.append(Finding(at, "这一项缺少名字：一个人（一个集体）写 name，同班多人写在一行的 names。"))
        elif entry.name is not None and entry.names is not None:
            findings.append(Finding(at + ("names",), "name 和 names 只能写一个：一个人写 name，同班多人写 names。",
                                    on_key=True))
        elif entry.names is not None:
            split = split_names_shown(_raw_parts(entry.names))
            if split:
                findings.append(Finding(at + ("names",), f"names 里有姓名被空格拆开了（{quoted('、'.join(split))}，"
                                                         "已打码）。一个人的姓名中间不要加空格对齐（“王　琪”请写成“王琪”，"
                                                         "“欧阳　娜娜”请写成“欧阳娜娜”）；不同的人之间才用空格或顿号隔开。"))
    return findings


def split_names_shown(parts: list[str]) -> list[str]:
    """Masked, the names a padded names line split in two: 张　悦 → 张*, 欧阳　娜娜 → 欧阳**."""
    return [masked(name) for name, split in _rejoined(parts) if split]


def masked_names_line(line: str) -> str:
    """A line of names as a message may quote it: 王小明、李华 → 王*明、李*."""
    return "、".join(masked(name) for name, _ in _rejoined(_raw_parts(line)))


def _rejoined(parts: list[str]) -> list[tuple[str, bool]]:
    """(name, whether padding split it) for the parts of a names line.

    A one-character part, or a compound surname on its own, is a fragment: the name
    is it and the part after it (a 2-character name is never one character, and
    欧阳 alone would be shown as 欧*, its next part 娜娜 as 娜*: the given name)."""
    names, index = [], 0
    while index < len(parts):
        fragment = len(parts[index]) == 1 or parts[index] in COMPOUND_SURNAMES
        taken = 2 if fragment else 1
        names.append(("".join(parts[index:index + taken]), fragment))
        index += taken
    return names


def score_findings(texts: list[tuple[tuple, Optional[str]]]) -> list[Finding]:
    """Scores and rankings (98分, 年级第1名) next to pupils' names are never published."""
    return [Finding(path, privacy.MESSAGES["score"]) for path, text in texts
            if text and any(leak.kind == "score" for leak in privacy.find_leaks(text, scores=True))]


def entry_texts(group: Group) -> list[tuple[tuple, Optional[str]]]:
    """(path, text) of every value of a group's entries, for the score check."""
    return [(group.path + (index, key), getattr(entry, key, None)) for index, entry in enumerate(group.recipients)
            for key in ("name", "names", "unit", "award")]
