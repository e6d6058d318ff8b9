"""The content types, one module each: its model and its checks."""
from .affairs import AFFAIRS
from .base import ContentType, Finding, Happening, Record
from .fees import FEES
from .festivals import FESTIVALS
from .honors import HONORS
from .regulations import REGULATIONS
from .school import SCHOOL

# Record types that live one file per record in data/<name>/.
RECORD_TYPES: tuple[ContentType, ...] = (AFFAIRS, FEES, HONORS, FESTIVALS, REGULATIONS)
ALL_TYPES: tuple[ContentType, ...] = (SCHOOL,) + RECORD_TYPES
_BY_NAME = {content_type.name: content_type for content_type in ALL_TYPES}


def by_name(name: str) -> ContentType:
    """The content type whose folder and URL segment is `name` (KeyError for any other)."""
    return _BY_NAME[name]

__all__ = ["ALL_TYPES", "RECORD_TYPES", "SCHOOL", "ContentType", "Finding", "Happening", "Record", "by_name"]
