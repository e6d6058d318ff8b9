"""Descriptions and link-preview data for every page: pure functions of the data.

What parents see when a link is forwarded in WeChat, QQ, DingTalk or Weibo is the
page's `<meta name="description">`, Open Graph tags (og:title, og:description,
og:image …) and schema.org microdata (`itemprop` name/description/image, which QQ
reads). The theme partial overrides/partials/schoolpub-meta.html writes the tags
from the page's front matter; this module computes the values:

- `description`: one plain-text sentence in Chinese (≤ MAX_LENGTH characters),
  from the record — never pupils' names;
- `share_image`: absolute URL of a published picture (a festival's first gallery
  photo when guardians consented, else the school logo), with its size;
- `og_type`: `article` for a record, `website` for the other pages.

Material writes `<meta name="description">` itself from `description`, so there is
exactly one per page.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import urls
from ..month_dates import MonthOnly

MAX_LENGTH = 120
_SPACE = re.compile(r"\s+")
_MARKUP = re.compile(r"[*_`#>|\[\]]")


def chinese_date(day: dt.date) -> str:
    """2025年9月1日; a date the source gives only to the month (fields.MonthOnly): 2017年1月."""
    if isinstance(day, MonthOnly):
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


def plain(text: str, limit: int = MAX_LENGTH) -> str:
    """One line of plain text, at most `limit` characters (cut with …)."""
    text = _SPACE.sub(" ", _MARKUP.sub("", text or "")).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip("，、；：,; ") + "…"


def _period(start: dt.date, end: dt.date) -> str:
    if start == end:
        return chinese_date(start)
    if start.year == end.year:
        return f"{chinese_date(start)}至{end.month}月{end.day}日"
    return f"{chinese_date(start)}至{chinese_date(end)}"


# -- one description per kind of record ------------------------------------------------

def fee_description(notice: Any) -> str:
    from ..content.fee_rules import choice
    from .fees import fee_totals, money, period_word, stated_term  # the fee arithmetic, shared with the page

    totals = fee_totals(notice)
    word = period_word(notice)  # a notice that names no term: its items' own period, or none (one-off items)
    per = f" 元/{word}" if word else " 元"
    parts = [f"收费项目 {len(notice.items)} 项"]
    if notice.grades:  # the amounts differ by grade: the page has the per-grade table
        parts.append("按年级收费")
    else:  # only totals that are known: an item that cannot be added up leaves its total out
        if totals.everyone:
            parts.append(f"每生必交合计 {money(totals.everyone)}{per}")
        parts += [f"{who}必交 {money(amount)}{per}" for who, amount in totals.some if amount]
    voluntary = sum(1 for item in notice.items if choice(item) != "必交")
    if voluntary:
        parts.append(f"自愿项目 {voluntary} 项")
    scope = f"收费范围{notice.payers}，" if notice.payers else ""
    shown = f"；公示期{_period(notice.display.start, notice.display.end)}" if notice.display else ""
    return plain(f"{stated_term(notice, '')}收费公示：{scope}{'，'.join(parts)}{shown}。")


def festival_description(festival: Any, title: str) -> str:
    where = f"，地点{festival.venue}" if festival.venue else ""
    when = _period(festival.start, festival.end) if festival.end else f"{chinese_date(festival.start)}起"
    return plain(f"{title}，主题“{festival.theme}”，{when}{where}。")


def regulation_description(regulation: Any) -> str:
    number = f"（{regulation.number}）" if regulation.number else ""
    state = regulation.status
    if regulation.repealed_on and regulation.status != "现行":
        state += f"（{chinese_date(regulation.repealed_on)}起）"
    return plain(f"{regulation.category}{number}，状态：{state}，"
                 f"{chinese_date(regulation.effective)}起施行，{regulation.adopted_by}通过。")


def disclosure_description(disclosure: Any) -> str:
    shown = f"，公示期{_period(disclosure.display.start, disclosure.display.end)}" if disclosure.display else ""
    return plain(f"校务公开·{disclosure.category}：{disclosure.department}"
                 f"{chinese_date(disclosure.published)}发布{shown}。")


def honor_description(batch: Any) -> str:
    """Awards, level and date; counts of recipients but never a name or a class."""
    parts = []
    for group in batch.award_groups():
        awards = [group.award] if group.award else list(dict.fromkeys(r.award for r in group.recipients if r.award))
        count = group.headcount  # 等54位同学: the decision's number, not the names listed
        label = "、".join(awards) or "获奖"
        parts.append(f"{label}{count}{group.counter}" if count and group.recipient_kind != "学校" else label)
    what = "拟表彰名单公示" if batch.stage == "公示" else "获奖"
    return plain(f"{batch.level}{what}：{'；'.join(parts)}；{batch.issuer}，{chinese_date(batch.date)}。")


def record_description(type_name: str, record: Any, title: str) -> str:
    if type_name == "fees":
        return fee_description(record)
    if type_name == "festivals":
        return festival_description(record, title)
    if type_name == "regulations":
        return regulation_description(record)
    if type_name == "affairs":
        return disclosure_description(record)
    if type_name == "honors":
        return honor_description(record)
    raise ValueError(type_name)


# -- the pages in docs/ -------------------------------------------------------------------

SECTION_TEXT = {
    "index.md": None,  # the home page: motto and what the site holds (below)
    "affairs/index.md": "校务公开：按教育部中小学信息公开目录分类公开的学校事务，正在公示的事项单独标出。",
    "fees/index.md": "收费公示：每学期的收费项目、收费标准、收费依据、减免政策、退费办法和投诉电话。",
    "honors/index.md": "荣誉榜：学校、教师、学生和集体获得的奖项与荣誉，按年份和级别排列。",
    "festivals/index.md": "活动节：艺术节、体育节、科技节、读书节、象棋节、劳动周的日程、主题和结果。",
    "regulations/index.md": "规章制度：现行、已废止和被替代的学校制度全文及修订记录。",
    "about.md": None,  # the introduction (below)
}


def docs_page_description(school: Any, src_uri: str) -> str | None:
    """The description of a page in docs/ (home, sections, about), from school.yml."""
    if src_uri not in SECTION_TEXT:
        return None
    if src_uri == "index.md":
        return plain(f"{school.name}公开信息网：校务公开、收费公示、荣誉榜、活动节和规章制度。校训：{school.motto}。")
    if src_uri == "about.md":
        intro = (school.introduction or "").split("\n\n")[0]
        return plain(intro or f"{school.name}，地址：{school.address}。")
    return plain(f"{school.name}{SECTION_TEXT[src_uri]}")


# -- the picture of a link card --------------------------------------------------------

def share_image(context: Any, record: Any | None = None) -> dict | None:
    """{"url", "width", "height"} of the published picture a link card shows, or None.

    A festival's first gallery photo when guardians consented (the large JPEG rendition,
    never an original), else the school logo's large rendition."""
    original = None
    if record is not None and getattr(record, "gallery", None) and getattr(record, "guardian_consent", None) is True:
        original = record.gallery[0].photo
    elif context.school.logo:
        original = context.school.logo
    published = context.photos.get((original, "large")) if original else None
    if published is None:
        return None
    return {"url": urls.file_url(context.site_url, published.path), "width": published.width, "height": published.height}


def page_meta(title: str | None, description: str, image: dict | None, og_type: str) -> dict:
    """The front matter keys the theme partial reads (`description` is Material's too)."""
    meta: dict = {"description": description, "og_type": og_type}
    if title:
        meta["share_title"] = plain(title)
    if image:
        meta["share_image"] = image
    return meta


def docs_page_meta(context: Any, src_uri: str, meta: dict) -> dict:
    """What a page in docs/ gets: its own front matter first, then the school's data."""
    description = meta.get("description") or docs_page_description(context.school, src_uri)
    if not description:
        return {}
    added = page_meta(context.school.name if src_uri == "index.md" else None, description,
                      share_image(context), "website")
    return {key: value for key, value in added.items() if key not in meta}
