"""Published copies of PDF attachments: checked first, and never the originals.

A file named .pdf may be anything (a web page with a script, a renamed Word file), and a
real PDF carries its author's name, an XMP packet and possibly JavaScript. So:

- `inspect_pdf` is the check-time gate: a PDF that opens without a password, within the
  size and page caps, with no files inside, no layer hidden by default, and no ID or mobile
  number anywhere in it: page text, notes, form fields, bookmarks, document properties,
  links (pdf_places.py). The original is public with the repository, so what the website's
  copy leaves out must be clean too.
- `publish_pdfs` is the build-time pipeline: a cleaned copy (no document info, no XMP, no
  scripts, no notes or form fields, visible ones drawn on the page, only safe links (pdf_clean.py),
  a fixed /ID, reproducible bytes) cached under the original's sha256 and a fingerprint of the
  settings, as media.py caches photos.

pypdf: pure Python, and unlike qpdf (pikepdf) it extracts text, which the privacy check
needs. Without the optional `cryptography` package it cannot read AES-encrypted PDFs:
those get a message asking for an unprotected copy.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache as memoized
from pathlib import Path

from . import cache
from .cache import Entries, write_atomically
from .check_cache import _distributions

MAX_BYTES = 20 * 1024 * 1024  # parents open these on phones; a scan of a whole binder is not an attachment
MAX_PAGES = 300  # text extraction costs ~10 ms a page at check time
PIPELINE_VERSION = 2  # bump whenever the code changes what is published: it invalidates every cached copy
SOURCE_DIR = "data/media"  # how messages name an original, the way staff see it in the repository
SIGNATURE = b"%PDF-"
# Removed from every object: XMP packets (the catalog's, and images' from Photoshop), other programs'
# private data, automatic actions (on open, close, print…), the document's JavaScript name tree.
STRIPPED_KEYS = ("/Metadata", "/PieceInfo", "/AA", "/JavaScript")


class AttachmentError(Exception):
    """A PDF that cannot be published; the message is for staff (Chinese, names the file, says what to do)."""


def fingerprint() -> str:
    """Everything that changes the published bytes: part of every cache name."""
    # pypdf's version too: a fix in how it writes must not be hidden by the cache.
    return cache.fingerprint(f"{PIPELINE_VERSION}/pypdf {_pypdf_version()}")


@memoized
def _pypdf_version() -> str:
    """From its dist-info folder's name: importing pypdf (~0.12 s) or importlib.metadata (~0.06 s) for
    one string would cost every build more than the folder listing."""
    for name in _distributions():
        if name.startswith("pypdf-") and name.endswith(".dist-info"):
            return name[len("pypdf-"):-len(".dist-info")]
    import pypdf

    return pypdf.__version__


# -- the check-time gate and the cleaning (pdf_document.py: it imports pypdf, ~0.12 s, only when some PDF is new)

def inspect_pdf(path: Path, shown_as: str, public_phones: Iterable[str] = ()) -> str | None:
    """The problem staff must fix before this PDF can be published, or None."""
    from .pdf_document import inspect_pdf as inspect

    return inspect(path, shown_as, public_phones)


def clean_pdf(data: bytes, shown_as: str) -> bytes:
    """The copy the website publishes (pdf_document.clean_pdf)."""
    from .pdf_document import clean_pdf as clean

    return clean(data, shown_as)


def _read(path: Path, shown_as: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # before reading: a huge file must not be loaded to be refused
            raise AttachmentError(f"{shown_as} 有 {size / 1024 / 1024:.1f} MB，超过了网站附件的上限 "
                                  f"{MAX_BYTES // 1024 // 1024} MB（家长用手机很难打开）。请压缩这个 PDF"
                                  "（WPS 或 Acrobat 里的“压缩 PDF”），或拆成几个文件再放进来。")
        return path.read_bytes()
    except FileNotFoundError:
        raise AttachmentError(f"{shown_as} 不存在。请先把 PDF 放到这个位置，或检查路径拼写。") from None


# -- the cached pipeline ------------------------------------------------------------------

def publish_pdfs(originals: Mapping[str, Path], cache_dir: Path) -> dict[str, Path]:
    """Every original (reference → file) as a cleaned copy in the cache; only new or changed PDFs
    are cleaned. Raises AttachmentError for a PDF that cannot be published."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    current = fingerprint()
    published = {}
    for reference, source in sorted(originals.items()):
        shown_as = f"{SOURCE_DIR}/{reference}"
        data = _read(source, shown_as)  # hashed and cleaned from the same bytes
        entry = cache_dir / _CACHE_ENTRIES.name(cache.key(data), current)
        if not entry.is_file():
            write_atomically(entry, clean_pdf(data, shown_as))
        published[reference] = entry
    _CACHE_ENTRIES.prune(cache_dir, current)
    return published


# Photo entries (media.py) end in .jpg/.webp and have a size in their name: never matched here.
_CACHE_ENTRIES = Entries("{key}-{fingerprint}.pdf")
