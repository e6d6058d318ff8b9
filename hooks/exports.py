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
from schoolpub.build import BuildRefused, prepared


def on_files(files, config):
    try:
        # The same context object the record pages were made with (built once per build).
        context = prepared(Path(config.config_file_path).parent, config.site_url, with_media=True)
    except BuildRefused as refusal:
        raise PluginError(str(refusal)) from None
    for path, content in exports.all_exports(context).items():
        files.append(File.generated(config, path, content=content))
    return files
