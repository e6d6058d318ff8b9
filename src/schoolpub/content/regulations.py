"""规章制度: data/regulations/<id>.yml, one rule with its version history each."""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import Field

from ..echo import quoted
from ..fields import Attachment, Date, Line, Paragraphs, RecordRef, Strict
from ..wording import chinese_date, plain
from .base import ContentType, Finding, Happening, Publishing, Record, oldest_first
from .regulation_text import structure_findings

CATEGORIES = ("综合管理", "教育教学", "学生管理", "教师管理", "安全管理", "财务资产", "后勤服务", "其他")
STATUSES = ("现行", "已废止", "被替代")


class Version(Strict):
    version: Line = Field(title="版本", description="例如 2019年版、修订版（2023）")
    date: Date = Field(title="通过日期", description="这一版通过或修订的日期")
    changes: Line = Field(title="修改说明", description="这一版改了什么，例如 首次制定、增加校外培训管理条款")
    text: Paragraphs = Field(title="全文", description="这一版的完整条文，用 | 开头写多行，可以用 Markdown")


class Regulation(Record):
    title: Line = Field(title="名称", description="例如 示例市实验小学学生安全管理制度")
    category: Literal[CATEGORIES] = Field(title="类别", description="、".join(CATEGORIES))  # type: ignore[valid-type]
    number: Optional[Line] = Field(None, title="文号", description="例如 示实小〔2023〕5号")
    adopted_by: Line = Field(title="通过机构", description="例如 教职工代表大会、校务委员会")
    adopted_on: Date = Field(title="通过日期", description="第一次通过的日期")
    effective: Date = Field(title="施行日期", description="开始施行的日期")
    status: Literal[STATUSES] = Field(title="状态", description="现行、已废止或被替代")  # type: ignore[valid-type]
    superseded_by: Optional[RecordRef] = Field(None, title="被哪项制度替代", description="状态为“被替代”时填写新制度的编号（文件名）")
    repealed_on: Optional[Date] = Field(None, title="废止日期", description="状态为“已废止”或“被替代”时填写")
    versions: list[Version] = Field(min_length=1, title="版本", description="按时间先后排列，最后一项是现行文本")
    attachments: list[Attachment] = Field(default_factory=list, title="附件", description="例如 盖章的 PDF 原件")

    filed_as = "通过"

    @property
    def current(self) -> Version:
        return self.versions[-1]

    def filed_on(self) -> dt.date:
        return self.adopted_on

    def changed_on(self) -> dt.date:
        return max([self.adopted_on, self.versions[-1].date, *([self.repealed_on] if self.repealed_on else [])])

    def media(self):
        for index, attachment in enumerate(self.attachments):
            yield ("attachments", index, "file"), attachment.file


def check_regulation(record: Regulation, site) -> list[Finding]:
    findings = []
    if record.effective < record.adopted_on:
        findings.append(Finding(("effective",), f"施行日期（{record.effective}）早于通过日期（{record.adopted_on}）。"))
    if record.status == "被替代" and not record.superseded_by:
        findings.append(Finding(("status",), "状态是“被替代”，请在 superseded_by 写上替代它的新制度编号（文件名）。"))
    if record.superseded_by and record.status != "被替代":
        findings.append(Finding(("superseded_by",), f"状态是“{record.status}”，却写了 superseded_by。"
                                                    "被新制度替代时请把 status 改为“被替代”，否则删掉 superseded_by。"))
    if record.status != "现行" and not record.repealed_on:
        findings.append(Finding(("status",), f"状态是“{record.status}”，请在 repealed_on 写上停止施行的日期。"))
    if record.status == "现行" and record.repealed_on:
        findings.append(Finding(("repealed_on",), "现行制度不应有废止日期。已经废止的请把 status 改为“已废止”。"))
    if record.repealed_on and record.repealed_on < record.effective:
        findings.append(Finding(("repealed_on",), f"废止日期（{record.repealed_on}）早于施行日期（{record.effective}）。"))
    seen: dict[str, int] = {}
    for index, version in enumerate(record.versions):
        if version.version in seen:
            findings.append(Finding(("versions", index, "version"), f"版本“{version.version}”重复了"
                                                                   f"（第 {seen[version.version] + 1} 项已经有）。"))
        seen.setdefault(version.version, index)
        if index and version.date < record.versions[index - 1].date:
            findings.append(Finding(("versions", index, "date"), f"版本要按时间先后排列：这一版（{version.date}）"
                                                                 f"早于上一版（{record.versions[index - 1].date}）。"
                                                                 "最新的版本请放在最后。"))
    for index, version in enumerate(record.versions):
        findings += [Finding(("versions", index, "text"), message) for message in structure_findings(version.text)]
    if record.versions[0].date < record.adopted_on:
        findings.append(Finding(("versions", 0, "date"), f"第一版的日期（{record.versions[0].date}）早于通过日期"
                                                         f"（{record.adopted_on}）。"))
    return findings


def check_regulations(records: dict[str, Regulation], site):
    """Numbers differ (the later of two, by adoption then file name, is reported); replacements exist."""
    numbers: dict[str, tuple[str, Regulation]] = {}
    for record_id, record in oldest_first(records, lambda regulation: regulation.adopted_on):
        if record.number:
            if record.number in numbers:
                yield record_id, _same_number(record_id, record, *numbers[record.number])
            numbers.setdefault(record.number, (record_id, record))
        target = record.superseded_by
        if not target:
            continue
        if target == record_id:
            yield record_id, Finding(("superseded_by",), "制度不能被它自己替代，请写替代它的新制度编号。")
        elif target not in site.ids.get("regulations", set()):
            yield record_id, Finding(("superseded_by",), f"找不到编号为“{target}”的制度（应有文件 "
                                                         f"data/regulations/{target}.yml）。请检查拼写。")
        elif _leads_back(records, record_id):
            yield record_id, Finding(("superseded_by",), "替代关系绕成了一个圈（A 被 B 替代，B 又被 A 替代），请检查。")


def _same_number(record_id: str, record: Regulation, other_id: str, other: Regulation) -> Finding:
    return Finding(("number",), f"{record_id}.yml（通过日期 {record.adopted_on}）和 {other_id}.yml（通过日期 "
                                f"{other.adopted_on}）的文号都是“{quoted(record.number)}”。每项制度的文号应该不同："
                                f"请核对 {record_id}.yml 的文号；是同一项制度修订后的新版本，请把它写进 {other_id}.yml "
                                f"的 versions，并删去 {record_id}.yml。")


def _leads_back(records: dict[str, Regulation], start: str) -> bool:
    seen = {start}
    current = records[start].superseded_by
    while current and current in records:
        if current in seen:
            return True
        seen.add(current)
        current = records[current].superseded_by
    return False


def related_regulations(regulations: dict, regulation_id: str, regulation: Regulation) -> list:
    """What a regulation's page shows of others: its successor's title and the regulations it replaced."""
    successor = regulations.get(regulation.superseded_by) if regulation.superseded_by else None
    replaced = sorted([other_id, other.title] for other_id, other in regulations.items()
                      if other.superseded_by == regulation_id)
    return [successor.title if successor else None, replaced]


def regulation_description(regulation: Regulation, title: str) -> str:
    number = f"（{regulation.number}）" if regulation.number else ""
    state = regulation.status
    if regulation.repealed_on and regulation.status != "现行":
        state += f"（{chinese_date(regulation.repealed_on)}起）"
    return plain(f"{regulation.category}{number}，状态：{state}，"
                 f"{chinese_date(regulation.effective)}起施行，{regulation.adopted_by}通过。")


def regulation_summary(record: Regulation) -> list[str]:
    parts = [f"类别：{record.category}", f"状态：{record.status}"]
    if record.number:
        parts.append(f"文号：{record.number}")
    parts += [f"施行日期：{record.effective}", f"现行版本：{record.current.version}（{record.current.changes}）"]
    if record.repealed_on:
        parts.append(f"停止施行：{record.repealed_on}")
    return parts


def regulation_happenings(regulation: Regulation, title: str) -> list[Happening]:
    happenings = [Happening("effective", f"施行：{title}", regulation.effective, regulation.effective)]
    if regulation.repealed_on:
        what = "废止" if regulation.status == "已废止" else "停止施行"
        happenings.append(Happening("repealed", f"{what}：{title}", regulation.repealed_on, regulation.repealed_on))
    return happenings


REGULATIONS = ContentType(name="regulations", label="规章制度", model=Regulation, check=check_regulation,
                          check_all=check_regulations, publishing=Publishing(
                              groups={"categories": CATEGORIES}, calendar="规章制度施行", calendar_rank=3,
                              description=regulation_description, summary=regulation_summary,
                              happenings=regulation_happenings, hint="学校现行和历史制度",
                              about="现行、已废止和被替代的学校制度全文及修订记录。",
                              related=related_regulations, folder_words=("规章", "制度", "章程", "regulation", "rule")))
