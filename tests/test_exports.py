"""Feeds, calendars and open data: parsed with real parsers, checked against the demo data."""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from lxml import etree

from conftest import MINIMAL, REPO
from test_build import build, site_project

from schoolpub import exports, privacy, site_scan
from schoolpub.context import Context
from schoolpub.loader import load_site
from schoolpub.site import Site

URL = "https://example.edu.cn/"
SHANGHAI = ZoneInfo("Asia/Shanghai")
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def site() -> Site:
    site, problems = load_site(REPO / "data")
    assert not problems.sorted()
    return site


@pytest.fixture(scope="module")
def context(site) -> Context:
    return Context(site=site, today=dt.date(2026, 11, 23), site_url=URL)


@pytest.fixture(scope="module")
def files(context) -> dict[str, bytes | str]:
    return exports.all_exports(context)


def as_bytes(content: bytes | str) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def with_record(context: Context, section: str, record_id: str, **changes) -> Context:
    """The context with one record changed (bypassing validation: for what the gate would refuse too)."""
    records = {name: dict(of) for name, of in context.site.records.items()}
    records[section][record_id] = records[section][record_id].model_copy(update=changes)
    return dataclasses.replace(context, site=dataclasses.replace(context.site, records=records))


def with_school(context: Context, **settings) -> Context:
    school = context.site.school
    school = school.model_copy(update={"site": school.site.model_copy(update=settings)})
    return dataclasses.replace(context, site=dataclasses.replace(context.site, school=school))


def events_of(content: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    events = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in events, f"duplicate UID {uid}"
        events[uid] = event
    return events


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


# -- where everything lives ----------------------------------------------------------

def test_every_export_has_its_documented_path(files):
    assert list(files) == [
        "feeds/all.xml", "feeds/affairs.xml", "feeds/fees.xml", "feeds/honors.xml", "feeds/festivals.xml",
        "feeds/regulations.xml",
        "calendar/all.ics", "calendar/festivals.ics", "calendar/fees.ics", "calendar/affairs.ics",
        "calendar/regulations.ics",
        "data/v1/school.json", "data/v1/affairs.json", "data/v1/fees.json", "data/v1/honors.json",
        "data/v1/festivals.json", "data/v1/regulations.json", "data/v1/fees.csv", "data/v1/honors.csv",
        "data/v2/fees.json", "data/v2/fees.csv",
        # the 信息公开工作年度报告 of every year something was filed (newest first)
        *(f"data/v1/reports/{year}.{suffix}" for year in range(2026, 2018, -1) for suffix in ("json", "csv")),
    ]
    assert {Path(path).suffix for path in files} <= site_scan.SCANNED_SUFFIXES  # the output scan reads them all


# -- Atom -----------------------------------------------------------------------------

def test_fee_feed_has_the_notice_with_its_chinese_title_and_data_date(files):
    feed = feedparser.parse(files["feeds/fees.xml"])
    assert not feed.bozo
    assert feed.feed.title == "示例市实验小学 · 收费公示"
    assert feed.feed.id == "https://example.edu.cn/feeds/fees.xml"
    assert feed.feed.language == "zh-CN"
    assert feed.feed.updated == "2026-11-18T00:00:00+08:00"  # the newest entry's date, not the build's
    assert [link.rel for link in feed.feed.links] == ["alternate", "self"]
    assert [e.id for e in feed.entries] == [f"{URL}fees/{i}/" for i in (
        "2027-spring", "2026-autumn", "2026-spring", "2025-autumn", "2025-spring", "2024-autumn")]
    entry = feed.entries[0]
    assert entry.title == "示例市实验小学2026-2027学年第二学期收费公示"
    assert entry.link == "https://example.edu.cn/fees/2027-spring/"
    assert entry.updated == "2026-11-18T00:00:00+08:00"  # issued: 2026-11-18
    assert entry.published == "2026-11-18T00:00:00+08:00"
    assert entry.summary_detail.type == "text/plain"
    assert entry.summary == ("2026-2027学年第二学期；收费范围：一至六年级全体学生；公示期：2026-11-20 至 2027-03-10；"
                             "开始收费：2027-02-22；收费项目：住宿费、课后服务费、午餐费、作业本费")
    assert [(tag.term, tag.label) for tag in entry.tags] == [("fees", "收费公示")]


def test_every_section_feed_summarises_its_records(files):
    festival = next(e for e in feedparser.parse(files["feeds/festivals.xml"]).entries
                    if e.id == f"{URL}festivals/2026-chess/")
    assert festival.title == "2026年第5届象棋节"
    assert festival.summary == "主题：棋行天下 智慧童年；日期：2026-12-07 至 2026-12-18；地点：室内体育馆；日程 6 项"
    honors = feedparser.parse(files["feeds/honors.xml"])
    calligraphy = next(e for e in honors.entries if e.id == f"{URL}honors/2024-provincial-calligraphy/")
    assert calligraphy.summary == "省级；颁发单位：示例省教育厅；获奖对象：学生；获奖日期：2024-05-28；获奖名单 4 项"
    rule = next(e for e in feedparser.parse(files["feeds/regulations.xml"]).entries
                if e.id == f"{URL}regulations/2020-canteen/")
    assert rule.updated == "2024-08-31T00:00:00+08:00"  # repealed_on is its last change
    assert "状态：被替代" in rule.summary and "停止施行：2024-08-31" in rule.summary
    for section in exports.SECTIONS:
        assert len(feedparser.parse(files[f"feeds/{section}.xml"]).entries) > 0


def test_the_all_feed_is_the_newest_fifty_across_sections(files, site):
    feed = feedparser.parse(files["feeds/all.xml"])
    assert not feed.bozo
    assert feed.feed.title == "示例市实验小学 · 最新公开信息"
    assert len(feed.entries) == exports.FEED_LIMIT == 50  # of the demo's 57 records
    ids = [entry.id for entry in feed.entries]
    assert len(set(ids)) == 50
    dates = [entry.updated for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert feed.feed.updated == dates[0]
    assert {tag.term for entry in feed.entries for tag in entry.tags} == set(exports.SECTIONS)


def test_entry_ids_stay_and_a_later_git_date_wins(context, files):
    again = exports.atom_feed(dataclasses.replace(context, today=dt.date(2030, 1, 1)))
    assert again == as_bytes(files["feeds/all.xml"])  # the build day changes nothing
    committed = dataclasses.replace(context, updated={"data/fees/2027-spring.yml": dt.date(2026, 11, 25),
                                                      "data/fees/2026-autumn.yml": dt.date(2020, 1, 1)})
    feed = feedparser.parse(exports.atom_feed(committed, "fees"))
    entries = {entry.id: entry for entry in feed.entries}
    assert entries[f"{URL}fees/2027-spring/"].updated == "2026-11-25T00:00:00+08:00"
    assert entries[f"{URL}fees/2026-autumn/"].updated == "2026-08-14T00:00:00+08:00"  # data date is later
    assert feed.feed.updated == "2026-11-25T00:00:00+08:00"
    before = [e.id for e in feedparser.parse(files["feeds/fees.xml"]).entries]
    assert sorted(entries) == sorted(before)


def test_feed_text_is_escaped_and_no_clock_time_or_foreign_generator(context):
    hostile = with_record(context, "fees", "2027-spring", title="<script>alert(1)</script> & ]]>",
                          payers="一年级 <b>全体</b>")
    xml = exports.atom_feed(hostile, "fees")
    assert b"<script>" not in xml and b"<b>" not in xml
    root = etree.fromstring(xml)
    atom = {"a": "http://www.w3.org/2005/Atom"}
    assert root.xpath("string(a:entry[1]/a:title)", namespaces=atom) == "<script>alert(1)</script> & ]]>"
    assert "收费范围：一年级 <b>全体</b>" in root.xpath("string(a:entry[1]/a:summary)", namespaces=atom)
    assert root.xpath("string(a:generator)", namespaces=atom) == "schoolpub"
    assert root.xpath("a:generator/@uri | a:generator/@version", namespaces=atom) == []
    assert b"lastBuildDate" not in xml and b"feedgen" not in xml


def test_feedgen_clock_is_never_used(context, files, monkeypatch):
    import feedgen.entry
    import feedgen.feed

    class AnyDatetime(type):
        def __instancecheck__(cls, value):
            return isinstance(value, dt.datetime)

    class Frozen(metaclass=AnyDatetime):  # feedgen's `datetime`: now() is another day, isinstance still works
        @staticmethod
        def now(tz=None):
            return dt.datetime(1999, 1, 2, 3, 4, 5, tzinfo=tz)

    monkeypatch.setattr(feedgen.feed, "datetime", Frozen)
    monkeypatch.setattr(feedgen.entry, "datetime", Frozen)
    for section in (None, *exports.SECTIONS):
        assert exports.atom_feed(context, section) == as_bytes(files[exports.feed_path(section)])


# -- iCalendar ----------------------------------------------------------------------------

CHESS = [  # the demo's 2026 chess festival programme
    ("festivals-2026-chess-event-20261207-0810@example.edu.cn", dt.datetime(2026, 12, 7, 8, 10), dt.datetime(2026, 12, 7, 8, 40)),
    ("festivals-2026-chess-event-20261208@example.edu.cn", dt.date(2026, 12, 8), dt.date(2026, 12, 9)),
    ("festivals-2026-chess-event-20261211-1400@example.edu.cn", dt.datetime(2026, 12, 11, 14, 0), dt.datetime(2026, 12, 11, 16, 30)),
    ("festivals-2026-chess-event-20261214-1540@example.edu.cn", dt.datetime(2026, 12, 14, 15, 40), dt.datetime(2026, 12, 14, 16, 40)),
    ("festivals-2026-chess-event-20261216-1540@example.edu.cn", dt.datetime(2026, 12, 16, 15, 40), dt.datetime(2026, 12, 16, 17, 0)),
    ("festivals-2026-chess-event-20261218-1400@example.edu.cn", dt.datetime(2026, 12, 18, 14, 0), dt.datetime(2026, 12, 18, 15, 30)),
]


def test_festival_programme_events_in_beijing_time(files):
    content = files["calendar/festivals.ics"]
    calendar = icalendar.Calendar.from_ical(content)
    assert str(calendar["X-WR-CALNAME"]) == "示例市实验小学 · 活动节日程"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert b"DTSTART;TZID=Asia/Shanghai:20261207T081000\r\n" in content
    events = events_of(content)
    chess = {uid: event for uid, event in events.items() if uid.startswith("festivals-2026-chess-event-")}
    assert sorted(chess) == sorted(uid for uid, _, _ in CHESS)
    for uid, start, end in CHESS:
        event = chess[uid]
        if isinstance(start, dt.datetime):
            assert event.decoded("DTSTART") == start.replace(tzinfo=SHANGHAI)
            assert event.decoded("DTSTART").utcoffset() == dt.timedelta(hours=8)
            assert event.decoded("DTEND") == end.replace(tzinfo=SHANGHAI)
            assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
        else:  # all day: DATE values, the end exclusive
            assert type(event.decoded("DTSTART")) is dt.date and event.decoded("DTSTART") == start
            assert type(event.decoded("DTEND")) is dt.date and event.decoded("DTEND") == end
            assert event["DTSTART"].params["VALUE"] == "DATE"
    opening = chess[CHESS[0][0]]
    assert str(opening["SUMMARY"]) == "象棋节：开幕式" and str(opening["LOCATION"]) == "学校田径场"
    assert str(opening["URL"]) == "https://example.edu.cn/festivals/2026-chess/"
    assert opening.decoded("DTSTAMP") == dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.timezone.utc)  # start, 00:00 +08
    edition = events["festivals-2026-chess-edition@example.edu.cn"]
    assert str(edition["SUMMARY"]) == "2026年第5届象棋节"
    assert (edition.decoded("DTSTART"), edition.decoded("DTEND")) == (dt.date(2026, 12, 7), dt.date(2026, 12, 19))
    assert str(edition["TRANSP"]) == "TRANSPARENT"


def test_fee_display_period_is_all_day_with_an_exclusive_end(files):
    content = files["calendar/fees.ics"]
    assert icalendar.Calendar.from_ical(content).walk("VTIMEZONE") == []  # no timed events, no time zone
    events = events_of(content)
    display = events["fees-2027-spring-display@example.edu.cn"]
    assert str(display["SUMMARY"]) == "收费公示期：示例市实验小学2026-2027学年第二学期收费公示"
    assert display.decoded("DTSTART") == dt.date(2026, 11, 20)
    assert display.decoded("DTEND") == dt.date(2027, 3, 11)  # display ends 2027-03-10, inclusive
    assert b"DTSTART;VALUE=DATE:20261120\r\nDTEND;VALUE=DATE:20270311\r\n" in content
    assert display.decoded("DTSTAMP") == dt.datetime(2026, 11, 17, 16, 0, tzinfo=dt.timezone.utc)
    collection = events["fees-2027-spring-collection@example.edu.cn"]
    assert (collection.decoded("DTSTART"), collection.decoded("DTEND")) == (dt.date(2027, 2, 22), dt.date(2027, 2, 23))
    assert len(events) == 12  # six notices, each with a display period and a collection day


def test_disclosure_and_regulation_calendars(files, site):
    affairs = events_of(files["calendar/affairs.ics"])
    assert sorted(affairs) == sorted(f"affairs-{i}-display@example.edu.cn"
                                     for i, record in site.of("affairs").items() if record.display)
    lunch = affairs["affairs-2026-lunch-menu-display@example.edu.cn"]
    assert (lunch.decoded("DTSTART"), lunch.decoded("DTEND")) == (dt.date(2026, 11, 16), dt.date(2026, 12, 16))
    rules = events_of(files["calendar/regulations.ics"])
    safety = rules["regulations-2021-student-safety-effective@example.edu.cn"]
    assert str(safety["SUMMARY"]) == f"施行：{site.of('regulations')['2021-student-safety'].title}"
    assert (safety.decoded("DTSTART"), safety.decoded("DTEND")) == (dt.date(2021, 9, 1), dt.date(2021, 9, 2))
    assert str(rules["regulations-2020-epidemic-prevention-repealed@example.edu.cn"]["SUMMARY"]).startswith("废止：")
    assert str(rules["regulations-2020-canteen-repealed@example.edu.cn"]["SUMMARY"]).startswith("停止施行：")
    assert len(rules) == 11 + 2  # every rule's effective date, and two repeals


def test_the_all_calendar_is_every_calendar_with_unique_stable_uids(context, files):
    everything = events_of(files["calendar/all.ics"])
    parts: dict[str, icalendar.Event] = {}
    for kind in exports.CALENDARS:
        parts.update(events_of(files[f"calendar/{kind}.ics"]))
    assert sorted(everything) == sorted(parts)
    assert all(re.fullmatch(r"(festivals|fees|affairs|regulations)-[a-z0-9-]+@example\.edu\.cn", uid)
               for uid in everything)
    assert str(icalendar.Calendar.from_ical(files["calendar/all.ics"])["X-WR-CALNAME"]) == "示例市实验小学 · 校历"
    later = dataclasses.replace(context, today=dt.date(2031, 5, 1),
                                updated={"data/festivals/2026-chess.yml": dt.date(2026, 12, 20)})
    again = events_of(exports.calendar(later))
    assert sorted(again) == sorted(everything)  # UIDs do not depend on the day or on git
    assert again["festivals-2026-chess-edition@example.edu.cn"].decoded("DTSTAMP") == \
        dt.datetime(2026, 12, 19, 16, 0, tzinfo=dt.timezone.utc)  # the git date, when later


def test_two_events_at_the_same_time_get_distinct_uids(context):
    festival = context.site.of("festivals")["2026-chess"]
    twice = festival.programme + [festival.programme[0], festival.programme[1]]
    uids = list(events_of(exports.calendar(with_record(context, "festivals", "2026-chess", programme=twice),
                                           "festivals")))
    assert "festivals-2026-chess-event-20261207-0810-2@example.edu.cn" in uids
    assert "festivals-2026-chess-event-20261208-2@example.edu.cn" in uids


def test_an_empty_section_still_gives_valid_files(context):
    empty = dataclasses.replace(context, site=dataclasses.replace(
        context.site, records={**context.site.records, "fees": {}}))
    feed = feedparser.parse(exports.atom_feed(empty, "fees"))
    assert not feed.bozo and feed.entries == []
    assert feed.feed.updated == feedparser.parse(exports.atom_feed(empty)).entries[0].updated  # newest anywhere
    assert events_of(exports.calendar(empty, "fees")) == {}
    assert json.loads(exports.section_json(empty, "fees"))["records"] == []
    assert csv_rows(exports.fees_csv(empty)) == [list(exports.FEES_COLUMNS)]


# -- open data -----------------------------------------------------------------------------

def test_every_json_is_versioned_and_links_each_record(files, site):
    for section in exports.SECTIONS:
        data = json.loads(files[f"data/v1/{section}.json"])
        assert data["schema_version"] == 1 and data["section"] == section
        assert data["url"] == f"{URL}{section}/" and data["count"] == len(site.of(section))
        assert sorted(r["id"] for r in data["records"]) == sorted(site.of(section))
        for record in data["records"]:
            assert record["url"] == f"{URL}{section}/{record['id']}/"
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["filed_on"])
            assert "guardian_consent" not in record
    school = json.loads(files["data/v1/school.json"])
    assert school["schema_version"] == 1 and school["school"]["name"] == "示例市实验小学"
    fees = next(s for s in school["sections"] if s["section"] == "fees")
    assert fees == {"section": "fees", "label": "收费公示", "url": f"{URL}fees/", "count": 6,
                    "json": f"{URL}data/v1/fees.json", "csv": f"{URL}data/v1/fees.csv",
                    "feed": f"{URL}feeds/fees.xml", "calendar": f"{URL}calendar/fees.ics"}


def test_money_is_an_exact_string_and_dates_are_iso(files, context):
    notice = next(r for r in json.loads(files["data/v1/fees.json"])["records"] if r["id"] == "2027-spring")
    assert [item["amount"] for item in notice["items"]] == ["450.00", "300.00", "12.00", "18.00"]
    assert notice["display"] == {"start": "2026-11-20", "end": "2027-03-10"}
    assert notice["issued"] == "2026-11-18" and notice["collection_start"] == "2027-02-22"
    assert notice["items"][0]["basis"] == {"issuer": "示例市发展和改革委员会、示例市教育局",
                                           "document": "示发改价格〔2026〕9号"}
    items = context.site.of("fees")["2027-spring"].items
    odd = [items[0].model_copy(update={"amount": Decimal("1200.5")}),
           items[1].model_copy(update={"amount": Decimal("0.1")})]
    changed = json.loads(exports.section_json(with_record(context, "fees", "2027-spring", items=odd), "fees"))
    assert [i["amount"] for i in changed["records"][0]["items"]] == ["1200.50", "0.10"]


def test_pupils_names_are_masked_as_on_the_site(files, context, site):
    honors = {r["id"]: r for r in json.loads(files["data/v1/honors.json"])["records"]}
    calligraphy = honors["2024-provincial-calligraphy"]
    assert calligraphy["name_display"] == "masked"
    assert [p["name"] for p in calligraphy["recipients"]] == ["欧阳**", "王*", "迪***·**", "林***"]
    assert [p["name"] for p in honors["2026-city-science"]["recipients"]] == ["上官**", "努***·***", "赵*", "欧阳**"]
    assert [p["name"] for p in honors["2026-excellent-teachers"]["recipients"]][:2] == ["黄淑芬", "何静"]  # adults
    rows = csv_rows(as_bytes(files["data/v1/honors.csv"]))
    assert rows[0] == ["编号", "标题", "获奖日期", "颁发单位", "级别", "获奖对象", "姓名或名称", "班级或学科", "奖项", "网址",
                       "奖项组", "阶段", "文号", "公布人数"]
    assert [r[6] for r in rows if r[0] == "2024-provincial-calligraphy"] == ["欧阳**", "王*", "迪***·**", "林***"]
    assert [r[6:9] for r in rows if r[0] == "2024-civilized-campus"] == [["示例市实验小学", "", "示例市文明校园"]]
    pupils = [p.name for b in site.of("honors").values() for g in b.award_groups() if g.pupils for p in g.people]
    assert len(pupils) == 14 + 216 + 32 + 5  # small lists, the 2026 decision (三好学生, 干部), the candidate list
    for path, content in files.items():
        text = as_bytes(content).decode("utf-8")
        assert [name for name in pupils if name in text] == [], path


def test_name_policies_apply_to_open_data(context):
    only_class = with_school(context, student_names="class_only")
    data = json.loads(exports.section_json(only_class, "honors"))
    batch = next(r for r in data["records"] if r["id"] == "2024-provincial-calligraphy")
    assert batch["name_display"] == "class_only"
    assert [p["name"] for p in batch["recipients"]] == ["五年级（3）班同学", "四年级（1）班同学",
                                                        "五年级（6）班同学", "六年级（2）班同学"]
    rows = csv_rows(exports.honors_csv(only_class))
    assert [r[6] for r in rows if r[0] == "2024-provincial-calligraphy"][0] == "五年级（3）班同学"
    full = with_record(context, "honors", "2024-provincial-calligraphy", name_display="full")
    batch = next(r for r in json.loads(exports.section_json(full, "honors"))["records"]
                 if r["id"] == "2024-provincial-calligraphy")
    assert batch["recipients"][0]["name"] == "欧阳思远"  # full names only when the batch says so


def test_fee_csv_has_one_row_per_item_with_a_bom(files, site):
    content = as_bytes(files["data/v1/fees.csv"])
    assert content.startswith(BOM + "编号,标题,学年".encode("utf-8"))
    assert b"\r\n" in content and content.count(b"\n") == content.count(b"\r\n")
    rows = csv_rows(content)
    assert rows[0] == list(exports.FEES_COLUMNS)
    assert len(rows) - 1 == sum(len(notice.items) for notice in site.of("fees").values())
    lodging = next(r for r in rows if r[0] == "2027-spring" and r[9] == "住宿费")
    assert dict(zip(rows[0], lodging)) == {
        "编号": "2027-spring", "标题": "示例市实验小学2026-2027学年第二学期收费公示", "学年": "2026-2027",
        "学期": "第二学期", "收费范围": "一至六年级全体学生", "公示开始": "2026-11-20", "公示结束": "2027-03-10",
        "公示日期": "2026-11-18", "开始收费日期": "2027-02-22", "收费项目": "住宿费", "收费类别": "住宿费",
        "收费标准（元）": "450.00", "计费单位": "元/生·学期", "是否自愿": "否", "收费对象": "住校生",
        "批准机关": "示例市发展和改革委员会、示例市教育局", "文件文号": "示发改价格〔2026〕9号", "备注": "",
        "网址": "https://example.edu.cn/fees/2027-spring/"}


def test_csv_cells_never_become_formulas(context):
    rows = csv_rows(exports.fees_csv(with_record(context, "fees", "2027-spring", title='=HYPERLINK("x","点")')))
    assert next(r for r in rows if r[0] == "2027-spring")[1] == "'=HYPERLINK(\"x\",\"点\")"


# -- privacy and determinism ----------------------------------------------------------------

def unfolded(text: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", text)  # iCalendar folds long lines; a number may be split across two


def test_no_export_carries_an_id_or_mobile_number(files, site, tmp_path):
    public = [phone.number for phone in site.school.phones]
    for path, content in files.items():
        text = as_bytes(content).decode("utf-8")
        assert privacy.find_leaks(unfolded(text), public) == [], path
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(as_bytes(content))
    assert site_scan.scan_site(tmp_path, public) == []


def test_generating_twice_is_byte_identical(context, files):
    assert exports.all_exports(context) == files
    other_day = exports.all_exports(dataclasses.replace(context, today=dt.date(2024, 1, 1)))
    assert other_day == files  # nothing depends on the build day


def test_subscribe_links_are_relative_to_the_section_page(context):
    assert exports.subscribe_links(context, "fees") == (
        "订阅：[订阅更新（Atom）](../feeds/fees.xml) · [日历（.ics）](../calendar/fees.ics)"
        " · 开放数据：[JSON](../data/v1/fees.json) [CSV](../data/v1/fees.csv)\n{ .sp-subscribe }\n")
    assert exports.subscribe_links(context, "affairs") == (
        "订阅：[订阅更新（Atom）](../feeds/affairs.xml) · [日历（.ics）](../calendar/affairs.ics)"
        " · 开放数据：[JSON](../data/v1/affairs.json)\n{ .sp-subscribe }\n")
    assert exports.subscribe_links(context, "honors") == (
        "订阅：[订阅更新（Atom）](../feeds/honors.xml) · 开放数据：[JSON](../data/v1/honors.json)"
        " [CSV](../data/v1/honors.csv)\n{ .sp-subscribe }\n")
    assert exports.subscribe_links(context) == (
        "订阅：[订阅更新（Atom）](feeds/all.xml) · [日历（.ics）](calendar/all.ics)"
        " · 开放数据：[JSON](data/v1/school.json)\n{ .sp-subscribe }\n")
    with pytest.raises(ValueError):
        exports.subscribe_links(context, "../x")


# -- end to end ------------------------------------------------------------------------------

def test_the_build_publishes_every_export(tmp_path):
    project = site_project(tmp_path, MINIMAL / "data")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    site_dir = tmp_path / "out"
    for path in exports.all_exports(Context(site=load_site(MINIMAL / "data")[0], today=dt.date(2026, 11, 23),
                                            site_url=URL)):
        assert (site_dir / path).is_file(), path
    feed = feedparser.parse((site_dir / "feeds/all.xml").read_bytes())
    assert {entry.id for entry in feed.entries} == {f"{URL}{s}/sample/" for s in exports.SECTIONS}
    assert feed.feed.title == "测试市第一小学 · 最新公开信息"
    honors = json.loads((site_dir / "data/v1/honors.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in honors["records"][0]["recipients"]] == ["王*琪", "欧阳**"]
    assert (site_dir / "data/v1/fees.csv").read_bytes().startswith(BOM)
    events = events_of((site_dir / "calendar/festivals.ics").read_bytes())
    assert events["festivals-sample-event-20250901-0830@example.edu.cn"].decoded("DTSTART") == \
        dt.datetime(2025, 9, 1, 8, 30, tzinfo=SHANGHAI)
