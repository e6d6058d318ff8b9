"""The browser editor's configuration (docs/admin/config.yml) is generated from the models:
current, complete (every field of every model), and as strict as the gate where a form can be."""
from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from schoolpub import cms, fields, schema
from schoolpub.cms.config import EditorSettings, build_config
from schoolpub.cms.widgets import MONEY, PHONE, SCHOOL_YEAR, TIME, Unmapped, unwrap, widget_for
from schoolpub.content import RECORD_TYPES, SCHOOL
from schoolpub.form_text import field_owner, for_form
from schoolpub.guide import walk_fields

REPO = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((REPO / cms.CONFIG_PATH).read_text(encoding="utf-8"))
COLLECTIONS = {collection["name"]: collection for collection in CONFIG["collections"]}


def config_paths(config_fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """`items`, `items[].name`, … as guide.walk_fields names them."""
    found = {}
    for field in config_fields:
        path = prefix + field["name"]
        found[path] = field
        if field["widget"] == "object":
            found.update(config_paths(field["fields"], path + "."))
        elif field["widget"] == "list" and "fields" in field:
            found.update(config_paths(field["fields"], path + "[]."))
    return found


def fields_of(name: str) -> dict[str, dict]:
    collection = COLLECTIONS[name]
    return config_paths(collection["files"][0]["fields"] if "files" in collection else collection["fields"])


def test_checked_in_config_is_current():
    assert cms.stale_config(REPO) == [], "运行 make schema 重新生成 docs/admin/config.yml 和 key-order.js"
    assert schema.stale_schemas(REPO) == []


@pytest.mark.parametrize("content_type", (SCHOOL,) + RECORD_TYPES, ids=lambda t: t.name)
def test_every_field_of_every_model_is_in_the_form(content_type):
    # the guide names fees' one-or-several `basis` "basis.issuer"; the form always writes the list
    form = {path.replace("[]", ""): field for path, field in fields_of(content_type.name).items()}
    expected = [path.replace("[]", "") for path, _ in walk_fields(content_type.model)]
    assert sorted(form) == sorted(expected)
    for path, info in walk_fields(content_type.model):
        field = form[path.replace("[]", "")]
        assert field["label"] == info.title
        if info.description:  # the description in the form's words (no YAML keys or syntax)
            owner, _ = field_owner(content_type.model, tuple(path.replace("[]", "").split(".")))
            assert field["hint"].startswith(for_form(info.description, owner, info, "editor"))
        parent = form.get(path.rsplit(".", 1)[0]) if "." in path else None
        optional_object = parent is not None and parent["widget"] == "object" and parent.get("required") is False
        assert field.get("required", True) is (info.is_required() and not optional_object), path


def test_collections_one_folder_per_type_and_school_as_a_single_file():
    for content_type in RECORD_TYPES:
        collection = COLLECTIONS[content_type.name]
        assert (collection["folder"], collection["extension"], collection["format"]) == \
            (f"data/{content_type.name}", "yml", "yml")
        assert collection["media_folder"] == f"/data/media/{content_type.name}"
        assert collection["public_folder"] == content_type.name
    assert COLLECTIONS["school"]["files"][0]["file"] == "data/school.yml"


def test_new_file_names_follow_the_id_rules():
    # the slug template with its placeholders filled in the way Decap does (two digits each)
    example = COLLECTIONS["fees"]["slug"].replace("{{year}}", "2026").replace("{{month}}", "12").replace(
        "{{day}}", "02").replace("{{hour}}", "09").replace("{{minute}}", "05").replace("{{second}}", "07")
    assert example == "2026-1202-090507"
    assert re.fullmatch(fields.RECORD_ID_PATTERN, example)


def test_fixed_lists_are_select_widgets_with_the_models_values():
    fees, festivals, honors = fields_of("fees"), fields_of("festivals"), fields_of("honors")
    assert fees["term"]["options"] == ["第一学期", "第二学期", "全学年"]
    assert fees["items[].kind"]["options"] == ["学费", "保育教育费", "住宿费", "伙食费", "行政事业性收费", "服务性收费", "代收费", "代办服务性收费", "其他"]
    # a festival's kind is the school's own name for it (科艺节, 英语节): typed, with the usual ones in the hint
    assert festivals["kind"]["widget"] == "string" and "科艺节、英语节、心理健康月" in festivals["kind"]["hint"]
    assert honors["level"]["options"] == ["国家级", "省级", "市级", "区县级", "校级"]
    assert honors["stage"] == {**honors["stage"], "widget": "select", "options": ["公示", "表彰"], "default": "表彰"}
    assert [option["value"] for option in honors["name_display"]["options"]] == ["masked", "class_only", "full"]
    assert fields_of("regulations")["status"]["options"] == ["现行", "已废止", "被替代"]
    # the disclosure categories: the default catalogue's names, in its order (content/catalogue.py)
    assert fields_of("affairs")["category"]["options"] == [
        "基本情况", "规章制度", "发展规划与年度计划", "招生、学籍、奖励与资助", "收费", "教学与课程", "教师队伍",
        "采购与工程招标结果", "收支、资产与捐赠", "安全、膳食与住宿", "其他"]


def test_dates_are_written_as_iso_days_and_bodies_are_text():
    date = fields_of("fees")["display.start"]
    assert {key: date[key] for key in ("widget", "format", "date_format", "time_format")} == \
        {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
    assert fields_of("affairs")["body"]["widget"] == "text"
    assert fields_of("festivals")["gallery[].photo"]["widget"] == "image"
    assert fields_of("affairs")["attachments[].file"]["widget"] == "file"
    assert fields_of("fees")["items"]["min"] == 1


@pytest.mark.parametrize(("pattern", "parse", "good", "bad"), [
    (MONEY, fields._money, ["450", "8.3", "1200.50", "0.5"], ["450元", "1,200", "¥450", "8.333", "-3", "4 50"]),
    (TIME, fields._time_span, ["08:30", "08:30-10:00", "23:59", "下午", "全天"],
     ["8:30", "08:30~10:00", "25:00", "0830", "下午3点", "傍晚"]),
    (SCHOOL_YEAR, fields._school_year, ["2025-2026"], ["2025", "2025—2026", "25-26"]),
    (PHONE, fields._phone, ["0571-88001234", "12315", "0571-88001234 转 8001"], ["电话12315", "0571/8800"]),
])
def test_form_patterns_refuse_what_the_gate_refuses(pattern, parse, good, bad):
    """What the form lets through, the gate accepts; the form is allowed to be stricter
    (it asks for 08:30 where the gate also reads 8:30) but never looser."""
    regex, message = pattern
    for text in good:
        assert re.fullmatch(regex.strip("^$"), text), text
        parse(text)
    for text in bad:
        assert not re.fullmatch(regex.strip("^$"), text), text
    assert re.search(r"[\u4e00-\u9fff]", message)


def test_amount_error_is_chinese_and_names_the_fix():
    amount = fields_of("fees")["items[].amount"]
    assert amount["pattern"] == [r"^\d{1,7}(\.\d{1,2})?$", "金额只写数字，最多两位小数，不要带“元”、货币符号或逗号，"
                                 "例如 1200 或 1200.50。单位写在“计费单位”里。"]


def test_consent_sits_next_to_what_it_governs_with_its_reason():
    festival = [field["name"] for field in COLLECTIONS["festivals"]["fields"]]  # photos and pupils in results
    assert festival[festival.index("results"):festival.index("gallery") + 3] == [
        "results", "gallery", "name_display", "guardian_consent"]
    honors = [field["name"] for field in COLLECTIONS["honors"]["fields"]]
    assert honors[honors.index("groups") + 1: honors.index("groups") + 3] == ["name_display", "guardian_consent"]
    assert "只有取得监护人书面同意后才能打开这个开关" in fields_of("festivals")["guardian_consent"]["hint"]


def test_long_pupil_lists_point_to_the_spreadsheet_import():
    honors = fields_of("honors")
    for path in ("recipients", "groups[].recipients"):
        assert "整份长名单请用 Excel 或 WPS 表格填写后导入（make template、make import" in honors[path]["hint"]
        assert honors[path]["collapsed"] is True


def test_saved_files_keep_their_schema_line():
    first = COLLECTIONS["fees"]["fields"][0]
  
    assert "# " + first["comment"] == schema.modeline(next(t for t in RECORD_TYPES if t.name == "fees"))


def test_saves_become_pull_requests_and_local_mode_stays_on_this_computer():
    assert CONFIG["publish_mode"] == "editorial_workflow"
    assert CONFIG["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert CONFIG["locale"] == "zh_Hans"


def test_gitea_and_forgejo_log_in_with_pkce():
    config = build_config(EditorSettings(backend="forgejo", repo="school/site", base_url="https://git.example.cn",
                                         api_root="https://git.example.cn/api/v1", app_id="abc"))
    assert config["backend"] | {} == {**config["backend"], "name": "forgejo", "auth_type": "pkce", "app_id": "abc"}


def test_an_unknown_field_type_fails_loudly():
    class Odd(BaseModel):
        value: complex

    annotation, metadata = unwrap(typing.Optional[Odd.model_fields["value"].annotation])
    with pytest.raises(Unmapped):
        widget_for(annotation, metadata)


def test_published_bundle_is_the_pinned_program_without_source_maps(tmp_path, monkeypatch):
    from schoolpub.cms import bundle

    files = dict(bundle.bundle_files(REPO))
    assert "admin/decap-cms/decap-cms.js" in files
    assert not [name for name in files if name.endswith(".map")]
    assert all(name.startswith("admin/decap-cms/") for name in files)
    lock = yaml.safe_load((REPO / "tools/decap/package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-cms"]["version"] == "3.16.3"
    assert lock["packages"]["node_modules/decap-server"]["version"] == "3.11.3"

    monkeypatch.setattr(bundle, "CHECKOUT", tmp_path)
    with pytest.raises(bundle.BundleMissing, match="请先运行 scripts/install_editor.sh"):
        bundle.bundle_files(tmp_path)


def test_a_wrong_editor_yml_is_explained_in_chinese(tmp_path, capsys):
    from schoolpub.cli import main

    (tmp_path / "editor.yml").write_text("backend: gitlab\nrepo: school\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "schema", "--check"]) == 1
    assert capsys.readouterr().err == ("错误：editor.yml 写得不对（backend、repo）：backend 只能是 github、gitea 或 forgejo，"
                                       "repo 写成“账号/仓库名”。见 README“网页编辑器的设置”。\n")
