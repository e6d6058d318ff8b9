"""收费公示: data/fees/<id>.yml, one fee notice each, typed as the school published it.

An item is priced in exactly one way: a fixed `amount`, several `prices` (per meal, per room type,
per grade…), a cap `max_amount`, or none of those with `settled` saying how it is settled (按实收取…).
A notice with `grades` is a grade × item table: price labels that are grades must be among them, and
a published cell of 0 is a value, as is one that reads 不收 (`amount: 0`, `shown: 不收`: shown as
published, counted as 0). Where the school printed its own 合计, `totals` keeps it and the
check compares it with the items (fee_sums.py). A notice that states no school year or term leaves
them out (its totals then follow its items' own billing period, fee_rules.notice_period), and one
dated only to the month (2017年1月) writes `issued: 2017-01`: nothing is inferred from the date.
Which rules apply follows the school stage (fee_rules.py); facts the school states once (phones,
reductions, refunds, who collects) live in school.yml `fees:` and a notice that leaves them out uses
those, with a compliance note.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal, Optional, Union

from pydantic import Discriminator, Field, Tag

from ..fields import Contact, Date, Flag, Line, Money, Paragraphs, Period, SchoolYear, Strict
from ..month_dates import DayOrMonth
from .base import ContentType, Happening, Publishing, Record
from .fee_checks import check_fee_notice, check_fee_notices
from ..wording import period, plain
from .fee_rules import FEE_KINDS, STAGES, choice
from .fee_sums import money
from .fee_totals import fee_totals, period_word, stated_term, term_row

TERMS = ("第一学期", "第二学期", "全学年")


class Basis(Strict):
    document: Optional[Line] = Field(None, title="文号", description="例如 常价费〔2011〕124号；原公示只写了文号，就只写文号")
    issuer: Optional[Line] = Field(None, title="发文机关", description="批准或备案的部门，例如 示例市发展和改革委员会；原公示没写就不写")
    title: Optional[Line] = Field(None, title="文件标题",
                                  description="例如 关于做好2022~2023学年度第一学期开学收费管理工作的通知（书名号可写可不写）")
    filed: Flag = Field(False, title="是否备案",
                        description="是＝经上述部门备案同意的标准，没有批准文号；否＝有批准文件（默认）")

    @property
    def plain_title(self) -> Optional[str]:
        """The title without the book-title marks staff may have typed: 《…》 is added once, on the page."""
        return self.title.strip().removeprefix("《").removesuffix("》") if self.title else None


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
    amount: Money = Field(title="金额", description="只写数字，例如 8.3 或 340；年级表里这个年级写的是 0 或“不收”，就写 0")
    shown: Optional[Line] = Field(
        None, title="原表写法", description="年级表里这一格原表写的是文字（例如 不收、免收）时照写，amount 写 0："
                                         "页面上照原表显示，合计按 0 计算")

    @property
    def text(self) -> str:
        """The cell as published: 不收, or the amount (0 where the table printed 0)."""
        return self.shown or money(self.amount)


class FeeItem(Strict):
    name: Line = Field(title="收费项目", description="例如 住宿费、课后服务费")
    kind: Literal[FEE_KINDS] = Field(  # type: ignore[valid-type]
        title="收费类别", description="学费、保育教育费、住宿费、伙食费、行政事业性收费、服务性收费、代收费、代办服务性收费、其他")
    amount: Optional[Money] = Field(None, title="收费标准（金额）",
                                    description="固定金额，只写数字，单位写在 unit，例如 300 或 1200.50")
    prices: Optional[list[Price]] = Field(None, min_length=1, title="分档收费标准",
                                          description="一个项目有几档金额时逐项写 label 和 amount，例如 早餐 3、中餐 8.3；"
                                                      "按年级收费时 label 写年级")
    max_amount: Optional[Money] = Field(None, title="最高金额", description="只规定上限时填写，例如 最高不超过 300 元就写 300")
    settled: Optional[Line] = Field(None, title="结算方式",
                                    description="没有固定金额时必填，例如 按实收取，学期结束多退少不补；也可以和金额一起写")
    unit: Optional[Line] = Field(None, title="计费单位",
                                 description="例如 元/生·学期、元/生·月、元/生·天、元/套、元/生（一次性）；写了金额就必填")
    voluntary: Optional[Flag] = Field(None, title="是否自愿",
                                      description="原公示写明家长自愿选择的写 true；写明必须缴纳的写 false；没有写就不填")
    basis: Optional[OneOrMoreBases] = Field(
        None, title="收费依据", description="一个依据写 document（文号），可加 issuer、title；几个依据写成列表；"
                                           "不写则用公示的 basis（统一收费依据）")
    payers: Optional[Line] = Field(None, title="收费对象",
                                   description="只有部分学生缴纳时填写，例如 住校生、乘车学生、一年级新生；"
                                               "全体学生都交的不写（或写得和公示的收费范围一样）")
    grades: Optional[list[Line]] = Field(None, min_length=1, title="适用年级",
                                         description="按年级列表的公示里，只有部分年级缴纳时填写，例如 [三年级, 四年级]")
    exemption: Optional[Line] = Field(None, title="免收对象", description="这一项的减免，例如 低保家庭子女免收")
    refund: Optional[Line] = Field(None, title="退费", description="这一项怎么退费，例如 多退少不补")
    note: Optional[Line] = Field(None, title="备注")
    months: Optional[Money] = Field(None, title="收费月数",
                                     description="按月计费的项目，原公示写明本学期（学年）按几个月收取时填写，例如 5；"
                                                 "写了才能算进合计")

    @property
    def bases(self) -> list[Basis]:
        return as_list(self.basis)


class PublishedTotal(Strict):
    grade: Optional[Line] = Field(None, title="年级", description="按年级列表的公示必填，例如 一年级")
    payers: Optional[Line] = Field(None, title="学生类别",
                                   description="合计只对部分学生时填写，例如 内宿生、外宿生；要和收费项目的 payers 或分档收费标准的 label 一致")
    amount: Money = Field(title="合计金额", description="照原公示写的合计，只写数字，例如 1461.2")


class FeeNotice(Record):
    title: Line = Field(title="标题", description="例如 2025学年第一学期收费公示")
    school_year: Optional[SchoolYear] = Field(
        None, title="学年", description="例如 2025-2026；原公示没有写学年的不填（不要按日期推算），网站上写“未注明”")
    term: Optional[Literal[TERMS]] = Field(  # type: ignore[valid-type]
        None, title="学期", description="第一学期、第二学期或全学年；原公示没有写的不填，合计按各项目的计费单位计算")
    payers: Optional[Line] = Field(None, title="收费范围", description="哪些学生缴费，例如 一至六年级全体学生")
    grades: Optional[list[Line]] = Field(
        None, min_length=1, title="年级",
        description="写了就按年级列出每个年级要交的费用，例如 [一年级, 二年级, 三年级, 四年级, 五年级, 六年级]")
    basis: Optional[OneOrMoreBases] = Field(
        None, title="统一收费依据", description="整份公示共用的收费依据（一个或几个），没有写 basis 的项目都用它")
    items: list[FeeItem] = Field(min_length=1, title="收费项目", description="每个收费项目一项")
    reductions: Optional[Paragraphs] = Field(None, title="减免政策",
                                             description="哪些学生可以减免、怎么申请；不写则用 school.yml 中 fees: reductions")
    refund: Optional[Paragraphs] = Field(None, title="退费办法",
                                         description="中途退出、转学等情况怎么退费；不写则用 school.yml 中 fees: refund")
    services: Optional[Paragraphs] = Field(None, title="服务内容", description="服务性收费包含哪些服务")
    complaint_phones: Optional[list[Contact]] = Field(
        None, min_length=1, title="监督投诉电话",
        description="学校、教育局、价格举报（12315）等电话；不写则用 school.yml 中 fees: complaint_phones")
    collection_start: Optional[Date] = Field(None, title="开始收费日期", description="用于检查是否提前公示")
    display: Optional[Period] = Field(None, title="公示期", description="原公示写了公示期时填写开始和结束日期")
    issuer: Optional[Line] = Field(None, title="公示单位", description="例如 示例市实验小学；不写则用 school.yml 中 fees: collector 或学校全称")
    issued: DayOrMonth = Field(
        title="公示日期", description="发出公示的日期（原公示没有写日期的，写发布到网站的日期）；"
                                   "原公示只写到月的，写 2017-01，网站上显示 2017年1月")
    number: Optional[Line] = Field(None, title="公示文号", description="公示本身的文号，例如 张小政〔2022〕73号；没有就不写")
    stage: Optional[Literal[STAGES]] = Field(  # type: ignore[valid-type]
        None, title="学段", description="幼儿园、义务教育或普通高中；不写则用 school.yml 中 fees: stage")
    totals: Optional[list[PublishedTotal]] = Field(
        None, min_length=1, title="公示的合计",
        description="原公示写了合计（每个年级或每类学生一共交多少）时照写；检查会和各项目之和核对")
    remarks: Optional[Paragraphs] = Field(None, title="说明", description="原公示表下面的注、说明，照原文写")
    correction_note: Optional[Line] = Field(
        None, title="更正说明",
        description="公示期开始后又改了收费项目、金额、收费对象或收费依据时，写明更正原因，例如 原公示住宿费金额录入错误，"
                    "以示发改价格〔2026〕9号为准；网站的修改记录里会和“更正”标记一起显示")

    filed_as = "公示"

    def filed_on(self) -> dt.date:
        return self.issued

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

    def for_everyone(self, item: FeeItem) -> bool:
        """Whether every pupil the notice covers pays the item: no 收费对象, or the notice's own 收费范围."""
        return not item.payers or item.payers == self.payers


def fee_description(notice: FeeNotice, title: str = "") -> str:
    totals = fee_totals(notice)
    word = period_word(notice)  # a notice that names no term: its items' own period, or none (one-off items)
    per = f" 元/{word}" if word else " 元"
    parts = [f"收费项目 {len(notice.items)} 项"]
    if notice.grades:  # the amounts differ by grade: the page has the per-grade table
        parts.append("按年级收费")
    else:  # only totals that are known: an item that cannot be added up leaves its total out
        if totals.everyone:
            parts.append(f"每生必交合计 {money(totals.everyone)}{per}")
        parts += [f"{who}必交 {money(amount)}{per}" for who, amount in totals.some if amount]
    voluntary = sum(1 for item in notice.items if choice(item) != "必交")
    if voluntary:
        parts.append(f"自愿项目 {voluntary} 项")
    scope = f"收费范围{notice.payers}，" if notice.payers else ""
    shown = f"；公示期{period(notice.display.start, notice.display.end)}" if notice.display else ""
    return plain(f"{stated_term(notice, '')}收费公示：{scope}{'，'.join(parts)}{shown}。")


def fee_summary_parts(record: FeeNotice) -> list[str]:
    parts = [term_row(record, "", missing="学年学期未注明")]
    if record.payers:
        parts.append(f"收费范围：{record.payers}")
    if record.display:
        parts.append(f"公示期：{record.display.start} 至 {record.display.end}")
    if record.collection_start:
        parts.append(f"开始收费：{record.collection_start}")
    parts.append("收费项目：" + "、".join(item.name for item in record.items))
    return parts


def fee_happenings(notice: FeeNotice, title: str) -> list[Happening]:
    happenings = []
    if notice.display:
        happenings.append(Happening("display", f"收费公示期：{title}", notice.display.start, notice.display.end))
    if notice.collection_start:
        happenings.append(Happening("collection", f"开始收费：{title}", notice.collection_start, notice.collection_start))
    return happenings


FEES = ContentType(name="fees", label="收费公示", model=FeeNotice, check=check_fee_notice, check_all=check_fee_notices,
                   publishing=Publishing(calendar="收费公示", calendar_rank=1, csv=True, on_display=lambda record: True,
                                         description=fee_description, summary=fee_summary_parts,
                                         happenings=fee_happenings, hint="每项收费的标准和依据",
                                         about="每学期的收费项目、收费标准、收费依据、减免政策、退费办法和投诉电话。",
                                         folder_words=("收费", "费用", "fee", "charge")))
