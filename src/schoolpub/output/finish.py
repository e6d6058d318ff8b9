"""`schoolpub finish SITE_DIR`: the post-processing of a built site, in place, for any engine.

1. the theme's CDN URLs pointed at the site's own copies (offline.py), source maps removed;
2. the HTML fixes (html_fixes.py);
3. what still refers to a foreign host fails: the site is not published.

A second run changes no file. Exit status: 0 done, 1 a foreign host left, 2 no site there.
"""
from __future__ import annotations

from pathlib import Path

from ..echo import quoted, say
from . import html_fixes, offline
from .facts_cache import PageFactsCache, default_cache_dir
from .pages import SiteFiles, base_path, site_address

NOT_PUBLISHED = "网站不会发布。"


def finish(site_dir: Path, cache_dir: Path | None = None, facts: PageFactsCache | None = None,
           known: dict[str, str] | None = None) -> tuple[list[Path], list[str]]:
    """(files changed, problems): each problem one Chinese line naming the output file. `cache_dir`:
    pages read before are not parsed again (facts_cache.py); `facts`: the pages' facts to use instead;
    `known`: name → sha256 of pages already finished (the published ones of files known unchanged,
    schoolpub.published_files), neither read nor fixed again (their facts come from the cache)."""
    known = known or {}
    address = site_address(site_dir)
    base = base_path(address)
    files = SiteFiles.of(site_dir)
    facts = facts or PageFactsCache(cache_dir, address)
    texts = offline.code_texts(site_dir, files)
    changed = offline.localise(site_dir, base, files, texts)
    pages = {}
    for name in files.pages:
        if name in known:
            pages[name] = facts.loads_of_file(name, known[name], str(site_dir / name))
            continue
        page, pages[name] = html_fixes.fix_page(site_dir, name, facts)
        changed += [page] if page else []
    facts.save()
    problems = [missing_copy_message(site_dir.name, local) for local in offline.missing_copies(site_dir, base, texts)]
    problems += [foreign_message(site_dir.name, item) for item in offline.foreign_references(address, pages, texts)]
    return changed, problems


def missing_copy_message(site_name: str, local: str) -> str:
    return (f"{site_name}/{local}: 错误：主题的程序要从外部网站加载的文件已改为本网站的 {local}，但生成的网站里没有它。"
            f"这不是数据的问题：请网站维护人员把它放进 docs/{local}（见 docs/assets/vendor/README.md.txt）。"
            + NOT_PUBLISHED)


def foreign_message(site_name: str, item: offline.Foreign) -> str:
    where = f"{site_name}/{item.file}:{item.line}"
    url = quoted(item.url)
    if item.in_code:
        return (f"{where}: 错误：程序文件要从外部网站 {item.host} 加载“{url}”，这个网站在中国大陆可能打不开或很慢。"
                "这不是数据的问题：请网站维护人员把它放进 docs/assets/vendor/，并在 src/schoolpub/output/offline.py "
                "的 LOCAL_COPIES 里登记（网站用不到的功能指向 feature-unavailable.js）。" + NOT_PUBLISHED)
    what = f"{item.where} 里的“{url}”" if item.where.startswith("<") else f"{item.where}=“{url}”"
    return (f"{where}: 错误：网页要从外部网站 {item.host} 加载 {what}，家长的手机在中国大陆可能打不开"
            "那个网站，网页会卡住或缺图。请把这个文件放进本网站（照片放进记录的相册，其他文件放在 docs/ 里），"
            "或者改成普通链接（<a href>）。" + NOT_PUBLISHED)


def run_finish(site_dir: Path, cache_dir: Path | None = None, known: dict[str, str] | None = None) -> int:
    """`cache_dir`: where the pages' facts are kept; by default the project's cache (.cache/photos/ of
    the nearest folder above the site holding data/), none when the site is in no project; `known`: see finish."""
    if not (site_dir / "index.html").is_file():
        say(f"没有找到 {site_dir.as_posix()}/index.html：请先生成网站。", error=True)
        return 2
    changed, problems = finish(site_dir, cache_dir if cache_dir is not None else default_cache_dir(site_dir),
                               known=known)
    if problems:
        say(*problems, error=True)
        say(f"网站的完成处理没有通过：{len(problems)} 处问题（见上面），网站不会发布。", error=True)
        return 1
    kept = f"；{len(known)} 个文件与上次发布的相同，没有重新处理" if known else ""
    say(f"网站的完成处理已完成：改动了 {len(changed)} 个文件（外部脚本改为本网站的副本、网页修正）{kept}。")
    return 0
