"""`make check`'s compliance note for a fee notice corrected without a reason.

A change to a fee notice's items, amounts, payers or basis after its display period
started is shown to parents as 更正 (history.py). Parents should also read why, so
staff are asked for `correction_note` whenever a correction (committed, or still only
on their disk) has none. A note, never an error: the correction itself may be right.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from . import yamlgate
from .echo import quoted
from .history import HistoryError, Revision, record_histories
from .problems import Problem

_SHOWN_CHANGES = 3  # a long list of changes is summed up: the page shows them all


def correction_notices(root: Path, site: Any, today: dt.date) -> list[Problem]:
    """One notice per 更正 without a reason; the history's own trouble (a shallow clone) as a notice."""
    try:
        histories = record_histories(root, site, worktree=True, today=today, types=("fees",))
    except HistoryError as error:
        return [Problem("data", 1, 1, str(error), notice=True)]
    notices = []
    for (_, record_id), history in sorted(histories.items()):  # fee notices only
        for revision in history.revisions:
            if revision.correction and not revision.note:
                notices.append(_notice(root, site, record_id, revision))
    return notices


def _notice(root: Path, site: Any, record_id: str, revision: Revision) -> Problem:
    notice = site.of("fees")[record_id]
    file = site.sources[("fees", record_id)].file
    started = notice.display.start if notice.display else notice.issued
    when = "尚未提交的修改" if not revision.commit else f"{revision.date} 提交的修改"
    changes = "；".join(revision.changes[:_SHOWN_CHANGES]) + ("等" if len(revision.changes) > _SHOWN_CHANGES else "")
    message = (f"{when}在公示期开始（{started}）之后改动了收费项目、金额、收费对象或收费依据（{quoted(changes, 120)}），"
               "网站的修改记录和订阅里会把它标为“更正”。请在 correction_note 里写明更正原因，例如 "
               "correction_note: 原公示住宿费金额录入错误，以示发改价格〔2026〕9号为准；写了会和“更正”一起显示给家长。")
    line, column = _where(root / file)
    return Problem(file, line, column, message, f"收费公示 {record_id}", "correction_note", notice=True)


def _where(path: Path) -> tuple[int, int]:
    """The correction_note line when there is one (empty), else the items: what the correction changed."""
    try:
        document, _ = yamlgate.parse(path.read_bytes())
    except OSError:
        return 1, 1
    if document is None or not isinstance(document.data, dict):
        return 1, 1
    key = ("correction_note",) if "correction_note" in document.data else ("items",)
    return document.locate(key, on_key=True)
