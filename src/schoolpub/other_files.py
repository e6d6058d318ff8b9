"""Every file under data/ that is not a record, a photo, a PDF or an attached spreadsheet: scanned, and
refused in data/media/.

data/ is committed, and in a public repository a commit is public forever, whether the
website shows a file or not. So the check reads more than the website does:

- every file and folder name (a list saved as "13900001111.xlsx", a record id that
  becomes a web address);
- every text file that is not a record: data/README.md, a note left in a record folder,
  a .csv or .txt anywhere, in UTF-8, GBK or UTF-16 (what Excel and Notepad save in China),
  line by line with the scanner the records use (privacy.py);
- in data/media/, anything but photos and PDFs is refused: a Word file or an archive cannot
  be published, and a spreadsheet is the usual carrier of a class list with ID and phone
  numbers. Records cannot refer to them either (fields.ATTACHMENT_SUFFIXES), with one
  exception: a disclosure's .xlsx attachment (a budget table), which a record's check read
  (xlsx_attachments.py) and which is published. An .xlsx no valid disclosure attaches is
  refused like any spreadsheet. A spreadsheet or archive anywhere else under data/ gets the
  same message.

Records are scanned by the loader, and photos, PDFs and attached spreadsheets by media_checks.py;
symbolic links are refused by the inventory and never read.
"""
from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Callable

from . import inventory as inventory_module
from .echo import quoted, visible
from .fields import ATTACHMENT_SUFFIXES, PHOTO_SUFFIXES
from .privacy import MESSAGES, find_leaks
from .site_scan import scan_text
from .problems import Problem

MEDIA_SUFFIXES = tuple(dict.fromkeys(PHOTO_SUFFIXES + ATTACHMENT_SUFFIXES))
MAX_TEXT_BYTES = 5 * 1024 * 1024  # a README or a note; a bigger text file is not what data/ is for
MAX_REPORTED = 10  # per file: a class list has hundreds, and the fix is the same for all of them
SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ett", ".ods", ".csv", ".tsv", ".numbers"})
DOCUMENTS = frozenset({".doc", ".docx", ".docm", ".wps", ".wpt", ".rtf", ".odt", ".pages", ".ppt", ".pptx", ".dps",
                       ".odp", ".key", ".txt", ".md", ".html", ".htm", ".xml", ".json", ".yml", ".yaml"})
ARCHIVES = frozenset({".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".iso"})
PUBLIC_ANYWAY = "data/ 里的文件都会随仓库公开，不管网站上是否显示"

NAME_MESSAGES = {
    "id": "这个名字里有一个身份证号码。文件名和文件夹名会随仓库公开，记录的文件名还会成为网址：请改名，去掉这个号码"
          "（提交记录里也会保留旧名字，如已推送到公开仓库，请联系网站维护人员处理）。",
    "mobile": "这个名字里有一个手机号码。文件名和文件夹名会随仓库公开，记录的文件名还会成为网址：请改名，去掉这个号码。"
              "学校对外公开的电话请写进 data/school.yml 的 phones，写在那里的号码才允许出现。",
}
NOT_ON_SITE = "这个文件不在网站上显示，但会随仓库公开。"


def check(data_dir: Path, files: inventory_module.Inventory, name: Callable[[Path], str],
          public_phones: list[str], attached_sheets: set[Path] = frozenset()) -> list[Problem]:
    """`attached_sheets`: the spreadsheets in data/media/ that a valid disclosure attaches (checked there)."""
    if os.path.islink(data_dir):
        return []  # refused by the inventory; nothing behind a link is read
    records = {files.school} | {path for paths in files.folders.values() for path in paths
                                if path.suffix.lower() in (".yml", ".yaml")}
    published_media = {path for path in files.media.values() if path.suffix.lower() in MEDIA_SUFFIXES} | attached_sheets
    problems: list[Problem] = []
    for path, is_folder in _everything(data_dir):
        problems += _name_problems(path, is_folder, name, public_phones)
        if is_folder or path in records or path in published_media or os.path.islink(path) or _clutter(path.name):
            continue
        in_media = path.parent.is_relative_to(data_dir / inventory_module.MEDIA)
        # Elsewhere a file is already refused for its place; a class list or an archive also gets why
        # it must leave the repository altogether, not just move to data/media/.
        if (in_media or path.suffix.lower() in SPREADSHEETS | ARCHIVES) and not path.name.startswith("."):
            problems.append(Problem(_shown(path, name), 1, 1, refused_in_media(path.name)))
        problems += scan_file(path, name, public_phones)
    return problems


def _everything(data_dir: Path) -> Iterator[tuple[Path, bool]]:
    """Every file and folder under data/, links included as names, never followed; names with a line
    break or an invisible character are left out (the inventory refuses them and does not enter them)."""
    for folder, folders, names in os.walk(data_dir):  # os.walk does not descend into a linked folder
        folders[:] = [entry for entry in folders if _printable(entry)]
        names = [entry for entry in names if _printable(entry)]
        for entry in sorted(folders):
            yield Path(folder, entry), not os.path.islink(os.path.join(folder, entry))
        for entry in sorted(names):
            yield Path(folder, entry), False


def _printable(file_name: str) -> bool:
    return visible(file_name) == file_name


def _clutter(file_name: str) -> bool:
    """What file managers drop into folders (never read, and .gitignore keeps it out of commits)."""
    return file_name in inventory_module.IGNORED_NAMES or file_name.startswith("._")


def _shown(path: Path, name: Callable[[Path], str], folder: bool = False) -> str:
    # A file's name may itself hold the number: messages and log lines get it quoted, never as it is.
    return quoted(name(path), limit=300) + ("/" if folder else "")


def _name_problems(path: Path, is_folder: bool, name: Callable[[Path], str], public_phones: list[str]
                   ) -> list[Problem]:
    kinds = dict.fromkeys(leak.kind for leak in find_leaks(path.name, public_phones))
    return [Problem(_shown(path, name, is_folder), 1, 1, NAME_MESSAGES[kind]) for kind in kinds]


def scan_file(path: Path, name: Callable[[Path], str], public_phones: list[str]) -> list[Problem]:
    """ID and mobile numbers in a text file, by line and column; nothing for a binary file."""
    shown = _shown(path, name)
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_BYTES:
            return [] if _binary(path) else [Problem(shown, 1, 1, _too_big(size))]
        text = text_of(path.read_bytes())
    except OSError as error:
        return [Problem(shown, 1, 1, f"无法读取这个文件（{error.strerror}），也就无法检查里面有没有个人信息。请删除它。")]
    if text is None:
        return []
    leaks = scan_text(text.encode("utf-8"), path.suffix.lower(), shown, public_phones)
    problems = [Problem(shown, leak.line, leak.column, MESSAGES[leak.kind] + NOT_ON_SITE) for leak in leaks[:MAX_REPORTED]]
    if len(leaks) > MAX_REPORTED:
        rest = leaks[MAX_REPORTED]
        problems.append(Problem(shown, rest.line, rest.column,
                                f"从这里往后还有 {len(leaks) - MAX_REPORTED} 处身份证号码或手机号码，不再逐一列出："
                                "请全部删除，或删除整个文件。"))
    return problems


def text_of(raw: bytes) -> str | None:
    """The text of a file as Notepad, Excel or an editor saved it; None for a binary file."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    if b"\0" in raw[:8192]:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")  # GBK's superset: digits are ASCII in both


def _binary(path: Path) -> bool:
    with path.open("rb") as file:
        return text_of(file.read(8192)) is None


def _too_big(size: int) -> str:
    return (f"这个文件有 {size / 1024 / 1024:.1f} MB，太大了，无法检查里面有没有个人信息，而 {PUBLIC_ANYWAY}。"
            "data/ 里只应有记录、照片、PDF 和简短的说明：请删除它，或把内容缩短。")


def refused_in_media(file_name: str) -> str:
    """Why a file of this kind cannot stay in data/media/, and what to do instead."""
    shown, suffix = quoted(file_name), Path(file_name).suffix.lower()
    if suffix in SPREADSHEETS:
        return (f"“{shown}”是表格文件，没有被任何校务公开记录作为附件引用，而 {PUBLIC_ANYWAY}（表格里常有学生的"
                "身份证号、电话）。学生名单请删除它：名单请用 make import 导入，原始表格放在 spreadsheets/ 文件夹里"
                "（它不会被提交），不要放进仓库。要公开的表格（例如预算公开表）请存为 .xlsx 放在 data/media/ 下，在校务公开"
                "记录的 attachments 里写上；已经写上的话，请先改正那条记录的其他错误。")
    if suffix in DOCUMENTS:
        return (f"“{shown}”是文档文件。网站不发布这类文件，记录也不能引用它，而 {PUBLIC_ANYWAY}：请删除它。"
                "要作为附件发布，请把它导出（另存）为 PDF 放到 data/media/，再在记录的 attachments 里写上。")
    if suffix in ARCHIVES:
        return (f"“{shown}”是压缩包。里面的文件网站无法检查，记录也不能引用它，而 {PUBLIC_ANYWAY}：请删除它。"
                "需要发布的照片和 PDF 请解压后单独放进 data/media/。")
    return (f"“{shown}”不是网站能发布的文件类型，而 {PUBLIC_ANYWAY}。data/media/ 里只能放照片（"
            + "、".join(PHOTO_SUFFIXES) + "）、PDF（.pdf）和校务公开附件里的 Excel 表格（.xlsx）：请删除它，"
            "或转换成这些格式之一。")
