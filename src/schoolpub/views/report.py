"""The 信息公开工作年度报告 pages: reports/index.md and one reports/<year>.md per calendar year.

Pure functions of the build context, rendered from views/templates/reports/ (Markdown templates:
every value escaped by `inline`); the counting is annual_report.py's. Not imported by the views
package itself: annual_report.py uses the views' facts, and this module uses annual_report.
"""
from __future__ import annotations

import datetime as dt

import yaml

from .. import annual_report
from ..exports.common import data_path
from . import Context, Page, describe, render

SECTION = "reports"


def report_src(year: int | None = None) -> str:
    return f"{SECTION}/{year}.md" if year else f"{SECTION}/index.md"


def data_name(year: int) -> str:
    return f"{SECTION}/{year}"  # data/v1/reports/<year>.json and .csv


def years(context: Context) -> list[int]:
    return list(annual_report.reports_of(context.site, context.histories))


def of_year(context: Context, year: int) -> annual_report.AnnualReport:
    return annual_report.report_of(context.site, context.histories, year)


def report_page(context: Context, year: int) -> str:
    page = Page(report_src(year))
    running = context.today <= dt.date(year, 12, 31)  # the page says so; the figures never read the day
    return render("reports/year.md.j2", page=page, school=context.school, report=of_year(context, year), running=running,
                  data_json=data_path(data_name(year)), data_csv=data_path(data_name(year), "csv"))


def index_page(context: Context) -> str:
    return render("reports/index.md.j2", page=Page(report_src()), school=context.school, years=years(context),
                  history=bool(context.histories))


def report_file(context: Context, year: int | None = None) -> str:
    """A whole generated page: front matter (title, description; not a template), then the body."""
    title = f"{context.school.name}{year}年信息公开工作年度报告" if year else "信息公开工作年度报告"
    meta: dict = {"render_macros": False, "title": title}
    description = f"{context.school.name}{year}年信息公开工作的统计：按公开目录分类的公开条数、收费公示是否按时、更正情况。" \
        if year else f"{context.school.name}历年的信息公开工作年度报告。"
    meta.update(describe.page_meta(title, description, describe.share_image(context), "article"))
    body = report_page(context, year) if year else index_page(context)
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n\n{body}"
