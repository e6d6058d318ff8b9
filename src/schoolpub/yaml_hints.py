"""PyYAML's syntax errors as staff can act on them: the line that caused it, and what to write.

A key typed with a Chinese colon or without the space after the colon is not a key to YAML,
so the parser stumbles a line or two later; these messages point at the cause instead.
"""
from __future__ import annotations

import re

import yaml

# PyYAML's English problem texts → what a staff member should do instead.
_SYNTAX_HINTS = [
    ("expected a single document", "一个文件只能写一条记录，这里出现了第二个文档（---）。请把它放到单独的文件里。"),
    ("'\\t'", "这里有制表符（Tab）。YAML 里请只用空格，把 Tab 换成空格。"),
    ("while scanning an alias", "以 * 开头的值会被当作 YAML 引用。如果这是普通文字，请给整个值加上引号。"),
    ("while scanning an anchor", "以 & 开头的值会被当作 YAML 锚点。如果这是普通文字，请给整个值加上引号。"),
    ("mapping values are not allowed", "这一行多了一个冒号（:）。如果值里本来就有冒号，请给整个值加上引号，"
                                       "例如 title: \"时间: 8:00\"；也可能是这一行比上一行多缩进了。"),
    ("could not find expected ':'", "这一行缺少冒号，或者引号没有配对。字段名和值之间要用英文冒号加空格，"
                                    "例如 title: 开学通知。如果上一行的文字要分成多行写，请在字段名后写 |，"
                                    "再把文字缩进两个空格写在下面。"),
    ("found unexpected end of stream", "引号没有配对：从这里开始的引号一直没有结束。请补上结尾的引号。"),
    ("found unexpected ':'", "这里的冒号位置不对。如果值里本来就有冒号，请给整个值加上引号。"),
    ("cannot start any token", "这个字符不能出现在值的开头（例如 @、`、%）。请给整个值加上引号。"),
    ("expected <block end>", "缩进不一致：同一层的字段要对齐到同一列，列表项的“- ”也要对齐。"
                             "也可能是值以 [ 或 { 开头，这时请给整个值加上引号。"),
    ("expected the node content", "这里缺少内容。以 [、{、&、* 开头的值请加上引号。"),
    ("expected ',' or ']'", "方括号 [ ] 没有配对。如果这是普通文字，请给整个值加上引号。"),
    ("expected ',' or '}'", "花括号 { } 没有配对。如果这是普通文字，请给整个值加上引号。"),
    ("did not find expected key", "缩进不一致：同一层的字段要对齐到同一列。"),
    ("did not find expected '-' indicator", "列表项的缩进不一致：每一项的“- ”要对齐到同一列。"),
    ("found character that cannot start", "这个字符不能出现在值的开头。请给整个值加上引号。"),
]

FULL_WIDTH_COLON = "这里用了中文冒号“：”。字段名和值之间要用英文冒号加空格，例如 title: 开学通知。"
NO_SPACE_AFTER_COLON = "冒号后面少了一个空格。字段名和值之间要用英文冒号加空格，例如 title: 开学通知。"
_KEY = r"^\s*(?:- )?[A-Za-z_][A-Za-z0-9_]*"


def syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, message) for a YAML syntax error, pointing at its cause where it can."""
    problem = error.problem or ""
    context = error.context or ""
    # For an unclosed quote or a missing colon the useful line is where the
    # scanner *started* (context_mark), not where it gave up.
    use_context = error.context_mark is not None and (
        "while scanning a simple key" in context or "while scanning a quoted scalar" in context
    )
    mark = error.context_mark if use_context else (error.problem_mark or error.context_mark)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    # A key typed with a Chinese colon or without the space is not a key to
    # YAML, so the parser stumbles a line or two later: point at the cause.
    cause = _miswritten_key_near(text, line)
    if cause:
        return cause[0], 1, cause[1]
    message = next((hint for needle, hint in _SYNTAX_HINTS if needle in f"{context} {problem}"), None)
    if message is None:
        message = f"YAML 格式有误（{problem or context}）。请检查这一行和上一行的缩进、冒号和引号。"
    return line, column, message


def _miswritten_key_near(text: str, line: int) -> tuple[int, str] | None:
    lines = text.splitlines()
    for number in (line, line - 1, line - 2):
        if not 1 <= number <= len(lines):
            continue
        content = lines[number - 1].split(" #", 1)[0]
        if re.match(_KEY + r"\s*：", content):
            return number, FULL_WIDTH_COLON
        if re.match(_KEY + r":(?![\s/]|$)", content):
            return number, NO_SPACE_AFTER_COLON
    return None


def miswritten_key(text_value: str) -> str | None:
    """The fix when a whole value looks like a key written wrongly (`title：通知`, `title:通知`)."""
    if re.match(r"^[A-Za-z_][A-Za-z0-9_]*\s*：", text_value):
        return FULL_WIDTH_COLON
    if re.match(r"^[A-Za-z_][A-Za-z0-9_]*:(?![\s/]|$)", text_value):
        return NO_SPACE_AFTER_COLON
    return None
