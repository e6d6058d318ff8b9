"""荣誉榜: data/honors/<id>.yml, one honour record each.

Two shapes, both accepted:
- one award batch (a certificate list): `recipient_kind`, `award`, `recipients`;
- one 表彰决定 naming several awards at once: `groups`, each with its own
  `award`, `recipient_kind` and `recipients` (e.g. 三好学生 pupils, 优秀学生干部
  pupils and 先进班集体 classes in one decision).
`award_groups()` gives both shapes as groups, which is all views and exports use.

A list may first be published for objections (`stage: 公示`, 拟表彰名单公示) with
a display period and objection phones, then become the decision (`stage: 表彰`).

Long lists stay short to type: a recipients entry may carry `names` (several
names of one class, separated by spaces or 、) instead of one `name`.

A decision as published: its own document number (`number`), the documents it
rests on (`basis`: a number alone is enough, issuer and title optional), its text
(`body`, Markdown), and per award the headcount it states (`count`): "王小明等54位
同学" lists one name of 54, and the page says so instead of "1 人".
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator, Field, WithJsonSchema, field_validator

from ..echo import quoted
from ..fields import Contact, Date, Flag, Line, Paragraphs, Period, PhotoPath, Strict, WholeNumber, fail
from ..names import masked
from ..wording import chinese_date, plain
from .base import ContentType, Finding, Publishing, Record, oldest_first
from .recipients import RECIPIENT_KINDS, Group, NameEntry, entry_findings, entry_texts, score_findings
from .school import NAME_DISPLAY

LEVELS = ("国家级", "省级", "市级", "区县级", "校级")
STAGES = ("公示", "表彰")


def _stage(value: Any) -> str:
    text = str(value).strip() if value is not None else ""
    if text in STAGES:
        return text
    meant = "公示" if ("拟" in text or "公示" in text or "候选" in text) else "表彰"
    raise fail(f"只能写“公示”（拟表彰名单正在公示）或“表彰”（已正式表彰），现在是“{text}”。你是不是想写“{meant}”？")


Stage = Annotated[str, BeforeValidator(_stage), WithJsonSchema({"enum": list(STAGES)})]


class DecisionBasis(Strict):
    """A document a decision rests on, as decisions cite them: often a number alone.
    (Fee notices have their own Basis, whose issuer is required; this one stays small.)"""

    document: Optional[Line] = Field(None, title="文号", description="例如 示教政〔2012〕10号；只知道文号时写这一项就可以")
    title: Optional[Line] = Field(None, title="文件名称",
                                  description="不用加书名号，例如 关于评选三好学生、优秀学生干部、先进班集体的通知")
    issuer: Optional[Line] = Field(None, title="发文机关", description="文件上写了发文机关时填写，例如 示例市教育局")

    @field_validator("title")
    @classmethod
    def _without_book_marks(cls, title: Optional[str]) -> Optional[str]:
        # the page adds 《》 itself: typed ones would show as 《《…》》
        return title.strip().removeprefix("《").removesuffix("》").strip() if title else title


PublishedCount = Optional[WholeNumber]
COUNT_HELP = "决定上写的总人数（集体写总个数），例如“王小明等54位同学”写 54；名单列全了就不用写"


class Recipient(NameEntry):
    award: Optional[Line] = Field(None, title="奖项", description="例如 一等奖；全批（全组）相同时写在上面的 award")


class AwardGroup(Strict):
    award: Line = Field(title="奖项或荣誉称号", description="这一组的奖项，例如 三好学生、优秀学生干部、先进班集体")
    recipient_kind: Literal[RECIPIENT_KINDS] = Field(  # type: ignore[valid-type]
        title="获奖对象", description="学校、教师、学生或集体（班级）")
    count: PublishedCount = Field(None, ge=1, title="公布人数", description=COUNT_HELP)
    recipients: list[Recipient] = Field(
        default_factory=list, title="获奖名单",
        description="每人（每个集体）一项；同班多人可以用 names 写在一行")


class HonorBatch(Record):
    title: Line = Field(title="标题", description="例如 2025年示例市中小学生书法比赛获奖名单、关于表彰2025—2026学年三好学生的决定")
    number: Optional[Line] = Field(None, title="文号", description="表彰决定自己的文号，例如 示实小〔2024〕5号；没有就不写")
    date: Date = Field(title="日期", description="证书、表彰决定或公示上的日期")
    issuer: Line = Field(title="颁发单位", description="例如 示例市教育局")
    level: Literal[LEVELS] = Field(title="级别", description="国家级、省级、市级、区县级、校级")  # type: ignore[valid-type]
    stage: Stage = Field(
        "表彰", title="阶段",
        description="表彰＝已获奖或已正式表彰（默认）；公示＝拟表彰名单公示，接受异议，须写 display 和 objection_phones")
    display: Optional[Period] = Field(None, title="公示期", description="拟表彰名单的公示开始和结束日期（含当天）")
    objection_phones: list[Contact] = Field(
        default_factory=list, title="异议受理电话", description="公示期内对名单有异议时联系的部门和电话")
    basis: list[DecisionBasis] = Field(
        default_factory=list, title="依据文件",
        description="决定依据的文件，每个一项：document（文号）、title（文件名称）、issuer（发文机关），至少写文号或名称")
    body: Optional[Paragraphs] = Field(
        None, title="正文", description="表彰决定（或公示）的正文，照原文写，用 | 开头写多行，可以用 Markdown")
    recipient_kind: Optional[Literal[RECIPIENT_KINDS]] = Field(  # type: ignore[valid-type]
        None, title="获奖对象", description="只有一个奖项时填写：学校、教师、学生或集体；有多个奖项时改写 groups")
    award: Optional[Line] = Field(None, title="奖项", description="全批相同的奖项或荣誉称号，例如 市级文明校园")
    count: PublishedCount = Field(None, ge=1, title="公布人数", description=COUNT_HELP)
    recipients: list[Recipient] = Field(default_factory=list, title="获奖名单", description="学校获奖时可以不写")
    groups: list[AwardGroup] = Field(
        default_factory=list, title="奖项分组",
        description="一份表彰决定有多个奖项时使用，每个奖项一组（award、recipient_kind、recipients）；"
                    "使用 groups 时不写最上面的 recipient_kind、award 和 recipients")
    certificate: Optional[PhotoPath] = Field(None, title="证书照片", description="data/media/ 下的图片路径")
    name_display: Optional[NAME_DISPLAY] = Field(  # type: ignore[valid-type]
        None, title="学生姓名显示方式",
        description="不填则按 school.yml 的设置；masked＝打码，class_only＝只显示班级，full＝全名（须有监护人同意）")
    guardian_consent: Optional[Flag] = Field(
        None, title="监护人同意", description="公开学生姓名或照片前，是否已取得监护人书面同意")

    filed_as = "获奖"  # a candidate list (stage 公示) says 公示 (views/facts.page_dates)

    def filed_on(self) -> dt.date:
        return self.date

    def media(self):
        if self.certificate:
            yield ("certificate",), self.certificate

    def award_groups(self) -> list[Group]:
        if self.groups:
            return [Group(group.award, group.recipient_kind, tuple(group.recipients), ("groups", index, "recipients"),
                          group.count) for index, group in enumerate(self.groups)]
        return [Group(self.award, self.recipient_kind or "学校", tuple(self.recipients), ("recipients",), self.count)]

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(group.recipient_kind for group in self.award_groups()))

    @property
    def shows_pupils(self) -> bool:
        return any(group.pupils and group.recipients for group in self.award_groups())


SINGLE_KEYS = ("recipient_kind", "award", "count", "recipients")


def check_honor_batch(record: HonorBatch, site) -> list[Finding]:
    findings = shape_findings(record)
    if findings:
        return findings
    findings += stage_findings(record) + basis_findings(record)
    for group in record.award_groups():
        findings += group_findings(record, group)
    findings += pupil_findings(record, site)
    return findings


def shape_findings(record: HonorBatch) -> list[Finding]:
    """Either one award (recipient_kind …) or several (groups), never both, never neither."""
    if record.groups:
        given = [key for key in SINGLE_KEYS if getattr(record, key) not in (None, [])]
        if given:
            return [Finding((given[0],), f"这份记录已经用 groups 分组写了各个奖项，最上面就不能再写 "
                                         f"{'、'.join(given)}：请把它们移到 groups 里对应的一组，或删掉。", on_key=True)]
        return []
    if record.recipient_kind is None:
        return [Finding((), "缺少获奖对象：只有一个奖项时写 recipient_kind（学校、教师、学生或集体）和 recipients；"
                            "一份表彰决定有多个奖项时写 groups，每个奖项一组。")]
    return []


def stage_findings(record: HonorBatch) -> list[Finding]:
    findings = []
    if record.stage == "公示":
        if record.display is None:
            findings.append(Finding(("stage",), "拟表彰名单公示要写公示期：请加上 display:，"
                                                "在下面写 start（开始日期）和 end（结束日期）。"))
        if not record.objection_phones:
            findings.append(Finding(("stage",), "拟表彰名单公示要写受理异议的电话：请加上 objection_phones:，"
                                                "每项写 label（部门）和 number（电话）。"))
    elif record.objection_phones and record.display is None:
        findings.append(Finding(("objection_phones",), "异议受理电话只在公示期内有用：正在公示时请写 stage: 公示 和 "
                                                       "display（公示期）；已经正式表彰时请删掉 objection_phones。",
                                on_key=True))
    return findings


def basis_findings(record: HonorBatch) -> list[Finding]:
    return [Finding(("basis", index), "依据文件至少要写文号（document）或文件名称（title），"
                                      "例如 document: 示教政〔2012〕10号。")
            for index, basis in enumerate(record.basis) if not basis.document and not basis.title]


def count_findings(group: Group) -> list[Finding]:
    """A published headcount covers the names listed: 等54位同学 may list one name, never 55."""
    listed = len(group.people)
    if group.count is None or group.count >= listed:
        return []
    counter = group.counter
    return [Finding(group.path[:-1] + ("count",),
                    f"公布人数写的是 {group.count} {counter}，比名单里列出的 {listed} {counter}还少。"
                    "count 写决定上公布的总数（例如“王小明等54位同学”写 54），不能少于名单里列出的数目："
                    "请核对 count，或检查名单是否多写、重复写了。")]


def group_findings(record: HonorBatch, group: Group) -> list[Finding]:
    findings = count_findings(group)
    where = group.path[:-1]
    if group.recipient_kind != "学校" and not group.recipients and group.count is None:
        name = " recipients " if where == () else "这一组的 recipients "
        findings.append(Finding(group.path, f"获奖对象是{group.recipient_kind}，请在{name}里列出获奖名单；"
                                            "决定只写了总数、名单没有公布时，请写 count（公布人数）。"))
    findings += entry_findings(group)
    if group.award is None:
        for index, entry in enumerate(group.recipients):
            if entry.award is None and (entry.name or entry.names):
                # CI logs are public: a pupil is named as the site would show them
                who = "、".join(masked(name) for name in entry.split_names()) if group.pupils else entry.name or entry.names
                findings.append(Finding(group.path + (index,), f"没有写“{quoted(who)}”获得的奖项。"
                                                               "请在这一项写 award，或者全批相同时在最上面写 award。"))
    if group.recipient_kind == "学校" and group.award is None:
        findings.append(Finding(where, "学校获得的荣誉请写在 award 里，例如 award: 市级文明校园。"))
    return findings


def pupil_findings(record: HonorBatch, site) -> list[Finding]:
    """A list that names pupils needs their guardians' consent and never shows scores or rankings."""
    findings = []
    pupil_groups = [group for group in record.award_groups() if group.pupils]
    if not pupil_groups:
        return findings
    policy = record.name_display or (site.school.site.student_names if site.school else "masked")
    if record.shows_pupils and policy != "class_only" and record.guardian_consent is not True:
        shown = "全名" if policy == "full" else "姓名（打码显示）"
        findings.append(Finding(("guardian_consent",) if record.guardian_consent is not None else (),
                                f"这份获奖名单会公开学生的{shown}，需要监护人同意：取得同意后请写 guardian_consent: true；"
                                "没有同意时请写 name_display: class_only，只显示班级。"))
    texts = [(("title",), record.title), (("award",), record.award)]
    texts += [((*group.path[:-1], "award"), group.award) for group in pupil_groups if group.path[0] == "groups"]
    texts += [text for group in pupil_groups for text in entry_texts(group)]
    return findings + score_findings(texts)


def check_honor_batches(records: dict[str, HonorBatch], site):
    """Two decisions never share a document number (a copied file whose number was not changed); the
    later of the two (by date, then file name) is reported and names the earlier."""
    numbers: dict[str, tuple[str, HonorBatch]] = {}
    for record_id, record in oldest_first(records, lambda batch: batch.date):
        if record.number in numbers:
            other_id, other = numbers[record.number]
            yield record_id, Finding(("number",), f"{record_id}.yml（日期 {record.date}）和 {other_id}.yml（日期 "
                                                  f"{other.date}）的文号都是“{quoted(record.number)}”。每份表彰决定的"
                                                  f"文号应该不同：请核对 {record_id}.yml 的文号；是同一份决定里的"
                                                  "几个奖项，请写在一个文件里，每个奖项一组（groups）。")
        elif record.number:
            numbers[record.number] = (record_id, record)


def honor_description(batch: HonorBatch, title: str = "") -> str:
    """Awards, level and date; counts of recipients but never a name or a class."""
    parts = []
    for group in batch.award_groups():
        awards = [group.award] if group.award else list(dict.fromkeys(r.award for r in group.recipients if r.award))
        count = group.headcount  # 等54位同学: the decision's number, not the names listed
        label = "、".join(awards) or "获奖"
        parts.append(f"{label}{count}{group.counter}" if count and group.recipient_kind != "学校" else label)
    what = "拟表彰名单公示" if batch.stage == "公示" else "获奖"
    return plain(f"{batch.level}{what}：{'；'.join(parts)}；{batch.issuer}，{chinese_date(batch.date)}。")


def honor_summary(record: HonorBatch) -> list[str]:
    parts = [record.level, f"颁发单位：{record.issuer}", f"获奖对象：{'、'.join(record.kinds)}",
             f"{'公示日期' if record.stage == '公示' else '获奖日期'}：{record.date}"]
    if record.number:
        parts.insert(0, f"文号：{record.number}")
    if record.stage == "公示" and record.display:
        parts.append(f"拟表彰名单公示期：{record.display.start} 至 {record.display.end}")
    if record.groups:  # never the names: pupils' names stay on the (masked) page
        parts.append("奖项：" + "、".join(f"{group.award}（{group.tally}）" for group in record.award_groups()))
    else:
        if record.award:
            parts.append(f"荣誉：{record.award}")
        if record.recipients:
            parts.append(f"获奖名单 {len(record.award_groups()[0].people)} 项")
        if record.count:
            parts.append(f"获奖人数：{record.award_groups()[0].tally}")
    return parts


HONORS = ContentType(name="honors", label="荣誉榜", model=HonorBatch, check=check_honor_batch,
                     check_all=check_honor_batches, publishing=Publishing(
                         page_size=40, index_size=20, groups={"levels": LEVELS, "kinds": RECIPIENT_KINDS}, csv=True,
                         on_display=lambda record: record.stage == "公示",  # a candidate list, not the awards
                         search_excluded=lambda record: record.shows_pupils,  # pupils' names stay out of the index
                         description=honor_description, summary=honor_summary, hint="学校、教师和学生获得的荣誉",
                         about="学校、教师、学生和集体获得的奖项与荣誉，按年份和级别排列。",
                         folder_words=("荣誉", "表彰", "获奖", "honour", "honor", "award"),
                         governed_lists=("recipients", "groups"),
                         long_lists=(("recipients",), ("groups", "recipients"))))
