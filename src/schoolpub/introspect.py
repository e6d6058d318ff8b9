"""What a model's field holds: the one place that unwraps Optional[…], list[…] and the
tagged one-or-list unions, for the staff guide, the error messages and the spreadsheets."""
from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel


def nested_model(annotation: Any) -> tuple[type[BaseModel] | None, bool, bool]:
    """The nested model, whether it is a list of them, and whether one-or-a-list (basis)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False, False
    origin = typing.get_origin(annotation)
    found: list[tuple[type[BaseModel], bool, bool]] = []
    for arg in typing.get_args(annotation):
        if isinstance(arg, (str, int)):
            continue
        inner, many, either = nested_model(arg)
        if inner is not None:
            found.append((inner, many or origin is list, either))
    if not found:
        return None, False, False
    one_or_list = len({many for _, many, _ in found}) == 2 or any(either for _, _, either in found)
    return found[0][0], any(many for _, many, _ in found), one_or_list
