"""Every file and folder under data/: either read, or a problem that names it.

A record saved in a misspelt folder (data/fee/), at the top of data/, or behind
a symbolic link used to be skipped without a word: staff believed the notice was
online and it was not. So the loader starts from this inventory of the whole
tree, taken without following any link, and reads only what it approved.

What may be under data/:
- school.yml, and README.md (notes for the staff who keep the data);
- catalogue.yml: the school's or district's own disclosure catalogue (optional);
- annual-reports.yml: what staff write for each year's disclosure report (optional);
- affairs/ fees/ honors/ festivals/ regulations/: one .yml file per record
  (the loader checks the names);
- media/: photos and PDFs, in any sub-folders; files no record references are
  reported as a notice, not an error (a forgotten upload, nothing is lost);
- .gitkeep anywhere, and the files Finder and Explorer leave behind (.DS_Store,
  Thumbs.db, desktop.ini, ._*): never read, never published.
Symbolic links are refused everywhere: a link in data/media/ pointing at a file
of the build machine would otherwise publish that file. So are names with a line
break, a tab or an invisible character in them: staff cannot see what such a name
is, and each message and log line that names it would be broken up or garbled.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import echo
from .content import ALL_TYPES, RECORD_TYPES, SCHOOL, ContentType
from .problems import Problem

ALLOWED_TOP_FILES = ("school.yml", "README.md")
MEDIA = "media"
# Never read, never published: git's placeholder for empty folders, and what
# file managers drop into every folder they open.
IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini", "Desktop.ini"})

# Words staff use for a folder → the folder meant.
_FOLDER_WORDS = {
    **{content_type.name: content_type.publishing.folder_words for content_type in RECORD_TYPES},
    MEDIA: ("照片", "图片", "附件", "photo", "image", "picture", "pdf", "upload"),
}


@dataclass
class Inventory:
    """What the loader may read. Paths are regular files, never links."""

    folders: dict[str, list[Path]] = field(default_factory=dict)  # record type → entries of data/<type>/
    school: Path | None = None
    catalogue: Path | None = None  # data/catalogue.yml, when the school replaces the default catalogue
    report_texts: Path | None = None  # data/annual-reports.yml
    media: dict[str, Path] = field(default_factory=dict)  # "festivals/2025-art/01.jpg" → file
    media_links: set[str] = field(default_factory=set)  # links under data/media/, relative to it
    problems: list[Problem] = field(default_factory=list)


def take(data_dir: Path, name) -> Inventory:
    """The inventory of data/; `name(path)` is how problems name a path (relative to the project)."""
    inventory = _Taker(Inventory(), name)
    if os.path.islink(data_dir):
        inventory.link(data_dir)
        return inventory.result
    for entry in _entries(data_dir):
        inventory.top_level(entry)
    return inventory.result


@dataclass
class _Taker:
    result: Inventory
    name: object  # Path → str

    def problem(self, path: Path, message: str) -> None:
        folder = "/" if path.is_dir() and not path.is_symlink() else ""
        self.result.problems.append(Problem(self.name(path) + folder, 1, 1, message))

    def link(self, path: Path) -> None:
        self.problem(path, LINK_MESSAGE)

    def unprintable(self, entry: os.DirEntry) -> bool:
        """A name with a line break or an invisible character: refused (and not descended into)."""
        if echo.visible(entry.name) == entry.name:
            return False
        self.problem(Path(entry.path), unprintable_name_message(entry.name))
        return True

    def top_level(self, entry: os.DirEntry) -> None:
        path = Path(entry.path)
        if self.unprintable(entry):
            return
        if entry.is_symlink():
            self.link(path)
        elif entry.name == "school.yml" and entry.is_file(follow_symlinks=False):
            self.result.school = path
        elif entry.name == "catalogue.yml" and entry.is_file(follow_symlinks=False):
            self.result.catalogue = path
        elif entry.name == "annual-reports.yml" and entry.is_file(follow_symlinks=False):
            self.result.report_texts = path
        elif entry.is_dir(follow_symlinks=False) and entry.name in {t.name for t in RECORD_TYPES}:
            self.result.folders[entry.name] = self.record_folder(path)
        elif entry.is_dir(follow_symlinks=False) and entry.name == MEDIA:
            self.media(path, "")
        elif entry.name in ALLOWED_TOP_FILES and entry.is_file(follow_symlinks=False):
            pass  # README.md: notes for staff, not published
        elif entry.is_dir(follow_symlinks=False):
            self.problem(path, _stray_folder(path))
        elif entry.is_file(follow_symlinks=False):
            self.problem(path, _stray_file(path))
        else:
            self.problem(path, SPECIAL_MESSAGE)

    def record_folder(self, folder: Path) -> list[Path]:
        """Entries the loader checks one by one (it explains wrong names and sub-folders)."""
        kept = []
        for entry in _entries(folder):
            path = Path(entry.path)
            if self.unprintable(entry):
                continue
            if entry.is_symlink():
                self.link(path)
            elif entry.name.startswith("."):
                self.problem(path, HIDDEN_MESSAGE)
            elif entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
                kept.append(path)
            else:
                self.problem(path, SPECIAL_MESSAGE)
        return kept

    def media(self, folder: Path, prefix: str) -> None:
        for entry in _entries(folder):
            path, relative = Path(entry.path), f"{prefix}{entry.name}"
            if self.unprintable(entry):
                continue
            if entry.is_symlink():
                self.result.media_links.add(relative)  # reported by the loader, with the record that uses it
            elif entry.is_dir(follow_symlinks=False):
                self.media(path, relative + "/")
            elif entry.name.startswith("."):
                self.problem(path, HIDDEN_MESSAGE)
            elif entry.is_file(follow_symlinks=False):
                self.result.media[relative] = path
            else:
                self.problem(path, SPECIAL_MESSAGE)


def _entries(folder: Path) -> list[os.DirEntry]:
    """A folder's entries, sorted, without system clutter. Never follows a link."""
    try:
        with os.scandir(folder) as scan:
            entries = [entry for entry in scan if entry.name not in IGNORED_NAMES and not entry.name.startswith("._")]
    except OSError:
        return []
    return sorted(entries, key=lambda entry: entry.name)


LINK_MESSAGE = ("这是一个符号链接（快捷方式），指向别处的文件或文件夹。为了安全，网站不读取、也不发布符号链接："
                "请删除它，把真正的文件放在这里。")
HIDDEN_MESSAGE = "这是一个隐藏文件（名字以点开头），不会被读取，也不会被发布。请删除它，或去掉名字开头的点。"
SPECIAL_MESSAGE = "这不是普通文件，也不是文件夹，无法读取。请删除它。"


def unprintable_name_message(name: str) -> str:
    found = "、".join(dict.fromkeys(echo.code_point(match.group()) for match in echo.INVISIBLE.finditer(name)))
    suggestion = re.sub(r"\s+", " ", echo.INVISIBLE.sub(" ", name)).strip()
    return (f"这个名字里有换行、制表符或其他看不见的字符（{found}），这样的名字看不清楚，还会扰乱检查结果和日志，"
            "所以网站不读取、也不发布它。请改名，去掉这些字符"
            + (f"，例如改成“{echo.quoted(suggestion)}”" if suggestion else "") + "。")


def suggested_folder(name: str) -> str | None:
    """`fee`, `Fees`, `收费公示` → `fees`; None when nothing is close."""
    lower = name.lower().strip()
    labels = {t.label: t.name for t in RECORD_TYPES}
    if name in labels:
        return labels[name]
    meant = next((folder for folder, words in _FOLDER_WORDS.items() if any(word in lower for word in words)), None)
    if meant:
        return meant
    close = difflib.get_close_matches(lower, [t.name for t in RECORD_TYPES] + [MEDIA], n=1, cutoff=0.7)
    return close[0] if close else None


def _folder_label(folder: str) -> str:
    return "照片和附件" if folder == MEDIA else next(t.label for t in RECORD_TYPES if t.name == folder)


def _count_files(folder: Path) -> int:
    count = 0
    for _, _, files in os.walk(folder):  # os.walk does not follow links by default
        count += sum(1 for name in files if name not in IGNORED_NAMES)
    return count


def _stray_folder(path: Path) -> str:
    files = _count_files(path)
    lost = f"里面的 {files} 个文件都不会被读取，也不会被发布" if files else "它不会被读取"
    folder = suggested_folder(path.name)
    if folder:
        return (f"data/ 下没有叫“{path.name}”的文件夹，{lost}。是不是要放到 data/{folder}/"
                f"（{_folder_label(folder)}）？请把文件移过去，再删掉这个文件夹。")
    return (f"data/ 下没有叫“{path.name}”的文件夹，{lost}。记录要放在 "
            + "、".join(f"data/{t.name}/（{t.label}）" for t in RECORD_TYPES)
            + "，照片和 PDF 放在 data/media/ 下。")


def _stray_file(path: Path) -> str:
    if path.name.lower() in ("school.yml", "school.yaml"):
        return f"学校概况文件名要写成 school.yml（全部小写，扩展名 .yml），现在是“{path.name}”。请改名，否则它不会被读取。"
    if path.suffix.lower() in (".yml", ".yaml"):
        content_type = _sniff(path)
        if content_type is not None and content_type is not SCHOOL:
            return (f"这个文件放在了 data/ 最外层，不会被发布。它的内容看起来是{content_type.label}："
                    f"请把它移到 data/{content_type.name}/{path.stem}.yml。")
        return ("这个文件放在了 data/ 最外层，不会被发布。记录要放在对应的文件夹里："
                + "、".join(f"data/{t.name}/（{t.label}）" for t in RECORD_TYPES) + "。")
    return ("data/ 最外层只能放 school.yml 和 README.md，这个文件不会被读取，也不会被发布。"
            "照片和 PDF 请放到 data/media/ 下，记录放到对应的文件夹里。")


def _sniff(path: Path) -> ContentType | None:
    """The content type whose fields best fit a file's top-level keys (None when unsure)."""
    from . import yamlgate  # only for a stray file: `make check` of a tidy folder composes no YAML it has seen before
    try:
        if path.stat().st_size > yamlgate.MAX_FILE_BYTES:
            return None
        document, _ = yamlgate.parse(path.read_bytes())
    except OSError:
        return None
    if document is None or not isinstance(document.data, dict):
        return None
    keys = set(document.data)
    scored = [(len(keys & set(t.model.model_fields)), t) for t in ALL_TYPES]
    best, content_type = max(scored, key=lambda pair: pair[0])
    return content_type if best >= 2 and best * 2 > len(keys) else None



def links_under(folder: Path) -> list[str]:
    """Every symbolic link below a folder (relative paths), found without following any."""
    found = []
    for current, folders, files in os.walk(folder):  # os.walk never descends into a linked folder
        for name in folders + files:
            if os.path.islink(os.path.join(current, name)):
                found.append(Path(current, name).relative_to(folder).as_posix())
    return sorted(found)
