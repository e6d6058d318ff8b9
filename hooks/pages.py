"""MkDocs hook (wiring): one page per record, plus the published media.

Macros cannot create pages, so the record pages are generated here as virtual
files from the views. They are not in `nav` (see `not_in_nav`), so the
navigation Material embeds in every page does not grow with the data, and
they are never rendered as templates (front matter `render_macros: false`).
"""
import logging
from pathlib import Path

import jieba
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from schoolpub import views
from schoolpub.build import attachment_references, context_for
from schoolpub.loader import load_site_once

# Material's search segments Chinese with jieba; its start-up chatter is not a
# warning and must not clutter (or fail) the build log.
jieba.setLogLevel(logging.WARNING)


def on_config(config):
    if not config.site_url:
        raise PluginError("mkdocs.yml 里要写 site_url（学校网站的完整网址，例如 https://www.example.edu.cn/）："
                          "打印的公示上的二维码要用它指向网页。")


def on_files(files, config):
    site, problems = load_site_once(Path(config.config_file_path).parent / "data")
    if problems:
        raise PluginError("数据有错误，网站没有生成：\n" + problems.report())
    context = context_for(site, config.site_url, with_media=True)
    for content_type, record_id, _ in views.all_records(site):
        meta = yaml.safe_dump(views.front_matter(context, content_type.name, record_id), allow_unicode=True)
        body = views.record_page(context, content_type.name, record_id)
        files.append(File.generated(config, views.record_src(content_type.name, record_id),
                                    content=f"---\n{meta}---\n\n{body}"))
    for photo in context.photos.values():
        files.append(File.generated(config, photo.path, content=photo.data))
    for reference in attachment_references(site):
        files.append(File.generated(config, f"media/{reference}", abs_src_path=str(site.data_dir / "media" / reference)))
    return files
