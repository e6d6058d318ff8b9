"""Synthetic district for `make bench-portal`: N schools' open data in the demo's shapes.

    .venv/bin/python scripts/make_bench_portal.py OUT --base-url http://127.0.0.1:PORT/ [--schools 200]

The demo school's open data (data/v1/school.json, data/v2/fees.json, made by the real export code
from data/, no site build) is rewritten per school: its name and addresses, every amount times
k/10 (k = 8…15: the demo's amounts stay exact to the fen, so the published totals still add up),
every date shifted by up to ±60 days; every tenth school collects its newest notice's fees three
days after posting it (so the portal has findings to show). OUT/<id>/data/… are the roots one HTTP server serves;
OUT/portal.yml lists them at --base-url<id>/.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from decimal import Decimal
from pathlib import Path

from schoolpub.portal.sample import open_data_files

ROOT = Path(__file__).resolve().parent.parent
DEMO_SITE = "https://demo.example.edu.cn/"
TODAY = dt.date(2026, 12, 1)
_MONEY = re.compile(r"^\d+\.\d{2}$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBERS = "一二三四五六七八九十"


def school_name(index: int) -> str:
    kind = "中学" if index % 4 == 3 else "小学"
    return f"示例区第{index + 1}{kind}"


def varied(value, factor: Decimal, shift: dt.timedelta, site: str, name: str, demo_name: str):
    """The demo's value for another school: amounts scaled, dates shifted, its own name and site."""
    if isinstance(value, dict):
        return {key: varied(item, factor, shift, site, name, demo_name) for key, item in value.items()}
    if isinstance(value, list):
        return [varied(item, factor, shift, site, name, demo_name) for item in value]
    if not isinstance(value, str):
        return value
    if _MONEY.fullmatch(value):
        return f"{Decimal(value) * factor:.2f}"
    if _DAY.fullmatch(value):
        return (dt.date.fromisoformat(value) + shift).isoformat()
    return value.replace(DEMO_SITE, site).replace(demo_name, name)


def _collect_early(notice: dict) -> None:
    """Every tenth school collects its newest notice's fees 3 days after putting it up: findings to show."""
    start = dt.date.fromisoformat(notice["display"]["start"])
    notice["collection_start"] = (start + dt.timedelta(days=3)).isoformat()


def make_district(out: Path, base_url: str, schools: int, seed: int = 22) -> Path:
    demo = {path: json.loads(body) for path, body in open_data_files(ROOT / "data", DEMO_SITE, TODAY).items()}
    demo_name = demo["data/v1/school.json"]["school"]["name"]
    chance = random.Random(seed)
    lines = ["district: 示例区教育局", "schools:"]
    for index in range(schools):
        school_id = f"school-{index + 1:03d}"
        site, name = f"{base_url}{school_id}/", school_name(index)
        factor = Decimal(chance.randint(8, 15)) / 10
        shift = dt.timedelta(days=chance.randint(-60, 60))
        for path, data in demo.items():
            data = varied(data, factor, shift, site, name, demo_name)
            if path.endswith("fees.json") and index % 10 == 9:
                _collect_early(data["records"][0])
            target = out / school_id / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        lines += [f"  - id: {school_id}", f"    name: {name}", f"    site: {site}"]
    lines += ["limits:", "  workers: 8"]
    (out / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out / "portal.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--base-url", required=True, help="the server's address, ending in /")
    parser.add_argument("--schools", type=int, default=200)
    args = parser.parse_args()
    print(make_district(args.out, args.base_url, args.schools))


if __name__ == "__main__":
    main()
