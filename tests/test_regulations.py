"""Regulation texts with chapters: the parser, the structure checks, the page (golden)."""
import datetime as dt

import pytest

from conftest import write
from test_views import assert_golden, context

from schoolpub import views
from schoolpub.content.regulation_text import chinese_numeral, numeral, parse_text, structure_findings

CHARTER = """\
（2019年6月20日教职工代表大会通过）

## 第一章 总　则

第一条【制定依据】为保障学校依法办学，制定本章程。
第二条 学校名称为测试市第一小学。

第二章 管理体制

第一节 校长

第三条 校长履行下列职责：

（一）贯彻执行国家的教育方针；

（二）制定学校发展规划。

第二节 民主管理

第四条 学校实行教职工代表大会制度。

第三章 附则

第五条 本章程由校长办公室负责解释。
"""


@pytest.mark.parametrize("text, number", [
    ("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("九十九", 99), ("一百", 100),
    ("一百零五", 105), ("一百一十", 110), ("12", 12), ("两", 2), ("一二", None), ("十十", None), ("零十", None)])
def test_numerals(text, number):
    assert numeral(text) == number
    if number and text.isdigit() is False and text != "两":
        assert chinese_numeral(number) == text


def test_chapters_sections_articles_and_items():
    text = parse_text(CHARTER)
    assert [a.source for a in text.preamble] == ["（2019年6月20日教职工代表大会通过）"]
    assert [(c.heading.label, c.heading.number, c.heading.title, c.anchor) for c in text.chapters] == [
        ("第一章", 1, "总则", "第一章"), ("第二章", 2, "管理体制", "第二章"), ("第三章", 3, "附则", "第三章")]
    first, second, third = text.chapters
    # an article starting a line of a paragraph starts a new article; 【】 titles stay in the article
    assert [(a.label, a.number) for a in first.articles] == [("第一条", 1), ("第二条", 2)]
    assert first.articles[0].body == "【制定依据】为保障学校依法办学，制定本章程。"
    # items （一） belong to their article; sections group the articles of a chapter
    assert second.articles[0].blocks == ("第三条 校长履行下列职责：", "（一）贯彻执行国家的教育方针；", "（二）制定学校发展规划。")
    assert second.runs() == [("第一节 校长", "第三条 校长履行下列职责：\n\n（一）贯彻执行国家的教育方针；\n\n（二）制定学校发展规划。"),
                             ("第二节 民主管理", "第四条 学校实行教职工代表大会制度。")]
    assert third.runs() == [("", "第五条 本章程由校长办公室负责解释。")]
    assert structure_findings(CHARTER) == []


def test_text_without_chapters_stays_flat():
    text = parse_text("第一条 为加强管理，制定本制度。\n\n第二条 本制度自发布之日起施行。")
    assert text.chapters == () and [a.label for a in text.preamble] == ["第一条", "第二条"]
    # a sentence that starts with 第三章 is text, not a heading
    assert parse_text("第三章规定的职责由教务处负责。").chapters == ()
    assert parse_text("第二条 依照本章程\n第十条规定的程序办理。").preamble[0].blocks == ("第二条 依照本章程\n第十条规定的程序办理。",)


@pytest.mark.parametrize("text, problems", [
    ("第一章 总则\n\n第一条 甲。\n\n第三章 附则\n\n第二条 乙。", ["“第三章 附则”前面缺了第二章：章的序号要从第一章起依次排列。"]),
    ("第二章 总则\n\n第一条 甲。", ["“第二章 总则”前面缺了第一章：章的序号要从第一章起依次排列。"]),
    ("第一章 总则\n\n第一条 甲。\n\n第二章 乙\n\n第二条 乙。\n\n第一章 附则\n\n第三条 丙。",
     ["“第一章 附则”排在第二章后面，应是第三章：章的序号要依次排列。"]),
    ("第一章 总则\n\n第一条 甲。\n\n第四条 乙。", ["“第四条 乙。”前面缺了第二条至第三条：条的序号要从第一条起依次排列。"]),
    ("第一章 总则\n\n第一条 甲。\n\n第二章 附则\n\n第一条 乙。",
     ["“第一条 乙。”又从第一条开始了：条的序号要全文连续，不按章重新编号，这里应是第二条。"]),
    ("第一章 总则\n\n第一节 甲\n\n第二节 乙\n\n第一条 甲。", ["“第一节 甲”下面没有条文。请在它下面写上条文，或者删掉这个节标题。"]),
    ("第一章 总则\n\n第一条 甲。\n\n第二章 附则", ["“第二章 附则”下面没有条文。请在它下面写上条文，或者删掉这个章标题。"]),
    # what real texts do is accepted: 附则 chapters, 【】 titles, a preamble, Arabic numbers
    ("序言\n\n第1章 总则\n\n第1条【依据】甲。\n\n第2章 附则\n\n第2条 乙。", []),
])
def test_structure_findings(text, problems):
    assert structure_findings(text) == problems


def test_charter_page_golden(project):
    old = _indent(CHARTER.replace("第四条 学校实行教职工代表大会制度。", "第四条 学校设立家长委员会。"))
    new = _indent(CHARTER.replace("第三章 附则", "第三章 家校合作\n\n第五条 学校设立家长委员会。\n\n第四章 附则")
                  .replace("第五条 本章程", "第六条 本章程"))
    write(project, "data/regulations/charter.yml", f"""\
title: 测试市第一小学章程
category: 综合管理
adopted_by: 教职工代表大会
adopted_on: 2019-06-20
effective: 2019-09-01
status: 现行
versions:
  - version: 2019年版
    date: 2019-06-20
    changes: 首次制定
    text: |
{old}
  - version: 2024年修订
    date: 2024-06-18
    changes: 家长委员会条款移至附则前的新一章，增加教代会条款
    text: |
{new}
""")
    page = views.record_page(context(project, dt.date(2025, 9, 3)), "regulations", "charter")
    assert_golden("regulations-charter.md", page)
    assert "- [第三章 家校合作](#第三章)" in page and "### 第三章 家校合作 { #第三章 }" in page


def _indent(text: str) -> str:
    return "\n".join("      " + line if line else "" for line in text.splitlines())
