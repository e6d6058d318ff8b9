"""Festival results that name pupils: masked as honour lists are, with consent, everywhere they are shown.

The record is written into a copy of the minimal project; its page is pinned by
tests/golden/festivals-results.md. The demo's pupils' result (data/festivals/
2024-science.yml) is checked in the real build by tests/test_build.py.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import markdown
import pytest

from conftest import problems_of, write
from test_views import assert_golden

from schoolpub import exports, views
from schoolpub.context import Context
from schoolpub.loader import load_site

FESTIVAL = """\
kind: 科技节
year: 2025
edition: 3
theme: 科学点亮梦想
start: 2025-11-10
end: 2025-11-14
results:
  - item: 纸桥承重挑战赛
    winner: 四年级（2）班代表队
    award: 一等奖
  - item: 科幻画（三、四年级组）
    award: 一等奖
    recipient_kind: 学生
    recipients:
      - unit: 三年级（4）班
        names: 林晓雨 陈思远、李明轩
      - name: 王　琪
        unit: 三年级（5）班
      - name: 欧阳 子轩
        unit: 三年级（5）班
      - name: 迪丽娜尔•艾力
        unit: 四年级（1）班
  - item: 科技辅导
    award: 优秀辅导教师
    recipient_kind: 教师
    recipients:
      - name: 黄淑芬
        unit: 科学
guardian_consent: true
"""

FULL_NAMES = ["林晓雨", "陈思远", "李明轩", "王琪", "王　琪", "欧阳子轩", "欧阳 子轩", "迪丽娜尔", "艾力"]
MASKED_ROW = ("| 科幻画（三、四年级组） | 三年级（4）班 林\\*雨、陈\\*远、李\\*轩；三年级（5）班 王\\*、欧阳\\*\\*；"
              "四年级（1）班 迪\\*\\*\\*·\\*\\* | 一等奖 |")


@pytest.fixture
def festival(project: Path) -> Path:
    write(project, "data/festivals/2025-science.yml", FESTIVAL)
    return project


def context(root: Path) -> Context:
    site, problems = load_site(root / "data")
    assert not problems, problems.report()
    return Context(site=site, today=dt.date(2025, 11, 20), site_url="https://example.edu.cn/")


def page_of(root: Path) -> str:
    return views.record_page(context(root), "festivals", "2025-science")


def test_pupils_are_masked_on_the_page_padding_and_all(festival: Path):
    page = page_of(festival)
    assert MASKED_ROW + "\n" in page
    assert "| 纸桥承重挑战赛 | 四年级（2）班代表队 | 一等奖 |\n" in page
    assert "| 科技辅导 | 科学 黄淑芬 | 优秀辅导教师 |\n" in page  # teachers are named, as on honour lists
    assert '<p class="sp-note">为保护未成年人隐私，学生姓名按学校规定打码显示。</p>' in page
    html = markdown.Markdown(extensions=["tables", "md_in_html"]).convert(page)
    assert ("<td>三年级（4）班 林*雨、陈*远、李*轩；三年级（5）班 王*、欧阳**；四年级（1）班 迪***·**</td>") in html
    for name in FULL_NAMES:
        assert name not in page, name


def test_page_golden(festival: Path):
    assert_golden("festivals-results.md", page_of(festival))


def test_open_data_shows_each_result_as_the_page_does(festival: Path):
    data = json.loads(exports.section_json(context(festival), "festivals"))
    record = next(record for record in data["records"] if record["id"] == "2025-science")
    assert record["name_display"] == "masked" and "guardian_consent" not in record
    assert record["results"] == [
        {"item": "纸桥承重挑战赛", "winner": "四年级（2）班代表队", "award": "一等奖", "recipient_kind": None,
         "recipients": [], "winners": ["四年级（2）班代表队"]},
        {"item": "科幻画（三、四年级组）", "award": "一等奖", "recipient_kind": "学生",
         "winner": "三年级（4）班 林*雨、陈*远、李*轩；三年级（5）班 王*、欧阳**；四年级（1）班 迪***·**",
         "recipients": [{"name": "林*雨", "unit": "三年级（4）班"}, {"name": "陈*远", "unit": "三年级（4）班"},
                        {"name": "李*轩", "unit": "三年级（4）班"}, {"name": "王*", "unit": "三年级（5）班"},
                        {"name": "欧阳**", "unit": "三年级（5）班"}, {"name": "迪***·**", "unit": "四年级（1）班"}],
         "winners": []},
        {"item": "科技辅导", "winner": "科学 黄淑芬", "award": "优秀辅导教师", "recipient_kind": "教师",
         "recipients": [{"name": "黄淑芬", "unit": "科学"}], "winners": []}]


def test_no_export_carries_a_pupils_full_name(festival: Path):
    files = exports.all_exports(context(festival))
    assert set(files) >= {"feeds/all.xml", "feeds/festivals.xml", "data/v1/festivals.json", "calendar/festivals.ics"}
    for path, content in files.items():
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        assert not [name for name in FULL_NAMES if name in text], path


def test_class_only_shows_each_class_and_needs_no_consent(festival: Path):
    path = festival / "data/festivals/2025-science.yml"
    path.write_text(FESTIVAL.replace("guardian_consent: true", "name_display: class_only"), encoding="utf-8")
    assert problems_of(festival) == []
    page = page_of(festival)
    assert ("| 科幻画（三、四年级组） | 三年级（4）班 3 人；三年级（5）班 2 人；四年级（1）班 1 人 | 一等奖 |\n") in page
    assert "学生姓名按学校规定只显示班级。" in page
    data = json.loads(exports.section_json(context(festival), "festivals"))["records"][0]
    assert data["name_display"] == "class_only"
    assert [person["name"] for person in data["results"][1]["recipients"]] == ["三年级（4）班同学"] * 3 + \
        ["三年级（5）班同学"] * 2 + ["四年级（1）班同学"]


def test_full_names_are_shown_without_their_padding(festival: Path):
    path = festival / "data/festivals/2025-science.yml"
    path.write_text(FESTIVAL.replace("guardian_consent: true", "name_display: full\nguardian_consent: true"),
                    encoding="utf-8")
    page = page_of(festival)
    assert ("| 科幻画（三、四年级组） | 三年级（4）班 林晓雨、陈思远、李明轩；三年级（5）班 王琪、欧阳子轩；"
            "四年级（1）班 迪丽娜尔·艾力 | 一等奖 |\n") in page
    assert "王　琪" not in page and "欧阳 子轩" not in page and "sp-note" not in page


def test_collective_results_alone_need_no_consent_and_add_no_privacy_note(festival: Path):
    collective = FESTIVAL[:FESTIVAL.index("  - item: 科幻画")]
    (festival / "data/festivals/2025-science.yml").write_text(collective, encoding="utf-8")
    page = page_of(festival)
    assert "| 纸桥承重挑战赛 | 四年级（2）班代表队 | 一等奖 |\n" in page and "sp-note" not in page
