"""Thin wiring between MkDocs (mkdocs-macros) and the schoolpub package.

Load and validate the data once; refuse to build on any problem (fail closed);
register the views as macros. Nothing else belongs here: the domain code does
not know which engine builds the site.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError

from schoolpub import exports, views
from schoolpub.build import BuildRefused, prepared


def define_env(env):
    try:
        context = prepared(Path(env.project_dir), env.conf.get("site_url"))
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None
    school = context.school
    env.conf["site_name"] = school.name
    # The footer (name, address, filing numbers and their links) is rendered by the theme's
    # partial overrides/partials/schoolpub-footer.html from this prepared data.
    env.conf["extra"]["schoolpub_footer"] = views.footer(school)
    env.macro(lambda: views.home(context), "home")
    env.macro(lambda: views.about(context), "about")
    env.macro(lambda type_name: views.section_index(context, type_name), "section_index")
    env.macro(lambda section=None: exports.subscribe_links(context, section), "subscribe_links")
