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

from typing import Any

from .. import urls
from ..content import RECORD_TYPES, by_name
from ..wording import MAX_LENGTH, chinese_date, plain  # noqa: F401  (templates and tests use them here)
from ..wording import period as _period


# -- records -----------------------------------------------------------------------------

def record_description(type_name: str, record: Any, title: str) -> str:
    """The record's own sentence (Publishing.description of its content type, in content/<type>.py)."""
    return by_name(type_name).publishing.description(record, title)


# -- the pages in docs/ -------------------------------------------------------------------

SECTION_TEXT = {
    "index.md": None,  # the home page: motto and what the site holds (below)
    **{f"{t.name}/index.md": f"{t.label}：{t.publishing.about}" for t in RECORD_TYPES},  # Publishing.about
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
    if record is not None and record.share_photo():
        original = record.share_photo()
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
