"""The footer every page carries (overrides/partials/schoolpub-footer.html renders it): the
school's name and address, and the filings a site served from mainland China must show,
each linked to the public register where a parent can check it (filings.py)."""
from __future__ import annotations

from .. import filings, urls


def footer(school) -> dict:
    """Plain strings for the theme's template, which escapes them; links are ours, from validated numbers."""
    filed = school.filings
    icp = filed.icp if filed else None
    public_security = filed.public_security if filed else None
    return {
        "school": school.name,
        "address": school.address,
        "host": filed.host if filed else None,
        "icp": {"number": icp, "url": urls.written(filings.icp_link(icp))} if icp else None,
        "public_security": {"number": public_security,
                            "url": urls.written(filings.public_security_link(public_security))}
        if public_security else None,
        "site_code": filed.site_code if filed else None,
    }
