"""Spreadsheets made to exhaust the machine, built in a second or two, and a way to measure a run.

Used by tests/test_sheets_limits.py and `make bench-import`. Each bomb is a file a
naive reader would really choke on: the shared-strings bomb is a valid zip whose
member inflates to 3 GB (correct size and CRC in its headers), written without
ever holding or compressing 3 GB: after a full flush deflate forgets what came
before, so one compressed megabyte of a repeated string can be repeated as bytes.
"""
from __future__ import annotations

import dataclasses
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl

from sheets_support import PUPILS, PUPILS_FIELDS, REPO, fill, save, template

MEGABYTE = 1 << 20


# -- a zip written member by member, with members already deflated ------------------------------

@dataclasses.dataclass
class Member:
    name: str
    deflated: bytes  # raw deflate stream (no zlib header)
    crc: int
    size: int  # the uncompressed size written into the headers


def deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)  # fast: the bombs are big, not small
    return compressor.compress(data) + compressor.flush()


def member_of(name: str, data: bytes) -> Member:
    return Member(name, deflated(data), zlib.crc32(data), len(data))


def write_zip(path: Path, members: list[Member]) -> Path:
    """A plain zip (no zip64: every size below 4 GiB), local headers then the central directory."""
    local, central = bytearray(), bytearray()
    for member in members:
        name = member.name.encode()
        fields = (20, 0, 8, 0, 0x21, member.crc, len(member.deflated), member.size, len(name), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, len(local)) + name
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + name + member.deflated
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0)
    path.write_bytes(bytes(local + central + end))
    return path


def members_of(path: Path) -> list[Member]:
    with zipfile.ZipFile(path) as archive:
        return [member_of(info.filename, archive.read(info)) for info in archive.infolist()]


# -- CRC-32 of a repeated block without reading it (zlib's crc32_combine, in Python) ----------

def _gf2_times(matrix: list[int], vector: int) -> int:
    total, index = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[index]
        vector >>= 1
        index += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, row) for row in matrix]


def crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """CRC-32 of A+B from crc(A), crc(B) and len(B), as zlib computes it."""
    odd = [0xEDB88320] + [1 << bit for bit in range(31)]  # one zero bit
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four
    while length2:
        even = _gf2_square(odd)
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
    return crc1 ^ crc2


def crc32_repeated(block: bytes, times: int) -> int:
    crc, length = 0, 0
    power_crc, power_length = zlib.crc32(block), len(block)
    while times:
        if times & 1:
            crc, length = crc32_combine(crc, power_crc, power_length), length + power_length
        power_crc, power_length = crc32_combine(power_crc, power_crc, power_length), 2 * power_length
        times >>= 1
    return crc


# -- the bombs --------------------------------------------------------------------------------

def pupils_workbook(path: Path, rows: list[list[object]] = PUPILS) -> Path:
    """The honours template filled like a real list (the base every bomb starts from)."""
    return save(fill(template("honors"), PUPILS_FIELDS, {"获奖名单": rows}), path)


SHARED_STRINGS = "xl/sharedStrings.xml"
MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def with_shared_strings(members: list[Member]) -> Member:
    """Give an openpyxl-written workbook (inline strings only) the shared-strings part Excel and WPS
    write: registered in [Content_Types].xml and the workbook's relationships. Returns the part."""
    def edit(name: str, old: bytes, new: bytes) -> None:
        index = next(i for i, item in enumerate(members) if item.name == name)
        data = zlib.decompress(members[index].deflated, -15)
        members[index] = member_of(name, data.replace(old, new + old, 1))
    edit("[Content_Types].xml", b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
         b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
    edit("xl/_rels/workbook.xml.rels", b"</Relationships>", b'<Relationship Id="rIdStrings" Target="sharedStrings.xml" '
         b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>')
    part = member_of(SHARED_STRINGS, b'<sst ' + MAIN + b' count="0" uniqueCount="0"></sst>')
    members.append(part)
    return part


def shared_strings_bomb(path: Path, gigabytes: float = 3.0, declared: int | None = None) -> Path:
    """The pupils' workbook with a shared-strings part holding one string of `gigabytes` GB of the
    letter A (~1 MB compressed per GB). `declared`: a smaller size to write into the headers instead
    of the true one (a lying header)."""
    members = members_of(pupils_workbook(path))
    strings = with_shared_strings(members)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<sst ' + MAIN + b' count="1" uniqueCount="1"><si><t>'
    tail = b"</t></si></sst>"
    block = b"A" * MEGABYTE
    times = int(gigabytes * 1000 * MEGABYTE) // MEGABYTE
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    size = len(head) + times * len(block) + len(tail)
    crc = crc32_combine(crc32_combine(zlib.crc32(head), crc32_repeated(block, times), times * len(block)),
                        zlib.crc32(tail), len(tail))
    strings.deflated = start + repeated * times + end
    strings.crc, strings.size = crc, (declared if declared is not None else size)
    return write_zip(path, members)


def stray_cell_workbook(path: Path, cell: str = "A1048576", value: str = "x") -> Path:
    """The pupils' list with one forgotten cell far below it (Ctrl+↓ then a keystroke)."""
    book = fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS})
    book["获奖名单"][cell] = value
    return save(book, path)


def long_cell_workbook(path: Path, megabytes: float = 10, cell: str = "D5", repeated: bool = False) -> Path:
    """A cell of `megabytes` MB of text (pasted by mistake, or written by a program: Excel itself stops
    at 32,767 characters, and so does openpyxl, so the text goes into the sheet's XML directly).
    Text as varied as a real one compresses two to three times; `repeated`, one character over
    and over, a thousand times."""
    book = fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS})
    book["获奖名单"][cell] = "LONG-CELL"
    save(book, path)
    return patched(path, sheet_part(book), b"LONG-CELL", chinese_text(megabytes, repeated).encode())


def chinese_text(megabytes: float, repeated: bool = False) -> str:
    characters = int(megabytes * MEGABYTE / 3)
    if repeated:
        return "长" * characters
    # 64 K random characters out of 256, repeated: deflate looks back only 32 KB, so this compresses
    # like varied text (about 2.5 times) and is made in a blink
    table = {byte: chr(0x4E00 + byte * 7) for byte in range(256)}
    sample = random.Random(18).randbytes(min(characters, 65_536)).decode("latin-1").translate(table)
    return (sample * (characters // len(sample) + 1))[:characters]


def shared_long_cell_workbook(path: Path, characters: int = 40_000, cell: str = "D5") -> Path:
    """As Excel and WPS write it: the cell holds an index into the shared strings, the text is there."""
    book = fill(template("honors"), PUPILS_FIELDS, {"获奖名单": PUPILS})
    book["获奖名单"][cell] = "SHARED-CELL"
    save(book, path)
    members = members_of(path)
    strings = with_shared_strings(members)
    text = chinese_text(characters * 3 / MEGABYTE)
    members[members.index(strings)] = member_of(SHARED_STRINGS, b'<sst ' + MAIN + b' count="1" uniqueCount="1"><si><t>'
                                                + text.encode() + b"</t></si></sst>")
    write_zip(path, members)
    inline = f'<c r="{cell}" t="inlineStr"><is><t>SHARED-CELL</t></is></c>'.encode()
    return patched(path, sheet_part(book), inline, f'<c r="{cell}" t="s"><v>0</v></c>'.encode())


def sheet_part(book, title: str = "获奖名单") -> str:
    """The part openpyxl writes a sheet to: sheet1.xml, sheet2.xml … in the workbook's order."""
    return f"xl/worksheets/sheet{book.sheetnames.index(title) + 1}.xml"


def patched(path: Path, member: str, old: bytes, new: bytes) -> Path:
    """The workbook with `old` replaced by `new` in one of its parts."""
    members = members_of(path)
    target = next(item for item in members if item.name == member)
    data = zlib.decompress(target.deflated, -15)
    assert old in data, (member, old)
    members[members.index(target)] = member_of(member, data.replace(old, new))
    return write_zip(path, members)


def filled_sheet(path: Path, rows: int, columns: int) -> Path:
    """A 获奖名单 sheet (no 基本信息) with every cell of `rows` × `columns` filled (the first five
    are the template's columns, the rest notes)."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("获奖名单")
    notes = columns - 5
    sheet.append(["序号", "姓名或名称", "同班多人姓名", "班级或学科", "奖项"][:columns] + [f"备注{n}" for n in range(notes)])
    for number in range(1, rows):
        sheet.append([number, f"王{number}", "李一 张二", "三年级（2）班", "一等奖"][:columns] + [f"第{number}行的备注"] * notes)
    book.save(path)
    return path


def many_parts_workbook(path: Path, extra: int = 1000) -> Path:
    members = members_of(pupils_workbook(path))
    return write_zip(path, members + [member_of(f"xl/media/blank{number}.bin", b"") for number in range(extra)])


def declared_total_workbook(path: Path, parts: int = 3, megabytes: int = 40) -> Path:
    """Parts that say they inflate to `megabytes` MB each, each compressed 90 times (under the ratio
    limit): refused on what the directory says, so their bytes (random) are never inflated."""
    members = members_of(pupils_workbook(path))
    garbage = random.Random(18).randbytes(megabytes * MEGABYTE // 90)
    return write_zip(path, members + [Member(f"xl/media/image{number}.png", garbage, 0, megabytes * MEGABYTE)
                                      for number in range(parts)])


def doctype_workbook(path: Path) -> Path:
    """styles.xml with entity definitions that expand ten to the ninth times (billion laughs)."""
    pupils_workbook(path)
    laughs = b'<!DOCTYPE s [<!ENTITY l0 "ha">' + b"".join(
        b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10)) + b"]>"
    members = members_of(path)
    styles = next(item for item in members if item.name == "xl/styles.xml")
    data = zlib.decompress(styles.deflated, -15)
    members[members.index(styles)] = member_of(styles.name, laughs + data.replace(b"<numFmts", b"<numFmts x='&l9;'", 1))
    return write_zip(path, members)


def overlapping_merges_workbook(path: Path) -> Path:
    pupils_workbook(path)
    return patched(path, sheet_part(template("honors")), b"</sheetData>", b'</sheetData><mergeCells count="2">'
                   b'<mergeCell ref="A3:E6"/><mergeCell ref="A3:E6"/></mergeCells>')


def wide_csv(path: Path, fields: int = 20_000) -> Path:
    path.write_text(CSV_HEAD + "1,王小琪,,三年级（2）班,一等奖" + "," * fields + "x\n", encoding="utf-8")
    return path


CSV_HEAD = """【基本信息】
项目,内容
记录编号（文件名）,2026-calligraphy
标题,2026年测试市中小学生书法比赛获奖名单
日期,2026/10/30
颁发单位,测试市教育局
级别,市级
获奖对象,学生
监护人同意,是
【获奖名单】
序号,姓名或名称,同班多人姓名,班级或学科,奖项
"""


def million_row_csv(path: Path, rows: int = 1_000_000) -> Path:
    """The pupils' CSV with a million rows of one short name each (12 MB: under the size limit)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(CSV_HEAD.replace("\n", "\r\n"))
        out.writelines(f"{number},王{number % 100:02d}\r\n" for number in range(1, rows + 1))
    return path


def long_cell_csv(path: Path, megabytes: float = 10) -> Path:
    path.write_text(CSV_HEAD + "1,王小琪,,三年级（2）班,一等奖\n2,欧阳娜娜,," + "长" * int(megabytes * MEGABYTE / 3) +
                    ",二等奖\n", encoding="utf-8")
    return path


# -- a run measured: peak memory of exactly that child process ----------------------------------

@dataclasses.dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float  # the child's peak resident set (ru_maxrss of that child alone, via wait4)
    seconds: float


def measured_import(root: Path, file: Path, timeout: float = 120, address_space_gb: float = 4,
                    src: Path = REPO / "src") -> Run:
    """`schoolpub import FILE` in a fresh process, as staff run it (`src`: another checkout's, to compare)."""
    return measured([sys.executable, "-m", "schoolpub", "--root", str(root), "import", str(file)], timeout,
                    address_space_gb, src)


# The command is started by this small launcher, which waits for it and writes its peak RSS.
# Forked straight from pytest, the child would inherit pytest's resident pages: Linux records
# the old address space's high-water mark at exec, so every run would "peak" at pytest's size
# (185 MB late in the full suite). Forked from a fresh 10 MB interpreter, it starts clean.
_LAUNCHER = """
import os, resource, sys
report, limit, command = sys.argv[1], int(float(sys.argv[2]) * (1 << 30)), sys.argv[3:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def measured(command: list[str], timeout: float = 120, address_space_gb: float = 4, src: Path = REPO / "src") -> Run:
    """A command's exit code, output, peak memory and time. Its address space is capped, so a
    regression fails with MemoryError instead of taking the memory of a shared machine."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    env.pop("GITHUB_ACTIONS", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch, "report")
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", _LAUNCHER, str(report), str(address_space_gb), *command],
                                   stdout=out, stderr=err, env=env, start_new_session=True)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the launcher and the command it started
            process.wait()
        seconds = time.perf_counter() - started
        returncode, peak_kb = (int(part) for part in report.read_text().split()) if report.exists() \
            else (process.returncode, 0)
        out.seek(0)
        err.seek(0)
        return Run(returncode, out.read().decode(), err.read().decode(), peak_kb / 1024, seconds)
