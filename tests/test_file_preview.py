"""The file:// preview copy (schoolpub.file_preview): which links change, exactly how, and that site/
is left as it was. The real browser opening it is tests/browser/test_file_preview.py."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import tree_digest, write

from schoolpub.file_preview import NOTE_HTML, folder_link, for_files, make_preview

PAGE = """<!doctype html>
<html><head><link rel="stylesheet" href="../../assets/site.css"><link rel="canonical" href="https://example.edu.cn/fees/a/">
</head>
<body dir="ltr">
<a href=".." class="md-logo" data-x='1'>首页</a> <a href="../">收费公示</a>
<a href="#收费项目">收费项目</a> <a href="../../media/">媒体</a> <a href="tel:12315">12315</a>
<p>代码：href="../"</p><script>var link = '<a href="../">';</script>
<a
   href="../a/?print=1#收费项目" download>打印</a>
</body></html>
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for page in ("index.html", "fees/index.html", "fees/a/index.html"):
        write(root, page, PAGE)
    write(root, "assets/site.css", "body { color: black; }")
    write(root, "media/photo.jpg", "not really a photo")
    return root


@pytest.mark.parametrize("href, page, expected", [
    ("..", "fees/a/index.html", "../index.html"),
    ("../", "fees/a/index.html", "../index.html"),
    ("../..", "fees/a/index.html", "../../index.html"),
    (".", "index.html", "./index.html"),
    ("fees/", "index.html", "fees/index.html"),
    ("fees/a/#收费项目", "index.html", "fees/a/index.html#收费项目"),
    ("a/?print=1", "fees/index.html", "a/index.html?print=1"),
    ("../../assets/site.css", "fees/a/index.html", None),  # a file
    ("media/", "index.html", None),  # a folder without a page
    ("../../../", "fees/a/index.html", None),  # outside the site
    ("#收费项目", "fees/a/index.html", None),
    ("/fees/", "index.html", None),
    ("https://example.edu.cn/fees/", "index.html", None),
    ("tel:12315", "index.html", None),
])
def test_only_links_to_a_folder_with_a_page_change(site: Path, href: str, page: str, expected):
    assert folder_link(href, page, site) == expected


def test_a_page_gets_index_html_links_and_the_note_and_nothing_else(site: Path):
    assert for_files(PAGE, "fees/a/index.html", site) == PAGE.replace(
        '<body dir="ltr">', '<body dir="ltr">' + NOTE_HTML).replace(
        """<a href=".." class="md-logo" data-x='1'>""", '<a href="../index.html" class="md-logo" data-x="1">').replace(
        '<a href="../">收费公示', '<a href="../index.html">收费公示').replace(
        '<a\n   href="../a/?print=1#收费项目" download>', '<a href="../a/index.html?print=1#收费项目" download>')


def test_the_copy_leaves_site_as_it_was_and_replaces_an_older_copy(site: Path, tmp_path: Path):
    before = tree_digest(site)
    out = tmp_path / "site-preview"
    write(out, "stale.html", "an older preview")
    assert make_preview(site, out) == 3
    assert tree_digest(site) == before
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()) == [
        "assets/site.css", "fees/a/index.html", "fees/index.html", "index.html", "media/photo.jpg"]
    assert (out / "assets/site.css").read_bytes() == (site / "assets/site.css").read_bytes()
    assert (out / "fees/a/index.html").read_text(encoding="utf-8") == for_files(PAGE, "fees/a/index.html", site)
    assert (out / "index.html").read_text(encoding="utf-8") == for_files(PAGE, "index.html", site)
    assert not (tmp_path / "site-preview.partial").exists()


def schoolpub_preview(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "schoolpub", "preview"], cwd=root, capture_output=True, text=True)


def test_the_command_says_where_to_double_click(site: Path, tmp_path: Path):
    done = schoolpub_preview(tmp_path)
    assert done.returncode == 0, done.stderr
    index = (tmp_path / "site-preview" / "index.html").resolve().as_uri()
    assert done.stdout.splitlines() == [
        f"预览已生成（3 个页面）：在文件夹里双击 site-preview/index.html，或在浏览器里打开 {index}",
        "这是只供查看的副本，不会发布；搜索要在正式网站上才能用。"]


def test_the_command_without_a_built_site_says_to_build_it(tmp_path: Path):
    done = schoolpub_preview(tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == ["没有找到 site/index.html：请先生成网站（make site），或者直接运行 make preview。"]
