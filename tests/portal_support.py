"""Schools' fee notices as they publish them (open data v2 rows, exports/opendata.py), for the portal's tests."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from schoolpub.portal.config import Cap, Loaded, PortalConfig, School
from schoolpub.portal.sources import SchoolSnapshot
from schoolpub.problems import Problems

PHONES = [{"label": "学校总务处", "number": "0000-6600 1236"}, {"label": "价格举报", "number": "12315"}]
BASIS = {"issuer": "示例市发展和改革委员会", "document": "示发改价格〔2022〕35号", "title": None, "filed": False}


def item(name: str, kind: str, amount: Any = None, unit: str = "元/生·学期", **keys: Any) -> dict:
    row = {"name": name, "kind": kind, "amount": None if amount is None else f"{amount:.2f}", "prices": None,
           "max_amount": None, "settled": None, "unit": unit, "months": None, "voluntary": None,
           "bases": [BASIS], "bases_from_notice": False, "payers": None, "grades": None,
           "exemption": None, "refund": None, "note": None}
    row.update(keys)
    # what the school's exporter derives (the portal recomputes it with the school-side rule code)
    row.update(choice={True: "自愿", False: "必交"}.get(row["voluntary"], "按规定自愿"), for_everyone=not row["payers"])
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
    row.update(filed_on=row["issued"], last_changed=row["issued"])
    return row


def fees_json(school: str, records: list[dict], last_changed: str = "2026-08-14") -> dict:
    return {"schema_version": 2, "section": "fees", "label": "收费公示", "school": school,
            "url": "https://example.edu.cn/fees/", "last_changed": last_changed, "count": len(records),
            "records": records}


def school_json(name: str, site: str) -> dict:
    """data/v1/school.json as a school publishes it (exports/opendata.school_json), its sections left out."""
    return {"schema_version": 1, "site_url": site, "school": {"name": name, "phones": PHONES[:1]}, "feed": None,
            "sections": []}


def snapshot(school_id: str, name: str, records: list[dict] | None, status: str = "ok", reason: str | None = None,
             fetched_at: dt.datetime | None = None) -> SchoolSnapshot:
    site = f"https://{school_id}.example.edu.cn/"
    school = School(id=school_id, name=name, site=site)
    data = {"school": school_json(name, site), "fees": fees_json(name, records)} if records is not None else None
    return SchoolSnapshot(school, status, reason, fetched_at, "2026-08-14" if data else None, data,
                          from_cache=status == "stale")


def write_school(root: Path, school_id: str, data: dict, about: dict | None = None) -> str:
    """A school's built site holding only its open data (data/v2/fees.json, data/v1/school.json)."""
    for relative, content in (("data/v2/fees.json", data),
                              ("data/v1/school.json", about or school_json(data["school"], "https://x.example.edu.cn/"))):
        target = root / school_id / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return school_id


AFTER_SCHOOL_ITEM = item("课后服务费", "服务性收费", 300, voluntary=True)


# -- a demo-sized district: the demo school's real open data, variants of it, crafted and hostile schools --

TODAY = dt.date(2026, 9, 10)
HOSTILE_TITLE = '<script>alert("portal")</script>收费公示'
HOSTILE_ITEM = "[点我](javascript:alert(1))"


def demo_open_data(site_url: str) -> tuple[dict, dict]:
    """The demo school's data/v2/fees.json and data/v1/school.json, made by the school-side exporter from data/."""
    from schoolpub import views
    from schoolpub.exports.opendata import fees_json_v2, school_json as school_index
    from schoolpub.loader import load_site

    site, problems = load_site(Path(__file__).resolve().parent.parent / "data")
    assert not problems, problems.report()
    context = views.Context(site=site, today=TODAY, site_url=site_url)
    return json.loads(fees_json_v2(context)), json.loads(school_index(context))


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


def hostile_school(url: str = "https://evil.example.com/fees/") -> dict:
    """Markup in its title and an item's name, a link to script in the name, its notice's link to another host."""
    bad = item(HOSTILE_ITEM, "服务性收费", 100, voluntary=True, note='<img src=x onerror="alert(2)">')
    return fees_json("<b>坏学校</b>", [notice("2026-autumn", HOSTILE_TITLE, [bad], site="h", url=url)])


def portal_config(root: Path) -> Loaded:
    """Seven schools read from local builds: the demo, three variants, a grade table with findings,
    a hostile one, one whose build is missing."""
    demo, about = demo_open_data("https://demo.example.edu.cn/")
    schools = [School(id="demo", name="示例市实验小学", site="https://demo.example.edu.cn/",
                      path=write_school(root, "demo", demo, about))]
    for index, (name, amount) in enumerate((("示例区第二小学", "260.00"), ("示例区第三小学", "280.00"),
                                            ("示例区第四小学", "320.00")), start=2):
        site = f"https://s{index}.example.edu.cn/"
        schools.append(School(id=f"s{index}", name=name, site=site,
                              path=write_school(root, f"s{index}", _variant(demo, name, site, amount), about)))
    schools.append(School(id="g", name="示例区第五小学", site="https://g.example.edu.cn/",
                          path=write_school(root, "g", grade_table_school())))
    schools.append(School(id="h", name="示例区第六小学", site="https://h.example.edu.cn/",
                          path=write_school(root, "h", hostile_school())))
    schools.append(School(id="down", name="示例区第七小学", site="https://down.example.edu.cn/", path="nowhere"))
    config = PortalConfig(district="示例区教育局", site_url="https://portal.example.edu.cn/", schools=schools,
                          caps=[Cap(item="课后服务费", max_amount="300", unit="元/生·学期",
                                    basis="《关于课后服务收费的通知》（示发改价格〔2022〕35号）第三条")],
                          lead_days=7, lead_days_basis="《示例区中小学收费公示办法》第五条")
    return Loaded(config, root, Problems())
