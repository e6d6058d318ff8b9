"""Benchmark of the spreadsheet import: `make bench-import`.

Fills the honours template with a 1,000-row list of pupils (invented names), then
times `schoolpub import` in a fresh process (as staff run it) into a copy of the
demo, three times, and the phases in-process: reading the workbook, and checking
the record with the loader of `make check`. Timing lives here, not in the tests.
"""
from __future__ import annotations

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

from schoolpub.content.honors import HONORS  # noqa: E402
from schoolpub.loader import load_site  # noqa: E402
from schoolpub.sheets.export import template_bytes  # noqa: E402
from schoolpub.sheets.template import fill_fields  # noqa: E402
from schoolpub.sheets.layout import layout_of  # noqa: E402
from schoolpub.sheets.reading import read_record  # noqa: E402
from schoolpub.sheets.workbook import read_tables  # noqa: E402

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


def main() -> int:
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
