"""The check cache (check_cache.py): a check served from it says exactly what a fresh check says.

Every comparison is of the whole outcome: each problem and notice (file, line, column,
message, record, key) and the records the site holds. A file is checked afresh when its
bytes, the school, the code or the day (a birth date reached) make the remembered result
stale, and only then.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, REPO, write
from test_bad_fixtures import CASES, _expectations, _target

from schoolpub import check_cache
from schoolpub.check_cache import CheckCache
from schoolpub.loader import load_site
from schoolpub.privacy import ID_CHECK_CHARACTERS, ID_WEIGHTS
from schoolpub.problems import Problem

MOBILE = "13900001111"  # invented


def outcome(project: Path, cache: CheckCache | None = None) -> tuple[list[Problem], list[Problem], dict, dict]:
    site, problems = load_site(project / "data", cache)
    return (problems.sorted(), sorted(set(problems.notices)), site.records,
            {key: source.file for key, source in site.sources.items()})


def cold_and_warm(project: Path, cache_dir: Path) -> tuple[CheckCache, CheckCache]:
    """The project checked without a cache, then cold and warm with one: the three outcomes must agree."""
    fresh = outcome(project)
    cold, warm = CheckCache(cache_dir), None
    assert outcome(project, cold) == fresh
    warm = CheckCache(cache_dir)
    assert outcome(project, warm) == fresh
    return cold, warm


def record_files(project: Path) -> list[str]:
    return sorted(path.relative_to(project).as_posix() for path in (project / "data").rglob("*.yml"))


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "demo" / "data")
    return tmp_path / "demo"


def test_the_demo_checked_warm_is_the_demo_checked_cold_and_nothing_is_checked_again(demo: Path, tmp_path: Path):
    cold, warm = cold_and_warm(demo, tmp_path / "cache")
    assert sorted(cold.examined) == record_files(demo)
    assert warm.examined == []
    assert [path.name for path in (tmp_path / "cache").iterdir()] == [f"check-{check_cache.fingerprint()}.jsonl"]


@pytest.mark.parametrize("case", CASES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_bad_fixture_says_the_same_cold_and_warm(project: Path, tmp_path: Path, case: Path):
    """Warm, each fixture still reports exactly its `# expect:` lines (test_bad_fixtures.py's rule)."""
    type_name = case.parent.name
    expected, targets = [], set()
    for case_file in sorted(case.glob("*.yml")) if case.is_dir() else [case]:
        target = _target(case_file, type_name)
        shutil.copyfile(case_file, project / target)
        expected += _expectations(case_file, target)
        targets.add(target)
    if (case / "media").is_dir():
        shutil.copytree(case / "media", project / "data" / "media", dirs_exist_ok=True)
    _, warm = cold_and_warm(project, tmp_path / "cache")
    assert warm.examined == []
    problems, notices, _, _ = outcome(project, CheckCache(tmp_path / "cache"))
    assert sorted([problem.human() for problem in problems] +
                  [notice.human() for notice in notices if notice.file in targets]) == sorted(expected)


def test_an_edited_file_is_the_only_one_checked_again(demo: Path, tmp_path: Path):
    cold_and_warm(demo, tmp_path / "cache")
    edited = demo / "data/affairs/2024-canteen-supply.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", f"title: 联系 {MOBILE} ", 1),
                      encoding="utf-8")
    cache = CheckCache(tmp_path / "cache")
    after = outcome(demo, cache)
    assert cache.examined == ["data/affairs/2024-canteen-supply.yml"]
    assert after == outcome(demo)
    assert [problem.human() for problem in after[0]][0].startswith(
        "data/affairs/2024-canteen-supply.yml:2:11: 错误：[校务公开 2024-canteen-supply] 这里有一个手机号码。")
    again = CheckCache(tmp_path / "cache")
    assert outcome(demo, again) == after and again.examined == []


def test_a_change_to_the_school_checks_every_file_again_with_the_new_school(project: Path, tmp_path: Path):
    school = project / "data/school.yml"
    school.write_text(school.read_text(encoding="utf-8") + "site:\n  not_pupils:\n    - 王建国\n", encoding="utf-8")
    body = project / "data/affairs/sample.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("正文写在这里", "三年级（2）班 王建国"), encoding="utf-8")
    cold_and_warm(project, tmp_path / "cache")
    assert outcome(project)[0] == []  # the school says 王建国 is not a pupil
    school.write_text(school.read_text(encoding="utf-8").replace("    - 王建国\n", "    - 李老师\n"), encoding="utf-8")
    cache = CheckCache(tmp_path / "cache")
    after = outcome(project, cache)
    assert sorted(cache.examined) == record_files(project)
    assert after == outcome(project)
    assert [problem.human().split("：公开网站")[0] for problem in after[0]] == [
        "data/affairs/sample.yml:11:11: 错误：[校务公开 sample › body] 这段文字里可能有学生姓名（王*国）"]


def test_a_comment_in_the_school_file_checks_every_file_again_too(project: Path, tmp_path: Path):
    """Keyed by the school file's bytes, not by what changed in them: exact rather than clever."""
    cold_and_warm(project, tmp_path / "cache")
    with (project / "data/school.yml").open("a", encoding="utf-8") as school:
        school.write("# 改了一条注释\n")
    cache = CheckCache(tmp_path / "cache")
    assert outcome(project, cache) == outcome(project)
    assert sorted(cache.examined) == record_files(project)


def test_other_code_checks_everything_again_and_its_entries_replace_the_old(project: Path, tmp_path: Path,
                                                                            monkeypatch):
    cold_and_warm(project, tmp_path / "cache")
    old = check_cache.fingerprint()
    monkeypatch.setattr(check_cache, "CHECK_VERSION", check_cache.CHECK_VERSION + 1)
    check_cache.fingerprint.cache_clear()
    try:
        assert check_cache.fingerprint() != old
        cache = CheckCache(tmp_path / "cache")
        assert outcome(project, cache) == outcome(project)
        assert sorted(cache.examined) == record_files(project)
        assert [path.name for path in (tmp_path / "cache").iterdir()] == [f"check-{check_cache.fingerprint()}.jsonl"]
    finally:
        check_cache.fingerprint.cache_clear()


@pytest.mark.parametrize("changed", ["privacy.py", "namescan_words.py", "content/honors.py", "scaffolds/fees.yml"])
def test_the_fingerprint_covers_every_file_of_the_package_and_nothing_compiled(tmp_path: Path, monkeypatch,
                                                                             changed: str):
    assert check_cache._PACKAGE == REPO / "src" / "schoolpub"
    copy = tmp_path / "schoolpub"
    shutil.copytree(check_cache._PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(check_cache, "_PACKAGE", copy)
    check_cache.fingerprint.cache_clear()
    try:
        before = check_cache.fingerprint()
        (copy / "content/__pycache__").mkdir(exist_ok=True)
        (copy / "content/__pycache__/honors.cpython-311.pyc").write_bytes(b"compiled")
        check_cache.fingerprint.cache_clear()
        assert check_cache.fingerprint() == before
        with (copy / changed).open("a", encoding="utf-8") as file:
            file.write("\n")
        check_cache.fingerprint.cache_clear()
        assert check_cache.fingerprint() != before
    finally:
        check_cache.fingerprint.cache_clear()


def test_the_fingerprint_names_the_installed_libraries_versions():
    names = check_cache._distributions()
    for library in ("pydantic", "pydantic_core", "PyYAML", "Markdown", "pillow"):
        assert any(name.lower().startswith(f"{library.lower()}-") for name in names), library


@pytest.fixture
def photos_opened(monkeypatch) -> list[str]:
    """The photos the check decodes (media.inspect_photo, the real one, called through a recorder)."""
    from schoolpub import media_checks
    opened: list[str] = []
    real = media_checks.inspect_photo

    def recorded(path: Path, shown_as: str | None = None, cache_dir: Path | None = None) -> str | None:
        opened.append(path.as_posix().split("/data/media/", 1)[1])
        return real(path, shown_as=shown_as, cache_dir=cache_dir)

    monkeypatch.setattr(media_checks, "inspect_photo", recorded)
    return opened


def test_a_photo_that_passed_is_not_decoded_again_until_its_bytes_change(demo: Path, tmp_path: Path,
                                                                           photos_opened: list[str]):
    photos = sorted(path.relative_to(demo / "data/media").as_posix() for path in (demo / "data/media").rglob("*")
                    if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    assert len(photos) >= 5
    outcome(demo, CheckCache(tmp_path / "cache"))
    assert sorted(set(photos_opened)) == photos
    photos_opened.clear()
    outcome(demo, CheckCache(tmp_path / "cache"))
    assert photos_opened == []
    cut = demo / "data/media/honors/2025-city-choir.jpg"
    cut.write_bytes(cut.read_bytes()[:3000])  # the header stays, the picture is cut off
    after = outcome(demo, CheckCache(tmp_path / "cache"))
    assert photos_opened == ["honors/2025-city-choir.jpg"]
    assert after == outcome(demo)
    assert [problem.human() for problem in after[0]] == [
        "data/honors/2025-city-choir.yml:10:14: 错误：[荣誉榜 2025-city-choir › certificate] data/media/honors/2025-city-choir.jpg "
        "读到一半出错：文件不完整或已损坏。请重新从相机或手机导出这张照片，替换这个文件。"]


def _entries(cache_dir: Path) -> Path:
    return cache_dir / f"check-{check_cache.fingerprint()}.jsonl"


def test_a_damaged_entry_is_checked_again_and_the_others_still_serve(demo: Path, tmp_path: Path):
    cold_and_warm(demo, tmp_path / "cache")
    entries = _entries(tmp_path / "cache")
    lines = entries.read_bytes().split(b"\n")
    # The demo's one remembered notice made an error without its checksum: were it served, the check would fail.
    damaged = next(index for index, line in enumerate(lines) if b'"problems":[[' in line)
    assert b',true]' in lines[damaged]
    lines[damaged] = lines[damaged].replace(b',true]', b',false]', 1)
    entries.write_bytes(b"\n".join(lines))
    cache = CheckCache(tmp_path / "cache")
    assert outcome(demo, cache) == outcome(demo)
    assert len(cache.examined) == 1


@pytest.mark.parametrize("damage", [b"", b"\x00" * 100, b"not an entry\n", "乱码".encode() * 1000])
def test_a_cache_file_of_garbage_is_a_cold_check(demo: Path, tmp_path: Path, damage: bytes):
    cold_and_warm(demo, tmp_path / "cache")
    _entries(tmp_path / "cache").write_bytes(damage)
    cache = CheckCache(tmp_path / "cache")
    assert outcome(demo, cache) == outcome(demo)
    assert sorted(cache.examined) == record_files(demo)


@pytest.mark.parametrize("body", [
    b'{"problems":[[1]],"data":null,"validated":false,"refused":false,"until":null}',
    b'{"problems":[["1",1,"x","",false]],"data":null,"validated":false,"refused":false,"until":null}',
    b'{"problems":{"abcde":1},"data":null,"validated":false,"refused":false,"until":null}',
    b'{"problems":[[0,1,"x","",false]],"data":null,"validated":false,"refused":false,"until":null}',
    b'{"problems":[],"data":[1],"validated":true,"refused":false,"until":null}',
    b'{"problems":[],"data":{},"validated":true,"refused":false,"until":null}',
    b'{"problems":[],"data":null,"validated":false,"refused":false,"until":"soon"}',
    b'[]', b'"passed"', b'{"passed":true}',
], ids=range(10))
def test_an_entry_with_a_valid_checksum_but_unexpected_content_is_checked_again(demo: Path, tmp_path: Path,
                                                                                 body: bytes):
    cold_and_warm(demo, tmp_path / "cache")
    entries = _entries(tmp_path / "cache")
    key = entries.read_bytes().split(b" ", 1)[0]
    forged = key + b" " + hashlib.sha256(body).hexdigest().encode() + b" " + body + b"\n"
    entries.write_bytes(forged + entries.read_bytes().split(b"\n", 1)[1])
    cache = CheckCache(tmp_path / "cache")
    assert outcome(demo, cache) == outcome(demo)
    assert len(cache.examined) == 1


def test_a_deleted_file_leaves_the_cache(demo: Path, tmp_path: Path):
    cold_and_warm(demo, tmp_path / "cache")
    lines_before = _entries(tmp_path / "cache").read_bytes().count(b"\n")
    (demo / "data/affairs/2024-canteen-supply.yml").unlink()
    cache = CheckCache(tmp_path / "cache")
    assert outcome(demo, cache) == outcome(demo) and cache.examined == []
    assert _entries(tmp_path / "cache").read_bytes().count(b"\n") == lines_before - 1


def _id_born(born: dt.date) -> str:
    """An ID number, correct in every part, of someone born on `born`."""
    first = f"110105{born:%Y%m%d}123"
    return first + ID_CHECK_CHARACTERS[sum(int(digit) * weight for digit, weight in zip(first, ID_WEIGHTS)) % 11]


def test_a_number_that_becomes_an_id_on_its_birth_date_is_checked_again_that_day(project: Path, tmp_path: Path):
    """Before its birth date a number is not an ID (privacy.py); from that day it is: the entry holds until then."""
    born = dt.date.today() + dt.timedelta(days=40)
    body = project / "data/affairs/sample.yml"
    body.write_text(body.read_text(encoding="utf-8").replace("正文写在这里", f"编号 {_id_born(born)}"), encoding="utf-8")
    cold_and_warm(project, tmp_path / "cache")
    assert outcome(project)[0] == []
    day_before = CheckCache(tmp_path / "cache", today=lambda: born - dt.timedelta(days=1))
    outcome(project, day_before)
    assert day_before.examined == []
    that_day = CheckCache(tmp_path / "cache", today=lambda: born)
    outcome(project, that_day)
    assert that_day.examined == ["data/affairs/sample.yml"]


def check(project: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("SCHOOLPUB_PHOTO_CACHE", "GITHUB_ACTIONS")}
    return subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(project), "check", *args],
                          capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def _without_time(output: str) -> str:
    return output.split("（用时 ")[0]


def test_make_check_prints_the_same_cold_and_warm(demo: Path):
    cold = check(demo)
    assert (demo / ".cache/photos" / f"check-{check_cache.fingerprint()}.jsonl").is_file()
    warm = check(demo)
    assert cold.returncode == warm.returncode == 0
    assert (warm.stderr, _without_time(warm.stdout)) == (cold.stderr, _without_time(cold.stdout))
    assert cold.stdout.startswith("数据检查通过：学校概况 1 份，")


def test_make_check_of_a_bad_project_prints_the_same_cold_and_warm(demo: Path):
    write(demo, "data/affairs/2024-canteen-supply.yml", f"title: 联系 {MOBILE}\ncategory: 食堂\n")
    cold, warm = check(demo), check(demo)
    assert cold.returncode == warm.returncode == 1
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert "共发现 4 处错误，涉及 1 个文件。" in cold.stderr  # three fields missing, one mobile number


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.cn",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=60)


def test_the_staged_check_shares_the_folder_cache_and_still_checks_what_is_staged(tmp_path: Path):
    """The pre-commit check reads the staged files from a snapshot: a fixed file in the folder,
    remembered by `make check`, must not let the staged leak through."""
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    git(repo, "init", "-q")
    git(repo, "add", "data")
    assert git(repo, "commit", "-qm", "clean").returncode == 0
    body = repo / "data/affairs/sample.yml"
    clean = body.read_text(encoding="utf-8")
    body.write_text(clean.replace("正文写在这里", f"联系 {MOBILE}"), encoding="utf-8")
    git(repo, "add", "data")
    staged_cold = check(repo, "--staged", cwd=repo)
    assert staged_cold.returncode == 1 and "data/affairs/sample.yml:11:6: 错误：" in staged_cold.stderr
    entries = repo / ".cache/photos" / f"check-{check_cache.fingerprint()}.jsonl"
    assert entries.is_file()  # the snapshot's check wrote to the folder's cache
    body.write_text(clean, encoding="utf-8")  # fixed in the folder, not staged
    assert check(repo).returncode == 0
    staged_warm = check(repo, "--staged", cwd=repo)
    assert staged_warm.returncode == 1
    assert staged_warm.stderr.startswith(staged_cold.stderr)  # the same problems, then a word on the folder
    assert staged_warm.stderr[len(staged_cold.stderr):].startswith("注意：检查的是将要提交的版本")
    git(repo, "add", "data")
    assert check(repo, "--staged", cwd=repo).returncode == 0


def test_a_new_catalogue_checks_the_disclosures_again_against_it(demo: Path, tmp_path: Path):
    """A disclosure's category is checked against the catalogue in force: its bytes are in the key,
    so a warm check after data/catalogue.yml renames a category says what a fresh check says."""
    cold_and_warm(demo, tmp_path / "cache")
    catalogue = (REPO / "src/schoolpub/catalogues/moe-2010.yml").read_text(encoding="utf-8")
    write(demo, "data/catalogue.yml", catalogue.replace("name: 基本情况", "name: 学校概况"))
    fresh = outcome(demo)
    warm = CheckCache(tmp_path / "cache")
    assert outcome(demo, warm) == fresh
    # every file read after the catalogue again (it is in their keys); school.yml, read before it, is not
    assert sorted(warm.examined) == [file for file in record_files(demo) if file != "data/school.yml"]
    assert any(problem.file == "data/affairs/2025-basic-info.yml"
               and problem.message.startswith("公开类别：只能填本校公开目录 data/catalogue.yml 里的类别之一：学校概况、")
               for problem in fresh[0])
