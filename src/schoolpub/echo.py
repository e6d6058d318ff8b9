"""Text quoted back to staff in a message or a log line, made safe to print.

Everything the tools print ends up in a terminal or a public CI log. A value that
carries a newline could start a line of its own, and a CI runner reads a line that
starts with `::` as a workflow command (`::error …`, `::stop-commands::`,
`::add-mask::`); bidirectional controls make a message *display* reversed; a
personal number quoted from a cell would be published in the log. So whatever is
quoted from data (values, file names, sheet names, header cells) goes through
`quoted()`, and whole lines through `safe_line()`.
"""
from __future__ import annotations

import re

from . import privacy

# Line breaks of every kind, control characters, bidi controls, zero-width and other
# format characters: each is shown by its code point, e.g. ⟨U+202E⟩, never as itself.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                        r"\ufeff\ufff9-\ufffb\ud800-\udfff]")
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


def safe_line(text: str) -> str:
    """One whole line to print: no character of it can end the line, so nothing quoted in
    it can start a line of its own (and with it a workflow command)."""
    return visible(text)
