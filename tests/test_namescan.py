"""schoolpub.namescan: likely pupils' names in free text.

The corpus (tests/fixtures/names/, real notices and news with invented names) pins the
detector's exact findings in each file's `# 检出：` line (name@offset); UPDATE_GOLDEN=1
rewrites those lines after an intended change. scripts/namescan_report.py prints the
per-text precision and recall behind the totals asserted here.
"""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from conftest import REPO
from schoolpub.namescan import NameHit, find_pupil_names, may_name_pupils, summary

spec = importlib.util.spec_from_file_location("namescan_report", REPO / "scripts/namescan_report.py")
report = sys.modules["namescan_report"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)
CORPUS = report.read_corpus()
FOUND_LINE = "# 检出："


def _pinned(text) -> str:
    return next(line for line in text.header if line.startswith(FOUND_LINE))[len(FOUND_LINE):]


def _shown(hits: list[NameHit]) -> str:
    return "、".join(f"{hit.name}@{hit.start}" for hit in hits) or "（无）"


@pytest.mark.parametrize("text", CORPUS, ids=lambda text: text.path.stem)
def test_corpus_findings_are_exactly_the_pinned_ones(text):
    shown = _shown(find_pupil_names(text.body))
    if os.environ.get("UPDATE_GOLDEN"):
        header = [line for line in text.header if not line.startswith(FOUND_LINE)] + [FOUND_LINE + shown]
        text.path.write_text("\n".join(header) + "\n---\n" + text.body, encoding="utf-8")
        return
    assert shown == _pinned(text)


def _totals(held_out: bool) -> tuple[int, int, int, int]:
    scores = [(text, report.score(text, [hit.name for hit in find_pupil_names(text.body)]))
              for text in CORPUS if text.held_out == held_out]
    present = sum(score.present for text, score in scores if not text.ordinary)
    found = sum(score.found for text, score in scores if not text.ordinary)
    in_pupil_texts = sum(len(score.false_alarms) for text, score in scores if not text.ordinary)
    in_ordinary = sum(len(score.false_alarms) for text, score in scores if text.ordinary)
    return present, found, in_pupil_texts, in_ordinary


def test_recall_and_false_alarms_on_the_corpus():
    # (names present, found, false alarms in pupils' texts, false alarms in ordinary texts)
    assert _totals(held_out=False) == (109, 106, 0, 0)  # 17 + 17 texts the patterns were tuned on
    assert _totals(held_out=True) == (17, 15, 0, 0)  # 4 + 5 texts written after tuning


def _names(text: str, not_pupils=()) -> list[str]:
    return [hit.name for hit in find_pupil_names(text, not_pupils)]


@pytest.mark.parametrize("text, names", [
    ("三年级（2）班 王小明、李华、张思远……", ["王小明", "李华", "张思远"]),
    ("经评选，王小明等54名同学被评为三好学生。", ["王小明"]),
    ("一等奖：刘子涵（五年级1班）、张思远（四年级2班）", ["刘子涵", "张思远"]),
    ("四（1）班李梓萱同学在比赛中", ["李梓萱"]),
    ("三(2)班王小明", ["王小明"]),
    ("3年级2班 欧阳娜娜", ["欧阳娜娜"]),
    ("初一（3）班 李华", ["李华"]),
    ("高二3班张思远获得一等奖", ["张思远"]),
    ("学生代表王小明发言", ["王小明"]),
])
def test_pupils_names_are_found(text, names):
    assert _names(text) == names


@pytest.mark.parametrize("text", [
    "我校王芳老师获得区优质课一等奖，张校长、李主任、刘书记、陈园长出席。",
    "四（1）班李梓萱同学获一等奖，指导教师：王建国。",
    "副校长曹启东为三年级（2）班颁奖。撰稿：李华 审核：张明",
    "学生在张家港市李家村开展研学活动，参观华为公司。",
    "一至六年级全体学生参加读书节，开设书法、围棋、编程课程。",
    "六年级（3）班获得一等奖，全体同学表示祝贺。",
])
def test_adults_places_and_words_are_not_flagged(text):
    assert _names(text) == [name for name in ("李梓萱",) if name in text]


def test_a_record_may_allow_a_name_that_is_not_a_pupil_s():
    text = "三年级（2）班 王建国、李华"
    assert _names(text) == ["王建国", "李华"]
    assert _names(text, not_pupils=["王建国"]) == ["李华"]


def test_the_summary_never_shows_a_name():
    hits = find_pupil_names("三年级（2）班 王小明、李华、张思远、欧阳娜娜；初二(3)班 李 慧")
    assert summary(hits) == "王*明、李*、张*远 等 5 个"
    assert [hit.masked for hit in hits] == ["王*明", "李*", "张*远", "欧阳**", "李*"]


def test_text_without_a_pupil_word_is_not_read_further():
    assert not may_name_pupils("学校食堂大宗食材配送服务采购结果公告：示例市华联食品有限公司。")
    assert may_name_pupils("三年级（2）班")


# -- the check: every free-text field of every record -------------------------------------

from conftest import problems_of, write  # noqa: E402

MESSAGE_END = ("：公开网站上学生姓名要按荣誉榜的规则处理。请改成只写班级（如“三年级（2）班 3 名同学”），"
               "或把名单移到荣誉榜记录里（data/honors/），由网站统一隐去名字并检查监护人同意。"
               "如果这是成年人的名字，请在名字后写上称呼（如“老师”）；"
               "确实不是学生的名字，请把它写进 data/school.yml 的 site: not_pupils 列表。")
NOTICE = """title: {title}
category: 其他
published: 2025-09-01
department: 校长办公室
body: |
  {body}
"""


def test_a_title_is_checked_and_the_column_points_at_the_name(project):
    write(project, "data/affairs/awards.yml", NOTICE.format(title="关于表彰王小明等3名同学的通知", body="详见附件。"))
    assert problems_of(project) == [
        f"data/affairs/awards.yml:1:12: 错误：[校务公开 awards › title] 这段文字里可能有学生姓名（王*明）{MESSAGE_END}"]


def test_a_false_alarm_is_allowed_in_school_yml_and_the_principal_is_never_a_pupil(project):
    write(project, "data/affairs/visit.yml", NOTICE.format(
        title="家长开放日", body="三年级（2）班 王建国、张明 两位家长代表发言。"))
    assert problems_of(project) == [
        f"data/affairs/visit.yml:6:11: 错误：[校务公开 visit › body] 这段文字里可能有学生姓名（王*国）{MESSAGE_END}"]
    school = project / "data" / "school.yml"  # 张明 is the principal of the minimal school
    school.write_text(school.read_text(encoding="utf-8") + "site:\n  not_pupils: [王建国]\n", encoding="utf-8")
    assert problems_of(project) == []


def test_structured_name_lists_are_left_to_their_own_rules(project):
    # The minimal honours record lists pupils under recipients (masked on the site, consent
    # checked); a festival result's winner must name a class or a group, which its own rule checks.
    write(project, "data/festivals/sports-2025.yml", """kind: 体育节
year: 2025
edition: 1
theme: 阳光运动
start: 2025-10-10
end: 2025-10-12
results:
  - item: 跳绳
    winner: 三年级（2）班 王小明
    award: 一等奖
""")
    # One problem, from the results rule (content/results.py), none from the free-text scan.
    assert problems_of(project) == [
        "data/festivals/sports-2025.yml:9:13: 错误：[活动节 sports-2025 › results 第1项 › winner] winner 只写班级或集体，"
        "这里在班级后面写了学生姓名（“三年级（2）班 王*明”，姓名已打码）。学生获奖请删掉 winner，改写成 recipient_kind: 学生 "
        "和 recipients：recipients 里每个班级一项，写 unit: 三年级（2）班 和 names: 这个班获奖学生的姓名（多人用空格或顿号隔开）。"
        "网站上学生姓名按学校规定打码显示，发布前须取得监护人同意（guardian_consent: true）。"]


def test_a_pupil_written_into_a_list_of_classes_is_found(project):
    # A list of classes (recipient_kind: 集体) is published as written: no masking, no consent.
    write(project, "data/honors/classes.yml", """title: 2025年先进班集体
date: 2025-09-01
issuer: 测试市第一小学
level: 校级
award: 先进班集体
recipient_kind: 集体
recipients:
  - name: 三年级（2）班
  - name: 五年级（1）班 王小明
""")
    assert problems_of(project) == [
        f"data/honors/classes.yml:9:19: 错误：[荣誉榜 classes › recipients 第2项 › name] "
        f"这段文字里可能有学生姓名（王*明）{MESSAGE_END}"]
