"""`make new` on the school as it is (issue 23): on a copy of the demo, `schoolpub new KIND` and then
`schoolpub check` passes for every kind, and the command says what it picked and why."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, problems_of, write

from schoolpub import scaffold
from schoolpub.content import RECORD_TYPES

HOW_TO_GO_ON = "请打开它，按注释修改内容；文件名就是网址，可以改成更好记的名字。改完后运行 make check 检查。"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


def schoolpub(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "schoolpub", *args], cwd=root, capture_output=True, text=True)


def new_then_check(root: Path, kind: str, *today: str) -> tuple[list[str], subprocess.CompletedProcess]:
    made = schoolpub(root, "new", kind, *(("--today", *today) if today else ()))
    assert made.returncode == 0, made.stderr
    return made.stdout.splitlines(), schoolpub(root, "check")


@pytest.mark.parametrize("kind", [t.name for t in RECORD_TYPES])
def test_a_new_record_checks_on_the_demo_today(demo: Path, kind: str):
    """With the real date, whatever it is (the demo's records are dated around 2026): not a problem, not a note."""
    made = scaffold.create(demo / "data", kind, dt.date.today())
    new_file = made.path.relative_to(demo).as_posix()
    assert [line for line in problems_of(demo) if "错误" in line or line.startswith(new_file)] == []


EXPECTED = {
    "fees": ["已新建 data/fees/2027-autumn.yml。",
             "这份是 2027-2028 学年第一学期的收费公示（2026-2027 学年第一学期已经有 2026-autumn.yml，公示期到 2026-09-30；"
             "2026-2027 学年第二学期已经有 2027-spring.yml，公示期到 2027-03-10）。开始收费日期先写成 2027-09-01，"
             "公示期从今天开始，请按学校的实际安排修改（公示要比开始收费至少提前 7 天）。要修改已有的公示，"
             "请直接改原来的文件，并删去这个新文件。"],
    "festivals": ["已新建 data/festivals/2026-sports.yml。",
                  "2026 年已经有艺术节、读书节、象棋节、劳动周，这份写成了 2026 年第 10 届体育节（上一届是 2025-sports.yml "
                  "第 9 届）。要写别的活动，请改 kind、year、start 和 edition，日期按学校的实际安排修改。"],
    "regulations": ["已新建 data/regulations/2026-12-06.yml。",
                    "文号先写成 示实小〔2026〕16号（2026 年已经用到第 15 号），请改成学校发文的实际文号；"
                    "没有文号就删掉 number 这一行。"],
    "affairs": ["已新建 data/affairs/2026-12-06.yml。"],
    "honors": ["已新建 data/honors/2026-12-06.yml。"],
}


@pytest.mark.parametrize("kind", [t.name for t in RECORD_TYPES])
def test_new_says_what_it_picked_on_the_day_of_issue_23(demo: Path, kind: str):
    """2026-12-06: the demo's 2027-spring.yml already covers the coming term, its 2026 艺术节 is held."""
    said, check = new_then_check(demo, kind, "2026-12-06")
    assert said == EXPECTED[kind] + [HOW_TO_GO_ON]
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_fee_notice_follows_the_school_term_and_payers(demo: Path):
    made = scaffold.create(demo / "data", "fees", dt.date(2026, 12, 6))
    text = made.path.read_text(encoding="utf-8")
    assert "title: 2027-2028学年第一学期收费公示\nschool_year: 2027-2028 " in text
    assert "\nterm: 第一学期 " in text and "\npayers: 一至六年级全体学生 " in text
    assert "\ncollection_start: 2027-09-01 " in text and "\n  start: 2026-12-06\n  end: 2027-10-01\n" in text
    assert "\nissuer: 示例市实验小学 " in text and "{{" not in text


@pytest.mark.parametrize("today, record_id", [
    ("2026-08-10", "2027-autumn"),  # the demo covers 2024-2025 to 2026-2027: the first term after
    ("2027-01-15", "2027-autumn"),
    ("2027-10-08", "2027-autumn"),  # the term of the day itself, not yet covered
    ("2030-02-01", "2030-spring"),
])
def test_any_day_gives_a_fee_notice_that_checks(demo: Path, today: str, record_id: str):
    made = scaffold.create(demo / "data", "fees", dt.date.fromisoformat(today))
    assert made.path.name == f"{record_id}.yml"
    assert [line for line in problems_of(demo) if "错误" in line] == []


def test_a_term_without_a_notice_is_filled_first(demo: Path):
    (demo / "data" / "fees" / "2026-spring.yml").unlink()
    made = scaffold.create(demo / "data", "fees", dt.date(2026, 1, 20))
    assert made.path.name == "2026-spring.yml"
    assert made.note.startswith("这份是 2025-2026 学年第二学期的收费公示。开始收费日期先写成 2026-03-01，")
    assert [line for line in problems_of(demo) if "错误" in line] == []


def test_a_festival_without_room_for_its_edition_number_leaves_it_out(project: Path):
    write(project, "data/festivals/art-2027.yml", "kind: 艺术节\nyear: 2027\nedition: 2\ntheme: 新的一届\n"
                                                   "start: 2027-05-10\nend: 2027-05-20\n")
    made = scaffold.create(project / "data", "festivals", dt.date(2026, 3, 2))
    assert made.note == ("这份写成了 2026 年不写届次的艺术节。要写别的活动，请改 kind、year、start 和 edition，"
                         "日期按学校的实际安排修改。")
    assert "\n# edition: 1 " in made.path.read_text(encoding="utf-8")
    assert problems_of(project) == []


def test_when_every_festival_is_held_this_year_nothing_is_written(project: Path):
    for _ in range(5):  # the minimal school holds its 艺术节 in 2025; each new one takes the next free kind
        scaffold.create(project / "data", "festivals", dt.date(2025, 10, 8))
    before = sorted(path.name for path in (project / "data" / "festivals").iterdir())
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.create(project / "data", "festivals", dt.date(2025, 10, 8))
    assert str(refused.value) == ("2025 年的艺术节、体育节、科技节、读书节、象棋节、劳动周都已经有记录了，新建的活动一定会和它们重复。"
                                  "要补充已有的一届，请直接修改那个文件；要记录学校自己的活动（例如 英语节），"
                                  "请复制一个活动文件，把 kind 改成活动的名称。")
    assert sorted(path.name for path in (project / "data" / "festivals").iterdir()) == before
    assert problems_of(project) == []


def test_payers_that_plain_yaml_would_misread_are_quoted(project: Path):
    sample = project / "data" / "fees" / "sample.yml"
    sample.write_text(sample.read_text(encoding="utf-8").replace(
        "payers: 一至六年级全体学生 ", 'payers: "住校生: 一至六年级" '), encoding="utf-8")
    made = scaffold.create(project / "data", "fees", dt.date(2026, 3, 2))
    assert '\npayers: "住校生: 一至六年级" ' in made.path.read_text(encoding="utf-8")
    assert made.path.name == "2026-autumn.yml"  # 2025-2026 第二学期 is the sample's, for the same payers
    assert problems_of(project) == []


def test_the_school_name_stands_in_the_new_records(project: Path):
    school = project / "data" / "school.yml"
    name = next(line for line in school.read_text(encoding="utf-8").splitlines() if line.startswith("name:"))
    school.write_text(school.read_text(encoding="utf-8").replace(name, 'name: "测试市第一小学 #东校区"'), encoding="utf-8")
    fees = scaffold.create(project / "data", "fees", dt.date(2026, 3, 2)).path.read_text(encoding="utf-8")
    rules = scaffold.create(project / "data", "regulations", dt.date(2026, 3, 2)).path.read_text(encoding="utf-8")
    assert '\nissuer: "测试市第一小学 #东校区" ' in fees
    assert '\ntitle: "测试市第一小学 #东校区家校沟通制度"\n' in rules
    assert problems_of(project) == []
