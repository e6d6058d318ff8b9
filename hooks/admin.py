"""MkDocs hook (wiring): the browser editor's program files under /admin/decap-cms/.

docs/admin/index.html and the generated docs/admin/config.yml are ordinary static
files; the pinned Decap CMS bundle comes from tools/decap/node_modules (never
committed) and is added here, copied by MkDocs like any file. The page is not
Markdown, so it is in no navigation, search index, sitemap or feed.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from schoolpub.cms.bundle import BundleMissing, bundle_files


def on_files(files, config):
    try:
        bundle = bundle_files(Path(config.config_file_path).parent)
    except BundleMissing as missing:
        raise PluginError(str(missing)) from None
    for site_path, installed in bundle:
        files.append(File.generated(config, site_path, abs_src_path=str(installed)))
