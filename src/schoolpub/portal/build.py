"""`schoolpub portal [CONFIG]`: the district portal, built like the school site.

1. each school's open data (sources: read_schools) → notices and findings (district.py), each
   school's view reused from the cache while its data is unchanged (incremental.py);
2. the pages as Markdown (views.py) and the district's open data and feed (exports.py) into
   .portal-build/input/docs/, with a small generated mkdocs.yml (the school site's theme settings:
   Material, Chinese, no web fonts, the school site's stylesheet and overrides: text size, footer);
   only files whose bytes changed are written. When this whole input is the one the published
   portal was built from (and that output is untouched), the build stops here: nothing changed;
3. `mkdocs build --strict` into .portal-build/site, then the same gates as the school site
   (schoolpub.output): finish (CDN URLs → the site's own copies; a foreign host left fails) and
   scan (personal numbers, links to script, dead links);
4. only then the output directory is replaced: a failed build leaves the published portal as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Optional

from ..echo import say
from ..output.facts_cache import PageFactsCache
from ..output.finish import finish
from ..output.pages import site_address
from ..output.scan import scan
from . import exports, views
from .district import SchoolView, copy_date, school_view
from .incremental import Published, ViewCache, input_digest, snapshot_key, sync_tree
from .findings import DistrictRules
from .config import Loaded, PortalConfig, load_config
from .sources import read_schools

PROJECT = Path(__file__).resolve().parents[3]  # the schoolpub checkout: its docs/assets are the theme's extras
ASSETS = ("assets/stylesheets/schoolpub.css", "assets/vendor", "assets/javascripts/textsize.js")

MKDOCS_YML = """\
site_name: {site_name}
{site_url}docs_dir: docs
strict: true
theme:
  name: material
  custom_dir: {overrides}   # the school site's: text size and contrast before first paint, link previews, footer
  language: zh
  font: false
  features: [navigation.indexes, navigation.prune, navigation.top]
  palette: {{primary: indigo, accent: indigo}}
extra:
  generator: false
  schoolpub_footer: {{school: {district}, address: null}}
extra_css: [assets/stylesheets/schoolpub.css, assets/stylesheets/portal.css]
extra_javascript: [assets/javascripts/textsize.js]   # 大字 / 高对比度 control in the header (适老化)
nav:
  - 首页: index.md
  - 收费项目对比: items/index.md
  - 开放数据: open-data.md
not_in_nav: |
  /schools/*.md
  /items/*.md
  /list/*.md
plugins:
  - search:
      lang: zh
markdown_extensions:
  - tables
  - attr_list   # headings made from a school's text carry ids of ours (views.anchor), never a slug of that text
  - toc:
      permalink: false
      slugify: !!python/object/apply:pymdownx.slugs.slugify {{kwds: {{case: lower}}}}
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""


def rules_of(config: PortalConfig) -> DistrictRules:
    return DistrictRules(config.lead_days, config.lead_days_basis, tuple(config.caps))


def school_views(loaded: Loaded, today: dt.date, cache_dir: Optional[Path], cache: ViewCache) -> list[SchoolView]:
    """Every school read (sources.py keeps the last good copies in cache_dir), then made into its view,
    or its view of the same data taken from the cache."""
    rules = rules_of(loaded.config)
    return [cache.view(snapshot_key(snapshot, copy_date(snapshot), today, rules),
                       lambda snapshot=snapshot: school_view(snapshot, today, rules))
            for snapshot in read_schools(loaded, cache_dir)]


def site_url_of(config: PortalConfig) -> str:
    """Where the portal is published (ends with /); without one, links in the feed are relative to the site."""
    url = str(config.site_url or "/")
    return url if url.endswith("/") else url + "/"


def _quoted_yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def source_files(config: PortalConfig, schools: list[SchoolView], today: dt.date) -> dict[str, bytes]:
    """The engine's whole input, by path under the build directory: mkdocs.yml, and under docs/ the
    Markdown pages, the open data and the feed, and the theme's extras."""
    files = {f"docs/{relative}": text.encode("utf-8") for relative, text in views.pages(config.district, schools, today).items()}
    files["docs/data/fees.json"] = exports.fees_json(config.district, schools, today).encode("utf-8")
    files["docs/data/fees.csv"] = exports.fees_csv(schools)
    files["docs/data/findings.csv"] = exports.findings_csv(schools)
    files["docs/feed.xml"] = exports.atom_feed(config.district, schools, site_url_of(config), today)
    for asset in ASSETS:
        source = PROJECT / "docs" / asset
        for path in (sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]):
            files[f"docs/{path.relative_to(PROJECT / 'docs').as_posix()}"] = path.read_bytes()
    files["docs/assets/stylesheets/portal.css"] = Path(__file__).with_name("portal.css").read_bytes()
    files["mkdocs.yml"] = mkdocs_yml(config).encode("utf-8")
    return files


def mkdocs_yml(config: PortalConfig) -> str:
    site_url = f"site_url: {_quoted_yaml(str(config.site_url))}\n" if config.site_url else ""
    return MKDOCS_YML.format(site_name=_quoted_yaml(f"{config.district}收费公示"), site_url=site_url,
                             overrides=_quoted_yaml((PROJECT / "overrides").as_posix()),
                             district=_quoted_yaml(config.district))


def mkdocs(input_dir: Path, site_dir: Path, today: dt.date) -> subprocess.CompletedProcess:
    epoch = int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.timezone.utc).timestamp())
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--config-file",
                           str(input_dir / "mkdocs.yml"), "--site-dir", str(site_dir)],
                          env=env, capture_output=True, text=True)


def _engine_problems(log: str) -> list[str]:
    """MkDocs' own warnings and errors (jieba's loading messages are not problems)."""
    lines = [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    return lines or ["MkDocs 没有生成门户网站：" + (log.strip().splitlines() or ["（没有输出）"])[-1]]


def build(loaded: Loaded, out: Path, today: dt.date, cache_dir: Optional[Path] = None) -> list[str]:
    """Build the portal into `out`; the problems that stopped it (Chinese lines), none when built.
    With a cache_dir, each school's view is reused while its data is unchanged (incremental.py), and
    when the engine's whole input is what the published portal was built from, nothing is rebuilt."""
    out = out.resolve()
    build_dir = out.parent / ".portal-build"
    views_cache = ViewCache(cache_dir)
    schools = school_views(loaded, today, cache_dir, views_cache)
    files = source_files(loaded.config, schools, today)
    sync_tree(build_dir / "input", files)
    views_cache.prune()
    digest, published = input_digest(files, today), Published(build_dir / "published.json")
    if published.unchanged(digest, out):
        say("门户网站的内容和上次生成的完全相同，已发布的门户网站不用重新生成。")
        return []
    problems = _engine_and_gates(build_dir, today)
    if problems:
        return problems
    published.forget()  # from here until remembered, the output is not known to match any input
    shutil.rmtree(out, ignore_errors=True)
    (build_dir / "site").rename(out)
    published.remember(digest, out)
    return []


def _engine_and_gates(build_dir: Path, today: dt.date) -> list[str]:
    """MkDocs into build_dir/site, then finish and scan on it; the problems, none when it may be published."""
    staging = build_dir / "site"
    shutil.rmtree(staging, ignore_errors=True)
    result = mkdocs(build_dir / "input", staging, today)
    if result.returncode != 0 or not (staging / "index.html").is_file():
        return _engine_problems(result.stdout + result.stderr)
    facts = PageFactsCache(None, site_address(staging))  # each page parsed once for both gates
    _, problems = finish(staging, facts=facts)
    if problems:
        return problems
    gates = scan(staging, public_phones=[], facts=facts)
    return gates.lines() if gates else []


def run_portal(config_path: Path, out: Optional[Path], today: Optional[dt.date], cache: Optional[Path] = None) -> int:
    if not config_path.is_file():
        say(f"没有找到门户配置文件 {config_path.as_posix()}。", error=True)
        return 2
    loaded = load_config(config_path, shown_as=config_path.name)
    if loaded.problems:
        say(*(problem.human() for problem in loaded.problems.sorted()), error=True)
        say(f"门户配置文件有 {len(loaded.problems)} 处问题（见上面），门户网站没有生成。", error=True)
        return 1
    config = loaded.config
    target = out or config_path.parent / "portal-site"
    problems = build(loaded, target, today or dt.date.today(), cache_dir=cache or config_path.parent / ".portal-cache")
    if problems:
        say(*problems, error=True)
        say("门户网站生成失败（见上面的错误），已发布的门户网站保持不变。", error=True)
        return 1
    say(f"门户网站已生成：{target.as_posix()}/（{len(config.schools)} 所学校）。")
    return 0
