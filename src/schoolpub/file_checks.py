"""The check of one record file on its own: its bytes (and the school) in, its problems and data out.

Everything here reads only the file's bytes and the school (data/school.yml as validated):
the YAML gate, the ID/mobile number scan, the pupils'-name scan, the model, the content
type's own checks and the link checks. That is what makes the result safe to remember
by the file's content (check_cache.py). What reads other files — the photos and PDFs a
record names, the checks across records, the files nobody references — runs in the
loader on every check.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from . import link_checks, namecheck, privacy, yaml_hints, yamlgate
from .content import ALL_TYPES, SCHOOL, ContentType
from .content.school import School
from .check_cache import Examined
from .messages import translate
from .problems import Problem, key_name


@dataclass(frozen=True)
class SchoolOnly:
    """What a content type's own check may read of the site: the school and the disclosure
    catalogue (both in the key results are remembered under), nothing else.

    Checks are handed this instead of the site, so a check that starts reading other records
    fails loudly (and its tests with it) instead of being remembered under a key that misses them."""

    school: School | None
    catalogue: Any = None  # content.catalogue.Catalogue in force
    catalogue_file: str = ""  # "data/catalogue.yml", or "" for the default one


def examine(content_type: ContentType, file: str, raw: bytes, label: str, site: Any,
            examined: Examined) -> None:
    """Fill `examined` (the caller's, so that what was found before an internal error is still reported).
    `site`: the loader's Site so far; only its school and catalogue are read (SchoolOnly)."""
    school = site.school
    def problem(where: tuple[int, int], message: str, key: str = "", notice: bool = False) -> None:
        examined.problems.append(Problem(file, where[0], where[1], message, label, key, notice))

    document, errors = yamlgate.parse(raw)
    for error in errors:
        problem((error.line, error.column), error.message)
    # Scanned even when the YAML is broken: a leak in a broken file is still a leak.
    public_phones = [phone.number for phone in school.phones] if school else []
    _scan_for_personal_data(raw, document, public_phones, problem)
    if document is None:
        return
    _scan_for_pupil_names(raw, document, _not_pupils(school, document), problem)
    if not isinstance(document.data, dict):
        problem((1, 1), _not_a_mapping(document.data))
        return
    other = _belongs_elsewhere(content_type, document.data)
    if other is not None:
        where = "data/school.yml" if other is SCHOOL else f"data/{other.name}/"
        problem((1, 1), f"这个文件的内容看起来是{other.label}，不是{content_type.label}："
                        f"是不是放错了文件夹？请把它移到 {where}。")
        return
    try:
        record = content_type.model.model_validate(document.data)
    except ValidationError as error:
        for field_error in translate(error, content_type.model):
            problem(document.locate(field_error.path, on_key=field_error.on_key), field_error.message,
                    key_name(field_error.path))
        return
    examined.data, examined.validated, examined.record, examined.document = document.data, True, record, document
    for finding in [*content_type.check(record, SchoolOnly(school, site.catalogue, site.catalogue_file)), *link_checks.check(record)]:
        problem(document.locate(finding.path, on_key=finding.on_key, within=finding.within), finding.message,
                key_name(finding.path), finding.notice)
        examined.refused = examined.refused or not finding.notice


def _scan_for_personal_data(raw: bytes, document: yamlgate.Document | None, public_phones: list[str],
                            problem) -> None:
    """ID and mobile numbers anywhere in the file: comments, values, and values
    whose digits only appear after YAML unescapes them ("\u0031…")."""
    text = raw.decode("utf-8-sig", errors="replace")
    found: set[tuple[int, str]] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        for leak in privacy.find_leaks(line, public_phones):
            found.add((number, leak.kind))
            problem((number, leak.start + 1), leak.message())
    for path, value in _strings(document.data if document else None, ()):
        value = html.unescape(value) if "&" in value else value  # Markdown shows &#49; as 1
        if all(part.strip() in text for part in value.splitlines()):
            continue  # written out as is: the line scan above has seen it
        line, column = document.locate(path)
        for leak in privacy.find_leaks(value, public_phones):
            if (line, leak.kind) not in found:
                found.add((line, leak.kind))
                problem((line, column), leak.message(), key_name(path))


def _scan_for_pupil_names(raw: bytes, document: yamlgate.Document, not_pupils: list[str], problem) -> None:
    """Likely pupils' names in any free text of the file (namecheck.py)."""
    lines = raw.decode("utf-8-sig", errors="replace").splitlines()
    for finding in namecheck.name_findings(document.data, document.locate, lines, not_pupils):
        problem((finding.line, finding.column), finding.message, key_name(finding.path))


def _not_pupils(school: School | None, document: yamlgate.Document) -> list[str]:
    """Names the school says are not pupils' (site: not_pupils), and its principal's."""
    if school is not None:
        return [*school.site.not_pupils, school.principal]
    data = document.data if isinstance(document.data, dict) else {}  # school.yml itself, read first
    settings = data.get("site") if isinstance(data.get("site"), dict) else {}
    listed = settings.get("not_pupils") if isinstance(settings.get("not_pupils"), list) else []
    return [str(name) for name in listed + [data.get("principal")] if isinstance(name, str)]


def _strings(data: Any, path: tuple[Any, ...]):
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, path + (index,))


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
