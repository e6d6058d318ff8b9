"""The interactive layer of a published PDF: what a reader sees stays, nothing hidden does.

- A form field's filled-in value, a typed text box, a stamp (an official seal is often one),
  ink, shapes and highlights are drawn on the page as they look (flattened): a parent reads
  the same page, but a field's hidden value, its tooltip, a note's author and text are gone.
  Removing filled-in fields instead would publish an empty form, and leaving them would let
  any viewer show values and tooltips that the page does not.
- A sticky note (its icon says nothing without its hidden text), a pop-up, a reply, a file,
  sound or media annotation is dropped, and so is anything hidden (Hidden or NoView flag) or
  without an appearance to draw.
- A link stays, rebuilt with nothing but its area, border and target, when it jumps within
  the document or opens an http(s) address that urls.is_safe accepts (a parent can see where
  a link goes; a javascript:, file: or tel: one has no place in a notice).
- The form itself (/AcroForm, XFA data included), the catalog's automatic and on-open actions,
  article threads, page thumbnails (a picture of the page as it once was), other programs'
  data, and every name tree but the document's own destinations are removed.
"""
from __future__ import annotations

import pypdf
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from . import urls

# PDF 32000-1 12.5.6: annotations whose value is hidden text, a file or media, never a drawing of the page.
DROPPED_SUBTYPES = frozenset({"/Text", "/Popup", "/FileAttachment", "/Sound", "/Movie", "/Screen", "/RichMedia",
                              "/3D", "/Redact", "/Projection", "/PrinterMark", "/TrapNet"})
HIDDEN_FLAGS = 2 | 32  # Hidden, NoView (12.5.3)
CATALOG_KEYS_DROPPED = ("/AcroForm", "/OpenAction", "/AA", "/Threads", "/Collection", "/Perms", "/Legal",
                        "/SpiderInfo", "/URI")
PAGE_KEYS_DROPPED = ("/Thumb", "/B", "/SeparationInfo", "/PZ", "/ID")
LINK_KEYS_KEPT = ("/Rect", "/Border", "/BS", "/C", "/H", "/QuadPoints")


def clean_interactive(writer: pypdf.PdfWriter) -> None:
    for page in writer.pages:
        _flatten_annotations(writer, page)
        for key in PAGE_KEYS_DROPPED:
            page.pop(key, None)
    root = writer.root_object
    for key in CATALOG_KEYS_DROPPED:
        root.pop(key, None)
    names = _resolved(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        for key in [key for key in names if key != "/Dests"]:  # /EmbeddedFiles, /JavaScript, /AP, /Templates…
            del names[key]


def allowed_action(action: object) -> bool:
    """A jump within the document, or a safe web address. A chained action (/Next) may hide
    anything behind a harmless first step: never."""
    action = _resolved(action)
    if not isinstance(action, DictionaryObject) or "/Next" in action:
        return False
    if action.get("/S") == "/GoTo":
        return True
    return action.get("/S") == "/URI" and is_safe_web_address(action.get("/URI"))


def is_safe_web_address(uri: object) -> bool:
    return urls.is_web_address(uri.decode("latin-1") if isinstance(uri, bytes) else str(uri or ""))


def _resolved(node: object) -> object:
    return node.get_object() if isinstance(node, IndirectObject) else node


# -- annotations ------------------------------------------------------------------------------

def _flatten_annotations(writer: pypdf.PdfWriter, page: pypdf.PageObject) -> None:
    annotations = _resolved(page.get("/Annots"))
    if not isinstance(annotations, ArrayObject):
        page.pop("/Annots", None)
        return
    links, drawing = ArrayObject(), []
    for annotation in (_resolved(item) for item in annotations):
        if not isinstance(annotation, DictionaryObject):
            continue
        if annotation.get("/Subtype") == "/Link":
            link = _safe_link(annotation)
            if link is not None:
                links.append(writer._add_object(link))
        elif annotation.get("/Subtype") not in DROPPED_SUBTYPES and _visible(annotation):
            drawing += _drawn(writer, page, annotation)
    # What a structure tree or a reply still points at is emptied: nothing of it reaches the file.
    for annotation in (_resolved(item) for item in annotations):
        if isinstance(annotation, DictionaryObject):
            annotation.clear()
    if links:
        page[NameObject("/Annots")] = links
    else:
        del page["/Annots"]
    if drawing:
        _append_content(writer, page, "\n".join(drawing).encode())


def _safe_link(annotation: DictionaryObject) -> DictionaryObject | None:
    if "/Rect" not in annotation:
        return None
    link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link")})
    link.update({NameObject(key): annotation[key] for key in LINK_KEYS_KEPT if key in annotation})
    action = _resolved(annotation.get("/A"))
    if action is not None:
        if not allowed_action(action):
            return None
        target = ("/URI", action["/URI"]) if action.get("/S") == "/URI" else ("/D", action.get("/D"))
        link[NameObject("/A")] = DictionaryObject({NameObject("/S"): action["/S"], NameObject(target[0]): target[1]})
    elif "/Dest" in annotation:
        link[NameObject("/Dest")] = annotation["/Dest"]
    else:
        return None
    return link


def _visible(annotation: DictionaryObject) -> bool:
    return not int(annotation.get("/F", 0)) & HIDDEN_FLAGS


def _drawn(writer: pypdf.PdfWriter, page: pypdf.PageObject, annotation: DictionaryObject) -> list[str]:
    """The operators that paint an annotation's normal appearance where the viewer would (12.5.5)."""
    reference = _normal_appearance(annotation)
    appearance = _resolved(reference)
    if not isinstance(appearance, StreamObject) or "/Rect" not in annotation:
        return []
    placement = _placement(appearance, annotation["/Rect"])
    if placement is None:
        return []
    appearance[NameObject("/Type")] = NameObject("/XObject")
    appearance[NameObject("/Subtype")] = NameObject("/Form")
    name = _add_xobject(page, reference if isinstance(reference, IndirectObject) else writer._add_object(appearance))
    numbers = " ".join(f"{value:.6f}".rstrip("0").rstrip(".") for value in placement)
    return [f"q {numbers} cm {name} Do Q"]


def _normal_appearance(annotation: DictionaryObject) -> object:
    appearances = _resolved(annotation.get("/AP"))
    if not isinstance(appearances, DictionaryObject):
        return None
    normal = appearances.get("/N")
    states = _resolved(normal)
    if isinstance(states, DictionaryObject) and not isinstance(states, StreamObject):  # a check box: one per state
        state = annotation.get("/AS")
        return states.get(state) if state is not None else None
    return normal


def _placement(appearance: StreamObject, rect: object) -> list[float] | None:
    """The matrix that maps the appearance's box, as its own /Matrix transforms it, onto /Rect."""
    try:
        box = [float(value) for value in _resolved(appearance["/BBox"])]
        a, b, c, d, e, f = [float(value) for value in _resolved(appearance.get("/Matrix", [1, 0, 0, 1, 0, 0]))]
        left, bottom, right, top = [float(value) for value in _resolved(rect)]
    except (KeyError, TypeError, ValueError):
        return None
    corners = [(x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
    xs, ys = [a * x + c * y + e for x, y in corners], [b * x + d * y + f for x, y in corners]
    left, right, bottom, top = min(left, right), max(left, right), min(bottom, top), max(bottom, top)
    if max(xs) - min(xs) <= 0 or max(ys) - min(ys) <= 0:
        return None
    scale_x, scale_y = (right - left) / (max(xs) - min(xs)), (top - bottom) / (max(ys) - min(ys))
    return [scale_x, 0, 0, scale_y, left - scale_x * min(xs), bottom - scale_y * min(ys)]


def _add_xobject(page: pypdf.PageObject, reference: IndirectObject) -> str:
    resources = _resolved(page.get("/Resources"))
    if not isinstance(resources, DictionaryObject):
        resources = page[NameObject("/Resources")] = DictionaryObject()
    xobjects = _resolved(resources.get("/XObject"))
    if not isinstance(xobjects, DictionaryObject):
        xobjects = resources[NameObject("/XObject")] = DictionaryObject()
    number = len(xobjects)
    while f"/Flattened{number}" in xobjects:
        number += 1
    xobjects[NameObject(f"/Flattened{number}")] = reference
    return f"/Flattened{number}"


def _append_content(writer: pypdf.PdfWriter, page: pypdf.PageObject, operators: bytes) -> None:
    """The page's own content in q … Q, so whatever state it leaves does not move the drawings."""
    existing = page.get("/Contents")
    resolved = _resolved(existing)
    streams = list(resolved) if isinstance(resolved, ArrayObject) else [] if existing is None else [existing]
    streams = [item if isinstance(item, IndirectObject) else writer._add_object(item) for item in streams]
    page[NameObject("/Contents")] = ArrayObject([_stream(writer, b"q\n"), *streams, _stream(writer, b"\nQ\n" + operators)])


def _stream(writer: pypdf.PdfWriter, data: bytes) -> IndirectObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)

