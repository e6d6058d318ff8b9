"""MkDocs hook (wiring, MkDocs and ProperDocs only): the few things MkDocs itself needs to build the
rendered plan (schoolpub render) the way the site was built before. No gate lives here: the privacy
scan, link safety and the offline-asset rewrite run on the output of any engine (schoolpub.output: `schoolpub finish`, `schoolpub scan`).

- Log lines: every line MkDocs logs quotes file names and values from the data; echo.log_filter
  prints each as echo.log_line makes it, never as a workflow command. jieba's start-up chatter
  (Material segments Chinese with it) is not a warning.
- Descriptions: MkDocs' theme environment does not autoescape and Material writes
  <meta name="description" content="{{ page.meta.description }}"> as it is; each description is
  handed over escaped (Markup, so the link-preview partial does not escape it twice).
- Photos and attachments: the build directory holds them as hard links to the caches; they are
  linked into the site, not copied (a ten-year school publishes ~700 MB).
- Memory: a page needs only its HTML once converted, kept compressed until it is written, and nothing after.
- The theme's files: MkDocs lists every file of the theme to copy its assets, then drops the hidden
  ones; Material's hidden .icons folder is 14,348 of its 14,509 files (0.37 s of every build,
  measured), so hidden folders are not walked (VisibleThemeFiles): the same files are copied.
- Incremental builds (engines.build with --dirty, only the pages whose content changed): MkDocs
  warns on every dirty build, which --strict would turn into a failure; that one warning is
  dropped when the build asked for it. Material's search index would then hold only the rebuilt
  pages: the other pages' entries are taken from the index the last build wrote, in the order a
  full build gives them, so the index is the one a full build writes.
- Every file written into the output is a new file renamed over the old one (a new inode), never
  written in place: the published site/ is made of hard links to this output (engines.publishable_copy),
  and a later build, even one the gates then refuse, must not change a byte of it.
- The search index is written entry by entry (make site), not made whole as one text first.
"""
import contextlib
import json
import logging
import os
import shutil
import sys
import zlib

import jieba
from jinja2 import FileSystemBytecodeCache, FileSystemLoader
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.theme import Theme

from schoolpub import echo

jieba.setLogLevel(logging.WARNING)
LINKED = ("media/",)


DIRTY_VARIABLE = "SCHOOLPUB_DIRTY_BUILD"  # engines.DIRTY_VARIABLE (the hook is loaded by path, not imported)
DIRTY_WARNING = "A 'dirty' build is being performed"
_build = {"dirty": False, "command": None, "order": [], "rebuilt": set()}


class _ExpectedDirtyWarning(logging.Filter):
    def filter(self, record):
        return not record.getMessage().startswith(DIRTY_WARNING)


def on_startup(command, dirty):
    if not getattr(Theme.get_env, "lists_visible_files", False):
        Theme.get_env = _env_listing_visible_files(Theme.get_env)
    _build["dirty"] = dirty and command == "build" and os.environ.get(DIRTY_VARIABLE) == "1"
    _build["command"] = command
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):  # the engine's logger, MkDocs or ProperDocs
        logger = logging.getLogger(name)
        if _build["dirty"] and not any(isinstance(f, _ExpectedDirtyWarning) for f in logger.filters):
            logger.addFilter(_ExpectedDirtyWarning())


class VisibleThemeFiles(FileSystemLoader):
    """The theme's loader, listing the files outside hidden folders (MkDocs' Files.add_files_from_theme
    drops every path matching '.*' or '*/.*' after listing it; finding a template is unchanged)."""

    def list_templates(self):
        found = set()
        for searchpath in self.searchpath:
            for folder, folders, names in os.walk(searchpath, followlinks=self.followlinks):
                folders[:] = [name for name in folders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                found.update(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/") for name in names)
        return sorted(found)


def _env_listing_visible_files(get_env):
    def env_of(theme):
        env = get_env(theme)
        env.loader = VisibleThemeFiles(theme.dirs)
        # Material's templates compiled once, not on every build (~0.6 s of a one-page rebuild; the search
        # plugin compiles its language partials in envs of its own, ~0.1 s more). Jinja keys each entry by
        # the template's name and checks it against the sha1 of its source: content-keyed. The folder is
        # the build directory's (this file is its hooks/).
        os.makedirs(TEMPLATE_CACHE, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(TEMPLATE_CACHE)
        return env
    env_of.lists_visible_files = True
    return env_of


TEMPLATE_CACHE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".cache", "mkdocs-templates")


def _atomic_write_file(content, output_path):
    """mkdocs.utils.write_file, but a new file renamed over the old one (pages, search index, sitemap)."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    partial = _partial(output_path)
    with open(partial, "wb") as file:
        file.write(content)
    os.replace(partial, output_path)


def _atomic_copy_file(source_path, output_path):
    """mkdocs.utils.copy_file (the theme's and docs/' static files), but a new file renamed over the old one."""
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    if os.path.isdir(output_path):
        output_path = os.path.join(output_path, os.path.basename(source_path))
    if os.path.exists(output_path) and os.path.samefile(source_path, output_path):
        raise shutil.SameFileError(source_path, output_path)  # as shutil.copyfile: files.py lets plugins write there
    partial = _partial(output_path)
    shutil.copyfile(source_path, partial)
    os.replace(partial, output_path)


def _partial(output_path):
    folder, name = os.path.split(output_path)
    return os.path.join(folder, f".{name}.{os.getpid()}.part")  # hidden: MkDocs never copies nor cleans such names


def atomic_writes():
    """Every module MkDocs and its plugins write through (build.py, Material's search plugin, files.py call
    them as `utils.write_file`, through the module) writes new files. Under ProperDocs, mkdocs.* is
    properdocs.*: the modules the running engine loaded are patched, whichever they are."""
    for name in ("mkdocs.utils", "properdocs.utils"):
        module = sys.modules.get(name)
        if module is not None:
            module.write_file, module.copy_file = _atomic_write_file, _atomic_copy_file
    for name in ("mkdocs.structure.files", "properdocs.structure.files"):
        files = sys.modules.get(name)
        if files is not None and not getattr(files.File.copy_file, "atomic", False):
            files.File.copy_file = _new_file_first(files.File.copy_file)


def _new_file_first(copy_file):
    """File.copy_file writes a generated file's content with open(): the old file is removed first, so
    that open() makes a new one (a file copied from docs/ goes through utils.copy_file, patched above)."""
    def copy_generated_as_new_file(self, dirty=False):
        if self._content is not None and not (dirty and not self.is_modified()):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.abs_dest_path)
        copy_file(self, dirty)
    copy_generated_as_new_file.atomic = True
    return copy_generated_as_new_file


def on_pre_build(config):
    # build.py writes sitemap.xml.gz with open(…, "wb"), not through utils: remove it first, so that
    # open() makes a new file instead of writing into the one the published site links
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(config.site_dir, "sitemap.xml.gz"))


def on_config(config):
    atomic_writes()
    echo.log_filter()
    if config.site_description and not isinstance(config.site_description, Markup):
        config.site_description = escape(config.site_description)


def on_files(files, config):
    for file in list(files):
        if file.src_uri.startswith(LINKED) and not file.is_documentation_page():
            files.remove(file)
            files.append(LinkedFile(file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def on_nav(nav, config, files):
    _build["order"] = [page_url(file.url) for file in files.documentation_pages()]
    _build["rebuilt"] = set()
    return nav


def page_url(file_url):
    """A page's URL as MkDocs' Page.url gives it (and Material's search entries' locations): the home page is ''."""
    return "" if file_url in (".", "./") else file_url


@event_priority(100)  # before Material's search plugin reads the page's HTML
def on_page_context(context, page, config, nav):
    _build["rebuilt"].add(page.url)
    unpack_content(page)
    return context


@event_priority(50)  # before Material's search plugin writes the index
def on_post_build(config):
    search = next((plugin for plugin in config.plugins.values() if hasattr(plugin, "search_index")), None)
    if search is None or not search.config.enabled:
        return
    if _build["dirty"]:
        search.search_index.entries = merged_search_entries(
            previous_search_entries(config.site_dir), search.search_index.entries, _build["order"], _build["rebuilt"])
    if _build["command"] == "build":  # one build per process: the plugin is not asked again (make serve is)
        write_search_index(search.search_index, os.path.join(config.site_dir, "search", "search_index.json"))
        search.config.enabled = False  # Material's own writing of it is skipped


def write_search_index(index, path):
    """The file Material writes (SearchIndex.generate_search_index: json.dumps of the whole index, then
    encoded: two copies of ~19 MB at 5,000 pages, the engine's peak), byte for byte, written entry by
    entry; the head is Material's own, with no entries. Replaced by a rename, never half written."""
    entries, index.entries = index.entries, []
    try:
        head = index.generate_search_index(None)
    finally:
        index.entries = entries
    if not head.endswith("[]}"):
        raise PluginError("Material 的搜索索引格式与预期不同，请更新 hooks/mkdocs_engine.py。")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = _partial(path)
    with open(temporary, "wb") as file:
        file.write(head[:-2].encode("utf-8"))
        for number, entry in enumerate(entries):
            file.write((b"," if number else b"") + json.dumps(entry, separators=(",", ":"), default=str).encode("utf-8"))
        file.write(b"]}")
    os.replace(temporary, path)


def previous_search_entries(site_dir):
    try:
        with open(os.path.join(site_dir, "search", "search_index.json"), encoding="utf-8") as index:
            return json.load(index)["docs"]
    except (OSError, ValueError, KeyError) as error:  # the next build is a full one (no record is written)
        raise PluginError(f"上次生成的搜索索引读不出来（{type(error).__name__}），请重新完整生成网站。") from None


def merged_search_entries(previous, current, order, rebuilt):
    """Each page's entries from this build if it was rebuilt, else from the last one; pages in build order."""
    def by_page(entries):
        grouped = {}
        for entry in entries:
            grouped.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
        return grouped

    before, now = by_page(previous), by_page(current)
    return [entry for url in order for entry in (now if url in rebuilt else before).get(url, [])]


def on_page_markdown(markdown, page, config, files):
    description = page.meta.get("description")
    if isinstance(description, str) and not isinstance(description, Markup):
        page.meta["description"] = escape(description)
    return markdown


@event_priority(-100)  # after every other plugin's: the HTML is final
def on_page_content(html, page, config, files):
    page.markdown = ""  # not None: MkDocs reads a page without Markdown as a page without a title
    return pack_content(page, html)


def pack_content(page, html):
    """MkDocs converts every page before it writes any (build: _populate_page for all, then _build_page):
    each page's HTML waits compressed (≈ 1/6 of the text; 5,000 pages held as text were the engine's
    largest growth). The page's content is "" meanwhile; unpack_content puts it back before anyone reads it."""
    page.schoolpub_packed = zlib.compress(html.encode("utf-8"), 1)
    return ""


def unpack_content(page):
    packed = getattr(page, "schoolpub_packed", None)
    if packed is not None:
        page.content = zlib.decompress(packed).decode("utf-8")
        page.schoolpub_packed = None


def on_post_page(output, page, config):
    page.content = None
    return output


class LinkedFile(File):
    """A file hard-linked into the site instead of copied; copied where a link cannot be made."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            if os.path.lexists(target):
                os.unlink(target)
            os.link(self.abs_src_path, target)
        except OSError:
            super().copy_file(dirty)
