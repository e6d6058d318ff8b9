"""Section indexes that stay small as the years pile up.

Material renders every listed record into the page, so a section page listing ten years
of a school grows past what a phone should download (issue 12: 104 KB for the honour
index at 231 lists). A section page shows the latest records and links every year; each
year has its own page at a URL that never changes (`/affairs/years/2025/`), split into
numbered parts (`/affairs/years/2025-2/`) only when one year has more records than a page
holds. Ids of records cannot contain "/", so no record page can take one of these URLs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..content import RECORD_TYPES

# Records per page, set on each content type (Publishing.page_size): each keeps a page under 60 KB of
# HTML with long titles (measured with make bench-site; the honour index lists each record three times,
# in its three tabs). Tables here so a test can shrink a page.
SPLIT_SECTIONS = tuple(t.name for t in RECORD_TYPES if t.publishing.page_size)
PAGE_SIZE = {t.name: t.publishing.page_size for t in RECORD_TYPES if t.publishing.page_size}
INDEX_SIZE = {t.name: t.publishing.index_size for t in RECORD_TYPES if t.publishing.page_size}


@dataclass(frozen=True)
class YearPage:
    type_name: str
    year: int
    part: int  # 1, 2, … within the year
    parts: int
    records: tuple  # ((record_id, record), …), newest first

    @property
    def src_uri(self) -> str:
        return year_src(self.type_name, self.year, self.part)


def year_src(type_name: str, year: int, part: int = 1) -> str:
    # index.md in the folder of its URL, like a record page (views.record_src)
    return f"{type_name}/years/{year}/index.md" if part == 1 else f"{type_name}/years/{year}-{part}/index.md"


def by_year(records: list[tuple[str, Any]], date_of) -> dict[int, list[tuple[str, Any]]]:
    """Records (newest first) grouped by the year of their date, newest year first."""
    years: dict[int, list] = {}
    for record_id, record in records:
        years.setdefault(date_of(record).year, []).append((record_id, record))
    return years


def year_pages(type_name: str, records: list[tuple[str, Any]], date_of) -> list[YearPage]:
    """Every year page of a section; `records` newest first, as the section page sorts them."""
    if type_name not in SPLIT_SECTIONS:
        return []
    size = PAGE_SIZE[type_name]
    pages = []
    for year, in_year in by_year(records, date_of).items():
        chunks = [tuple(in_year[start:start + size]) for start in range(0, len(in_year), size)]
        pages += [YearPage(type_name, year, part, len(chunks), chunk) for part, chunk in enumerate(chunks, start=1)]
    return pages


def latest(type_name: str, records: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """What the section page itself lists: everything for a small section, else the latest records."""
    return records if type_name not in SPLIT_SECTIONS else records[:INDEX_SIZE[type_name]]
