"""The CMS collections: one per content type, and data/school.yml as a single file.

Field order, labels and hints come from the models (widgets.py); this module adds
what a form needs beyond them: where files and photos go, how a new file is named,
the privacy rules next to the fields they govern, and where a list gets too long.
"""
from __future__ import annotations

from ..content import RECORD_TYPES, SCHOOL, ContentType
from ..schema import modeline
from .widgets import model_fields

# A new record's file name (its id and URL): the form has no Chinese-free title to
# slugify, so the creation time names it; it matches fields.RECORD_ID_PATTERN.
SLUG = "{{year}}-{{month}}{{day}}-{{hour}}{{minute}}{{second}}"
IDENTIFIERS = ("title", "theme", "name")

# Shown next to guardian_consent (and name_display), which the form places right
# after the list of photos or pupils it governs.
CONSENT_NOTE = ("【隐私】照片和学生姓名会公开在网上。只有取得监护人书面同意后才能打开这个开关；"
                "没有同意时，网站检查会拒绝发布照片或学生名单。")
GOVERNED = {t.name: t.publishing.governed_lists for t in RECORD_TYPES if t.publishing.governed_lists}
PRIVACY_FIELDS = ("name_display", "guardian_consent")

# Decap's list widget slows down badly near a thousand items (FIELD-NOTES): say so where lists grow.
LONG_LIST_NOTE = ("名单很长（几百人）时不要在这里逐个添加：同一班的多个名字可以写在一项的“同班多人姓名”里，"
                  "整份长名单请用 Excel 或 WPS 表格填写后导入（make template、make import，见编辑指南“用 Excel 或 WPS 填表”）。")
LONG_LISTS = {(t.name, *path) for t in RECORD_TYPES for path in t.publishing.long_lists}


def collections() -> list[dict]:
    return [record_collection(content_type) for content_type in RECORD_TYPES] + [school_collection()]


def record_collection(content_type: ContentType) -> dict:
    name = content_type.name
    fields = _arranged(name, model_fields(content_type.model))
    identifier = next(key for key in IDENTIFIERS if any(field["name"] == key for field in fields))
    return {
        "name": name,
        "label": content_type.label,
        "label_singular": content_type.label,
        "description": f"每条一个文件：data/{name}/<编号>.yml；编号（文件名）就是网址 /{name}/<编号>/。",
        "folder": f"data/{name}",
        "extension": "yml",
        "format": "yml",
        "create": True,
        "delete": False,
        "slug": SLUG,
        "identifier_field": identifier,
        "summary": "{{" + identifier + "}}（{{filename}}）",  # the file name is the record id and URL
        "sortable_fields": [identifier],
        "media_folder": f"/data/media/{name}",
        "public_folder": name,
        "fields": _with_modeline(content_type, fields),
    }


def school_collection() -> dict:
    fields = model_fields(SCHOOL.model)
    return {
        "name": "school",
        "label": SCHOOL.label,
        "description": "整个网站只有一个文件：data/school.yml。",
        "delete": False,
        "files": [{
            "name": "school",
            "label": SCHOOL.label,
            "file": "data/school.yml",
            "media_folder": "/data/media/school",
            "public_folder": "school",
            "fields": _with_modeline(SCHOOL, fields),
        }],
    }


def _with_modeline(content_type: ContentType, fields: list[dict]) -> list[dict]:
    """The CMS rewrites the whole file and drops comments: it writes the editor-schema
    line back as a comment above the first key, so files keep naming their schema."""
    first = dict(fields[0], comment=modeline(content_type).removeprefix("# "))
    return [first] + fields[1:]


def _arranged(type_name: str, fields: list[dict]) -> list[dict]:
    """Privacy fields right after the list they govern, with the rule spelled out."""
    governed = GOVERNED.get(type_name, ())
    privacy = [_noted(field) for field in fields if governed and field["name"] in PRIVACY_FIELDS]
    rest = [_long_lists(type_name, field) for field in fields if field["name"] not in PRIVACY_FIELDS or not governed]
    if not privacy:
        return rest
    last = max(index for index, field in enumerate(rest) if field["name"] in governed)
    return rest[:last + 1] + privacy + rest[last + 1:]


def _noted(field: dict) -> dict:
    return dict(field, hint=f"{field.get('hint', '')} {CONSENT_NOTE}".strip())


def _long_lists(type_name: str, field: dict, path: tuple = ()) -> dict:
    where = (type_name, *path, field["name"])
    if where in LONG_LISTS:
        field = dict(field, hint=f"{field.get('hint', '')} {LONG_LIST_NOTE}".strip(), collapsed=True)
    if "fields" in field:
        field = dict(field, fields=[_long_lists(type_name, inner, (*path, field["name"])) for inner in field["fields"]])
    return field
