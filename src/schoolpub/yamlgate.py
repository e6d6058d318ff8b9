"""The strict YAML gate: bytes from a staff member's file in, plain data out.

PyYAML's resolver silently turns `NO` into False, `010` into 8, `12:30` into 750,
`1.50` into 1.5 and keeps only the last of two duplicate keys. None of that may
change what staff wrote, so this module never lets PyYAML construct values: it
composes the node tree and converts every scalar to the exact text written.
Typed values (dates, money, numbers) are parsed later by the models, which know
what each field means. Every node keeps its line so later errors can point at it.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, NodeEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import hygiene, yamlfast
from .yaml_hints import syntax_error

MAX_FILE_BYTES = 256 * 1024
# Resource limits. Real records nest five levels deep (fees › items › basis ›
# document), a long honour list has some 500 names and a Chinese paragraph a few
# hundred characters; the limits are far above that and far below what makes the
# parser or the pages slow or crash (PyYAML composes recursively).
MAX_DEPTH = 16
MAX_LIST_ITEMS = 5000
MAX_LINE_CHARS = 5000
NULL_WORDS = {"", "~", "null", "Null", "NULL"}

Path_ = tuple[Any, ...]  # ("items", 2, "amount")


@dataclass
class Document:
    """Parsed data plus where each value and key stands in the file (1-based)."""

    data: Any
    value_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Where a `|` block's text starts (its first non-blank line, at the block's indentation):
    # its characters stand in the file as they are, line for line, as a plain scalar's do.
    block_at: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # Quoted and folded scalars: their text is not the characters of the file.
    rewritten: set[Path_] = field(default_factory=set)

    def locate(self, path: Iterable[Any], on_key: bool = False,
               within: tuple[int, int] | None = None) -> tuple[int, int]:
        """Line and column for a path; the nearest existing ancestor if it is absent.
        `within` (line, column), 0-based, of a spot inside the value's text (leading blank
        lines not counted) gives that spot's place in the file where it can be known."""
        path = tuple(path)
        if within is not None and path in self.block_at:
            line, column = self.block_at[path]
            return line + within[0], column + within[1]
        if within is not None and within[0] == 0 and path in self.value_at and path not in self.rewritten:
            line, column = self.value_at[path]  # a plain scalar: one line, as written
            return line, column + within[1]
        while True:
            if on_key and path in self.key_at:
                return self.key_at[path]
            if path in self.value_at:
                return self.value_at[path]
            if path in self.key_at:
                return self.key_at[path]
            if not path:
                return (1, 1)
            path = path[:-1]


@dataclass(frozen=True)
class YamlError:
    line: int
    column: int
    message: str


def parse(raw: bytes) -> tuple[Document | None, list[YamlError]]:
    """Parse one record file. Returns the document or the errors, never raises."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [YamlError(1, 1, f"文件太大（{len(raw) // 1024} KB，上限 {MAX_FILE_BYTES // 1024} KB）。"
                                      "请把长文放进 PDF 附件，或拆成几条记录。")]
    text, errors = _decode(raw)
    if errors:
        return None, errors
    errors = _tabs_in_indentation(text) + _long_lines(text)
    if errors:
        return None, errors
    node = yamlfast.compose_fast(text, MAX_DEPTH)
    if node is yamlfast.EXACT_PATH:
        node, errors = _compose_exact(text)
        if errors:
            return None, errors
    document = Document(data=None)
    errors = []
    if node is not None:
        document.data = _convert(node, (), document, errors, text)
    return (None if errors else document), errors


def _compose_exact(text: str):
    """PyYAML's pure-Python composer with the strict checks: (node, []) or (None, errors)."""
    loader = _StrictComposer(text)
    try:
        node = loader.get_single_node()
    except _TooDeep as error:
        return None, loader.forbidden + [YamlError(error.line, error.column, TOO_DEEP)]
    except yaml.MarkedYAMLError as error:
        return None, loader.forbidden + [YamlError(*syntax_error(error, text))]
    except yaml.YAMLError as error:  # ReaderError has a position but no mark
        return None, [YamlError(1, 1, f"无法读取这个 YAML 文件（{error}）。")]
    finally:
        loader.dispose()
    if loader.forbidden:
        return None, loader.forbidden
    return node, []


def _decode(raw: bytes) -> tuple[str, list[YamlError]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        hint = "它看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”）。" if _decodes_to_chinese(raw) else ""
        return "", [YamlError(line, column, f"文件不是 UTF-8 编码。{hint}"
                                            "请在编辑器里选择“以 UTF-8 编码保存”后重新提交。")]
    # Short GBK text can happen to be valid UTF-8 ("通知" → "֪ͨ"). A school's
    # file with no Chinese character at all but other non-ASCII text that reads
    # as Chinese in GB18030 was saved in the wrong encoding.
    first = re.search(r"[^\x00-\x7f]", hygiene.SUSPECT.sub("", text))  # a pasted zero-width space is no encoding error
    if first and not _CJK.search(text) and _decodes_to_chinese(raw):
        first = re.search(r"[^\x00-\x7f]", text)
        line, column = _line_column(text, first.start())
        return "", [YamlError(line, column, "文件看起来是 GBK/GB18030 编码（Windows 记事本的“ANSI”），不是 UTF-8。"
                                            "请在编辑器里选择“以 UTF-8 编码保存”后重新提交。")]
    errors = [YamlError(line, column, message) for line, column, message in hygiene.hidden_characters(text)]
    return ("" if errors else text), errors


def _long_lines(text: str) -> list[YamlError]:
    return [YamlError(number, MAX_LINE_CHARS + 1,
                      f"这一行太长（{len(line)} 个字符，上限 {MAX_LINE_CHARS}）。长文请分段：段落之间空一行；"
                      "很长的名单请一行写一项。")
            for number, line in enumerate(text.splitlines(), start=1) if len(line) > MAX_LINE_CHARS]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _decodes_to_chinese(raw: bytes) -> bool:
    try:
        return bool(_CJK.search(raw.decode("gb18030")))
    except UnicodeDecodeError:
        return False


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _tabs_in_indentation(text: str) -> list[YamlError]:
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = re.match(r"[ \t]*", line).group()
        if "\t" in indent:
            errors.append(YamlError(number, indent.index("\t") + 1,
                                    "缩进里有制表符（Tab）。YAML 只能用空格缩进，请把这一行开头的 Tab 换成空格。"))
    return errors


TOO_DEEP = (f"这里的层次太多（超过 {MAX_DEPTH} 层缩进或括号）。记录里没有这么深的结构："
            "请检查缩进，或者这个值是普通文字时给它加上引号。")


class _TooDeep(Exception):
    def __init__(self, line: int, column: int):
        super().__init__(line, column)
        self.line, self.column = line, column


class _StrictComposer(yaml.SafeLoader):
    """Composes the node tree in one pass, refusing anchors, aliases and tags.

    Aliases are how a 200-byte "billion laughs" file expands to megabytes, and
    staff never need them; a value starting with `*` or `&` is usually text that
    wanted quotes. An alias is replaced by an empty node, so nothing expands.
    """

    def __init__(self, text: str):
        super().__init__(text)
        self.forbidden: list[YamlError] = []
        self._reported: set[str] = set()  # one message per anchor name, not one per use
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        where = (event.start_mark.line + 1, event.start_mark.column + 1)
        # PyYAML composes recursively: "[[[[…" thousands deep would end in a
        # RecursionError that names no file. Stop long before.
        if self._depth >= MAX_DEPTH:
            raise _TooDeep(*where)
        self._depth += 1
        try:
            return self._compose_checked(event, where, parent, index)
        finally:
            self._depth -= 1

    def _compose_checked(self, event, where, parent, index):
        if isinstance(event, AliasEvent):
            self.get_event()
            if f"*{event.anchor}" not in self._reported:
                self._reported.add(f"*{event.anchor}")
                self.forbidden.append(YamlError(*where, f"不支持 YAML 引用（*{event.anchor}）。如果这是普通文字，"
                                                        f"请给整个值加上引号，例如 \"*{event.anchor}\"。"))
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        if isinstance(event, NodeEvent) and event.anchor is not None:
            self.forbidden.append(YamlError(*where, f"不支持 YAML 锚点（&{event.anchor}）。请直接写出完整内容；"
                                                    "如果这是普通文字，请给整个值加上引号。"))
            event.anchor = None  # never registered, so no alias can reach it
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.tag not in (None, "!"):
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            self.forbidden.append(YamlError(*where, f"不支持 YAML 标签（{tag}）。请删掉以 ! 开头的标记；"
                                                    "如果这是普通文字，请给整个值加上引号。"))
        return super().compose_node(parent, index)


def _convert(node: yaml.Node, path: Path_, document: Document, errors: list[YamlError], text: str) -> Any:
    mark = node.start_mark
    document.value_at[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, ScalarNode):
        style = node.style or None  # libyaml says "" for a plain scalar, PyYAML None
        if style is None and node.value in NULL_WORDS:
            return None
        _note_text_start(node, style, path, document, text)
        # Escapes ("\\u202e", "\\0") and, in Markdown bodies, character references
        # (&#x202e;) make characters the raw text did not show.
        shown = html.unescape(node.value) if "&" in node.value else node.value
        if style == '"' or shown is not node.value:
            errors.extend(YamlError(mark.line + 1, mark.column + 1, message)
                          for _, _, message in hygiene.hidden_characters(shown)[:1])
        if style in (None, "'", '"') and node.end_mark.line > node.start_mark.line:
            # YAML folds such text into one line: the staff member's line breaks
            # would silently become spaces.
            errors.append(YamlError(mark.line + 1, mark.column + 1, FOLDED_TEXT))
        return node.value
    if isinstance(node, SequenceNode):
        if len(node.value) > MAX_LIST_ITEMS:
            errors.append(YamlError(mark.line + 1, mark.column + 1,
                                    f"这个列表太长（{len(node.value)} 项，上限 {MAX_LIST_ITEMS}）。请拆成几条记录。"))
            return []
        return [_convert(child, path + (index,), document, errors, text) for index, child in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_mark = key_node.start_mark
        where = (key_mark.line + 1, key_mark.column + 1)
        if not isinstance(key_node, ScalarNode):
            errors.append(YamlError(*where, "字段名只能是普通文字，不能是列表或键值表。"))
            continue
        key = key_node.value
        if key_node.style == '"' and hygiene.hidden_characters(key):
            errors.append(YamlError(*where, hygiene.hidden_characters(key)[0][2]))
            continue
        if key in result:
            first_line = document.key_at[path + (key,)][0]
            errors.append(YamlError(*where, f"字段 `{key}` 重复了（第 {first_line} 行已经写过）。"
                                            "YAML 只会保留最后一个，前面的内容会悄悄丢失。请删掉多余的一个或把两处合并。"))
            continue
        document.key_at[path + (key,)] = where
        result[key] = _convert(value_node, path + (key,), document, errors, text)
    return result


def _note_text_start(node: ScalarNode, style: str | None, path: Path_, document: Document, text: str) -> None:
    """Record where the value's text stands in the file, for Document.locate(within=…)."""
    if style == "|" and node.value.strip("\n"):
        first = len(node.value) - len(node.value.lstrip("\n"))  # leading blank lines
        line = node.start_mark.line + 1 + first  # the header `|` stands on start_mark's line
        written, value = text.splitlines()[line], node.value[first:].split("\n", 1)[0]
        if written.endswith(value):  # the block's indentation is what the file has in front of it
            document.block_at[path] = (line + 1, len(written) - len(value) + 1)
            return
    if style is not None or node.end_mark.line != node.start_mark.line:
        document.rewritten.add(path)


FOLDED_TEXT = ("这段文字写成了好几行，但前面没有 |：YAML 会把换行变成空格，分段就丢了。"
               "多行文字请在字段名后写 |（例如 body: |），再把文字缩进两个空格写在下面；只有一行的请写在同一行。")
