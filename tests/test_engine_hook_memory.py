"""What the MkDocs hook does about memory (hooks/mkdocs_engine.py): MkDocs converts every page before it
writes any, so each page's HTML waits compressed; Material's search index is written entry by entry,
byte for byte what Material writes. Real MkDocs pages and Material's own search index."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from markupsafe import Markup
from material.plugins.search.plugin import SearchIndex
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from conftest import REPO

HTML = ('<h1 id="收费公示">2026年秋季学期收费公示</h1>\n<p>收费项目：课后服务费，每生每月 200 元。</p>\n'
        * 40)


def _hook():
    spec = importlib.util.spec_from_file_location("mkdocs_engine_memory", REPO / "hooks" / "mkdocs_engine.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(tmp_path: Path) -> tuple[Page, MkDocsConfig]:
    config = MkDocsConfig()
    config.load_dict({"site_name": "测试", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    config.validate()
    file = File("fees/2026-autumn/index.md", config.docs_dir, config.site_dir, True)
    return Page(None, file, config), config


def test_a_converted_page_waits_compressed_and_is_whole_again_before_search_reads_it(tmp_path: Path):
    hook, (page, config) = _hook(), _page(tmp_path)
    page.markdown = "# 2026年秋季学期收费公示\n"
    page.content = hook.on_page_content(HTML, page=page, config=config, files=None)
    assert (page.content, page.markdown) == ("", "")
    assert len(page.schoolpub_packed) * 5 < len(HTML.encode("utf-8"))  # held at a fifth of its bytes or less
    hook.on_page_context({}, page=page, config=config, nav=None)
    assert page.content == HTML and page.schoolpub_packed is None
    hook.on_post_page("<html>…</html>", page=page, config=config)
    assert page.content is None  # nothing of the page once written


def test_the_hook_packs_after_every_plugin_and_unpacks_before_materials_search():
    hook = _hook()
    # MkDocs runs higher priorities first; plugins without one (Material's search: on_page_context) are 0
    assert hook.on_page_content.mkdocs_priority == -100
    assert hook.on_page_context.mkdocs_priority == 100


def _index() -> SearchIndex:
    index = SearchIndex(lang=["zh"], separator=r"[\s\u200b\-]", pipeline=None, fields={})
    index.entries = [
        {"location": "", "title": "首页", "text": "示例市\u200b实验\u200b小学 \"引号\" \\ 反斜杠"},
        {"location": "fees/2026-autumn/", "title": Markup("收费<b>公示</b>"), "text": "课后\u200b服务费 200 元",
         "tags": ["收费"], "boost": 2},
        {"location": "fees/2026-autumn/#收费公示", "title": "收费公示", "text": "😀 emoji and ASCII"},
    ]
    return index


def test_the_search_index_written_entry_by_entry_is_the_file_material_writes(tmp_path: Path):
    index, path = _index(), tmp_path / "site" / "search" / "search_index.json"
    material = index.generate_search_index(None).encode("utf-8")
    _hook().write_search_index(index, str(path))
    assert path.read_bytes() == material
    assert len(index.entries) == 3  # the index is as it was: Material's own head is made with no entries
    index.entries = []
    _hook().write_search_index(index, str(path))
    assert path.read_bytes() == index.generate_search_index(None).encode("utf-8")
    assert sorted(item.name for item in path.parent.iterdir()) == ["search_index.json"]  # no partial file left
