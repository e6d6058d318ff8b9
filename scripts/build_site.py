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

from schoolpub.cli import run_check


def reproducible_time(root: Path) -> dict[str, str]:
    """MkDocs stamps the sitemap with the build time unless SOURCE_DATE_EPOCH is set:
    use the last commit's time, so two builds of one commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return {}
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    return {"SOURCE_DATE_EPOCH": commit.stdout.strip()} if commit.returncode == 0 and commit.stdout.strip() else {}


def main() -> int:
    root = Path.cwd()
    if run_check(root) != 0:
        return 1
    staging = root / ".build" / "site"
    shutil.rmtree(staging, ignore_errors=True)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)],
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **reproducible_time(root)})
    if build.returncode != 0 or not (staging / "index.html").is_file():
        shutil.rmtree(staging, ignore_errors=True)
        print("网站生成失败（见上面的错误），已发布的 site/ 保持不变。", file=sys.stderr)
        return 1
    shutil.rmtree(root / "site", ignore_errors=True)
    staging.rename(root / "site")
    print("网站已生成：site/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
