"""Real honour decisions and a real festival, typed as published, built and read against their sources.

tests/fixtures/real/data/ holds the records (invented school and person names, the
structure, awards, counts and ties of the source); tests/fixtures/real/sources/ the
source text line by line, with its address. A source line must be a line of the built
page (pupils' names masked), or says after "=>" what the page shows instead ("-": the
line is not on the page, and why is written in the file's comments).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINIMAL, TESTS, problems_of
from test_build import build, site_project, unexpected_log_lines
from test_views import assert_golden

from schoolpub import exports, views
from schoolpub.context import Context
from schoolpub.loader import load_site
from schoolpub.names import masked

REAL = TESTS / "fixtures" / "real"
SOURCES = sorted((REAL / "sources").glob("*.txt"))
PAGES = {"2012-school-merit": "honors", "2024-reading-campus": "honors", "2021-kiyi": "festivals"}
PUPILS = ["林晓峰", "郑雅", "黄晴", "王思远", "林若轩", "陈楚悦"]


def real_project(root: Path) -> Path:
    """The minimal school with the real records added."""
    shutil.copytree(MINIMAL, root)
    for record in (REAL / "data").rglob("*.yml"):
        shutil.copy(record, root / "data" / record.parent.name / record.name)
    return root


def context(root: Path) -> Context:
    site, problems = load_site(root / "data")
    assert not problems, problems.report()
    return Context(site=site, today=dt.date(2026, 11, 23), site_url="https://example.edu.cn/")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The real records built by MkDocs with the repository's settings (strict, clean log)."""
    base = tmp_path_factory.mktemp("real")
    project = site_project(base, real_project(base / "data-project") / "data")
    result = build(project, base / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []
    return base / "site"


class _Lines(HTMLParser):
    """A built page's article as lines of text: one per block, a table row as `a | b | c`."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "tr", "div", "section", "ul", "table"}

    def __init__(self):
        super().__init__()
        self.lines, self.current, self.cells, self.depth = [], "", None, 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag == "tr":
            self.cells = []
        elif tag in ("td", "th"):
            self.current = ""
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag):
        if tag == "article":
            self._flush()
            self.depth -= 1
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append(self.current.strip())
            self.current = ""
        elif tag == "tr":
            self.lines.append(" | ".join(self.cells))
            self.cells = None
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self.depth:
            self.current += data

    def _flush(self):
        for line in self.current.split("\n"):
            if line.strip():
                self.lines.append(" ".join(line.split()))
        self.current = ""


def page_lines(html: str) -> list[str]:
    parser = _Lines()
    parser.feed(html)
    return [re.sub(r"\s*¶$", "", line) for line in parser.lines]  # headings' permalink sign


def source_lines(path: Path) -> list[tuple[str, str | None]]:
    """(source line, what the page shows instead or None for the same) for each line of a source file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        source, _, shown = line.partition(" => ")
        pairs.append((source, shown or None))
    return pairs


def test_real_records_pass_the_check(tmp_path: Path):
    assert problems_of(real_project(tmp_path / "p")) == []


@pytest.mark.parametrize("record_id", PAGES)
def test_page_golden(tmp_path: Path, record_id: str):
    ctx = context(real_project(tmp_path / "p"))
    assert_golden(f"real-{record_id}.md", views.record_page(ctx, PAGES[record_id], record_id))


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.stem)
def test_built_page_holds_every_line_of_its_source(built: Path, source: Path):
    record_id = source.stem
    lines = page_lines((built / PAGES[record_id] / record_id / "index.html").read_text(encoding="utf-8"))
    missing = []
    for line, shown in source_lines(source):
        if shown == "-":
            continue
        if shown is None:  # the line as published, each pupil's name as the site shows it
            expected = line
            for name in PUPILS:
                expected = expected.replace(name, masked(name))
            found = expected in lines
        else:
            expected = shown
            found = any(expected in page_line for page_line in lines)
        if not found:
            missing.append(expected)
    assert missing == []


def test_built_pages_never_show_a_pupils_full_name(built: Path):
    for record_id, type_name in PAGES.items():
        page = (built / type_name / record_id / "index.html").read_text(encoding="utf-8")
        assert [name for name in PUPILS if name in page] == [], record_id
    for published in (built / "data").rglob("*"):
        if published.is_file():
            text = published.read_bytes().decode("utf-8-sig")
            assert [name for name in PUPILS if name in text] == [], published


def test_decision_says_how_many_the_school_published_and_how_many_it_listed(built: Path):
    lines = page_lines((built / "honors/2012-school-merit/index.html").read_text(encoding="utf-8"))
    facts = lines.index("获奖对象：学生、集体")
    assert lines[facts + 1:facts + 6] == [
        "校优秀学生干部：54 人，名单列出 1 人", "校三好生：150 人，名单列出 1 人", "优秀共青团员：32 人，名单列出 1 人",
        "优秀少先队员：5 人，名单列出 1 人", "校先进班集体：16 个，名单列出 1 个"]
    lists = lines.index("校优秀学生干部（54 人，名单列出 1 人）")
    # the record says 高三(3)班 as the decision does; pages write classes in one form (schoolpub/classes.py)
    assert lines[lists:] == [
        "校优秀学生干部（54 人，名单列出 1 人）", "林*峰", "校三好生（150 人，名单列出 1 人）", "郑*",
        "优秀共青团员（32 人，名单列出 1 人）", "黄*", "优秀少先队员（5 人，名单列出 1 人）", "王*远",
        "校先进班集体（16 个，名单列出 1 个）", "高三（3）班", "为保护未成年人隐私，学生姓名按学校规定打码显示。"]
    assert "依据：《关于评选三好生、优秀学生干部、先进班集体的通知》（示教政[2012]10号）；示例市教育《示例市中小学三好生、" \
           "优秀学生干部、先进班集体评选办法》（示市教政[2002]8号）" in lines  # typed with 《》, shown with one pair
    notice = page_lines((built / "honors/2024-reading-campus/index.html").read_text(encoding="utf-8"))
    assert notice[notice.index("获奖对象：集体") + 1:][:2] == ["区域优秀案例：64 个，名单未列出", "书香校园：99 个，名单未列出"]
    assert notice[-2:] == ["区域优秀案例（64 个，名单未列出）", "书香校园（99 个，名单未列出）"]  # nothing invented below


def test_festival_without_edition_is_titled_without_one(built: Path):
    page = (built / "festivals/2021-kiyi/index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "2021年科艺节</h1>" in page and "第1届" not in page
    index = page_lines((built / "festivals/index.html").read_text(encoding="utf-8"))
    assert "科艺节" in index  # its own heading, after the known kinds
    assert index.index("艺术节") < index.index("科艺节")
    assert "每年的校园节日：艺术节、科艺节。" in index


def test_half_day_sessions_read_as_the_source_wrote_them(built: Path):
    lines = page_lines((built / "festivals/2021-kiyi/index.html").read_text(encoding="utf-8"))
    assert ["4月6日 周二", "下午“班班有歌声”合唱比赛第一场", "4月9日 周五", "下午“班班有歌声”合唱比赛最后一组奖项宣布"] == \
        lines[lines.index("活动日程") + 1:lines.index("活动日程") + 5]
    assert not any("全天" in line for line in lines)


def test_open_data_carries_the_new_fields(tmp_path: Path):
    ctx = context(real_project(tmp_path / "p"))
    honours = {r["id"]: r for r in json.loads(exports.section_json(ctx, "honors"))["records"]}
    school = honours["2012-school-merit"]
    assert [(g["award"], g["count"], g["published_count"], g["headcount"]) for g in school["groups"]] == [
        ("校优秀学生干部", 1, 54, 54), ("校三好生", 1, 150, 150), ("优秀共青团员", 1, 32, 32),
        ("优秀少先队员", 1, 5, 5), ("校先进班集体", 1, 16, 16)]
    assert school["number"] is None and school["basis"][1] == {
        "document": "示市教政[2002]8号", "title": "示例市中小学三好生、优秀学生干部、先进班集体评选办法", "issuer": "示例市教育"}
    assert "林*峰等54位同学" in school["body"] and "林晓峰" not in school["body"]
    notice = honours["2024-reading-campus"]
    assert notice["number"] == "示教基厅函〔2024〕4号" and notice["recipients"] == []
    assert [(g["count"], g["published_count"]) for g in notice["groups"]] == [(0, 64), (0, 99)]
    rows = list(csv.reader(io.StringIO(exports.honors_csv(ctx).decode("utf-8-sig"))))
    assert rows[0][-2:] == ["文号", "公布人数"]
    assert [(r[6], r[8], r[12], r[13]) for r in rows if r[0] == "2024-reading-campus"] == [
        ("", "区域优秀案例", "示教基厅函〔2024〕4号", "64"), ("", "书香校园", "示教基厅函〔2024〕4号", "99")]
    assert [(r[6], r[13]) for r in rows if r[0] == "2012-school-merit"][:2] == [("林*峰", "54"), ("郑*", "150")]
    festival = next(r for r in json.loads(exports.section_json(ctx, "festivals"))["records"] if r["id"] == "2021-kiyi")
    assert festival["edition"] is None and festival["title"] == "2021年科艺节" and festival["kind"] == "科艺节"
    assert festival["programme"][0] == {"date": "2021-04-06", "time": "下午", "item": "“班班有歌声”合唱比赛第一场",
                                        "place": None}
    assert [(r["award"], r["winner"], r["winners"]) for r in festival["results"][:3]] == [
        ("第一名", "初一（9）班", ["初一（9）班"]), ("第二名", "初一（8）班、初一（3）班", ["初一（8）班", "初一（3）班"]),
        ("第三名", "初一（10）班、初一（4）班、初一（2）班", ["初一（10）班", "初一（4）班", "初一（2）班"])]
    assert "示教基厅函〔2024〕4号" in exports.summary(ctx.site.of("honors")["2024-reading-campus"], "honors")
    assert "校优秀学生干部（54 人，名单列出 1 人）" in exports.summary(ctx.site.of("honors")["2012-school-merit"], "honors")


def test_a_half_day_session_is_a_day_event_that_says_when(tmp_path: Path):
    root = real_project(tmp_path / "p")
    record = root / "data/festivals/2021-kiyi.yml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "programme:\n", "programme:\n  - date: 2021-04-07\n    time: 全天\n    item: 美术作品展\n"), encoding="utf-8")
    ctx = context(root)
    calendar = exports.calendar(ctx, "festivals").decode("utf-8")
    events = calendar.split("BEGIN:VEVENT")[1:]
    first = next(event for event in events if "合唱比赛第一场" in event)
    assert "DTSTART;VALUE=DATE:20210406\r\n" in first and "DTEND;VALUE=DATE:20210407\r\n" in first
    assert "SUMMARY:科艺节：下午 “班班有歌声”合唱比赛第一场\r\n" in first
    assert "UID:festivals-2021-kiyi-event-20210406@" in first  # no part of the day in a UID
    whole_day = next(event for event in events if "美术作品展" in event)
    assert "SUMMARY:科艺节：美术作品展\r\n" in whole_day and "DTSTART;VALUE=DATE:20210407\r\n" in whole_day


def test_coming_events_sort_parts_of_the_day_among_clock_times(tmp_path: Path):
    root = real_project(tmp_path / "p")
    record = root / "data/festivals/2021-kiyi.yml"
    text = record.read_text(encoding="utf-8")
    text = text.replace("""programme:
  - date: 2021-04-06
    time: 下午
""", """programme:
  - date: 2021-04-06
    time: 晚上
    item: 文艺汇演
  - date: 2021-04-06
    time: 10:00-11:00
    item: 开幕式
  - date: 2021-04-06
    item: 美术作品展
  - date: 2021-04-06
    time: 下午
""")
    record.write_text(text, encoding="utf-8")
    site, problems = load_site(root / "data")
    assert not problems, problems.report()
    home = views.home(Context(site=site, today=dt.date(2021, 4, 1), site_url="https://example.edu.cn/"))
    coming = home.split("## 近期活动", 1)[1]
    # undated first, then by clock time, a part of the day where it falls (Markdown escapes the "-")
    assert re.findall(r"2021-04-06(?: (\S+))?　(\S+)", coming)[:4] == [
        ("", "美术作品展"), ("10:00\\-11:00", "开幕式"), ("下午", "“班班有歌声”合唱比赛第一场"), ("晚上", "文艺汇演")]
    page = views.record_page(Context(site=site, today=dt.date(2021, 4, 1), site_url="https://example.edu.cn/"),
                             "festivals", "2021-kiyi")
    assert '<span class="sp-day__time"></span><span class="sp-day__item">美术作品展</span>' in page  # no "全天"


def test_names_in_a_decision_text_follow_the_list_policy(tmp_path: Path):
    root = real_project(tmp_path / "p")
    record = root / "data/honors/2012-school-merit.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("guardian_consent: true", "name_display: class_only"),
                      encoding="utf-8")
    page = views.record_page(context(root), "honors", "2012-school-merit")
    assert [name for name in PUPILS if name in page] == []
    assert "一名同学等54位同学评为“校优秀学生干部”" in page  # no class given: the safe wording


def test_a_festival_whose_end_was_not_published_says_so_everywhere(tmp_path: Path):
    root = real_project(tmp_path / "p")
    site, problems = load_site(root / "data")
    assert [note.human() for note in problems.notices if note.file.endswith("2021-kiyi.yml")] == [
        "data/festivals/2021-kiyi.yml:9:8: 提示：[活动节 2021-kiyi › start] 没有写结束日期（end）。学校公布了结束日期的，"
        "请写 end:；确实没有公布的可以不写：页面上写“结束日期未公布”，最后一项日程（没有日程时为开始日期）过后显示“已举行”。"]
    festival = site.of("festivals")["2021-kiyi"]
    # running until the last day the school dated (the last 合唱 session), then held: never "ended" on a made-up day
    assert [views.festival_state(festival, dt.date(2021, 4, day)) for day in (5, 6, 9, 10)] == [
        "即将举行", "进行中", "进行中", "已举行"]
    ctx = context(root)
    assert '<p class="sp-state sp-state--expired"><strong>已举行</strong>　2021-04-06 起（结束日期未公布）</p>' in \
        views.record_page(ctx, "festivals", "2021-kiyi")
    assert "  2021-04-06 起（结束日期未公布） · 已举行\n" in views.section_index(ctx, "festivals")
    assert views.describe.record_description("festivals", festival, "2021年科艺节") == \
        "2021年科艺节，主题“百年礼赞、我心向党”，2021年4月6日起。"
    assert "日期：2021-04-06 起（结束日期未公布）" in exports.summary(festival, "festivals")
    record = next(r for r in json.loads(exports.section_json(ctx, "festivals"))["records"] if r["id"] == "2021-kiyi")
    assert (record["start"], record["end"]) == ("2021-04-06", None)


def test_a_festival_without_an_end_is_a_start_day_in_the_calendar(tmp_path: Path):
    calendar = exports.calendar(context(real_project(tmp_path / "p")), "festivals").decode("utf-8")
    calendar = calendar.replace("\r\n ", "")  # long lines are folded (RFC 5545 3.1)
    edition = next(event for event in calendar.split("BEGIN:VEVENT")[1:] if "2021-kiyi-edition@" in event)
    # a DATE start without DTEND or DURATION is one day long (RFC 5545 3.6.1): its first day, no end invented
    assert "DTSTART;VALUE=DATE:20210406\r\n" in edition and "DTEND" not in edition and "DURATION" not in edition
    assert "SUMMARY:2021年科艺节开始\r\n" in edition
    assert "DESCRIPTION:主题：百年礼赞、我心向党\\n结束日期未公布\\nhttps://example.edu.cn/festivals/2021-kiyi/\r\n" in edition
    programme = [event for event in calendar.split("BEGIN:VEVENT")[1:] if "2021-kiyi-event-" in event]
    assert [("DTSTART;VALUE=DATE:20210406" in e, "DTSTART;VALUE=DATE:20210409" in e) for e in programme] == [
        (True, False), (False, True)]


def test_a_published_end_still_bounds_the_programme_and_the_state(tmp_path: Path):
    root = real_project(tmp_path / "p")
    record = root / "data/festivals/2021-kiyi.yml"
    record.write_text(record.read_text(encoding="utf-8").replace("start: 2021-04-06\n",
                                                                 "start: 2021-04-06\nend: 2021-04-08\n"), encoding="utf-8")
    assert problems_of(root) == ["data/festivals/2021-kiyi.yml:15:11: 错误：[活动节 2021-kiyi › programme 第2项 › date] "
                                 "日程日期（2021-04-09）不在活动起止日期（2021-04-06 至 2021-04-08）之内。"]
    record.write_text(record.read_text(encoding="utf-8").replace("end: 2021-04-08", "end: 2021-04-09"), encoding="utf-8")
    site, problems = load_site(root / "data")
    assert not problems and not [n for n in problems.notices if n.file.endswith("2021-kiyi.yml")]
    festival = site.of("festivals")["2021-kiyi"]
    assert views.festival_state(festival, dt.date(2021, 4, 10)) == "已结束"
    calendar = exports.calendar(context(root), "festivals").decode("utf-8")
    edition = next(event for event in calendar.split("BEGIN:VEVENT")[1:] if "2021-kiyi-edition@" in event)
    assert "DTEND;VALUE=DATE:20210410\r\n" in edition and "SUMMARY:2021年科艺节\r\n" in edition
