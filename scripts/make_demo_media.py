"""Draw the demo school's media files (data/media/) with Pillow, and write its budget workbook.

Everything here is drawn from shapes: no downloads, no photographs of real
people, no EXIF. Fixed seeds and fixed PDF dates make the output byte-for-byte
identical on every run, so the files can be committed and regenerated freely:

    .venv/bin/python scripts/make_demo_media.py

The labels are ASCII because the build machines have no CJK font; the Chinese
captions live in the YAML records. The budget workbook (openpyxl) is in Chinese: a
spreadsheet needs no font to be written, and parents open it in Excel or WPS.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import random
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "data" / "media"
PDF_DATE = dt.datetime(2026, 11, 23, 0, 0, 0).timetuple()  # fixed: Pillow would write "now"
PHOTO_SIZE = (800, 600)
JPEG_OPTIONS = {"quality": 72, "optimize": True, "progressive": False, "subsampling": 2}

SCHOOL_RED = (178, 34, 34)
GOLD = (230, 180, 60)
SKIN = [(246, 214, 180), (233, 190, 150), (214, 170, 130)]
CLOTHES = [(200, 40, 50), (30, 90, 170), (250, 250, 250), (40, 140, 80), (240, 160, 30), (120, 70, 160)]


def star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float, fill) -> None:
    """A five-pointed star, point up."""
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.4
        angle = math.radians(-90 + index * 36)
        points.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    draw.polygon(points, fill=fill)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def save_jpeg(image: Image.Image, relative: str) -> None:
    path = MEDIA / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(path, "JPEG", **JPEG_OPTIONS)


def save_png(image: Image.Image, relative: str) -> None:
    path = MEDIA / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG", optimize=True)


def save_pdf(pages: list[Image.Image], relative: str, title: str) -> None:
    path = MEDIA / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = [page.convert("1", dither=Image.Dither.NONE) for page in pages]  # black and white: a few KB
    first, rest = pages[0], pages[1:]
    first.save(path, "PDF", resolution=72.0, save_all=True, append_images=rest, title=title,
               author="Shiyan Primary School (demo)", creator="make_demo_media.py", producer="Pillow",
               creationDate=PDF_DATE, modDate=PDF_DATE)


# -- building blocks -------------------------------------------------------------

def sky_and_ground(draw: ImageDraw.ImageDraw, sky_top, sky_bottom, ground, horizon: int) -> None:
    width, height = PHOTO_SIZE
    for y in range(horizon):
        t = y / max(horizon - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(sky_top, sky_bottom))
        draw.line([(0, y), (width, y)], fill=colour)
    draw.rectangle([0, horizon, width, height], fill=ground)


def child(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, rng: random.Random, arms_up: bool = False) -> None:
    """A simple cartoon pupil standing with feet at (x, y): no faces, just shapes."""
    body = rng.choice(CLOTHES)
    skin = rng.choice(SKIN)
    head = 14 * scale
    draw.rectangle([x - 9 * scale, y - 30 * scale, x - 3 * scale, y], fill=(40, 40, 60))
    draw.rectangle([x + 3 * scale, y - 30 * scale, x + 9 * scale, y], fill=(40, 40, 60))
    draw.rounded_rectangle([x - 14 * scale, y - 72 * scale, x + 14 * scale, y - 28 * scale], radius=6 * scale, fill=body)
    if arms_up:
        draw.line([(x - 12 * scale, y - 66 * scale), (x - 26 * scale, y - 96 * scale)], fill=skin, width=max(2, int(5 * scale)))
        draw.line([(x + 12 * scale, y - 66 * scale), (x + 26 * scale, y - 96 * scale)], fill=skin, width=max(2, int(5 * scale)))
    else:
        draw.line([(x - 14 * scale, y - 66 * scale), (x - 20 * scale, y - 38 * scale)], fill=skin, width=max(2, int(5 * scale)))
        draw.line([(x + 14 * scale, y - 66 * scale), (x + 20 * scale, y - 38 * scale)], fill=skin, width=max(2, int(5 * scale)))
    draw.ellipse([x - head, y - 72 * scale - 2 * head, x + head, y - 72 * scale], fill=skin)
    draw.chord([x - head, y - 72 * scale - 2 * head, x + head, y - 72 * scale - 0.6 * head], 180, 360, fill=(30, 25, 20))
    # red scarf of the Young Pioneers
    draw.polygon([(x - 8 * scale, y - 72 * scale), (x + 8 * scale, y - 72 * scale), (x, y - 60 * scale)], fill=SCHOOL_RED)


def row_of_children(draw, rng, count: int, left: int, right: int, feet: int, scale: float, arms_up: bool = False) -> None:
    step = (right - left) / max(count - 1, 1)
    for index in range(count):
        child(draw, round(left + index * step), feet, scale, rng, arms_up=arms_up)


def label(image: Image.Image, text: str) -> None:
    """A caption band like the one a camera app or a school photographer adds."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    draw.rectangle([0, height - 44, width, height], fill=(20, 20, 30))
    draw.text((16, height - 34), text, fill=(255, 255, 255), font=font(22))


def flags(draw, rng, y: int) -> None:
    width = PHOTO_SIZE[0]
    points = [(x, y + round(8 * math.sin(x / 60))) for x in range(0, width + 1, 40)]
    draw.line(points, fill=(120, 120, 120), width=2)
    for (x1, y1), (x2, y2) in zip(points, points[1:]):
        draw.polygon([(x1 + 4, y1 + 2), (x2 - 4, y2 + 2), ((x1 + x2) // 2, max(y1, y2) + 24)], fill=rng.choice(CLOTHES))


# -- festival photos -------------------------------------------------------------

def photo_choir(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (90, 20, 40), (150, 40, 60), (120, 70, 40), 380)  # red stage curtain
    for x in range(0, 800, 50):
        draw.line([(x, 0), (x + 10, 380)], fill=(110, 25, 45), width=6)
    draw.rectangle([0, 0, 800, 40], fill=(200, 150, 40))
    flags(draw, rng, 44)
    draw.rectangle([60, 330, 740, 400], fill=(150, 95, 55))  # risers
    draw.rectangle([100, 270, 700, 340], fill=(165, 105, 60))
    row_of_children(draw, rng, 9, 150, 650, 330, 1.0)
    row_of_children(draw, rng, 10, 110, 690, 400, 1.1)
    child(draw, 400, 520, 1.3, rng, arms_up=True)  # the conductor, from behind
    label(image, text)
    return image


def photo_painting(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (236, 232, 220), (226, 222, 210), (190, 170, 140), 430)  # corridor wall
    for column in range(4):
        for row_ in range(2):
            x, y = 50 + column * 180, 50 + row_ * 180
            draw.rectangle([x, y, x + 150, y + 150], fill=(250, 250, 245), outline=(120, 90, 60), width=5)
            for _ in range(5):
                cx, cy, r = x + rng.randint(25, 125), y + rng.randint(25, 125), rng.randint(8, 30)
                draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=rng.choice(CLOTHES + [GOLD]))
            draw.line([(x + 15, y + 130), (x + 135, y + 110)], fill=(40, 140, 80), width=4)
    row_of_children(draw, rng, 5, 120, 680, 540, 1.2)
    label(image, text)
    return image


def photo_running(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (110, 170, 230), (190, 220, 245), (60, 150, 70), 250)
    draw.rectangle([0, 300, 800, 560], fill=(190, 70, 55))  # track
    for lane in range(6):
        draw.line([(0, 300 + lane * 52), (800, 300 + lane * 52)], fill=(250, 250, 250), width=3)
    draw.line([(620, 300), (620, 560)], fill=(250, 250, 250), width=8)  # finish line
    for lane in range(5):
        child(draw, 180 + lane * 70 + rng.randint(0, 90), 350 + lane * 52, 0.85, rng)
    for x in range(20, 800, 60):  # spectators behind the fence
        child(draw, x, 290, 0.55, rng, arms_up=rng.random() < 0.5)
    label(image, text)
    return image


def photo_rope(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (120, 175, 230), (200, 225, 245), (60, 150, 70), 260)
    draw.rectangle([0, 260, 800, 300], fill=(200, 200, 200))  # teaching building in the distance
    for x in range(30, 800, 90):
        draw.rectangle([x, 150, x + 60, 255], fill=(235, 225, 200), outline=(150, 140, 120))
    draw.arc([220, 260, 580, 560], 200, 340, fill=(240, 160, 30), width=6)
    child(draw, 200, 520, 1.2, rng, arms_up=True)
    child(draw, 600, 520, 1.2, rng, arms_up=True)
    row_of_children(draw, rng, 3, 340, 460, 500, 1.0, arms_up=True)
    label(image, text)
    return image


def photo_tug_of_war(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (100, 160, 225), (185, 215, 240), (70, 155, 75), 240)
    draw.line([(60, 430), (740, 430)], fill=(200, 170, 110), width=8)
    draw.rectangle([392, 420, 408, 460], fill=SCHOOL_RED)
    for index in range(5):
        child(draw, 100 + index * 55, 470, 1.0, rng)
        child(draw, 480 + index * 55, 470, 1.0, rng)
    flags(draw, rng, 20)
    label(image, text)
    return image


def photo_garden(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (140, 190, 235), (210, 230, 245), (120, 85, 50), 230)
    for row_ in range(4):
        y = 280 + row_ * 70
        draw.rectangle([40, y, 760, y + 40], fill=(95, 65, 40))
        for x in range(60, 760, 45):
            draw.ellipse([x, y - 18 + rng.randint(-4, 4), x + 26, y + 8], fill=(50 + rng.randint(0, 40), 150, 60))
    row_of_children(draw, rng, 4, 150, 650, 540, 1.1)
    draw.rectangle([660, 480, 700, 520], fill=(90, 120, 170))  # watering can
    draw.line([(700, 490), (730, 470)], fill=(90, 120, 170), width=5)
    label(image, text)
    return image


def photo_kitchen(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (245, 240, 230), (235, 230, 220), (210, 200, 185), 300)  # classroom wall
    draw.rectangle([80, 330, 720, 380], fill=(170, 120, 70))  # desks in a row
    for x in range(120, 700, 120):
        draw.ellipse([x, 300, x + 70, 340], fill=(250, 250, 250), outline=(150, 150, 150), width=3)
        for _ in range(6):
            cx, cy = x + rng.randint(12, 58), 312 + rng.randint(0, 16)
            draw.ellipse([cx - 5, cy - 4, cx + 5, cy + 4], fill=(245, 235, 210))  # dumplings
    row_of_children(draw, rng, 6, 110, 690, 560, 1.05)
    label(image, text)
    return image


def photo_sports_opening(seed: int, text: str) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    sky_and_ground(draw, (95, 155, 225), (180, 210, 240), (190, 70, 55), 230)
    draw.rectangle([300, 60, 306, 230], fill=(180, 180, 180))  # flagpole
    draw.rectangle([306, 60, 386, 112], fill=(222, 41, 16))
    star(draw, 322, 80, 11, (255, 222, 0))
    for block in range(3):
        for row_ in range(4):
            for col in range(5):
                child(draw, 120 + block * 220 + col * 34, 320 + row_ * 60, 0.75, rng)
    label(image, text)
    return image


PHOTOS = [
    ("festivals/2024-art/01.jpg", photo_choir, 2401, "2024 Art Festival - class choir contest"),
    ("festivals/2024-art/02.jpg", photo_painting, 2402, "2024 Art Festival - pupils' paintings exhibition"),
    ("festivals/2024-art/03.jpg", photo_choir, 2403, "2024 Art Festival - closing performance"),
    ("festivals/2025-sports/01.jpg", photo_sports_opening, 2501, "2025 Sports Festival - opening ceremony"),
    ("festivals/2025-sports/02.jpg", photo_running, 2502, "2025 Sports Festival - class relay race"),
    ("festivals/2025-sports/03.jpg", photo_rope, 2503, "2025 Sports Festival - long rope skipping"),
    ("festivals/2025-sports/04.jpg", photo_tug_of_war, 2504, "2025 Sports Festival - tug of war"),
    ("festivals/2026-labor/01.jpg", photo_garden, 2601, "2026 Labour Week - school farm planting"),
    ("festivals/2026-labor/02.jpg", photo_kitchen, 2602, "2026 Labour Week - making dumplings"),
]


# -- logo and certificates -------------------------------------------------------

def logo() -> Image.Image:
    size = 256
    big = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))  # drawn at 2x, then reduced: smooth edges
    draw = ImageDraw.Draw(big)
    c = size
    draw.ellipse([8, 8, 2 * size - 8, 2 * size - 8], fill=SCHOOL_RED)
    draw.ellipse([40, 40, 2 * size - 40, 2 * size - 40], fill=(255, 255, 255))
    draw.ellipse([64, 64, 2 * size - 64, 2 * size - 64], fill=(250, 244, 230), outline=SCHOOL_RED, width=6)
    # an open book
    draw.polygon([(c, 300), (c - 150, 260), (c - 150, 360), (c, 400)], fill=(30, 90, 170))
    draw.polygon([(c, 300), (c + 150, 260), (c + 150, 360), (c, 400)], fill=(40, 110, 195))
    for offset in (20, 45, 70):
        draw.line([(c - 130, 270 + offset * 0.9), (c - 20, 305 + offset * 0.9)], fill=(200, 220, 245), width=5)
        draw.line([(c + 20, 305 + offset * 0.9), (c + 130, 270 + offset * 0.9)], fill=(200, 220, 245), width=5)
    # a sprout growing from the book
    draw.line([(c, 300), (c, 170)], fill=(40, 140, 80), width=14)
    draw.ellipse([c - 110, 150, c - 6, 215], fill=(60, 170, 90))
    draw.ellipse([c + 6, 120, c + 110, 185], fill=(60, 170, 90))
    # a star above
    star(draw, c, 100, 44, GOLD)
    # ring of dots standing in for the school's name
    for index in range(36):
        angle = math.radians(index * 10)
        x, y = c + 230 * math.cos(angle), c + 230 * math.sin(angle)
        draw.ellipse([x - 5, y - 5, x + 5, y + 5], fill=(255, 255, 255))
    return big.resize((size, size), Image.Resampling.LANCZOS)


def certificate(seed: int, lines: list[str], colour) -> Image.Image:
    rng = random.Random(seed)
    image = Image.new("RGB", (800, 560), (252, 246, 232))
    draw = ImageDraw.Draw(image)
    draw.rectangle([16, 16, 784, 544], outline=colour, width=14)
    draw.rectangle([40, 40, 760, 520], outline=GOLD, width=4)
    for x in range(60, 760, 28):  # decorative border pattern
        draw.ellipse([x, 46, x + 10, 56], fill=colour)
        draw.ellipse([x, 504, x + 10, 514], fill=colour)
    title_font, body_font = font(54), font(26)
    y = 110
    for number, text in enumerate(lines):
        used = title_font if number == 0 else body_font
        width = draw.textlength(text, font=used)
        draw.text(((800 - width) / 2, y), text, fill=(60, 40, 30) if number else colour, font=used)
        y += 90 if number == 0 else 44
    # the red seal
    cx, cy = 600 + rng.randint(-10, 10), 420
    draw.ellipse([cx - 70, cy - 70, cx + 70, cy + 70], outline=(210, 40, 40), width=7)
    star(draw, cx, cy, 34, (210, 40, 40))
    return image


CERTIFICATES = [
    ("honors/2024-civilized-campus.jpg", 2410, ["CERTIFICATE", "Shiyan Primary School", "Civilized Campus of Shili City",
                                                "Awarded 2024-12"], SCHOOL_RED),
    ("honors/2025-city-choir.jpg", 2511, ["CERTIFICATE", "School Children's Choir", "First Prize, City Choir Contest",
                                          "Primary School Group, 2025-06"], (30, 90, 170)),
]


# -- PDF attachments -------------------------------------------------------------

def table_page(title: str, subtitle: str, header: list[str], rows: list[list[str]], footer: str) -> Image.Image:
    """An A4 page (72 dpi) with a ruled table, in greyscale to keep the PDF small."""
    page = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), title, fill=0, font=font(22))
    draw.text((60, 92), subtitle, fill=60, font=font(13))
    widths = [60, 255, 80, 80]
    x0, y0, height = 60, 130, 28
    for row_index, row in enumerate([header] + rows):
        x = x0
        y = y0 + row_index * height
        if row_index == 0:
            draw.rectangle([x0, y, x0 + sum(widths), y + height], fill=225)
        for width, cell in zip(widths, row):
            draw.rectangle([x, y, x + width, y + height], outline=0, width=1)
            draw.text((x + 6, y + 7), cell, fill=0, font=font(12))
            x += width
    draw.text((60, y0 + (len(rows) + 2) * height), footer, fill=60, font=font(12))
    draw.ellipse([400, 700, 500, 800], outline=90, width=4)  # where the seal goes
    return page


def text_page(title: str, paragraphs: list[str]) -> Image.Image:
    page = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(page)
    draw.text((60, 60), title, fill=0, font=font(20))
    y = 110
    for paragraph in paragraphs:
        draw.text((60, y), paragraph, fill=30, font=font(12))
        y += 26
    draw.ellipse([400, 700, 500, 800], outline=90, width=4)
    return page


BUDGET_ROWS = [
    ["1", "Basic expenditure - salaries", "1,012.40", "1,038.65"],
    ["2", "Basic expenditure - public funds", "186.30", "192.10"],
    ["3", "Project - building maintenance", "96.00", "120.00"],
    ["4", "Project - teaching equipment", "58.50", "64.20"],
    ["5", "Project - teacher training", "18.00", "21.50"],
    ["6", "Project - student aid", "12.60", "13.80"],
    ["", "Total (10,000 yuan)", "1,383.80", "1,450.25"],
]


def budget_pdf() -> list[Image.Image]:
    return [table_page("Shiyan Primary School - 2024 Budget", "Unit: 10,000 yuan. Demo data, fictional school.",
                       ["No.", "Item", "2023", "2024"], BUDGET_ROWS,
                       "Approved by Shili District Finance Bureau, 2024-02. Published under the disclosure rules.")]


def attendance_pdf() -> list[Image.Image]:
    return [
        text_page("Staff Attendance Rules (2024) - stamped copy", [
            "Article 1  Purpose and scope.",
            "Article 2  Working hours: 07:40-11:50, 13:30-17:00 on school days.",
            "Article 3  Sign-in by face recognition at the staff entrance.",
            "Article 4  Leave: apply in advance through the office system.",
            "Article 5  Sick leave, personal leave, maternity and marriage leave.",
            "Article 6  Duty rota during holidays.",
        ]),
        text_page("Staff Attendance Rules (2024) - page 2", [
            "Article 7  Records are kept by the Principal's Office.",
            "Article 8  Monthly summary published to staff, not to the public.",
            "Article 9  Adopted by the Staff Representative Congress, 2024-08-30.",
            "Article 10 In force from 2024-09-01.",
        ]),
    ]


# -- the budget workbook ------------------------------------------------------------
# The tables a 部门预算公开 publishes (部门收支总表, 一般公共预算支出表, “三公”经费, 政府采购),
# laid out as real school budgets are (e.g. 云阳县大阳镇大阳小学 2025年单位预算, yunyang.gov.cn);
# the numbers are the demo school's own invented ones, the same as data/affairs/2024-budget.yml states.
BUDGET_TABLES = {
    "部门收支总表": (["收入项目", "预算数", "支出项目", "预算数"], [
        ["一、一般公共预算拨款收入", 1450.25, "一、基本支出", 1230.75],
        ["二、政府性基金预算拨款收入", 0, "二、项目支出", 219.50],
        ["三、事业收入", 0, None, None],
        ["四、其他收入", 0, None, None],
        ["收入总计", 1450.25, "支出总计", 1450.25]]),
    "一般公共预算支出表": (["项目", "预算数"], [
        ["一、基本支出", 1230.75], ["    人员经费", 1038.65], ["    日常公用经费", 192.10],
        ["二、项目支出", 219.50], ["    校舍维修改造", 120.00], ["    教学设备购置", 64.20], ["    教师培训", 21.50],
        ["    学生资助", 13.80], ["合计", 1450.25]]),
    "三公经费支出表": (["项目", "预算数"], [
        ["合计", 0], ["一、因公出国（境）费", 0], ["二、公务用车购置及运行费", 0], ["    其中：公务用车购置费", 0],
        ["          公务用车运行费", 0], ["三、公务接待费", 0]]),
    "政府采购预算表": (["采购项目", "预算数"], [["教学设备购置", 64.20], ["校舍维修改造工程", 120.00], ["合计", 184.20]]),
}
XLSX_DATE = (2024, 2, 23, 0, 0, 0)  # fixed: openpyxl would write "now" into the zip and the properties
XLSX_CORE = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
             'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
             'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>财务室</dc:creator>'
             '<cp:lastModifiedBy>财务室</cp:lastModifiedBy>'
             '<dcterms:created xsi:type="dcterms:W3CDTF">2024-02-20T08:00:00Z</dcterms:created>'
             '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-02-23T08:00:00Z</dcterms:modified>'
             '</cp:coreProperties>').encode()


def budget_workbook() -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, (header, rows) in BUDGET_TABLES.items():
        sheet = book.create_sheet(title)
        sheet.append([f"示例市实验小学2024年{title}"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A1"].alignment = Alignment(horizontal="center")
        sheet.append(["单位：万元"])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for row in sheet.iter_rows(min_row=4):
            for cell in row:
                if isinstance(cell.value, (int, float)):
                    cell.number_format = "0.00"
        for column in "ABCD"[:len(header)]:
            sheet.column_dimensions[column].width = 28 if column in "AC" else 14
    return book


def save_xlsx(book: openpyxl.Workbook, relative: str) -> None:
    """Saved as a staff member's Excel would (creator 财务室), with fixed dates: the same bytes each run."""
    written = io.BytesIO()
    book.save(written)
    output = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(output, "w") as archive:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=XLSX_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, XLSX_CORE if info.filename == "docProps/core.xml" else source.read(info))
    path = MEDIA / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(output.getvalue())


def main() -> None:
    save_png(logo(), "school/logo.png")
    for relative, draw_photo, seed, text in PHOTOS:
        save_jpeg(draw_photo(seed, text), relative)
    for relative, seed, lines, colour in CERTIFICATES:
        save_jpeg(certificate(seed, lines, colour), relative)
    save_pdf(budget_pdf(), "affairs/2024-budget.pdf", "2024 Budget (demo)")
    save_xlsx(budget_workbook(), "affairs/2024-budget.xlsx")
    save_pdf(attendance_pdf(), "regulations/2024-staff-attendance.pdf", "Staff Attendance Rules (demo)")
    total = sum(path.stat().st_size for path in MEDIA.rglob("*") if path.is_file())
    print(f"wrote demo media under {MEDIA.relative_to(ROOT)} ({total // 1024} KB in total)")


if __name__ == "__main__":
    main()
