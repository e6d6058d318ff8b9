"""The content types, one module each: its model and its checks."""
from .affairs import AFFAIRS
from .base import ContentType, Finding, Record
from .fees import FEES
from .festivals import FESTIVALS
from .honors import HONORS
from .regulations import REGULATIONS
from .school import SCHOOL

# Record types that live one file per record in data/<name>/.
RECORD_TYPES: tuple[ContentType, ...] = (AFFAIRS, FEES, HONORS, FESTIVALS, REGULATIONS)
ALL_TYPES: tuple[ContentType, ...] = (SCHOOL,) + RECORD_TYPES

__all__ = ["ALL_TYPES", "RECORD_TYPES", "SCHOOL", "ContentType", "Finding", "Record"]
