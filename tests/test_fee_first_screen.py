"""A fee notice's first screen (issue 19, item 6): the term's amounts per grade or for everyone,
when to pay, whom to call. The summary only re-files what fee_totals / fee_grades computed;
the whole block is pinned by the goldens tests/golden/fees-matrix.md and fees-sample.md."""
from __future__ import annotations

import dataclasses
import re
import shutil
from decimal import Decimal

import pytest

from conftest import MINIMAL, write
from test_fees import MATRIX
from test_views import context

from schoolpub import views
from schoolpub.views.fee_summary import fee_summary, payment_time


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    root = tmp_path_factory.mktemp("first-screen") / "project"
    shutil.copytree(MINIMAL, root)
    write(root, "data/fees/matrix.yml", MATRIX)
    return context(root).site.of("fees")["matrix"]


@pytest.fixture(scope="module")
def sample():
    return context().site.of("fees")["sample"]


def names(lines) -> list[str]:
    return [line.name for line in lines]


def test_each_grade_shows_the_figures_fee_grades_computed(matrix):
    summary = fee_summary(matrix)
    rows = views.fee_grades(matrix)
    assert summary.by_grade and summary.term == "2025-2026 学年第一学期"
    assert [(g.name, g.required, g.voluntary, g.other) for g in summary.groups] == \
        [(r.grade, r.required, r.voluntary, r.other) for r in rows]


def test_a_grades_items_fall_under_required_voluntary_and_other(matrix):
    four = {group.name: group for group in fee_summary(matrix).groups}["四年级"]
    assert (four.required, four.voluntary) == (Decimal("63"), Decimal("815"))
    assert [(line.name, line.standard, line.exemption) for line in four.required_lines] == [
        ("课本费", "55 元/生·学期", "低保家庭子女免收"), ("作业本费", "8 元/生·学期", "")]
    assert names(four.voluntary_lines) == ["课后服务费", "英语读物费", "校车费"]
    assert four.voluntary_lines[2].payers == "乘车学生"
    assert [(line.name, line.standard, line.payers) for line in four.other_lines] == [
        ("伙食费", "按实收取，学期结束多退少不补", "在校就餐学生")]
    one = fee_summary(matrix).groups[0]
    assert "英语读物费" not in names(one.voluntary_lines)  # 三至六年级 only


def test_a_notice_without_grades_has_one_group_from_fee_totals(sample):
    summary = fee_summary(sample)
    totals = views.fee_totals(sample)
    assert not summary.by_grade
    (group,) = summary.groups
    assert (group.name, group.required, group.some, group.voluntary, group.other) == \
        ("全体学生", totals.everyone, totals.some, totals.voluntary, totals.other_units)
    assert group.some == (("住校生", Decimal("400")),)
    assert summary.when == "2025年9月15日开始收费"
    assert [(phone.label, phone.number) for phone in summary.phones] == [
        ("学校", "0571-88001234"), ("区教育局", "0571-88005678"), ("价格举报", "12315")]


def test_when_to_pay_is_never_invented(sample):
    assert payment_time(sample) == "2025年9月15日开始收费"
    no_date = sample.model_copy(update={"collection_start": None})
    assert payment_time(no_date) == "未注明开始收费日期（公示期 2025年9月1日至2025年10月1日）"
    assert payment_time(no_date.model_copy(update={"display": None})) == "未注明"


def test_without_phones_the_screen_says_so(sample):
    summary = dataclasses.replace(fee_summary(sample), phones=())
    block = views.component("components/fee_first_screen.html.j2", summary=summary)
    assert "<div><dt>投诉电话</dt><dd>未注明</dd></div>" in block
    assert "tel:" not in block


def test_the_first_screen_comes_right_after_the_title(sample):
    page = views.record_page(context(), "fees", "sample")
    title = page.index("\n# ")
    first = page.index('<section class="sp-fee-first sp-screen-only"')
    assert page.index("\n", title + 1) < first < page.index('<p class="sp-dates">') < page.index("## 收费项目")
    assert '<a href="tel:057188001234">学校 <span class="sp-fee-first__number">0571-88001234</span></a>' in page


def test_the_grade_picker_needs_no_script(matrix):
    block = views.component("components/fee_first_screen.html.j2", summary=fee_summary(matrix))
    assert "<script" not in block and not re.search(r"\son[a-z]+=", block)  # no script, no inline handler
    assert block.count('<details class="sp-fee-grade" id="sp-grade-') == 6
    assert block.count("<summary>") == 6
