"""The check's half of link safety: every unsafe link or image in a staff-written Markdown
body is a problem at its own line, before anything is built.

The page defuses such a link too (bodies.py), but silently: a staff member would see a
link that does nothing. The check runs the page's own converter (`bodies.unsafe_targets`),
so it refuses exactly the targets the page would not publish, and then finds each one in
the text to point at the line where it was written. URL fields (fields.Url) judge their
value with `urls.is_safe` as they are parsed.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Iterator

from pydantic import BaseModel

from . import bodies, fields, introspect, urls
from .content import Finding
from .content.regulation_text import parse_text
from .content.regulations import Version

_MARKDOWN = introspect.alias_parser(fields.Paragraphs)


def check(record: BaseModel) -> Iterator[Finding]:
    for path, text, pieces in _markdown_texts(record, ()):
        yield from _findings(path, text, pieces)


def _markdown_texts(model: BaseModel, path: tuple) -> Iterator[tuple[tuple, str, list[str]]]:
    """(path, text, the pieces the page renders it in) of every Markdown field, nested ones too."""
    markdown_fields = _markdown_fields(type(model))
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, str) and name in markdown_fields:
            yield path + (name,), value, _rendered_pieces(model, value)
        for inner_path, inner in _models_in(value, path + (name,)):
            yield from _markdown_texts(inner, inner_path)


@functools.cache
def _markdown_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, info in model.model_fields.items()
                     if _MARKDOWN in introspect.parsers(info.annotation, info.metadata))


def _models_in(value: Any, path: tuple) -> Iterator[tuple[tuple, BaseModel]]:
    if isinstance(value, BaseModel):
        yield path, value
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _models_in(item, path + (index,))


def _rendered_pieces(model: BaseModel, text: str) -> list[str]:
    """A regulation with chapters is rendered article run by article run (views), and a run
    on its own can read differently (a `code span` that went on into the next article ends,
    and what followed it becomes a link): each run is judged as well as the whole."""
    if not isinstance(model, Version):
        return [text]
    structure = parse_text(text)
    if not structure.chapters:
        return [text]
    return [text, structure.preamble_source] + [source for chapter in structure.chapters for _, source in chapter.runs()]


def _findings(path: tuple, text: str, pieces: list[str]) -> Iterator[Finding]:
    searched_from: dict[str, int] = {}  # the same target twice: the second is found after the first
    seen: set[tuple[str, int | None]] = set()
    for piece in pieces:
        for tag, target in bodies.unsafe_targets(piece):
            index = _spot(text, target, searched_from.get(target, 0))
            if index is not None:
                searched_from[target] = index + 1
            if (target, index) in seen:  # a run repeats what the whole text already reported
                continue
            seen.add((target, index))
            yield Finding(path, urls.unsafe_message(target, image=tag == "img"), within=_line_column(text, index))


def _spot(text: str, target: str, start: int) -> int | None:
    """Where the target was written: as Markdown read it, or with backslash escapes in it."""
    written = re.compile(r"\\?".join(map(re.escape, target)))
    match = written.search(text, start) or written.search(text)
    return match.start() if match else None


def _line_column(text: str, index: int | None) -> tuple[int, int] | None:
    if index is None:
        return None  # not found as written: the problem points at the start of the value
    return text.count("\n", 0, index), index - (text.rfind("\n", 0, index) + 1)
