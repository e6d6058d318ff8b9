"""Everything staff read in a form is Chinese: no YAML key, stored English value or YAML syntax.

Scanned: every generated spreadsheet template (each content type and the school) — cells,
header comments, drop-down lists, their prompts and error texts — and every label, hint,
option and message of the browser editor's generated docs/admin/config.yml. Allowed:
addresses and paths (data/media/, school/logo.png, .xlsx), names of products and keys
on the keyboard (Markdown, PDF, Excel, WPS, Alt+Enter), column letters, commands
(make import) and examples such as 2025-09-01 or 元/生·学期 — none of them is a key.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
import yaml

from schoolpub import cms
from schoolpub.content import ALL_TYPES
from schoolpub.form_text import VALUE_LABELS, for_form, stored_value
from schoolpub.introspect import nested_model
from schoolpub.messages import literal_values
from schoolpub.sheets.cells import cell_text
from schoolpub.sheets.export import template_bytes

REPO = Path(__file__).resolve().parent.parent


def _models():
    seen, queue = [], [content_type.model for content_type in ALL_TYPES]
    while queue:
        model = queue.pop(0)
        if model not in seen:
            seen.append(model)
            queue += [inner for info in model.model_fields.values() if (inner := nested_model(info.annotation)[0])]
    return seen


FIELD_KEYS = {key for model in _models() for key in model.model_fields}
ENGLISH_VALUES = {str(value) for model in _models() for info in model.model_fields.values()
                  for value in literal_values(info) if re.search("[A-Za-z]", str(value))} | {"true", "false"}
# addresses, paths and file names: ASCII with a / or a dot (data/fees/<编号>.yml, school/logo.png, .xlsx)
_ADDRESS = re.compile(r"https?://\S+|[A-Za-z0-9_.<>{}-]*(?:/[A-Za-z0-9_.<>{}\u4e00-\u9fff-]*)+|[A-Za-z0-9_-]*\.[a-z]{2,4}\b")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SYNTAX = {"a YAML flow list": re.compile(r"\[[^\]]*[,，][^\]]*\]"), "a YAML block marker": re.compile(r"\|"),
           "a YAML key": re.compile(r"(?<![A-Za-z])[a-z_]+:(?!//)")}


def english_in(text: str) -> list[str]:
    """What in a text staff read is YAML: a field key, a stored English value or YAML syntax."""
    found = [f"{name} {pattern.search(text)[0]!r}" for name, pattern in _SYNTAX.items() if pattern.search(text)]
    plain = _ADDRESS.sub(" ", text)
    found += [word for word in _WORD.findall(plain) if word in FIELD_KEYS or word in ENGLISH_VALUES]
    return found


def workbook_texts(kind_name: str):
    content_type = next(t for t in ALL_TYPES if t.name == kind_name)
    book = openpyxl.load_workbook(io.BytesIO(template_bytes(content_type, dt.date(2026, 11, 23))))
    for sheet in book.worksheets:
        yield f"sheet {sheet.title}", sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield f"{sheet.title}!{cell.coordinate}", cell.value
                if cell.comment is not None:
                    yield f"{sheet.title}!{cell.coordinate} comment", cell.comment.text
        for validation in sheet.data_validations.dataValidation:
            where = f"{sheet.title}!{validation.sqref} drop-down"
            for choice in (validation.formula1 or "").strip('"').split(","):
                yield where, choice
            for part in (validation.prompt, validation.promptTitle, validation.error, validation.errorTitle):
                if part:
                    yield where, part


STAFF_KEYS = ("label", "label_singular", "hint", "description")


def editor_texts(node, where: str = "config"):
    """Every text of docs/admin/config.yml the editor shows: labels, hints, descriptions, options, messages."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from editor_texts(item, f"{where}[{index}]")
        return
    if not isinstance(node, dict):
        return
    here = f"{where}.{node['name']}" if "name" in node else where
    for key in STAFF_KEYS:
        if isinstance(node.get(key), str):
            yield f"{here} {key}", node[key]
    if node.get("widget") == "select":
        for option in node.get("options", []):
            yield f"{here} option", option["label"] if isinstance(option, dict) else str(option)
    if isinstance(node.get("pattern"), list):
        yield f"{here} pattern message", node["pattern"][1]
    for key in ("collections", "files", "fields", "field"):
        if key in node:
            yield from editor_texts(node[key], here)


@pytest.mark.parametrize("kind", [t.name for t in ALL_TYPES])
def test_every_template_speaks_chinese_only(kind):
    english = [(where, english_in(text), text) for where, text in workbook_texts(kind) if english_in(text)]
    assert english == []


def test_the_editor_config_speaks_chinese_only():
    config = yaml.safe_load((REPO / cms.CONFIG_PATH).read_text(encoding="utf-8"))
    texts = list(editor_texts(config["collections"]))
    assert len(texts) > 300  # the walk reaches every field's label and hint
    english = [(where, english_in(text), text) for where, text in texts if english_in(text)]
    assert english == []


def test_the_scan_finds_what_it_is_for():
    assert english_in("公示＝拟表彰名单公示，须写 display 和 objection_phones") == ["display", "objection_phones"]
    assert english_in("只能选：masked、class_only、full") == ["masked", "class_only", "full"]
    assert english_in("例如 [一年级, 二年级]") == ["a YAML flow list '[一年级, 二年级]'"]
    assert english_in("用 | 开头写多行") == ["a YAML block marker '|'"]
    assert english_in("写 recipient_kind: 学生") == ["a YAML key 'recipient_kind:'", "recipient_kind"]
    assert english_in("data/media/ 下的图片路径，例如 school/logo.png；见 https://beian.miit.gov.cn/ 和 2025-09-01、"
                      "元/生·学期、Alt+Enter、Markdown、B 列、make import") == []


@pytest.mark.parametrize("description, form", [
    ("须写 display 和 objection_phones", "须写“公示期”和“异议受理电话”"),
    ("每个一项：document（文号）、title（文件名称）", "每个一项：“文号”、“文件名称”"),
    ("使用 groups 时不写最上面的 recipient_kind、award 和 recipients",
     "使用“奖项分组”时不写最上面的“获奖对象”、“奖项”和“获奖名单”"),
    ("例如 [三年级, 四年级]", "例如 三年级、四年级"),
    ("不填则按 school.yml 的设置；masked＝打码，class_only＝只显示班级，full＝全名（须有监护人同意）", "不填则按学校概况的设置"),
    ("不写则用 school.yml 中 fees: stage", "不写则用学校概况里的“收费公示默认信息·学段”"),
    ("取得同意后请写 guardian_consent: true；没有同意时请写 name_display: class_only",
     "取得同意后请写“监护人同意：是”；没有同意时请写“学生姓名显示方式：只显示班级（不显示姓名）”"),
    ("原公示写明家长自愿选择的写 true", "原公示写明家长自愿选择的选“是”"),
    ("缺少必填项 `title`（标题）。", "缺少必填项“标题”。"),
    ("例如 王小琪 张悦 李明轩；和 name 二选一", "例如 王小琪 张悦 李明轩；和“姓名或名称”二选一"),
])
def test_a_description_in_the_forms_words(description, form):
    honours = next(t for t in ALL_TYPES if t.name == "honors").model
    assert for_form(description, honours) == form


def test_a_drop_down_label_is_stored_as_its_value_and_exported_as_its_label():
    for value, label in VALUE_LABELS.items():
        assert cell_text(label, "choice") == value == stored_value(value)
    assert cell_text("公示", "choice") == "公示"  # a Chinese choice is its own label
