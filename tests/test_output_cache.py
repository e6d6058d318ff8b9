"""`schoolpub finish` and `schoolpub scan` with the pages' facts kept by content (output/facts_cache.py).

A warm run must say exactly what a cold run says (messages, order, exit codes) and leave the same
bytes; a page whose bytes change is read again; a change of what the gates compare against (the
public phones, the site's address) or of the code is never answered from the cache; a damaged entry
or a damaged copy of a finished page is never trusted. Counted by page name, not timed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, tree_digest, write
from test_output_gates import ID_NUMBER, NOT_PUBLISHED, hand_made, plant

from schoolpub import cache
from schoolpub.output import facts_cache, html_fixes
from schoolpub.output.facts_cache import PageFactsCache
from schoolpub.output.finish import finish
from schoolpub.output.pages import site_address
from schoolpub.output.scan import public_phones_of, scan
from schoolpub.privacy import MESSAGES


def schoolpub(cache_dir: Path, *arguments: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SCHOOLPUB_PHOTO_CACHE": str(cache_dir)}
    result = subprocess.run([sys.executable, "-m", "schoolpub", *arguments], cwd=REPO, capture_output=True, text=True,
                            env=env, timeout=300)
    return result.returncode, result.stdout, result.stderr


def gates(site: Path, project: Path, cache_dir: Path) -> list[tuple[int, str, str]]:
    """finish, then scan, on the command line, as `make site` runs them."""
    return [schoolpub(cache_dir, "finish", str(site)), schoolpub(cache_dir, "scan", str(site), "--root", str(project))]


def copy_of(raw: Path, site: Path) -> Path:
    """A tree of hard links to `raw`, like the site made of the engine's own output."""
    shutil.copytree(raw, site, copy_function=os.link)
    return site


def finished_and_scanned(site: Path, project: Path | None, cache_dir: Path, phones=()) -> tuple:
    """(finish's problems, scan's lines, pages finish parsed, pages finish wrote, pages scan parsed)."""
    finishing = PageFactsCache(cache_dir, site_address(site))
    _, problems = finish(site, cache_dir, finishing)
    scanning = PageFactsCache(cache_dir, site_address(site))  # what finish kept: a new process would read it
    findings = scan(site, list(phones), project, cache_dir, scanning)
    return problems, findings.lines(), finishing.fresh, finishing.written, scanning.fresh


# -- the demo, as the engine leaves it ----------------------------------------------------------

@pytest.fixture(scope="module")
def raw_demo(demo, tmp_path_factory) -> Path:
    """The demo's output without the HTML fixes, as MkDocs writes it (finish makes it the built demo again)."""
    _, built = demo
    raw = copy_of(built, tmp_path_factory.mktemp("raw") / "site")
    for page in raw.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        unfixed = text.replace(html_fixes.NAMED_SEARCH_DIALOG, html_fixes.SEARCH_DIALOG).replace(
            '<html itemscope itemtype="https://schema.org/WebPage" ', "<html ")
        if unfixed != text:
            plant(raw, page.relative_to(raw).as_posix(), unfixed)
    return raw


def test_warm_finish_and_scan_of_the_demo_say_and_write_what_a_cold_run_does(demo, raw_demo: Path, tmp_path: Path):
    _, built = demo
    cache_dir = tmp_path / "cache"
    engine_output = tree_digest(raw_demo)
    cold = gates(copy_of(raw_demo, tmp_path / "cold" / "site"), REPO, cache_dir)
    warm = gates(copy_of(raw_demo, tmp_path / "warm" / "site"), REPO, cache_dir)
    pages = len(list(built.rglob("*.html")))
    assert cold == warm
    assert cold[0][0] == cold[1][0] == 0 and cold[0][2] == cold[1][2] == ""
    assert cold[1][1].startswith(f"网站检查通过：{pages} 个页面没有个人信息和不安全的链接，")
    assert tree_digest(tmp_path / "cold" / "site") == tree_digest(tmp_path / "warm" / "site") == tree_digest(built)
    # and nothing was parsed or written afresh: every page linked from the kept copy of its finished bytes
    again = copy_of(raw_demo, tmp_path / "again" / "site")
    assert finished_and_scanned(again, REPO, cache_dir, public_phones_of(REPO)) == ([], [], [], [], [])
    home = again / "index.html"
    kept = cache_dir / f"{cache.key(home.read_bytes())}-finished-{facts_cache.fingerprint()}.html"
    assert home.samefile(kept) and not home.samefile(raw_demo / "index.html")
    assert tree_digest(raw_demo) == engine_output  # a new file for each page fixed, never a write in place


def test_the_fixes_made_on_bytes_are_the_fixes_made_on_text(raw_demo: Path):
    pages = list(raw_demo.rglob("*.html"))
    assert pages and all(html_fixes.fixed_bytes(page.read_bytes()) ==
                         html_fixes.fixed(page.read_text(encoding="utf-8")).encode() for page in pages)
    changed = []
    for start in (380, 391, 392, 400):  # "itemscope" within the first 400 characters or not (3 bytes each)
        page = f'<html lang="zh">{"汉" * (start - 16)}itemscope itemprop="name"'
        assert html_fixes.fixed_bytes(page.encode()) == html_fixes.fixed(page).encode()
        changed.append(html_fixes.fixed(page) != page)
    assert changed == [False, False, True, True]
    # line ends Path.read_text would change, a start that is not UTF-8: the text decides
    assert html_fixes.fixed_bytes(b"<html \r\n itemprop=") is None
    assert html_fixes.fixed_bytes(b"<html \xff itemprop=") is None


def test_a_cold_finish_parses_each_page_once_for_both_gates(raw_demo: Path, tmp_path: Path):
    site = copy_of(raw_demo, tmp_path / "site")
    pages = sorted((page.relative_to(site).as_posix() for page in site.rglob("*.html")), key=lambda name: name.split("/"))
    problems, lines, parsed, written, rescanned = finished_and_scanned(site, REPO, tmp_path / "cache")
    assert (problems, lines, parsed, rescanned) == ([], [], pages, [])
    assert written == [page for page in pages if page != "admin/index.html"]  # the editor's page needs no fix


def test_one_changed_page_is_the_only_one_read_again(raw_demo: Path, tmp_path: Path):
    cache_dir = tmp_path / "cache"
    finished_and_scanned(copy_of(raw_demo, tmp_path / "first"), REPO, cache_dir)
    site = copy_of(raw_demo, tmp_path / "second")
    about = site / "about/index.html"
    plant(site, "about/index.html", about.read_text(encoding="utf-8").replace("</article>", "<p>新的一段。</p>\n</article>", 1))
    _, _, parsed, written, rescanned = finished_and_scanned(site, REPO, cache_dir)
    assert (parsed, written, rescanned) == (["about/index.html"], ["about/index.html"], [])


# -- planted problems: the same exact messages, cold and warm ----------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(MINIMAL, project)
    write(project, "docs/about.md", "学校简介。\n\n<p>也可以看<a href=\"java&#x73;cript:alert(1)\">这里</a>。</p>\n")
    return project


BAD = ('<p>身份证 {id}，手机 13900001111</p>\n'
       '<a href="gone/">旧页</a> <a href="other/#nowhere">锚点</a> <img src="https://cdn.example.com/logo.png" alt="">\n')
ABOUT = '<h1 id="x">学校概况</h1>\n<p>也可以看<a href="java&#x73;cript:alert(1)">这里</a>。</p>\n'
SCRIPT_LINK = ("site/about/index.html:2: 错误：链接地址不安全：“javascript:alert(1)”点开会运行脚本。只允许 http、https、mailto、tel "
               "或站内相对地址。请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），或者删掉这个链接、只留文字。"
               "（写在 docs/about.md:3）" + NOT_PUBLISHED)


def bad_site(raw: Path) -> Path:
    hand_made(raw, body=BAD.format(id=ID_NUMBER))
    write(raw, "about/index.html", ABOUT)
    return raw


def test_planted_problems_are_reported_the_same_cold_and_warm(project: Path, tmp_path: Path):
    raw = bad_site(tmp_path / "raw" / "site")
    cache_dir = tmp_path / "cache"
    cold = gates(copy_of(raw, project / "site"), project, cache_dir)
    shutil.rmtree(project / "site")
    warm = gates(copy_of(raw, project / "site"), project, cache_dir)
    assert cold == warm
    (finished, _, finish_errors), (scanned, _, scan_errors) = warm
    assert (finished, scanned) == (1, 1)
    assert finish_errors.splitlines() == [
        "site/index.html:8: 错误：网页要从外部网站 cdn.example.com 加载 img.src=“https://cdn.example.com/logo.png”，"
        "家长的手机在中国大陆可能打不开那个网站，网页会卡住或缺图。请把这个文件放进本网站（照片放进记录的相册，"
        "其他文件放在 docs/ 里），或者改成普通链接（<a href>）。" + NOT_PUBLISHED,
        "网站的完成处理没有通过：1 处问题（见上面），网站不会发布。"]
    assert scan_errors.splitlines() == [
        f"site/index.html:7:{len('<p>身份证 ') + 1}: 错误：{MESSAGES['id']}",
        f"site/index.html:7:{len('<p>身份证 ' + ID_NUMBER + '，手机 ') + 1}: 错误：{MESSAGES['mobile']}",
        SCRIPT_LINK,
        'site/index.html:8: a.href="gone/" — 目录不存在',
        'site/index.html:8: a.href="other/#nowhere" — other/index.html 里没有 id="nowhere"',
        "网站检查没有通过：个人信息 2 处，不安全的链接 1 个，找不到的链接或锚点 2 个（共检查 3 个页面），"
        "网站不会发布。请按上面的提示修改后重新生成。"]
    assert ID_NUMBER not in scan_errors and "13900001111" not in scan_errors


def test_an_id_number_planted_in_a_page_scanned_clean_before_is_refused(project: Path, tmp_path: Path):
    raw = hand_made(tmp_path / "raw" / "site")
    cache_dir = tmp_path / "cache"
    assert [code for code, _, _ in gates(copy_of(raw, project / "site"), project, cache_dir)] == [0, 0]
    site = project / "site"
    page = site / "other/index.html"
    plant(site, "other/index.html", page.read_text(encoding="utf-8").replace("<h1", f"<p>{ID_NUMBER}</p><h1", 1))
    code, _, errors = schoolpub(cache_dir, "scan", str(site), "--root", str(project))
    assert code == 1
    assert errors.splitlines() == [
        f"site/other/index.html:6:4: 错误：{MESSAGES['id']}",
        "网站检查没有通过：个人信息 1 处（共检查 2 个页面），网站不会发布。请按上面的提示修改后重新生成。"]
    facts = PageFactsCache(cache_dir, site_address(site))
    scan(site, [], project, cache_dir, facts)
    assert facts.fresh == []  # its facts were made by the scan above, which read the new bytes


def test_a_number_the_school_no_longer_declares_public_is_refused_though_the_page_is_unchanged(project, tmp_path):
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8").replace(
        "    number: 0000-6600 1234", "    number: 0000-6600 1234\n  - label: 值班手机\n    number: 139 0000 1111"),
        encoding="utf-8")
    site = hand_made(project / "site", body="<p>值班手机 13900001111</p>")
    cache_dir = tmp_path / "cache"
    assert schoolpub(cache_dir, "scan", str(site), "--root", str(project))[0] == 0
    school.write_text(school.read_text(encoding="utf-8").replace("  - label: 值班手机\n    number: 139 0000 1111\n", ""),
                      encoding="utf-8")
    code, _, errors = schoolpub(cache_dir, "scan", str(site), "--root", str(project))
    assert code == 1 and errors.splitlines()[0] == f"site/index.html:7:{len('<p>值班手机 ') + 1}: 错误：{MESSAGES['mobile']}"


def test_a_new_site_address_resolves_every_link_again(tmp_path: Path):
    site = hand_made(tmp_path / "site", body='<a href="/gk/other/">另一页</a>')
    cache_dir = tmp_path / "cache"
    assert finished_and_scanned(site, None, cache_dir)[:2] == ([], [])
    write(site, "sitemap.xml", "<urlset><url><loc>https://school.example.cn/xx/</loc></url></urlset>")
    problems, lines, parsed, _, _ = finished_and_scanned(site, None, cache_dir)
    assert lines == ['site/index.html:7: a.href="/gk/other/" — 不在网站地址 /xx/ 之下']
    assert parsed == ["index.html", "other/index.html"]


def test_new_code_finds_none_of_the_old_facts_and_deletes_them(tmp_path: Path, monkeypatch):
    cache_dir = tmp_path / "cache"
    raw = hand_made(tmp_path / "raw")
    finished_and_scanned(copy_of(raw, tmp_path / "first"), None, cache_dir)
    old = sorted(path.name for path in cache_dir.iterdir() if not path.name.startswith("scan-clean-"))
    assert old == sorted([f"output-pages-{facts_cache.fingerprint()}.jsonl",
                          *(f"{cache.key(page.read_bytes())}-finished-{facts_cache.fingerprint()}.html"
                            for page in (tmp_path / "first").rglob("*.html"))])
    monkeypatch.setattr(facts_cache, "fingerprint", lambda: "0123456789ab")
    _, _, parsed, written, rescanned = finished_and_scanned(copy_of(raw, tmp_path / "second"), None, cache_dir)
    assert (parsed, written, rescanned) == (["index.html", "other/index.html"], ["index.html", "other/index.html"], [])
    assert not set(old) & {path.name for path in cache_dir.iterdir()}


# -- a damaged cache is not trusted ---------------------------------------------------------------

def test_damaged_entries_are_read_again_and_give_the_cold_answer(tmp_path: Path):
    raw = hand_made(tmp_path / "raw", body='<a href="other/#nowhere">锚点</a> <a href="javascript:x()">x</a>')
    cache_dir = tmp_path / "cache"
    cold = finished_and_scanned(copy_of(raw, tmp_path / "cold" / "site"), None, cache_dir)
    assert cold[:2] == ([], [
        "site/index.html:7: 错误：链接地址不安全：“javascript:x()”点开会运行脚本。只允许 http、https、mailto、tel 或站内相对地址。"
        "请改成以 https:// 开头的完整网址（例如 https://www.example.edu.cn/），或者删掉这个链接、只留文字。" + NOT_PUBLISHED,
        'site/index.html:7: a.href="other/#nowhere" — other/index.html 里没有 id="nowhere"'])
    entry = cache_dir / f"output-pages-{facts_cache.fingerprint()}.jsonl"
    home, other = entry.read_bytes().splitlines()  # in the order finish read the pages
    # the home page's entry altered after its checksum was taken (the anchor made to exist, the script link
    # made safe); the other page's rewritten with a good checksum but facts of the wrong shape (a line number
    # as text): neither may answer for its page
    home = home.replace(b'"nowhere"', b'"elsewhere"').replace(b'"javascript:x()"', b'"https://a.cn/"')
    key, _, stored = other.partition(b" ")
    loads, links = stored.partition(b" ")[2].split(b"\t")
    facts = json.loads(links)
    facts["links"][0][0] = str(facts["links"][0][0])
    other = key + b" " + cache.checksummed(loads + b"\t" + json.dumps(facts, ensure_ascii=False).encode())
    entry.write_bytes(home + b"\n" + other + b"\n")
    problems, lines, parsed, written, rescanned = finished_and_scanned(
        copy_of(raw, tmp_path / "warm" / "site"), None, cache_dir)
    assert (problems, lines) == cold[:2]
    assert (parsed, written, rescanned) == (["index.html"], [], ["other/index.html"])


def test_a_damaged_copy_of_a_finished_page_is_never_linked_into_the_site(tmp_path: Path):
    raw = hand_made(tmp_path / "raw")
    cache_dir = tmp_path / "cache"
    finished_and_scanned(copy_of(raw, tmp_path / "cold"), None, cache_dir)
    expected = (tmp_path / "cold/index.html").read_bytes()
    copy = cache_dir / f"{cache.key(expected)}-finished-{facts_cache.fingerprint()}.html"
    copy.unlink()  # a new file: the cold site's page (a hard link to the copy) stays as it was
    copy.write_bytes(expected.replace("示例".encode(), f"示例 {ID_NUMBER}".encode()))
    site = copy_of(raw, tmp_path / "warm")
    _, lines, _, written, _ = finished_and_scanned(site, None, cache_dir)
    assert (site / "index.html").read_bytes() == expected and (lines, written) == ([], ["index.html"])
    assert copy.read_bytes() == expected  # and the copy is made good again


def test_the_kept_finished_pages_are_those_of_the_last_build_not_of_a_few_pages_fixed_since(tmp_path: Path):
    raw = hand_made(tmp_path / "raw")
    cache_dir = tmp_path / "cache"

    def copies() -> set[str]:
        return {path.name for path in cache_dir.glob("*-finished-*.html")}

    finished_and_scanned(copy_of(raw, tmp_path / "first"), None, cache_dir)
    first = copies()
    site = copy_of(raw, tmp_path / "second")
    plant(site, "other/index.html", (raw / "other/index.html").read_text(encoding="utf-8").replace("<h1", "<p>新</p><h1"))
    finished_and_scanned(site, None, cache_dir)  # a build: the old other/index.html's copy is not kept
    second = copies()
    assert len(first) == len(second) == 2 and len(first & second) == 1
    finished = copy_of(site, tmp_path / "third")  # finished already: only the planted page needs a fix
    plant(finished, "index.html", (raw / "index.html").read_text(encoding="utf-8").replace("<h1", "<p>另</p><h1"))
    _, _, parsed, written, _ = finished_and_scanned(finished, None, cache_dir)
    assert (parsed, written) == (["index.html"], ["index.html"]) and second < copies()
