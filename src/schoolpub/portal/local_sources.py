"""A stand-in for portal/sources.py (branch i22-sources) until it is merged: the portal's config
and each school's open data read from a local build (`path`, the school's built site), behind the
same SchoolSnapshot shape, so the swap is one import. No HTTP here.

portal.yml (the subset read here):

    district: 示例区教育局
    site_url: https://portal.example.edu.cn/
    lead_days: 7                        # the district's rule: days a notice is up before collection
    lead_days_basis: 《示例区教育收费公示办法》第五条
    caps:                               # district caps (最高限价)
      - {item: 课后服务费, max: 300, unit: 元/生·学期, basis: 示发改价格〔2022〕35号}
    schools:
      - {id: shiyan, name: 示例市实验小学, site: https://example.edu.cn/, path: ../site}
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

import yaml

FEES_V2 = "data/v2/fees.json"


@dataclass(frozen=True)
class SchoolEntry:
    id: str
    name: str
    site: str  # the school's own address (ends with /)
    path: Optional[str] = None  # a local build of the school's site


@dataclass(frozen=True)
class Cap:
    item: str  # the item's name as schools publish it, e.g. 课后服务费
    max: Decimal
    unit: str  # e.g. 元/生·学期: only amounts billed per the same period are compared
    basis: str  # the document that sets the cap, cited in the finding


@dataclass(frozen=True)
class PortalConfig:
    district: str
    site_url: str
    schools: tuple[SchoolEntry, ...]
    caps: tuple[Cap, ...] = ()
    lead_days: int = 7
    lead_days_basis: Optional[str] = None
    base_dir: Path = field(default=Path("."))


@dataclass(frozen=True)
class SchoolSnapshot:
    school: SchoolEntry
    status: str  # "ok" | "stale" | "unavailable"
    reason: Optional[str]
    fetched_at: Optional[dt.datetime]
    data_date: Optional[dt.date]
    data: Optional[dict]  # the school's data/v2/fees.json as parsed
    from_cache: bool = False


def load_config(path: Path) -> PortalConfig:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return PortalConfig(
        district=str(raw["district"]), site_url=str(raw.get("site_url") or "https://portal.example.edu.cn/"),
        schools=tuple(SchoolEntry(str(s["id"]), str(s["name"]), str(s["site"]), s.get("path"))
                      for s in raw.get("schools") or ()),
        caps=tuple(Cap(str(c["item"]), Decimal(str(c["max"])), str(c["unit"]), str(c["basis"]))
                   for c in raw.get("caps") or ()),
        lead_days=int(raw.get("lead_days", 7)), lead_days_basis=raw.get("lead_days_basis"),
        base_dir=path.parent)


def read_schools(config: PortalConfig, cache_dir: Optional[Path] = None) -> list[SchoolSnapshot]:
    return [_read_local(config, entry) for entry in config.schools]


def _read_local(config: PortalConfig, entry: SchoolEntry) -> SchoolSnapshot:
    if not entry.path:
        return SchoolSnapshot(entry, "unavailable", "没有本地副本（path）", None, None, None)
    file = (config.base_dir / entry.path / FEES_V2)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return SchoolSnapshot(entry, "unavailable", f"读不到 {FEES_V2}：{type(error).__name__}", None, None, None)
    changed = data.get("last_changed") if isinstance(data, dict) else None
    day = dt.date.fromisoformat(changed) if isinstance(changed, str) else None
    return SchoolSnapshot(entry, "ok", None, None, day, data)
