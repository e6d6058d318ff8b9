"""JSON Schemas for editors, generated from the models.

VS Code's YAML extension reads the `# yaml-language-server: $schema=…` line at
the top of each data file and then offers completion and Chinese hover help.
The files are checked in; a test fails when they no longer match the models.
The browser editor's configuration (docs/admin/config.yml, schoolpub.cms) is
generated from the same models at the same time, so it cannot drift either.
"""
from __future__ import annotations

import json
from pathlib import Path

from .content import AFFAIRS, ALL_TYPES, SCHOOL, ContentType
from .content.catalogue import CATALOGUE, DEFAULT_NAMES, names_in
from .content.report_texts import REPORT_TEXTS

SCHEMA_DIR = "schemas"
# Optional files at the top of data/ (data/<name>.yml): the disclosure catalogue, the report's paragraphs.
SITE_FILES = (CATALOGUE, REPORT_TEXTS)


def schema_of(content_type: ContentType, categories: tuple[str, ...] = DEFAULT_NAMES) -> dict:
    schema = content_type.model.model_json_schema(mode="validation")
    if content_type is AFFAIRS:  # the school's own catalogue (data/catalogue.yml), when it has one
        schema["properties"]["category"]["enum"] = list(categories)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    where = f"data/{content_type.name}.yml" if _single_file(content_type) else f"data/{content_type.name}/<编号>.yml"
    schema["title"] = f"{content_type.label}（{where}）"
    return schema


def rendered(content_type: ContentType, categories: tuple[str, ...] = DEFAULT_NAMES) -> str:
    return json.dumps(schema_of(content_type, categories), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def file_name(content_type: ContentType) -> str:
    return f"{content_type.name}.schema.json"


def modeline(content_type: ContentType) -> str:
    """The first line of a data file; the path is relative to that file."""
    up = "../" if _single_file(content_type) else "../../"
    return f"# yaml-language-server: $schema={up}{SCHEMA_DIR}/{file_name(content_type)}"


def write_schemas(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for content_type in ALL_TYPES + SITE_FILES:
        path = folder / file_name(content_type)
        path.write_text(rendered(content_type, names_in(root)), encoding="utf-8")
        written.append(path)
    return written + _cms().write_config(root)


def stale_schemas(root: Path) -> list[str]:
    stale = []
    for content_type in ALL_TYPES + SITE_FILES:
        path = root / SCHEMA_DIR / file_name(content_type)
        if not path.is_file() or path.read_text(encoding="utf-8") != rendered(content_type, names_in(root)):
            stale.append(path.relative_to(root).as_posix())
    return stale + _cms().stale_config(root)


def _single_file(content_type: ContentType) -> bool:
    return content_type is SCHOOL or content_type in SITE_FILES


def _cms():
    # imported here: schoolpub.cms uses modeline() from this module
    from . import cms
    return cms
