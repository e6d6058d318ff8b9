"""`schoolpub portal` again: nothing changed → nothing rebuilt (the published portal untouched); one
school's amount changed → only that school's view is made anew and only the pages it appears on
change; a published portal tampered with is rebuilt. Real builds (MkDocs, the gates) on local schools."""
from pathlib import Path

import pytest

from portal_support import AFTER_SCHOOL_ITEM, fees_json, item, notice, write_school

from schoolpub.cli import main
from schoolpub.portal import incremental, views
from schoolpub.portal.incremental import sync_tree

TODAY = "2026-09-10"
CONFIG = """\
district: 示例区教育局
schools:
  - {id: a, name: 示例区第一小学, site: "https://a.example.edu.cn/", path: a}
  - {id: b, name: 示例区第二小学, site: "https://b.example.edu.cn/", path: b}
  - {id: c, name: 示例区第三小学, site: "https://c.example.edu.cn/", path: c}
caps:
  - {item: 课后服务费, max_amount: "300", unit: 元/生·学期, basis: 《关于课后服务收费的通知》第三条}
"""
UNCHANGED = "门户网站的内容和上次生成的完全相同，已发布的门户网站不用重新生成。"
BOOKS = item("作业本费", "代收费", 18, voluntary=True)


def school(root: Path, school_id: str, name: str, after_school: int) -> None:
    items = [item("课后服务费", "服务性收费", after_school, voluntary=True, site=school_id)]
    items += [BOOKS] if school_id != "c" else []
    write_school(root, school_id, fees_json(name, [notice("2026-autumn", f"{name}2026-2027学年第一学期收费公示",
                                                          items, site=school_id)]))


def snapshot_of(site: Path) -> dict[str, tuple[bytes, int]]:
    return {path.relative_to(site).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in site.rglob("*") if path.is_file()}


def portal(config: Path, capsys) -> str:
    assert main(["portal", str(config), "--today", TODAY]) == 0
    return capsys.readouterr().out


@pytest.fixture
def district(tmp_path, capsys):
    for school_id, name, amount in (("a", "示例区第一小学", 300), ("b", "示例区第二小学", 280), ("c", "示例区第三小学", 260)):
        school(tmp_path, school_id, name, amount)
    (tmp_path / "portal.yml").write_text(CONFIG, encoding="utf-8")
    assert UNCHANGED not in portal(tmp_path / "portal.yml", capsys)
    return tmp_path


def test_nothing_changed_leaves_the_published_portal_untouched(district, capsys):
    before = snapshot_of(district / "portal-site")
    out = portal(district / "portal.yml", capsys)
    assert out.splitlines()[0] == UNCHANGED
    assert snapshot_of(district / "portal-site") == before  # same bytes, not even rewritten (same mtimes)


def test_one_school_changed_remakes_that_school_and_the_pages_it_appears_on(district, capsys):
    site, views_dir = district / "portal-site", district / ".portal-cache" / ".views"
    before, cached = snapshot_of(site), set(views_dir.iterdir())
    assert len(cached) == 3
    school(district, "b", "示例区第二小学", 350)  # above the district's cap of 300: a finding
    assert UNCHANGED not in portal(district / "portal.yml", capsys)
    after = snapshot_of(site)
    changed = sorted(path for path in after if after[path][0] != before.get(path, (None,))[0])
    after_school = views.item_page("课后服务费").removesuffix(".md")
    # its page, the item's comparison, the home page (its count of findings), the district's open data,
    # the feed (entries list the amounts) and the search index; not the other schools, nor 作业本费's page
    assert changed == ["data/fees.csv", "data/fees.json", "data/findings.csv", "feed.xml", "index.html",
                       f"{after_school}/index.html", "schools/b/index.html", "search/search_index.json"]
    assert "350 元/生·学期" in (site / "schools/b/index.html").read_text(encoding="utf-8")
    assert "350 元/生·学期" in (site / f"{after_school}/index.html").read_text(encoding="utf-8")
    home = " ".join((site / "index.html").read_text(encoding="utf-8").split())
    assert '<a href="schools/b/">示例区第二小学</a></td> <td>正常</td> <td>有</td> <td>1 条</td>' in home
    # the other schools' views came from the cache: one entry replaced, two kept
    now = set(views_dir.iterdir())
    assert len(now - cached) == 1 and len(cached - now) == 1 and len(now & cached) == 2


def test_a_published_portal_tampered_with_is_rebuilt(district, capsys):
    page = district / "portal-site" / "schools" / "a" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace("示例区第一小学".encode(), "改过的名字".encode()))
    assert UNCHANGED not in portal(district / "portal.yml", capsys)
    assert page.read_bytes() == original


def test_a_portal_yml_change_is_a_change(district, capsys):
    (district / "portal.yml").write_text(CONFIG.replace("示例区教育局", "示例区教育和体育局"), encoding="utf-8")
    assert UNCHANGED not in portal(district / "portal.yml", capsys)
    assert "示例区教育和体育局" in (district / "portal-site" / "index.html").read_text(encoding="utf-8")


def test_sync_tree_writes_only_changed_files_and_removes_the_rest(tmp_path):
    assert sync_tree(tmp_path, {"a.md": b"A", "x/b.md": b"B"}) == ["a.md", "x/b.md"]
    stamp = (tmp_path / "a.md").stat().st_mtime_ns
    assert sync_tree(tmp_path, {"a.md": b"A", "x/c.md": b"C"}) == ["x/b.md", "x/c.md"]
    assert (tmp_path / "a.md").stat().st_mtime_ns == stamp
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == ["a.md", "x/c.md"]
    assert sync_tree(tmp_path, {"a.md": b"A", "x/c.md": b"C"}) == []


def test_new_code_or_an_upgrade_is_a_change(district, capsys, monkeypatch):
    """The pipeline's fingerprint (this package's code, the overrides, every installed version) is in
    every key: with another one, no view and no published build is reused."""
    views_dir = district / ".portal-cache" / ".views"
    cached = set(views_dir.iterdir())
    monkeypatch.setattr(incremental, "pipeline_fingerprint", lambda: "another version of the code")
    assert UNCHANGED not in portal(district / "portal.yml", capsys)
    assert len(set(views_dir.iterdir())) == 3 and not set(views_dir.iterdir()) & cached
    assert portal(district / "portal.yml", capsys).splitlines()[0] == UNCHANGED
