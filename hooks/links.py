"""MkDocs hook (wiring): no page links to script, whoever wrote the link.

`make check` refuses unsafe links in data/ (schoolpub.link_checks) and the views write
only safe URLs (urls.written); but a page in docs/ is Markdown that nothing checks before
the build, and raw HTML is allowed there. So every URL attribute of every page's content
is judged with urls.is_safe, as the browser reads it; one unsafe target stops the build,
naming the file (and its line, for a page of docs/).
"""
from pathlib import Path

from mkdocs.exceptions import PluginError

from schoolpub import urls
from schoolpub.output import sources


def on_page_content(content, page, config, files):
    unsafe = urls.unsafe_in_html(content)
    if unsafe:
        raise PluginError(f"{_where(page, config, unsafe[0])}: 错误：{urls.unsafe_message(unsafe[0])}网站没有生成。")
    return content


def _where(page, config, target: str) -> str:
    """docs/about.md:12 for a page of docs/ (the line where the target is written, character
    references decoded), or the generated page's path."""
    docs = Path(config.docs_dir)
    name = f"{docs.name}/{page.file.src_uri}"
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    if source is None or not source.is_relative_to(docs) or not source.is_file():
        return name
    line = sources.line_of(source, target)
    return f"{name}:{line}" if line else name
