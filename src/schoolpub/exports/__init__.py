"""Subscriptions and open data: Atom feeds, iCalendar files, JSON and CSV.

Pure functions of a `Context` (no engine here; `schoolpub render` writes the
results into the build directory as generated files, so they pass the privacy scan of the
output like every page). Every file is deterministic: the same data and the
same repository dates give byte-identical output. Nothing reads the clock and
nothing depends on the build day (`context.today`): dates come from the data
(`latest_date`) or from git (`context.updated`), whichever is later.

Privacy follows the HTML exactly: pupils' names on honour lists and in festival
results are shown as the record's policy says (`name_policy` → `shown_name`:
王*琪, 欧阳**, or the class only), and internal flags (guardian consent) are not
published.
"""
from __future__ import annotations


# The public names of the package; the tests and the wiring use them.
from .. import annual_report
from ..context import Context
from ..views import TYPES, Page
from .calendars import calendar
from .common import (CALENDARS, CSV_SECTIONS, FEED_LIMIT, SECTIONS, calendar_path, data_path, feed_path,
                     summary)
from .feeds import atom_feed
from .fragments import Fragments
from .reports import report_csv, report_json
from .opendata import FEES_V2_CSV, FEES_V2_JSON, fees_json_v2, school_json, section_json
from .tables import FEES_COLUMNS, fees_csv, fees_csv_v2, honors_csv


def all_exports(context: Context) -> dict[str, bytes | str]:
    """Every export as site path → content, in a fixed order; each record's share of them is made
    once and kept between builds in the context's cache (exports/fragments.py)."""
    fragments = Fragments(context)
    files: dict[str, bytes | str] = {feed_path(): atom_feed(context)}
    files.update({feed_path(section): atom_feed(context, section) for section in SECTIONS})
    files[calendar_path()] = calendar(context, fragments=fragments)
    files.update({calendar_path(kind): calendar(context, kind, fragments) for kind in CALENDARS})
    files[data_path("school")] = school_json(context)
    files.update({data_path(section): section_json(context, section, fragments) for section in SECTIONS})
    files[data_path("fees", "csv")] = fees_csv(context)
    files[data_path("honors", "csv")] = honors_csv(context, fragments)
    fragments.prune()  # every record was seen: its section's open data lists it
    files.update({FEES_V2_JSON: fees_json_v2(context), FEES_V2_CSV: fees_csv_v2(context)})  # fees v2
    for year in annual_report.reports_of(context.site, context.histories):  # 信息公开工作年度报告
        files[data_path(f"reports/{year}")] = report_json(context, year)
        files[data_path(f"reports/{year}", "csv")] = report_csv(context, year)
    return files



# -- links for the section pages ----------------------------------------------------------------

def subscribe_links(context: Context, section: str | None = None) -> str:
    """A Markdown paragraph with the feed, calendar and open-data links, relative to the
    section's page (`<section>/index.md`), or to the home page when `section` is None."""
    if section is not None and section not in TYPES:
        raise ValueError(f"unknown section {section!r}")
    page = Page(f"{section}/index.md" if section else "index.md")
    links = [f"[订阅更新（Atom）]({page.href(feed_path(section))})"]
    if section is None or section in CALENDARS:
        links.append(f"[日历（.ics）]({page.href(calendar_path(section))})")
    name = section or "school"
    data = [f"[JSON]({page.href(data_path(name))})"]
    if section in CSV_SECTIONS:
        data.append(f"[CSV]({page.href(data_path(name, 'csv'))})")
    return "订阅：" + " · ".join(links) + " · 开放数据：" + " ".join(data) + "\n{ .sp-subscribe }\n"


__all__ = ["CALENDARS", "CSV_SECTIONS", "FEED_LIMIT", "FEES_COLUMNS", "SECTIONS", "all_exports", "atom_feed", "calendar",
           "calendar_path", "data_path", "feed_path", "fees_csv", "fees_csv_v2", "fees_json_v2", "honors_csv",
           "school_json", "section_json", "subscribe_links", "summary"]
