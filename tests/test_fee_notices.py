"""Real published fee notices typed as published (invented school names, the same numbers; sources in
tests/fixtures/fee_notices/README.md): each passes the check, and its page states the source's numbers
line by line, totals only where the source's items add up."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

import feedparser

import pytest

from conftest import MINIMAL, TESTS
from test_views import assert_golden, context

from schoolpub import exports, views
from schoolpub.loader import load_site

NOTICES = TESTS / "fixtures" / "fee_notices"
IDS = sorted(path.stem for path in NOTICES.glob("*.yml"))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("real-notices") / "project"
    shutil.copytree(MINIMAL, root)
    for path in NOTICES.glob("*.yml"):
        shutil.copyfile(path, root / "data" / "fees" / path.name)
    return root


@pytest.fixture(scope="module")
def pages(project):
    ctx = context(project)
    return {record_id: views.record_page(ctx, "fees", record_id) for record_id in IDS}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_every_real_notice_passes_the_check_with_compliance_notes_only(project):
    _, problems = load_site(project / "data")
    assert problems.sorted() == []
    noted = {problem.file.rsplit("/", 1)[-1][:-4] for problem in problems.notices}
    assert noted == set(IDS)  # every one of them leaves out something the rules ask for


def test_kindergarten_monthly_fee_is_never_a_zero_total(pages):
    page = pages["kindergarten-monthly"]
    assert "<strong>175</strong> 元/月</p>" in page  # 保育教育费 175元/月
    assert "<strong>90</strong> 元/学年</p>" in page  # 城镇居民基本医疗保险费 90元/学年
    assert page.count("<strong>100</strong> 元/学期</p>") == 2  # 课程配套标准材料费, 课外活动费 100元/学期
    assert "<strong>8</strong> 元/天</p>" in page and "<strong>4</strong> 元/天</p>" in page  # 餐费, 点心费
    assert "<strong>35</strong> 元/学期</p>" in page  # 生活用品费 35元/学期
    assert ("<div><dt>全体学生必交</dt><dd>无法合计：<ul><li>保育教育费：175 元/月（按月计费，原公示没有写收取几个月，"
            "不计入合计）</li></ul></dd></div>") in page
    assert not re.search(r"(?<![\d.,])0 元", _text(page))  # never "必交 0 元"
    assert "<td>沪奉价(2012)009号</td>" in page
    assert "## 减免政策\n\n未注明。" in page and "## 监督投诉电话\n\n未注明。" in page


def test_kindergarten_nursery_fees_per_month_and_per_day(pages):
    page = pages["kindergarten-nursery"]
    assert "<strong>1,800</strong> 元/生·月</p>" in page and "<strong>1,400</strong> 元/生·月</p>" in page
    assert "<strong>20</strong> 元/生·天</p>" in page and "<strong>360</strong> 元/生·套</p>" in page
    assert "<strong>100</strong> 元/生·年</p>" in page
    assert "<li>乳儿班托育费：1,800 元/生·月（按月计费，原公示没有写收取几个月，不计入合计）</li>" in page
    # no term on the notice: nobody said in which term the bedding is bought, so it joins no "each year" total
    assert ("<div><dt>新入园幼儿另交</dt><dd><ul><li>床上用品费：360 元/生·套（自愿，一次性收取，原公示没有写学期，"
            "不计入合计）</li></ul></dd></div>") in page
    assert "- 收费监督、举报电话：[12345](tel:12345)" in page


def test_a_notice_without_school_year_or_term_says_so_and_adds_up_only_its_items_own_period(project, pages):
    _, problems = load_site(project / "data")
    note = ("提示：[收费公示 {0} › title] 本公示没有写学年和学期（school_year、term），页面上写“未注明”。原公示写了的请补上；"
            "没有写的不要按公示日期推算。没有学期时，合计只把计费单位相同的项目加在一起（例如都按“元/生·学期”计费，"
            "就是每学期的合计），一次性和按月收取的项目单独列出；这份公示不参加“同一学期只能有一份公示”的检查。")
    notes = sorted(problem.human() for problem in problems.notices if "学年和学期" in problem.message)
    assert notes == [f"data/fees/junior-middle.yml:4:8: {note.format('junior-middle')}",
                     f"data/fees/kindergarten-nursery.yml:3:8: {note.format('kindergarten-nursery')}"]
    junior = pages["junior-middle"]
    assert "| 学年学期 | 未注明 |" in junior
    # its 每生每学期 items share one period: a total per term, whichever term it is; the uniform is once
    assert '<h2 id="sp-fee-first-title" class="sp-fee-first__title">每学期每生应交</h2>' in junior
    assert "<div><dt>城市学校新入学在校学生另交</dt><dd>无法合计（见下方各项）</dd></div>" in junior
    nursery = pages["kindergarten-nursery"]
    assert "| 学年学期 | 未注明 |" in nursery
    # only 意外伤害保险费 is per year (元/生·年): its period; the monthly and daily fees are listed
    assert '<h2 id="sp-fee-first-title" class="sp-fee-first__title">每学年每生应交</h2>' in nursery
    assert "<div><dt>自愿（最多）</dt><dd><strong>100</strong> 元</dd></div>" in nursery


def test_grade_table_with_the_schools_own_totals(pages):
    page = pages["compulsory-grade-table"]
    published = {"一年级": "1,378", "二年级": "1,378", "三年级": "1,458.6", "四年级": "1,458.6",
                 "五年级": "1,603.8", "六年级": "1,465.8"}
    for grade, total in published.items():
        assert (f'<tr><th scope="row">{grade}</th><td>无</td><td><strong>{total}</strong> 元</td>'
                f"<td>{total} 元</td><td>乘校车费</td></tr>") in page
    # the printed table, cell by cell as published (0 is a published value; a blank is —)
    assert ("<tr><td>一年级</td><td>0</td><td>300</td><td>—</td><td>1,078</td><td>上学期已乘校车 415、本学期新乘校车 500</td>"
            "<td>1,378</td></tr>") in page
    assert ("<tr><td>五年级</td><td>87.8</td><td>300</td><td>138</td><td>1,078</td>"
            "<td>上学期已乘校车 415、本学期新乘校车 500</td><td>1,603.8</td></tr>") in page
    assert ("<li>乘校车学生另交 乘校车费：上学期已乘校车 415、本学期新乘校车 500 元/学期（按规定自愿，有几档金额，不计入合计）</li>"
            in page)
    assert "| 文号 | 青小政〔2023〕13号 |" in page
    assert "<strong>统一收费依据：</strong>常教财【2012】17号</p>" in page


def test_junior_middle_items_for_some_pupils_stay_their_own_lines(pages):
    page = pages["junior-middle"]
    assert "<div><dt>全体学生必交</dt><dd>无</dd></div>" in page
    assert "<div><dt>自愿选择的项目</dt><dd>最多 <strong>100</strong> 元</dd></div>" in page  # 社会实践活动费 only
    assert "<li>住宿费：300 元（每生每学期）（自愿）</li>" in page
    assert "<li>伙食费（走读学生）：中餐 8.3 元（每生每天）（自愿，按天计费，不计入合计）</li>" in page
    assert "<li>校服费：690 元（每生）（一次性收取，原公示没有写学期，不计入合计）</li>" in page  # not voluntary: 常价费[2004]343号
    assert "经教育、价格部门备案" in page
    assert "常价费[2011]124号；常财综[2011]30号；常教计[2011]30号" in page
    assert "- 区发改局：[86310447](tel:86310447)" in page


def test_senior_high_totals_per_group_match_the_published_ones(pages):
    page = pages["senior-high-groups"]
    assert ('<tr><th scope="row">高一</th><td><strong>1,000</strong> 元</td><td><strong>400.2</strong> 元</td>'
            "<td>外宿生 1,400.2 元；内宿生 1,540.2 元</td><td>住宿费</td></tr>") in page
    assert ('<tr><th scope="row">高二理</th><td><strong>1,000</strong> 元</td><td><strong>590.5</strong> 元</td>'
            "<td>外宿生 1,590.5 元；内宿生 1,730.5 元</td><td>住宿费</td></tr>") in page
    assert "<li>内宿生另交 住宿费：140 元/生·学期</li>" in page
    # dated only 2017年1月: never a day the source does not give
    assert '<span>公示 <time datetime="2017-01">2017-01</time></span>' in page
    assert '<p class="sp-print-only sp-signature">永安一中<br>2017年1月</p>' in page


def test_senior_high_board_lists_items_without_amounts_and_adds_nothing_up(pages):
    page = pages["senior-high-board"]
    assert ('<tr><th scope="row">三年级</th><td>无法合计（见下方各项）</td><td>无</td>'
            "<td>住宿费、空调使用维护费、校服费、学生健康体检费、校外活动费、补办证卡工本费、课后服务费</td></tr>") in page
    assert "<li>教科书费：341.19 元/生·期</li>" in page
    assert "<li>补办证卡工本费：未注明（原公示没有写金额，不计入合计）</li>" in page
    assert "<strong>收费标准未注明</strong>" in page
    assert "<tr><td>三年级</td><td>1,000</td><td>400</td><td>25</td><td>—</td><td>420</td><td>20</td>" in page


def test_bureau_standard_table_has_no_total(pages):
    page = pages["bureau-standards"]
    assert "<li>学费：重点（示范）高中 675、一般高中 470 元/生·学期（有几档金额，不计入合计）</li>" in page
    assert "<li>重点（示范）高中 <strong>675</strong> 元/生·学期</li>" in page
    assert "<li>一般高中 新城区 <strong>1,500</strong> 元/生·学期</li>" in page
    assert "<li>实验技能 <strong>12</strong> 元/生</li>" in page
    assert "鄂价费〔2003〕221号；鄂教财〔2007〕8号" in page
    assert "<div><dt>全体学生必交</dt><dd>无法合计：<ul>" in page


@pytest.mark.parametrize("record_id", ["compulsory-grade-table", "kindergarten-monthly", "senior-high-groups"])
def test_new_page_shapes_golden(pages, record_id):
    assert_golden(f"fees-real-{record_id}.md", pages[record_id])


def test_exports_say_what_the_notice_leaves_out_and_invent_no_day(project):
    ctx = context(project)
    v1 = {record["id"]: record for record in json.loads(exports.section_json(ctx, "fees"))["records"]}
    assert [v1["junior-middle"][key] for key in ("school_year", "term", "issued")] == [None, None, "2018-02-27"]
    assert [v1["senior-high-groups"][key] for key in ("issued", "filed_on")] == ["2017-01", "2017-01"]
    v2 = {record["id"]: record for record in json.loads(exports.fees_json_v2(ctx))["records"]}
    assert {record_id: v2[record_id]["totals_per"] for record_id in ("junior-middle", "kindergarten-nursery",
                                                                       "senior-high-groups")} == {
        "junior-middle": "学期", "kindergarten-nursery": "学年", "senior-high-groups": "学期"}
    uniform = next(line for group in v2["junior-middle"]["notice_totals"]["groups"] for line in group["lines"]
                   if line["item"] == "校服费")
    assert (uniform["amount"], uniform["not_summed_because"]) == (None, "一次性收取，原公示没有写学期")
    rows = list(csv.DictReader(io.StringIO(exports.fees_csv(ctx).decode("utf-8-sig"))))
    junior = next(row for row in rows if row["编号"] == "junior-middle")
    assert (junior["学年"], junior["学期"], junior["公示日期"]) == ("", "", "2018-02-27")
    assert next(row for row in rows if row["编号"] == "senior-high-groups")["公示日期"] == "2017-01"
    feed = feedparser.parse(exports.atom_feed(ctx, "fees"))
    entries = {entry.link.rstrip("/").rsplit("/", 1)[-1]: entry for entry in feed.entries}
    assert entries["junior-middle"].summary.startswith("学年学期未注明；收费范围：城市学校在校学生；")
    # an Atom date needs a day and a time: a month alone is its first day there, and only there
    assert entries["senior-high-groups"].published == "2017-01-01T00:00:00+08:00"
    notice = ctx.site.of("fees")["junior-middle"]
    assert views.describe.record_description("fees", notice, notice.title) == \
        "收费公示：收费范围城市学校在校学生，收费项目 5 项，自愿项目 4 项。"
    index = views.section_index(ctx, "fees")
    assert "  公示日期 2018\\-02\\-27 · 未注明\n" in index and "  公示日期 2017\\-01 · 2016\\-2017 学年第二学期\n" in index
