"""Record data (text values) → a record file in the project's own style.

The style of the hand-written demo files: the schema line, a comment saying
what the file is, keys in the model's order, plain scalars wherever YAML reads
them back as the same text, `|` blocks for several lines, short lists of plain
values and two-key items such as {label: 一年级, amount: 32} on one line.
Values are text (the gate hands every scalar over as text), so `450` and
`2025-09-01` need no quotes; text YAML would misread gets double quotes.
"""
from __future__ import annotations

import json
from typing import Any

import yaml
from pydantic import BaseModel

from ..content import ContentType
from ..schema import modeline
from ..introspect import nested_model

INDENT = "  "
FLOW_LIMIT = 72  # characters of a one-line list or item; longer ones are written as blocks


def record_yaml(content_type: ContentType, data: dict[str, Any], comment: str) -> str:
    lines = [modeline(content_type), f"# {comment}"]
    lines += _mapping(content_type.model, data, 0)
    return "\n".join(lines) + "\n"


def _mapping(model: type[BaseModel] | None, data: dict[str, Any], depth: int) -> list[str]:
    lines: list[str] = []
    for key in _ordered_keys(model, data):
        lines += _entry(key, data[key], _field_model(model, key), depth)
    return lines


def _ordered_keys(model: type[BaseModel] | None, data: dict[str, Any]) -> list[str]:
    order = list(model.model_fields) if model else []
    return [key for key in order if key in data] + [key for key in data if key not in order]


def _field_model(model: type[BaseModel] | None, key: str) -> type[BaseModel] | None:
    if model is None or key not in model.model_fields:
        return None
    return nested_model(model.model_fields[key].annotation)[0]


def _entry(key: str, value: Any, model: type[BaseModel] | None, depth: int) -> list[str]:
    pad = INDENT * depth
    if isinstance(value, dict):
        return [f"{pad}{key}:"] + _mapping(model, value, depth + 1)
    if isinstance(value, list):
        flow = _flow_list(value)
        if flow is not None and len(pad) + len(key) + len(flow) + 2 <= FLOW_LIMIT:
            return [f"{pad}{key}: {flow}"]
        return [f"{pad}{key}:"] + [line for item in value for line in _list_item(item, model, depth + 1)]
    if "\n" in value.rstrip("\n"):
        return [f"{pad}{key}: |"] + _block(value, depth + 1)
    return [f"{pad}{key}: {scalar(value)}"]


def _list_item(item: Any, model: type[BaseModel] | None, depth: int) -> list[str]:
    pad = INDENT * depth
    if not isinstance(item, dict):
        if "\n" in item.rstrip("\n"):
            return [f"{pad}- |"] + _block(item, depth + 1)
        return [f"{pad}- {scalar(item)}"]
    flow = _flow_mapping(item) if len(item) == 2 else None
    if flow is not None and len(pad) + len(flow) + 2 <= FLOW_LIMIT:
        return [f"{pad}- {flow}"]
    lines = _mapping(model, item, depth + 1)
    first = lines[0][len(INDENT * (depth + 1)):]
    return [f"{pad}- {first}"] + lines[1:]


def _block(text: str, depth: int) -> list[str]:
    pad = INDENT * depth
    return [f"{pad}{line}" if line else "" for line in text.rstrip("\n").split("\n")]


def _flow_list(values: list[Any]) -> str | None:
    if not all(isinstance(value, str) and _plain_in_flow(value) for value in values):
        return None
    return "[" + ", ".join(values) + "]"


def _flow_mapping(item: dict[str, Any]) -> str | None:
    if not all(isinstance(value, str) and _plain_in_flow(value) for value in item.values()):
        return None
    return "{" + ", ".join(f"{key}: {value}" for key, value in item.items()) + "}"


def scalar(text: str) -> str:
    """A one-line value: plain when YAML reads it back as exactly this text, else double-quoted."""
    return text if _plain_in_block(text) else json.dumps(text, ensure_ascii=False)


def _analysis(text: str):
    return yaml.emitter.Emitter(None, allow_unicode=True).analyze_scalar(text)


def _plain_in_block(text: str) -> bool:
    if not text or text != text.strip() or text.startswith("#"):
        return False
    return _analysis(text).allow_block_plain


def _plain_in_flow(text: str) -> bool:
    return _plain_in_block(text) and _analysis(text).allow_flow_plain
