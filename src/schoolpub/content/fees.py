"""收费公示: data/fees/<id>.yml, one fee notice each.

What a notice must show follows the education-fee disclosure rules: item,
standard, legal basis (approving body and document number), who pays, billing
unit, complaint phones, reductions; service fees and fees collected on behalf
of others must be voluntary.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import Field

from ..fields import Contact, Date, Flag, Line, Money, Paragraphs, Period, SchoolYear, Strict
from .base import ContentType, Finding, Record

FEE_KINDS = ("学费", "住宿费", "服务性收费", "代收费", "其他")
VOLUNTARY_KINDS = ("服务性收费", "代收费")
TERMS = ("第一学期", "第二学期", "全学年")


class Basis(Strict):
    issuer: Line = Field(title="批准机关", description="批准这项收费的部门，例如 示例市发展和改革委员会")
    document: Line = Field(title="文件文号", description="例如 示发改价格〔2023〕12号")


class FeeItem(Strict):
    name: Line = Field(title="收费项目", description="例如 住宿费、课后服务费")
    kind: Literal[FEE_KINDS] = Field(title="收费类别", description="学费、住宿费、服务性收费、代收费、其他")  # type: ignore[valid-type]
    amount: Money = Field(title="收费标准（金额）", description="只写数字，单位写在 unit，例如 300 或 1200.50")
    unit: Line = Field(title="计费单位", description="例如 元/生·学期、元/生·月、元/生·次")
    voluntary: Flag = Field(False, title="是否自愿", description="true＝家长自愿选择；服务性收费和代收费必须为 true")
    basis: Optional[Basis] = Field(None, title="收费依据", description="批准机关和文件文号；自愿项目可以不填")
    payers: Optional[Line] = Field(None, title="收费对象", description="只有部分学生缴纳时填写，例如 住校生")
    note: Optional[Line] = Field(None, title="备注")


class FeeNotice(Record):
    title: Line = Field(title="标题", description="例如 2025学年第一学期收费公示")
    school_year: SchoolYear = Field(title="学年", description="例如 2025-2026")
    term: Literal[TERMS] = Field(title="学期", description="第一学期、第二学期或全学年")  # type: ignore[valid-type]
    payers: Line = Field(title="收费范围", description="哪些学生缴费，例如 一至六年级全体学生")
    items: list[FeeItem] = Field(min_length=1, title="收费项目", description="每个收费项目一项")
    reductions: Paragraphs = Field(title="减免政策", description="哪些学生可以减免、怎么申请")
    refund: Paragraphs = Field(title="退费办法", description="中途退出、转学等情况怎么退费")
    services: Optional[Paragraphs] = Field(None, title="服务内容", description="服务性收费包含哪些服务")
    complaint_phones: list[Contact] = Field(
        min_length=1, title="监督投诉电话", description="学校、教育局、价格举报（12315）等电话")
    collection_start: Optional[Date] = Field(None, title="开始收费日期", description="用于检查是否提前公示")
    display: Period = Field(title="公示期", description="公示开始和结束日期")
    issuer: Line = Field(title="公示单位", description="例如 示例市实验小学")
    issued: Date = Field(title="公示日期", description="发出公示的日期")


def check_fee_notice(record: FeeNotice, site) -> list[Finding]:
    findings = []
    for index, item in enumerate(record.items):
        where = ("items", index)
        if item.amount <= 0:
            findings.append(Finding(where + ("amount",), "收费金额要大于 0。不收费的项目请不要列出。"))
        if item.kind in VOLUNTARY_KINDS and not item.voluntary:
            findings.append(Finding(where + ("voluntary",), f"{item.kind}必须由家长自愿选择，"
                                                            "请写 voluntary: true（并在说明里写清自愿原则）。"))
        elif item.basis is None and not item.voluntary:  # a voluntary kind's fix is `voluntary: true`
            findings.append(Finding(where, f"收费项目“{item.name}”缺少收费依据。请加上 basis:，写明批准机关"
                                           "（issuer）和文件文号（document）；只有自愿项目可以不写。"))
    if record.display.start < record.issued:
        findings.append(Finding(("display", "start"), f"公示开始日期（{record.display.start}）早于公示日期"
                                                      f"（{record.issued}）。"))
    if record.collection_start:
        lead = site.school.site.fee_notice_lead_days if site.school else 7
        latest_start = record.collection_start - dt.timedelta(days=lead)
        if record.display.start > latest_start:
            findings.append(Finding(("display", "start"), f"收费前至少要公示 {lead} 天：开始收费日期是 "
                                                          f"{record.collection_start}，公示最晚要在 {latest_start} 开始。"))
    return findings


def check_fee_notices(records: dict[str, FeeNotice], site):
    """One notice per school year, term and payers; a whole-year notice covers both terms."""
    seen: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (year, payers) → [(term, id)]
    for record_id, record in sorted(records.items()):
        earlier = seen.setdefault((record.school_year, record.payers), [])
        clash = next(((term, other_id) for term, other_id in earlier
                      if "全学年" in (term, record.term) or term == record.term), None)
        if clash:
            whole_year = "（全学年包括两个学期）" if "全学年" in (clash[0], record.term) else ""
            yield record_id, Finding(("term",), f"{record.school_year} 学年{record.term}（{record.payers}）"
                                                f"和 {clash[1]}.yml 的收费时段重叠{whole_year}。"
                                                "同一范围同一时段只能有一份，请修改原来那份，或者写清不同的收费范围（payers）。")
        else:
            earlier.append((record.term, record_id))


FEES = ContentType(name="fees", label="收费公示", model=FeeNotice, check=check_fee_notice, check_all=check_fee_notices)
