"""People's names as the site compares and shows them; pupils' names masked by default.

Names arrive padded: lists pasted from Word or a spreadsheet align two-character
names with a full-width space (王　琪), and web pages bring no-break and zero-width
spaces. Masked as typed, 王　琪 became 王*琪 (the given name published) where 王琪
becomes 王*. So every name is normalised first (`normalised_name`): the spaces inside
a Chinese name go, invisible characters go, and the middle-dot variants of
minority and foreign names (迪丽娜尔•艾力, ・, ‧, ．) become `·`. Comparing names
(duplicates, a name in free text) uses the same function.

Masking keeps the surname and hides the rest: 王*琪, 王*, 欧阳** — a compound
surname is kept whole (a naive name[0] + "*" + name[2:] turns 欧阳娜娜 into
欧*娜娜 and leaks the given name). Names with a middle dot (迪丽娜尔·艾力)
keep the first character of the first part only.
"""
from __future__ import annotations

import re

from .hygiene import SUSPECT

COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 太叔 申屠 "
    "公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 "
    "拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 公户 公玉 公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 "
    "西门 公祖 第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 褚师 吴铭".split()
)

MIDDLE_DOT = "·"
# · • ‧ ・ ･ ∙ ⋅ ． : what input methods and fonts give for the dot in 迪丽娜尔·艾力
_DOTS = re.compile("[\u00b7\u2022\u2027\u30fb\uff65\u2219\u22c5\uff0e]+")
_CJK = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Python's \s covers the ordinary, no-break, en/em, narrow and ideographic (full-width) spaces.
_SPACE_BY_CJK = re.compile(rf"\s+(?=[{_CJK}{MIDDLE_DOT}])|(?<=[{_CJK}{MIDDLE_DOT}])\s+")
_FULL_STOP_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])\.(?=[{_CJK}])")


def normalised_name(name: str) -> str:
    """王　琪 → 王琪, 欧阳 娜娜 → 欧阳娜娜, 迪丽娜尔 • 艾力 → 迪丽娜尔·艾力, 王\u200b琪 → 王琪.

    Spaces are removed only next to a Chinese character or the middle dot: a name in
    Latin letters keeps one space between its words."""
    text = SUSPECT.sub("", name)
    text = _DOTS.sub(MIDDLE_DOT, text)
    text = _SPACE_BY_CJK.sub("", text)
    text = _FULL_STOP_BETWEEN_CJK.sub(MIDDLE_DOT, text)
    return " ".join(text.split()).strip(MIDDLE_DOT)


def surname_length(name: str) -> int:
    return 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1


def masked(name: str) -> str:
    """王小琪 → 王*琪, 王琪 → 王*, 欧阳娜娜 → 欧阳**, 司马光 → 司马*, 迪丽娜尔·艾力 → 迪***·**."""
    name = normalised_name(name)
    if MIDDLE_DOT in name:
        parts = name.split(MIDDLE_DOT)
        return MIDDLE_DOT.join([parts[0][0] + "*" * (len(parts[0]) - 1)] + ["*" * len(part) for part in parts[1:]])
    if len(name) <= 1:
        return "*"
    keep = surname_length(name)
    if keep == 2:
        return name[:2] + "*" * (len(name) - 2)
    if len(name) == 2:
        return name[0] + "*"
    if len(name) == 3:
        return name[0] + "*" + name[2]
    return name[0] + "*" * (len(name) - 1)


def shown_name(name: str, unit: str | None, policy: str) -> str:
    """A pupil's name under a display policy: masked, class_only or full."""
    if policy == "full":
        return normalised_name(name)
    if policy == "class_only":
        return f"{unit}同学" if unit else "一名同学"
    return masked(name)
