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

from collections.abc import Callable, Iterator, Mapping
from functools import partial


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
from .opendata import FEES_V2_CSV, FEES_V2_JSON, fees_json_v2, school_json, section_json, section_json_chunks
from .tables import FEES_COLUMNS, fees_csv, fees_csv_v2, honors_csv, honors_csv_chunks


def all_exports(context: Context) -> dict[str, bytes | str]:
    """Every export as site path → content, in a fixed order; each record's share of them is made
    once and kept between builds in the context's cache (exports/fragments.py)."""
    fragments = Fragments(context)
    files = {path: make() for path, make in export_makers(context, fragments).items()}
    fragments.prune()  # every record was seen: its section's open data lists it
    return files


def export_makers(context: Context, fragments: Fragments, chunked: bool = False
                  ) -> dict[str, Callable[[], bytes | str | Iterator[bytes]]]:
    """Every export as site path → the function that makes it, in all_exports' order: a build makes
    each file when it writes it (Exports), not all of them at once (tens of MB at 5,000 records).
    `chunked`: the files of one part per record (open data, honours' CSV) as UTF-8 chunks, made as they are written."""
    sections_json = section_json_chunks if chunked else section_json
    makers: dict[str, Callable[[], bytes | str]] = {feed_path(): lambda: atom_feed(context)}
    makers.update({feed_path(section): partial(atom_feed, context, section) for section in SECTIONS})
    makers[calendar_path()] = lambda: calendar(context, fragments=fragments)
    makers.update({calendar_path(kind): partial(calendar, context, kind, fragments) for kind in CALENDARS})
    makers[data_path("school")] = partial(school_json, context)
    makers.update({data_path(section): partial(sections_json, context, section, fragments) for section in SECTIONS})
    makers[data_path("fees", "csv")] = partial(fees_csv, context)
    makers[data_path("honors", "csv")] = partial(honors_csv_chunks if chunked else honors_csv, context, fragments)
    makers.update({FEES_V2_JSON: partial(fees_json_v2, context), FEES_V2_CSV: partial(fees_csv_v2, context)})  # fees v2
    for year in annual_report.reports_of(context.site, context.histories):  # 信息公开工作年度报告
        makers[data_path(f"reports/{year}")] = partial(report_json, context, year)
        makers[data_path(f"reports/{year}", "csv")] = partial(report_csv, context, year)
    return makers


class Exports(Mapping):
    """The exports as `prefix` + site path → UTF-8 bytes, each made when it is asked for and not kept: a build
    holds one export at a time (all of them at once, as text and as bytes, were the largest part of the build's
    memory at 5,000 records); `chunks` gives one as it is made, for render to write. The cache keeps only the
    records' shares used once every file was made."""

    def __init__(self, context: Context, prefix: str = ""):
        self._fragments = Fragments(context)
        self._makers = {prefix + path: make for path, make in export_makers(context, self._fragments, chunked=True).items()}
        self._unmade = set(self._makers)

    def __getitem__(self, path: str) -> bytes:
        return b"".join(self.chunks(path))

    def chunks(self, path: str) -> Iterator[bytes]:
        content = self._makers[path]()
        if isinstance(content, (str, bytes)):
            yield content.encode("utf-8") if isinstance(content, str) else content
        else:
            yield from content
        self._unmade.discard(path)
        if not self._unmade:
            self._fragments.prune()

    def __contains__(self, path: object) -> bool:  # Mapping's own would make the file to answer
        return path in self._makers

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


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


__all__ = ["CALENDARS", "CSV_SECTIONS", "FEED_LIMIT", "FEES_COLUMNS", "SECTIONS", "Exports", "all_exports", "export_makers", "atom_feed", "calendar",
           "calendar_path", "data_path", "feed_path", "fees_csv", "fees_csv_v2", "fees_json_v2", "honors_csv",
           "school_json", "section_json", "subscribe_links", "summary"]
