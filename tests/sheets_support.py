"""Helpers for the spreadsheet tests: fill a generated template the way staff do, run the commands."""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from schoolpub.content import ALL_TYPES
from schoolpub.sheets.export import template_bytes
from schoolpub.sheets.template import fill_fields

REPO = Path(__file__).parent.parent
TODAY = dt.date(2026, 11, 23)


def content_type(name: str):
    return next(t for t in ALL_TYPES if t.name == name)


def template(kind: str) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(template_bytes(content_type(kind), TODAY)))


def fill(book: openpyxl.Workbook, fields: dict[str, object], lists: dict[str, list[list[object]]] | None = None,
         keep_example: bool = True) -> openpyxl.Workbook:
    """`fields`: 基本信息 label (without the *) → value; `lists`: sheet → rows of values after the 序号 column."""
    fill_fields(book, fields)
    for name, values in (lists or {}).items():
        target = book[name]
        first = 4 if keep_example and target.cell(3, 1).value == "例" else 3
        if not keep_example:
            target.delete_rows(3)
        for offset, row in enumerate(values):
            target.cell(first + offset, 1, offset + 1)
            for column, value in enumerate(row, start=2):
                target.cell(first + offset, column, value)
    return book


def save(book: openpyxl.Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def schoolpub(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(root), *args], capture_output=True,
                          text=True, env=env, timeout=120)


PUPILS_FIELDS = {
    "记录编号（文件名）": "2026-calligraphy", "标题": "2026年测试市中小学生书法比赛获奖名单",
    "日期": dt.date(2026, 10, 30), "颁发单位": "测试市教育局", "级别": "市级", "获奖对象": "学生",
    "监护人同意": "是",
}
PUPILS = [["王小琪", None, "三年级（2）班", "一等奖"], ["欧阳娜娜", None, "五年级（1）班", "二等奖"],
          [None, "李明轩 张悦", "四年级（3）班", "三等奖"]]
