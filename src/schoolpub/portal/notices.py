"""A school's published fee notice (open data v2, exports/opendata.py) back into the model its
`make check` validated (content/fees.py), so the portal checks it with the same rule code.

v2 publishes each item's bases with `bases_from_notice` (true: the item had none of its own), and
fills a notice's phones and reductions from the school's defaults: that is what parents see, so
the portal checks what was published. Anything a school serves is untrusted: a row the model
refuses is reported with the reason, never rendered from its raw values.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from pydantic import ValidationError

from ..content.fees import FeeNotice

_BASIS_KEYS = ("issuer", "document", "title", "filed")
_ITEM_KEYS = ("name", "kind", "amount", "prices", "max_amount", "settled", "unit", "months", "voluntary", "payers",
              "grades", "exemption", "refund", "note")
_NOTICE_KEYS = ("title", "school_year", "term", "payers", "grades", "reductions", "refund", "services",
                "collection_start", "display", "issuer", "issued", "number", "stage", "remarks")


@dataclass(frozen=True)
class PublishedNotice:
    id: str
    url: Optional[str]  # the notice's page on the school's site, as the school published it (unchecked)
    notice: Optional[FeeNotice]
    problem: Optional[str]  # why the row could not be read; None when `notice` is set


def _present(mapping: dict, keys: tuple) -> dict:
    return {key: mapping[key] for key in keys if mapping.get(key) is not None}


def _bases(rows: Any) -> Optional[list]:
    bases = [{**_present(row, _BASIS_KEYS[:3]), "filed": bool(row.get("filed"))} for row in rows or ()]
    return bases or None


def _item(row: dict) -> dict:
    item = _present(row, _ITEM_KEYS)
    if item.get("prices"):
        item["prices"] = [_present(price, ("label", "amount", "shown")) for price in item["prices"]]
    if not row.get("bases_from_notice"):
        bases = _bases(row.get("bases"))
        if bases:
            item["basis"] = bases
    return item


def model_fields(row: dict) -> dict:
    fields = _present(row, _NOTICE_KEYS)
    fields["items"] = [_item(item) for item in row.get("items") or ()]
    bases = _bases(row.get("bases"))
    if bases:
        fields["basis"] = bases
    if row.get("complaint_phones"):
        fields["complaint_phones"] = row["complaint_phones"]
    if row.get("published_totals"):
        fields["totals"] = [_present(total, ("grade", "payers", "amount")) for total in row["published_totals"]]
    return fields


def read_notice(row: Any) -> PublishedNotice:
    if not isinstance(row, dict):
        return PublishedNotice("?", None, None, "这一条不是一份公示的数据")
    record_id = str(row.get("id") or "?")
    url = row.get("url") if isinstance(row.get("url"), str) else None
    try:
        return PublishedNotice(record_id, url, FeeNotice.model_validate(model_fields(row)), None)
    except (ValidationError, TypeError, AttributeError, ValueError) as error:
        count = error.error_count() if isinstance(error, ValidationError) else 1
        return PublishedNotice(record_id, url, None, f"数据不符合收费公示的格式（{count} 处）")


def read_notices(data: Any) -> list[PublishedNotice]:
    records = data.get("records") if isinstance(data, dict) else None
    return [read_notice(row) for row in records] if isinstance(records, list) else []
