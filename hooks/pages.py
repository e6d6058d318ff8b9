"""MkDocs hook (wiring): one page per record, plus the published media.

Macros cannot create pages, so the record pages are generated here as virtual
files from the views. They are not in `nav` (see `not_in_nav`), so the
navigation Material embeds in every page does not grow with the data, and
they are never rendered as templates (front matter `render_macros: false`).

PDFs and spreadsheets are published as cleaned copies (schoolpub.attachments,
schoolpub.xlsx_clean), never the originals.
Photos are published from the cache in .cache/photos/ (schoolpub.media): only new
or changed photos are encoded, and only then is progress logged.
"""
import logging
import math
import os
import time
from pathlib import Path

import jieba
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from schoolpub import echo, views
from schoolpub.build import BuildRefused, prepared
from schoolpub.inventory import links_under
from schoolpub.views import report
from schoolpub.views.page_cache import PageCache

log = get_plugin_logger("schoolpub")

# Material's search segments Chinese with jieba; its start-up chatter is not a
# warning and must not clutter (or fail) the build log.
jieba.setLogLevel(logging.WARNING)


def on_config(config):
    # Refusals and warnings quote file names and values from the data: every line MkDocs logs
    # (ours, its own, the theme's) is printed as echo.log_line makes it, never as a workflow command.
    echo.log_filter()
    if not config.site_url:
        raise PluginError("mkdocs.yml 里要写 site_url（学校网站的完整网址，例如 https://www.example.edu.cn/）："
                          "打印的公示上的二维码要用它指向网页。")


def on_files(files, config):
    # MkDocs copies what a link in docs/ points to, like any page or image: a
    # link to a file of the build machine would be published.
    links = links_under(Path(config.docs_dir))
    if links:
        raise PluginError("docs/ 里有符号链接（快捷方式），网站不发布链接指向的文件：请删除 "
                          + "、".join(f"docs/{echo.quoted(link)}" for link in links) + "，把真正的文件放在那里。")
    try:
        context = prepared(Path(config.config_file_path).parent, config.site_url, with_media=True,
                           progress=PhotoProgress())
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None
    # Only pages whose inputs changed are rendered again (views/page_cache.py says what a page reads).
    pages = PageCache(context.cache_dir)
    for content_type, record_id, _ in views.all_records(context.site):
        text = pages.page(context, content_type.name, record_id,
                          lambda: views.record_file(context, content_type.name, record_id))
        files.append(File.generated(config, views.record_src(content_type.name, record_id), content=text))
    pages.prune()
    # Each year of a long section on its own page (views/archive.py): the section page stays small.
    for content_type in views.RECORD_TYPES:
        for year_page in views.year_pages(context, content_type.name):
            meta = yaml.safe_dump(views.year_front_matter(context, year_page), allow_unicode=True)
            files.append(File.generated(config, year_page.src_uri,
                                        content=f"---\n{meta}---\n\n{views.year_page(context, year_page)}"))
    # 信息公开工作年度报告: an index and one page per year (views/report.py)
    files.append(File.generated(config, report.report_src(), content=report.report_file(context)))
    for year in report.years(context):
        files.append(File.generated(config, report.report_src(year), content=report.report_file(context, year)))
    for photo in context.photos.values():
        for site_path, cached in photo.site_files():  # linked from .cache/photos/, never held in memory
            files.append(CachedFile.generated(config, site_path, abs_src_path=str(cached)))
    for reference, cleaned in context.attachments.items():  # the checked copy without metadata, never the original
        files.append(CachedFile.generated(config, f"media/{reference}", abs_src_path=str(cleaned)))
    return files


class CachedFile(File):
    """A photo rendition or cleaned PDF from the cache, hard-linked into the site instead of copied.

    A ten-year school publishes ~8,000 such files (~700 MB): copying them was ~2 s of every
    build and doubled the disk used. Cache entries are never changed in place (a new entry
    replaces the old name atomically), so the site's link keeps the bytes it was built with.
    Where a link cannot be made (another file system), the file is copied as before.
    """

    def copy_file(self, dirty: bool = False) -> None:
        if self.abs_src_path is None or (dirty and not self.is_modified()):
            return super().copy_file(dirty)
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            if os.path.lexists(target):
                os.unlink(target)
            os.link(self.abs_src_path, target)
        except OSError:
            super().copy_file(dirty)


class PhotoProgress:
    """Logs photo encoding: at the start, every few seconds, and at the end ("照片：已处理 8/24").

    It is only called when photos must be encoded: a build with every photo cached logs nothing.
    """

    def __init__(self, every_seconds: float = 2.0):
        self.every_seconds = every_seconds
        self.last = -math.inf

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done in (0, total) or now - self.last >= self.every_seconds:
            self.last = now
            log.info(f"照片：已处理 {done}/{total}")


# MkDocs reads and converts every page before it writes the first one, and holds each page's
# source until the build ends: at the peak, three copies of every page were in memory (the
# generated text, its Markdown and its HTML). A page needs only its HTML once converted, and
# nothing once written (its anchors, for the link checks, are kept apart): let the rest go, so
# a build's memory grows less with the number of records.
def on_page_content(html, page, config, files):
    page.markdown = ""  # not None: MkDocs reads a page without Markdown as a page without a title
    if page.file.generated_by:  # our record and year pages: their text was read into page.markdown
        page.file.content_string = ""
    return html


def on_post_page(output, page, config):
    page.content = None
    return output
