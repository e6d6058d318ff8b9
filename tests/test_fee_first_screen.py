"""A fee notice's first screen (issue 19, item 6): the term's amounts per grade or for everyone,
when to pay, whom to call. The screen only re-files what fee_totals / fee_grades computed;
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
from schoolpub.views.first_screen import first_screen, payment_time


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
    return [line.item.name for line in lines]


def test_each_grade_shows_the_rows_fee_grades_computed(matrix):
    screen = first_screen(matrix, None)
    assert screen.by_grade and screen.term == "2025-2026 学年第一学期"
    assert list(screen.rows) == views.fee_grades(matrix)


def test_a_grades_items_fall_under_required_voluntary_and_other(matrix):
    block = views.component("components/fee_first_screen.html.j2", summary=first_screen(matrix, None))
    four = block[block.index('<span class="sp-fee-grade__name">四年级</span>'):]
    four = four[:four.index("</details>")]
    assert ('<span>必交 <strong>63</strong> 元</span><span>自愿最多 <strong>315</strong> 元</span>') in four
    assert re.findall(r"<li>(.*?)</li>", four) == [
        '课本费：55 元/生·学期<span class="sp-fee-lines__note">低保家庭子女免收</span>',
        "作业本费：8 元/生·学期",
        "课后服务费：最高 300 元/生·学期（自愿）",
        "英语读物费：15 元/生·学期（自愿）",
        "在校就餐学生另交 伙食费：按实收取，学期结束多退少不补（自愿，没有固定金额，不计入合计）",
        "乘车学生另交 校车费：新生 500、老生 415 元/生·学期（自愿，有几档金额，不计入合计）"]
    one = first_screen(matrix, None).rows[0]
    assert "英语读物费" not in names(one.lines)  # 三至六年级 only


def test_a_notice_without_grades_has_one_row_from_fee_totals(sample):
    screen = first_screen(sample, None)
    totals = views.fee_totals(sample)
    assert not screen.by_grade and screen.rows == (totals.row,)
    assert [(group.payers, group.required) for group in screen.rows[0].groups] == [("住校生", Decimal("400"))]
    assert screen.when == "2025年9月15日开始收费"
    assert [(phone.label, phone.number) for phone in screen.phones] == [
        ("学校", "0571-88001234"), ("区教育局", "0571-88005678"), ("价格举报", "12315")]


def test_when_to_pay_is_never_invented(sample):
    assert payment_time(sample) == "2025年9月15日开始收费"
    no_date = sample.model_copy(update={"collection_start": None})
    assert payment_time(no_date) == "未注明开始收费日期（公示期 2025年9月1日至2025年10月1日）"
    assert payment_time(no_date.model_copy(update={"display": None})) == "未注明"


def test_without_phones_the_screen_says_so(sample):
    summary = dataclasses.replace(first_screen(sample, None), phones=())
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
    block = views.component("components/fee_first_screen.html.j2", summary=first_screen(matrix, None))
    assert "<script" not in block and not re.search(r"\son[a-z]+=", block)  # no script, no inline handler
    assert block.count('<details class="sp-fee-grade" id="sp-grade-') == 6
    assert block.count("<summary>") == 6
