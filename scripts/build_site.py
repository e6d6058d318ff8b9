"""`make site`: validate, build into .build/site, and only then replace site/.

A failed check or a failed build leaves the previously built site/ exactly as
it was: nothing half-built is ever published.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from schoolpub.budget import budget_mb, budget_warning
from schoolpub.ci_env import github_annotations
from schoolpub.cli import run_check
from schoolpub.echo import say
from schoolpub.loader import load_site_once


def reproducible_time(root: Path) -> dict[str, str]:
    """MkDocs stamps the sitemap with the build time unless SOURCE_DATE_EPOCH is set:
    use the last commit's time, so two builds of one commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return {}
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    return {"SOURCE_DATE_EPOCH": commit.stdout.strip()} if commit.returncode == 0 and commit.stdout.strip() else {}


def mkdocs_build(root: Path, staging: Path) -> int:
    """`mkdocs build --strict` in this process, exactly as its command line runs it (same options,
    log and exit code), so the data validated by the check is reused, not loaded and validated
    again (loader.load_site_once: the same files, unchanged, give the same Site)."""
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", **reproducible_time(root)})
    from mkdocs.__main__ import cli  # after the environment is set: Material reads it when loaded

    try:
        cli.main(args=["build", "--strict", "--site-dir", str(staging)], prog_name="mkdocs")
    except SystemExit as end:
        return end.code if isinstance(end.code, int) else (0 if end.code is None else 1)
    return 0


def main() -> int:
    root = Path.cwd()
    try:
        budget_mb()  # a mistyped budget is said before the build, not after it
    except ValueError as error:
        say(str(error), error=True)
        return 1
    if run_check(root, load=load_site_once) != 0:
        return 1
    staging = root / ".build" / "site"
    shutil.rmtree(staging, ignore_errors=True)
    code = mkdocs_build(root, staging)
    if code != 0 or not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        say("网站生成失败（见上面的错误），已发布的 site/ 保持不变。", error=True)
        return 1
    shutil.rmtree(root / "site", ignore_errors=True)
    staging.rename(root / "site")
    say("网站已生成：site/index.html")
    warning = budget_warning(root / "site", budget_mb(), github_annotations())
    if warning:
        print(warning, file=sys.stderr)  # made safe line by line in budget_warning, with our own annotation
    return 0


if __name__ == "__main__":
    sys.exit(main())
