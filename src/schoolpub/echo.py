"""Text quoted back to staff in a message or a log line, made safe to print.

Everything the tools print ends up in a terminal or a public CI log. A value that
carries a newline could start a line of its own, and a CI runner reads a line that
starts with `::` as a workflow command (`::error …`, `::stop-commands::`,
`::add-mask::`); bidirectional controls make a message *display* reversed; a
personal number quoted from a cell would be published in the log. So whatever is
quoted from data (values, file names, sheet names, header cells) goes through
`quoted()`.
"""
from __future__ import annotations

import re

from . import hygiene, privacy

# The characters the YAML gate refuses as invisible (hygiene.SUSPECT), plus tab and line
# breaks, which are fine in a record but must not reach a log line as themselves.
_INVISIBLE = re.compile(rf"[\t\n\r]|{hygiene.SUSPECT.pattern}")
_LONGEST_QUOTE = 80


def visible(text: str) -> str:
    """Every invisible or line-breaking character shown as ⟨U+XXXX⟩ (tab too: it can
    push text into another column of a log); all else as it is."""
    return _INVISIBLE.sub(lambda match: f"⟨U+{ord(match.group()):04X}⟩", text)


def without_personal_numbers(text: str) -> str:
    """ID and mobile numbers replaced by a placeholder of what they were."""
    leaks = privacy.find_leaks(text)
    for leak in reversed(leaks):
        label = "〔身份证号已隐去〕" if leak.kind == "id" else "〔手机号已隐去〕"
        text = text[:leak.start] + label + text[leak.start + leak.length:]
    return text


def quoted(value: object, limit: int = _LONGEST_QUOTE) -> str:
    """A value from the data as a message may quote it: no personal number, nothing
    invisible, no line break, and not longer than `limit` characters (a 10 MB cell is
    quoted by its first characters and its length)."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + f"…（共 {len(text)} 个字符）"
    return visible(without_personal_numbers(text))

