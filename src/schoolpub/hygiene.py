"""Text hygiene: characters that are not visible text, refused wherever staff text enters.

Bidirectional controls make a title or an amount *display* differently from what it
*is* ("Trojan Source"); zero-width characters hide inside ID numbers and words, so
neither the privacy scan nor search sees them; control characters and lone
surrogates cannot be written to XML (feeds) or UTF-8 at all. Staff never type them:
they arrive by copy and paste from web pages, WeChat articles and Word. The YAML gate
uses this module; so will every other way data comes in (spreadsheets, forms).
"""
from __future__ import annotations

import re
import unicodedata

NAMES = {
    **{code: "双向文字控制符，会让文字显示的顺序和实际内容不一样"
       for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
    **{code: "文字方向标记" for code in (0x200E, 0x200F, 0x061C)},
    0x200B: "零宽空格", 0x200C: "零宽不连字", 0x200D: "零宽连字", 0x2060: "零宽不换行",
    0xFEFF: "零宽不换行空格（BOM）", 0x00AD: "软连字符", 0x2028: "行分隔符", 0x2029: "段分隔符",
    0xFFFE: "非字符", 0xFFFF: "非字符", 0xFFFC: "对象替换字符", 0xFFFD: "替换字符，说明这段文字在别处已经成了乱码",
}
_ALLOWED_CONTROLS = "\t\n\r"
# Every character of Unicode category Cf (format), Cc (control) and Cs (surrogate),
# U+2028/2029, and U+FFFC–FFFF (placeholders and noncharacters). The first class is
# the ranges staff actually meet; the second the rare Cf characters of other scripts.
# tests/test_yamlgate.py checks this against unicodedata, character by character.
SUSPECT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e"
                      r"\u2060-\u206f\ufeff\ufff9-\uffff\ud800-\udfff]"
                      r"|[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\U000110bd\U000110cd"
                      r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001-\U000e007f]")


def hidden_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for the first character on each line that must not be
    in a record's text: a pasted article can carry hundreds."""
    found, line, line_start, counted_to = [], 1, 0, 0
    for match in SUSPECT.finditer(text):
        index, character = match.start(), match.group()
        if character in _ALLOWED_CONTROLS or _joins_emoji(text, index):
            continue
        newlines = text.count("\n", counted_to, index)
        if newlines:
            line, line_start = line + newlines, text.rfind("\n", counted_to, index) + 1
        counted_to = index
        if not found or found[-1][0] != line:
            found.append((line, index - line_start + 1, hidden_character_message(character)))
    return found


def _joins_emoji(text: str, index: int) -> bool:
    """A zero-width joiner between two emoji (👨‍👩‍👧) is part of one picture, not hidden text."""
    if text[index] != "\u200d" or not 0 < index < len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return (unicodedata.category(before) == "So" or before == "\ufe0f" or "\U0001f3fb" <= before <= "\U0001f3ff") \
        and unicodedata.category(after) == "So"


def hidden_character_message(character: str) -> str:
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return (f"这里有一个不成对的代理字符（U+{code:04X}），它无法保存为 UTF-8，网页和订阅都写不出来。"
                "通常是用 \\u 转义写了半个表情符号：请直接输入这个字符本身，不要用转义。")
    name = NAMES.get(code) or ("控制字符" if unicodedata.category(character) == "Cc" else "格式控制字符")
    english = unicodedata.name(character, "")
    return (f"这里有一个看不见的字符 U+{code:04X}（{name}{f'，{english}' if english else ''}）。"
            "它通常是从网页、微信或 Word 复制时带进来的，会让显示的内容和实际内容不一致。"
            "请删掉它：把这段文字重新输入一遍。")
