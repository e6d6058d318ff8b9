"""Honour decisions with several award groups, candidate lists on display, long lists.

The records are written into a copy of the minimal project (tests/fixtures/minimal),
so the shared goldens of that project stay as they are; the pages of these records
are pinned by their own goldens (tests/golden/honors-decision.md, …).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import time
from pathlib import Path

import pytest

from conftest import REPO, problems_of, write
from test_views import assert_golden

from schoolpub import exports, views
from schoolpub.content.honors import Recipient
from schoolpub.context import Context
from schoolpub.loader import load_site

DECISION = """\
title: 关于表彰2025—2026学年度三好学生、优秀学生干部和先进班集体的决定
date: 2026-06-20
issuer: 测试市第一小学
level: 校级
display:
  start: 2026-06-12
  end: 2026-06-18
guardian_consent: true
groups:
  - award: 三好学生
    recipient_kind: 学生
    recipients:
      - unit: 三年级（1）班
        names: 王小琪 张悦、欧阳娜娜
      - unit: 三年级（2）班
        names: 迪丽娜尔·艾力  李明轩
  - award: 优秀学生干部
    recipient_kind: 学生
    recipients:
      - name: 司马光明
        unit: 四年级（1）班
  - award: 先进班集体
    recipient_kind: 集体
    recipients:
      - names: 三年级（1）班 四年级（3）班
  - award: 学科竞赛指导奖
    recipient_kind: 教师
    recipients:
      - name: 黄淑芬
        unit: 数学
        award: 一等奖
"""

CANDIDATES = """\
title: 2026年度“美德少年”拟表彰名单公示
date: 2026-11-20
issuer: 测试市第一小学
level: 校级
stage: 公示
display:
  start: 2026-11-20
  end: 2026-11-27
objection_phones:
  - label: 学校德育处
    number: 0571-88001238
guardian_consent: true
recipient_kind: 学生
award: 美德少年
recipients:
  - name: 王小琪
    unit: 三年级（2）班
  - name: 赵敏
    unit: 四年级（1）班
"""

PUPILS = ["王小琪", "张悦", "欧阳娜娜", "迪丽娜尔·艾力", "李明轩", "司马光明"]


@pytest.fixture
def honours(project: Path) -> Path:
    write(project, "data/honors/2026-merit.yml", DECISION)
    write(project, "data/honors/2026-virtue.yml", CANDIDATES)
    return project


def context(root: Path, today: dt.date = dt.date(2026, 11, 23)) -> Context:
    site, problems = load_site(root / "data")
    assert not problems, problems.report()
    return Context(site=site, today=today, site_url="https://example.edu.cn/")


def test_both_shapes_are_valid(honours: Path):
    assert problems_of(honours) == []
    site = context(honours).site
    decision = site.of("honors")["2026-merit"]
    assert [(g.award, g.recipient_kind, len(g.people)) for g in decision.award_groups()] == [
        ("三好学生", "学生", 5), ("优秀学生干部", "学生", 1), ("先进班集体", "集体", 2), ("学科竞赛指导奖", "教师", 1)]
    assert decision.kinds == ["学生", "集体", "教师"] and decision.stage == "表彰"
    single = site.of("honors")["sample"]
    assert [(g.award, g.recipient_kind, len(g.people)) for g in single.award_groups()] == [(None, "学生", 2)]


@pytest.mark.parametrize("line, names", [
    ("王小琪 张悦、欧阳娜娜", ["王小琪", "张悦", "欧阳娜娜"]),
    ("王小琪，张悦,李明轩；赵敏　 钱多多\t孙悟空", ["王小琪", "张悦", "李明轩", "赵敏", "钱多多", "孙悟空"]),
    ("迪丽娜尔·艾力", ["迪丽娜尔·艾力"]),
])
def test_a_names_line_is_split_on_spaces_and_enumeration_commas(line, names):
    assert Recipient(names=line).split_names() == names


def test_decision_page_golden(honours: Path):
    assert_golden("honors-decision.md", views.record_page(context(honours), "honors", "2026-merit"))


def test_decision_page_masks_every_pupil_and_shows_adults_and_classes(honours: Path):
    page = views.record_page(context(honours), "honors", "2026-merit")
    assert [name for name in PUPILS if name in page] == []
    for shown in ("<li>王*琪</li>", "<li>欧阳**</li>", "<li>迪***·**</li>", "<li>司马**</li>", "<li>三年级（1）班</li>",
                  "<td>黄淑芬</td>"):
        assert shown in page
    assert "## 三好学生（5 人）" in page and "## 先进班集体（2 个）" in page
    assert page.count('class="sp-note"') == 1


def test_class_only_shows_each_class_and_its_count(honours: Path):
    write(honours, "data/honors/2026-merit.yml", DECISION.replace("guardian_consent: true", "name_display: class_only"))
    page = views.record_page(context(honours), "honors", "2026-merit")
    assert [name for name in PUPILS if name in page] == []
    assert '三年级（1）班<span class="sp-honor-unit__count">3 人</span>' in page
    assert "<li>三年级（1）班同学</li>" not in page  # counts, not a list of "…同学"


def test_candidate_list_states_follow_the_day(honours: Path):
    def state(day):
        page = views.record_page(context(honours, day), "honors", "2026-virtue")
        return page.split('<p class="sp-state', 1)[1].split("</p>", 1)[0]
    assert state(dt.date(2026, 11, 19)).startswith(' sp-state--upcoming"><strong>未开始</strong>')
    assert state(dt.date(2026, 11, 27)) == (
        ' sp-state--current"><strong>公示中</strong>　拟表彰名单公示期 2026-11-20 至 2026-11-27。'
        '如有异议，请在 2026-11-27（含当天）前联系：学校德育处 <a href="tel:057188001238">0571-88001238</a>。')
    assert state(dt.date(2026, 11, 28)).startswith(' sp-state--expired"><strong>公示期已结束</strong>')
    decided = views.record_page(context(honours), "honors", "2026-merit")
    assert '<strong>已表彰</strong>　拟表彰名单已于 2026-06-12 至 2026-06-18 公示' in decided


def test_candidate_page_golden(honours: Path):
    assert_golden("honors-candidates.md", views.record_page(context(honours), "honors", "2026-virtue"))


def test_candidate_list_is_on_the_home_page_only_while_on_display(honours: Path):
    def on_display(day):
        home = views.home(context(honours, day))
        return "2026-virtue" in home.split("## 正在公示", 1)[1].split("## ", 1)[0]
    assert [on_display(dt.date(2026, 11, d)) for d in (19, 20, 27, 28)] == [False, True, True, False]
    home = views.home(context(honours, dt.date(2026, 6, 15)))  # a decided list is never "on display"
    assert "2026-merit" not in home.split("## 正在公示", 1)[1].split("## ", 1)[0]


def test_index_lists_a_decision_once_with_its_awards(honours: Path):
    index = views.section_index(context(honours), "honors")
    assert_golden("honors-index-groups.md", index)
    by_year = index.split('=== "按级别"')[0]
    assert by_year.count("(2026-merit/index.md)") == 1
    assert "2026-06-20 · 校级 · 学生、集体、教师 · 三好学生、优秀学生干部、先进班集体、学科竞赛指导奖" in by_year
    assert "拟表彰名单公示" in by_year
    assert "[荣誉榜](honors/index.md)（3 条）" in views.home(context(honours))  # one record, not one per award


def test_pupils_pages_stay_out_of_search(honours: Path):
    write(honours, "data/honors/2026-teachers.yml", DECISION.split("  - award: 三好学生")[0].replace(
        "guardian_consent: true\n", "") + DECISION.split("  - award: 先进班集体")[1].join(["  - award: 先进班集体", ""]))
    ctx = context(honours)
    assert views.front_matter(ctx, "honors", "2026-merit")["search"] == {"exclude": True}
    assert views.front_matter(ctx, "honors", "2026-virtue")["search"] == {"exclude": True}
    assert "search" not in views.front_matter(ctx, "honors", "2026-teachers")  # classes and teachers only


def test_open_data_carries_groups_with_masked_names(honours: Path):
    ctx = context(honours)
    data = {r["id"]: r for r in json.loads(exports.section_json(ctx, "honors"))["records"]}
    decision = data["2026-merit"]
    assert [(g["award"], g["recipient_kind"], g["count"]) for g in decision["groups"]] == [
        ("三好学生", "学生", 5), ("优秀学生干部", "学生", 1), ("先进班集体", "集体", 2), ("学科竞赛指导奖", "教师", 1)]
    assert [p["name"] for p in decision["groups"][0]["recipients"]] == ["王*琪", "张*", "欧阳**", "迪***·**", "李*轩"]
    assert decision["recipient_kind"] is None and decision["award"] is None  # mixed kinds: read groups
    assert [(p["name"], p["award"]) for p in decision["recipients"]][-3:] == [
        ("三年级（1）班", "先进班集体"), ("四年级（3）班", "先进班集体"), ("黄淑芬", "一等奖")]
    assert decision["stage"] == "表彰" and "guardian_consent" not in decision
    candidates = data["2026-virtue"]
    assert candidates["stage"] == "公示" and candidates["display"] == {"start": "2026-11-20", "end": "2026-11-27"}
    assert candidates["objection_phones"] == [{"label": "学校德育处", "number": "0571-88001238"}]
    assert [p["name"] for p in candidates["recipients"]] == ["王*琪", "赵*"]  # v1 readers see the same as before
    assert candidates["groups"][0]["award"] == "美德少年"
    rows = list(csv.reader(io.StringIO(exports.honors_csv(ctx).decode("utf-8-sig"))))
    merit = [row for row in rows if row[0] == "2026-merit"]
    assert [(r[5], r[6], r[8], r[10], r[11]) for r in merit][:2] == [
        ("学生", "王*琪", "三好学生", "三好学生", "表彰"), ("学生", "张*", "三好学生", "三好学生", "表彰")]
    assert len(merit) == 9 and merit[-1][5:9] == ["教师", "黄淑芬", "数学", "一等奖"]
    assert {r[11] for r in rows if r[0] == "2026-virtue"} == {"公示"}
    summary = exports.summary(ctx.site.of("honors")["2026-merit"], "honors")
    assert "奖项：三好学生（5 人）、优秀学生干部（1 人）、先进班集体（2 个）、学科竞赛指导奖（1 人）" in summary
    every = "".join(str(v) for v in exports.all_exports(ctx).values())
    assert [name for name in PUPILS if name in every] == []


def test_a_500_name_decision_checks_and_renders_quickly(project: Path):
    """A list of 500 is normal: `make check` and the page stay well under a second each."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_demo_honors", REPO / "scripts/make_demo_honors.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    write(project, "data/honors/2026-big.yml", module.decision(500))
    started = time.perf_counter()
    ctx = context(project)
    checked = time.perf_counter() - started
    started = time.perf_counter()
    page = views.record_page(ctx, "honors", "2026-big")
    rendered = time.perf_counter() - started
    assert "## 三好学生（500 人）" in page and page.count("<li>") >= 500
    assert checked < 3 and rendered < 1, (checked, rendered)
