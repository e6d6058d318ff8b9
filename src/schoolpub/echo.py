"""Text quoted back to staff in a message or a log line, made safe to print.

Everything the tools print ends up in a terminal or a public CI log. A value that
carries a newline could start a line of its own, and a CI runner reads a line that
starts with `::` as a workflow command (`::error …`, `::stop-commands::`,
`::add-mask::`); GitHub's runner also still obeys its older form `##[command]`
anywhere in a line. Bidirectional controls make a message *display* reversed; a
personal number quoted from a cell would be published in the log. So:

- whatever is quoted from data (values, file names, sheet names, header cells) goes
  through `quoted()`;
- every whole line the tools print goes through `log_line()` (Problem.human() and
  the annotations of problems.py do it themselves; other messages are printed with
  `say()`, and MkDocs' log through `log_filter()`): the last gate, whatever a message
  forgot to quote.
"""
from __future__ import annotations

import logging
import re
import sys

from . import hygiene, privacy

# The characters the YAML gate refuses as invisible (hygiene.SUSPECT), plus tab and line
# breaks, which are fine in a record but must not reach a log line as themselves.
INVISIBLE = re.compile(rf"[\t\n\r]|{hygiene.SUSPECT.pattern}")
_LONGEST_QUOTE = 80
# actions/runner, ActionCommand.cs: TryParseV2 takes a line whose TrimStart() begins with "::";
# TryParse (the legacy form, still tried) takes "##[" at any place in the line.
_COMMAND_START = "::"
_LEGACY_COMMAND = "##["


def code_point(character: str) -> str:
    return f"⟨U+{ord(character):04X}⟩"


def visible(text: str) -> str:
    """Every invisible or line-breaking character shown as ⟨U+XXXX⟩ (tab too: it can
    push text into another column of a log); all else as it is."""
    return INVISIBLE.sub(lambda match: code_point(match.group()), text)


def without_personal_numbers(text: str) -> str:
    """ID and mobile numbers replaced by a placeholder of what they were."""
    spans: list[list] = []  # [start, end, kind], merged where two findings overlap
    for leak in privacy.find_leaks(text):
        end = leak.start + leak.length
        if spans and leak.start < spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
            spans[-1][2] = "id" if "id" in (spans[-1][2], leak.kind) else leak.kind
        else:
            spans.append([leak.start, end, leak.kind])
    for start, end, kind in reversed(spans):
        text = text[:start] + ("〔身份证号已隐去〕" if kind == "id" else "〔手机号已隐去〕") + text[end:]
    return text


def quoted(value: object, limit: int = _LONGEST_QUOTE) -> str:
    """A value from the data as a message may quote it: no personal number, nothing
    invisible, no line break, and not longer than `limit` characters (a 10 MB cell is
    quoted by its first characters and its length)."""
    text = str(value)
    # Numbers first: a number cut in two by the limit would no longer be recognised.
    shown = without_personal_numbers(text)
    if len(shown) > limit:
        shown = shown[:limit] + f"…（共 {len(text)} 个字符）"
    return visible(shown)


def log_line(text: str) -> str:
    """One line as the tools print it: no character of it ends the line or hides, no
    personal number, and nothing a CI runner would obey as a workflow command. Our own
    annotations (problems.Problem.github) are the only lines that start with `::`."""
    shown = visible(without_personal_numbers(text)).replace(_LEGACY_COMMAND, "#" + code_point("#") + "[")
    body = shown.lstrip()
    if body.startswith(_COMMAND_START):
        at = len(shown) - len(body)
        shown = shown[:at] + code_point(":") + shown[at + 1:]
    return shown


def say(*lines: str, error: bool = False) -> None:
    """Print each argument as one line (a line break inside it is shown, not obeyed), to
    stderr when `error`: the way the tools print any message that may name a file or a value."""
    stream = sys.stderr if error else sys.stdout
    for text in lines:
        print(log_line(text), file=stream)


class _LogLines(logging.Filter):
    """Every line of a log record made safe as log_line() does (a record may hold several
    lines: a refusal with a list). Installed on a handler, it sees the records of child
    loggers too (a logger's own filters do not)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = "\n".join(log_line(part) for part in message.split("\n"))
        if safe != message:
            record.msg, record.args = safe, None
        return True


def log_filter(logger_name: str = "mkdocs") -> None:
    """Make every handler of a logger (MkDocs' console and counting handlers) print safe lines;
    idempotent, so each build of a live preview may call it again."""
    for handler in logging.getLogger(logger_name).handlers:
        if not any(isinstance(existing, _LogLines) for existing in handler.filters):
            handler.addFilter(_LogLines())
