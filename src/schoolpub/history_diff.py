"""What changed in a record's *data* between two versions, in Chinese, field by field.

Both versions are compared as validated data (the model's JSON dump), so whitespace,
comments, key order and the way a value was typed (是/true, 450/450.0) are no change.
Each changed field gives one line named by the field's title in the model (the staff
guide's words): "公示期结束日期：2027-03-10 → 2027-03-17", "新增收费项目：课后服务费",
"住宿费：450 元 → 480 元", "正文修改" (long text is never quoted: the page shows it).
Items of a list are matched by their name (收费项目 by name, 档次 by label, …), so a
reordered list is no change and an edited item is named.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .introspect import nested_model

SHORT = 40  # characters: a longer value (or one with line breaks) is reported as "…修改", not quoted
_ITEM_KEYS = ("name", "label", "title", "grade", "document", "file", "category")
# Fields whose change is not a revision of its own: the reason given for a correction is shown with it.
NOT_REVISIONS = frozenset({"correction_note"})
# A change to these parts of a fee notice changes what parents pay: after the display period started it is a 更正.
FEE_TERMS = ("items", "payers", "basis", "grades", "totals")
_ITEM_NOTES = ("note",)  # an item's own remark: not a term


def describe(model: type[BaseModel], old: dict, new: dict) -> list[str]:
    """The changes from `old` to `new` (model_dump(mode="json") of `model`), in field order."""
    return _fields(model, old, new, prefix="", item_name=None)


def _fields(model: type[BaseModel], old: dict, new: dict, prefix: str, item_name: str | None) -> list[str]:
    lines: list[str] = []
    for name, info in model.model_fields.items():
        if name in NOT_REVISIONS or old.get(name) == new.get(name):
            continue
        title = f"{prefix}{info.title or name}"
        inner, many, either = nested_model(info.annotation)
        before, after = old.get(name), new.get(name)
        if item_name and name in ("amount", "max_amount"):
            lines.append(_amount(item_name, name, before, after))
        elif inner is not None and (many or either):
            lines += _items(inner, title, _as_list(before), _as_list(after), item_name or prefix)
        elif inner is not None and isinstance(before, dict) and isinstance(after, dict):
            lines += _fields(inner, before, after, prefix=title, item_name=None)
        else:
            lines.append(_scalar(title, before, after))
    return lines


def _amount(item_name: str, name: str, before: Any, after: Any) -> str:
    """住宿费：450 元 → 480 元; an amount written or dropped says so (a price became 按实收取…)."""
    what = "金额" if name == "amount" else "最高金额"
    if before is None:
        return f"{item_name}：新增{what} {after} 元"
    if after is None:
        return f"{item_name}：删除{what}（原 {before} 元）"
    return f"{item_name}{'' if name == 'amount' else '最高金额'}：{before} 元 → {after} 元"


def _scalar(title: str, before: Any, after: Any) -> str:
    if before is None or before == [] or before == "":
        return f"新增{title}：{text(after)}" if _short(after) else f"新增{title}"
    if after is None or after == [] or after == "":
        return f"删除{title}"
    if _short(before) and _short(after):
        return f"{title}：{text(before)} → {text(after)}"
    return f"{title}修改"


def _items(model: type[BaseModel], title: str, before: list, after: list, owner: str | None) -> list[str]:
    """Lists of sub-records: matched by their name; added, removed and changed ones each named."""
    if not all(isinstance(item, dict) for item in before + after):
        return [_scalar(title, before or None, after or None)]
    old, new = _keyed(before), _keyed(after)
    if None in old or None in new:  # items without a name: compare the list as a whole
        return [_scalar(title, _summary(before) or None, _summary(after) or None)]
    lines = [f"新增{title}：{key}" for key in new if key not in old]
    lines += [f"删除{title}：{key}" for key in old if key not in new]
    for key in new:
        if key in old and old[key] != new[key]:
            name = f"{owner}（{key}）" if owner and model.__name__ == "Price" else key
            lines += _fields(model, old[key], new[key], prefix=f"{key}的", item_name=name)
    return lines


def _keyed(items: list[dict]) -> dict[Any, dict]:
    """name → item; {None: …} when some item has no name or two share one."""
    keys = [next((str(item[field]) for field in _ITEM_KEYS if item.get(field)), None) for item in items]
    if None in keys or len(set(keys)) != len(keys):
        return {None: {}}
    return dict(zip(keys, items))


def _summary(items: list[dict]) -> str:
    return "；".join("，".join(text(value) for value in item.values() if value not in (None, [], "")) for item in items)


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _short(value: Any) -> bool:
    """A value to quote: one line (a `|` block, even of one line, is running text) and not long."""
    return len(text(value)) <= SHORT and not (isinstance(value, str) and "\n" in value.strip(" "))


def text(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(text(item) for item in value)
    if isinstance(value, dict):
        return "，".join(text(item) for item in value.values() if item not in (None, [], ""))
    return str(value).strip()


def fee_terms(data: dict) -> dict:
    """The parts of a fee notice that say who pays what on which basis (items without their remarks)."""
    terms = {name: data.get(name) for name in FEE_TERMS}
    terms["items"] = [{key: value for key, value in item.items() if key not in _ITEM_NOTES}
                      for item in data.get("items") or []]
    return terms
