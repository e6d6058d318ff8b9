"""`schoolpub scan SITE_DIR`: the gates on a built site, whatever engine built it.

1. privacy: no ID or mobile number in any generated text file (site_scan.scan_site: pages, search
   index, sitemap, feeds, calendars, open data), with the scan cache of clean files;
2. link safety: no URL attribute of any page that the browser would run as script (urls.refused);
3. dead links and anchors: every internal link names a file of the site, every #anchor an id.

It only reads: on a find it prints each one (file, line, what) and exits 1, and the caller does
not publish (scripts/build_site.py deletes its staging directory; the directory given here may
be the site being served, which is not this command's to delete).
Exit status: 0 clean, 1 a find, 2 no site there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import site_scan, urls
from ..echo import say
from . import deadlinks
from .facts_cache import PageFactsCache
from .page_facts import Links
from .pages import SiteFiles, site_address
from .sources import written_at

NOT_PUBLISHED = "网站不会发布。"


@dataclass
class Findings:
    leaks: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    dead: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    unread: int = 0  # files known unchanged since the last publish that the privacy scan did not read

    def __bool__(self) -> bool:
        return bool(self.leaks or self.unsafe or self.dead)

    def lines(self) -> list[str]:
        return [*self.leaks, *self.unsafe, *self.dead]


def scan(site_dir: Path, public_phones: list[str], project: Path | None = None,
         cache_dir: Path | None = None, facts: PageFactsCache | None = None,
         known: dict[str, str] | None = None) -> Findings:
    """Every gate over the output; `project` (with docs/) lets a message name the line of docs/
    a link was written on, `cache_dir` skips files the privacy scan found clean before and pages
    read before (facts_cache.py); `facts`: the pages' facts to use instead (tests count its fresh pages);
    `known`: name → sha256 of files known unchanged since they were scanned (schoolpub.published_files),
    not read when the caches know their digests."""
    files = SiteFiles.of(site_dir)
    digests: dict[str, str] = {}  # each text file read once: its sha256 keys both caches
    read: list[str] = []
    leaks = site_scan.scan_site(site_dir, public_phones, cache_dir=cache_dir, files=files.ordered, digests=digests,
                                known=known, read=read)
    findings = Findings(leaks=[leak.human() for leak in leaks])
    facts = facts or PageFactsCache(cache_dir, site_address(site_dir))
    pages = deadlinks.pages_links(site_dir, files, facts, digests)
    facts.save()
    findings.unsafe = unsafe_links(site_dir, pages, project)
    findings.dead, findings.links = deadlinks.dead_links(files, pages)
    findings.pages = len(pages)
    findings.unread = sum(name not in read for name in known or {})
    return findings


def unsafe_links(site_dir: Path, pages: dict[str, Links], project: Path | None) -> list[str]:
    """A link to script in any page, whoever wrote it: theme, views, a page of docs/, raw HTML."""
    found = []
    for relative, facts in pages.items():
        for line, url in facts.unsafe:
            source = written_at(project, relative, url)
            written = f"（写在 {source}）" if source else ""
            found.append(f"{site_dir.name}/{relative}:{line}: 错误：{urls.unsafe_message(url)}{written}{NOT_PUBLISHED}")
    return found


def public_phones_of(project: Path, load=None) -> list[str]:
    """The numbers school.yml declares public; none (every mobile number a find) when the data
    does not load: the scan is never weaker for broken data."""
    from ..loader import load_site_once

    site, _ = (load or load_site_once)(project / "data")
    return [phone.number for phone in site.school.phones] if site.school else []


def summary(findings: Findings) -> str:
    if not findings:
        kept = f"（{findings.unread} 个文件与上次发布的相同，没有重读）" if findings.unread else ""
        return (f"网站检查通过：{findings.pages} 个页面没有个人信息和不安全的链接，"
                f"{findings.links} 个内部链接和锚点都能找到{kept}。")
    parts = [f"个人信息 {len(findings.leaks)} 处" if findings.leaks else "",
             f"不安全的链接 {len(findings.unsafe)} 个" if findings.unsafe else "",
             f"找不到的链接或锚点 {len(findings.dead)} 个" if findings.dead else ""]
    return (f"网站检查没有通过：{'，'.join(part for part in parts if part)}（共检查 {findings.pages} 个页面），"
            + NOT_PUBLISHED + "请按上面的提示修改后重新生成。")


SHOWN = 50  # a log of a site with thousands of dead links stays readable


def run_scan(site_dir: Path, project: Path, load=None, known: dict[str, str] | None = None) -> int:
    from ..media import cache_dir_of

    if not (site_dir / "index.html").is_file():
        say(f"没有找到 {site_dir.as_posix()}/index.html：请先生成网站。", error=True)
        return 2
    findings = scan(site_dir, public_phones_of(project, load), project, cache_dir_of(project), known=known)
    lines = findings.lines()
    say(*lines[:SHOWN], error=True)
    if len(lines) > SHOWN:
        say(f"……另有 {len(lines) - SHOWN} 处没有列出。", error=True)
    say(summary(findings), error=bool(findings))
    return 1 if findings else 0
