"""`make new` writes valid records; editor schemas are current and referenced."""
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, problems_of

from schoolpub import scaffold, schema
from schoolpub.content import ALL_TYPES, RECORD_TYPES


# A second new record of a kind is a different one, not a clash: the next term without a fee
# notice, the next festival not yet held this year, the next document number.
SECOND_NEW = {"affairs": ("2026-03-02.yml", "2026-03-02-2.yml"), "honors": ("2026-03-02.yml", "2026-03-02-2.yml"),
              "regulations": ("2026-03-02.yml", "2026-03-02-2.yml"), "fees": ("2026-spring.yml", "2026-autumn.yml"),
              "festivals": ("2026-art.yml", "2026-sports.yml")}


@pytest.mark.parametrize("kind", [t.name for t in RECORD_TYPES])
def test_new_record_is_valid_and_uses_a_free_id(project: Path, kind: str):
    shutil.rmtree(project / "data" / kind)
    first = scaffold.new_record(project / "data", kind, dt.date(2026, 3, 2))
    second = scaffold.new_record(project / "data", kind, dt.date(2026, 3, 2))
    assert (first.name, second.name) == SECOND_NEW[kind]
    text = first.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    assert "2026-03-02" in text and "{{" not in text
    assert problems_of(project) == []


def test_a_given_id_is_used_as_given(project: Path):
    assert scaffold.new_record(project / "data", "fees", dt.date(2026, 3, 2), "2026-spring-boarding").name == \
        "2026-spring-boarding.yml"


def test_new_record_refuses_a_bad_or_taken_id(project: Path):
    with pytest.raises(scaffold.ScaffoldError, match="只能用小写英文字母"):
        scaffold.new_record(project / "data", "fees", dt.date(2026, 3, 2), "2026 春季")
    with pytest.raises(scaffold.ScaffoldError, match="data/fees/sample.yml 已经存在"):
        scaffold.new_record(project / "data", "fees", dt.date(2026, 3, 2), "sample")


def test_checked_in_schemas_match_the_models():
    assert schema.stale_schemas(REPO) == [], "运行 make schema 重新生成 schemas/"


def test_schema_carries_chinese_help_and_allowed_values():
    fees = json.loads((REPO / "schemas/fees.schema.json").read_text(encoding="utf-8"))
    item = fees["$defs"]["FeeItem"]
    assert item["additionalProperties"] is False
    assert item["properties"]["kind"]["enum"] == ["学费", "保育教育费", "住宿费", "伙食费", "行政事业性收费", "服务性收费", "代收费", "代办服务性收费", "其他"]
    assert item["properties"]["amount"]["title"] == "收费标准（金额）"
    assert fees["title"] == "收费公示（data/fees/<编号>.yml）"


def test_every_data_file_names_its_schema():
    files = sorted((REPO / "data").rglob("*.yml"))
    assert len(files) > 40
    for path in files:
        kind = path.stem if path.parent.name == "data" else path.parent.name  # school.yml, annual-reports.yml
        content_type = next(t for t in ALL_TYPES + schema.SITE_FILES if t.name == kind)
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line == schema.modeline(content_type), path
        target = (path.parent / re.sub(r"^.*\$schema=", "", first_line)).resolve()
        assert target.is_file(), f"{path}: {target} does not exist"
