"""HTML fix (run by schoolpub.engine_steps on any engine's output): the page is the item of its
link-preview microdata.

Descriptions and link-preview data of every page are in its front matter (record pages:
schoolpub.views.front_matter; docs/ pages: schoolpub.plan.docs_pages, from data/school.yml).
The itemprop name/description/image tags in <head> belong to an item: the page. The theme's
<html> element is not in a template block, so the item scope is added to the output here
(without it, the HTML is invalid: Nu reports every itemprop as "not a property of any item").
"""

_ITEM_SCOPE = '<html itemscope itemtype="https://schema.org/WebPage" '


def _with_item_scope(output):
    return output.replace("<html ", _ITEM_SCOPE, 1) if "itemscope" not in output[:400] else output


def on_post_page(output, page, config):
    return _with_item_scope(output)
