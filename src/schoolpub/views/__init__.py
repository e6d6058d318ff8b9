"""Views: pure functions (validated data) → Markdown, rendered from templates.

Every `{{ value }}` in a template passes through `inline`, which escapes HTML
and Markdown syntax, so a title like `<script>` or `[x](javascript:…)` shows
as the characters typed. Multi-line bodies go through `markdown_block`, which
renders Markdown with raw HTML switched off. The output is inserted into the
page after mkdocs-macros has rendered its template, so data is never
evaluated as a Jinja template either.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import jinja2
import markdown as markdown_lib
from markupsafe import Markup

from ..content import RECORD_TYPES
from ..loader import Site

# Characters Python-Markdown treats as syntax (its ESCAPED_CHARS plus "|" from
# the tables extension); a backslash makes each one literal.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def inline(value: Any) -> str:
    """One value as literal text inside Markdown: no HTML, no Markdown syntax."""
    if isinstance(value, Markup):  # already rendered by markdown_block
        return value
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = html.escape(str(value), quote=False)
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text).replace("\n", " ")


def markdown_block(text: str) -> Markup:
    """Staff Markdown → HTML with raw HTML shown as text, never executed."""
    converter = markdown_lib.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    rendered = converter.convert(text)
    # A blank line before and after keeps the surrounding page Markdown intact.
    return Markup(f'\n<div class="sp-markdown" markdown="0">\n{rendered}\n</div>\n')


def phone_link(number: str) -> str:
    return "tel:" + re.sub(r"[^\d+]", "", number.split("转")[0])


_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("schoolpub", "views/templates"),
    autoescape=False,  # the output is Markdown, not HTML: `inline` escapes instead
    finalize=inline,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_environment.filters["markdown"] = markdown_block
_environment.filters["tel"] = phone_link


def render(template: str, **values: Any) -> str:
    return _environment.get_template(template).render(**values)


def home(site: Site) -> str:
    sections = [(t, sorted(site.of(t.name).items(), key=lambda item: _record_date(item[1]), reverse=True))
                for t in RECORD_TYPES]
    return render("home.md.j2", school=site.school, sections=sections, date_of=_record_date, title_of=_record_title)


def _record_date(record: Any) -> dt.date:
    for name in ("published", "issued", "date", "start", "effective"):
        value = getattr(record, name, None)
        if isinstance(value, dt.date):
            return value
    raise TypeError(f"{type(record).__name__} has no date")


def _record_title(record: Any) -> str:
    if hasattr(record, "title"):
        return record.title
    return f"{record.year}年第{record.edition}届{record.display_name}：{record.theme}"
