"""MkDocs hook (wiring): descriptions and link-preview data for the pages in docs/.

Record pages get theirs in their generated front matter (schoolpub.views.front_matter);
the home, section and about pages get them here from data/school.yml
(schoolpub.views.describe). Every description is handed to the theme HTML-escaped
(Markup): MkDocs' theme environment does not autoescape, and Material writes
<meta name="description" content="{{ page.meta.description }}"> as it is.
"""
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError

from schoolpub.build import BuildRefused, prepared
from schoolpub.output import html_fixes
from schoolpub.views import describe


def _context(config):
    try:
        return prepared(Path(config.config_file_path).parent, config.site_url, with_media=True)
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None


# The build's context, taken once in on_files (each build, `mkdocs serve` rebuilds too) and
# reused for every page: preparing it per page would walk data/ once per page.
_build: dict = {}


def on_files(files, config):
    # pages without front matter of their own (404.html): the home page's description
    context = _build["context"] = _context(config)
    config.site_description = escape(describe.docs_page_description(context.school, "index.md"))
    config.extra["share_image"] = describe.share_image(context)
    return files


def on_page_markdown(markdown, page, config, files):
    context = _build["context"]
    page.meta.update(describe.docs_page_meta(context, page.file.src_uri, page.meta))
    description = page.meta.get("description")
    if isinstance(description, str) and not isinstance(description, Markup):
        page.meta["description"] = escape(description)
    return markdown


# The item scope of the itemprop tags in <head>: schoolpub.output.html_fixes (also run by
# `schoolpub finish` after any engine).
def on_post_page(output, page, config):
    return html_fixes.with_item_scope(output)


def on_post_template(output_content, template_name, config):
    return html_fixes.with_item_scope(output_content) if template_name.endswith(".html") else output_content
