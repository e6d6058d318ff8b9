"""信息公开工作年度报告: one calendar year of the site's disclosure work, counted from the records
and their history (history.py). Pure: the same site, histories and day give the same report.

Nothing here reads the build day: the figures of a year are those of the records dated in it and
the revisions committed in it, so two builds of one commit give the same report and open data
(the page alone says when the year is still running).

The report follows the section order of the State Council's format for disclosure annual reports
(国办公开办函〔2021〕30号: 总体情况, 主动公开, 依申请公开, …, 存在的主要问题及改进情况, 其他需要报告的
事项), which school reports use too; views/report.py renders it. What only the school knows (its
overview, requests received, problems) comes from data/annual-reports.yml; nothing is invented:
without the repository's history the report says that dates online and corrections are unknown.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from .content import RECORD_TYPES
from .month_dates import MonthOnly
from .views.facts import attachment_kind, record_date, record_title

LABELS = {content_type.name: content_type.label for content_type in RECORD_TYPES}


@dataclass(frozen=True)
class FeeTiming:
    """Whether a fee notice was up before collection started, and by how many days."""

    record_id: str
    title: str
    shown: dt.date  # the notice's display start (or its issue day): what the notice itself says
    collection_start: dt.date | None
    days_ahead: int | None  # collection_start − shown; None without a collection day or with a month only
    online: dt.date | None  # the first commit of its file (None without history)
    days_online: int | None  # collection_start − online
    lead_days: int  # what the school requires (school.yml site.fee_notice_lead_days)

    @property
    def on_time(self) -> bool | None:
        """By the notice's own dates; None when it states no collection day or only a month."""
        return None if self.days_ahead is None else self.days_ahead >= self.lead_days


@dataclass(frozen=True)
class Listed:
    """A record as the report lists it."""

    type_name: str
    record_id: str
    title: str
    date: dt.date
    detail: str = ""


@dataclass(frozen=True)
class Correction:
    type_name: str
    record_id: str
    title: str
    date: dt.date
    changes: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class AnnualReport:
    year: int
    counts: dict[str, int]  # content type → records filed in the year
    categories: list[tuple[str, str, int]]  # (code, name, disclosures) in the catalogue's order
    catalogue: Any
    fees: list[FeeTiming]
    honours: list[Listed]
    festivals: list[Listed]
    attachments: dict[str, int]  # kind (PDF, Excel 表格, JPG) → attachments of the year's records
    history: bool  # whether the repository's history was read
    history_note: str | None
    corrections: list[Correction] = field(default_factory=list)
    revisions: int = 0  # revisions of the year that are not corrections
    texts: Any = None  # content.report_texts.YearTexts, or None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def late_fees(self) -> list[FeeTiming]:
        return [timing for timing in self.fees if timing.on_time is False]

    @property
    def online_late(self) -> list[FeeTiming]:
        """Notices whose file reached the site's repository only after collection started: back-filled
        from an older site, or put up late; which of the two, only the school knows."""
        return [timing for timing in self.fees if timing.days_online is not None and timing.days_online < 0]


def report_years(site: Any, histories: Mapping) -> list[int]:
    """Every year something was filed or revised, newest first."""
    years = {record_date(record).year for _, _, record in _records(site)}
    years |= {revision.date.year for history in histories.values() for revision in history.revisions}
    return sorted(years, reverse=True)


def annual_report(site: Any, histories: Mapping, year: int) -> AnnualReport:
    return _report(site, histories, year, [(t, i, r) for t, i, r in _records(site) if record_date(r).year == year])


_last: tuple[Any, Mapping, dict[int, AnnualReport]] | None = None


def reports_of(site: Any, histories: Mapping) -> dict[int, AnnualReport]:
    """Every year's report, newest first, counted once for a build: its pages, JSON and CSV read
    the same objects (at 1,000 records each year's pass over all records cost ~12 ms, three times)."""
    global _last
    if _last is None or _last[0] is not site or _last[1] is not histories:
        by_year: dict[int, list] = {}
        for t, i, r in _records(site):
            by_year.setdefault(record_date(r).year, []).append((t, i, r))
        _last = (site, histories, {year: _report(site, histories, year, by_year.get(year, []))
                                   for year in report_years(site, histories)})
    return _last[2]


def report_of(site: Any, histories: Mapping, year: int) -> AnnualReport:
    """One year's report: from this build's reports, or counted afresh for a year that has none."""
    reports = reports_of(site, histories)
    return reports[year] if year in reports else annual_report(site, histories, year)


def _report(site: Any, histories: Mapping, year: int, filed: list) -> AnnualReport:
    counts = {t.name: sum(1 for kind, _, _ in filed if kind is t) for t in RECORD_TYPES}
    disclosures = Counter(r.category for t, _, r in filed if t.name == "affairs")
    categories = [(c.code, c.name, disclosures[c.name]) for c in site.catalogue.categories] if site.catalogue else []
    lead = site.school.site.fee_notice_lead_days if site.school else 7
    fees = [_fee_timing(i, r, histories.get(("fees", i)), lead) for t, i, r in filed if t.name == "fees"]
    corrections, revisions = _revisions(site, histories, year)
    texts = site.report_texts.of(year) if site.report_texts else None
    return AnnualReport(
        year=year, counts=counts, categories=categories, catalogue=site.catalogue,
        fees=sorted(fees, key=lambda timing: (timing.shown, timing.record_id)),
        honours=_listed(filed, "honors", lambda r: f"{r.level}，{'拟表彰名单公示' if r.stage == '公示' else '表彰'}"),
        festivals=_listed(filed, "festivals", lambda r: r.theme),
        attachments=dict(sorted(Counter(attachment_kind(a.file) for _, _, r in filed
                                        for a in getattr(r, "attachments", ())).items())),
        history=bool(histories), history_note=getattr(histories, "note", None),
        corrections=corrections, revisions=revisions, texts=texts)


def _records(site: Any):
    for content_type in RECORD_TYPES:
        for record_id, record in site.of(content_type.name).items():
            yield content_type, record_id, record


def _listed(filed: list, type_name: str, detail) -> list[Listed]:
    return sorted((Listed(type_name, i, record_title(r), record_date(r), detail(r))
                   for t, i, r in filed if t.name == type_name), key=lambda item: (item.date, item.record_id))


def _fee_timing(record_id: str, notice: Any, history: Any, lead: int) -> FeeTiming:
    shown = notice.display.start if notice.display else notice.issued
    start = notice.collection_start
    online = history.first_published if history else None
    exact = start is not None and not isinstance(shown, MonthOnly)
    return FeeTiming(record_id, notice.title, shown, start, (start - shown).days if exact else None,
                     online, (start - online).days if start and online else None, lead)


def _revisions(site: Any, histories: Mapping, year: int) -> tuple[list[Correction], int]:
    corrections, others = [], 0
    for (type_name, record_id), history in sorted(histories.items()):
        record = site.of(type_name).get(record_id)
        for revision in history.revisions:
            if revision.date.year != year or record is None:
                continue
            if revision.correction:
                corrections.append(Correction(type_name, record_id, record_title(record), revision.date,
                                              tuple(revision.changes), revision.note))
            else:
                others += 1
    return sorted(corrections, key=lambda c: (c.date, c.type_name, c.record_id)), others
