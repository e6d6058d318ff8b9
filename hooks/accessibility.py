"""MkDocs hook (wiring): accessibility fixes to Material's own markup.

Material's search dialog has role="dialog" but no accessible name (axe-core
rule aria-dialog-name). If Material changes this markup the replacement does
nothing, and the axe-core browser test fails and points here.
"""

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'


def on_post_page(output, page, config, **kwargs):
    return output.replace(SEARCH_DIALOG, NAMED_SEARCH_DIALOG, 1)
