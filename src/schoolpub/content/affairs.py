"""校务公开: data/affairs/<id>.yml, one disclosure each.

Categories come from the disclosure catalogue (content/catalogue.py): by default the Ministry
of Education's eleven categories for primary and secondary schools, or the school's own
data/catalogue.yml.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field

from ..fields import Date, DisclosureAttachment, Line, Paragraphs, Period
from ..wording import chinese_date, period, plain
from .base import ContentType, Finding, Happening, Publishing, Record
from .catalogue import CategoryName, category_finding


class Disclosure(Record):
    title: Line = Field(title="标题", description="例如 2025年秋季学期校车线路公示")
    category: CategoryName = Field(title="公开类别",
                                   description="公开目录里的一个类别；默认是教育部中小学信息公开目录的 11 个类别")
    published: Date = Field(title="发布日期", description="例如 2025-09-01")
    updated: Optional[Date] = Field(None, title="更新日期", description="内容修改过时填写，不早于发布日期")
    department: Line = Field(title="发布部门", description="例如 校长办公室、总务处")
    body: Paragraphs = Field(title="正文", description="公开的内容，用 | 开头写多行，可以用 Markdown")
    attachments: list[DisclosureAttachment] = Field(default_factory=list, title="附件",
                                                    description="PDF、Excel 表格（.xlsx，例如预算公开表）或图片附件")
    display: Optional[Period] = Field(None, title="公示期", description="需要公示一段时间的事项填写开始和结束日期")

    filed_as = "发布"

    def media(self):
        for index, attachment in enumerate(self.attachments):
            yield ("attachments", index, "file"), attachment.file

    def filed_on(self) -> dt.date:
        return self.published

    def changed_on(self) -> dt.date:
        return max(self.published, self.updated) if self.updated else self.published


def check_disclosure(record: Disclosure, site) -> list[Finding]:
    findings = []
    if site.catalogue is not None:
        unlisted = category_finding(record.category, site.catalogue, site.catalogue_file)
        findings += [unlisted] if unlisted else []
    if record.updated and record.updated < record.published:
        findings.append(Finding(("updated",), f"更新日期（{record.updated}）早于发布日期（{record.published}）。"))
    if record.display and record.display.start < record.published:
        findings.append(Finding(("display", "start"), f"公示开始日期（{record.display.start}）早于发布日期"
                                                      f"（{record.published}）：还没发布就不能开始公示。"))
    return findings


def disclosure_description(disclosure: Disclosure, title: str) -> str:
    shown = f"，公示期{period(disclosure.display.start, disclosure.display.end)}" if disclosure.display else ""
    return plain(f"校务公开·{disclosure.category}：{disclosure.department}"
                 f"{chinese_date(disclosure.published)}发布{shown}。")


def disclosure_summary(record: Disclosure) -> list[str]:
    parts = [f"类别：{record.category}", f"发布部门：{record.department}", f"发布日期：{record.published}"]
    if record.updated:
        parts.append(f"更新日期：{record.updated}")
    if record.display:
        parts.append(f"公示期：{record.display.start} 至 {record.display.end}")
    return parts


def disclosure_happenings(record: Disclosure, title: str) -> list[Happening]:
    return [Happening("display", f"公示期：{title}", record.display.start, record.display.end)] if record.display else []


AFFAIRS = ContentType(name="affairs", label="校务公开", model=Disclosure, check=check_disclosure, publishing=Publishing(
    page_size=100, index_size=40, groups={}, calendar="校务公示", calendar_rank=2,
    on_display=lambda record: True, description=disclosure_description, summary=disclosure_summary,
    happenings=disclosure_happenings, hint="学校各项事务公开",
    about="按教育部中小学信息公开目录分类公开的学校事务，正在公示的事项单独标出。",
    folder_words=("校务", "公开", "通知", "affair", "notice")))
