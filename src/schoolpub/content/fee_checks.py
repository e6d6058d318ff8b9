"""The checks of a fee notice: errors where nothing true can be published, compliance notes
(`Finding(notice=True)`: shown in `make check` and CI, never failing a build) where the school's
notice leaves out what a rule asks it to post (fee_rules.py cites each rule)."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any, Optional

from .base import Finding, oldest_first
from ..echo import quoted
from ..month_dates import MonthOnly
from .fee_rules import (RULE_781, basis_without_number_note, kind_note, kind_problem, missing_basis_note, missing_fact_note,
                        missing_term_note, stage_of, voluntary_note, voluntary_problem)
from .fee_sums import money, published_check
from .fee_terms import covered_for, first_free, terms_of

PRICING_KEYS = ("amount", "prices", "max_amount")
# Labels that name a school grade: 一年级…九年级, 1年级, 初一…初三, 高一…高三, 小班/中班/大班.
GRADE_LIKE = re.compile(r"(?:[一二三四五六七八九]|[1-9])年级|[初高][一二三]|[小中大]班")


def _basis_path(basis: Any, index: int) -> tuple:
    return ("basis", index) if isinstance(basis, list) else ("basis",)


def _bases(basis: Any) -> list:
    return [] if basis is None else list(basis) if isinstance(basis, list) else [basis]


def _check_bases(where: tuple, basis: Any) -> list[Finding]:
    findings = []
    for index, one in enumerate(_bases(basis)):
        path = where + _basis_path(basis, index)
        if not (one.document or one.issuer or one.title):
            findings.append(Finding(path, "收费依据是空的。请写文号 document:（例如 常价费〔2011〕124号），"
                                          "也可以加上发文机关 issuer: 和文件标题 title:。", on_key=True))
        elif not one.document and not one.filed:
            findings.append(Finding(path, basis_without_number_note(one), notice=True, rule="basis.no_number"))
    return findings


def _not_a_grade(label: str, grades: list[str]) -> Optional[str]:
    """Why a label that names (or nearly names) a grade is not one of the notice's grades; None if fine."""
    if label in grades:
        return None
    listed = "、".join(dict.fromkeys(grades))
    if GRADE_LIKE.fullmatch(label):
        return (f"“{label}”不在本公示的年级（grades）里。本公示的年级：{listed}。"
                "如果这个年级也要缴费，请先把它加进 grades。")
    close = difflib.get_close_matches(label, grades, n=1, cutoff=0.6)
    if close:
        return f"“{label}”不在本公示的年级（grades）里。是不是“{close[0]}”？本公示的年级：{listed}。"
    return None


def _check_pricing(where: tuple, item: Any, grades: Optional[list[str]]) -> list[Finding]:
    given = [key for key in PRICING_KEYS if getattr(item, key) is not None]
    if not given and not item.settled:
        return [Finding(where + ("name",), f"收费项目“{item.name}”没有写收费标准。按{RULE_781}，收费公示应写明收费标准："
                                           "原公示写了的，请写 amount:（固定金额）、prices:（几档金额）或 max_amount:（最高金额），"
                                           "没有固定金额的写 settled: 说明怎样收取（例如 按实收取）；原公示确实没有写的，"
                                           "页面上写“未注明”。", notice=True, rule="standard.missing")]
    if len(given) > 1:
        return [Finding(where + (given[1],), f"收费项目“{item.name}”同时写了 {given[0]} 和 {given[1]}，只能选一种："
                                             "固定金额写 amount，几档金额写 prices，只规定上限写 max_amount。"
                                             "怎样结算可以另写在 settled 里。", on_key=True)]
    findings = []
    if item.amount is not None and item.amount <= 0:
        findings.append(Finding(where + ("amount",), "收费金额要大于 0。不收费的项目请不要列出；"
                                                     "年级表里某个年级写的是 0，请用 prices 按年级写。"))
    if item.max_amount is not None and item.max_amount <= 0:
        findings.append(Finding(where + ("max_amount",), "最高金额要大于 0。"))
    labels: set[str] = set()
    for index, price in enumerate(item.prices or ()):
        if price.amount <= 0 and price.label not in (grades or ()):  # a grade table's published 0 is a value
            findings.append(Finding(where + ("prices", index, "amount"), f"“{price.label}”的金额要大于 0。"
                                                                         "这一档不收费就不要列出。"))
        if price.shown is not None and price.amount != 0:
            findings.append(Finding(where + ("prices", index, "shown"),
                                    f"“{price.label}”写了 shown: {price.shown}，但金额是 {money(price.amount)}。shown 只用于原表"
                                    "这一格写的是文字（例如 不收）、金额是 0 的情况：请把 amount 改成 0，或者删去 shown。"))
        if price.label in labels:
            findings.append(Finding(where + ("prices", index, "label"), f"“{price.label}”写了两次，每一档只写一次。"))
        labels.add(price.label)
    if given and not item.unit:
        findings.append(Finding(where, f"收费项目“{item.name}”缺少计费单位。请加上 unit:，"
                                       "例如 元/生·学期、元/生·月、元/生·天、元/套；原公示只写“单位：元”的，写 元。"))
    if item.months is not None and not 0 < item.months <= 12:
        findings.append(Finding(where + ("months",), f"收费月数要在 1 到 12 之间（现在是 {item.months}）。"))
    if item.months is not None and not (item.unit and item.unit.rstrip().endswith("月")):
        findings.append(Finding(where + ("months",), "只有按月计费的项目（unit 以“月”结尾，例如 元/生·月）才写 months。",
                                on_key=True))
    return findings


def _check_grades(where: tuple, item: Any, grades: Optional[list[str]]) -> list[Finding]:
    findings = []
    if grades is None:
        if item.grades:
            findings.append(Finding(where + ("grades",), "只有在公示里写了年级（grades:）时，项目才能写适用年级。"
                                                         "请在公示开头加上 grades:，列出全部年级。", on_key=True))
        return findings
    for index, price in enumerate(item.prices or ()):
        problem = _not_a_grade(price.label, grades)
        if problem:
            findings.append(Finding(where + ("prices", index, "label"), problem))
    for index, grade in enumerate(item.grades or ()):
        problem = _not_a_grade(grade, grades)
        if grade not in grades:
            findings.append(Finding(where + ("grades", index), problem or f"“{grade}”不在本公示的年级（grades）里。"
                                                                          f"本公示的年级：{'、'.join(dict.fromkeys(grades))}。"))
    if item.grades and any(price.label in grades for price in item.prices or ()):
        findings.append(Finding(where + ("grades",), f"收费项目“{item.name}”已经按年级分档（prices），"
                                                     "不用再写 grades。", on_key=True))
    return findings


def _check_rules(where: tuple, item: Any, notice: Any, stage: Optional[str]) -> list[Finding]:
    findings = []
    problem = kind_problem(item, stage)
    if problem:
        findings.append(Finding(where + ("kind",), problem, rule="kind.stage"))
    problem = voluntary_problem(item, stage)
    if problem:
        findings.append(Finding(where + ("voluntary",), problem, rule="voluntary.compulsory"))
    for rule, note in (("kind.tuition", kind_note(item, stage)), ("voluntary.unstated", voluntary_note(item, stage))):
        if note:
            findings.append(Finding(where + ("kind",), note, notice=True, rule=rule))
    if not notice.bases_of(item):
        note = missing_basis_note(item)
        if note:
            findings.append(Finding(where + ("name",), note, notice=True, rule="basis.missing"))
    if item.payers and notice.payers and item.payers != notice.payers and re.search(r"全体|所有", item.payers):
        findings.append(Finding(where + ("payers",), f"收费对象“{item.payers}”和公示的收费范围“{notice.payers}”写得不一样，"
                                                    "所以这一项单独列出，不算进全体学生的金额。如果全体学生都交，"
                                                    "请删去这一项的 payers，或写得和收费范围一样。", notice=True))
    return findings


def _check_totals(notice: Any, compare: bool) -> list[Finding]:
    findings, seen = [], set()
    for index, total in enumerate(notice.totals or ()):
        where = ("totals", index)
        if notice.grades and total.grade not in notice.grades:
            problem = _not_a_grade(total.grade, notice.grades) if total.grade else None
            findings.append(Finding(where + (("grade",) if total.grade else ()), problem or (
                f"本公示按年级列出，每个合计都要写是哪个年级：grade:（{'、'.join(notice.grades)}）。"
                if not total.grade else f"“{total.grade}”不在本公示的年级（grades）里。"), on_key=not total.grade))
            continue
        if not notice.grades and total.grade:
            findings.append(Finding(where + ("grade",), "本公示没有按年级列出（没有 grades:），合计不用写年级。", on_key=True))
            continue
        key = (total.grade, total.payers)
        if key in seen:
            findings.append(Finding(where, "这个合计写了两次，每个年级（每类学生）只写一个合计。"))
        seen.add(key)
        if compare:  # sums of items that are themselves wrong would only confuse
            findings += _compare_total(where, notice, total)
    return findings


def _compare_total(where: tuple, notice: Any, total: Any) -> list[Finding]:
    check = published_check(notice, total.grade, total.payers, total.amount)
    if check.matches:
        return []
    who = "、".join(part for part in (total.grade, total.payers) if part)
    if not check.parts:
        return [Finding(where + ("amount",), f"{who or '本公示'}没有能加起来核对的收费项目（都没有固定金额，或都不是这个年级的）。"
                                             "请核对合计写的是哪个年级、哪类学生，或者删去这个合计。")]
    added = " + ".join(f"{name} {money(amount)}" for name, amount in check.parts)
    gap = abs(check.published - check.ours)
    return [Finding(where + ("amount",),
                    f"{who + '：' if who else ''}你写的合计 {money(check.published)} 元，按各项目加起来是 "
                    f"{money(check.ours)} 元（{added}），相差 {money(gap)} 元：请核对各项金额和合计是否照原公示录入。"
                    "原公示的合计本身算错的，请向学校财务核实后写正确的金额，并在 remarks 里说明。")]


def _check_inherited(notice: Any, school: Any) -> list[Finding]:
    defaults = school.fees if school is not None else None
    findings = []
    for key, what in (("complaint_phones", "投诉、举报电话"), ("reductions", "减免政策")):
        if getattr(notice, key) is None:
            inherited = defaults is not None and getattr(defaults, key) is not None
            findings.append(Finding(("title",), missing_fact_note(what, key, inherited), notice=True,
                                    rule=f"{key}.missing"))
    return findings


def check_fee_notice(record: Any, site) -> list[Finding]:
    school = site.school
    stage = stage_of(record, school)
    findings = _check_bases((), record.basis)
    if record.grades:
        for index, grade in enumerate(record.grades):
            if grade in record.grades[:index]:
                findings.append(Finding(("grades", index), f"年级“{grade}”写了两次。"))
    for index, item in enumerate(record.items):
        where = ("items", index)
        findings += _check_pricing(where, item, record.grades)
        findings += _check_grades(where, item, record.grades)
        findings += _check_bases(where, item.basis)
        findings += _check_rules(where, item, record, stage)
    findings += _check_totals(record, compare=not any(finding.path[:1] == ("items",) and not finding.notice
                                                      for finding in findings))
    findings += _check_inherited(record, school)
    if record.school_year is None or record.term is None:
        findings.append(Finding(("title",), missing_term_note(record.school_year is None, record.term is None),
                                notice=True))
    findings += _check_dates(record, school)
    return findings


def _check_dates(record: Any, school: Any) -> list[Finding]:
    findings = []
    if record.display and record.display.start < record.issued:
        findings.append(Finding(("display", "start"), f"公示开始日期（{record.display.start}）早于公示日期"
                                                      f"（{record.issued}）。"))
    if record.collection_start:
        lead = school.site.fee_notice_lead_days if school else 7
        latest_start = record.collection_start - dt.timedelta(days=lead)
        shown = record.display.start if record.display else record.issued  # a month: its first day
        where = ("display", "start") if record.display else ("issued",)
        if shown > latest_start:
            findings.append(Finding(where, f"收费前至少要公示 {lead} 天：开始收费日期是 "
                                           f"{record.collection_start}，公示最晚要在 {latest_start} 开始。",
                                    rule="lead_days"))
        elif isinstance(shown, MonthOnly) and shown.last_day > latest_start:  # too late only on some days of it
            findings.append(Finding(where, f"公示日期只写到月（{shown.year}年{shown.month}月），无法核对是否在收费前至少 "
                                           f"{lead} 天公示：开始收费日期是 {record.collection_start}，公示最晚要在 "
                                           f"{latest_start} 开始。原公示写了公示期的，请写 display:。", notice=True,
                                    rule="lead_days.unverifiable"))
    return findings


def check_fee_notices(records: dict[str, Any], site):
    """One notice per school year, term and payers; a whole-year notice covers both terms. Of two
    that clash, the later one (by issued, then file name) is reported and names the earlier. A notice
    that states no year or term is left out: which term it is would be a guess (missing_term_note)."""
    kept: list[tuple[str, Any]] = []
    for record_id, record in oldest_first(records, lambda notice: notice.issued):
        terms = set(terms_of(record))
        clash = next(((other_id, other) for other_id, other in kept
                      if other.payers == record.payers and terms & set(terms_of(other))), None)
        if clash:
            yield record_id, _overlap(record_id, record, *clash, records.values())
        elif terms:
            kept.append((record_id, record))


def _overlap(record_id: str, record: Any, other_id: str, other: Any, notices) -> Finding:
    """Both files, the newer first, and the three ways out: edit the old one, another term, other payers."""
    whole_year = "（全学年包括两个学期）" if "全学年" in (record.term, other.term) else ""
    scope = f"，收费范围都是“{quoted(record.payers)}”" if record.payers else ""
    free = first_free(covered_for(notices, record.payers), max(terms_of(record)))
    return Finding(("term",), f"{record_id}.yml（{record.school_year} 学年{record.term}，公示日期 {record.issued}）和 "
                              f"{other_id}.yml（{other.school_year} 学年{other.term}，公示日期 {other.issued}）"
                              f"的收费时段重叠{whole_year}{scope}。同一范围同一时段只能有一份：要修改原来的公示，"
                              f"请直接改 {other_id}.yml，并删去 {record_id}.yml；是另一个学期的公示，请改 school_year "
                              f"和 term（下一个还没有公示的学期是 {free.label}）；收费范围不同的，请写清 payers。")
