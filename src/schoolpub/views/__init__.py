"""Views: pure functions (validated data) → Markdown, rendered from templates.

Two kinds of template, two kinds of escaping:
- `*.md.j2` produce Markdown. Every `{{ value }}` passes through `inline`, which
  escapes HTML and Markdown syntax, so a title like `<script>` or
  `[x](javascript:…)` shows as the characters typed. Links between pages are
  Markdown links, so MkDocs checks that each one resolves.
- `*.html.j2` produce the richer blocks (fee cards, timetables, diffs, QR
  codes) with Jinja's HTML autoescaping; they are inserted as HTML blocks.
Multi-line bodies go through `markdown_block` (bodies.py): Markdown with raw HTML
shown as text and only safe links.
The output is inserted after mkdocs-macros has rendered its template, and the
generated record pages are not rendered as templates at all, so data is never
evaluated as a Jinja template.
"""
from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import jinja2
import yaml
from markupsafe import Markup

from .. import urls
from ..bodies import markdown_block
from ..content import RECORD_TYPES, ContentType, festivals, regulation_text
from ..content.fee_rules import choice
from ..content.fee_sums import unit_after
from ..context import Context
from ..site import Site
from ..names import shown_name
from . import archive, describe, diff
from .facts import (  # noqa: F401  (also used by the exports, through this package)
    attachment_kind, attachment_path, decision_bases, display_period, display_state, festival_dates, festival_state, file_size,
    is_on_display,
    changed_on, latest_date, name_policy, page_dates, pairwise_reversed, recent_correction, record_date, record_title, shown_body, shown_people, shows_pupils)
from .fees import basis_text, fee_cell, fee_facts, fee_grades, fee_standard, fee_summary, fee_totals, money, term_row
from .first_screen import first_screen
from .footer import footer  # noqa: F401  (the theme's footer partial, through macros.py)
from .qr import qr_svg

# Characters Python-Markdown treats as syntax (its ESCAPED_CHARS plus "|" from
# the tables extension); a backslash makes each one literal.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
TYPES = {content_type.name: content_type for content_type in RECORD_TYPES}


def inline(value: Any) -> str:
    """One value as literal text inside Markdown: no HTML, no Markdown syntax."""
    if isinstance(value, Markup):  # already rendered safely (markdown_block, html templates)
        return value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = html.escape(str(value), quote=False)
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text).replace("\n", " ")


def phone_link(number: str) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", number.split("转")[0])


# -- where a page lives ----------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """Where a page lives (its source path), for links relative to it."""

    src_uri: str

    def href(self, target: str) -> Markup:
        # Our own paths, from validated ids ([a-z0-9-]) or attachment file names (percent-encoded:
        # they stand in a Markdown link): Markup so `inline` leaves them as they are.
        return Markup(urls.written(urls.in_url(_relative(target, posixpath.dirname(self.src_uri)))))

    def record(self, type_name: str, record_id: str) -> str:
        return self.href(record_src(type_name, record_id))

    def section(self, type_name: str) -> str:
        return self.href(f"{type_name}/index.md")

    def asset(self, site_path: str) -> Markup:
        """A file in the built site (photo, PDF) as seen from this page's URL (…/<id>/)."""
        page_dir = posixpath.dirname(self.src_uri) if self.src_uri.endswith("index.md") \
            else self.src_uri[: -len(".md")]
        return Markup(urls.written(urls.in_url(posixpath.relpath(site_path, page_dir or "."))))


def _relative(target: str, start: str) -> str:
    """posixpath.relpath(target, start or "."), without its two trips through the working folder
    (os.getcwd, abspath): a ten-year school's listings link tens of thousands of records."""
    target_parts, start_parts = target.split("/"), start.split("/") if start else []
    if any(part in ("", ".", "..") for part in target_parts + start_parts) or target.startswith("/"):
        return posixpath.relpath(target, start or ".")  # not one of our plain paths: the general answer
    common = 0
    for mine, theirs in zip(target_parts, start_parts):
        if mine != theirs:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:]) or "."


def record_src(type_name: str, record_id: str) -> str:
    """`fees/2027-spring/index.md`: the source sits in the folder of its URL (fees/2027-spring/), so a
    relative URL in raw HTML means the same to every engine (Zensical resolves it against the source
    file, MkDocs against the page URL)."""
    return f"{type_name}/{record_id}/index.md"


def absolute_url(context: Context, type_name: str, record_id: str) -> str:
    return urls.written(f"{context.site_url}{type_name}/{record_id}/")


# -- rendering ----------------------------------------------------------------------

def _environment(autoescape: bool, finalize=None) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("schoolpub", "views/templates"),
        autoescape=autoescape,
        finalize=finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the package and do not change during a build
    )
    environment.filters.update(markdown=markdown_block, tel=phone_link, money=money, masked_name=shown_name,
                               pairwise_reversed=pairwise_reversed)
    environment.globals.update(
        TYPES=TYPES, record_date=record_date, latest_date=latest_date, record_title=record_title,
        display_state=display_state, display_period=display_period, festival_state=festival_state, festival_dates=festival_dates, fee_totals=fee_totals,
        fee_grades=fee_grades, fee_standard=fee_standard, fee_cell=fee_cell, fee_facts=fee_facts,
        fee_summary=fee_summary, first_screen=first_screen, term_row=term_row, chinese_date=describe.chinese_date, basis_text=basis_text, fee_choice=choice,
        unit_after=unit_after, name_policy=name_policy, shows_pupils=shows_pupils,
        festival_kinds=festivals.kinds_in_order, decision_bases=decision_bases, shown_body=shown_body,
        shown_people=shown_people,
        absolute_url=absolute_url, qr_svg=qr_svg,
        changes=diff.changes, grouped_changes=diff.grouped, regulation_text=regulation_text.parse_text,
        file_size=file_size, component=component, page_dates=page_dates,
        attachment_path=attachment_path, attachment_kind=attachment_kind,
    )
    return environment


def render(template: str, **values: Any) -> str:
    return _markdown_templates.get_template(template).render(**values)


def component(template: str, **values: Any) -> Markup:
    """An HTML block (autoescaped template) to place inside a Markdown page."""
    rendered = _html_templates.get_template(template).render(**values).strip()
    return Markup(f"\n\n{rendered}\n\n")


_markdown_templates = _environment(autoescape=False, finalize=inline)  # output is Markdown: `inline` escapes
_html_templates = _environment(autoescape=True)


def cache_compiled_templates(folder: Path, code: str) -> None:
    """The templates compiled once, not on every render (16 of them, ~0.35 s at 928 records, measured).
    Jinja names an entry by the template's name and refuses it when the source's sha1 differs; what an
    entry does not record, the options and filters it was compiled with (`finalize` runs on constant
    text at compile time), is the code: `code` (check_cache.fingerprint) names the folder, and the
    folders of other code are removed."""
    current = folder / code
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name != code:
                shutil.rmtree(old, ignore_errors=True)
    for name, environment in (("markdown", _markdown_templates), ("html", _html_templates)):
        (current / name).mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = _CompiledTemplates(str(current / name))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """A folder that cannot be written (read-only, removed) costs time, never the render."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


# -- pages --------------------------------------------------------------------------

def all_records(site: Site) -> Iterable[tuple[ContentType, str, Any]]:
    for content_type in RECORD_TYPES:
        for record_id, record in site.of(content_type.name).items():
            yield content_type, record_id, record


def home(context: Context) -> str:
    site, today = context.site, context.today
    on_display = sorted(
        ((t, i, r) for t, i, r in all_records(site)
         if is_on_display(t, r, today)),
        key=lambda item: item[2].display.end)
    # a record's last change in its data or, with the repository's history, its last revision (a 更正 comes up)
    changed = {(t.name, i): changed_on(r, context.histories.get((t.name, i))) for t, i, r in all_records(site)}
    latest = sorted((item for item in all_records(site) if latest_date(item[2]) <= today),  # not future festivals
                    key=lambda item: (changed[(item[0].name, item[1])], item[1]), reverse=True)[:8]
    corrections = {key: recent_correction(context.histories.get(key), today) for key in changed}
    upcoming = sorted(
        ((i, f, event) for i, f in site.of("festivals").items() for event in f.programme if event.date >= today),
        key=lambda item: (item[2].date, item[2].starts, item[0]))[:6]
    return render("home.md.j2", context=context, page=Page("index.md"), school=context.school,
                  on_display=on_display, latest=latest, upcoming=upcoming, changed=changed, corrections=corrections,
                  counts={t.name: len(site.of(t.name)) for t in RECORD_TYPES})


def about(context: Context) -> str:
    return render("about.md.j2", school=context.school, page=Page("about.md"))


def _sorted_records(context: Context, type_name: str) -> list[tuple[str, Any]]:
    return sorted(context.site.of(type_name).items(), key=lambda item: (record_date(item[1]), item[0]), reverse=True)


def section_groups(context: Context, type_name: str) -> dict:
    """What a section page and its year pages are grouped by, besides their records."""
    groups = dict(TYPES[type_name].publishing.groups)  # the fixed orders a section is grouped in
    if type_name == "affairs":  # the disclosure catalogue in force (data/catalogue.yml or the default)
        catalogue = context.site.catalogue
        groups.update(categories=catalogue.names() if catalogue else (), catalogue=catalogue,
                      report_years=_report_years(context))
    return groups


def _report_years(context: Context) -> list[int]:
    """The years of the 信息公开工作年度报告 pages, which the affairs section links to."""
    from ..annual_report import reports_of  # it uses this package's facts: imported once both are loaded
    return list(reports_of(context.site, context.histories))


def year_pages(context: Context, type_name: str) -> list[archive.YearPage]:
    return archive.year_pages(type_name, _sorted_records(context, type_name), record_date)


def _archive_links(context: Context, type_name: str, page: Page) -> list[tuple[int, int, str]]:
    """(year, records, link) for every year page's first part, newest year first."""
    counts: dict[int, int] = {}
    for year_page in year_pages(context, type_name):
        counts[year_page.year] = counts.get(year_page.year, 0) + len(year_page.records)
    return [(year, count, page.href(archive.year_src(type_name, year))) for year, count in counts.items()]


def section_index(context: Context, type_name: str) -> str:
    records = _sorted_records(context, type_name)
    page = Page(f"{type_name}/index.md")
    shown = archive.latest(type_name, records)
    return render(f"{type_name}/index.md.j2", context=context, page=page, records=shown,
                  content_type=TYPES[type_name], year=None, total=len(records), parts=(),
                  archive=_archive_links(context, type_name, page), **section_groups(context, type_name))


def year_page(context: Context, year_page: archive.YearPage) -> str:
    """One year of a section (or one part of a year), listed as the section page lists records."""
    page = Page(year_page.src_uri)
    parts = [(part, page.href(archive.year_src(year_page.type_name, year_page.year, part)))
             for part in range(1, year_page.parts + 1)] if year_page.parts > 1 else []
    return render(f"{year_page.type_name}/index.md.j2", context=context, page=page, records=list(year_page.records),
                  content_type=TYPES[year_page.type_name], year=year_page.year, part=year_page.part, parts=parts,
                  total=len(year_page.records), archive=[], section=page.section(year_page.type_name),
                  **section_groups(context, year_page.type_name))


def year_front_matter(context: Context, year_page: archive.YearPage) -> dict:
    """Year pages repeat titles the record pages already hold: out of the search index, which stays small."""
    label = TYPES[year_page.type_name].label
    part = f"（第 {year_page.part} 页）" if year_page.parts > 1 else ""
    meta: dict = {"render_macros": False, "search": {"exclude": True}, "title": f"{label} · {year_page.year} 年{part}"}
    meta.update(describe.page_meta(meta["title"], f"{context.school.name}{year_page.year} 年的{label}{part}。",
                                   describe.share_image(context), "website"))
    return meta


def record_page(context: Context, type_name: str, record_id: str) -> str:
    record = context.site.of(type_name)[record_id]
    source = context.site.sources[(type_name, record_id)].file
    history = context.histories.get((type_name, record_id))
    return render(f"{type_name}/record.md.j2", context=context, page=Page(record_src(type_name, record_id)),
                  record=record, record_id=record_id, content_type=TYPES[type_name],
                  updated=None if history else context.updated.get(source), history=history,
                  url=absolute_url(context, type_name, record_id))


def record_file(context: Context, type_name: str, record_id: str) -> str:
    """The whole generated page of a record: front matter, then the Markdown body."""
    meta = yaml.safe_dump(front_matter(context, type_name, record_id), allow_unicode=True)
    return f"---\n{meta}---\n\n{record_page(context, type_name, record_id)}"


def front_matter(context: Context, type_name: str, record_id: str) -> dict:
    """Page settings for a generated record page (never data values: those go in the body)."""
    record = context.site.of(type_name)[record_id]
    title = record_title(record)
    # The title of the browser tab, of a WeChat share and of the search result: the record's own, not
    # one MkDocs makes from the file name ("2025 autumn"): the page's first heading is not its H1
    # when a print header comes first. Escaped here: Material writes a front-matter title into
    # <title> and the search index as it is, and a title is staff's text, never HTML.
    meta: dict = {"render_macros": False, "title": html.escape(title, quote=False)}
    # description and link-preview data (overrides/partials/schoolpub-meta.html writes the tags)
    meta.update(describe.page_meta(title, describe.record_description(type_name, record, title),
                                   describe.share_image(context, record), "article"))
    if TYPES[type_name].publishing.search_excluded(record):
        meta["search"] = {"exclude": True}  # e.g. pupils' names stay out of the search index
    return meta
