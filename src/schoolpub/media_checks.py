"""Checks of the photos, PDFs and spreadsheets records refer to, against the inventory of data/media/.

A reference must name a regular file exactly (case included: Windows forgives a
wrong case, the published site does not), never go through a link, and the file
must be what it claims: photos by their headers (media.py), PDFs opened and read
(attachments.py), spreadsheets (a disclosure's .xlsx) opened and read (xlsx_attachments.py).
Photos and PDFs no record uses are committed all the same, so they are checked all the
same, named by their file; if they pass, they are a notice. A spreadsheet no record uses is
refused by other_files.py: only an attached one is checked and may stay.
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from . import cache as on_disk
from . import inventory
from .cache import Entries
from .check_cache import CheckCache
from .content import Finding, Record
from .fields import PHOTO_SUFFIXES, SHEET_SUFFIXES
from .echo import quoted
from .media import SIZES, cache_dir_of, inspect_photo
from .media_names import clash_message, clashing_names, name_too_long
from .photo_digests import hash_in_background
from .photo_files import PhotoError, _sha256
from .problems import Problem


class MediaChecks:
    def __init__(self, files: inventory.Inventory, data_dir: Path, name: Callable[[Path], str],
                 public_phones: Callable[[], list[str]], passes: CheckCache | None = None):
        self.files, self.media_dir, self.name, self.public_phones = files, data_dir / "media", name, public_phones
        self.passes = passes or CheckCache(None)  # the photos that passed before, by content
        self.referenced_links: set[str] = set()
        self.inspected: set[str] = set()  # references a record's check has read (spreadsheets: only these may stay)
        self._by_lower_name: dict[str, list[str]] | None = None
        self._pruned: set[str] = set()  # kinds whose passes of another checker were deleted in this run
        if self.cache_dir.is_dir():  # the checks will look up each photo's renditions by its sha256
            hash_in_background([original for reference, original in sorted(files.media.items())
                                if reference.lower().endswith(PHOTO_SUFFIXES)])

    def check(self, record: Record) -> Iterator[Finding]:
        for path, reference in record.media():
            original = self.files.media.get(reference)
            if original is not None:
                self.inspected.add(reference)
                for problem in self.problems(reference, original):
                    yield Finding(path, problem)
                continue
            link = self.link_in(reference)
            if link is not None:
                self.referenced_links.add(link)
                yield Finding(path, f"data/media/{link} {inventory.LINK_MESSAGE}")
                continue
            same_but_case = self.by_lower_name().get(reference.lower())
            if same_but_case:
                yield Finding(path, f"文件名大小写不一致：data/media/ 里实际是“{same_but_case[0]}”，这里写的是"
                                    f"“{reference}”。在 Windows 上能打开，发布时会找不到，请改成一模一样。")
            else:
                yield Finding(path, f"找不到文件 data/media/{reference}。请先把文件放到这个位置，或检查路径拼写。")

    def problems(self, reference: str, original: Path) -> list[str]:
        """A photo, PDF or spreadsheet that cannot be published is a problem now, not a build failure."""
        if reference.lower().endswith(SHEET_SUFFIXES):
            return self.remembered(original, "xlsx", _xlsx_check_fingerprint(), lambda: _inspect_xlsx(
                original, _shown(reference), self.public_phones()))
        problem = self.inspect(reference, original)
        return [problem] if problem else []

    def inspect(self, reference: str, original: Path) -> str | None:
        """A photo or PDF that cannot be published is a problem now, not a build failure."""
        shown_as = _shown(reference)
        if reference.lower().endswith(".pdf"):
            return self.inspect_pdf(original, shown_as)
        return name_too_long(reference, SIZES) or self.inspect_photo(original, shown_as)

    def inspect_photo(self, original: Path, shown_as: str) -> str | None:
        """A photo decodes in ~10 ms at 1/8 scale; a ten-year school has 2,000: one that passed before
        with the same bytes (sha256, hashed in the background) and the same code is not opened again."""
        try:
            content = _sha256(original, shown_as)
        except (OSError, PhotoError):
            content = None  # unreadable: inspect_photo says so in the staff's words
        if content is not None and self.passes.passed_before(content):
            return None
        problem = inspect_photo(original, shown_as=shown_as, cache_dir=self.cache_dir)
        if problem is None and content is not None:
            self.passes.passed(content)
        return problem

    @property
    def cache_dir(self) -> Path:
        return cache_dir_of(self.media_dir.parent.parent)

    def inspect_pdf(self, original: Path, shown_as: str) -> str | None:
        """Reading a PDF's text takes ~10 ms a page, and loading pypdf 0.15 s: a PDF that passed
        before, with the same bytes, checker and public phones, is not read again."""
        def inspect() -> list[str]:
            from . import attachments  # its inspect_pdf imports pypdf (pdf_document.py): only when some PDF is new
            problem = attachments.inspect_pdf(original, shown_as, self.public_phones())
            return [problem] if problem else []

        return next(iter(self.remembered(original, "pdf", _pdf_check_fingerprint(), inspect)), None)

    def remembered(self, original: Path, kind: str, checker: str, inspect: Callable[[], list[str]]) -> list[str]:
        """The problems of a file, read only if it did not pass before with the same bytes, checker and phones."""
        try:
            key = on_disk.key(original.read_bytes(), repr(self.public_phones()))
        except OSError:
            key = None
        marker = self.cache_dir / _MARKERS[kind].name(key, checker) if key else None
        if marker is not None and marker.is_file():
            return []
        problems = inspect()
        if not problems and marker is not None:
            with contextlib.suppress(OSError):
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
                if kind not in self._pruned:  # a new checker remembers anew: the old one's passes are dead
                    self._pruned.add(kind)  # (pruned on the first new pass: a warm check lists nothing)
                    _MARKERS[kind].prune(self.cache_dir, checker)
        return problems

    def attached_sheets(self) -> set[Path]:
        """The spreadsheets a valid record's check read: published (or refused at that record), so not stray files."""
        return {self.files.media[reference] for reference in self.inspected if reference.lower().endswith(SHEET_SUFFIXES)}

    def link_in(self, reference: str) -> str | None:
        """The link under data/media/ that a reference goes through, if any."""
        parts = reference.split("/")
        return next((link for link in ("/".join(parts[:end]) for end in range(1, len(parts) + 1))
                     if link in self.files.media_links), None)

    def unused_links(self) -> list[Problem]:
        """Links no record uses: refused all the same (the ones records use were reported at the record)."""
        return [Problem(self.name(self.media_dir / link), 1, 1, inventory.LINK_MESSAGE)
                for link in sorted(self.files.media_links - self.referenced_links)]

    def unreferenced(self, published_kinds: tuple[str, ...]) -> list[Problem]:
        """Photos and PDFs no record's check read (unused, or used by a record with errors of its own):
        an error at the file when they fail the same check (a spreadsheet renamed .pdf, a PDF with ID
        numbers): what cannot be published cannot be committed to a public repository either."""
        problems = []
        for reference, original in sorted(self.files.media.items()):
            if reference not in self.inspected and reference.lower().endswith(published_kinds):
                problem = self.inspect(reference, original)
                if problem:
                    problems.append(Problem(quoted(self.name(original), limit=300), 1, 1, problem))
        return problems

    def unused_files(self, site) -> list[Problem]:
        """Uploads no record references are not published: say so, one notice per folder.

        A photo of pupils is personal data whether a record uses it or not: once pushed, every file
        under data/ is public with the repository. Being unused changes nothing there, and what a
        check can see in a photo (that it is one, that it decodes) it saw in unreferenced() above;
        consent it cannot see in either. So an unused photo that passes stays a notice, here and in
        the pre-commit hook alike (the hook runs this same check), and the notice says it is public."""
        used = _references(site)
        unused: dict[str, list[str]] = {}
        for reference in self.files.media:
            if reference not in used:
                folder, _, name = reference.rpartition("/")
                unused.setdefault(folder, []).append(name)
        return [self._unused_notice(folder, names) for folder, names in sorted(unused.items())]

    def clashing_photos(self, site) -> list[Problem]:
        """Two photos the records use that would publish as one file: the build refuses them, so the check does."""
        photos = [reference for reference in _references(site)
                  if reference in self.files.media and reference.lower().endswith(PHOTO_SUFFIXES)]
        return [Problem(self.name(self.media_dir / second), 1, 1, clash_message(first, second))
                for first, second in clashing_names(photos)]

    def _unused_notice(self, folder: str, names: list[str]) -> Problem:
        where = f"data/media/{folder}/" if folder else "data/media/"
        examples = "、".join(quoted(name) for name in names[:3]) + ("等" if len(names) > 3 else "")
        return Problem(quoted(self.name(self.media_dir / folder / names[0]), limit=300), 1, 1,
                       f"{quoted(where, limit=300)} 里有 {len(names)} 个文件没有被任何记录引用（{examples}），"
                       "网站上不会显示，但提交后会随仓库公开。如果它们应该出现在网站上，请在记录的 attachments、"
                       "gallery 等字段里写上；不需要的话请删除。",
                       notice=True)

    def by_lower_name(self) -> dict[str, list[str]]:
        if self._by_lower_name is None:
            names: dict[str, list[str]] = {}
            for relative in sorted(self.files.media):
                names.setdefault(relative.lower(), []).append(relative)
            self._by_lower_name = names
        return self._by_lower_name


def _references(site) -> set[str]:
    """Every photo and PDF the school file and the valid records refer to."""
    return {reference for records in [{"school": site.school}] + list(site.records.values())
            for record in records.values() if record is not None for _, reference in record.media()}


# A remembered pass: an empty file per (file bytes + public phones, checker) that found nothing.
_MARKERS = {kind: Entries(f"{{key}}-{kind}-checked-{{fingerprint}}") for kind in ("pdf", "xlsx")}

PDF_CHECK_VERSION = 2  # bump when attachments.inspect_pdf accepts less: it invalidates every remembered pass


@cache
def _pdf_check_fingerprint() -> str:
    """The check's version and pypdf's, read without importing pypdf (a new pypdf may refuse more)."""
    spec = importlib.util.find_spec("pypdf")
    version = (Path(spec.origin).parent / "_version.py").read_text() if spec and spec.origin else ""
    return on_disk.fingerprint(f"{PDF_CHECK_VERSION}/{version}")


XLSX_CHECK_VERSION = 1  # bump when xlsx_attachments.inspect_xlsx accepts less


@cache
def _xlsx_check_fingerprint() -> str:
    """The check's version and openpyxl's (it reads the workbook's structure and relationships)."""
    return on_disk.fingerprint(f"{XLSX_CHECK_VERSION}/openpyxl {importlib.metadata.version('openpyxl')}")


def _inspect_xlsx(original: Path, shown_as: str, public_phones: list[str]) -> list[str]:
    from .xlsx_attachments import inspect_xlsx  # imports openpyxl: only when some spreadsheet is new
    return inspect_xlsx(original, shown_as, public_phones)


def _shown(reference: str) -> str:
    return quoted(f"data/media/{reference}", limit=300)  # a file name may hold a number too
