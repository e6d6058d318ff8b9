"""A school's open data files as its build would publish them, without building the site:
the same export functions (schoolpub.exports) on the loaded data. For tests, the benchmark and
portal previews."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..exports import FEES_V2_JSON, data_path, fees_json_v2, school_json
from ..loader import load_site
from ..views import Context


def open_data_files(data_dir: Path, site_url: str, today: dt.date) -> dict[str, bytes]:
    """site path → bytes, for the files the portal reads (data/v1/school.json, data/v2/fees.json)."""
    site, problems = load_site(data_dir)
    if problems:
        raise ValueError(f"{data_dir} has problems: {problems.report(False)}")
    context = Context(site=site, today=today, site_url=site_url)
    return {data_path("school"): school_json(context).encode("utf-8"),
            FEES_V2_JSON: fees_json_v2(context).encode("utf-8")}
