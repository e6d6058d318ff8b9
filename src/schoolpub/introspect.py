"""What a model's field holds: the one place that unwraps Optional[…], list[…], Annotated[…]
and the tagged one-or-list unions, for the staff guide, the error messages, the browser
editor's widgets and the spreadsheets."""
from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, BeforeValidator


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


def metadata_of(annotation: Any, metadata: Any = ()) -> list[Any]:
    """Every metadata item of a field: its own first, then those of the types inside it."""
    found = list(metadata)
    if typing.get_origin(annotation) is typing.Annotated:
        found += list(annotation.__metadata__)
    for arg in typing.get_args(annotation):
        if not isinstance(arg, (str, int)):  # Literal values hold no types
            found += metadata_of(arg)
    return found


def parsers(annotation: Any, metadata: Any = ()) -> list[Any]:
    """The parsers (BeforeValidator functions) of a field, outermost first: they say its type
    (fields.Date, fields.Money, …) the way staff write it."""
    return [item.func for item in metadata_of(annotation, metadata) if isinstance(item, BeforeValidator)]


def parser_in(metadata: Any) -> Any:
    """The parser among one level of metadata, or None."""
    return next((item.func for item in metadata if isinstance(item, BeforeValidator)), None)


def alias_parser(alias: Any) -> Any:
    """The parser of a field type alias such as fields.Date (Annotated[date, BeforeValidator(…)])."""
    return parser_in(typing.get_args(alias)[1:])
