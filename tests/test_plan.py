"""The plan (what the site publishes) and `schoolpub render` (the plan written into a build
directory), with no engine: nothing here imports MkDocs, Material, ProperDocs or Zensical."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from test_build import TODAY, site_project

from schoolpub.plan import make_plan
from schoolpub.render import write_plan

ENGINES = ("mkdocs", "material", "mkdocs_macros", "properdocs", "zensical")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the demo with its own caches (hard links to the repository's warm photo cache)."""
    root = tmp_path_factory.mktemp("plan")
    project = site_project(root, REPO / "data")
    photos = REPO / ".cache" / "photos"
    if photos.is_dir():
        shutil.copytree(photos, project / ".cache" / "photos", copy_function=os.link)
    return project


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("SCHOOLPUB_TODAY", TODAY)
    monkeypatch.delenv("SCHOOLPUB_PHOTO_CACHE", raising=False)


PLAN_WITHOUT_ENGINES = f"""
import sys
class NoEngine:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {ENGINES!r}:
            raise ImportError("the plan imported an engine: " + name)
sys.meta_path.insert(0, NoEngine())
from pathlib import Path
from schoolpub.plan import make_plan
plan = make_plan(Path(sys.argv[1]))
for kind in ("pages", "static", "generated", "wiring"):
    for path in sorted(getattr(plan, kind)):
        print(kind, path)
print("steps", *(name for name, _ in plan.steps))
"""


def test_the_plan_of_the_demo_is_made_without_any_engine(project: Path):
    result = subprocess.run([sys.executable, "-c", PLAN_WITHOUT_ENGINES, str(project)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO / "src"), "SCHOOLPUB_TODAY": TODAY}, timeout=300)
    assert result.returncode == 0, result.stderr
    listed = [line.split(" ", 1) for line in result.stdout.splitlines()]
    by_kind = {kind: [path for other, path in listed if other == kind] for kind in ("pages", "static", "generated", "wiring")}
    assert listed[-1] == ["steps", "build finish scan"]
    pages = set(by_kind["pages"])
    docs = {f"docs/{path.relative_to(project / 'docs').as_posix()}" for path in (project / "docs").rglob("*.md")}
    records = {f"docs/{path.parent.name}/{path.stem}/index.md" for path in (project / "data").glob("*/*.yml")
               if path.parent.name in ("affairs", "fees", "honors", "festivals", "regulations")}
    years = {page for page in pages if "/years/" in page}
    reports = {"docs/reports/index.md"} | {f"docs/reports/{year}.md" for year in range(2019, 2027)}
    assert pages == docs | records | years | reports and len(records) == 60
    assert sorted(years) == [f"docs/{section}/years/{year}/index.md" for section, first in
                             (("affairs", 2023), ("festivals", 2024), ("honors", 2023)) for year in range(first, 2027)]
    assert by_kind["generated"] == sorted(
        [f"docs/calendar/{name}.ics" for name in ("affairs", "all", "fees", "festivals", "regulations")]
        + [f"docs/data/v1/{name}" for name in ("affairs.json", "fees.csv", "fees.json", "festivals.json", "honors.csv",
                                               "honors.json", "regulations.json", "school.json")]
        + [f"docs/data/v1/reports/{year}.{suffix}" for year in range(2019, 2027) for suffix in ("csv", "json")]
        + ["docs/data/v2/fees.csv", "docs/data/v2/fees.json"]
        + [f"docs/feeds/{name}.xml" for name in ("affairs", "all", "fees", "festivals", "honors", "regulations")])
    assert by_kind["wiring"] == ["hooks/mkdocs_engine.py", "hooks/preview_guard.py", "macros.json", "macros.py",
                                 "mkdocs.yml", "overrides/main.html", "overrides/partials/schoolpub-footer.html",
                                 "overrides/partials/schoolpub-meta.html",
                                 "overrides/partials/schoolpub-textsize-head.html", "search-words.txt"]
    static = by_kind["static"]
    assert "docs/media/festivals/2024-art/01-large.jpg" in static and "docs/admin/index.html" in static
    assert not any(path.startswith("docs/media/") and path.endswith(".yml") for path in static)


def test_the_generated_config_carries_what_the_data_says(project: Path, today):
    plan = make_plan(project)
    config = plan.wiring["mkdocs.yml"].decode("utf-8")
    assert "site_name: 示例市实验小学\n" in config
    assert "schoolpub_footer:" in config and "hooks:\n- hooks/mkdocs_engine.py\n- hooks/preview_guard.py\n" in config
    assert "watch:" not in config
    page = plan.pages["docs/fees/2027-spring/index.md"]
    assert page.startswith("---\n") and "\ndescription: " in page


def test_render_writes_nothing_when_nothing_changed(project: Path, tmp_path: Path, today):
    out = tmp_path / "render"
    first = write_plan(make_plan(project), out)
    assert first.deleted == [] and first.unchanged == 0 and len(first.written) > 250
    stamps = {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()}
    second = write_plan(make_plan(project), out)
    assert (second.written, second.deleted, second.unchanged) == ([], [], len(first.written))
    assert {path: path.stat().st_mtime_ns for path in out.rglob("*") if path.is_file()} == stamps
    photo = out / "docs/media/festivals/2024-art/01-large.jpg"
    assert photo.stat().st_nlink > 1  # hard-linked from the photo cache, not copied


# What shows the fee notice 2027-spring: its issuer only its page and the open data; its title also the
# pages listing it (the section index, the home page: their macro values, and their digest in front matter),
# the feeds and the calendars, and the annual report of its year (page and open data).
EDITS = {
    "issuer": (("issuer: 示例市实验小学", "issuer: 示例市实验小学财务室"),
               ["docs/data/v1/fees.json", "docs/data/v2/fees.json", "docs/fees/2027-spring/index.md"]),
    "title": (("title: 示例市实验小学2026-2027学年第二学期收费公示", "title: 示例市实验小学2026-2027学年第二学期收费公示（更正）"),
              ["docs/calendar/all.ics", "docs/calendar/fees.ics", "docs/data/v1/fees.csv", "docs/data/v1/fees.json",
               "docs/data/v1/reports/2026.csv", "docs/data/v1/reports/2026.json",
               "docs/data/v2/fees.csv", "docs/data/v2/fees.json", "docs/feeds/all.xml", "docs/feeds/fees.xml",
               "docs/fees/2027-spring/index.md", "docs/fees/index.md", "docs/index.md", "docs/reports/2026.md",
               "macros.json"]),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_render_after_a_one_record_edit_writes_exactly_what_shows_that_record(project: Path, tmp_path: Path, today,
                                                                              edit):
    (before, after), expected = EDITS[edit]
    out = tmp_path / "render"
    write_plan(make_plan(project), out)
    notice = project / "data" / "fees" / "2027-spring.yml"
    text = notice.read_text(encoding="utf-8")
    assert text.count(before) == 1
    notice.write_text(text.replace(before, after), encoding="utf-8")
    try:
        plan = make_plan(project)
        written = write_plan(plan, out)
    finally:
        notice.write_text(text, encoding="utf-8")
    assert plan.rendered_pages == (("fees", "2027-spring"),)
    assert (written.written, written.deleted) == (expected, [])
    assert after.split(": ")[1] in (out / "docs/fees/2027-spring/index.md").read_text(encoding="utf-8")


def test_a_deleted_record_is_deleted_from_the_build_directory(project: Path, tmp_path: Path, today):
    out = tmp_path / "render"
    write_plan(make_plan(project), out)
    record = project / "data" / "affairs" / next(path.name for path in (project / "data/affairs").glob("*.yml"))
    kept = record.read_bytes()
    record.unlink()
    try:
        written = write_plan(make_plan(project), out)
    finally:
        record.write_bytes(kept)
    assert written.deleted == [f"docs/affairs/{record.stem}/index.md"]
    assert not (out / "docs/affairs" / record.stem).exists()  # its folder went with it


def test_compiled_templates_are_kept_per_code_and_render_the_same(tmp_path: Path):
    """views.cache_compiled_templates: the folder is named by the code's fingerprint; another code's
    folder is removed; a template loaded from its compiled entry renders what its source renders
    (here with autoescape: each environment has its own folder, an entry does not record its options)."""
    from schoolpub import views

    stale = tmp_path / "0ld0c0de" / "html"
    stale.mkdir(parents=True)
    (stale / "__jinja2_x.cache").write_bytes(b"old")
    views.cache_compiled_templates(tmp_path, "c0de")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["c0de"]
    assert sorted(path.name for path in (tmp_path / "c0de").iterdir()) == ["html", "markdown"]
    html = views._html_templates
    values = {"state": "公示中", "detail": "<b>至 5 月 31 日</b>"}
    expected = ('<p class="sp-state sp-state--current"><strong>公示中</strong>　'
                "&lt;b&gt;至 5 月 31 日&lt;/b&gt;</p>")
    try:
        html.cache.clear()
        assert html.get_template("components/state.html.j2").render(**values).strip() == expected
        assert len(list((tmp_path / "c0de" / "html").glob("*.cache"))) == 1
        assert not list((tmp_path / "c0de" / "markdown").iterdir())
        html.cache.clear()
        html.compile = None  # a template compiled again would fail: this one comes from its entry
        assert html.get_template("components/state.html.j2").render(**values).strip() == expected
    finally:
        del html.compile
        html.bytecode_cache = views._markdown_templates.bytecode_cache = None
        html.cache.clear()
