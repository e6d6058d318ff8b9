"""收费公示: data/fees/<id>.yml, one fee notice each.

What a notice must show follows the education-fee disclosure rules: item,
standard, legal basis (approving body and document number, or a filing with
the pricing and education departments), who pays, billing unit, complaint
phones, reductions. Service fees (服务性收费) must be voluntary; fees collected
on behalf of others (代收费) must be voluntary unless a document authorises
collecting them from everyone (发改价格〔2010〕1619号).

An item is priced in exactly one way: a fixed `amount`, several `prices`
(per meal, per room type, per grade…), a cap `max_amount`, or none of those
with `settled` saying how it is settled (按实收取…). A notice with `grades`
is a grade × item table: price labels that are grades must be among them.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

from pydantic import Discriminator, Field, Tag

from ..fields import Contact, Date, Flag, Line, Money, Paragraphs, Period, SchoolYear, Strict
from .base import ContentType, Finding, Record

FEE_KINDS = ("学费", "住宿费", "服务性收费", "代收费", "其他")
VOLUNTARY_KINDS = ("服务性收费", "代收费")
TERMS = ("第一学期", "第二学期", "全学年")
RULE_1619 = "《国家发展改革委 教育部关于规范中小学服务性收费和代收费管理有关问题的通知》（发改价格〔2010〕1619号）"
PRICING_KEYS = ("amount", "prices", "max_amount")
# Labels that name a school grade: 一年级…九年级, 1年级, 初一…初三, 高一…高三, 小班/中班/大班.
GRADE_LIKE = re.compile(r"(?:[一二三四五六七八九]|[1-9])年级|[初高][一二三]|[小中大]班")


class Basis(Strict):
    issuer: Line = Field(title="批准机关", description="批准或备案这项收费的部门，例如 示例市发展和改革委员会")
    document: Optional[Line] = Field(None, title="文件文号",
                                     description="例如 示发改价格〔2023〕12号；只有备案（filed: 是）的标准可以不写")
    filed: Flag = Field(False, title="是否备案",
                        description="是＝经上述部门备案同意的标准，没有批准文号；否＝有批准文件（默认）")


# One basis written as a mapping, or several as a list; kept as written so a
# finding points at the exact line.
OneOrMoreBases = Annotated[
    Union[Annotated[Basis, Tag("basis[one]")], Annotated[list[Basis], Tag("basis[list]")]],
    Discriminator(lambda value: "basis[list]" if isinstance(value, list) else "basis[one]"),
]


def as_list(basis: Basis | list[Basis] | None) -> list[Basis]:
    if basis is None:
        return []
    return list(basis) if isinstance(basis, list) else [basis]


class Price(Strict):
    label: Line = Field(title="档次", description="例如 早餐、公寓化宿舍、新生、一年级（按年级收费时写年级）")
    amount: Money = Field(title="金额", description="只写数字，例如 8.3 或 340")


class FeeItem(Strict):
    name: Line = Field(title="收费项目", description="例如 住宿费、课后服务费")
    kind: Literal[FEE_KINDS] = Field(title="收费类别", description="学费、住宿费、服务性收费、代收费、其他")  # type: ignore[valid-type]
    amount: Optional[Money] = Field(None, title="收费标准（金额）",
                                    description="固定金额，只写数字，单位写在 unit，例如 300 或 1200.50")
    prices: Optional[list[Price]] = Field(None, min_length=1, title="分档收费标准",
                                          description="一个项目有几档金额时逐项写 label 和 amount，例如 早餐 3、中餐 8.3；"
                                                      "按年级收费时 label 写年级")
    max_amount: Optional[Money] = Field(None, title="最高金额", description="只规定上限时填写，例如 最高不超过 300 元就写 300")
    settled: Optional[Line] = Field(None, title="结算方式",
                                    description="没有固定金额时必填，例如 按实收取，学期结束多退少不补；也可以和金额一起写")
    unit: Optional[Line] = Field(None, title="计费单位",
                                 description="例如 元/生·学期、元/生·天、元/套、元/生（一次性）；写了金额就必填")
    voluntary: Flag = Field(False, title="是否自愿",
                            description="true＝家长自愿选择；服务性收费必须为 true，代收费不自愿时要写明批准文件")
    basis: Optional[OneOrMoreBases] = Field(
        None, title="收费依据", description="一个依据写 issuer 和 document；几个依据写成列表；"
                                           "不写则用公示的 basis；自愿项目可以不填")
    payers: Optional[Line] = Field(None, title="收费对象", description="只有部分学生缴纳时填写，例如 住校生")
    grades: Optional[list[Line]] = Field(None, min_length=1, title="适用年级",
                                         description="按年级列表的公示里，只有部分年级缴纳时填写，例如 [三年级, 四年级]")
    exemption: Optional[Line] = Field(None, title="免收对象", description="这一项的减免，例如 低保家庭子女免收")
    refund: Optional[Line] = Field(None, title="退费", description="这一项怎么退费，例如 多退少不补")
    note: Optional[Line] = Field(None, title="备注")

    @property
    def bases(self) -> list[Basis]:
        return as_list(self.basis)


class FeeNotice(Record):
    title: Line = Field(title="标题", description="例如 2025学年第一学期收费公示")
    school_year: SchoolYear = Field(title="学年", description="例如 2025-2026")
    term: Literal[TERMS] = Field(title="学期", description="第一学期、第二学期或全学年")  # type: ignore[valid-type]
    payers: Line = Field(title="收费范围", description="哪些学生缴费，例如 一至六年级全体学生")
    grades: Optional[list[Line]] = Field(
        None, min_length=1, title="年级",
        description="写了就按年级列出每个年级要交的费用，例如 [一年级, 二年级, 三年级, 四年级, 五年级, 六年级]")
    basis: Optional[OneOrMoreBases] = Field(
        None, title="统一收费依据", description="整份公示共用的收费依据（一个或几个），没有写 basis 的项目都用它")
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

    @property
    def bases(self) -> list[Basis]:
        return as_list(self.basis)

    def bases_of(self, item: FeeItem) -> list[Basis]:
        """The item's own bases, else the notice's."""
        return item.bases or self.bases

    def grade_amounts(self, item: FeeItem) -> dict[str, Optional[Decimal]]:
        """Grade → what the item costs in that grade (None: no fixed amount); absent: not paid there."""
        if not self.grades:
            return {}
        by_grade = {price.label: price.amount for price in item.prices or () if price.label in self.grades}
        if by_grade:
            return {grade: by_grade[grade] for grade in self.grades if grade in by_grade}
        if item.prices:
            return {grade: None for grade in self.grades if not item.grades or grade in item.grades}
        amount = item.amount if item.amount is not None else item.max_amount
        return {grade: amount for grade in self.grades if not item.grades or grade in item.grades}


def _basis_path(basis: Basis | list[Basis] | None, index: int) -> tuple:
    return ("basis", index) if isinstance(basis, list) else ("basis",)


def _check_bases(where: tuple, basis: Basis | list[Basis] | None) -> list[Finding]:
    findings = []
    for index, one in enumerate(as_list(basis)):
        if not one.document and not one.filed:
            findings.append(Finding(where + _basis_path(basis, index), f"收费依据“{one.issuer}”缺少文件文号。"
                                    "请写 document:（例如 示发改价格〔2023〕12号）；"
                                    "如果标准是经这些部门备案同意、没有文号，请写 filed: 是。"))
    return findings


def _not_a_grade(label: str, grades: list[str]) -> str | None:
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


def _check_pricing(where: tuple, item: FeeItem) -> list[Finding]:
    given = [key for key in PRICING_KEYS if getattr(item, key) is not None]
    if not given and not item.settled:
        return [Finding(where, f"收费项目“{item.name}”没有写收费标准。请写 amount:（固定金额）、prices:（几档金额）"
                               "或 max_amount:（最高金额）；没有固定金额的，写 settled: 说明怎样收取，"
                               "例如 按实收取，学期结束多退少不补。")]
    if len(given) > 1:
        return [Finding(where + (given[1],), f"收费项目“{item.name}”同时写了 {given[0]} 和 {given[1]}，只能选一种："
                                             "固定金额写 amount，几档金额写 prices，只规定上限写 max_amount。"
                                             "怎样结算可以另写在 settled 里。", on_key=True)]
    findings = []
    if item.amount is not None and item.amount <= 0:
        findings.append(Finding(where + ("amount",), "收费金额要大于 0。不收费的项目请不要列出。"))
    if item.max_amount is not None and item.max_amount <= 0:
        findings.append(Finding(where + ("max_amount",), "最高金额要大于 0。"))
    labels: set[str] = set()
    for index, price in enumerate(item.prices or ()):
        if price.amount <= 0:
            findings.append(Finding(where + ("prices", index, "amount"), f"“{price.label}”的金额要大于 0。"
                                                                         "这一档不收费就不要列出。"))
        if price.label in labels:
            findings.append(Finding(where + ("prices", index, "label"), f"“{price.label}”写了两次，每一档只写一次。"))
        labels.add(price.label)
    if given and not item.unit:
        findings.append(Finding(where, f"收费项目“{item.name}”缺少计费单位。请加上 unit:，"
                                       "例如 元/生·学期、元/生·天、元/套。"))
    return findings


def _check_grades(where: tuple, item: FeeItem, grades: list[str] | None) -> list[Finding]:
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


def _check_voluntary(where: tuple, item: FeeItem, bases: list[Basis]) -> list[Finding]:
    if item.voluntary:
        return []
    if item.kind == "服务性收费":
        return [Finding(where + ("voluntary",), f"按{RULE_1619}，服务性收费必须由家长自愿选择，"
                                                "请写 voluntary: true（并在说明里写清自愿原则）。")]
    if item.kind == "代收费" and not any(basis.document for basis in item.bases):
        return [Finding(where + ("voluntary",), f"按{RULE_1619}，代收费要遵循学生自愿原则。"
                                                "如果文件规定这项代收费全体学生都要缴纳（例如义务教育阶段的作业本费），"
                                                "请在这一项的 basis: 里写明批准机关（issuer）和文件文号（document）；"
                                                "否则请写 voluntary: true。")]
    if not bases:
        return [Finding(where, f"收费项目“{item.name}”缺少收费依据。请加上 basis:，写明批准机关"
                               "（issuer）和文件文号（document）；只有自愿项目可以不写。")]
    return []


def check_fee_notice(record: FeeNotice, site) -> list[Finding]:
    findings = _check_bases((), record.basis)
    if record.grades:
        for index, grade in enumerate(record.grades):
            if grade in record.grades[:index]:
                findings.append(Finding(("grades", index), f"年级“{grade}”写了两次。"))
    for index, item in enumerate(record.items):
        where = ("items", index)
        findings += _check_pricing(where, item)
        findings += _check_grades(where, item, record.grades)
        findings += _check_bases(where, item.basis)
        findings += _check_voluntary(where, item, record.bases_of(item))
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
