"""Checks of a festival's results (活动节 › results).

`winner` was a free line for a class or a collective, and staff wrote pupils into it
(二年级（3）班 王小明), published unmasked and without consent. A winner must now
plainly be a collective (it ends with 班, 队, 组, 年级, 社团 …); a class followed by
names is refused with the way to write it as `recipients`, the names masked in the
message because CI logs are public.
"""
from __future__ import annotations

import re
from typing import Any

from ..echo import quoted
from .base import Finding
from .recipients import (NAME_SEPARATORS, Group, entry_findings, entry_texts, masked_names_line,
                         score_findings)

# What the name of a class or a collective ends with (after a note in brackets, 宿舍（三楼）).
COLLECTIVE_ENDINGS = ("班", "队", "组", "集体", "年级", "社团", "社", "团", "宿舍", "学校", "校区", "学生会", "委员会",
                      "协会", "俱乐部", "部", "室", "全体", "师生")
_TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
# the class a winner starts with: up to its first 班, else its first 年级 (and a bracketed number)
_CLASS = re.compile(r".*?班|.*?年级(?:\s*[（(][^（）()]*[）)])?")
_BEFORE_NAMES = " \u3000:：-—,，、"


def collectives_in(winner: str) -> list[str]:
    """The collectives a winner line names: tied classes share one line (第二名：初一8班 初一3班)
    when every part is a collective; otherwise the line is one name, as typed."""
    parts = [part for part in NAME_SEPARATORS.split(winner.strip()) if part]
    if len(parts) > 1 and all(is_collective(part) for part in parts):
        return parts
    return [winner]


def is_collective(winner: str) -> bool:
    core = winner
    while _TRAILING_NOTE.search(core):
        core = _TRAILING_NOTE.sub("", core)
    return core.endswith(COLLECTIVE_ENDINGS)


def result_findings(record: Any, site: Any) -> list[Finding]:
    findings = []
    for index, result in enumerate(record.results):
        findings += shape_findings(result, index)
    groups = [group for group in record.result_groups() if group.path[-1] == "recipients" and group.recipients]
    for group in groups:
        findings += entry_findings(group)
    # a list without its recipient_kind is refused above; the consent rule waits until it says 学生
    pupils = [group for group in groups if record.results[group.path[1]].recipient_kind == "学生"]
    return findings + consent_findings(record, site, pupils)


def shape_findings(result: Any, index: int) -> list[Finding]:
    """A result names a collective in winner, or people in recipients (with their kind)."""
    at = ("results", index)
    if result.winner is not None and result.recipients:
        return [Finding(at + ("recipients",), "winner 和 recipients 只能写一个：班级或集体获奖写 winner，"
                                              "个人获奖写 recipient_kind 和 recipients。", on_key=True)]
    if result.winner is not None:
        if result.recipient_kind is not None:
            return [Finding(at + ("recipient_kind",), "recipient_kind 只和 recipients 一起写：班级或集体写 winner 时，"
                                                      "请删掉 recipient_kind。", on_key=True)]
        return winner_findings(result.winner, at + ("winner",))
    if not result.recipients:
        if result.recipient_kind is not None:
            return [Finding(at + ("recipient_kind",), f"获奖对象是{result.recipient_kind}，"
                                                      "请在 recipients 里列出获奖名单。", on_key=True)]
        return [Finding(at, "这一项缺少获奖者：班级或集体获奖写 winner，例如 winner: 二年级（3）班；"
                            "学生个人获奖写 recipient_kind: 学生 和 recipients。")]
    if result.recipient_kind is None:
        return [Finding(at + ("recipients",), "写了 recipients 时，请写 recipient_kind：学生、教师或集体。",
                        on_key=True)]
    return []


def winner_findings(winner: str, at: tuple) -> list[Finding]:
    if is_collective(winner):
        return []
    core = _TRAILING_NOTE.sub("", winner)
    unit = _CLASS.match(core)
    rest = core[unit.end():].lstrip(_BEFORE_NAMES) if unit else ""
    if not rest:
        return [Finding(at, "winner 只写班级或集体的名称，要以 班、队、组、年级、社团、集体 等结尾，例如 二年级（3）班、"
                            "民乐社团、五年级组。学生或老师个人获奖请删掉 winner，改写成 recipient_kind（学生或教师）"
                            "和 recipients：每个班级（学科）一项，写 unit 和 name（一个人）或 names（多人）。")]
    class_name = unit.group().strip()
    shown = core[:len(core) - len(rest)] + masked_names_line(rest)
    return [Finding(at, f"winner 只写班级或集体，这里在班级后面写了学生姓名（“{quoted(shown)}”，姓名已打码）。"
                        "学生获奖请删掉 winner，改写成 recipient_kind: 学生 和 recipients：recipients 里每个班级一项，"
                        f"写 unit: {quoted(class_name)} 和 names: 这个班获奖学生的姓名（多人用空格或顿号隔开）。"
                        "网站上学生姓名按学校规定打码显示，发布前须取得监护人同意（guardian_consent: true）。")]


def consent_findings(record: Any, site: Any, pupil_groups: list[Group]) -> list[Finding]:
    """Pupils named in results need consent (the festival's one flag, which its photos use too);
    scores and rankings are never published next to them."""
    if not pupil_groups:
        return []
    findings = []
    policy = record.name_display or (site.school.site.student_names if site.school else "masked")
    if policy != "class_only" and record.guardian_consent is not True:
        shown = "全名" if policy == "full" else "姓名（打码显示）"
        given = record.guardian_consent is not None
        findings.append(Finding(("guardian_consent",) if given else pupil_groups[0].path,
                                f"比赛结果会公开学生的{shown}，需要监护人同意：取得同意后请写 guardian_consent: true"
                                "（这一项同时适用于活动照片和比赛结果里的学生姓名）；"
                                "没有同意时请写 name_display: class_only，只显示班级。", on_key=not given))
    texts = [(group.path[:-1] + (key,), getattr(record.results[group.path[1]], key))
             for group in pupil_groups for key in ("item", "award")]
    texts += [text for group in pupil_groups for text in entry_texts(group)]
    return findings + score_findings(texts)
