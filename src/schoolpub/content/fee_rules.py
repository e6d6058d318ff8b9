"""The fee rules a notice is checked against, per school stage, each with the document it comes from.

Read before encoding (addresses in tests/fixtures/fee_notices/README.md):
- 发改价检〔2003〕781号 (all schools): post 收费项目、收费标准、收费依据（批准机关和文号）、收费范围、
  减免政策 and 投诉、举报电话. A notice that leaves one out is still published as the school wrote it:
  its omission is a compliance note, never an error, and never filled in with an invented value.
- 发改价格〔2010〕1619号 (primary and secondary schools, 义务教育 and 高中阶段): 服务性收费 and 代收费 are
  services the pupil or parent chooses (自愿); a 代收费 collected from everyone needs a document saying so.
- 《幼儿园收费管理暂行办法》（发改价格〔2011〕3207号）: a kindergarten charges 保育教育费 (not 学费) and
  住宿费, monthly or per term (art. 14); 伙食费 is a normal charge there; 代收费 and 服务性收费 are the
  parents' choice.
- 义务教育法 art. 2: compulsory education charges no 学费 or 杂费 (a private school may: only a note).

Nothing here forces 自愿 where no rule does: 伙食费 by cost, a 工本费 or a uniform at a government-set
price are typed as the school published them.
"""
from __future__ import annotations

import re
from typing import Any, Optional

STAGES = ("幼儿园", "义务教育", "普通高中")
FEE_KINDS = ("学费", "保育教育费", "住宿费", "伙食费", "行政事业性收费", "服务性收费", "代收费", "代办服务性收费", "其他")
# Charged by the school on a government-set or approved standard: their basis is what 781号 asks for.
GOVERNMENT_SET_KINDS = ("学费", "保育教育费", "住宿费", "行政事业性收费")
VOLUNTARY_KINDS = ("服务性收费", "代收费", "代办服务性收费")

RULE_781 = "《关于做好2003年教育收费公示工作的通知》（发改价检〔2003〕781号）"
RULE_1619 = "《国家发展改革委 教育部关于规范中小学服务性收费和代收费管理有关问题的通知》（发改价格〔2010〕1619号）"
RULE_3207 = "《幼儿园收费管理暂行办法》（发改价格〔2011〕3207号）"
RULE_COMPULSORY = "《中华人民共和国义务教育法》第二条"


def stage_of(notice: Any, school: Any) -> Optional[str]:
    """The notice's stage, else the school's fee default; unstated, a notice with 保育教育费 is a kindergarten's."""
    stated = notice.stage or (school.fees.stage if school is not None and school.fees else None)
    if stated:
        return stated
    return "幼儿园" if any(item.kind == "保育教育费" for item in notice.items) else None


def voluntary_rule(stage: Optional[str]) -> str:
    return RULE_3207 if stage == "幼儿园" else RULE_1619


def authorised_for_everyone(item: Any) -> bool:
    """A 代收费 the item's own document lets the school collect from everyone (e.g. 作业本费, 1619号)."""
    return item.kind == "代收费" and any(basis.document for basis in item.bases)


def choice(item: Any) -> str:
    """必交 / 自愿 / 按规定自愿 (voluntary by rule, the notice is silent) for one item."""
    if item.voluntary is True:
        return "自愿"
    if item.voluntary is None and item.kind in VOLUNTARY_KINDS and not authorised_for_everyone(item):
        return "按规定自愿"
    return "必交"


def kind_problem(item: Any, stage: Optional[str]) -> Optional[str]:
    """An error when the item's kind cannot exist at this stage."""
    if stage == "幼儿园" and item.kind == "学费":
        return (f"幼儿园收取的是保育教育费，不是学费（{RULE_3207}）。请把 kind 改成 保育教育费；"
                "如果这不是幼儿园的公示，请改正 stage。")
    if stage in ("义务教育", "普通高中") and item.kind == "保育教育费":
        return (f"保育教育费是幼儿园的收费（{RULE_3207}），本公示的学段是{stage}。"
                "请改正 kind，或者把 stage 改成 幼儿园。")
    return None


def kind_note(item: Any, stage: Optional[str]) -> Optional[str]:
    if stage == "义务教育" and item.kind == "学费":
        return (f"按{RULE_COMPULSORY}，实施义务教育不收学费、杂费。公办学校请核对这一项；"
                "民办学校收取学费的，可以不理会这条提示。")
    return None


def voluntary_problem(item: Any, stage: Optional[str]) -> Optional[str]:
    """An error when an item a rule makes voluntary is written as not voluntary."""
    if item.voluntary is not False or item.kind not in VOLUNTARY_KINDS or authorised_for_everyone(item):
        return None
    rule = voluntary_rule(stage)
    if item.kind == "代收费":
        example = "" if stage == "幼儿园" else "（例如义务教育阶段的作业本费）"
        return (f"按{rule}，代收费要遵循{'家长' if stage == '幼儿园' else '学生'}自愿原则。"
                f"如果文件规定这项代收费全体{'幼儿' if stage == '幼儿园' else '学生'}都要缴纳{example}，"
                "请在这一项的 basis: 里写明文件文号（document）；"
                "否则请写 voluntary: true，或者删去 voluntary（原公示没有写是否自愿时）。")
    return (f"按{rule}，{item.kind}必须由学生或家长自愿选择，不能写 voluntary: false。"
            "请写 voluntary: true，或者删去 voluntary（原公示没有写是否自愿时）。")


def voluntary_note(item: Any, stage: Optional[str]) -> Optional[str]:
    if choice(item) != "按规定自愿":
        return None
    authorised = ("；文件规定全体学生都要缴纳的，请在这一项的 basis: 里写明文号（document）"
                  if item.kind == "代收费" else "")
    return (f"按{voluntary_rule(stage)}，{item.kind}应由学生或家长自愿选择。本公示没有写明这一项是否自愿，"
            f"页面上注明“按规定自愿”，不计入必交金额。原公示写了自愿的，请写 voluntary: true{authorised}。")


def missing_basis_note(item: Any) -> Optional[str]:
    if item.kind not in GOVERNMENT_SET_KINDS:
        return None
    return (f"按{RULE_781}，{item.kind}应公示收费依据（批准机关和文号）。本项和整份公示都没有写，"
            "页面上写“未注明”。原公示写了的，请在这一项加上 basis:（只写文号也可以）。")


def basis_without_number_note(basis: Any) -> str:
    who = f"“{basis.issuer}”" if basis.issuer else "这个依据"
    return (f"收费依据{who}没有文号。按{RULE_781}，收费依据要写明批准机关和文号：原公示写了文号的，"
            "请写 document:；标准是经有关部门备案、没有文号的，请写 filed: 是。")


def missing_fact_note(what: str, school_key: str, inherited: bool) -> str:
    """A notice that leaves out what 781号 asks to post: the school's default is used, else 未注明."""
    if inherited:
        return (f"按{RULE_781}，收费公示应写明{what}。本公示没有写，页面将使用 school.yml 中 "
                f"fees: {school_key} 写的{what}。")
    return (f"按{RULE_781}，收费公示应写明{what}。本公示没有写，school.yml 的 fees: {school_key} 也没有，"
            f"页面上写“未注明”。原公示写了的请补上；全校统一的{what}可以写在 school.yml 的 fees: {school_key} 里。")


def missing_term_note(year_missing: bool, term_missing: bool) -> str:
    """A notice that states no school year or term. No national rule lists them among what a notice
    must post (781号 does not), so this cites none: it says what the page does instead of guessing."""
    what = ("学年和学期（school_year、term）" if year_missing and term_missing
            else "学年（school_year）" if year_missing else "学期（term）")
    sums = ("没有学期时，合计只把计费单位相同的项目加在一起（例如都按“元/生·学期”计费，就是每学期的合计），"
            "一次性和按月收取的项目单独列出；" if term_missing else "")
    return (f"本公示没有写{what}，页面上写“未注明”。原公示写了的请补上；没有写的不要按公示日期推算。"
            f"{sums}这份公示不参加“同一学期只能有一份公示”的检查。")


# -- what period an amount is for, read from its unit -----------------------------------------------

TERM, YEAR, MONTH, DAY, ONCE, OTHER = "学期", "学年", "月", "天", "一次", "其他"
_ONE_OFF = ("生", "人", "元", "套", "件", "本", "双", "份", "册")


def billing_period(unit: Optional[str]) -> Optional[str]:
    """学期 / 学年 / 月 / 天 / 一次 / 其他 from units as schools write them: 元/生·学期, 元/生/学期,
    元/生·期, 每生每学期, 175元/月, 元/生·天, 元/套, 元/生（一次性）, 元/生·年 …; None without a unit."""
    if not unit:
        return None
    text = re.sub(r"\s", "", unit)
    if "一次性" in text:
        return ONCE
    tail = re.split(r"[/·・.／每]", text)[-1].strip("（）()")
    if "学年" in tail or tail.endswith("年"):
        return YEAR
    if "学期" in tail or tail == "期":
        return TERM
    if tail.endswith("月"):
        return MONTH
    if tail.endswith(("天", "日", "餐")):
        return DAY
    if tail in _ONE_OFF:
        return ONCE
    return OTHER


def notice_period(notice: Any) -> Optional[str]:
    """The period the notice's totals are for: its term's (全学年 → 学年, else 学期). A notice that
    states no term has the one period its items are billed by, 学期 or 学年, when they share it (300
    元/学期 + 100 元/学期 is 400 元 a term, whichever term that is); None when they mix the two or name
    neither, and then nothing adds up. Its one-off and monthly items never join such a total: which
    term they fall in is what the notice does not say."""
    if notice.term:
        return YEAR if notice.term == "全学年" else TERM
    periods = {billing_period(item.unit) for item in notice.items} & {TERM, YEAR}
    return periods.pop() if len(periods) == 1 else None
