"""`make site`: check → render → engine build --strict → finish → scan → swap.

    scripts/build_site.py [--site-dir site] [--engine mkdocs|properdocs|zensical]  (or ENGINE=…)

The data is validated once; `schoolpub render` writes the engine's whole input into
.build/render/ (only files whose bytes changed); the engine builds it, and a copy of its output
made of hard links goes to .build/site (where the site published before is kept between builds); the offline-asset rewrite, the HTML fixes and the gates run on that copy,
whichever engine made it; only then is site/ replaced. A failed step leaves the previously built
site/ exactly as it was: nothing half-built is ever published. The engine's process (MkDocs,
ProperDocs) is started first (engines.Started): its imports overlap the check and the render.

Only what changed is built (schoolpub.incremental): when the engine's input, the code and
everything else the output depends on are what the published site/ was made from, and site/ is
byte for byte what was published, there is nothing to do; when only pages of docs/ changed,
MkDocs rebuilds just those, and the files of its output it did not write again are taken from the
published site/ as they are: not read, finished or scanned again (schoolpub.published_files).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from schoolpub import engines, published_files
from schoolpub.budget import budget_mb, budget_warning
from schoolpub.ci_env import github_annotations
from schoolpub.echo import say

if TYPE_CHECKING:
    from schoolpub import incremental

FAILED = "网站生成失败（见上面的错误），已发布的 site/ 保持不变。"
UNCHANGED = "网站没有变化：{site}/ 就是由现在的数据生成、并已通过检查的网站，不需要重新生成。"


def reproducible_time(root: Path) -> dict[str, str]:
    """MkDocs stamps the sitemap with the build time unless SOURCE_DATE_EPOCH is set:
    use the last commit's time, so two builds of one commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return {}
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    return {"SOURCE_DATE_EPOCH": commit.stdout.strip()} if commit.returncode == 0 and commit.stdout.strip() else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--engine", default=None)
    parser.add_argument("--build-dir", default=".build",
                        help="where the engine's input (render/) and the unpublished output (site/) are made")
    args = parser.parse_args(argv)
    root = Path.cwd()
    try:
        budget_mb()  # a mistyped budget is said before the build, not after it
        engine = engines.chosen(args.engine)
    except ValueError as error:
        say(str(error), error=True)
        return 1
    stamp = reproducible_time(root)
    with engines.started(engine, stamp) as ahead:  # its start-up overlaps the check and the render
        if not published(engine, root, args, stamp, ahead):
            return 1
    warning = budget_warning(root / args.site_dir, budget_mb(), github_annotations())
    if warning:
        print(warning, file=sys.stderr)  # made safe line by line in budget_warning, with our own annotation
    return 0


def published(engine: str, root: Path, args: argparse.Namespace, stamp: dict, ahead: engines.Started | None) -> bool:
    """check → render → (nothing to do, or engine → finish → scan → swap); False when refused."""
    # Imported here, not above: the engine's process starts before these ~0.5 s of imports.
    from schoolpub import incremental
    from schoolpub.build import build_day
    from schoolpub.check_cache import fingerprint as code_fingerprint
    from schoolpub.cli import render_plan, run_check
    from schoolpub.loader import load_site_once
    from schoolpub.media import cache_dir_of
    from schoolpub.output.scan import public_phones_of

    if run_check(root, load=load_site_once) != 0:
        return False
    work = root / args.build_dir
    build_dir, staging = work / "render", work / "site"
    site_dir = root / args.site_dir
    written = render_plan(root, build_dir, incremental.content_digests(cache_dir_of(root)))
    if written is None:
        say(FAILED, error=True)
        return False
    key = incremental.build_key(engine, code_fingerprint(), public_phones_of(root, load_site_once))
    moment = incremental.build_moment(stamp.get("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "")),
                                      build_day().isoformat())
    manifest = written.manifest
    record = incremental.load_record(work)
    if incremental.unchanged(record, key, moment, manifest, site_dir, build_dir):
        say(UNCHANGED.format(site=args.site_dir))
        return True
    changes = incremental.changes(record, key, manifest)
    output = engines.engine_output(engine, build_dir)
    if changes is not None and published_files.damaged(record.files, output):
        shutil.rmtree(output, ignore_errors=True)  # written in place behind our back: everything is made again
        changes = None
    if changes is not None and engine != "zensical":
        say(f"与上次发布相比有 {len(changes.docs)} 个文件改动：只重新生成它们，其余页面沿用上次的结果。")
    incremental.forget_record(work)  # from here on, site/ may differ from the record: written again after the swap
    reused: dict[str, tuple[str, int]] = {}
    reuse = Reuse(record, site_dir, staging, reused) if changes is not None else None
    if not built(engine, root, build_dir, staging, stamp, changes.docs if changes else None, ahead, reuse):
        shutil.rmtree(staging, ignore_errors=True)
        say(FAILED, error=True)
        return False
    swap(staging, site_dir)
    published_digest, files = incremental.published(site_dir, build_dir, manifest, output, reused, work)
    incremental.save_record(work, incremental.BuildRecord(key, moment, manifest, published_digest, files))
    say(f"网站已生成：{args.site_dir}/index.html")
    return True


def swap(staging: Path, site_dir: Path) -> None:
    """The new site in place of the old by two renames: site/ is never half old, half new. The old site
    then takes the staging directory's place: the next build brings it up to date (engines.link_tree)
    instead of making every folder again and deleting the old ones (two thirds of the time of both)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    keep = staging
    if staging.stat().st_dev != site_dir.parent.stat().st_dev:  # another file system: move it next to site/ first
        nearby = site_dir.with_name(f".{site_dir.name}.new")
        shutil.rmtree(nearby, ignore_errors=True)
        shutil.move(staging, nearby)
        staging, keep = nearby, None
    old = site_dir.with_name(f".{site_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    try:
        if keep is not None and old.exists():
            old.rename(keep)
    except OSError:
        pass
    shutil.rmtree(old, ignore_errors=True)


class Reuse:
    """For an incremental build: the files of the engine's output known unchanged since the last publish
    are taken from the published site/ (engines.build calls this once the engine is done, before it links
    anything); `reused` is then given what the new site took (name → (sha256, inode))."""

    def __init__(self, record: incremental.BuildRecord, site_dir: Path, staging: Path,
                 reused: dict[str, tuple[str, int]]) -> None:
        self.record, self.site_dir, self.staging, self.reused = record, site_dir, staging, reused
        self.trusted: dict[str, tuple[str, str]] = {}

    def __call__(self, output: Path) -> dict[str, str]:
        self.trusted = published_files.trusted(self.record.files, output, self.site_dir)
        return {name: site_file for name, (_, site_file) in self.trusted.items()}

    def known(self) -> dict[str, str]:
        """name → sha256 of the files the new site took from the published one."""
        self.reused.update(published_files.reused(self.trusted, self.staging))
        return {name: digest for name, (digest, _) in self.reused.items()}


def built(engine: str, root: Path, build_dir: Path, staging: Path, stamp: dict,
          changed_docs: tuple[str, ...] | None, ahead: engines.Started | None = None,
          reuse: Reuse | None = None) -> bool:
    """The engine's build, then finish and scan on its output: True when all passed."""
    sys.stdout.flush()
    code = engines.build(engine, build_dir, staging, stamp, changed_docs, ahead, reuse)
    if code != 0:
        say(f"生成工具 {engine} 没有完成（退出码 {code}），详情见它上面的输出。", error=True)
        return False
    if not (staging / "index.html").is_file():
        say(f"生成工具 {engine} 报告完成，但没有生成首页 index.html。", error=True)
        return False
    # schoolpub finish and schoolpub scan, in this process (the data loaded by the check is reused)
    from schoolpub.loader import load_site_once
    from schoolpub.media import cache_dir_of
    from schoolpub.output.finish import run_finish
    from schoolpub.output.scan import run_scan

    known = reuse.known() if reuse else None
    if run_finish(staging, cache_dir_of(root), known) == 0 and run_scan(staging, root, load_site_once, known) == 0:
        return True
    shutil.rmtree(engines.engine_output(engine, build_dir), ignore_errors=True)  # nothing refused stays behind
    return False


if __name__ == "__main__":
    sys.exit(main())
