"""What the site publishes: one description, built once per build, with no engine in it.

`make_plan(root)` validates the data once (refusing on any problem) and says, file by file,
what the engine's input is:
- pages: the generated Markdown of every record and every year page, the annual reports, and the pages of docs/
  with the front matter the data gives them (descriptions, link previews);
- static files, published as they are: photo renditions and cleaned attachments from the
  caches (hard-linked, never copied), the files of docs/ that are not pages, the editor's
  pinned program files;
- generated files: feeds, calendars, open data;
- the wiring: the engine's configuration (engine_config.py), the macros module and the
  values its macros return, the theme overrides, the MkDocs-only hooks, the search words;
- the steps after the engine: finish (offline assets, HTML fixes) and scan (the gates).
`schoolpub render` writes it into a build directory (render.py); any engine builds from there.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.nodes
import yaml

from . import engine_config, exports, views
from .build import BuildRefused, prepared
from .cms.bundle import BundleMissing, bundle_files
from .echo import quoted, say
from .inventory import links_under
from .views import Context, describe
from .views import report
from .views.page_cache import PageCache, StoredPage

DOCS = "docs"
# After the engine: what runs on its output, whichever engine it was (schoolpub.output: `schoolpub finish`, `schoolpub scan`).
STEPS = (
    ("build", "engine build --strict on the generated configuration"),
    ("finish", "offline assets (no foreign host), HTML fixes"),
    ("scan", "privacy gate, link safety, dead links and anchors"),
)
MACROS = ("home", "about", "section_index", "subscribe_links")
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


class Pages(Mapping):
    """Path → page text; a record page kept in the page cache is read from there each time it is asked for."""

    def __init__(self, pages: dict[str, str | StoredPage]):
        self._pages = pages

    def __getitem__(self, path: str) -> str:
        page = self._pages[path]
        return page if isinstance(page, str) else page.text()

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)


@dataclass(frozen=True)
class Plan:
    """Paths are relative to the build directory; pages and generated files live under docs/."""

    context: Context
    pages: Mapping[str, str] = field(default_factory=dict)
    static: dict[str, Path] = field(default_factory=dict)
    generated: Mapping[str, bytes] = field(default_factory=dict)  # exports.Exports: each made when asked for
    wiring: dict[str, bytes | Path] = field(default_factory=dict)
    steps: tuple = STEPS
    rendered_pages: tuple = ()  # (type, id) of the record pages rendered afresh (not from the page cache)

    def files(self) -> dict[str, bytes | Path]:
        """Everything the build directory holds, path → content (bytes) or file to link."""
        return {path: content if isinstance(content, (bytes, Path)) else b"".join(content)
                for path, content in self.items()}

    def paths(self) -> list[str]:
        """The paths of files(), sorted, without making their contents."""
        return sorted({*self.pages, *self.static, *self.generated, *self.wiring})

    def items(self):
        """files() one at a time, by path: a page is encoded only when its turn comes, so a ten-year
        school's pages are not held a second time as bytes; an export is an iterator of its bytes, made
        as it is written (exports.Exports.chunks)."""
        for path in self.paths():
            for source in (self.wiring, self.generated, self.static):  # later ones win, as in files()
                if path in source:
                    yield path, source.chunks(path) if hasattr(source, "chunks") else source[path]
                    break
            else:
                yield path, self.pages[path].encode("utf-8")


def make_plan(root: Path, progress=None) -> Plan:
    """The whole publication of the project at `root`; raises BuildRefused (Chinese, for staff) on any problem."""
    root = Path(root)
    try:
        settings = engine_config.read_settings(root)
    except engine_config.SettingsError as error:
        raise BuildRefused(str(error)) from None
    refuse_links_in_docs(root / DOCS)
    context = prepared(root, settings["site_url"], with_media=True, progress=progress or PhotoProgress())
    values = macro_values(context)
    generated_pages, rendered = record_and_year_pages(context)
    pages = Pages({**generated_pages, **report_pages(context), **docs_pages(root / DOCS, context, values)})
    return Plan(context=context, pages=pages, static=static_files(root, context), generated=generated_files(context),
                wiring=wiring(root, settings, context, values), rendered_pages=tuple(rendered))


def generated_files(context: Context) -> exports.Exports:
    """The exports as bytes, each made when render writes it and let go after (the open data of
    5,000 records is tens of MB: made all at once they were the build's peak of memory)."""
    return exports.Exports(context, prefix=f"{DOCS}/")


def refuse_links_in_docs(docs: Path) -> None:
    # An engine copies what a link in docs/ points to, like any page or image: a link to a file of
    # the build machine would be published.
    links = links_under(docs)
    if links:
        raise BuildRefused("docs/ 里有符号链接（快捷方式），网站不发布链接指向的文件：请删除 "
                           + "、".join(f"docs/{quoted(link)}" for link in links) + "，把真正的文件放在那里。")


# -- pages --------------------------------------------------------------------------------------

def record_and_year_pages(context: Context) -> tuple[dict[str, str | StoredPage], list]:
    """Every record page (served from the page cache when nothing it shows changed, read from there
    when it is written out) and year page."""
    pages: dict[str, str | StoredPage] = {}
    cache = PageCache(context.cache_dir)
    for content_type, record_id, _ in views.all_records(context.site):
        pages[f"{DOCS}/{views.record_src(content_type.name, record_id)}"] = cache.stored(
            context, content_type.name, record_id,
            lambda name=content_type.name, record_id=record_id: views.record_file(context, name, record_id))
    for content_type in views.RECORD_TYPES:
        groups = views.section_groups(context, content_type.name)
        for year_page in views.year_pages(context, content_type.name):
            pages[f"{DOCS}/{year_page.src_uri}"] = cache.year(context, year_page, groups,
                                                              lambda year_page=year_page: year_file(context, year_page))
    cache.prune()
    return pages, cache.rendered


def year_file(context: Context, year_page) -> str:
    meta = yaml.safe_dump(views.year_front_matter(context, year_page), allow_unicode=True)
    return f"---\n{meta}---\n\n{views.year_page(context, year_page)}"


def report_pages(context: Context) -> dict[str, str]:
    """信息公开工作年度报告: the index and one page per year (views/report.py); their open data is
    among the exports."""
    pages = {f"{DOCS}/{report.report_src()}": report.report_file(context)}
    for year in report.years(context):
        pages[f"{DOCS}/{report.report_src(year)}"] = report.report_file(context, year)
    return pages


def docs_pages(docs: Path, context: Context, values: dict) -> dict[str, str]:
    """The pages of docs/ as written, with the descriptions and link-preview data the school's data
    gives them added to their front matter (their own keys win), and a digest of the macro values
    they show: an engine that rebuilds only changed sources (Zensical) then sees the page change
    when what its macros return changes."""
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        src_uri = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8")
        match = _FRONT_MATTER.match(text)
        meta = (yaml.safe_load(match.group(1)) if match else None) or {}
        body = text[match.end():] if match else text
        if not isinstance(meta, dict):  # the engine reports front matter it cannot read; keep the page as written
            pages[f"{DOCS}/{src_uri}"] = text
            continue
        added = describe.docs_page_meta(context, src_uri, meta)
        if src_uri == "index.md":  # the home page's tab shows the school's name alone (overrides/main.html)
            added["schoolpub_home"] = True
        shown = shown_values(body, values)
        if shown is not None:
            added["schoolpub_data"] = hashlib.sha256(shown.encode("utf-8")).hexdigest()[:16]
        if not added:
            pages[f"{DOCS}/{src_uri}"] = text
            continue
        front = yaml.safe_dump({**meta, **added}, allow_unicode=True, sort_keys=False)
        pages[f"{DOCS}/{src_uri}"] = f"---\n{front}---\n{body}"
    return pages


# -- the macros of the docs/ pages -------------------------------------------------------------

def macro_values(context: Context) -> dict:
    """What each macro returns, computed once here; the macros module only looks them up, so the
    engine neither loads nor validates the data again (and needs none of schoolpub)."""
    sections = [content_type.name for content_type in views.RECORD_TYPES]
    return {
        "home": views.home(context),
        "about": views.about(context),
        "section_index": {name: views.section_index(context, name) for name in sections},
        "subscribe_links": {"": exports.subscribe_links(context),
                            **{name: exports.subscribe_links(context, name) for name in sections}},
    }


def shown_values(body: str, values: dict) -> str | None:
    """The macro values a page calls, as one string (None: it calls none). A call whose argument is
    not a plain constant counts as calling every value of that macro."""
    try:
        tree = jinja2.Environment().parse(body)
    except jinja2.TemplateSyntaxError:  # the engine reports it; the page depends on everything meanwhile
        return json.dumps(values, ensure_ascii=False, sort_keys=True)
    calls = list(tree.find_all(jinja2.nodes.Call))
    named = [node for node in tree.find_all(jinja2.nodes.Name) if node.name in MACROS]
    if len(named) > sum(1 for call in calls if isinstance(call.node, jinja2.nodes.Name) and call.node.name in MACROS):
        # a macro used other than by a plain call (`{% set f = home %}{{ f() }}`): the page depends on every value
        return json.dumps(values, ensure_ascii=False, sort_keys=True)
    shown = []
    for call in calls:
        if not isinstance(call.node, jinja2.nodes.Name) or call.node.name not in MACROS:
            continue
        value = values[call.node.name]
        if isinstance(value, dict):
            arguments = [argument.value for argument in call.args if isinstance(argument, jinja2.nodes.Const)]
            plain = len(arguments) == len(call.args) and not call.kwargs
            key = (arguments[0] or "") if plain and arguments else ""
            value = value.get(key, value) if plain else value
        shown.append([call.node.name, value])
    return json.dumps(shown, ensure_ascii=False, sort_keys=True) if shown else None


# -- static files and the wiring --------------------------------------------------------------

def static_files(root: Path, context: Context) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for path in sorted((root / DOCS).rglob("*")):
        if path.is_file() and path.suffix != ".md":
            files[f"{DOCS}/{path.relative_to(root / DOCS).as_posix()}"] = path
    for photo in context.photos.values():
        for site_path, cached in photo.site_files():  # renditions in .cache/photos/, never the originals
            files[f"{DOCS}/{site_path}"] = cached
    for reference, cleaned in context.attachments.items():  # the checked copy without metadata
        files[f"{DOCS}/media/{reference}"] = cleaned
    try:
        bundle = bundle_files(root)
    except BundleMissing as missing:
        raise BuildRefused(str(missing)) from None
    files.update({f"{DOCS}/{site_path}": installed for site_path, installed in bundle})
    return files


def wiring(root: Path, settings: dict, context: Context, values: dict) -> dict[str, bytes | Path]:
    school = context.school
    extra = {"schoolpub_footer": views.footer(school), "share_image": describe.share_image(context)}
    config = engine_config.engine_config(settings, school.name,
                                         describe.docs_page_description(school, "index.md"), extra)
    files: dict[str, bytes | Path] = {
        engine_config.SETTINGS_FILE: engine_config.dump(config),
        engine_config.MACROS_MODULE: root / engine_config.MACROS_MODULE,
        engine_config.MACROS_VALUES: json.dumps(values, ensure_ascii=False, sort_keys=True).encode("utf-8"),
    }
    words = root / engine_config.SEARCH_WORDS
    if words.is_file():
        files[engine_config.SEARCH_WORDS] = words
    for hook in engine_config.engine_hooks(settings):
        files[hook] = root / hook
    overrides = root / "overrides"
    for path in sorted(overrides.rglob("*")):
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path
    return files


class PhotoProgress:
    """Says how photo encoding goes: at the start, every few seconds, and at the end ("照片：已处理 8/24").

    It is only called when photos must be encoded: a build with every photo cached says nothing.
    """

    def __init__(self, every_seconds: float = 2.0):
        self.every_seconds = every_seconds
        self.last = -math.inf

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done in (0, total) or now - self.last >= self.every_seconds:
            self.last = now
            say(f"照片：已处理 {done}/{total}")
