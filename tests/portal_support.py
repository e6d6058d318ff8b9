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


# -- a demo-sized district: the demo school's real open data, variants of it, crafted and hostile schools --

TODAY = dt.date(2026, 9, 10)
HOSTILE_TITLE = '<script>alert("portal")</script>收费公示'
HOSTILE_ITEM = "[点我](javascript:alert(1))"


def demo_fees_json(site_url: str) -> dict:
    """The demo school's data/v2/fees.json, made by the school-side exporter from data/."""
    from schoolpub import views
    from schoolpub.exports.opendata import fees_json_v2
    from schoolpub.loader import load_site

    site, problems = load_site(Path(__file__).resolve().parent.parent / "data")
    assert not problems, problems.report()
    return json.loads(fees_json_v2(views.Context(site=site, today=TODAY, site_url=site_url)))


def _variant(data: dict, name: str, site: str, after_school: str) -> dict:
    text = json.dumps(data, ensure_ascii=False).replace("https://demo.example.edu.cn/", site).replace("示例市实验小学", name)
    variant = json.loads(text)
    for record in variant["records"]:
        for row in record["items"]:
            if row["name"] == "课后服务费" and row["amount"]:
                row["amount"] = after_school
    return variant


def grade_table_school() -> dict:
    grades = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"]
    after_school = item("课后服务费", "服务性收费", None, voluntary=True, site="g",
                        prices=[{"label": grade, "amount": f"{200 + 20 * index}.00", "shown": None}
                                for index, grade in enumerate(grades)])
    books = item("作业本费", "代收费", 18, voluntary=False, bases=[], bases_from_notice=False)
    return fees_json("示例区第五小学", [notice("2026-autumn", "示例区第五小学2026-2027学年第一学期收费公示",
                                               [after_school, books], site="g", grades=grades, complaint_phones=[],
                                               display={"start": "2026-08-28", "end": "2026-09-30"})])


def hostile_school() -> dict:
    bad = item(HOSTILE_ITEM, "服务性收费", 100, voluntary=True, note='<img src=x onerror="alert(2)">')
    return fees_json("<b>坏学校</b>", [notice("2026-autumn", HOSTILE_TITLE, [bad], site="h",
                                              url="javascript:alert(3)")])


def portal_config(root: Path) -> PortalConfig:
    """Seven schools: the demo, three variants, a grade table with findings, a hostile one, one down."""
    from schoolpub.portal.local_sources import Cap
    from decimal import Decimal

    demo = demo_fees_json("https://demo.example.edu.cn/")
    schools = [SchoolEntry("demo", "示例市实验小学", "https://demo.example.edu.cn/", write_school(root, "demo", demo))]
    for index, (name, amount) in enumerate((("示例区第二小学", "260.00"), ("示例区第三小学", "280.00"),
                                            ("示例区第四小学", "320.00")), start=2):
        site = f"https://s{index}.example.edu.cn/"
        schools.append(SchoolEntry(f"s{index}", name, site,
                                   write_school(root, f"s{index}", _variant(demo, name, site, amount))))
    schools.append(SchoolEntry("g", "示例区第五小学", "https://g.example.edu.cn/", write_school(root, "g", grade_table_school())))
    schools.append(SchoolEntry("h", "示例区第六小学", "https://h.example.edu.cn/", write_school(root, "h", hostile_school())))
    schools.append(SchoolEntry("down", "示例区第七小学", "https://down.example.edu.cn/", str(root / "nowhere")))
    caps = (Cap("课后服务费", Decimal(300), "元/生·学期", "《关于课后服务收费的通知》（示发改价格〔2022〕35号）第三条"),)
    return PortalConfig("示例区教育局", "https://portal.example.edu.cn/", tuple(schools), caps, 7,
                        "《示例区中小学收费公示办法》第五条", root)
