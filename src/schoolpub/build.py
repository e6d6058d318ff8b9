"""Assembling a build: the context views render in, published media, page dates.

Plain Python with no MkDocs in it; the wiring (macros.py, hooks/) passes in
the few settings it reads from the engine's configuration.
"""
from __future__ import annotations

import datetime as dt
import logging
import subprocess
from pathlib import Path

from .attachments import AttachmentError, publish_pdfs
from .fields import PHOTO_SUFFIXES, SHEET_SUFFIXES
from .history import Histories, HistoryError, record_histories
from .loader import load_site_once
from .media import PhotoError, Progress, PublishResult, cache_dir_of, publish_all
from .context import Context, build_day
from .site import Site
from .views.qr import prune_codes



class BuildRefused(Exception):
    """The build must not go on; the message says why, in Chinese, for staff."""


def prepared(project_dir: Path, site_url: str | None, with_media: bool = False,
             progress: Progress | None = None) -> Context:
    """What every piece of wiring needs before it renders anything: valid data
    (or a refusal listing every problem) and the build's context."""
    site, problems = load_site_once(Path(project_dir) / "data")
    if problems:
        # No annotations: MkDocs logs this through echo.log_filter, which would defuse them (make check prints them).
        raise BuildRefused("数据有错误，网站没有生成：\n" + problems.report(in_github_actions=False))
    try:
        return context_for(site, site_url, with_media=with_media, progress=progress)
    except PhotoError as error:
        raise BuildRefused(f"照片无法发布，网站没有生成：{error}") from None
    except AttachmentError as error:
        raise BuildRefused(f"附件无法发布，网站没有生成：{error}") from None
    except HistoryError as error:
        raise BuildRefused(f"读不到各条记录的修改记录，网站没有生成：{error}") from None


def site_root_url(site_url: str | None) -> str:
    url = site_url or "/"
    return url if url.endswith("/") else url + "/"


_contexts: dict[tuple[int, str, dt.date, bool], Context] = {}


def context_for(site: Site, site_url: str | None, with_media: bool = False,
                progress: Progress | None = None) -> Context:
    """The context views render in. Built once per build and reused by every hook:
    `site` is the same object until data/ changes (loader.load_site_once)."""
    key = (id(site), site_root_url(site_url), build_day(), with_media)
    cached = _contexts.get(key)
    if cached is not None and cached.site is site:
        return cached
    photos = publish_photos(site, progress=progress).photos if with_media else {}
    attachments = publish_attachments(site) if with_media else {}
    updated = last_changes(site.data_dir) if with_media else {}
    histories = histories_of(site)
    cache_dir = photo_cache_dir(site) if with_media else None
    if cache_dir is not None:
        prune_codes(cache_dir)
    context = Context(site=site, today=key[2], site_url=key[1], updated=updated, photos=photos,
                      attachments=attachments, cache_dir=cache_dir, histories=histories)
    _contexts.clear()  # one build's context at a time: a live preview does not pile them up
    _contexts[key] = context
    return context


_histories: dict[int, tuple[Site, Histories]] = {}


def histories_of(site: Site) -> Histories:
    """The records' revision histories, read once per loaded site: the home page (macros) and
    the record pages (hooks) are rendered in two contexts of one build."""
    cached = _histories.get(id(site))
    if cached is not None and cached[0] is site:
        return cached[1]
    histories = record_histories(site.data_dir.parent, site)
    if histories.note:  # DEBUG: a tarball build is not wrong, and build logs are checked line by line
        logging.getLogger("mkdocs.schoolpub.history").debug(histories.note)
    _histories.clear()
    _histories[id(site)] = (site, histories)
    return histories


def photo_references(site: Site) -> list[str]:
    """Every photo the site publishes: the records' and the school logo (the picture of link cards)."""
    owners = [record for records in site.records.values() for record in records.values()] + [site.school]
    return sorted({reference for owner in owners for _, reference in owner.media()
                   if reference.lower().endswith(PHOTO_SUFFIXES)})


def attachment_references(site: Site) -> list[str]:
    """PDFs and spreadsheets: published as cleaned copies (photos are published as renditions)."""
    return sorted({reference for records in site.records.values() for record in records.values()
                   for _, reference in record.media() if not reference.lower().endswith(PHOTO_SUFFIXES)})


def photo_cache_dir(site: Site) -> Path:
    return cache_dir_of(site.data_dir.parent)


def publish_photos(site: Site, cache_dir: Path | None = None, progress: Progress | None = None,
                   workers: int | None = None) -> PublishResult:
    """Every referenced photo in every size; only new or changed photos are encoded (media.publish_all)."""
    originals = {reference: site.data_dir / "media" / reference for reference in photo_references(site)}
    return publish_all(originals, cache_dir or photo_cache_dir(site), workers=workers, progress=progress)


def publish_attachments(site: Site, cache_dir: Path | None = None) -> dict[str, Path]:
    """Every referenced PDF and spreadsheet as a cleaned copy (no metadata, no scripts, no notes), cached like photos."""
    originals = {reference: site.data_dir / "media" / reference for reference in attachment_references(site)}
    sheets = {reference: path for reference, path in originals.items() if reference.lower().endswith(SHEET_SUFFIXES)}
    pdfs = {reference: path for reference, path in originals.items() if reference not in sheets}
    published = publish_pdfs(pdfs, cache_dir or photo_cache_dir(site))
    if sheets:  # openpyxl is imported only when some disclosure attaches a spreadsheet
        from .xlsx_clean import publish_xlsx
        published |= publish_xlsx(sheets, cache_dir or photo_cache_dir(site))
    return published


def last_changes(data_dir: Path) -> dict[str, dt.date]:
    """data/… file → date of the last commit that touched it (empty outside git or on error)."""
    try:
        log = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--relative", "--", data_dir.name],
                             cwd=data_dir.parent, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if log.returncode != 0:
        return {}
    dates: dict[str, dt.date] = {}
    current = None
    for line in log.stdout.splitlines():
        if line.startswith("@"):
            current = dt.date.fromisoformat(line[1:])
        elif line and current:
            dates.setdefault(line, current)  # the log is newest first: keep the first date seen
    return dates
