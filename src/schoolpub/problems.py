"""Problems found in the data, collected and reported once.

Staff read these messages, so every problem names the file, the line, the record
and the key, and says in Chinese what to write instead. Each of them quotes data (a
file name, a key, a value), so each line is made safe to print here, once, whatever
the message forgot to quote (echo.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .ci_env import github_annotations
from .echo import log_line


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project root, POSIX style
    line: int  # 1-based
    column: int  # 1-based
    message: str
    record: str = ""  # e.g. "收费公示 2025-autumn"
    key: str = ""  # e.g. "items[1].amount"
    notice: bool = False  # worth a look, but nothing is wrong (e.g. an upload no record uses)

    def human(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        label = " › ".join(part for part in (self.record, self.key) if part)
        return log_line(f"{where}: {'提示' if self.notice else '错误'}：{f'[{label}] ' if label else ''}{self.message}")

    def github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the line."""
        title = " › ".join(part for part in (self.record, self.key) if part) or ("提示" if self.notice else "数据错误")
        return (
            f"::{'warning' if self.notice else 'error'} file={_escape_property(log_line(self.file))},line={self.line},"
            f"col={self.column},title={_escape_property(log_line(title))}::{_escape_data(log_line(self.message))}"
        )


def key_name(path: tuple[Any, ...]) -> str:
    """The key a problem names: ('items', 1, 'amount') → 'items 第2项 › amount' (staff count from one)."""
    parts: list[str] = []
    for part in path:
        if isinstance(part, int) and parts:
            parts[-1] += f" 第{part + 1}项"
        else:
            parts.append(str(part))
    return " › ".join(parts)


@dataclass
class Problems:
    items: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # shown, but they never stop a build

    def add(self, problem: Problem) -> None:
        (self.notices if problem.notice else self.items).append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def report(self, in_github_actions: bool | None = None) -> str:
        if in_github_actions is None:
            in_github_actions = github_annotations()
        problems = self.sorted()
        lines = [p.human() for p in problems]
        files = len({p.file for p in problems})
        lines.append(
            f"共发现 {len(problems)} 处错误，涉及 {files} 个文件。"
            "网站没有生成，也不会发布。请按上面的提示修改后重新提交。"
        )
        if in_github_actions:
            lines.extend(p.github() for p in problems)
        return "\n".join(lines)

    def notices_report(self, in_github_actions: bool | None = None) -> str:
        if in_github_actions is None:
            in_github_actions = github_annotations()
        notices = sorted(set(self.notices))
        lines = [p.human() for p in notices]
        if in_github_actions:
            lines.extend(p.github() for p in notices)
        return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
