"""信息公开工作年度报告: counted from the records and their history (annual_report.py), shown on
reports/<year>.md (views/report.py) and as open data (exports/reports.py).

The demo's pages are golden files built without history (its repository's dates change with every
merge); what history adds (first online, corrections, revisions) is tested on the scripted
repository of tests/history_support.py, with exact values."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from conftest import REPO, write
from history_support import scripted_repository
from test_views import assert_golden

from schoolpub import history
from schoolpub.exports import all_exports
from schoolpub.exports.reports import report_csv, report_json
from schoolpub.history import RecordHistory, record_histories
from schoolpub.loader import load_site
from schoolpub.views import Context, report

URL = "https://example.edu.cn/"
DEMO_DAY = dt.date(2026, 12, 7)
REASON = "原公示住宿费金额录入错误，以示发改价格〔2023〕12号为准"


def loaded(data_dir: Path):
    site, problems = load_site(data_dir)
    assert not problems, problems.report()
    return site


@pytest.fixture(scope="module")
def demo() -> Context:
    histories = history.Histories()
    histories.note = history.NOT_A_REPOSITORY
    return Context(site=loaded(REPO / "data"), today=DEMO_DAY, site_url=URL, histories=histories)


@pytest.fixture(scope="module")
def scripted(tmp_path_factory) -> Context:
    root = scripted_repository(tmp_path_factory.mktemp("report") / "school")
    site = loaded(root / "data")
    return Context(site=site, today=dt.date(2025, 9, 12), site_url=URL, histories=record_histories(root, site))


@pytest.mark.parametrize("year", [2025, 2026])
def test_demo_report_pages_golden(demo, year):
    assert_golden(f"report-{year}.md", report.report_file(demo, year))


def test_demo_report_index_golden(demo):
    assert_golden("report-index.md", report.report_file(demo))


# year → records filed that year (校务公开, 收费公示, 荣誉榜, 活动节, 规章制度), disclosures by category
DEMO_COUNTS = {
    2026: ((6, 3, 5, 4, 0), {"发展规划与年度计划": 2, "教学与课程": 1, "教师队伍": 1, "收支、资产与捐赠": 1, "安全、膳食与住宿": 1}),
    2025: ((6, 2, 4, 4, 1), {"基本情况": 1, "规章制度": 1, "收费": 1, "采购与工程招标结果": 1, "收支、资产与捐赠": 1, "其他": 1}),
    2024: ((5, 1, 3, 2, 2), {"招生、学籍、奖励与资助": 1, "教学与课程": 1, "教师队伍": 1, "采购与工程招标结果": 1,
                             "收支、资产与捐赠": 1}),
    2023: ((3, 0, 1, 0, 2), {"招生、学籍、奖励与资助": 1, "教师队伍": 1, "安全、膳食与住宿": 1}),
    2022: ((0, 0, 0, 0, 1), {}), 2021: ((0, 0, 0, 0, 2), {}), 2020: ((0, 0, 0, 0, 2), {}), 2019: ((0, 0, 0, 0, 1), {}),
}


def test_demo_counts_per_year(demo):
    assert report.years(demo) == list(DEMO_COUNTS)
    for year, (counts, categories) in DEMO_COUNTS.items():
        figures = json.loads(report_json(demo, year))
        published = figures["published"]
        assert tuple(published[name] for name in ("affairs", "fees", "honors", "festivals", "regulations")) == counts
        assert published["total"] == sum(counts)
        assert {c["name"]: c["count"] for c in figures["categories"] if c["count"]} == categories, year
        assert len(figures["categories"]) == 11


def test_demo_fee_notices_ahead_of_collection_and_attachments(demo):
    def timing(year):
        return [(f["id"], f["display_start"], f["collection_start"], f["days_ahead"], f["on_time"])
                for f in json.loads(report_json(demo, year))["fee_notices"]]
    assert timing(2026) == [("2026-spring", "2026-02-09", "2026-03-02", 21, True),
                            ("2026-autumn", "2026-08-17", "2026-09-01", 15, True),
                            ("2027-spring", "2026-11-20", "2027-02-22", 94, True)]
    assert timing(2024) == [("2024-autumn", "2024-08-19", "2024-09-02", 14, True)]
    assert json.loads(report_json(demo, 2024))["attachments"] == {"Excel 表格": 1, "PDF": 2}


def test_without_history_the_report_says_so_and_counts_nothing_it_cannot_know(project: Path):
    site = loaded(project / "data")  # a copy outside any repository: a tarball
    histories = record_histories(project, site)
    context = Context(site=site, today=dt.date(2026, 1, 5), site_url=URL, histories=histories)
    page = report.report_page(context, 2025)
    assert ("> **说明**：这个文件夹不是 git 仓库（例如从压缩包解开的），网站上不显示各条记录的修改记录。"
            "因此本报告不统计各条记录的首次上网日期和更正情况，收费公示是否提前公示只按公示上写的日期核对。") in page
    assert "### （六）更正情况\n\n读不到修改记录，无法统计。\n" in page
    assert "首次上网" not in page.split("### （三）")[0].split("### （二）")[1]
    figures = json.loads(report_json(context, 2025))
    assert (figures["history_available"], figures["corrections"], figures["revisions"]) == (False, None, None)
    assert figures["history_note"] == history.NOT_A_REPOSITORY
    assert "统计期限自2025年1月1日起至2025年12月31日止。" in page  # built in January: the year is over


def test_history_adds_first_online_corrections_and_revisions(scripted):
    page = report.report_page(scripted, 2025)
    assert ("2025年，学校网站共主动公开信息 5 条，其中校务公开 1 条、收费公示 1 条、荣誉榜 1 条、活动节 1 条、规章制度 1 条；"
            "修改已发布的信息 4 次，其中更正收费公示 1 次。") in page
    assert ("| [2025\\-2026学年第二学期收费公示](../fees/2025-spring/index.md) | 2025-09-01 | 2025-09-15 | 14 | 按时 |"
            " 2025-08-25 | 收费前 21 天 |") in page
    assert (f"- 2025-09-03 [2025\\-2026学年第二学期收费公示](../fees/2025-spring/index.md)：住宿费：400 元 → 450 元。"
            f"更正原因：{REASON}") in page
    assert "统计期限自2025年1月1日起至2025年12月31日止（本年度尚未结束：网站每次更新都重新统计）。" in page
    figures = json.loads(report_json(scripted, 2025))
    assert figures["corrections"] == [{"section": "fees", "id": "2025-spring", "title": "2025-2026学年第二学期收费公示",
                                       "date": "2025-09-03", "changes": ["住宿费：400 元 → 450 元"],
                                       "correction_note": REASON}]
    assert (figures["revisions"], figures["fee_notices"][0]["first_online"], figures["fee_notices"][0]["days_online"]) \
        == (3, "2025-08-25", 21)
    rows = list(csv.reader(io.StringIO(report_csv(scripted, 2025).decode("utf-8-sig"))))
    assert rows[0] == ["年份", "部分", "项目", "代码", "数值", "说明"]
    assert ["2025", "收费公示", "2025-2026学年第二学期收费公示", "2025-spring", "14",
            "公示开始 2025-09-01，开始收费 2025-09-15，首次上网 2025-08-25"] in rows
    assert rows[-1] == ["2025", "更正", "2025-2026学年第二学期收费公示", "2025-spring", "1", "住宿费：400 元 → 450 元"]


def test_a_notice_that_reached_the_site_after_collection_began_is_named_under_problems(project: Path):
    site = loaded(project / "data")
    histories = history.Histories({("fees", "sample"): RecordHistory(dt.date(2025, 9, 20), [])})
    context = Context(site=site, today=dt.date(2025, 12, 31), site_url=URL, histories=histories)
    page = report.report_page(context, 2025)
    assert "| 2025-09-20 | 收费开始后 5 天 |" in page
    assert ("## 四、存在的主要问题及改进情况\n\n- [2025\\-2026学年第二学期收费公示](../fees/sample/index.md) 在开始收费后才提交到"
            "本网站（2025-09-20）：可能是从以前的网站补录的，也可能是上网晚了。\n") in page


def test_staff_paragraphs_go_in_their_sections_and_data_is_escaped(project: Path):
    write(project, "data/annual-reports.yml", "reports:\n  - year: 2025\n    introduction: 本年度概述 <b>粗</b>\n"
                                              "    problems: 公示栏位置不醒目，已调整。\n")
    fee = project / "data/fees/sample.yml"
    fee.write_text(fee.read_text("utf-8").replace("title: 2025-2026学年第二学期收费公示",
                                                  "title: 收费公示 <i>|</i> [x](javascript:alert(1))"), "utf-8")
    context = Context(site=loaded(project / "data"), today=dt.date(2025, 12, 31), site_url=URL)
    page = report.report_page(context, 2025)
    assert '## 一、总体情况\n\n\n<div class="sp-markdown">\n<p>本年度概述 &lt;b&gt;粗&lt;/b&gt;</p>\n</div>' in page
    assert '## 四、存在的主要问题及改进情况\n\n\n<div class="sp-markdown">\n<p>公示栏位置不醒目，已调整。</p>' in page
    assert "## 三、收到和处理信息公开申请情况\n\n学校网站只发布主动公开的信息，不记录依申请公开的情况；学校没有另行说明。" in page
    assert "[收费公示 &lt;i&gt;\\|&lt;/i&gt; \\[x\\]\\(javascript:alert\\(1\\)\\)](../fees/sample/index.md)" in page
    assert "<i>" not in page and "<b>" not in page
    assert json.loads(report_json(context, 2025))["statements"]["problems"] == "公示栏位置不醒目，已调整。\n"


def test_every_year_has_its_open_data_files(demo):
    files = all_exports(demo)
    assert [path for path in files if path.startswith("data/v1/reports/")] == [
        f"data/v1/reports/{year}.{suffix}" for year in DEMO_COUNTS for suffix in ("json", "csv")]


def test_the_figures_never_depend_on_the_build_day(demo):
    later = Context(site=demo.site, today=dt.date(2030, 1, 1), site_url=URL, histories=demo.histories)
    for year in report.years(demo):
        assert (report_json(later, year), report_csv(later, year)) == (report_json(demo, year), report_csv(demo, year))
    assert "（本年度尚未结束" in report.report_page(demo, 2026) and "（本年度尚未结束" not in report.report_page(later, 2026)
    assert json.loads(report_json(demo, 2026))["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
