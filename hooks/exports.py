"""MkDocs hook (wiring): Atom feeds, calendars and open data as generated files.

The content comes from schoolpub.exports (pure functions of the build context);
this hook only adds the files to the build, so they are written like every
page and then pass hooks/privacy.py's scan of the output (.xml, .ics, .json,
.csv). Paths: feeds/*.xml, calendar/*.ics, data/v1/*.json and *.csv.
"""
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from schoolpub import exports
from schoolpub.build import context_for
from schoolpub.loader import load_site_once
from schoolpub.media import PhotoError


def on_files(files, config):
    site, problems = load_site_once(Path(config.config_file_path).parent / "data")
    if problems:  # hooks/pages.py has already refused; never export from bad data
        raise PluginError("数据有错误，网站没有生成：\n" + problems.report())
    try:
        # The same context the record pages were made with: git dates, and the published
        # photos (already in .cache/photos/ after hooks/pages.py, so nothing is encoded again).
        context = context_for(site, config.site_url, with_media=True)
    except PhotoError as error:
        raise PluginError(f"照片无法发布，网站没有生成：{error}") from None
    for path, content in exports.all_exports(context).items():
        files.append(File.generated(config, path, content=content))
    return files
