"""活动节: data/festivals/<id>.yml, one edition of a yearly festival each.

`kind` is the festival's own name for itself: the known kinds (艺术节, 体育节 …)
come first on the section page, and any other name a school uses (科艺节, 英语节,
心理健康月) is a kind of its own; the old `kind: 其他` with a `name` stays valid.
`edition` is optional: many schools number no editions, and a "第1届" nobody
published would be invented. So is `end`: a report that says the festival goes on
(“各项活动仍将继续推进”) gives no last day; the page then says so, and the festival
counts as running until its last dated programme item (`last_day`). A programme
item's `time` is a clock time or a part of the day (下午); without one, only the
date is shown.

A result names a class or a collective in `winner` (二年级（3）班, 民乐社团), or
people the way honour lists do (`recipient_kind` and `recipients`, content/
recipients.py): pupils are then masked as school.yml says and need the guardians'
consent, the festival's one `guardian_consent` for its photos and its names.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal, Optional

from pydantic import Field

from ..fields import PARTS_OF_DAY, Date, Flag, Line, Paragraphs, PhotoPath, Strict, TimeSpan, WholeNumber
from ..echo import quoted
from ..wording import chinese_date, period, plain
from .base import ContentType, Finding, Happening, Publishing, Record, oldest_first
from .recipients import Group, NameEntry
from .results import collectives_in, result_findings
from .school import NAME_DISPLAY

# The kinds most schools hold, in the order the section page lists them; any other name is allowed.
FESTIVAL_KINDS = ("艺术节", "体育节", "科技节", "读书节", "象棋节", "劳动周", "其他")
# Where a part of the day sorts among clock times (the home page's coming events); never shown.
_PART_STARTS = {"全天": "00:00", "上午": "08:00", "中午": "12:00", "下午": "13:00", "晚上": "18:00"}
_TITLE_IN_KIND = re.compile(r"\d{4}\s*年|第\s*[\d一二三四五六七八九十百]+\s*届")


class ProgrammeItem(Strict):
    date: Date = Field(title="日期", description="在活动起止日期之内；没有写结束日期时不早于开始日期")
    time: Optional[TimeSpan] = Field(
        None, title="时间",
        description="例如 08:30-10:00；只知道半天时写 上午、中午、下午或晚上，整天的活动写 全天；不写则只显示日期")
    item: Line = Field(title="活动内容", description="例如 开幕式暨班级合唱比赛")
    place: Optional[Line] = Field(None, title="地点", description="例如 学校礼堂")

    @property
    def starts(self) -> str:
        """Sort key within a day: the start time, a part of the day where it falls, undated first."""
        if not self.time:
            return ""
        return _PART_STARTS.get(self.time, self.time[:5])


RESULT_KINDS = ("学生", "教师", "集体")


class Result(Strict):
    item: Line = Field(title="比赛项目", description="例如 班级合唱")
    winner: Optional[Line] = Field(
        None, title="获奖班级或集体",
        description="班级或集体的名称，例如 二年级（3）班、民乐社团；几个班级并列同一奖项时用空格或顿号隔开，"
                    "例如 初一8班 初一3班；学生个人获奖不写这里，写 recipient_kind 和 recipients")
    award: Line = Field(title="奖项", description="例如 一等奖")
    recipient_kind: Optional[Literal[RESULT_KINDS]] = Field(  # type: ignore[valid-type]
        None, title="获奖对象", description="写 recipients 时填写：学生、教师或集体")
    recipients: list[NameEntry] = Field(
        default_factory=list, title="获奖名单",
        description="个人获奖时写，每个班级一项：unit 写班级，names 写同班学生的姓名（用空格或顿号隔开），"
                    "一个人也可以写 name；学生姓名按学校规定打码显示")

    def group(self, index: int) -> Group:
        """The result's people as an award group (a `winner` is one collective)."""
        if self.winner is not None:
            winners = tuple(NameEntry(name=name) for name in collectives_in(self.winner))
            return Group(self.award, "集体", winners, ("results", index, "winner"))
        return Group(self.award, self.recipient_kind or "学生", tuple(self.recipients), ("results", index, "recipients"))


class Photo(Strict):
    photo: PhotoPath = Field(title="照片", description="data/media/ 下的照片路径")
    caption: Line = Field(title="说明", description="照片的文字说明，也用作给视障读者的替代文字")


class Festival(Record):
    kind: Line = Field(
        title="活动类别", examples=[*FESTIVAL_KINDS[:-1], "科艺节", "英语节", "心理健康月"],
        description="艺术节、体育节、科技节、读书节、象棋节、劳动周，或学校自己的名称，例如 科艺节、英语节、心理健康月")
    name: Optional[Line] = Field(None, title="活动名称", description="和类别不同时填写，例如 类别 艺术节、名称 校园文化艺术节；"
                                                                  "类别写“其他”时必填")
    year: WholeNumber = Field(title="年份", ge=2000, le=2100, description="举办年份，例如 2025")
    edition: Optional[WholeNumber] = Field(
        None, title="届次", ge=1, le=500, description="第几届，例如 12；学校没有写届次就不填，网站上不显示“第几届”")
    theme: Line = Field(title="主题", description="例如 童心向党 艺润成长")
    start: Date = Field(title="开始日期")
    end: Optional[Date] = Field(None, title="结束日期",
                                description="学校公布了结束日期时填写；没有公布就不填，网站上写“结束日期未公布”")
    venue: Optional[Line] = Field(None, title="主要地点", description="例如 学校操场")
    programme: list[ProgrammeItem] = Field(default_factory=list, title="活动日程", description="每项一个活动")
    results: list[Result] = Field(
        default_factory=list, title="比赛结果",
        description="每个项目的每个奖项一项：班级或集体写 winner，学生个人写 recipient_kind: 学生 和 recipients")
    gallery: list[Photo] = Field(default_factory=list, title="活动照片", description="每张照片一项")
    name_display: Optional[NAME_DISPLAY] = Field(  # type: ignore[valid-type]
        None, title="学生姓名显示方式",
        description="比赛结果里的学生姓名：不填则按 school.yml 的设置；masked＝打码，class_only＝只显示班级，"
                    "full＝全名（须有监护人同意）")
    guardian_consent: Optional[Flag] = Field(
        None, title="监护人同意",
        description="公开学生照片或比赛结果里的学生姓名前，是否已取得监护人书面同意；这一项同时适用于照片和姓名")
    report: Optional[Paragraphs] = Field(None, title="活动报道", description="活动结束后的报道，可以用 Markdown")

    @property
    def display_name(self) -> str:
        return self.name or self.kind

    @property
    def last_day(self) -> dt.date:
        """The end, or without one the last day the school dated (a programme item, else the start)."""
        return self.end or max([self.start, *(event.date for event in self.programme)])

    def heading(self) -> str:
        edition = f"第{self.edition}届" if self.edition else ""  # never a "第1届" the school did not number
        return f"{self.year}年{edition}{self.display_name}"

    def filed_on(self) -> dt.date:
        return self.start

    def share_photo(self) -> str | None:
        """Its first gallery photo, only with the guardians' consent."""
        return self.gallery[0].photo if self.gallery and self.guardian_consent is True else None

    def media(self):
        for index, photo in enumerate(self.gallery):
            yield ("gallery", index, "photo"), photo.photo

    def result_groups(self) -> list[Group]:
        return [result.group(index) for index, result in enumerate(self.results)]

    @property
    def shows_pupils(self) -> bool:
        return any(group.pupils and group.recipients for group in self.result_groups())


def check_festival(record: Festival, site) -> list[Finding]:
    findings = []
    if record.kind == "其他" and not record.name:
        findings.append(Finding(("kind",), "类别是“其他”时，请在 name 里写活动名称，例如 name: 英语节；"
                                           "也可以直接写 kind: 英语节。"))
    if _TITLE_IN_KIND.search(record.kind):
        findings.append(Finding(("kind",), "活动类别只写活动的名称，例如 kind: 科艺节；年份写在 year，"
                                           "届次写在 edition（学校没有写届次就不填）。"))
    findings += _check_end(record)
    if record.year != record.start.year:
        findings.append(Finding(("year",), f"年份（{record.year}）和开始日期（{record.start}）不一致。"))
    if record.gallery and record.guardian_consent is not True:
        findings.append(Finding(("guardian_consent",) if record.guardian_consent is not None else ("gallery",),
                                "活动照片里通常有学生，发布前需要监护人同意：取得同意后请写 guardian_consent: true；"
                                "没有同意的照片请从 gallery 里删除。"))
    for index, event in enumerate(record.programme):
        if record.end is not None and not record.start <= event.date <= record.end:
            findings.append(Finding(("programme", index, "date"), f"日程日期（{event.date}）不在活动起止日期"
                                                                  f"（{record.start} 至 {record.end}）之内。"))
        elif event.date < record.start:
            findings.append(Finding(("programme", index, "date"), f"日程日期（{event.date}）早于活动开始日期"
                                                                  f"（{record.start}）。"))
    return findings + result_findings(record, site)


def _check_end(record: Festival) -> list[Finding]:
    if record.end is None:  # the school did not publish one: nothing to invent, a note so it is not forgotten
        return [Finding(("start",), "没有写结束日期（end）。学校公布了结束日期的，请写 end:；确实没有公布的可以不写："
                                    "页面上写“结束日期未公布”，最后一项日程（没有日程时为开始日期）过后显示“已举行”。",
                        notice=True)]
    if record.end < record.start:
        return [Finding(("end",), f"结束日期（{record.end}）早于开始日期（{record.start}），请检查是否写反了。")]
    if (record.end - record.start).days > 62:
        return [Finding(("end",), f"活动持续 {(record.end - record.start).days + 1} 天，超过两个月，请检查日期是否写错。")]
    return []


def check_festivals(records: dict[str, Festival], site):
    """One edition per festival and year; edition numbers, where given, grow with the years. Of two
    editions in one year, the later one (by start, then file name) is reported and names the earlier."""
    by_name: dict[str, list[tuple[str, Festival]]] = {}
    for record_id, record in oldest_first(records, lambda festival: festival.start):
        by_name.setdefault(record.display_name, []).append((record_id, record))
    for name, editions in by_name.items():
        first_of_year: dict[int, tuple[str, Festival]] = {}
        for record_id, record in editions:
            if record.year in first_of_year:
                yield record_id, _same_year(quoted(name), record_id, record, *first_of_year[record.year])
            else:
                first_of_year[record.year] = (record_id, record)
        # a year without an edition number says nothing about the order of the numbered ones
        numbered = sorted((pair for pair in editions if pair[1].edition is not None),
                          key=lambda pair: (pair[1].year, pair[1].edition, pair[0]))
        for (previous_id, previous), (record_id, record) in zip(numbered, numbered[1:]):
            if record.year != previous.year and record.edition <= previous.edition:
                yield record_id, Finding(("edition",), f"届次不对：{record_id}.yml 是 {record.year} 年第 {record.edition} "
                                                       f"届{quoted(name)}，但 {previous_id}.yml（{previous.year} 年）"
                                                       f"已经是第 {previous.edition} 届，{record.year} 年的届次应该更大。")


def _same_year(name: str, record_id: str, record: Festival, other_id: str, other: Festival) -> Finding:
    return Finding(("year",), f"{record_id}.yml（开始日期 {record.start}）和 {other_id}.yml（开始日期 {other.start}）"
                              f"都是 {record.year} 年的{name}。同一个活动每年只能有一条记录：是同一届的，请把内容合并到 "
                              f"{other_id}.yml，并删去 {record_id}.yml；是另一个活动的，请改 kind（或 name）；"
                              "是另一年的，请改 year 和 start。")


def kinds_in_order(kinds) -> list[str]:
    """The known kinds in their fixed order, then the schools' own names as first met, 其他 last."""
    present = list(dict.fromkeys(kinds))
    known = [kind for kind in FESTIVAL_KINDS if kind in present and kind != "其他"]
    own = [kind for kind in present if kind not in FESTIVAL_KINDS]
    return known + own + (["其他"] if "其他" in present else [])


def festival_dates(festival: Festival) -> str:
    """`2025-10-10 至 2025-10-20`, or `2021-04-06 起（结束日期未公布）`: never an end nobody published."""
    if festival.end is None:
        return f"{festival.start} 起（结束日期未公布）"
    return f"{festival.start} 至 {festival.end}"


def festival_description(festival: Festival, title: str) -> str:
    where = f"，地点{festival.venue}" if festival.venue else ""
    when = period(festival.start, festival.end) if festival.end else f"{chinese_date(festival.start)}起"
    return plain(f"{title}，主题“{festival.theme}”，{when}{where}。")


def festival_summary(record: Festival) -> list[str]:
    parts = [f"主题：{record.theme}", f"日期：{festival_dates(record)}"]
    if record.venue:
        parts.append(f"地点：{record.venue}")
    if record.programme:
        parts.append(f"日程 {len(record.programme)} 项")
    return parts


def festival_happenings(festival: Festival, title: str) -> list[Happening]:
    """The festival itself (its days; without a published end, its first day alone), then each programme
    item: at its clock time, else all day (a part of the day, 下午, has no time a calendar could show)."""
    unknown_end = "" if festival.end else "\n结束日期未公布"
    happenings = [Happening("edition", title if festival.end else f"{title}开始", festival.start, festival.end,
                            location=festival.venue, description=f"主题：{festival.theme}{unknown_end}")]
    seen: dict[str, int] = {}
    for item in festival.programme:
        clock = item.time if item.time and item.time not in PARTS_OF_DAY else None
        key = f"event-{item.date:%Y%m%d}" + (f"-{clock[:5].replace(':', '')}" if clock else "")
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"-{seen[key]}"
        # 下午: a day event that says when; 全天 is what a day event already is
        part = f"{item.time} " if item.time and not clock and item.time != "全天" else ""
        happenings.append(Happening(key, f"{festival.display_name}：{part}{item.item}", item.date, item.date, clock,
                                    item.place, f"{title}（主题：{festival.theme}）", transparent=False))
    return happenings


FESTIVALS = ContentType(name="festivals", label="活动节", model=Festival, check=check_festival, check_all=check_festivals,
                        publishing=Publishing(page_size=100, index_size=36, calendar="活动节日程", calendar_rank=0,
                                              description=festival_description, summary=festival_summary,
                                              happenings=festival_happenings, hint="艺术节、体育节、科技节、读书节等",
                                              about="艺术节、体育节、科技节、读书节、象棋节、劳动周的日程、主题和结果。",
                                              folder_words=("活动", "艺术节", "体育节", "科技节", "读书节", "festival"),
                                              governed_lists=("results", "gallery")))
