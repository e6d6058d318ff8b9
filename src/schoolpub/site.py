"""The validated data of one school, as the loader hands it to views, exports and checks.

Its own module, below the loader, so that views and exports use the data without
importing the machinery that reads it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .content import Record
from .content import catalogue as catalogues
from .content.report_texts import ReportTexts
from .content.school import School

if TYPE_CHECKING:
    from . import yamlgate


@dataclass
class Source:
    """Where a record came from, so later checks can point at its lines."""

    file: str
    document: yamlgate.Document | None  # None once the whole site is valid (load_site), or not composed yet
    raw: bytes | None = None  # the file as read: a record the check cache knew composes it only if a message needs it

    def lines(self) -> yamlgate.Document:
        """The composed YAML, where every value and key stands."""
        if self.document is None:
            from . import yamlgate  # a record served from the check cache is composed only for a message
            self.document = yamlgate.parse(self.raw)[0]
        return self.document


@dataclass
class Site:
    """All valid data of one school."""

    data_dir: Path
    school: School | None = None
    catalogue: catalogues.Catalogue | None = None  # the disclosure categories (None when data/catalogue.yml is invalid)
    report_texts: ReportTexts | None = None  # data/annual-reports.yml: staff's paragraphs of the yearly report
    records: dict[str, dict[str, Record]] = field(default_factory=dict)  # type → id → record
    sources: dict[tuple[str, str], Source] = field(default_factory=dict)
    # every well-named record file, valid or not: a reference to a record that
    # has its own errors should not also be reported as "not found"
    ids: dict[str, set[str]] = field(default_factory=dict)

    def of(self, type_name: str) -> dict[str, Record]:
        return self.records.get(type_name, {})

    @property
    def catalogue_file(self) -> str:
        """"data/catalogue.yml" when the school has its own catalogue, else "" (the default one)."""
        source = self.sources.get(("catalogue", "catalogue"))
        return source.file if source else ""
