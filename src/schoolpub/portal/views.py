"""The portal's pages: pure functions (school views → Markdown) rendered from templates/*.md.j2.

As in schoolpub.views, every `{{ value }}` passes through `inline` (HTML and Markdown syntax
escaped), so nothing a school publishes becomes markup: a title `<script>` or `[x](javascript:…)`
shows as typed. Links are built here only: to the portal's own pages (Markdown links MkDocs
checks), or to a school's page when it is an http(s) address on that school's configured site
(district.external_link); any other URL a school publishes is not linked.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any, Optional

import jinja2
from markupsafe import Markup

from ..content.fee_sums import fee_standard, money
from ..content.fee_rules import choice
from ..views import inline
from .district import SchoolView, comparison, term_label


def link(text: Any, target: Optional[str]) -> Markup:
    """[text](target), the text escaped; without a target the text alone."""
    return Markup(f"[{inline(text)}]({target})" if target else inline(text))


def anchor(name: str) -> Markup:
    """`{#name}` after a heading made from a school's text (attr_list): an id of ours, since a slug of
    the text could read as a phone number to the output scan (第130小学2026-2027 → 1302026-2027)."""
    return Markup("{#" + name + "}")


def item_page(name: str) -> str:
    """A school-chosen item name never becomes a path: its page is named by a digest."""
    return "items/" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:12] + ".md"


def status_text(school: SchoolView) -> str:
    """正常, or 暂时无法读取 with the reason (sources.py words it) and which copy is shown."""
    if school.status == "ok":
        return "正常"
    reason = (school.reason or "暂时无法读取").rstrip("。")
    reason = reason if reason.startswith("暂时无法读取") else f"暂时无法读取：{reason}"
    if school.status != "stale":
        return f"{reason}。没有可用的副本。"
    read = f" {school.copy_date} 读到的" if school.copy_date else "上次读到的"
    changed = f"（学校数据更新于 {school.data_date}）" if school.data_date else ""
    return f"{reason}。显示的是{read}副本{changed}。"


_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("schoolpub", "portal/templates"), autoescape=False, finalize=inline,
    undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    auto_reload=False)
_environment.globals.update(anchor=anchor, link=link, item_page=item_page, status_text=status_text, fee_standard=fee_standard,
                            fee_choice=choice, money=money)


def _render(template: str, **values: Any) -> str:
    return _environment.get_template(template).render(**values)


SCHOOLS_PER_PAGE = 100  # a row of the school list is 120-450 bytes of HTML: the home page stays under 60 KB


@dataclass(frozen=True)
class Summary:
    total: int
    ok: int
    unreadable: int
    without_notice: int
    findings: int


def summary(schools: list[SchoolView]) -> Summary:
    return Summary(len(schools), sum(school.status == "ok" for school in schools),
                   sum(school.status != "ok" for school in schools),
                   sum(school.current is None for school in schools), sum(len(school.findings) for school in schools))


def _list_path(number: int) -> str:
    """Page 1 of the school list is the home page; the others are list/<n>.md."""
    return "index.md" if number == 1 else f"list/{number}.md"


def _pager(number: int, count: int) -> list[tuple[str, Optional[str]]]:
    """(label, link from page `number`, None for the page itself) for every page of the school list."""
    up = "" if number == 1 else "../"
    return [(f"第 {page} 页", None if page == number else
             (up + _list_path(page) if page == 1 or number == 1 else f"{page}.md")) for page in range(1, count + 1)]


def school_lists(district: str, schools: list[SchoolView], today: dt.date) -> dict[str, str]:
    """index.md (the summary and the first SCHOOLS_PER_PAGE schools), then list/2.md, list/3.md… for the rest:
    however many schools, no page of the list grows past SCHOOLS_PER_PAGE rows."""
    parts = [schools[start:start + SCHOOLS_PER_PAGE] for start in range(0, len(schools), SCHOOLS_PER_PAGE)] or [[]]
    result = {}
    for number, part in enumerate(parts, start=1):
        values = dict(district=district, schools=part, number=number, pages=_pager(number, len(parts)))
        if number == 1:
            result["index.md"] = _render("home.md.j2", today=today, term=term_label(today), summary=summary(schools),
                                         up="", **values)
        else:
            result[_list_path(number)] = _render("school_list.md.j2", up="../", **values)
    return result


def school_page(school: SchoolView, today: dt.date) -> str:
    return _render("school.md.j2", school=school, today=today, term=term_label(today))


def items_index(schools: list[SchoolView], today: dt.date) -> str:
    table = comparison(schools)
    return _render("items.md.j2", items=table, term=term_label(today))


ROWS_PER_PAGE = 200  # ~140 bytes of HTML a row: a page stays far below 60 KB however many schools


def _pages_of(stages: dict[str, list]) -> list[dict[str, list]]:
    """The rows (stage → rows) split into pages of at most ROWS_PER_PAGE, in order."""
    flat = [(stage, row) for stage, rows in stages.items() for row in rows]
    pages = []
    for start in range(0, len(flat), ROWS_PER_PAGE):
        page: dict[str, list] = {}
        for stage, row in flat[start:start + ROWS_PER_PAGE]:
            page.setdefault(stage, []).append(row)
        pages.append(page)
    return pages


def _numbered(first: str, number: int) -> str:
    return first if number == 1 else first.removesuffix(".md") + f"-{number}.md"


def item_pages(schools: list[SchoolView], today: dt.date) -> dict[str, str]:
    """items/<digest>.md (then -2.md, -3.md… for a long one) → one item across schools, per stage and grade."""
    result = {}
    for name, stages in comparison(schools).items():
        first, parts = item_page(name), _pages_of(stages)
        for number, part in enumerate(parts, start=1):
            around = {"previous": _numbered(first, number - 1).removeprefix("items/") if number > 1 else None,
                      "next": _numbered(first, number + 1).removeprefix("items/") if number < len(parts) else None}
            result[_numbered(first, number)] = _render("item.md.j2", name=name, stages=part, term=term_label(today),
                                                       number=number, count=len(parts), **around)
    return result


def open_data_page(district: str) -> str:
    return _render("open_data.md.j2", district=district)


def pages(district: str, schools: list[SchoolView], today: dt.date) -> dict[str, str]:
    """Every Markdown page of the portal, by its path under docs/."""
    result = {**school_lists(district, schools, today), "items/index.md": items_index(schools, today),
              "open-data.md": open_data_page(district)}
    result.update({f"schools/{school.id}.md": school_page(school, today) for school in schools})
    result.update(item_pages(schools, today))
    return result
