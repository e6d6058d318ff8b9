"""scripts/make_bench_portal.py: the synthetic district's schools pass the portal's own checks,
with amounts scaled exactly, dates shifted, and their own names and addresses."""
from __future__ import annotations

import importlib.util
import datetime as dt
import json
from decimal import Decimal

from conftest import REPO
from schoolpub.portal import shapes
from schoolpub.portal.config import load_config

spec = importlib.util.spec_from_file_location("make_bench_portal", REPO / "scripts/make_bench_portal.py")
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)


def test_every_synthetic_school_is_valid_open_data_of_its_own(tmp_path):
    config = generator.make_district(tmp_path, "http://127.0.0.1:8123/", 12)
    loaded = load_config(config)
    assert not loaded.problems
    assert [s.site for s in loaded.config.schools][:2] == ["http://127.0.0.1:8123/school-001/",
                                                           "http://127.0.0.1:8123/school-002/"]
    demo = {f.key: json.loads(generator.open_data_files(REPO / "data", generator.DEMO_SITE, generator.TODAY)[f.path])
            for f in shapes.FILES}
    factors = set()
    for index, school in enumerate(loaded.config.schools):
        data = {f.key: shapes.parse((tmp_path / school.id / f.path).read_bytes(), f) for f in shapes.FILES}
        assert data["school"]["school"]["name"] == generator.school_name(index) == school.name
        notice, original = data["fees"]["records"][0], demo["fees"]["records"][0]
        assert notice["url"] == f"{school.site}fees/{original['id']}/"
        factor = Decimal(notice["items"][1]["amount"]) / Decimal(original["items"][1]["amount"])
        assert factor in {Decimal(k) / 10 for k in range(8, 16)}
        factors.add(factor)
        posted, collected = (dt.date.fromisoformat(notice[key] if key == "collection_start" else notice[key]["start"])
                             for key in ("display", "collection_start"))
        demo_gap = dt.date.fromisoformat(original["collection_start"]) - dt.date.fromisoformat(original["display"]["start"])
        assert collected - posted == (dt.timedelta(days=3) if index % 10 == 9 else demo_gap)  # every tenth: too early
    assert len(factors) > 3  # the schools differ
    assert generator.school_name(3) == "示例区第4中学"
