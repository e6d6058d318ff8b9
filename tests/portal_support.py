"""Schools' fee notices as they publish them (open data v2 rows, exports/opendata.py), for the portal's tests."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from schoolpub.portal.local_sources import PortalConfig, SchoolEntry, SchoolSnapshot

PHONES = [{"label": "学校总务处", "number": "0000-6600 1236"}, {"label": "价格举报", "number": "12315"}]
BASIS = {"issuer": "示例市发展和改革委员会", "document": "示发改价格〔2022〕35号", "title": None, "filed": False}


def item(name: str, kind: str, amount: Any = None, unit: str = "元/生·学期", **keys: Any) -> dict:
    row = {"name": name, "kind": kind, "amount": None if amount is None else f"{amount:.2f}", "prices": None,
           "max_amount": None, "settled": None, "unit": unit, "months": None, "voluntary": None,
           "bases": [BASIS], "bases_from_notice": False, "payers": None, "grades": None,
           "exemption": None, "refund": None, "note": None}
    row.update(keys)
    return row


def notice(record_id: str, title: str, items: list[dict], site: str = "a", **keys: Any) -> dict:
    """A notice of the school whose site is https://<site>.example.edu.cn/ (snapshot's school id)."""
    row = {"id": record_id, "url": f"https://{site}.example.edu.cn/fees/{record_id}/", "title": title,
           "school_year": "2026-2027", "term": "第一学期", "payers": "一至六年级全体学生", "items": items,
           "reductions": "低保家庭子女免收课后服务费。", "refund": None, "services": None,
           "complaint_phones": PHONES, "collection_start": "2026-09-01",
           "display": {"start": "2026-08-17", "end": "2026-09-30"}, "issuer": None, "issued": "2026-08-14",
           "grades": None, "bases": [], "number": None, "stage": "义务教育", "remarks": None, "published_totals": []}
    row.update(keys)
    return row


def fees_json(school: str, records: list[dict], last_changed: str = "2026-08-14") -> dict:
    return {"schema_version": 2, "section": "fees", "label": "收费公示", "school": school,
            "url": "https://example.edu.cn/fees/", "last_changed": last_changed, "count": len(records),
            "records": records}


def snapshot(school_id: str, name: str, records: list[dict] | None, status: str = "ok", reason: str | None = None,
             data_date: dt.date | None = dt.date(2026, 8, 14)) -> SchoolSnapshot:
    entry = SchoolEntry(school_id, name, f"https://{school_id}.example.edu.cn/", None)
    data = fees_json(name, records) if records is not None else None
    return SchoolSnapshot(entry, status, reason, None, data_date if data is not None else None, data)


def write_school(root: Path, school_id: str, data: dict) -> str:
    """A school's built site holding only its data/v2/fees.json; the path the config names."""
    target = root / school_id / "data" / "v2" / "fees.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(root / school_id)
