"""Offline link check of a built site: every internal link and #anchor resolves.

    python scripts/check_links.py [site]

The check itself is schoolpub.output.deadlinks (also run by `schoolpub scan`, with the
privacy and link-safety gates); this is its stand-alone command line, kept for CI scripts.

Exit status: 0 all links resolve, 1 broken links (each printed as
site/<page>: <url> — <reason>), 2 wrong usage (no site directory).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from schoolpub.echo import say
from schoolpub.output.deadlinks import check
from schoolpub.output.pages import PageParser

__all__ = ["PageParser", "check", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="检查生成的网站里的内部链接和 #锚点（离线，只用标准库）")
    parser.add_argument("site", nargs="?", default="site", help="网站目录（默认 site）")
    parser.add_argument("--base-url", help="网站地址（默认读 sitemap.xml，即 mkdocs.yml 的 site_url）")
    args = parser.parse_args(argv)
    root = Path(args.site)
    if not (root / "index.html").is_file():
        say(f"没有找到 {root}/index.html：请先生成网站（make site）。", error=True)
        return 2
    problems, pages, links = check(root, args.base_url)
    say(*problems, error=True)
    if problems:
        say(f"链接检查没有通过：{len(problems)} 个链接或锚点找不到（共检查 {pages} 个页面）。", error=True)
        return 1
    say(f"链接检查通过：{pages} 个页面，{links} 个内部链接和锚点都能找到。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
