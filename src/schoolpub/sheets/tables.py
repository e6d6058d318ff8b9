"""What reading a spreadsheet gives: tables of rows whose cells keep their sheet, row and
column, and what could not be read, each with its place."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .cells import is_empty
from .places import Where


class FileRefused(Exception):
    """The file cannot be read at all. Either one message for the whole file (it names
    the file itself), or the places that stopped the reading (a cell past the limits)."""

    def __init__(self, message: str = "", refusals: "list[Refusal] | None" = None):
        super().__init__(message)
        self.refusals = refusals or []


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it (1-based); for CSV the line in the file
    cells: tuple[Any, ...]

    def value(self, index: int) -> Any:
        return self.cells[index] if index < len(self.cells) else None

    @property
    def empty(self) -> bool:
        return all(is_empty(value) for value in self.cells)


@dataclass
class Table:
    name: str | None  # the sheet's title; None for a CSV file without section lines
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class Refusal:
    """A cell, row or sheet that cannot be read; reported with the others, all at once."""

    where: Where
    message: str
