"""The spreadsheet commands as the command line runs them: messages in Chinese, exit codes.

0 done, 1 problems in the spreadsheet (nothing written), 2 wrong usage.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from ..content import ALL_TYPES, SCHOOL
from ..echo import say
from .export import ExportError, content_type_named, default_path, export_bytes, template_bytes
from .importer import import_file

KINDS = "、".join(f"{t.name}（{t.label}）" for t in ALL_TYPES)


def run_template(root: Path, kind: str, out: str | None, today: dt.date) -> int:
    content_type = content_type_named(kind)
    if content_type is None:
        say(f"没有“{kind}”这种内容。KIND 可以是：{KINDS}。", error=True)
        return 2
    target = _target(root, out, default_path(root, content_type, None))
    if target is None:
        return 2
    _write(target, template_bytes(content_type, today, root))
    say(f"已生成模板 {_shown(root, target)}。用 Excel 或 WPS 填好后运行：make import FILE={_shown(root, target)}")
    return 0


def run_export(root: Path, kind: str, record_id: str | None, out: str | None) -> int:
    content_type = content_type_named(kind)
    if content_type is None:
        say(f"没有“{kind}”这种内容。KIND 可以是：{KINDS}。", error=True)
        return 2
    if content_type is not SCHOOL and not record_id:
        say(f"请用 ID=… 指定要导出的记录（文件名，不带 .yml），例如 make export KIND={kind} ID=2025-autumn。", error=True)
        return 2
    record_id = None if content_type is SCHOOL else record_id.removesuffix(".yml")
    target = _target(root, out, default_path(root, content_type, record_id or "school"))
    if target is None:
        return 2
    try:
        data = export_bytes(root, content_type, record_id)
    except ExportError as error:
        say(f"错误：{error}", error=True)
        return 1
    _write(target, data)
    say(f"已导出到 {_shown(root, target)}。在 Excel 或 WPS 里修改后运行："
        f"make import FILE={_shown(root, target)} OVERWRITE=1")
    return 0


def run_import(root: Path, file: str, kind: str | None, record_id: str | None, overwrite: bool) -> int:
    started = time.perf_counter()
    outcome = import_file(root, Path(file), kind, record_id, overwrite)
    if outcome.problems:
        count = len(outcome.problems)
        say(*outcome.problems, "", f"共 {count} 个问题，没有写入任何文件。请在表格里改好后重新导入。", error=True)
        return 1
    say(f"已导入 {_shown(root, outcome.written)}：和 make check 一样的检查全部通过"
        f"（用时 {time.perf_counter() - started:.1f} 秒）。运行 make site 或 make serve 预览网页。")
    return 0


def _target(root: Path, out: str | None, default: Path) -> Path | None:
    """Where to write: OUT (a file, or a folder to write into), else the default; never over an existing file."""
    target = Path(out) if out else default
    if out and (target.is_dir() or out.endswith(("/", "\\"))):
        target = target / default.name
    if target.suffix.lower() != ".xlsx":
        say(f"OUT 要以 .xlsx 结尾（现在是 {out}）。", error=True)
        return None
    if target.exists():
        say(f"{_shown(root, target)} 已经存在，没有覆盖（里面可能有你填好的内容）。"
            "请先把它改名或移走，或者用 OUT=… 写到别处。", error=True)
        return None
    return target


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def _shown(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
