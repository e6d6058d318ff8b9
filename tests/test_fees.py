"""Fee notices in the shapes real schools publish: items without a fixed amount, caps,
several prices, grade × item tables, several bases, filed standards (see FIELD-NOTES.md,
"Real published notices"). Invented school names."""
from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from conftest import MINIMAL, write
from test_views import assert_golden, context

from schoolpub import views
from schoolpub.content.fees import FeeNotice

MATRIX = """\
title: 测试市第二小学2025-2026学年第一学期收费公示
school_year: 2025-2026
term: 第一学期
payers: 一至六年级全体学生
grades: [一年级, 二年级, 三年级, 四年级, 五年级, 六年级]
basis:
  issuer: 测试市教育局、测试市发展和改革委员会
  filed: 是
items:
  - name: 课本费
    kind: 代收费
    prices:
      - {label: 一年级, amount: 32}
      - {label: 二年级, amount: 32}
      - {label: 三年级, amount: 51}
      - {label: 四年级, amount: 55}
      - {label: 五年级, amount: 58}
      - {label: 六年级, amount: 59.5}
    unit: 元/生·学期
    basis:
      - {issuer: 测试市发展和改革委员会, document: 测价费〔2011〕124号}
      - {issuer: 测试市财政局, document: 测财综〔2011〕30号}
      - {issuer: 测试市教育局, document: 测教计〔2011〕30号}
    exemption: 低保家庭子女免收
    refund: 多退少不补
  - name: 作业本费
    kind: 代收费
    amount: 8
    unit: 元/生·学期
    basis: {issuer: 测试市教育局, document: 测教计〔2011〕30号}
  - name: 课后服务费
    kind: 服务性收费
    max_amount: 300
    unit: 元/生·学期
    voluntary: true
  - name: 伙食费
    kind: 其他
    settled: 按实收取，学期结束多退少不补
    voluntary: true
    payers: 在校就餐学生
  - name: 英语读物费
    kind: 代收费
    amount: 15
    unit: 元/生·学期
    voluntary: true
    grades: [三年级, 四年级, 五年级, 六年级]
  - name: 校车费
    kind: 服务性收费
    prices:
      - {label: 新生, amount: 500}
      - {label: 老生, amount: 415}
    unit: 元/生·学期
    voluntary: true
    payers: 乘车学生
reductions: 低保家庭子女免收课本费和作业本费。
refund: 中途转学的按未发放的课本退还。
complaint_phones:
  - label: 区发改局
    number: 8631 0447
  - label: 区财政局
    number: 89858035
  - label: 区教育局
    number: 8631 0283
display:
  start: 2025-08-25
  end: 2025-09-30
issuer: 测试市第二小学
issued: 2025-08-25
"""


@pytest.fixture(scope="module")
def matrix_context(tmp_path_factory):
    root = tmp_path_factory.mktemp("fees") / "project"
    shutil.copytree(MINIMAL, root)
    write(root, "data/fees/matrix.yml", MATRIX)
    return context(root)


def notice(ctx, record_id="matrix") -> FeeNotice:
    return ctx.site.of("fees")[record_id]


def test_matrix_notice_golden(matrix_context):
    assert_golden("fees-matrix.md", views.record_page(matrix_context, "fees", "matrix"))


def test_each_grade_total_is_what_that_grade_pays(matrix_context):
    rows = {row.grade: row for row in views.fee_grades(notice(matrix_context))}
    assert list(rows) == ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
    four = rows["四年级"]
    assert (four.required, four.voluntary) == (Decimal("63"), Decimal("815"))  # 55 + 8; 300 + 15 + 500
    assert four.other == ("伙食费",)
    assert [(item.name, text) for item, text in four.items] == [
        ("课本费", "55 元/生·学期"), ("作业本费", "8 元/生·学期"), ("课后服务费", "最高 300 元/生·学期"),
        ("伙食费", "按实收取，学期结束多退少不补"), ("英语读物费", "15 元/生·学期"),
        ("校车费", "新生 500、老生 415 元/生·学期")]
    one = rows["一年级"]
    assert (one.required, one.voluntary) == (Decimal("40"), Decimal("800"))  # no 英语读物费 in 一年级
    assert rows["六年级"].required == Decimal("67.50")


def test_the_page_answers_what_a_grade_pays(matrix_context):
    page = views.record_page(matrix_context, "fees", "matrix")
    assert ('<tr><th scope="row">四年级</th><td><strong>63</strong> 元</td><td>815 元</td><td>伙食费</td></tr>'
            in page)
    assert ('<summary><span class="sp-fee-grade__name">四年级</span><span class="sp-fee-grade__sums">'
            '<span>必交 <strong>63</strong> 元</span><span>自愿最多 815 元</span></span></summary>') in page
    assert '<p class="sp-card__amount">最高 <strong>300</strong> 元/生·学期</p>' in page
    assert '<strong>无固定金额</strong>　按实收取，学期结束多退少不补' in page
    assert ("测试市发展和改革委员会《测价费〔2011〕124号》；测试市财政局《测财综〔2011〕30号》；"
            "测试市教育局《测教计〔2011〕30号》") in page
    assert "<strong>统一收费依据：</strong>经测试市教育局、测试市发展和改革委员会备案</p>" in page
    assert "<div><dt>免收</dt><dd>低保家庭子女免收</dd></div>" in page
    # the printed grade × item table: blanks where a grade pays nothing
    assert ("<tr><td>一年级</td><td>32</td><td>8</td><td>最高 300</td><td>不定额</td><td>—</td>"
            "<td>新生 500、老生 415</td><td>40</td></tr>") in page


def test_totals_of_a_notice_without_grades_skip_amount_less_items(matrix_context):
    plain = notice(matrix_context).model_copy(update={"grades": None})
    totals = views.fee_totals(plain)
    assert totals.everyone == Decimal("8")  # 课本费 has several prices: not summed
    assert totals.voluntary == Decimal("815")  # 300 (cap) + 15 + 500 (dearest price)
    assert totals.other_units == ("课本费（一年级 32、二年级 32、三年级 51、四年级 55、五年级 58、六年级 59.50 元/生·学期）",
                                  "伙食费（按实收取，学期结束多退少不补）")
    assert views.fee_grades(plain) == []


def test_old_notices_keep_their_shape():
    sample = context().site.of("fees")["sample"]
    assert sample.items[0].bases == [sample.items[0].basis]  # one mapping is still one basis
    assert sample.bases == [] and sample.grades is None
