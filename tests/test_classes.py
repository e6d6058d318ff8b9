"""Class names in one form (三年级（2）班): the table of what is rewritten and what is kept,
and one class typed two ways staying one class on the page, in honors.json and honors.csv."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from conftest import write

from schoolpub import exports, views
from schoolpub.classes import canonical_class
from schoolpub.context import Context
from schoolpub.loader import load_site


@pytest.mark.parametrize("typed, canonical", [
    ("三年级（2）班", "三年级（2）班"),
    ("三年级2班", "三年级（2）班"),
    ("三年级(2)班", "三年级（2）班"),
    ("三年级（２）班", "三年级（2）班"),
    ("三年级 ( 2 ) 班", "三年级（2）班"),
    ("三年级02班", "三年级（2）班"),
    ("3年级2班", "三年级（2）班"),
    ("３年级（2）班", "三年级（2）班"),
    ("三(2)班", "三年级（2）班"),
    ("三（2）班", "三年级（2）班"),
    ("三年级二班", "三年级（2）班"),
    ("三年级十二班", "三年级（12）班"),
    ("六年级二十班", "六年级（20）班"),
    ("九年级二十三班", "九年级（23）班"),
    ("七年级3班", "七年级（3）班"),
    ("初一（3）班", "初一（3）班"),
    ("初一3班", "初一（3）班"),
    ("初一(10)班", "初一（10）班"),
    ("初一三班", "初一（3）班"),
    ("高二3班", "高二（3）班"),
    ("高三(3)班", "高三（3）班"),
    ("大(2)班", "大（2）班"),
    ("中2班", "中（2）班"),
    ("小一班", "小（1）班"),
])
def test_a_class_typed_any_common_way_reads_in_one_form(typed, canonical):
    assert canonical_class(typed) == canonical


@pytest.mark.parametrize("kept", [
    "103班",  # a school's own numbering: grade 1 class 3, or class 103?
    "2023级3班", "初2025届3班",
    "三2班",  # not a form notices use
    "初2班", "高23班",  # grade or class? a guess
    "初三班",  # 初三 with no class number, or 初中 class 3
    "大班", "中班", "小班", "托班",  # a whole year group of a kindergarten
    "三年级", "初一年级",  # a grade, not a class
    "三年级（0）班", "三年级（100）班", "三年级一二班",  # not a class number
    "三年级（2）班代表队", "四年级（1）班中队辅导员",  # a collective's own name, as its school writes it
    "语文", "数学组", "民乐社团", "示例市实验小学",
])
def test_what_is_not_plainly_one_class_is_kept_as_typed(kept):
    assert canonical_class(kept) == kept


MIXED = """\
title: 2026年度美德少年
date: 2026-06-20
issuer: 测试市第一小学
level: 校级
guardian_consent: true
groups:
  - award: 美德少年
    recipient_kind: 学生
    recipients:
      - unit: 三年级2班
        names: 王小琪 张悦
      - unit: 三年级（2）班
        name: 李明轩
      - unit: 3年级(2)班
        name: 赵敏
  - award: 先进班集体
    recipient_kind: 集体
    recipients:
      - names: 三年级2班 四年级(1)班
"""


def test_one_class_typed_three_ways_is_one_group_on_the_page_and_in_open_data(project: Path):
    write(project, "data/honors/2026-virtue.yml", MIXED)
    site, problems = load_site(project / "data")
    assert not problems, problems.report()
    context = Context(site=site, today=dt.date(2026, 11, 23), site_url="https://example.edu.cn/")

    page = views.record_page(context, "honors", "2026-virtue")
    assert page.count('<p class="sp-honor-unit__name">') == 1
    assert '<p class="sp-honor-unit__name">三年级（2）班<span class="sp-honor-unit__count">4 人</span></p>' in page
    assert "<li>三年级（2）班</li>" in page and "<li>四年级（1）班</li>" in page
    assert "三年级2班" not in page and "(2)" not in page and "(1)" not in page

    record = next(r for r in json.loads(exports.section_json(context, "honors"))["records"] if r["id"] == "2026-virtue")
    pupils = record["groups"][0]["recipients"]
    assert [(p["name"], p["unit"]) for p in pupils] == [
        ("王*琪", "三年级（2）班"), ("张*", "三年级（2）班"), ("李*轩", "三年级（2）班"), ("赵*", "三年级（2）班")]
    assert [p["name"] for p in record["groups"][1]["recipients"]] == ["三年级（2）班", "四年级（1）班"]

    rows = [row for row in csv.reader(io.StringIO(exports.honors_csv(context).decode("utf-8-sig")))
            if row[0] == "2026-virtue"]
    assert [(row[6], row[7]) for row in rows] == [
        ("王*琪", "三年级（2）班"), ("张*", "三年级（2）班"), ("李*轩", "三年级（2）班"), ("赵*", "三年级（2）班"),
        ("三年级（2）班", ""), ("四年级（1）班", "")]


FESTIVAL_RESULTS = """\
results:
  - item: 合唱比赛
    award: 一等奖
    winner: 初一8班 初一(3)班
"""


def test_tied_classes_of_a_festival_result_read_in_one_form(project: Path):
    festival = next((project / "data/festivals").glob("*.yml"))
    text = festival.read_text(encoding="utf-8")
    head = text.split("\nresults:", 1)[0] if "\nresults:" in text else text
    write(project, f"data/festivals/{festival.name}", head.rstrip("\n") + "\n" + FESTIVAL_RESULTS)
    site, problems = load_site(project / "data")
    assert not problems, problems.report()
    record = site.of("festivals")[festival.stem]
    assert [person.name for person in record.results[0].group(0).people] == ["初一（8）班", "初一（3）班"]
