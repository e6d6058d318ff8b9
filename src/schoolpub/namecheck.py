"""The data gate's check for pupils' names in free text (namescan.py finds them).

Every string of a record is read (titles, bodies, reports, captions, notes …), whatever
its field, so a new free-text field is covered the day it is added. Only the fields that
*are* structured lists of names are left out: the recipients of honour lists and festival
results (names the site masks and whose consent is checked; a list of classes or schools,
shown as written, is read like free text), a festival result's winner
(content/results.py requires it to name a collective and refuses a class followed by
names) and the principal in school.yml.

A finding points at the line and column of the name inside a block of text (body: |),
names the masked name only (CI logs are public), and says what to do. A false alarm (an
adult named without a title, a word that only looks like a name) is allowed in
data/school.yml under site: not_pupils, a short list every reviewer sees.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .content.recipients import NameEntry
from .namescan import find_pupil_names, may_name_pupils, summary

# Keys whose values are names by design, wherever they stand in a record.
STRUCTURED_NAME_KEYS = frozenset({"recipients", "winner", "principal", "not_pupils"})

MESSAGE = ("这段文字里可能有学生姓名（{names}）：公开网站上学生姓名要按荣誉榜的规则处理。"
           "请改成只写班级（如“三年级（2）班 3 名同学”），或把名单移到荣誉榜记录里（data/honors/），"
           "由网站统一隐去名字并检查监护人同意。如果这是成年人的名字，请在名字后写上称呼（如“老师”）；"
           "确实不是学生的名字，请把它写进 data/school.yml 的 site: not_pupils 列表。")


@dataclass(frozen=True)
class NameFinding:
    path: tuple[Any, ...]  # the value's path in the record
    line: int
    column: int
    message: str


def name_findings(data: Any, locate, lines: list[str], allowed: Iterable[str]) -> list[NameFinding]:
    """One finding per line of text that holds likely pupils' names. `locate(path)` gives the
    value's (line, column) in the file, `lines` are the file's lines."""
    allowed = list(allowed)
    # an honour decision's text names its winners (王小明等54位同学): the page shows each of them
    # as the list does (masked), so the names of its own list are not a leak there, and only there
    in_body = allowed + listed_names(data)
    findings = []
    for path, value in free_text(data, ()):
        hits = find_pupil_names(value, in_body if path == ("body",) else allowed) if may_name_pupils(value) else []
        by_line: dict[int, list] = {}
        for hit in hits:
            by_line.setdefault(value.count("\n", 0, hit.start), []).append(hit)
        for hits_on_line in by_line.values():
            line, column = _position(value, hits_on_line[0].start, locate(path), lines)
            findings.append(NameFinding(path, line, column, MESSAGE.format(names=summary(hits_on_line))))
    return findings


def listed_names(data: Any) -> list[str]:
    """The names of a record's own recipients lists (an honour record's, or its groups')."""
    if not isinstance(data, dict):
        return []
    lists = [data.get("recipients")] + [group.get("recipients") for group in data.get("groups") or []
                                        if isinstance(group, dict)]
    entries = [entry for listed in lists if isinstance(listed, list) for entry in listed if isinstance(entry, dict)]
    return [name for entry in entries for key in ("name", "names") if isinstance(entry.get(key), str)
            for name in NameEntry.model_construct(**{key: entry[key]}).split_names()]


def free_text(data: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in the data with its path, except under the structured name keys."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in STRUCTURED_NAME_KEYS or (key == "recipients" and _names_collectives(data)):
                yield from free_text(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from free_text(value, path + (index,))


def _names_collectives(data: dict) -> bool:
    """A list of classes or schools (recipient_kind 集体/学校) is shown as written, unmasked and
    without a consent check: a pupil written into it (三年级（2）班 王小明) would be published
    whole, so its entries are read like free text."""
    return data.get("recipient_kind") in ("集体", "学校")


def _position(value: str, offset: int, start: tuple[int, int], lines: list[str]) -> tuple[int, int]:
    """Where value[offset] is in the file: on the value's own line (title: …) or, in a block
    of text (body: |), on the line below its start that holds the same text. The value's
    start when the text was written otherwise (escapes, folded lines)."""
    line_start = value.rfind("\n", 0, offset) + 1
    line_end = value.find("\n", offset)
    text = value[line_start:line_end if line_end >= 0 else None]
    row = value.count("\n", 0, offset)
    for number in (start[0] + row + 1, start[0] + row):  # a block's text starts below its |
        if 1 <= number <= len(lines):
            written = lines[number - 1]
            at = written.find(text, start[1] - 1 if number == start[0] else 0)
            if at >= 0:
                return number, at + offset - line_start + 1
    return start
