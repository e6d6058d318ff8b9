"""Each record's share of the exports kept between builds (exports/fragments.py).

Every test makes all exports of a copy of the demo school, names exactly which shares were
made afresh, and compares every file with one made without any cache.
"""
import dataclasses
import json
from pathlib import Path

import pytest

from conftest import demo_context, edit_data

from schoolpub import exports
from schoolpub.context import Context
from schoolpub.exports import fragments as export_fragments
from schoolpub.exports.calendars import calendar
from schoolpub.exports.fragments import Fragments
from schoolpub.exports.opendata import section_json, section_json_chunks
from schoolpub.exports.tables import honors_csv



@pytest.fixture
def project(demo_data: Path) -> Path:
    return demo_data



def assembled(context: Context) -> tuple[dict[str, bytes | str], list]:
    """The exports made of shares (as all_exports makes them), and the shares made afresh."""
    fragments = Fragments(context)
    files = {"calendar": calendar(context, fragments=fragments),
             **{f"calendar/{kind}": calendar(context, kind, fragments) for kind in exports.CALENDARS},
             **{f"data/{section}": section_json(context, section, fragments) for section in exports.SECTIONS},
             "honors.csv": honors_csv(context, fragments)}
    fragments.prune()
    return files, sorted(set(fragments.made))


def fresh(context: Context) -> dict[str, bytes | str]:
    """The same files, every share made afresh and nothing read from or written to a cache."""
    uncached = dataclasses.replace(context, cache_dir=None)
    return {"calendar": calendar(uncached),
            **{f"calendar/{kind}": calendar(uncached, kind) for kind in exports.CALENDARS},
            **{f"data/{section}": section_json(uncached, section) for section in exports.SECTIONS},
            "honors.csv": honors_csv(uncached)}



def shares(context: Context) -> list:
    """Every share a build makes: events of the records with a calendar, data of all, CSV rows of honours."""
    site = context.site
    return sorted([(kind, record_id, "events") for kind in exports.CALENDARS for record_id in site.of(kind)]
                  + [(section, record_id, "data") for section in exports.SECTIONS for record_id in site.of(section)]
                  + [("honors", record_id, "csv") for record_id in site.of("honors")])


def test_a_second_build_makes_no_share_and_every_file_is_the_one_made_afresh(project: Path):
    context = demo_context(project)
    first, made = assembled(context)
    assert made == shares(context) and len(made) == 60 + 47 + 13  # 60 records, 47 with events, 13 honours
    second, made = assembled(demo_context(project))
    assert made == []
    assert second == first == fresh(context)


def test_all_exports_from_the_cache_are_the_exports_made_afresh(project: Path):
    first = exports.all_exports(demo_context(project))
    context = demo_context(project)
    assert exports.all_exports(context) == first == exports.all_exports(dataclasses.replace(context, cache_dir=None))


def test_an_edited_record_makes_only_its_own_shares_again(project: Path):
    assembled(demo_context(project))
    edit_data(project, "affairs/2023-fire-drill.yml", "title: 2023年", "title: 二〇二三年")
    context = demo_context(project)
    files, made = assembled(context)
    assert made == [("affairs", "2023-fire-drill", "data"), ("affairs", "2023-fire-drill", "events")]
    record = next(r for r in json.loads(files["data/affairs"])["records"] if r["id"] == "2023-fire-drill")
    assert record["title"] == "二〇二三年“119”消防宣传月应急疏散演练情况通报"
    assert files == fresh(context)


def test_a_changed_school_makes_every_share_again(project: Path):
    assembled(demo_context(project))
    edit_data(project, "school.yml", "name: ", "name: 新")
    context = demo_context(project)
    files, made = assembled(context)
    assert made == shares(context)
    assert files == fresh(context)


def test_a_damaged_entry_is_made_again_and_an_unused_one_is_deleted(project: Path):
    first, _ = assembled(demo_context(project))
    cache_dir = project / "cache"
    damaged = sorted(cache_dir.glob("*-export-data-*.json"))[0]
    damaged.write_bytes(damaged.read_bytes()[:-5])
    unused = cache_dir / f"{'0' * 64}-export-data-{export_fragments.fingerprint()}.json"
    unused.write_text("x", encoding="utf-8")
    again, made = assembled(demo_context(project))
    assert len(made) == 1 and made[0][2] == "data" and again == first
    assert not unused.exists()


def test_without_a_cache_directory_nothing_is_stored(project: Path):
    context = dataclasses.replace(demo_context(project), cache_dir=None)
    files, made = assembled(context)
    assert made == shares(context) and files == fresh(context)
    assert not list((project / "cache").glob("*-export-*"))


def test_the_plans_exports_are_made_one_at_a_time_and_are_the_files_all_exports_makes(project: Path, monkeypatch):
    """exports.Exports (the plan's generated files): a file is made when asked for, not when listed or
    tested for, and not kept; the unused shares are pruned only once every file was made."""
    expected = {path: content.encode("utf-8") if isinstance(content, str) else content
                for path, content in exports.all_exports(demo_context(project)).items()}
    unused = project / "cache" / f"{'0' * 64}-export-data-{export_fragments.fingerprint()}.json"
    unused.write_text("x", encoding="utf-8")
    made = []
    monkeypatch.setattr(exports, "section_json_chunks", lambda *args: made.append(args[1]) or section_json_chunks(*args))
    lazy = exports.Exports(demo_context(project), prefix="docs/")
    assert sorted(lazy) == sorted(f"docs/{path}" for path in expected)
    assert "docs/data/v1/affairs.json" in lazy and "data/v1/affairs.json" not in lazy
    assert made == []  # listing and membership make nothing
    paths = sorted(lazy)
    for path in paths[:-1]:
        assert lazy[path] == expected[path.removeprefix("docs/")]
    assert unused.exists()  # not every file made yet: the shares of the others may still be needed
    assert lazy[paths[-1]] == expected[paths[-1].removeprefix("docs/")]
    assert not unused.exists()
    assert sorted(made) == sorted(exports.SECTIONS)
