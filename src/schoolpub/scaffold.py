"""`make new KIND=fees`: a new, valid, commented record file with today's date.

The templates are plain YAML files in scaffolds/ with a few {{PLACEHOLDERS}}
replaced by str.replace: there is nothing to evaluate in them.
"""
from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path

from .content import RECORD_TYPES
from .fields import RECORD_ID_PATTERN
from .schema import modeline


class ScaffoldError(Exception):
    pass


def new_record(data_dir: Path, kind: str, today: dt.date, record_id: str | None = None) -> Path:
    content_type = next((t for t in RECORD_TYPES if t.name == kind), None)
    if content_type is None:
        raise ScaffoldError(f"没有“{kind}”这种内容。可以用：{'、'.join(t.name for t in RECORD_TYPES)}。")
    folder = data_dir / kind
    folder.mkdir(parents=True, exist_ok=True)
    if record_id is not None:
        if not re.fullmatch(RECORD_ID_PATTERN, record_id):
            raise ScaffoldError(f"编号“{record_id}”不能用：只能用小写英文字母、数字和连字符，例如 2026-spring。")
        if (folder / f"{record_id}.yml").exists():
            raise ScaffoldError(f"data/{kind}/{record_id}.yml 已经存在，请换一个编号。")
    else:
        record_id = free_id(folder, today.isoformat())
    path = folder / f"{record_id}.yml"
    path.write_text(render(content_type.name, today), encoding="utf-8")
    return path


def free_id(folder: Path, base: str) -> str:
    candidate, number = base, 1
    while (folder / f"{candidate}.yml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def render(kind: str, today: dt.date) -> str:
    content_type = next(t for t in RECORD_TYPES if t.name == kind)
    template = resources.files("schoolpub").joinpath("scaffolds", f"{kind}.yml").read_text(encoding="utf-8")
    school_year_start = today.year if today.month >= 8 else today.year - 1
    values = {
        "MODELINE": modeline(content_type),
        "TODAY": today.isoformat(),
        "YEAR": str(today.year),
        "SCHOOL_YEAR": f"{school_year_start}-{school_year_start + 1}",
        "IN_30_DAYS": (today + dt.timedelta(days=30)).isoformat(),
        "IN_7_DAYS": (today + dt.timedelta(days=7)).isoformat(),
        "IN_14_DAYS": (today + dt.timedelta(days=14)).isoformat(),
    }
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", value)
    return template
