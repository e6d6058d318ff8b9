"""A throwaway git repository with a scripted history of the minimal project (tests of history.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import MINIMAL, REPO

FEE = "data/fees/sample.yml"
MOVED = "data/fees/2025-spring.yml"
AFFAIR = "data/affairs/sample.yml"


def git(root: Path, *args: str, date: str | None = None) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "教务处", "GIT_AUTHOR_EMAIL": "office@example.edu.cn",
                   "GIT_COMMITTER_NAME": "教务处", "GIT_COMMITTER_EMAIL": "office@example.edu.cn",
                   "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:  # noon Beijing time: the commit's day is the same in every time zone the test runs in
        environment["GIT_AUTHOR_DATE"] = environment["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+08:00"
    return subprocess.run(["git", *args], cwd=root, env=environment, check=True, capture_output=True,
                          text=True).stdout


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def commit(root: Path, date: str, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


def scripted_repository(root: Path, build_files: tuple[str, ...] = ()) -> Path:
    """`build_files`: names under the repository root copied in too (mkdocs.yml, hooks, …).
    Publish (with a typo), fix the typo, change an amount during the display period
    (01 September onwards), move the file, change only comments and whitespace, reorder
    keys, give the reason, extend the display period, edit a disclosure's text."""
    shutil.copytree(MINIMAL, root)
    for name in build_files:  # the repository's build settings, to build the site from this history
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, root / name)
    git(root, "init", "-q", "-b", "main")
    edit(root, FEE, "title: 2025-2026学年第二学期收费公示", "title: 2025-2026学年第二学期收费公式")
    commit(root, "2025-08-25", "publish")
    edit(root, FEE, "收费公式", "收费公示")
    commit(root, "2025-08-28", "fix a typo")
    edit(root, FEE, "amount: 400 ", "amount: 450 ")
    commit(root, "2025-09-03", "change an amount during the display period")
    git(root, "mv", FEE, MOVED)
    commit(root, "2025-09-04", "move the file")
    edit(root, MOVED, "# 金额只写数字", "# 金额只写阿拉伯数字")
    edit(root, MOVED, "payers: 一至六年级全体学生 ", "payers:   一至六年级全体学生 ")
    commit(root, "2025-09-05", "comments and spaces only")
    text = (root / MOVED).read_text("utf-8")
    issued = "issued: 2025-09-01                   # 公示日期\n"
    (root / MOVED).write_text(issued + text.replace(issued, ""), "utf-8")
    commit(root, "2025-09-06", "reorder keys")
    (root / MOVED).write_text((root / MOVED).read_text("utf-8") +
                              "correction_note: 原公示住宿费金额录入错误，以示发改价格〔2023〕12号为准\n", "utf-8")
    commit(root, "2025-09-07", "give the reason")
    edit(root, MOVED, "end: 2025-10-01", "end: 2025-10-08")
    commit(root, "2025-09-08", "extend the display period")
    edit(root, AFFAIR, "正文写在这里", "正文写在此处")
    commit(root, "2025-09-10", "edit a disclosure's text")
    return root


def commits(root: Path) -> dict[str, str]:
    """Commit message → full id."""
    lines = git(root, "log", "--format=%H %s").splitlines()
    return {line.split(" ", 1)[1]: line.split(" ", 1)[0] for line in lines}
