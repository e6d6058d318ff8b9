"""`make new KIND=fees`: a new, valid, commented record file that checks on the school as it is.

The templates are plain YAML files in scaffolds/ with a few {{PLACEHOLDERS}} replaced by
str.replace: there is nothing to evaluate in them. What goes into them beyond today's date
(the next term without a fee notice, a festival not yet held this year, a free document
number) is chosen from the school's records by scaffold_plans.py.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from .content import RECORD_TYPES
from .fields import RECORD_ID_PATTERN
from .loader import load_site
from .scaffold_plans import Plan, ScaffoldError, plan
from .schema import modeline

__all__ = ["Created", "ScaffoldError", "create", "new_record", "render"]


@dataclass(frozen=True)
class Created:
    path: Path
    note: str  # what was picked for the school and why (Chinese), or ""


def new_record(data_dir: Path, kind: str, today: dt.date, record_id: str | None = None) -> Path:
    return create(data_dir, kind, today, record_id).path


def create(data_dir: Path, kind: str, today: dt.date, record_id: str | None = None) -> Created:
    content_type = next((t for t in RECORD_TYPES if t.name == kind), None)
    if content_type is None:
        raise ScaffoldError(f"没有“{kind}”这种内容。可以用：{'、'.join(t.name for t in RECORD_TYPES)}。")
    folder = data_dir / kind
    if record_id is not None:
        if not re.fullmatch(RECORD_ID_PATTERN, record_id):
            raise ScaffoldError(f"编号“{record_id}”不能用：只能用小写英文字母、数字和连字符，例如 2026-spring。")
        if (folder / f"{record_id}.yml").exists():
            raise ScaffoldError(f"data/{kind}/{record_id}.yml 已经存在，请换一个编号。")
    # Only the valid records count: one with errors is reported by make check either way.
    site = load_site(data_dir)[0] if data_dir.is_dir() else None
    chosen = plan(kind, site, today)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id or free_id(folder, chosen.base_id)}.yml"
    path.write_text(render(kind, today, chosen), encoding="utf-8")
    return Created(path, chosen.note)


def free_id(folder: Path, base: str) -> str:
    candidate, number = base, 1
    while (folder / f"{candidate}.yml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def render(kind: str, today: dt.date, chosen: Plan | None = None) -> str:
    """The template of `kind` filled for `today`; without a plan, as for a school with no records yet."""
    content_type = next(t for t in RECORD_TYPES if t.name == kind)
    template = resources.files("schoolpub").joinpath("scaffolds", f"{kind}.yml").read_text(encoding="utf-8")
    values = _dates(today) | {"MODELINE": modeline(content_type)} | (chosen or plan(kind, None, today)).values
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    return template


def _dates(today: dt.date) -> dict[str, Any]:
    return {
        "TODAY": today.isoformat(),
        "YEAR": str(today.year),
        "IN_7_DAYS": (today + dt.timedelta(days=7)).isoformat(),
    }
