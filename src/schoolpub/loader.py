"""The strict loader: every file under data/ → validated records, or problems.

All files are read and all problems collected before anything is reported, so
a staff member sees every mistake of a pull request in one run. The site build
calls this same function and refuses to run when it returns problems.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from pydantic import ValidationError

from . import inventory, other_files
from .check_cache import CheckCache, Examined, entry_key
from .content import RECORD_TYPES, SCHOOL, ContentType, Finding, Record
from .content import catalogue as catalogues
from .content.report_texts import REPORT_TEXTS
from .fields import RECORD_ID_PATTERN
from .media import cache_dir_of
from .media_checks import MediaChecks
from .problems import Problem, Problems
from .problems import key_name as _key_name

from .site import Site, Source
from .tree_walk import entries_below


def load_site(data_dir: Path, cache: CheckCache | None = None) -> tuple[Site, Problems]:
    """With a `cache`, each file's own checks are remembered by its content (check_cache.py)."""
    data_dir = Path(data_dir)
    site = Site(data_dir=data_dir)
    problems = Problems()
    loader = _Loader(site, problems, data_dir.parent, cache or CheckCache(None))
    loader.load_school()
    loader.load_catalogue()
    if loader.inventory.report_texts is not None:
        site.report_texts = loader.load_file(REPORT_TEXTS, loader.inventory.report_texts, "annual-reports")  # type: ignore[assignment]
    for content_type in RECORD_TYPES:
        loader.load_folder(content_type)
    for content_type in RECORD_TYPES:
        loader.check_all(content_type)
    loader.check_catalogue_uses()
    for problem in loader.media.unused_links() + loader.media.clashing_photos(site):
        problems.add(problem)
    # Every other file under data/ is committed too: unused photos and PDFs, notes, spreadsheets.
    for problem in loader.media.unreferenced(other_files.MEDIA_SUFFIXES) + other_files.check(
            site.data_dir, loader.inventory, loader.name, loader.public_phones(), loader.media.attached_sheets()):
        problems.add(problem)
    if not problems:
        for notice in loader.media.unused_files(site):
            problems.add(notice)
        # The composed YAML (every node with its line) serves only messages about the data: a valid
        # site does not need it, and at 5,000 records it is ~50 MB a build would carry to its end.
        for source in site.sources.values():
            source.document = source.raw = None
    loader.cache.save()
    return site, problems


class _Loader:
    def __init__(self, site: Site, problems: Problems, root: Path, cache: CheckCache):
        self.site, self.problems, self.root, self.cache = site, problems, root, cache
        self.root_prefix = str(root).rstrip("/") + "/"
        # of what every record's own checks read besides the record: data/school.yml as accepted and data/catalogue.yml
        self.shared_digest: str | None = None
        # Only what the inventory approved is read: no link is ever followed, and
        # every file that would not be published is a problem that names it.
        self.inventory = inventory.take(site.data_dir, self.name)
        for problem in self.inventory.problems:
            problems.add(problem)
        self.media = MediaChecks(self.inventory, site.data_dir, self.name, self.public_phones, cache)

    def name(self, path: Path) -> str:
        text = str(path)
        if text.startswith(self.root_prefix) and os.sep == "/":  # the inventory's paths: 1,000 relative_to cost 30 ms
            return text[len(self.root_prefix):]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, file: str, where: tuple[int, int], message: str, record: str = "", key: str = "",
                notice: bool = False) -> None:
        self.problems.add(Problem(file, where[0], where[1], message, record, key, notice))

    # -- files ---------------------------------------------------------------

    def load_school(self) -> None:
        path = self.inventory.school
        if path is None:
            name = self.name(self.site.data_dir / "school.yml")
            if not any(problem.file == name for problem in self.problems.items):  # not already refused as a link
                self.problem(name, (1, 1), "缺少学校概况文件 data/school.yml。请从示例学校复制一份并改成本校信息。",
                             SCHOOL.label)
            return
        loaded = self.load_file(SCHOOL, path, "school")
        if loaded is not None:
            self.site.school = loaded  # type: ignore[assignment]
            self.shared_digest = hashlib.sha256(self.site.sources[(SCHOOL.name, "school")].raw).hexdigest()

    def load_catalogue(self) -> None:
        """The school's own data/catalogue.yml, or the default one shipped with the package.

        A disclosure's category is checked against it in the record's own checks, so its bytes
        join the key those checks are remembered under."""
        if self.inventory.catalogue is None:
            self.site.catalogue = catalogues.default_catalogue()
            return
        self.site.catalogue = self.load_file(catalogues.CATALOGUE, self.inventory.catalogue,  # type: ignore[assignment]
                                             "catalogue")
        source = self.site.sources.get(("catalogue", "catalogue"))
        if source is not None and source.raw is not None:
            own = hashlib.sha256(source.raw).hexdigest() if self.site.catalogue is not None else "refused"
            self.shared_digest = hashlib.sha256(f"{self.shared_digest}|{own}".encode()).hexdigest()

    def check_catalogue_uses(self) -> None:
        """Categories the school's catalogue lost (renamed, removed) that records still use: said at
        the catalogue, naming every such record, as well as at each record."""
        source = self.site.sources.get(("catalogue", "catalogue"))
        if self.site.catalogue is None or source is None:
            return
        uses = catalogues.record_uses(self.site.sources)
        for name, places in catalogues.unlisted_uses(self.site.catalogue, uses).items():
            path, message = catalogues.unlisted_finding(self.site.catalogue, name, places)
            self.problem(source.file, source.lines().locate(path, on_key=path == ("categories",)), message,
                         catalogues.CATALOGUE.label, _key_name(path))

    def load_folder(self, content_type: ContentType) -> None:
        self.site.records[content_type.name] = {}
        for path in self.inventory.folders.get(content_type.name, []):
            record_id = self.check_file_name(content_type, path)
            if record_id:
                self.site.ids.setdefault(content_type.name, set()).add(record_id)
            # A misnamed file is still checked, so all its problems come in one run.
            is_yaml = path.is_file() and path.suffix.lower() in (".yml", ".yaml")
            record = self.load_file(content_type, path, record_id or path.stem) if is_yaml else None
            if record is not None and record_id is not None:
                self.site.records[content_type.name][record_id] = record

    def check_file_name(self, content_type: ContentType, path: Path) -> str | None:
        """The record id is the file name; it becomes a permanent web address."""
        name = self.name(path)
        if path.is_dir():
            self.problem(name, (1, 1), f"{content_type.label}目录里不能再建子文件夹。照片和 PDF 请放到 data/media/ 下。")
            return None
        label = _label(content_type, path.stem)
        if path.suffix != ".yml":
            if path.suffix.lower() in (".yml", ".yaml"):
                self.problem(name, (1, 1), f"文件扩展名要写成 .yml（现在是“{path.suffix}”）。请把文件改名为 "
                                           f"{path.stem}.yml，否则它不会被发布。", label)
            else:
                self.problem(name, (1, 1), f"文件名“{path.name}”不对：data/{content_type.name}/ 里只能放 .yml 记录文件，"
                                           "照片和 PDF 请放到 data/media/ 下。")
            return None
        if not re.fullmatch(RECORD_ID_PATTERN, path.stem):
            self.problem(name, (1, 1), f"文件名“{path.name}”会成为网页地址，只能用小写英文字母、数字和连字符（-），"
                                       f"不能有中文、空格或大写字母。请改名，例如 {_suggested_id(path.stem)}。",
                         label)
            return None
        return path.stem

    def load_file(self, content_type: ContentType, path: Path, record_id: str) -> Record | None:
        file = self.name(path)
        label = _label(content_type, record_id)
        try:
            raw = path.read_bytes()
        except OSError as error:
            self.problem(file, (1, 1), f"无法读取这个文件（{error.strerror}）。", label)
            return None
        try:
            return self.check_file(content_type, file, raw, record_id, label)
        except Exception as error:  # a bug of ours must still name the file staff were editing
            self.problem(file, (1, 1), f"检查这个文件时程序内部出错（{type(error).__name__}），不是你一定写错了。"
                                       "请把这条消息发给网站维护人员；在修好之前这条记录不会发布。", label)
            return None

    def check_file(self, content_type: ContentType, file: str, raw: bytes, record_id: str,
                   label: str) -> Record | None:
        """The file's own checks (remembered by content), then what reads other files: its photos and PDFs."""
        key = entry_key(file, content_type.name, record_id, raw, self.shared_digest)

        def fresh(examined: Examined) -> None:
            from .file_checks import examine  # YAML, Markdown, the name scan: imported when a file is new
            try:
                examine(content_type, file, raw, label, self.site, examined)
            except Exception:  # what was found before an internal error is reported with it (load_file)
                for problem in examined.problems:
                    self.problems.add(problem)
                raise

        examined = self.cache.examined_file(key, fresh, file, label)
        if examined.validated and examined.record is None:  # remembered: the model validates its data again
            try:
                examined.record = content_type.model.model_validate(examined.data)
            except ValidationError:  # the same data and code cannot fail; should they, the file is checked afresh
                self.cache.forget(key)
                examined = self.cache.examined_file(key, fresh, file, label)
        for problem in examined.problems:
            self.problems.add(problem)
        if not examined.validated:
            return None
        self.site.sources[(content_type.name, record_id)] = Source(file, examined.document, raw)
        findings = list(self.media.check(examined.record))
        self.report(content_type, record_id, findings)
        return None if examined.refused or any(not finding.notice for finding in findings) else examined.record

    def report(self, content_type: ContentType, record_id: str, findings: list[Finding]) -> None:
        source = self.site.sources[(content_type.name, record_id)]
        for finding in findings:
            where = source.lines().locate(finding.path, on_key=finding.on_key, within=finding.within)
            self.problem(source.file, where, finding.message, _label(content_type, record_id), _key_name(finding.path),
                         finding.notice)

    def public_phones(self) -> list[str]:
        return [phone.number for phone in self.site.school.phones] if self.site.school else []

    # -- checks across files ---------------------------------------------------

    def check_all(self, content_type: ContentType) -> None:
        records = self.site.of(content_type.name)
        failed: set[str] = set()
        for record_id, finding in content_type.check_all(records, self.site):
            self.report(content_type, record_id, [finding])
            failed.add(record_id)
        for record_id in failed:
            records.pop(record_id, None)


def _label(content_type: ContentType, record_id: str) -> str:
    """How a problem names its record: "收费公示 2025-autumn", or just "学校概况"."""
    return f"{content_type.label} {record_id}" if content_type in RECORD_TYPES else content_type.label


def _suggested_id(stem: str) -> str:
    """`2025 Autumn` → `2025-autumn.yml`; a name with Chinese in it gets a pinyin hint."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if stem.isascii() and ascii_part:
        return f"{ascii_part}.yml"
    return f"{ascii_part or '2025'}-kaixue-tongzhi.yml（中文请改用拼音或英文单词）"


_cache: dict[Path, tuple[tuple, Site, Problems]] = {}


def _stat_fingerprint(data_dir: Path) -> tuple:
    """(path, mtime, size, mode) of everything under data/, symbolic links not followed (a build asks
    four times: check, render, the scan's public numbers)."""
    return tuple(sorted((entry.path, stat.st_mtime_ns, stat.st_size, stat.st_mode)
                        for _, entry in entries_below(data_dir) if (stat := entry.stat(follow_symlinks=False))))


def load_site_once(data_dir: Path) -> tuple[Site, Problems]:
    """load_site, reused while no file under data/ changed.

    One build calls it from several places (the macros, the page hook); a live
    preview calls it again after each edit and then gets fresh data.
    """
    data_dir = Path(data_dir).resolve()
    fingerprint = _stat_fingerprint(data_dir)
    cached = _cache.get(data_dir)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, *load_site(data_dir, CheckCache(cache_dir_of(data_dir.parent))))
        _cache[data_dir] = cached
    return cached[1], cached[2]
