"""The strict loader: every file under data/ → validated records, or problems.

All files are read and all problems collected before anything is reported, so
a staff member sees every mistake of a pull request in one run. The site build
calls this same function and refuses to run when it returns problems.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import inventory, link_checks, namecheck, other_files, privacy, yaml_hints, yamlgate
from .content import ALL_TYPES, RECORD_TYPES, SCHOOL, ContentType, Finding, Record
from .content import catalogue as catalogues
from .content.report_texts import REPORT_TEXTS
from .fields import RECORD_ID_PATTERN
from .media_checks import MediaChecks
from .messages import translate
from .problems import Problem, Problems
from .site import Site, Source


def load_site(data_dir: Path) -> tuple[Site, Problems]:
    data_dir = Path(data_dir)
    site = Site(data_dir=data_dir)
    problems = Problems()
    loader = _Loader(site, problems, data_dir.parent)
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
            source.document = None
    return site, problems


class _Loader:
    def __init__(self, site: Site, problems: Problems, root: Path):
        self.site, self.problems, self.root = site, problems, root
        # Only what the inventory approved is read: no link is ever followed, and
        # every file that would not be published is a problem that names it.
        self.inventory = inventory.take(site.data_dir, self.name)
        for problem in self.inventory.problems:
            problems.add(problem)
        self.media = MediaChecks(self.inventory, site.data_dir, self.name, self.public_phones)

    def name(self, path: Path) -> str:
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

    def load_catalogue(self) -> None:
        """The school's own data/catalogue.yml, or the default one shipped with the package."""
        if self.inventory.catalogue is None:
            self.site.catalogue = catalogues.default_catalogue()
        else:
            self.site.catalogue = self.load_file(catalogues.CATALOGUE, self.inventory.catalogue,  # type: ignore[assignment]
                                                 "catalogue")

    def check_catalogue_uses(self) -> None:
        """Categories the school's catalogue lost (renamed, removed) that records still use: said at
        the catalogue, naming every such record, as well as at each record."""
        source = self.site.sources.get(("catalogue", "catalogue"))
        if self.site.catalogue is None or source is None:
            return
        uses = catalogues.record_uses(self.site.sources)
        for name, places in catalogues.unlisted_uses(self.site.catalogue, uses).items():
            path, message = catalogues.unlisted_finding(self.site.catalogue, name, places)
            self.problem(source.file, source.document.locate(path, on_key=path == ("categories",)), message,
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
        document, errors = yamlgate.parse(raw)
        for error in errors:
            self.problem(file, (error.line, error.column), error.message, label)
        # Scanned even when the YAML is broken: a leak in a broken file is still a leak.
        self.scan_for_personal_data(file, raw, document, label)
        if document is None:
            return None
        self.scan_for_pupil_names(file, raw, document, label)
        if not isinstance(document.data, dict):
            self.problem(file, (1, 1), _not_a_mapping(document.data), label)
            return None
        other = _belongs_elsewhere(content_type, document.data)
        if other is not None:
            where = "data/school.yml" if other is SCHOOL else f"data/{other.name}/"
            self.problem(file, (1, 1), f"这个文件的内容看起来是{other.label}，不是{content_type.label}："
                                       f"是不是放错了文件夹？请把它移到 {where}。", label)
            return None
        try:
            record = content_type.model.model_validate(document.data)
        except ValidationError as error:
            for field_error in translate(error, content_type.model):
                where = document.locate(field_error.path, on_key=field_error.on_key)
                self.problem(file, where, field_error.message, label, _key_name(field_error.path))
            return None
        self.site.sources[(content_type.name, record_id)] = Source(file, document)
        findings = [*content_type.check(record, self.site), *self.media.check(record), *link_checks.check(record)]
        self.report(content_type, record_id, findings)
        return None if any(not finding.notice for finding in findings) else record

    def report(self, content_type: ContentType, record_id: str, findings: list[Finding]) -> None:
        source = self.site.sources[(content_type.name, record_id)]
        for finding in findings:
            where = source.document.locate(finding.path, on_key=finding.on_key, within=finding.within)
            self.problem(source.file, where, finding.message, _label(content_type, record_id), _key_name(finding.path),
                         finding.notice)

    # -- personal data -----------------------------------------------------------

    def public_phones(self) -> list[str]:
        return [phone.number for phone in self.site.school.phones] if self.site.school else []

    def scan_for_personal_data(self, file: str, raw: bytes, document, label: str) -> None:
        """ID and mobile numbers anywhere in the file: comments, values, and values
        whose digits only appear after YAML unescapes them ("\u0031…")."""
        text = raw.decode("utf-8-sig", errors="replace")
        found: set[tuple[int, str]] = set()
        for number, line in enumerate(text.splitlines(), start=1):
            for leak in privacy.find_leaks(line, self.public_phones()):
                found.add((number, leak.kind))
                self.problem(file, (number, leak.start + 1), leak.message(), label)
        for path, value in _strings(document.data if document else None, ()):
            value = html.unescape(value) if "&" in value else value  # Markdown shows &#49; as 1
            if all(part.strip() in text for part in value.splitlines()):
                continue  # written out as is: the line scan above has seen it
            line, column = document.locate(path)
            for leak in privacy.find_leaks(value, self.public_phones()):
                if (line, leak.kind) not in found:
                    found.add((line, leak.kind))
                    self.problem(file, (line, column), leak.message(), label, _key_name(path))

    def scan_for_pupil_names(self, file: str, raw: bytes, document: yamlgate.Document, label: str) -> None:
        """Likely pupils' names in any free text of the file (namecheck.py)."""
        lines = raw.decode("utf-8-sig", errors="replace").splitlines()
        for finding in namecheck.name_findings(document.data, document.locate, lines, self.not_pupils(document)):
            self.problem(file, (finding.line, finding.column), finding.message, label, _key_name(finding.path))

    def not_pupils(self, document: yamlgate.Document) -> list[str]:
        """Names the school says are not pupils' (site: not_pupils), and its principal's."""
        school = self.site.school
        if school is not None:
            return [*school.site.not_pupils, school.principal]
        data = document.data if isinstance(document.data, dict) else {}  # school.yml itself, read first
        settings = data.get("site") if isinstance(data.get("site"), dict) else {}
        listed = settings.get("not_pupils") if isinstance(settings.get("not_pupils"), list) else []
        return [str(name) for name in listed + [data.get("principal")] if isinstance(name, str)]

    # -- checks across files ---------------------------------------------------

    def check_all(self, content_type: ContentType) -> None:
        records = self.site.of(content_type.name)
        failed: set[str] = set()
        for record_id, finding in content_type.check_all(records, self.site):
            self.report(content_type, record_id, [finding])
            failed.add(record_id)
        for record_id in failed:
            records.pop(record_id, None)


def _strings(data: Any, path: tuple[Any, ...]):
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


def _label(content_type: ContentType, record_id: str) -> str:
    """How a problem names its record: "收费公示 2025-autumn", or just "学校概况"."""
    return f"{content_type.label} {record_id}" if content_type in RECORD_TYPES else content_type.label


def _belongs_elsewhere(content_type: ContentType, data: dict) -> ContentType | None:
    """The content type whose fields fit a file better, when several keys are unknown here."""
    keys = set(data)
    unknown = keys - set(content_type.model.model_fields)
    if len(unknown) < 3:
        return None
    return next((other for other in ALL_TYPES if other is not content_type and keys <= set(other.model.model_fields)), None)


def _not_a_mapping(data: Any) -> str:
    if data is None:
        return "文件是空的。请按编辑指南填写内容，或用 make new 生成一份模板。"
    if isinstance(data, str) and yaml_hints.miswritten_key(data):
        return yaml_hints.miswritten_key(data)
    return "文件最外层应该是一行一个“字段: 值”，例如 title: 开学通知。"


def _suggested_id(stem: str) -> str:
    """`2025 Autumn` → `2025-autumn.yml`; a name with Chinese in it gets a pinyin hint."""
    ascii_part = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    if stem.isascii() and ascii_part:
        return f"{ascii_part}.yml"
    return f"{ascii_part or '2025'}-kaixue-tongzhi.yml（中文请改用拼音或英文单词）"


def _key_name(path: tuple[Any, ...]) -> str:
    """('items', 1, 'amount') → 'items 第2项 › amount': staff count from one."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and parts:
            parts[-1] += f" 第{part + 1}项"
        else:
            parts.append(str(part))
    return " › ".join(parts)


_cache: dict[Path, tuple[tuple, Site, Problems]] = {}


def load_site_once(data_dir: Path) -> tuple[Site, Problems]:
    """load_site, reused while no file under data/ changed.

    One build calls it from several places (the macros, the page hook); a live
    preview calls it again after each edit and then gets fresh data.
    """
    data_dir = Path(data_dir).resolve()
    fingerprint = tuple(sorted((str(path), stat.st_mtime_ns, stat.st_size, stat.st_mode)
                               for path in data_dir.rglob("*") if (stat := path.lstat())))
    cached = _cache.get(data_dir)
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, *load_site(data_dir))
        _cache[data_dir] = cached
    return cached[1], cached[2]
