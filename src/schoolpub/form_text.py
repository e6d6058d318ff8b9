"""What staff read in forms — the spreadsheet templates and the browser editor — in Chinese only.

A field's description in a model is written once and read by four audiences. The JSON
Schema (VS Code's hover help) and the staff guide are read while typing YAML, so a
description may name a YAML key (`须写 display 和 objection_phones`), show YAML syntax
(`用 | 开头写多行`, `[一年级, 二年级]`) or a stored value (`masked＝打码`). A spreadsheet
or a form has no keys and no syntax: there the same text is rendered here, each key
as its field's Chinese title (“公示期”), a key with its gloss as the gloss alone
(`document（文号）` → 文号), a list as a list (一年级、二年级), a setting as what it is
(`guardian_consent: true` → “监护人同意：是”), and a stored English value by its label
(class_only → “只显示班级（不显示姓名）”). The drop-downs show the labels; the import
maps them back (`stored_value`), so the record files keep the values the schema knows.

A key is looked up where the text is: the field's own items first (a list's
description names its items' keys), then the fields beside it, the models around it,
and at last anywhere in the content type; `上面的 award` means the record's own, and
`收费项目的 payers` the payers of a 收费项目.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .introspect import nested_model

Audience = Literal["sheet", "editor"]

# Fixed values that are English words in the files: staff pick them by their Chinese meaning.
VALUE_LABELS = {
    "masked": "打码显示（王*琪）",
    "class_only": "只显示班级（不显示姓名）",
    "full": "显示全名（须有监护人书面同意）",
}
FLAG_WORDS = {"true": "是", "false": "否"}
SCHOOL_FILE = "school.yml"

_KEY = r"[a-z][a-z_]*[a-z]"
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_MULTILINE = re.compile(r"用\s*\|\s*开头写多行")
_YAML_LIST = re.compile(r"\[([^\[\]\n]+)\]")
_SCHOOL_SETTING = re.compile(rf"\s?{re.escape(SCHOOL_FILE)}\s*中\s*({_KEY})\s*:\s*({_KEY})\s?")
_SCHOOL_FILE = re.compile(rf"\s?{re.escape(SCHOOL_FILE)}\s?")
_ASCII = "A-Za-z0-9_/.-"  # a key is a whole ASCII word: not part of a path, a file name or an address
_SETTING = re.compile(rf"\s?(?<![{_ASCII}])({_KEY}):(?:\s?([^\s，。；、,:：（）()]+)\s?)?")
_GLOSSED = re.compile(rf"\s?(?<![{_ASCII}])({_KEY})（([^（）]+)）")
_WORD = re.compile(rf"\s?(?<![{_ASCII}])({_KEY})(?![{_ASCII}])\s?")
_ENUMERATION = re.compile(rf"(?<![{_ASCII}])({_KEY})＝")
_BACKTICKED = re.compile(rf"`({_KEY})`")
_WRITE_FLAG = re.compile(r"写\s*(true|false)(?![A-Za-z])")
# a Yes/No field: a drop-down of 是/否 in a spreadsheet, a switch in the editor
_FLAG_ACTIONS = {"sheet": {"true": "选“是”", "false": "选“否”"}, "editor": {"true": "打开开关", "false": "关上开关"}}
_ABOVE = ("最上面的", "上面的")


def label_of(value: str) -> str:
    """A stored value as staff pick it: class_only → 只显示班级（不显示姓名）; a Chinese value as it is."""
    return VALUE_LABELS.get(value, value)


def stored_value(text: str) -> str:
    """What a drop-down's label stands for in the record file (the value itself is accepted too)."""
    return next((value for value, label in VALUE_LABELS.items() if label == text.strip()), text)


def for_form(text: str | None, owner: type[BaseModel] | None, info: FieldInfo | None = None,
             audience: Audience = "sheet") -> str:
    """A description (or a check's message) as a spreadsheet or the editor shows it: no YAML."""
    if not text:
        return ""
    scope = _Scope(owner, info)
    text = _BACKTICKED.sub(r"\1", text)
    text = _WRITE_FLAG.sub(lambda match: _FLAG_ACTIONS[audience][match[1]], text)
    text = _MULTILINE.sub("可以分段（在单元格里按 Alt+Enter 换行）" if audience == "sheet" else "可以分段", text)
    text = _YAML_LIST.sub(lambda match: "、".join(part.strip() for part in match[1].split(",")), text)
    text = _SCHOOL_SETTING.sub(lambda match: f"学校概况里的“{scope.school_path(match[1], match[2])}”", text)
    text = _SCHOOL_FILE.sub("学校概况", text)
    text = _without_enumerations(text, scope)
    text = _SETTING.sub(lambda match: scope.setting(match, text), text)
    text = _GLOSSED.sub(lambda match: f"“{match[2]}”" if scope.title(match[1], text, match.start(1)) else match[0], text)
    text = _WORD.sub(lambda match: scope.word(match, text), text)
    return text


def message_for_form(model: type[BaseModel], path: tuple, message: str) -> str:
    """A check's message about the value at `path`, as the spreadsheet import says it: the message
    names YAML keys (请写 guardian_consent: true), the workbook has titled cells (请写“监护人同意：是”)."""
    owner, info = field_owner(model, path)
    return for_form(message, owner, info)


def field_owner(model: type[BaseModel], path: tuple) -> tuple[type[BaseModel], FieldInfo | None]:
    """The model holding the field at a record path, and the field: where a message's keys are looked up."""
    owner, info = model, None
    for part in path:
        if not isinstance(part, str):
            continue
        current = nested_model(info.annotation)[0] if info is not None else model
        if current is None or part not in current.model_fields:
            break
        owner, info = current, current.model_fields[part]
    return owner, info


def _without_enumerations(text: str, scope: "_Scope") -> str:
    """`masked＝打码，class_only＝只显示班级` spells out stored values or keys the form shows by
    their labels and titles already: the whole run goes (and a colon or semicolon left before it)."""
    while (match := _ENUMERATION.search(text)) and scope.known(match[1]):
        end = _clause_end(text, match.end())
        while _ENUMERATION.match(text, end + 1) and text[end] in "，、":
            end = _clause_end(text, end + 1)
        start = match.start()
        if start and text[start - 1] in "：:；":
            start -= 1
        elif end < len(text) and text[end] in "；":
            end += 1
        text = text[:start] + text[end:]
    return text


def _clause_end(text: str, index: int) -> int:
    """Where the clause starting at `index` ends: the next ，；。 outside brackets."""
    depth = 0
    while index < len(text):
        char = text[index]
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth -= 1
        elif depth <= 0 and char in "，；。、":
            return index
        index += 1
    return index


class _Scope:
    """Where the keys a text names are looked up, nearest first."""

    def __init__(self, owner: type[BaseModel] | None, info: FieldInfo | None):
        own = nested_model(info.annotation)[0] if info is not None else None
        around = list(_ancestors(owner)) if owner is not None else []
        roots = [model for model in (owner, *around) if model in _roots()]
        self.nearest = _unique([own, owner, *around, *[m for root in roots for m in _inside(root)],
                                *[m for root in _roots() for m in _inside(root)]])
        self.top = _unique([*roots, *self.nearest]) if roots else self.nearest

    def known(self, word: str) -> bool:
        return word in VALUE_LABELS or word in FLAG_WORDS or self._field(word, self.nearest) is not None

    def title(self, key: str, text: str = "", at: int = 0) -> str | None:
        info = self._field(key, self._order(text, at))
        return info.title if info is not None and info.title else None

    def word(self, match: re.Match, text: str) -> str:
        word = match[1]
        if word in VALUE_LABELS:
            return f"“{VALUE_LABELS[word]}”"
        if word in FLAG_WORDS:
            return f"“{FLAG_WORDS[word]}”"
        title = self.title(word, text, match.start(1))
        return f"“{title}”" if title else match[0]

    def setting(self, match: re.Match, text: str) -> str:
        """`stage: 公示` → “阶段：公示”; `display:` alone → “公示期”."""
        title = self.title(match[1], text, match.start(1))
        if title is None:
            return match[0]
        value = match[2]
        if not value:
            return f"“{title}”"
        return f"“{title}：{FLAG_WORDS.get(value, label_of(value))}”"

    def school_path(self, section: str, key: str) -> str:
        from .content import SCHOOL  # the school model names its own sections
        outer = SCHOOL.model.model_fields.get(section)
        inner = nested_model(outer.annotation)[0] if outer is not None else None
        field = inner.model_fields.get(key) if inner is not None else None
        if outer is None or field is None:
            return f"{section}: {key}"
        return f"{outer.title}·{field.title}"

    def _order(self, text: str, at: int) -> list[type[BaseModel]]:
        before = text[:at].rstrip()
        clause = re.split(r"[，；。：]", before)[-1]
        if any(word in clause for word in _ABOVE):  # 最上面的 recipient_kind、award 和 recipients
            return self.top
        owner = _CJK_RUN.search(before.removesuffix("的")) if before.endswith("的") else None
        if owner is not None:
            named = self._model_titled(owner[0])
            if named is not None:
                return [named, *self.nearest]
        return self.nearest

    def _model_titled(self, words: str) -> type[BaseModel] | None:
        """The model of the field whose title the words end with (收费项目的 → a 收费项目)."""
        for model in self.nearest:
            for info in model.model_fields.values():
                inner = nested_model(info.annotation)[0]
                if inner is not None and info.title and words.endswith(info.title):
                    return inner
        return None

    @staticmethod
    def _field(key: str, models: list[type[BaseModel]]) -> FieldInfo | None:
        return next((model.model_fields[key] for model in models if key in model.model_fields), None)


_CJK_RUN = re.compile(rf"[{_CJK}]+$")


def _unique(models: list) -> list[type[BaseModel]]:
    return list(dict.fromkeys(model for model in models if model is not None))


@lru_cache(maxsize=None)
def _roots() -> tuple[type[BaseModel], ...]:
    from .content import ALL_TYPES  # content models import this module's callers, not the other way
    return tuple(content_type.model for content_type in ALL_TYPES)


def _inside(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """The model and every model nested in it, outermost first (breadth first)."""
    seen, queue = set(), [model]
    while queue:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        yield current
        queue += [inner for info in current.model_fields.values() if (inner := nested_model(info.annotation)[0])]


@lru_cache(maxsize=None)
def _parents() -> dict[type[BaseModel], tuple[type[BaseModel], ...]]:
    found: dict[type[BaseModel], list[type[BaseModel]]] = {}
    for root in _roots():
        for model in _inside(root):
            for info in model.model_fields.values():
                inner = nested_model(info.annotation)[0]
                if inner is not None and model not in found.setdefault(inner, []):
                    found[inner].append(model)
    return {model: tuple(parents) for model, parents in found.items()}


def _ancestors(model: type[BaseModel]) -> Iterator[type[BaseModel]]:
    """The models containing this one, nearest first."""
    seen, queue = {model}, list(_parents().get(model, ()))
    while queue:
        current = queue.pop(0)
        if current not in seen:
            seen.add(current)
            yield current
            queue += _parents().get(current, ())
