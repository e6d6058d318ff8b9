"""Fee notices in the shapes real schools publish: items without a fixed amount, caps,
several prices, grade × item tables, several bases, filed standards (see FIELD-NOTES.md,
"Real published notices"). Invented school names."""
from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest

from conftest import MINIMAL, problems_of, write
from test_views import assert_golden, context

from schoolpub import exports, views
from schoolpub.content.fees import FeeItem, FeeNotice

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
    assert (four.required, four.voluntary) == (Decimal("63"), Decimal("315"))  # 55 + 8; 300 (cap) + 15
    assert four.other == ("伙食费", "校车费")  # some pupils only: never in a grade's total
    assert [(item.name, text) for item, text in four.items] == [
        ("课本费", "55 元/生·学期"), ("作业本费", "8 元/生·学期"), ("课后服务费", "最高 300 元/生·学期"),
        ("伙食费", "按实收取，学期结束多退少不补"), ("英语读物费", "15 元/生·学期"),
        ("校车费", "新生 500、老生 415 元/生·学期")]
    assert [(group.payers, [line.item.name for line in group.lines]) for group in four.groups] == [
        ("在校就餐学生", ["伙食费"]), ("乘车学生", ["校车费"])]
    one = rows["一年级"]
    assert (one.required, one.voluntary) == (Decimal("40"), Decimal("300"))  # no 英语读物费 in 一年级
    assert rows["六年级"].required == Decimal("67.5")


def test_the_page_answers_what_a_grade_pays(matrix_context):
    page = views.record_page(matrix_context, "fees", "matrix")
    assert ('<tr><th scope="row">四年级</th><td><strong>63</strong> 元</td><td><strong>315</strong> 元</td>'
            "<td>伙食费、校车费</td></tr>") in page
    assert ('<summary><span class="sp-fee-grade__name">四年级</span><span class="sp-fee-grade__sums">'
            '<span>必交 <strong>63</strong> 元</span><span>自愿最多 <strong>315</strong> 元</span></span></summary>') in page
    assert "<li>乘车学生另交 校车费：新生 500、老生 415 元/生·学期（自愿，有几档金额，不计入合计）</li>" in page
    assert '<p class="sp-card__amount">最高 <strong>300</strong> 元/生·学期</p>' in page
    assert '<strong>无固定金额</strong>　按实收取，学期结束多退少不补' in page
    assert ("测试市发展和改革委员会 测价费〔2011〕124号；测试市财政局 测财综〔2011〕30号；"
            "测试市教育局 测教计〔2011〕30号") in page
    assert "<strong>统一收费依据：</strong>经测试市教育局、测试市发展和改革委员会备案</p>" in page
    assert "<div><dt>免收</dt><dd>低保家庭子女免收</dd></div>" in page
    # the printed grade × item table: blanks where a grade pays nothing
    assert ("<tr><td>一年级</td><td>32</td><td>8</td><td>最高 300</td><td>不定额</td><td>—</td>"
            "<td>新生 500、老生 415</td><td>40</td></tr>") in page


def test_totals_of_a_notice_without_grades_add_up_only_what_can_be(matrix_context):
    plain = notice(matrix_context).model_copy(update={"grades": None})
    totals = views.fee_totals(plain)
    assert totals.everyone is None  # 课本费 has several prices: what every pupil pays cannot be added up
    assert totals.voluntary == Decimal("315")  # 300 (cap) + 15; the bus fee is the riders' own line
    assert totals.some == (("在校就餐学生", Decimal("0")), ("乘车学生", Decimal("0")))  # nothing required of them
    assert totals.other_units == ("课本费（一年级 32、二年级 32、三年级 51、四年级 55、五年级 58、六年级 59.5 元/生·学期：有几档金额）",)
    assert views.fee_grades(plain) == []


def _item(**fields):
    base = {"name": "项目", "kind": "其他"}
    return FeeItem.model_validate({**base, **fields})


def _notice(items, **fields):
    base = {"title": "公示", "school_year": "2025-2026", "term": "第一学期", "items": items, "issued": "2025-08-10"}
    return FeeNotice.model_validate({**base, **fields})


def test_an_item_for_some_pupils_is_never_added_to_every_pupil():
    fees = _notice([{"name": "学费", "kind": "学费", "amount": 850, "unit": "元/生·学期", "payers": "普通高中学生"},
                    {"name": "教材费", "kind": "其他", "amount": 340, "unit": "元/生·学期"}], payers="普通高中学生")
    assert views.fee_totals(fees).everyone == Decimal("1190")  # the notice's own 收费范围: every pupil
    boarding = _notice([{"name": "住宿费", "kind": "住宿费", "amount": 400, "unit": "元/生·学期", "payers": "住校生"},
                        {"name": "教材费", "kind": "其他", "amount": 340, "unit": "元/生·学期"}], payers="全体学生")
    totals = views.fee_totals(boarding)
    assert (totals.everyone, totals.some) == (Decimal("340"), (("住校生", Decimal("400")),))


def test_a_monthly_item_adds_up_only_with_its_months():
    monthly = {"name": "保育教育费", "kind": "保育教育费", "amount": 175, "unit": "元/生·月"}
    assert views.fee_totals(_notice([monthly])).everyone is None  # never "必交 0 元"
    totals = views.fee_totals(_notice([{**monthly, "months": 4.5}]))
    assert totals.everyone == Decimal("787.5")
    assert totals.row.lines[0].text == "175 元/生·月（按 4.5 个月计 787.5 元）"


def test_per_day_per_year_and_amount_less_items_are_listed_with_why():
    totals = views.fee_totals(_notice([
        {"name": "伙食费", "kind": "伙食费", "amount": 8, "unit": "元/天"},
        {"name": "保险费", "kind": "代收费", "amount": 100, "unit": "元/生·年", "voluntary": True},
        {"name": "体检费", "kind": "其他", "unit": "元/次"},
        {"name": "校服费", "kind": "代收费", "amount": 260, "unit": "元/套", "voluntary": True}]))
    assert (totals.everyone, totals.voluntary) == (None, None)
    assert totals.other_units == ("伙食费（8 元/天：按天计费）", "保险费（100 元/生·年：按学年计费）",
                                  "体检费（未注明（元/次）：原公示没有写金额）")


def test_a_whole_year_notice_adds_yearly_items():
    totals = views.fee_totals(_notice([{"name": "学费", "kind": "学费", "amount": 1700, "unit": "元/生·学年"},
                                       {"name": "住宿费", "kind": "住宿费", "amount": 400, "unit": "元/生·学期"}],
                                      term="全学年"))
    assert totals.everyone is None and totals.other_units == ("住宿费（400 元/生·学期：按学期计费）",)


def test_without_a_term_only_items_of_one_shared_period_add_up():
    term = {"name": "住宿费", "kind": "住宿费", "amount": 300, "unit": "每生每学期"}
    practice = {"name": "社会实践活动费", "kind": "其他", "amount": 100, "unit": "元/生·学期"}
    uniform = {"name": "校服费", "kind": "其他", "amount": 690, "unit": "元/套"}
    monthly = {"name": "保育教育费", "kind": "其他", "amount": 175, "unit": "元/生·月", "months": 5}
    shared = _notice([term, practice, uniform, monthly], school_year=None, term=None)
    totals = views.fee_totals(shared)
    # 300 + 100 a term, whichever term; the uniform and the months fall in a term nobody named
    assert [(line.item.name, line.amount, line.reason) for line in totals.row.lines] == [
        ("住宿费", Decimal("300"), None), ("社会实践活动费", Decimal("100"), None),
        ("校服费", None, "一次性收取，原公示没有写学期"), ("保育教育费", None, "按月计费，原公示没有写学期")]
    assert totals.everyone is None and views.fees.totals_heading(shared) == "每学期"
    assert views.fee_totals(_notice([term, practice], school_year=None, term=None)).everyone == Decimal("400")
    mixed = _notice([term, {**practice, "unit": "元/生·学年"}], school_year="2025-2026", term=None)
    assert [line.reason for line in views.fee_totals(mixed).row.lines] == [
        "按学期计费，原公示没有写学期", "按学年计费，原公示没有写学期"]  # two periods: nothing adds up
    assert views.fees.totals_heading(mixed) == "2025-2026 学年" and views.fees.period_word(mixed) is None
    yearly = _notice([{**practice, "unit": "元/生·年"}], school_year="2025-2026", term=None)
    assert views.fee_totals(yearly).everyone == Decimal("100") and views.fees.totals_heading(yearly) == "2025-2026 学年"
    with_term = _notice([term, uniform, monthly])  # a term named: the uniform and its months are in it
    assert views.fee_totals(with_term).everyone == Decimal("300") + 690 + 875


def test_school_year_and_term_read_as_far_as_the_notice_states_them():
    rows = [views.fees.term_row(_notice([{"name": "x", "kind": "其他", "settled": "按实收取"}], **fields))
            for fields in ({}, {"term": None}, {"school_year": None}, {"school_year": None, "term": None})]
    assert rows == ["2025-2026 学年第一学期", "2025-2026 学年（学期未注明）", "第一学期（学年未注明）", "未注明"]


NOT_CHARGED = """\
title: 测试市第三小学2025-2026学年第一学期收费公示
school_year: 2025-2026
term: 第一学期
payers: 一至三年级全体学生
grades: [一年级, 二年级, 三年级]
items:
  - name: 作业本费
    kind: 代收费
    prices:
      - {label: 一年级, amount: 0, shown: 不收}
      - {label: 二年级, amount: 12}
      - {label: 三年级, amount: 0}
    unit: 元/生·学期
    basis: {document: 测价费〔2011〕124号}
  - name: 午托费
    kind: 其他
    prices:
      - {label: 一年级, amount: 0, shown: 免收}
      - {label: 二年级, amount: 150}
      - {label: 三年级, amount: 150}
    unit: 元/生·月
totals:
  - {grade: 一年级, amount: 0}
  - {grade: 二年级, amount: 12}
issuer: 测试市第三小学
issued: 2025-08-25
"""


def test_a_cell_published_as_not_charged_reads_as_published_and_counts_as_nothing(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    write(root, "data/fees/free.yml", NOT_CHARGED)
    assert problems_of(root) == []  # 一年级's 合计 0 is its 不收 + 免收: checked and equal
    ctx = context(root)
    rows = {row.grade: row for row in views.fee_grades(notice(ctx, "free"))}
    one = rows["一年级"]
    assert [(line.text, line.amount, line.reason) for line in one.lines] == [
        ("不收", Decimal("0"), None), ("免收", Decimal("0"), None)]  # 0 a month is 0 a term: no months needed
    assert (one.required, [check.matches for check in one.published]) == (Decimal("0"), [True])
    assert [(line.text, line.reason) for line in rows["三年级"].lines] == [
        ("0 元/生·学期", None), ("150 元/生·月", "按月计费，原公示没有写收取几个月")]  # a printed 0 stays 0
    page = views.record_page(ctx, "fees", "free")
    assert "<li>一年级 <strong>不收</strong></li>" in page and "<li>二年级 <strong>12</strong> 元/生·学期</li>" in page
    assert "<li>三年级 <strong>0</strong> 元/生·学期</li>" in page
    assert "<tr><td>一年级</td><td>不收</td><td>免收</td><td>0</td></tr>" in page  # the printed table, as published
    assert "一年级 不收、二年级 12、三年级 0 元/生·学期" in views.fee_standard(notice(ctx, "free").items[0])
    record = next(r for r in json.loads(exports.fees_json_v2(ctx))["records"] if r["id"] == "free")
    assert record["items"][0]["prices"][0] == {"label": "一年级", "amount": "0.00", "shown": "不收"}


def test_a_published_total_is_shown_when_it_matches_and_refused_when_not(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    write(root, "data/fees/matrix.yml", MATRIX + "totals:\n  - {grade: 四年级, amount: 78}\n  - {grade: 一年级, amount: 340}\n")
    assert problems_of(root) == [
        "data/fees/matrix.yml:71:26: 错误：[收费公示 matrix › totals 第2项 › amount] 一年级：你写的合计 340 元，"
        "按各项目加起来是 40 元（课本费 32 + 作业本费 8），相差 300 元：请核对各项金额和合计是否照原公示录入。"
        "原公示的合计本身算错的，请向学校财务核实后写正确的金额，并在 remarks 里说明。"]  # a cap is never summed
    write(root, "data/fees/matrix.yml", MATRIX + "totals:\n  - {grade: 四年级, amount: 78}\n")
    assert problems_of(root) == []
    page = views.record_page(context(root), "fees", "matrix")
    assert "<li>学校公示的合计：<strong>78</strong> 元（与各项目之和相符）</li>" in page  # 55 + 8 + 15


def test_old_notices_keep_their_shape():
    sample = context().site.of("fees")["sample"]
    assert sample.items[0].bases == [sample.items[0].basis]  # one mapping is still one basis
    assert sample.bases == [] and sample.grades is None
