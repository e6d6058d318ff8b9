"""MkDocs hook (wiring): no page may make a request to a foreign host.

The work is schoolpub.output.offline (also run by `schoolpub finish` after any engine):
the theme's CDN URLs pointed at the site's own copies in docs/assets/vendor/, source maps
removed; a foreign host still referred to stops the build.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError

from schoolpub.output import finish, offline
from schoolpub.output.pages import base_path


def on_post_build(config, **kwargs):
    site_dir, base = Path(config.site_dir), base_path(config.site_url or "/")
    offline.localise(site_dir, base)
    problems = [finish.missing_copy_message("site", local) for local in offline.missing_copies(site_dir, base)]
    problems += [finish.foreign_message("site", item)
                 for item in offline.foreign_references(site_dir, config.site_url or "/")]
    if problems:
        raise PluginError("\n".join(problems))
