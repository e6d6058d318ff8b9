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
- Memory: a page needs only its HTML once converted, and nothing once written.
"""
import logging
import os

import jieba
from markupsafe import Markup, escape
from mkdocs.structure.files import File

from schoolpub import echo

jieba.setLogLevel(logging.WARNING)
LINKED = ("media/",)


def on_config(config):
    echo.log_filter()
    if config.site_description and not isinstance(config.site_description, Markup):
        config.site_description = escape(config.site_description)


def on_files(files, config):
    for file in list(files):
        if file.src_uri.startswith(LINKED) and not file.is_documentation_page():
            files.remove(file)
            files.append(LinkedFile(file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def on_page_markdown(markdown, page, config, files):
    description = page.meta.get("description")
    if isinstance(description, str) and not isinstance(description, Markup):
        page.meta["description"] = escape(description)
    return markdown


def on_page_content(html, page, config, files):
    page.markdown = ""  # not None: MkDocs reads a page without Markdown as a page without a title
    return html


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
