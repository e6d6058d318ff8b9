"""Benchmark of the spreadsheet import: `make bench-import`.

Fills the honours template with a 1,000-row list of pupils (invented names), then
times `schoolpub import` in a fresh process (as staff run it) into a copy of the
demo, three times, and the phases in-process: reading the workbook, and checking
the record with the loader of `make check`. Timing lives here, not in the tests.

Then the spreadsheets that would exhaust the machine (tests/sheet_bombs.py), each
imported in a fresh process: peak resident memory, seconds, exit code and the
message. `--src DIR` runs them against another checkout's src/ (before/after):
each run's address space is capped at 4 GB, so an unguarded reader ends in a
MemoryError rather than taking the machine.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from schoolpub.content.honors import HONORS  # noqa: E402
from schoolpub.loader import load_site  # noqa: E402
from schoolpub.sheets.export import template_bytes  # noqa: E402
from schoolpub.sheets.template import fill_fields  # noqa: E402
from schoolpub.sheets.layout import layout_of  # noqa: E402
from schoolpub.sheets.reading import read_record  # noqa: E402
from schoolpub.sheets.workbook import read_tables  # noqa: E402
import sheet_bombs  # noqa: E402

BOMBS = {
    "normal list (3 pupils)": ("名单.xlsx", sheet_bombs.pupils_workbook),
    "a whole school's list (2,000 pupils)": ("名单.xlsx", lambda path: _whole_school(path)),
    "shared strings → 3 GB": ("名单.xlsx", sheet_bombs.shared_strings_bomb),
    "shared strings → 3 GB, header says 200 KB": ("名单.xlsx",
                                                   lambda path: sheet_bombs.shared_strings_bomb(path, declared=200_000)),
    "stray cell at A1048576": ("名单.xlsx", sheet_bombs.stray_cell_workbook),
    "CSV of 1,000,000 rows": ("名单.csv", sheet_bombs.million_row_csv),
    "10 MB cell": ("名单.xlsx", sheet_bombs.long_cell_workbook),
    "10 MB cell, one character repeated": ("名单.xlsx",
                                           lambda path: sheet_bombs.long_cell_workbook(path, repeated=True)),
    "10 MB cell in a CSV file": ("名单.csv", sheet_bombs.long_cell_csv),
    "100,000 cells (the limit), every one filled": ("名单.xlsx", lambda path: _at_the_limits(path)),
    "490,000 cells (10,000 rows × 49 columns)": ("名单.xlsx",
                                                lambda path: sheet_bombs.filled_sheet(path, rows=9_999, columns=49)),
}

ROWS = 1000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "子涵欣怡梓轩浩宇雨桐思远一诺佳怡宇轩嘉怡梓涵明轩俊杰诗涵晨曦若曦语桐"


def filled_workbook(path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(HONORS, dt.date(2026, 11, 23))))
    fields = {"记录编号（文件名）": "2026-bench-pupils", "标题": "2026年测试市优秀少先队员名单", "日期": dt.date(2026, 10, 30),
              "颁发单位": "测试市教育局", "级别": "市级", "获奖对象": "学生", "奖项": "优秀少先队员", "监护人同意": "是"}
    fill_fields(book, fields)
    names = book["获奖名单"]
    for index in range(ROWS):
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[(index * 2) % len(GIVEN):(index * 2) % len(GIVEN) + 2]
        names.append([index + 1, name, None, f"{index % 6 + 1}年级（{index % 8 + 1}）班", None])
    book.save(path)


def _at_the_limits(path: Path) -> Path:
    """As much as the limits let through: 9,990 rows × 10 columns, every cell filled (100,000 cells
    with the header; five columns the template does not have, so the import reports them)."""
    return sheet_bombs.filled_sheet(path, rows=9_990, columns=10)


def _whole_school(path: Path) -> Path:
    """A whole school's honour list: 2,000 pupils, imported."""
    rows = [[f"王{number}", None, f"{number % 6 + 1}年级（{number % 8 + 1}）班", "三好学生"] for number in range(2000)]
    return sheet_bombs.pupils_workbook(path, rows)


def bombs(src: Path) -> None:
    print(f"\nspreadsheets that would exhaust the machine (src: {src}), each imported in a fresh process:")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        project = work / "p"
        shutil.copytree(ROOT / "tests/fixtures/minimal", project)
        for case, (name, make) in BOMBS.items():
            path = make(work / name)
            run = sheet_bombs.measured_import(project, path, timeout=600, src=src)
            message = (run.stderr.strip().splitlines() or [run.stdout.strip()])[0]
            print(f"  {case:<46} {path.stat().st_size / 1e6:6.1f} MB file  peak {run.peak_mb:6.0f} MB  "
                  f"{run.seconds:6.1f} s  exit {run.returncode}  {message[:110]}")
            shutil.rmtree(project / "data/honors", ignore_errors=True)
            shutil.copytree(ROOT / "tests/fixtures/minimal/data/honors", project / "data/honors")


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--src", type=Path, default=ROOT / "src", help="the src/ directory whose import is measured")
    arguments.add_argument("--bombs-only", action="store_true")
    options = arguments.parse_args()
    if not options.bombs_only:
        lists()
    bombs(options.src.resolve())
    return 0


def lists() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sheet = work / "名单.xlsx"
        filled_workbook(sheet)
        project = work / "p"
        shutil.copytree(ROOT / "data", project / "data")
        times = []
        for _ in range(3):
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "schoolpub", "--root", str(project), "import", str(sheet),
                                     "--overwrite"], capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if result.returncode != 0:
                sys.exit(f"import failed:\n{result.stderr}")
        started = time.perf_counter()
        tables, _ = read_tables(sheet)
        read_record(layout_of(HONORS), tables)
        reading = time.perf_counter() - started
        started = time.perf_counter()
        load_site(project / "data")
        checking = time.perf_counter() - started
        size = (project / "data/honors/2026-bench-pupils.yml").stat().st_size
    print(f"make import, honours list of {ROWS} pupils ({sheet.name}): median {statistics.median(times):.2f} s, "
          f"min {min(times):.2f} s, max {max(times):.2f} s over 3 runs (fresh process each)")
    print(f"  in-process: read workbook + map cells {reading:.2f} s; check the demo with the new record "
          f"{checking:.2f} s (the import checks twice: before and with the record); record file {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
