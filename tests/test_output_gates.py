"""`schoolpub finish` and `schoolpub scan` on an engine's output: the real MkDocs build of the
demo, a copy of it with things planted, and hand-made output directories (Zensical's shapes)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import material
import pytest

from conftest import MINIMAL, REPO, tree_digest, write
from test_build import demo  # noqa: F401  (the built demo school, shared with test_build)

from schoolpub.output import html_fixes, offline
from schoolpub.privacy import MESSAGES

ID_NUMBER = "320102201409150025"  # a valid ID number (tests/test_privacy.py: VALID_IDS[1])
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}
NOT_PUBLISHED = "网站不会发布。"


def schoolpub(*arguments: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "schoolpub", *arguments], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=300)


@pytest.fixture
def site(demo, tmp_path: Path) -> Path:  # noqa: F811
    """A copy of the built demo to plant things in (hard links: finish must never change a file in place)."""
    _, built = demo
    copy = tmp_path / "site"
    shutil.copytree(built, copy, copy_function=os.link)
    return copy


def plant(root: Path, relative: str, text: str) -> Path:
    """Writes a new file under the name (the copy's files are hard links to the shared demo build)."""
    path = root / relative
    if path.exists():
        path.unlink()
    return write(root, relative, text)


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if needle in line)


# -- the real MkDocs build of the demo ------------------------------------------------------


def test_the_demo_build_is_already_finished_and_passes_the_scan(demo, site: Path):  # noqa: F811
    """The MkDocs hooks call the same functions: finish has nothing left to do on their output."""
    before = tree_digest(site)
    finished = schoolpub("finish", str(site))
    assert (finished.returncode, finished.stderr) == (0, "")
    assert finished.stdout == "网站的完成处理已完成：改动了 0 个文件（外部脚本改为本网站的副本、网页修正）。\n"
    assert tree_digest(site) == before
    scanned = schoolpub("scan", str(site))
    pages = len(list(site.rglob("*.html")))
    assert (scanned.returncode, scanned.stderr) == (0, "")
    assert re.fullmatch(rf"网站检查通过：{pages} 个页面没有个人信息和不安全的链接，\d+ 个内部链接和锚点都能找到。\n",
                        scanned.stdout)


def test_finish_does_to_raw_engine_output_what_the_hooks_did(demo, site: Path):  # noqa: F811
    """Material's bundle as shipped (CDN URLs, source map) and pages without the HTML fixes: finish
    turns them into the very bytes the hooks wrote."""
    _, built = demo
    shipped = next((Path(material.__file__).parent / "templates/assets/javascripts").glob("bundle.*.min.js"))
    bundle = f"assets/javascripts/{shipped.name}"
    plant(site, bundle, shipped.read_text(encoding="utf-8"))
    plant(site, bundle + ".map", "{}")
    assert '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"' in (site / bundle).read_text(encoding="utf-8")
    for page in ("index.html", "404.html", "fees/2027-spring/index.html"):
        text = (built / page).read_text(encoding="utf-8")
        raw = text.replace(html_fixes.NAMED_SEARCH_DIALOG, html_fixes.SEARCH_DIALOG).replace(
            '<html itemscope itemtype="https://schema.org/WebPage" ', "<html ")
        assert raw != text
        plant(site, page, raw)
    finished = schoolpub("finish", str(site))
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "网站的完成处理已完成：改动了 5 个文件（外部脚本改为本网站的副本、网页修正）。\n"
    assert tree_digest(site) == tree_digest(built)


def test_a_page_loading_from_a_foreign_host_fails_finish_with_its_line(site: Path):
    page = site / "about/index.html"
    text = page.read_text(encoding="utf-8").replace(
        "</article>", '<img src="https://cdn.example.com/logo.png" alt="校徽">\n</article>', 1)
    plant(site, "about/index.html", text)
    line = line_of(page, "cdn.example.com")
    finished = schoolpub("finish", str(site))
    assert finished.returncode == 1
    assert finished.stderr.splitlines() == [
        f"site/about/index.html:{line}: 错误：网页要从外部网站 cdn.example.com 加载 img.src=“https://cdn.example.com/logo.png”，"
        "家长的手机在中国大陆可能打不开那个网站，网页会卡住或缺图。请把这个文件放进本网站（照片放进记录的相册，"
        "其他文件放在 docs/ 里），或者改成普通链接（<a href>）。" + NOT_PUBLISHED,
        "网站的完成处理没有通过：1 处问题（见上面），网站不会发布。"]


# -- hand-made output directories ---------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="zh" class="no-js">
<head><meta itemprop="name" content="示例"><link rel="stylesheet" href="assets/stylesheets/main.css"></head>
<body>
<div class="md-search" data-md-component="search" role="dialog">
<h1 id="top">示例</h1>
{body}
<a href="other/">另一页</a> <a href="https://beian.miit.gov.cn/">备案</a>
<script src="assets/javascripts/bundle.min.js"></script>
</body></html>
"""
# What Zensical 0.0.73's bundle writes (assets/javascripts/bundle.77dd0ce9.min.js), in its own words.
ZENSICAL_BUNDLE = (
    'var Wl=P(()=>typeof ResizeObserver=="undefined"?ct("https://unpkg.com/resize-observer-polyfill"):U(void 0));'
    'function Xp(){return ct("https://unpkg.com/glightbox@3/dist/js/glightbox.min.js")}'
    'function Zp(){return Ji("https://unpkg.com/glightbox@3/dist/css/glightbox.min.css")}'
    'function of(){return ct("https://unpkg.com/mermaid@12/dist/mermaid.min.js")}\n'
    'function oc(){return nc("https://unpkg.com/ace-builds@1.44.0/src-noconflict/ace.js")}'
    'function Yp(){return nc("https://unpkg.com/pyodide@314.0.2/pyodide.js").pipe(()=>loadPyodide({indexURL:'
    '"https://cdn.jsdelivr.net/pyodide/v314.0.2/full/"}))}'
    'function Ci(e,t){let r=`https://api.github.com/repos/${e}/${t}`}'
    'var s=document.createElementNS("http://www.w3.org/2000/svg","svg");/* see https://zensical.org */\n'
    "//# sourceMappingURL=bundle.min.js.map\n")


def hand_made(root: Path, body: str = "", address: str = "https://school.example.cn/gk/") -> Path:
    """A small finished-looking site: two pages, a sitemap naming its address, the vendored copies."""
    write(root, "sitemap.xml", f"<urlset><url><loc>{address}</loc></url></urlset>")
    write(root, "index.html", PAGE.format(body=body))
    write(root, "other/index.html", PAGE.format(body="").replace('href="other/"', 'href="../"')
          .replace('href="assets/', 'href="../assets/').replace('src="assets/', 'src="../assets/'))
    write(root, "assets/stylesheets/main.css", ".a { background: url(../images/a.png) }")
    write(root, "assets/images/a.png", "png")
    write(root, "assets/javascripts/bundle.min.js", ZENSICAL_BUNDLE)
    write(root, "assets/javascripts/bundle.min.js.map", "{}")
    for local in set(offline.LOCAL_COPIES.values()) - {"assets/vendor/"}:
        write(root, local, "/* vendored */")
    return root


def test_finish_points_zensicals_cdn_urls_at_the_sites_copies_once(tmp_path: Path):
    root = hand_made(tmp_path / "site")
    finished = schoolpub("finish", str(root))
    assert (finished.returncode, finished.stderr) == (0, "")
    assert finished.stdout == "网站的完成处理已完成：改动了 4 个文件（外部脚本改为本网站的副本、网页修正）。\n"
    bundle = (root / "assets/javascripts/bundle.min.js").read_text(encoding="utf-8")
    assert bundle == (
        'var Wl=P(()=>typeof ResizeObserver=="undefined"?ct("/gk/assets/vendor/resize-observer-polyfill.js"):U(void 0));'
        'function Xp(){return ct("/gk/assets/vendor/glightbox/glightbox.min.js")}'
        'function Zp(){return Ji("/gk/assets/vendor/glightbox/glightbox.min.css")}'
        'function of(){return ct("/gk/assets/vendor/mermaid-unavailable.js")}\n'
        'function oc(){return nc("/gk/assets/vendor/feature-unavailable.js")}'
        'function Yp(){return nc("/gk/assets/vendor/feature-unavailable.js").pipe(()=>loadPyodide({indexURL:'
        '"/gk/assets/vendor/"}))}'
        'function Ci(e,t){let r=`https://api.github.com/repos/${e}/${t}`}'
        'var s=document.createElementNS("http://www.w3.org/2000/svg","svg");/* see https://zensical.org */\n')
    assert not (root / "assets/javascripts/bundle.min.js.map").exists()
    home = (root / "index.html").read_text(encoding="utf-8")
    assert '<html itemscope itemtype="https://schema.org/WebPage" lang="zh" class="no-js">' in home
    assert html_fixes.NAMED_SEARCH_DIALOG in home
    before = tree_digest(root)
    again = schoolpub("finish", str(root))
    assert again.stdout == "网站的完成处理已完成：改动了 0 个文件（外部脚本改为本网站的副本、网页修正）。\n"
    assert tree_digest(root) == before


def test_an_unknown_cdn_url_in_a_bundle_fails_finish(tmp_path: Path):
    root = hand_made(tmp_path / "site")
    plant(root, "assets/javascripts/extra.js", 'x();\nload("https://unpkg.com/mermaid@13/dist/mermaid.min.js");\n'
                                               "y('//cdn.jsdelivr.net/npm/katex/katex.css')")
    finished = schoolpub("finish", str(root))
    assert finished.returncode == 1
    advice = ("这个网站在中国大陆可能打不开或很慢。这不是数据的问题：请网站维护人员把它放进 docs/assets/vendor/，"
              "并在 src/schoolpub/output/offline.py 的 LOCAL_COPIES 里登记（网站用不到的功能指向 feature-unavailable.js）。"
              + NOT_PUBLISHED)
    assert finished.stderr.splitlines() == [
        f"site/assets/javascripts/extra.js:2: 错误：程序文件要从外部网站 unpkg.com 加载“https://unpkg.com/mermaid@13/dist/mermaid.min.js”，{advice}",
        f"site/assets/javascripts/extra.js:3: 错误：程序文件要从外部网站 cdn.jsdelivr.net 加载“//cdn.jsdelivr.net/npm/katex/katex.css”，{advice}",
        "网站的完成处理没有通过：2 处问题（见上面），网站不会发布。"]


def test_foreign_loads_in_stylesheets_inline_css_and_inline_scripts_fail_finish(tmp_path: Path):
    root = hand_made(tmp_path / "site", body='<p style="background:url(//img.example.com/bg.png)">x</p>\n'
                                            "<style>@import 'https://fonts.googleapis.com/css';</style>\n"
                                            '<script>\nfetch("https://api.example.com/count")</script>')
    plant(root, "assets/stylesheets/main.css", ".a { background: url(../images/a.png) }\n"
                                               '.b { background: url("https://cdn.example.com/b.png") }')
    finished = schoolpub("finish", str(root))
    assert finished.returncode == 1
    found = [re.match(r"(\S+): 错误：.*?外部网站 (\S+) 加载 ?(\S+?=|\S+ 里的)?“([^”]+)”", line).groups()
             for line in finished.stderr.splitlines()[:-1]]
    assert found == [("site/assets/stylesheets/main.css:2", "cdn.example.com", None, "https://cdn.example.com/b.png"),
                     ("site/index.html:7", "img.example.com", "p.style=", "//img.example.com/bg.png"),
                     ("site/index.html:8", "fonts.googleapis.com", "<style> 里的", "https://fonts.googleapis.com/css"),
                     ("site/index.html:10", "api.example.com", "<script> 里的", "https://api.example.com/count")]


def test_a_repository_link_makes_the_github_api_a_foreign_host(tmp_path: Path):
    root = hand_made(tmp_path / "site", body='<a href="https://github.com/x/y" class="md-source" data-md-component="source">源</a>')
    finished = schoolpub("finish", str(root))
    assert finished.returncode == 1
    assert [line.split(" 加载")[0] for line in finished.stderr.splitlines()[:-1]] == [
        "site/assets/javascripts/bundle.min.js:2: 错误：程序文件要从外部网站 api.github.com"]


def test_a_copy_the_bundle_now_needs_but_the_site_lacks_fails_finish(tmp_path: Path):
    root = hand_made(tmp_path / "site")
    (root / "assets/vendor/glightbox/glightbox.min.css").unlink()
    finished = schoolpub("finish", str(root))
    assert finished.returncode == 1
    assert finished.stderr.splitlines() == [
        "site/assets/vendor/glightbox/glightbox.min.css: 错误：主题的程序要从外部网站加载的文件已改为本网站的 "
        "assets/vendor/glightbox/glightbox.min.css，但生成的网站里没有它。这不是数据的问题：请网站维护人员把它放进 "
        "docs/assets/vendor/glightbox/glightbox.min.css（见 docs/assets/vendor/README.md.txt）。" + NOT_PUBLISHED,
        "网站的完成处理没有通过：1 处问题（见上面），网站不会发布。"]


def test_finish_and_scan_without_a_site_say_so(tmp_path: Path):
    for command in ("finish", "scan"):
        result = schoolpub("--root", str(tmp_path), command, "nowhere")
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == f"没有找到 {tmp_path.as_posix()}/nowhere/index.html：请先生成网站。\n"


# -- scan ---------------------------------------------------------------------------------------

@pytest.fixture
def minimal_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(MINIMAL, project)
    write(project, "docs/about.md", "学校简介。\n\n<p>也可以看<a href=\"java&#x73;cript:alert(1)\">这里</a>。</p>\n")
    return project


def scan(project: Path, root: Path) -> subprocess.CompletedProcess:
    return schoolpub("scan", str(root), "--root", str(project))


def test_a_clean_hand_made_site_passes_the_scan(minimal_project: Path, tmp_path: Path):
    root = hand_made(tmp_path / "site")
    assert schoolpub("finish", str(root)).returncode == 0
    result = scan(minimal_project, root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "网站检查通过：2 个页面没有个人信息和不安全的链接，6 个内部链接和锚点都能找到。\n"


def test_a_planted_id_number_in_a_page_the_search_index_and_a_feed_fails_the_scan(site: Path, minimal_project: Path):
    page = site / "about/index.html"
    plant(site, "about/index.html", page.read_text(encoding="utf-8").replace(
        "</article>", f"<p>联系人身份证 {ID_NUMBER}</p>\n</article>", 1))
    line = line_of(page, ID_NUMBER)
    column = page.read_text(encoding="utf-8").splitlines()[line - 1].index(ID_NUMBER) + 1
    index = site / "search/search_index.json"
    plant(site, "search/search_index.json", index.read_text(encoding="utf-8").replace(
        '"docs":[', f'"docs":[{{"location":"x/","text":"{ID_NUMBER}","title":"x"}},', 1))
    feed = site / "feeds/all.xml"
    plant(site, "feeds/all.xml", feed.read_text(encoding="utf-8").replace("<entry>", f"<entry><!-- {ID_NUMBER} -->", 1))
    result = scan(REPO, site)
    assert result.returncode == 1
    leaks = [line for line in result.stderr.splitlines() if MESSAGES["id"] in line]
    assert [leak.split(": 错误：")[0] for leak in leaks] == [
        f"site/about/index.html:{line}:{column}",
        f"site/feeds/all.xml:{line_of(feed, ID_NUMBER)}:{feed.read_text(encoding='utf-8').splitlines()[line_of(feed, ID_NUMBER) - 1].index(ID_NUMBER) + 1}",
        f"site/search/search_index.json:{line_of(index, ID_NUMBER)}:{index.read_text(encoding='utf-8').splitlines()[line_of(index, ID_NUMBER) - 1].index(ID_NUMBER) + 1}"]
    assert result.stderr.splitlines()[-1] == ("网站检查没有通过：个人信息 3 处（共检查 "
                                              f"{len(list(site.rglob('*.html')))} 个页面），网站不会发布。请按上面的提示修改后重新生成。")
    assert ID_NUMBER not in result.stdout + result.stderr and ID_NUMBER[6:14] not in result.stderr
    assert page.is_file()  # scan only reads: the caller does not publish (and removes its staging copy)


def test_a_mobile_number_the_school_did_not_declare_fails_the_scan_a_declared_one_passes(minimal_project, tmp_path):
    body = "<p>电话 0000-6600 1234，手机 13900001111</p>"
    root = hand_made(tmp_path / "site", body=body)
    result = scan(minimal_project, root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"site/index.html:7:{body.index('139') + 1}: 错误：{MESSAGES['mobile']}",
        "网站检查没有通过：个人信息 1 处（共检查 2 个页面），网站不会发布。请按上面的提示修改后重新生成。"]


def test_dead_links_and_missing_anchors_in_raw_html_are_named(minimal_project: Path, tmp_path: Path):
    root = hand_made(tmp_path / "site", body='<div markdown><a href="gone/">旧页</a> <a href="other/#nowhere">锚点</a>\n'
                                            '<img src="media/none.jpg" alt=""> <a href="#top">顶部</a></div>')
    result = scan(minimal_project, root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'site/index.html:7: a.href="gone/" — 目录不存在',
        'site/index.html:7: a.href="other/#nowhere" — other/index.html 里没有 id="nowhere"',
        'site/index.html:8: img.src="media/none.jpg" — 文件不存在',
        "网站检查没有通过：找不到的链接或锚点 3 个（共检查 2 个页面），网站不会发布。请按上面的提示修改后重新生成。"]


def test_a_script_link_fails_the_scan_naming_the_docs_line_it_was_written_on(minimal_project: Path, tmp_path: Path):
    root = hand_made(tmp_path / "site")
    write(root, "about/index.html", '<h1 id="x">学校概况</h1>\n<p>也可以看<a href="java&#x73;cript:alert(1)">这里</a>。</p>\n'
                                    '<a href="data:text/html,<script>x</script>">别处</a>\n')
    result = scan(minimal_project, root)
    assert result.returncode == 1
    advice = ("只允许 http、https、mailto、tel 或站内相对地址。请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），"
              "或者删掉这个链接、只留文字。")
    assert result.stderr.splitlines() == [
        f"site/about/index.html:2: 错误：链接地址不安全：“javascript:alert(1)”点开会运行脚本。{advice}（写在 docs/about.md:3）"
        + NOT_PUBLISHED,
        "site/about/index.html:3: 错误：链接地址不安全：“data:text/html,<script>x</script>”点开会打开链接里夹带的网页或文件，"
        f"其中可以藏有脚本。{advice}" + NOT_PUBLISHED,
        "网站检查没有通过：不安全的链接 2 个（共检查 3 个页面），网站不会发布。请按上面的提示修改后重新生成。"]


def test_root_may_come_before_the_command_too(minimal_project: Path, tmp_path: Path):
    root = hand_made(tmp_path / "site", body="<p>手机 13900001111</p>")
    before = schoolpub("--root", str(minimal_project), "scan", str(root))
    after = scan(minimal_project, root)
    assert before.returncode == after.returncode == 1 and before.stderr == after.stderr
