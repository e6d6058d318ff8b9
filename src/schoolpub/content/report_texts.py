"""年度报告说明: data/annual-reports.yml (optional), what staff write for each year's 信息公开工作年度报告.

Everything else in the report is counted from the records and their history (annual_report.py);
these paragraphs are the parts only the school knows: its overview of the year's work, the
requests for information it received, the problems it found and what else it must report.
"""
from __future__ import annotations

from typing import Optional

from pydantic import Field

from ..fields import Paragraphs, Strict, WholeNumber
from .base import ContentType, Finding, Record

FILE_NAME = "annual-reports.yml"  # under data/


class YearTexts(Strict):
    year: WholeNumber = Field(title="年份", ge=2000, le=2100, description="报告的年份（自然年），例如 2025")
    introduction: Paragraphs = Field(title="总体情况", description="本年度信息公开工作的概述，几句话即可，放在报告开头")
    requests: Optional[Paragraphs] = Field(
        None, title="依申请公开情况", description="收到和处理信息公开申请的情况；不写则报告说明网站不统计这一项")
    problems: Optional[Paragraphs] = Field(None, title="存在的主要问题及改进情况",
                                           description="学校自己发现的问题和改进措施，写在自动列出的问题后面")
    other: Optional[Paragraphs] = Field(None, title="其他需要报告的事项", description="没有就不写")


class ReportTexts(Record):
    reports: list[YearTexts] = Field(min_length=1, title="各年说明", description="每年一项：year 和 introduction，其余选填")

    def of(self, year: int) -> YearTexts | None:
        return next((texts for texts in self.reports if texts.year == year), None)


def check_report_texts(record: ReportTexts, site) -> list[Finding]:
    findings, seen = [], set()
    for index, texts in enumerate(record.reports):
        if texts.year in seen:
            findings.append(Finding(("reports", index, "year"), f"{texts.year} 年前面已经写过了：每年只写一项，"
                                                                  "请把两项合并。"))
        seen.add(texts.year)
    return findings


REPORT_TEXTS = ContentType(name="annual-reports", label="年度报告说明", model=ReportTexts, check=check_report_texts)
