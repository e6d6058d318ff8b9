"""Thin wiring between MkDocs (mkdocs-macros) and the schoolpub package.

Load and validate the data once; refuse to build on any problem (fail closed);
register the views as macros. Nothing else belongs here: the domain code does
not know which engine builds the site.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError

from schoolpub import exports, views
from schoolpub.build import context_for
from schoolpub.loader import load_site_once


def define_env(env):
    site, problems = load_site_once(Path(env.project_dir) / "data")
    if problems:
        raise PluginError("数据有错误，网站没有生成：\n" + problems.report())
    env.conf["site_name"] = site.school.name
    env.conf["copyright"] = f"{site.school.name} · {site.school.address}"
    context = context_for(site, env.conf.get("site_url"))
    env.macro(lambda: views.home(context), "home")
    env.macro(lambda: views.about(context), "about")
    env.macro(lambda type_name: views.section_index(context, type_name), "section_index")
    env.macro(lambda section=None: exports.subscribe_links(context, section), "subscribe_links")
