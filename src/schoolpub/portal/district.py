"""What the portal shows of each school: its snapshot read into notices and findings, pure data
for the views (views.py) and the district's open data (exports.py)."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Optional
from urllib.parse import quote, urlsplit

from .. import privacy, urls
from ..content.fee_rules import choice
from ..content.fee_sums import fee_standard, money, unit_after
from ..content.fee_terms import Term, terms_of
from ..views.facts import display_state
from .findings import DistrictRules, PortalFinding, current_term, school_findings
from .notices import PublishedNotice, read_notices

BEIJING = dt.timezone(dt.timedelta(hours=8))
STATUS_WORDS = {"ok": "正常", "stale": "暂时无法读取", "unavailable": "暂时无法读取"}
# what a URL may keep as written inside a Markdown link target: no space, parenthesis, bracket or quote
_URL_SAFE = ":/?#@!$&*+,;=%-._~"


def external_link(url: Any, site: str) -> Optional[str]:
    """A school's URL the portal may link to: http(s), on the school's own configured site; else None.
    Percent-encoded where Markdown would read it as syntax."""
    if not isinstance(url, str) or not urls.is_web_address(url) or not site:
        return None
    ours, theirs = urlsplit(site), urlsplit(urls.as_browser_sees(url))
    if (theirs.scheme.lower(), (theirs.hostname or "")) != (ours.scheme.lower(), (ours.hostname or "")):
        return None
    if theirs.port != ours.port or not theirs.path.startswith(ours.path or "/"):
        return None
    return quote(urls.as_browser_sees(url), safe=_URL_SAFE)


@dataclass(frozen=True)
class NoticeView:
    published: PublishedNotice
    link: Optional[str]  # its page on the school's own site
    state: str  # 公示中 / 未开始 / 已过公示期 / "" (no display period)
    findings: tuple[PortalFinding, ...]

    @property
    def notice(self) -> Any:
        return self.published.notice


@dataclass(frozen=True)
class SchoolView:
    id: str
    name: str
    site: Optional[str]  # the school's own site, when it is an http(s) address
    status: str  # ok / stale / unavailable
    reason: Optional[str]
    data_date: Optional[str]  # the school's own last change (a day, or a month), as it publishes it
    copy_date: Optional[dt.date]  # when the copy shown was read (Beijing time): a stale school's last good copy
    notices: tuple[NoticeView, ...]  # newest first
    unreadable: tuple[PublishedNotice, ...]
    findings: tuple[PortalFinding, ...]  # the school's (no notice this term), then every notice's
    current: Optional[NoticeView]  # the notice for this term, if any

    @property
    def status_word(self) -> str:
        return STATUS_WORDS.get(self.status, "暂时无法读取")

    @property
    def on_display(self) -> list[NoticeView]:
        return [view for view in self.notices if view.state == "公示中"]

    @property
    def archive(self) -> list[NoticeView]:
        return [view for view in self.notices if view.state != "公示中"]

    @property
    def school_findings(self) -> list[PortalFinding]:
        return [finding for finding in self.findings if finding.notice_id is None]


def _site_link(site: str) -> Optional[str]:
    return quote(site, safe=_URL_SAFE) if urls.is_web_address(site) else None


PERSONAL_NUMBER = "数据里有像身份证号或手机号的号码，没有收录（请学校检查后重新发布）"


def _public_phones(data: dict) -> list[str]:
    """The numbers the school itself publishes: its phones (school.json) and its notices' complaint phones."""
    about = (data.get("school") or {}).get("school") or {}
    phones = [phone["number"] for phone in about.get("phones") or ()]
    return phones + [phone["number"] for row in (data.get("fees") or {}).get("records") or ()
                     for phone in row.get("complaint_phones") or ()]


def _holds_personal_number(data: dict) -> bool:
    """The privacy gate before anything is rendered: one school's leak keeps that school out, where the
    gate on the output (build.py) would stop the whole portal."""
    return bool(privacy.find_leaks(json.dumps(data.get("fees"), ensure_ascii=False), _public_phones(data)))


def copy_date(snapshot: Any) -> Optional[dt.date]:
    """The day (Beijing time) the copy shown was read: a stale school's last good copy."""
    return snapshot.fetched_at.astimezone(BEIJING).date() if snapshot.fetched_at else None


def school_view(snapshot: Any, today: dt.date, rules: DistrictRules) -> SchoolView:
    entry = snapshot.school
    status, reason = snapshot.status, snapshot.reason
    if status != "unavailable" and _holds_personal_number(snapshot.data):
        status, reason = "unavailable", PERSONAL_NUMBER
    published = read_notices(snapshot.data.get("fees")) if status != "unavailable" else []
    readable = sorted((p for p in published if p.notice is not None),
                      key=lambda p: (p.notice.issued, p.id), reverse=True)
    findings = school_findings(published, today, rules) if status != "unavailable" else []
    views = tuple(NoticeView(p, external_link(p.url, entry.site), display_state(p.notice.display, today),
                             tuple(f for f in findings if f.notice_id == p.id)) for p in readable)
    term = current_term(today)
    current = next((view for view in views if term in terms_of(view.notice)), None)
    return SchoolView(entry.id, entry.name, _site_link(entry.site), status, reason, snapshot.data_date,
                      copy_date(snapshot), views, tuple(p for p in published if p.notice is None), tuple(findings),
                      current)


# -- the per-item comparison ----------------------------------------------------------------

@dataclass(frozen=True)
class ComparisonRow:
    school: SchoolView
    grade: str  # 一年级…, or 全部年级
    standard: str  # as published, with its unit
    choice: str  # 必交 / 自愿 / 按规定自愿
    amount: Optional[Decimal]  # for sorting; None: no fixed amount


def _rows(school: SchoolView, item: Any) -> list[ComparisonRow]:
    notice = school.current.notice
    chosen = choice(item)
    if notice.grades and item.prices and any(price.label in notice.grades for price in item.prices):
        return [ComparisonRow(school, price.label, f"{price.text}{unit_after(item.unit)}", chosen, price.amount)
                for price in item.prices if price.label in notice.grades]
    grades = "、".join(item.grades) if item.grades else (item.payers or "全部年级")
    return [ComparisonRow(school, grades, fee_standard(item), chosen, item.amount)]


def comparison(schools: list[SchoolView]) -> dict[str, dict[str, list[ComparisonRow]]]:
    """Item name → stage → rows, from each school's notice for this term."""
    table: dict[str, dict[str, list[ComparisonRow]]] = {}
    for school in schools:
        if school.current is None:
            continue
        stage = school.current.notice.stage or "学段未注明"
        for item in school.current.notice.items:
            table.setdefault(item.name, {}).setdefault(stage, []).extend(_rows(school, item))
    return {name: table[name] for name in sorted(table)}


def term_label(today: dt.date) -> str:
    term: Term = current_term(today)
    return term.label


__all__ = ["SchoolView", "NoticeView", "ComparisonRow", "school_view", "comparison", "external_link", "money"]
