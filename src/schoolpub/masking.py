"""Masking a pupil's name: 王小琪 → 王*琪, 欧阳娜娜 → 欧阳**.

Masking keeps the surname and hides the rest: 王*琪, 王*, 欧阳** — a compound
surname is kept whole (a naive name[0] + "*" + name[2:] turns 欧阳娜娜 into
欧*娜娜 and leaks the given name). Names with a middle dot (迪丽娜尔·艾力)
keep the first character of the first part only.

Outside views/ because the data gate (namescan.py) masks the names it reports and
reads compound surnames too, and must not load the page templates to do so.
"""
from __future__ import annotations


COMPOUND_SURNAMES = frozenset(
    "欧阳 太史 端木 上官 司马 东方 独孤 南宫 万俟 闻人 夏侯 诸葛 尉迟 公羊 赫连 澹台 皇甫 宗政 濮阳 公冶 太叔 申屠 "
    "公孙 慕容 仲孙 钟离 长孙 宇文 司徒 鲜于 司空 闾丘 子车 亓官 司寇 巫马 公西 颛孙 壤驷 公良 漆雕 乐正 宰父 谷梁 "
    "拓跋 夹谷 轩辕 令狐 段干 百里 呼延 东郭 南门 羊舌 微生 公户 公玉 公仪 梁丘 公仲 公上 公门 公山 公坚 左丘 公伯 "
    "西门 公祖 第五 公乘 贯丘 公皙 南荣 东里 东宫 仲长 子书 子桑 即墨 达奚 褚师 吴铭".split()
)


def surname_length(name: str) -> int:
    return 2 if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES else 1


def masked(name: str) -> str:
    """王小琪 → 王*琪, 王琪 → 王*, 欧阳娜娜 → 欧阳**, 司马光 → 司马*, 迪丽娜尔·艾力 → 迪***·**."""
    name = name.strip()
    if "·" in name or "•" in name:
        parts = name.replace("•", "·").split("·")
        return "·".join(([parts[0][0] + "*" * (len(parts[0]) - 1)] if parts[0] else [])
                        + ["*" * len(part) for part in parts[1:]])
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
