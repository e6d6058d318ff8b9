"""The files `make init` writes: data/school.yml, data/README.md, the empty sections'
.gitkeep, and the one line of mkdocs.yml that holds the site's address."""
from __future__ import annotations

import re
from pathlib import Path

from ..content import RECORD_TYPES
from . import demo, school_file
from .questions import Answers

SITE_URL_LINE = re.compile(r"^site_url:.*$", re.MULTILINE)


def planned_writes(data_dir: Path, answers: Answers) -> dict[Path, str]:
    return {data_dir / "school.yml": school_file.render(answers), data_dir / "README.md": data_readme(),
            **demo.empty_school_files(data_dir)}


def data_readme() -> str:
    """Where the first record of each section goes; the commented examples are `make new`'s."""
    rows = [f"| `data/{t.name}/` | {t.label} | `make new KIND={t.name}` |" for t in RECORD_TYPES]
    return "\n".join([
        "# 学校网站的内容",
        "",
        "网站上的每条公开信息是这里的一个 `.yml` 文件，文件名就是网址（只用小写英文字母、数字和连字符）。",
        "学校本身的信息（名称、地址、电话、备案号）在 `school.yml`。",
        "",
        "| 文件夹 | 栏目 | 新建第一条 |",
        "| --- | --- | --- |",
        *rows,
        "| `data/media/` | 照片和附件（PDF） | 记录里写它的路径，例如 `festivals/2026-art/01.jpg` |",
        "",
        "`make new KIND=…` 写出一份带注释的示例记录，照着注释改成本校的内容；每个字段的含义和写法见",
        "《编辑指南》`STAFF-GUIDE.zh-CN.md`。改完运行 `make check` 检查，`make site` 生成网站。",
        "",
    ])


def site_url_line(url: str) -> str:
    return school_file.commented(f"site_url: {school_file.scalar(url)}", "学校网站的网址（二维码和订阅用），由 make init 写入")


def site_url_changes(root: Path, url: str) -> bool:
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    match = SITE_URL_LINE.search(text)
    return match is None or match.group() != site_url_line(url)


def set_site_url(root: Path, url: str) -> None:
    """Replaces the site_url line (or adds one after site_name); the rest of mkdocs.yml is kept as it is."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    line = site_url_line(url)
    if SITE_URL_LINE.search(text):
        text = SITE_URL_LINE.sub(lambda _: line, text, count=1)
    else:
        text = re.sub(r"^(site_name:.*)$", lambda match: f"{match.group(1)}\n{line}", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
