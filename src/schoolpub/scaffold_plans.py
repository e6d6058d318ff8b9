"""What `make new` fills into a template so the new record checks on the school as it is.

A template written blindly clashed at once with what the school already has (a fee notice for a
term already covered, a second 艺术节 in one year, a document number already used). Each plan
reads the school's valid records and picks what is still free: the next term without a fee
notice, a festival not yet held this year with the next edition number, an unused document
number. It also says, in Chinese, what it picked and why, so the teacher knows what to change.
Nothing here is a fact about the school: every value is an example staff replace.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

import yaml

from .content.fee_terms import Term, covered_for, first_free, term_of_day, terms_of
from .content.festivals import FESTIVAL_KINDS

DEFAULT_SCHOOL = "示例市实验小学"
DEFAULT_PAYERS = "一至六年级全体学生"
DEFAULT_PREFIX = "示实小"
FESTIVAL_SLUGS = {"艺术节": "art", "体育节": "sports", "科技节": "science", "读书节": "reading", "象棋节": "chess",
                  "劳动周": "labor"}
FESTIVAL_THEMES = {"艺术节": "童心向党 艺润成长", "体育节": "阳光运动 健康成长", "科技节": "科技点亮梦想",
                   "读书节": "书香润童心", "象棋节": "棋行天下 智慧人生", "劳动周": "劳动创造美好"}
DOCUMENT_NUMBER = re.compile(r"(?P<prefix>.+)〔(?P<year>\d{4})〕(?P<serial>\d+)号")


class ScaffoldError(Exception):
    """Shown to staff as written: what they must decide before a record can be made."""


@dataclass(frozen=True)
class Plan:
    base_id: str  # the file name to start from; a taken one gets -2, -3…
    values: dict[str, str] = field(default_factory=dict)  # {{PLACEHOLDER}} → text
    note: str = ""  # what was picked and why, in Chinese


def plan(kind: str, site: Any, today: dt.date) -> Plan:
    """The plan for a new record of `kind`; `site` is the school's valid data (None: an empty school)."""
    school = site.school if site is not None else None
    records = site.of(kind) if site is not None else {}
    name = school.name if school is not None else DEFAULT_SCHOOL
    common = {"SCHOOL_NAME": yaml_scalar(name), "RULES_TITLE": yaml_scalar(f"{name}家校沟通制度")}
    if kind == "fees":
        chosen = fee_plan(records, school, today)
    elif kind == "festivals":
        chosen = festival_plan(records, today)
    elif kind == "regulations":
        others = site.of("honors") if site is not None else {}
        chosen = regulation_plan(records, others, today)
    else:
        chosen = Plan(today.isoformat())
    return Plan(chosen.base_id, common | chosen.values, chosen.note)


def yaml_scalar(text: str) -> str:
    """A value from the school's data as it can stand after `key: ` in a template (quoted when
    plain YAML would read it otherwise, e.g. a colon or a # in it)."""
    try:
        if yaml.safe_load(f"key: {text}") == {"key": text}:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


# -- fee notices ------------------------------------------------------------------------------

def fee_plan(notices: dict[str, Any], school: Any, today: dt.date) -> Plan:
    """The first term from today's on without a notice for the same payers as the latest notice."""
    dated = sorted((notice.issued, record_id) for record_id, notice in notices.items() if terms_of(notice))
    payers = notices[dated[-1][1]].payers if dated else DEFAULT_PAYERS
    start = term_of_day(today)
    term = first_free(covered_for(notices.values(), payers), start)
    lead = school.site.fee_notice_lead_days if school is not None else 7
    collection = max(term.nominal_start, today + dt.timedelta(days=lead))
    values = {"FEE_SCHOOL_YEAR": term.school_year, "FEE_TERM": term.name, "LEAD_DAYS": str(lead),
              "PAYERS_LINE": f"payers: {yaml_scalar(payers)}" if payers else f"# payers: {DEFAULT_PAYERS}",
              "COLLECTION_START": collection.isoformat(),
              "DISPLAY_END": (collection + dt.timedelta(days=30)).isoformat()}
    taken = _covering(notices, payers, start, term)
    note = (f"这份是 {term.label}的收费公示" + (f"（{'；'.join(taken)}）" if taken else "") + "。"
            f"开始收费日期先写成 {collection}，公示期从今天开始，请按学校的实际安排修改"
            f"（公示要比开始收费至少提前 {lead} 天）。要修改已有的公示，请直接改原来的文件，并删去这个新文件。")
    return Plan(term.record_id, values, note)


def _covering(notices: dict[str, Any], payers: Optional[str], start: Term, chosen: Term) -> list[str]:
    """For each term skipped on the way to `chosen`: which notice has it, and until when it is shown."""
    said = []
    term = start
    while term != chosen:
        record_id, notice = next((record_id, notice) for record_id, notice in sorted(notices.items())
                                 if notice.payers == payers and term in terms_of(notice))
        until = f"公示期到 {notice.display.end}" if notice.display else f"公示日期 {notice.issued}"
        said.append(f"{term.label}已经有 {record_id}.yml，{until}")
        term = term.following()
    return said


# -- festivals --------------------------------------------------------------------------------

def festival_plan(festivals: dict[str, Any], today: dt.date) -> Plan:
    """A festival not yet held this year (艺术节 first), numbered after its latest edition."""
    year = today.year
    held = [kind for kind in FESTIVAL_KINDS[:-1]
            if any(festival.display_name == kind and festival.year == year for festival in festivals.values())]
    kind = next((kind for kind in FESTIVAL_KINDS[:-1] if kind not in held), None)
    if kind is None:
        raise ScaffoldError(f"{year} 年的{'、'.join(held)}都已经有记录了，新建的活动一定会和它们重复。"
                            "要补充已有的一届，请直接修改那个文件；要记录学校自己的活动（例如 英语节），"
                            "请复制一个活动文件，把 kind 改成活动的名称。")
    edition, previous = _next_edition(festivals, kind, year)
    values = {"FESTIVAL_KIND": kind, "FESTIVAL_THEME": FESTIVAL_THEMES[kind], "FESTIVAL_ID": f"{year}-{FESTIVAL_SLUGS[kind]}",
              "EDITION_LINE": f"edition: {edition}" if edition else "# edition: 1"}
    why = f"{year} 年已经有{'、'.join(held)}，" if held else ""
    after = f"（上一届是 {previous}）" if previous else ""
    number = f"第 {edition} 届" if edition else "不写届次的"
    note = (f"{why}这份写成了 {year} 年{number}{kind}{after}。要写别的活动，请改 kind、year、start 和 edition，"
            "日期按学校的实际安排修改。")
    return Plan(f"{year}-{FESTIVAL_SLUGS[kind]}", values, note)


def _next_edition(festivals: dict[str, Any], kind: str, year: int) -> tuple[Optional[int], str]:
    """One more than the latest earlier edition; None when a later year's number leaves no room."""
    numbered = [(festival.year, festival.edition, record_id) for record_id, festival in festivals.items()
                if festival.display_name == kind and festival.edition is not None]
    earlier = max((entry for entry in numbered if entry[0] < year), default=None)
    edition = earlier[1] + 1 if earlier else 1
    if any(later_year > year and later_edition <= edition for later_year, later_edition, _ in numbered):
        return None, ""
    return edition, f"{earlier[2]}.yml 第 {earlier[1]} 届" if earlier else ""


# -- regulations ------------------------------------------------------------------------------

def regulation_plan(regulations: dict[str, Any], honors: dict[str, Any], today: dt.date) -> Plan:
    """A document number in the school's own form, this year, one past the highest already used."""
    records = list(regulations.values()) + list(honors.values())
    numbers = {record.number for record in records if record.number}
    latest = max(((regulation.adopted_on, regulation.number) for regulation in regulations.values()
                  if regulation.number and DOCUMENT_NUMBER.fullmatch(regulation.number)), default=None)
    prefix = DOCUMENT_NUMBER.fullmatch(latest[1])["prefix"] if latest else DEFAULT_PREFIX
    serials = [int(match["serial"]) for number in numbers if (match := DOCUMENT_NUMBER.fullmatch(number))
               and match["prefix"] == prefix and int(match["year"]) == today.year]
    number = f"{prefix}〔{today.year}〕{max(serials, default=0) + 1}号"
    used = f"{today.year} 年已经用到第 {max(serials)} 号" if serials else f"{today.year} 年还没有用过这样的文号"
    note = f"文号先写成 {number}（{used}），请改成学校发文的实际文号；没有文号就删掉 number 这一行。"
    return Plan(today.isoformat(), {"NUMBER": number}, note)
