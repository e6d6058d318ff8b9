"""How pupils' names are shown on the public site (default: masked, see masking.py)."""
from __future__ import annotations

from ..masking import masked


def shown_name(name: str, unit: str | None, policy: str) -> str:
    """A pupil's name under a display policy: masked, class_only or full."""
    if policy == "full":
        return name
    if policy == "class_only":
        return f"{unit}同学" if unit else "一名同学"
    return masked(name)
