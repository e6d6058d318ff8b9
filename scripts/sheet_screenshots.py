"""Pictures of a filled spreadsheet template for the staff guide (guide-images/sheets-*.png).

Needs LibreOffice and poppler-utils (Debian: libreoffice-calc-nogui, poppler-utils); not
part of the tests or CI. Fills the honours template the way a teacher would (invented
names), prints each sheet to PDF with LibreOffice and turns the pages into PNG files.
"""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from schoolpub.content.honors import HONORS  # noqa: E402
from schoolpub.sheets.export import template_bytes  # noqa: E402
from schoolpub.sheets.template import fill_fields  # noqa: E402

OUT = ROOT / "guide-images"
FIELDS = {"记录编号（文件名）": "2026-calligraphy", "标题": "2026年示例市中小学生书法比赛获奖名单",
          "日期": dt.date(2026, 10, 30), "颁发单位": "示例市教育局", "级别": "市级", "获奖对象": "学生", "监护人同意": "是"}
PUPILS = [["王小琪", None, "三年级（2）班", "一等奖"], ["欧阳娜娜", None, "五年级（1）班", "二等奖"],
          [None, "李明轩 张悦", "四年级（3）班", "三等奖"], ["迪丽娜尔·艾力", None, "五年级（6）班", "三等奖"]]
SHEETS = {"基本信息": "sheets-fields.png", "获奖名单": "sheets-list.png"}


def filled() -> openpyxl.Workbook:
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(HONORS, dt.date(2026, 11, 23))))
    fill_fields(book, FIELDS)
    names = book["获奖名单"]
    for offset, row in enumerate(PUPILS):
        names.append([offset + 1, *row])
    for name in book.sheetnames:
        if name not in SHEETS:
            del book[name]
    for sheet in book.worksheets:
        sheet.page_setup.orientation = "landscape"
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_options.gridLines = True
    return book


def _cropped(page: Path, target: Path) -> None:
    """The printed page without its empty margins."""
    from PIL import Image, ImageChops
    with Image.open(page) as image:
        image = image.convert("RGB")
        box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
        left, top, right, bottom = box
        image.crop((max(0, left - 12), max(0, top - 12), right + 12, bottom + 12)).save(target, optimize=True)


def main() -> int:
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        sys.exit("needs LibreOffice (soffice) and pdftoppm: apt-get install libreoffice-calc-nogui poppler-utils")
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        filled().save(work / "名单.xlsx")
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(work / "名单.xlsx")],
                       check=True, capture_output=True)
        subprocess.run(["pdftoppm", "-png", "-r", "110", str(work / "名单.pdf"), str(work / "page")], check=True)
        pages = sorted(work.glob("page*.png"))
        for page, name in zip(pages, SHEETS.values()):
            _cropped(page, OUT / name)
            print(f"wrote guide-images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
