"""What a page is rendered in besides the data: the day, the address, the published files.

Below views and exports (both take it), so neither imports the other for it.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .site import Site


TODAY_VARIABLE = "SCHOOLPUB_TODAY"  # e.g. 2026-11-23: build "as of" another day (tests, previews)


def build_day() -> dt.date:
    """Here, not in build.py: `make check` needs the day without importing what a build renders with."""
    value = os.environ.get(TODAY_VARIABLE)
    return dt.date.fromisoformat(value) if value else dt.date.today()


@dataclass(frozen=True)
class Context:
    """Everything a view may use besides the data: all of it explicit, so views stay pure."""

    site: Site
    today: dt.date
    site_url: str  # absolute, ends with "/"
    updated: Mapping[str, dt.date] = field(default_factory=dict)  # "data/fees/x.yml" → last change (git)
    photos: Mapping[tuple[str, str], Any] = field(default_factory=dict)  # (original, size) → PublishedPhoto
    attachments: Mapping[str, Path] = field(default_factory=dict)  # "affairs/x.pdf" → its cleaned, published copy
    cache_dir: Path | None = None  # where made-once pieces (QR codes) are kept between builds; None: made afresh
    # (type, id) → history.RecordHistory: first publication and revisions from git; empty outside git
    histories: Mapping[tuple[str, str], Any] = field(default_factory=dict)

    @property
    def school(self):
        return self.site.school
