"""MkDocs hook (wiring): accessibility fixes to Material's own markup.

The fix is schoolpub.output.html_fixes (also run by `schoolpub finish` after any engine):
Material's search dialog gets an accessible name, on every page and on 404.html (a template).
"""
from schoolpub.output import html_fixes


def on_post_page(output, page, config, **kwargs):
    return html_fixes.with_named_search(output)


def on_post_template(output_content, template_name, config):
    return html_fixes.with_named_search(output_content) if template_name.endswith(".html") else output_content
