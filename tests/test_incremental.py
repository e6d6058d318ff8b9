"""`make site` does only what changed (schoolpub.incremental, engines.build, hooks/mkdocs_engine.py):
nothing when the published site already is what the data makes, only the changed pages after an
edit (MkDocs --dirty) — and the result is byte for byte what a full build makes."""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

import pytest

from conftest import REPO
from test_build import build, site_project

from schoolpub import incremental

ID_NUMBER = "320102201409150025"  # a valid ID number (tests/test_privacy.py: VALID_IDS[1])
FULL_BUILD = "Cleaning site directory"  # MkDocs' log line of a full (not --dirty) build


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*") if path.is_file()}


def edit_issuer(project: Path) -> None:
    notice = project / "data" / "fees" / "2027-spring.yml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("issuer: 示例市实验小学", "issuer: 示例市实验小学财务室"),
                      encoding="utf-8")


@pytest.fixture()
def project(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("SCHOOLPUB_PHOTO_CACHE", str(tmp_path / "cache"))
    return site_project(tmp_path, REPO / "data")


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_nothing_changed_builds_nothing_and_a_touched_site_is_built_again(project: Path, tmp_path: Path, engine: str):
    site = tmp_path / "site"
    assert build(project, site, engine=engine).returncode == 0
    before = (site / "index.html").stat()
    again = build(project, site, engine=engine)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1] == f"网站没有变化：{site}/ 就是由现在的数据生成、并已通过检查的网站，不需要重新生成。"
    assert "网站的完成处理" not in again.stdout and "网站检查通过" not in again.stdout  # no engine, finish or scan ran
    assert (site / "index.html").stat().st_mtime_ns == before.st_mtime_ns
    published = (site / "index.html").read_bytes()
    (site / "index.html").write_bytes(published.replace("示例市实验小学".encode(), "别的学校".encode()))
    mended = build(project, site, engine=engine)
    assert mended.returncode == 0, mended.stderr
    assert mended.stdout.splitlines()[-1] == f"网站已生成：{site}/index.html"
    assert (site / "index.html").read_bytes() == published


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_an_edit_rebuilds_only_the_changed_pages_and_equals_a_full_build(project: Path, tmp_path: Path, engine: str):
    site, work = tmp_path / "site", tmp_path / "work"
    first = build(project, site, build_dir=work, engine=engine)
    assert first.returncode == 0 and FULL_BUILD in first.stderr + first.stdout
    output = work / "render" / f"site-{engine}"
    made = inodes(output)
    edit_issuer(project)
    second = build(project, site, build_dir=work, engine=engine)
    assert second.returncode == 0, second.stderr
    assert FULL_BUILD not in second.stderr + second.stdout
    assert "与上次发布相比有 3 个文件改动：只重新生成它们，其余页面沿用上次的结果。" in second.stdout
    remade = inodes(output)
    # made afresh (a new file): the notice's page (the only page showing the issuer), the open data and the
    # search index (the hook writes it, by a rename, on every build); MkDocs writes its sitemap again in place
    assert sorted(path for path in made if remade.get(path) != made[path]) == [
        "data/v1/fees.json", "data/v2/fees.json", "fees/2027-spring/index.html", "search/search_index.json"]
    fresh = build(project, tmp_path / "fresh", engine=engine)
    assert fresh.returncode == 0 and FULL_BUILD in fresh.stderr + fresh.stdout
    assert files_of(site) == files_of(tmp_path / "fresh")


def test_a_new_title_reaches_every_list_and_the_search_index_as_a_full_build_has_them(project: Path, tmp_path: Path):
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(project, site, build_dir=work).returncode == 0
    notice = project / "data" / "fees" / "2027-spring.yml"
    text = notice.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    notice.write_text(text.replace(title, title + "（更正）", 1), encoding="utf-8")
    second = build(project, site, build_dir=work)
    assert second.returncode == 0 and FULL_BUILD not in second.stderr + second.stdout
    assert "（更正）" in (site / "index.html").read_text(encoding="utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [entry["location"] for entry in index if "（更正）" in entry["title"].replace("\u200b", "")] == [
        "fees/2027-spring/", "fees/2027-spring/#示例市实验小学2026-2027学年第二学期收费公示更正"]  # the page, its heading
    assert build(project, tmp_path / "fresh").returncode == 0
    assert files_of(site) == files_of(tmp_path / "fresh")


def test_a_new_commit_builds_the_sitemap_again_and_no_unchanged_page(project: Path, tmp_path: Path):
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(project, site, build_dir=work).returncode == 0
    later = {"SOURCE_DATE_EPOCH": "1795478400"}  # a day later: the last commit's time, which MkDocs writes into the sitemap
    second = build(project, site, build_dir=work, env=later)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1] == f"网站已生成：{site}/index.html"
    assert FULL_BUILD not in second.stderr + second.stdout
    assert "<lastmod>2026-11-24</lastmod>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert build(project, tmp_path / "fresh", env=later).returncode == 0
    assert files_of(site) == files_of(tmp_path / "fresh")


def test_a_removed_record_is_a_full_build_and_its_page_is_gone(project: Path, tmp_path: Path):
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(project, site, build_dir=work).returncode == 0
    assert (site / "fees" / "2027-spring" / "index.html").is_file()
    (project / "data" / "fees" / "2027-spring.yml").unlink()
    second = build(project, site, build_dir=work)
    assert second.returncode == 0, second.stderr
    assert FULL_BUILD in second.stderr + second.stdout
    assert not (site / "fees" / "2027-spring").exists()
    assert not (work / "render" / "site-mkdocs" / "fees" / "2027-spring").exists()


def test_a_refused_build_leaves_no_record_and_the_next_build_is_a_full_one(project: Path, tmp_path: Path):
    site, work = tmp_path / "site", tmp_path / "work"
    assert build(project, site, build_dir=work).returncode == 0
    published = files_of(site)
    about = project / "docs" / "about.md"
    clean = about.read_text(encoding="utf-8")
    about.write_text(clean + f"\n身份证号 {ID_NUMBER}\n", encoding="utf-8")
    refused = build(project, site, build_dir=work)
    assert refused.returncode == 1
    assert "网站生成失败（见上面的错误），已发布的 site/ 保持不变。" in refused.stdout + refused.stderr
    assert files_of(site) == published
    assert not (work / incremental.RECORD).exists()
    about.write_text(clean, encoding="utf-8")
    rebuilt = build(project, site, build_dir=work)
    assert rebuilt.returncode == 0 and FULL_BUILD in rebuilt.stderr + rebuilt.stdout
    assert files_of(site) == published


# -- the decisions, without an engine -------------------------------------------------------------

RECORD = incremental.BuildRecord(key="k", moment="1795392000|2026-11-23", manifest={"docs/a.md": "1", "docs/media/p.jpg": "cache:p", "mkdocs.yml": "2"},
                                 site="s")


def test_changes_name_the_docs_files_whose_content_changed():
    edited = {**RECORD.manifest, "docs/a.md": "3", "docs/b.md": "4"}
    assert incremental.changes(RECORD, "k", edited) == incremental.Changes(docs=("a.md", "b.md"))
    assert incremental.changes(RECORD, "k", RECORD.manifest) == incremental.Changes(docs=())


@pytest.mark.parametrize("manifest, key", [
    ({"docs/a.md": "1", "docs/media/p.jpg": "cache:p", "mkdocs.yml": "changed"}, "k"),  # the configuration
    ({"docs/a.md": "1", "mkdocs.yml": "2"}, "k"),  # a file removed
    ({"docs/a.md": "1", "docs/media/p.jpg": "cache:p", "mkdocs.yml": "2"}, "another engine or code"),
])
def test_anything_but_edited_or_added_docs_files_is_a_full_build(manifest, key):
    assert incremental.changes(RECORD, key, manifest) is None
    assert incremental.changes(None, "k", RECORD.manifest) is None


def test_a_cache_file_stands_for_its_key_and_any_other_file_for_its_bytes(tmp_path: Path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "abc-large.jpg").write_bytes(b"photo")
    (tmp_path / "logo.png").write_bytes(b"logo")
    manifest = incremental.input_manifest({"docs/p.jpg": cache / "abc-large.jpg", "docs/logo.png": tmp_path / "logo.png",
                                           "docs/a.md": b"page"}, cache)
    assert manifest == {"docs/p.jpg": "cache:abc-large.jpg", "docs/logo.png": hashlib.sha256(b"logo").hexdigest(),
                        "docs/a.md": hashlib.sha256(b"page").hexdigest()}


def test_a_damaged_record_means_a_full_build(tmp_path: Path):
    incremental.save_record(tmp_path, RECORD)
    assert incremental.load_record(tmp_path) == RECORD
    (tmp_path / incremental.RECORD).write_text('{"version": 1, "key": "k"}', encoding="utf-8")
    assert incremental.load_record(tmp_path) is None
    (tmp_path / incremental.RECORD).write_text("not json", encoding="utf-8")
    assert incremental.load_record(tmp_path) is None


def _hook():
    spec = importlib.util.spec_from_file_location("mkdocs_engine_hook", REPO / "hooks" / "mkdocs_engine.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_search_entries_of_pages_not_rebuilt_come_from_the_last_index_in_build_order():
    hook = _hook()
    previous = [{"location": "", "title": "首页"}, {"location": "#a", "title": "甲"},
                {"location": "fees/", "title": "旧"}, {"location": "fees/#x", "title": "旧节"},
                {"location": "about/", "title": "概况"}]
    current = [{"location": "fees/", "title": "新"}]  # the rebuilt page lost its section
    merged = hook.merged_search_entries(previous, current, ["", "fees/", "about/"], {"fees/"})
    assert [entry["title"] for entry in merged] == ["首页", "甲", "新", "概况"]
    assert hook.page_url("./") == "" and hook.page_url("fees/") == "fees/"
    assert os.environ.get(hook.DIRTY_VARIABLE) is None


def test_a_docs_page_shows_a_digest_of_every_macro_value_it_can_reach():
    from schoolpub.plan import shown_values

    values = {"home": "甲", "about": "乙", "section_index": {"fees": "丙", "honors": "丁"}, "subscribe_links": {"": "戊"}}
    assert shown_values("# 标题\n", values) is None
    assert shown_values('{{ section_index("fees") }}', values) == '[["section_index", "丙"]]'
    everything = '{"about": "乙", "home": "甲", "section_index": {"fees": "丙", "honors": "丁"}, "subscribe_links": {"": "戊"}}'
    assert shown_values("{% set f = home %}{{ f() }}", values) == everything  # through another name: all of them
    assert shown_values("{{ home( }}", values) == everything  # unreadable: all of them


def test_a_site_file_that_is_a_cache_file_counts_by_its_key_and_a_replaced_one_by_its_bytes(tmp_path: Path):
    build_dir, site = tmp_path / "render", tmp_path / "site"
    (build_dir / "docs" / "media").mkdir(parents=True)
    (site / "media").mkdir(parents=True)
    (build_dir / "docs" / "media" / "p.jpg").write_bytes(b"photo")
    os.link(build_dir / "docs" / "media" / "p.jpg", site / "media" / "p.jpg")
    (site / "index.html").write_bytes(b"<p>home</p>")
    manifest = {"docs/media/p.jpg": "cache:abc-large.jpg", "docs/index.md": "d"}
    known = incremental.linked_digests(build_dir, manifest)
    assert list(known.values()) == ["cache:abc-large.jpg"]
    linked = incremental.site_digest(site, known)
    assert linked == incremental.site_digest(site, known)
    (site / "media" / "p.jpg").unlink()
    (site / "media" / "p.jpg").write_bytes(b"photo")  # the same bytes, but not the cache's file any more
    assert incremental.site_digest(site, known) != linked
    assert incremental.site_digest(tmp_path / "nowhere", known) is None
