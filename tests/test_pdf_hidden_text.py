"""Personal numbers where a reader does not look first: notes, form fields, XFA, bookmarks,
document properties, links; and the published copy, which keeps what a reader sees and
nothing hidden. Every PDF is made here with pypdf's writer, uncompressed, so a secret that
survives in the copy is visible in its raw bytes."""
from __future__ import annotations

import io
from pathlib import Path

import pypdf
from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NumberObject,
                           TextStringObject)

from test_attachments import HIDDEN_LEAK_ADVICE, LEAK_ADVICE, SHOWN, action, invented_id, make_pdf, name, texts_of

from schoolpub.attachments import clean_pdf, inspect_pdf

MOBILE = "13900001111"  # invented
HELVETICA = DictionaryObject({name("/Type"): name("/Font"), name("/Subtype"): name("/Type1"),
                              name("/BaseFont"): name("/Helvetica")})


def writer_of(path: Path) -> pypdf.PdfWriter:
    return pypdf.PdfWriter(clone_from=path)


def rect(x: float, y: float, width: float = 200, height: float = 20) -> ArrayObject:
    return ArrayObject([NumberObject(x), NumberObject(y), NumberObject(x + width), NumberObject(y + height)])


def appearance(writer: pypdf.PdfWriter, text: str, width: float = 200, height: float = 20) -> IndirectObject:
    """A form XObject that draws `text`, as a viewer stores what a field or text box shows."""
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 10 Tf 2 6 Td ({text}) Tj ET".encode())
    stream.update({name("/Type"): name("/XObject"), name("/Subtype"): name("/Form"),
                   name("/BBox"): rect(0, 0, width, height),
                   name("/Resources"): DictionaryObject({name("/Font"): DictionaryObject({name("/F1"): HELVETICA})})})
    return writer._add_object(stream)


def annotate(writer: pypdf.PdfWriter, page: int, subtype: str, **entries) -> DictionaryObject:
    """An annotation on a page; strings become text strings, the rest is taken as given."""
    annotation = DictionaryObject({name("/Type"): name("/Annot"), name("/Subtype"): name(subtype),
                                   name("/Rect"): rect(72, 600)})
    for key, value in entries.items():
        annotation[name(f"/{key}")] = TextStringObject(value) if isinstance(value, str) else value
    reference = writer._add_object(annotation)
    page_object = writer.pages[page - 1]
    if "/Annots" not in page_object:
        page_object[name("/Annots")] = ArrayObject()
    page_object["/Annots"].append(reference)
    return annotation


def text_field(writer: pypdf.PdfWriter, page: int, field: str, value: str, shown: str | None = None,
               **entries) -> DictionaryObject:
    """A filled-in text field whose widget is on `page`, in the document's form."""
    widget = annotate(writer, page, "/Widget", FT=name("/Tx"), T=field, V=value, **entries)
    if shown is not None:
        widget[name("/AP")] = DictionaryObject({name("/N"): appearance(writer, shown)})
    root = writer.root_object
    if "/AcroForm" not in root:
        root[name("/AcroForm")] = DictionaryObject({name("/Fields"): ArrayObject()})
    root["/AcroForm"]["/Fields"].append(widget.indirect_reference)
    return widget


def saved(writer: pypdf.PdfWriter, path: Path) -> Path:
    writer.write(path)
    return path


def plain(tmp_path: Path, pages: int = 2) -> pypdf.PdfWriter:
    texts = ["Notice to parents", "Second page"][:pages]
    return writer_of(make_pdf(tmp_path / "plain.pdf", texts=texts, metadata=False))


# -- the check: each place by its name ----------------------------------------------------------

def test_a_sticky_note_is_read_and_named_with_its_page(tmp_path: Path):
    writer = plain(tmp_path)
    note = annotate(writer, 2, "/Text", Contents=f"call the mother {MOBILE}", T="Teacher Wang")
    popup = annotate(writer, 2, "/Popup", Parent=note.indirect_reference)
    note[name("/Popup")] = popup.indirect_reference
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == f"{SHOWN} 第 2 页的批注里有手机号码{HIDDEN_LEAK_ADVICE}"


def test_the_author_of_a_note_and_its_rich_text_are_read_too(tmp_path: Path):
    writer = plain(tmp_path)
    annotate(writer, 1, "/FreeText", Contents="see attached", T=f"Wang {MOBILE}")
    # The rich text splits the number across two spans: a reader sees one number.
    annotate(writer, 2, "/FreeText", Contents="ok", RC=f"<body><p>ID <span>{invented_id()[:9]}</span>"
                                                      f"<span>{invented_id()[9:]}</span></p></body>")
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == (
        f"{SHOWN} 第 2 页的批注里有身份证号码，第 1 页的批注里有手机号码{HIDDEN_LEAK_ADVICE}")


def test_a_number_only_drawn_in_a_text_box_appearance_is_found(tmp_path: Path):
    writer = plain(tmp_path)
    annotate(writer, 1, "/FreeText", Contents="", AP=DictionaryObject({name("/N"): appearance(writer, f"Tel {MOBILE}")}))
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == f"{SHOWN} 第 1 页的批注里有手机号码{HIDDEN_LEAK_ADVICE}"


def test_form_field_values_defaults_and_tooltips_are_read(tmp_path: Path):
    writer = plain(tmp_path)
    text_field(writer, 2, "phone", "", TU=f"e.g. {MOBILE}")
    text_field(writer, 1, "class", "Class 3", DV=invented_id())
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == (
        f"{SHOWN} 第 1 页的表单里有身份证号码，第 2 页的表单里有手机号码{HIDDEN_LEAK_ADVICE}")


def test_xfa_form_data_is_read(tmp_path: Path):
    writer = plain(tmp_path)
    datasets = DecodedStreamObject()
    datasets.set_data(f"<xfa:datasets><data><pupil><id>{invented_id()}</id></pupil></data></xfa:datasets>".encode())
    writer.root_object[name("/AcroForm")] = DictionaryObject({
        name("/Fields"): ArrayObject(),
        name("/XFA"): ArrayObject([TextStringObject("datasets"), writer._add_object(datasets)])})
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == f"{SHOWN} 表单里有身份证号码{HIDDEN_LEAK_ADVICE}"


def test_bookmarks_document_properties_and_xmp_are_read(tmp_path: Path):
    writer = plain(tmp_path)
    writer.add_outline_item(title=f"Pupil {invented_id()}", page_number=1)
    writer.add_metadata({"/Author": f"Wang {MOBILE}"})
    writer.xmp_metadata = f"<x:xmpmeta><dc:creator>{invented_id()}</dc:creator></x:xmpmeta>".encode()
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == (
        f"{SHOWN} 书签、文档属性（元数据）里有身份证号码，文档属性（元数据）里有手机号码{HIDDEN_LEAK_ADVICE}")


def test_document_ids_are_not_read_as_numbers(tmp_path: Path):
    """Random hex ids, as Word and Acrobat write them, may hold eleven decimal digits in a row."""
    writer = plain(tmp_path)
    writer.xmp_metadata = (b"<x:xmpmeta><xmpMM:DocumentID>uuid:a1390000-1111-4a2b-8c3d-e13900001111</xmpMM:DocumentID>"
                           b"<xmpMM:InstanceID>xmp.iid:F13900001111A6DA4B5</xmpMM:InstanceID></x:xmpmeta>")
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) is None
    writer.xmp_metadata = f"<x:xmpmeta><dc:creator>Wang F{MOBILE}A</dc:creator></x:xmpmeta>".encode()
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == (
        f"{SHOWN} 文档属性（元数据）里有手机号码{HIDDEN_LEAK_ADVICE}")  # the same digits outside an id still count


def test_a_link_target_and_alternative_text_elsewhere_are_read(tmp_path: Path):
    writer = plain(tmp_path)
    annotate(writer, 1, "/Link", A=action("/URI", URI=f"tel:{MOBILE}"))
    writer.root_object[name("/StructTreeRoot")] = DictionaryObject({
        name("/Type"): name("/StructTreeRoot"),
        name("/K"): DictionaryObject({name("/S"): name("/Figure"), name("/Alt"): TextStringObject(invented_id())})})
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == (
        f"{SHOWN} 其他隐藏位置里有身份证号码，第 1 页的链接里有手机号码{HIDDEN_LEAK_ADVICE}")


def test_every_place_at_once_is_one_message_page_first(tmp_path: Path):
    writer = writer_of(make_pdf(tmp_path / "p.pdf", texts=[f"ID {invented_id()}", "Notes"], metadata=False))
    annotate(writer, 2, "/Text", Contents=invented_id())
    text_field(writer, 1, "phone", MOBILE)
    writer.add_outline_item(title=MOBILE, page_number=0)
    message = inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN)
    assert message == (f"{SHOWN} 第 1 页正文、第 2 页的批注里有身份证号码，第 1 页的表单、书签里有手机号码"
                       f"{HIDDEN_LEAK_ADVICE}")
    assert invented_id() not in message and MOBILE not in message


def test_public_phones_are_allowed_in_notes_and_fields_too(tmp_path: Path):
    writer = plain(tmp_path)
    annotate(writer, 1, "/Text", Contents=f"Office {MOBILE}")
    text_field(writer, 1, "office", MOBILE)
    path = saved(writer, tmp_path / "x.pdf")
    assert inspect_pdf(path, SHOWN, public_phones=["139-0000-1111"]) is None
    assert inspect_pdf(path, SHOWN) == f"{SHOWN} 第 1 页的批注、第 1 页的表单里有手机号码{HIDDEN_LEAK_ADVICE}"


def test_page_text_alone_keeps_the_plain_advice(tmp_path: Path):
    path = make_pdf(tmp_path / "x.pdf", texts=[f"Tel {MOBILE}"], metadata=False)
    assert inspect_pdf(path, SHOWN) == f"{SHOWN} 第 1 页正文里有手机号码{LEAK_ADVICE}"


def test_a_layer_hidden_by_default_is_refused(tmp_path: Path):
    writer = plain(tmp_path)
    layer = writer._add_object(DictionaryObject({name("/Type"): name("/OCG"), name("/Name"): TextStringObject("draft")}))
    writer.root_object[name("/OCProperties")] = DictionaryObject({
        name("/OCGs"): ArrayObject([layer]),
        name("/D"): DictionaryObject({name("/OFF"): ArrayObject([layer])})})
    assert inspect_pdf(saved(writer, tmp_path / "x.pdf"), SHOWN) == (
        f"{SHOWN} 里有默认隐藏的图层。隐藏图层里的内容打开时看不见，网站无法确认，但 PDF 原文件会随仓库公开。"
        "请在原来的软件里删除隐藏的图层（或全部显示后合并），重新导出 PDF，替换这个文件。")


# -- the published copy ----------------------------------------------------------------------------

def interactive(tmp_path: Path) -> bytes:
    """A page with every kind of annotation a school PDF meets, a form, XFA data, a page thumbnail."""
    writer = plain(tmp_path, pages=1)
    note = annotate(writer, 1, "/Text", Contents="NoteSecret", T="AuthorSecret")
    note[name("/Popup")] = annotate(writer, 1, "/Popup", Parent=note.indirect_reference,
                                    Contents="PopupSecret").indirect_reference
    annotate(writer, 1, "/FreeText", Contents="FreeTextSecret", Rect=rect(72, 500),
             AP=DictionaryObject({name("/N"): appearance(writer, "Typed by the teacher")}))
    annotate(writer, 1, "/FreeText", Contents="x", F=NumberObject(2), Rect=rect(72, 450),
             AP=DictionaryObject({name("/N"): appearance(writer, "HiddenBoxSecret")}))
    text_field(writer, 1, "class", "Class 3", shown="Class 3", TU="TooltipSecret", Rect=rect(300, 700, 100, 20))
    annotate(writer, 1, "/Link", A=action("/URI", URI="https://school.example.cn/fees"), Contents="LinkAltSecret",
             NM="LinkNameSecret", Rect=rect(72, 300))
    annotate(writer, 1, "/Link", A=action("/URI", URI="javascript:alert('LinkScriptSecret')"), Rect=rect(72, 280))
    annotate(writer, 1, "/Link", A=action("/URI", URI=" JaVa\tScRiPt:alert('TabScriptSecret')"), Rect=rect(72, 260))
    annotate(writer, 1, "/Link", A=action("/Launch", F="LaunchSecret.exe"), Rect=rect(72, 240))
    annotate(writer, 1, "/Link", A=action("/URI", URI="tel:0571-88001234"), Rect=rect(72, 220))
    annotate(writer, 1, "/Link", Dest=ArrayObject([writer.pages[0].indirect_reference, name("/Fit")]), Rect=rect(72, 200))
    datasets = DecodedStreamObject()
    datasets.set_data(b"<xfa:datasets><pupil>XFASecret</pupil></xfa:datasets>")
    writer.root_object["/AcroForm"][name("/XFA")] = writer._add_object(datasets)
    thumbnail = DecodedStreamObject()
    thumbnail.set_data(b"ThumbSecret")
    writer.pages[0][name("/Thumb")] = writer._add_object(thumbnail)
    writer.root_object[name("/OpenAction")] = action("/URI", URI="https://school.example.cn/open")
    return saved(writer, tmp_path / "x.pdf").read_bytes()


def test_the_copy_keeps_only_safe_links_and_draws_what_a_reader_saw(tmp_path: Path):
    original = interactive(tmp_path)
    secrets = [b"NoteSecret", b"AuthorSecret", b"PopupSecret", b"FreeTextSecret", b"HiddenBoxSecret", b"TooltipSecret",
               b"LinkAltSecret", b"LinkNameSecret", b"LinkScriptSecret", b"TabScriptSecret", b"LaunchSecret", b"XFASecret", b"ThumbSecret"]
    assert all(secret in original for secret in secrets)  # the fixture really carries them
    assert inspect_pdf(tmp_path / "x.pdf", SHOWN) is None  # nothing personal: it may be published
    cleaned = clean_pdf(original, SHOWN)
    assert [secret for secret in secrets if secret in cleaned] == []
    for key in (b"/AcroForm", b"/XFA", b"/JavaScript", b"/EmbeddedFiles", b"/Popup", b"/Widget", b"/FreeText",
                b"/OpenAction", b"/Thumb", b"/Launch"):
        assert key not in cleaned, key
    reader = pypdf.PdfReader(io.BytesIO(cleaned))
    assert "/AcroForm" not in reader.root_object and "/OpenAction" not in reader.root_object
    links = [annotation.get_object() for annotation in reader.pages[0]["/Annots"]]
    assert [(link["/Subtype"], sorted(link)) for link in links] == [
        ("/Link", ["/A", "/Rect", "/Subtype", "/Type"]), ("/Link", ["/Dest", "/Rect", "/Subtype", "/Type"])]
    assert links[0]["/A"] == {"/S": "/URI", "/URI": "https://school.example.cn/fees"}
    assert links[1]["/Dest"][0].get_object() == reader.pages[0]
    # The page's own text, then what the text box and the field showed, drawn where they were.
    assert texts_of(cleaned) == ["Notice to parents\nTyped by the teacher\nClass 3"]


def test_a_check_box_is_drawn_in_its_current_state(tmp_path: Path):
    writer = plain(tmp_path, pages=1)
    box = annotate(writer, 1, "/Widget", FT=name("/Btn"), T="agree", V=name("/Yes"), AS=name("/Yes"))
    box[name("/AP")] = DictionaryObject({name("/N"): DictionaryObject({
        name("/Yes"): appearance(writer, "Checked", 20, 20), name("/Off"): appearance(writer, "OffSecret", 20, 20)})})
    writer.root_object[name("/AcroForm")] = DictionaryObject({name("/Fields"): ArrayObject([box.indirect_reference])})
    cleaned = clean_pdf(saved(writer, tmp_path / "x.pdf").read_bytes(), SHOWN)
    assert texts_of(cleaned) == ["Notice to parents\nChecked"]
    assert b"OffSecret" not in cleaned and "/Annots" not in pypdf.PdfReader(io.BytesIO(cleaned)).pages[0]


def test_an_appearance_is_scaled_onto_its_rectangle(tmp_path: Path):
    """A 100×10 box drawn into a 200×20 rectangle at (72, 600): the viewer's algorithm (PDF 32000-1 12.5.5)."""
    writer = plain(tmp_path, pages=1)
    annotate(writer, 1, "/Stamp", AP=DictionaryObject({name("/N"): appearance(writer, "Approved", 100, 10)}))
    reader = pypdf.PdfReader(io.BytesIO(clean_pdf(saved(writer, tmp_path / "x.pdf").read_bytes(), SHOWN)))
    contents = reader.pages[0]["/Contents"]
    assert [stream.get_object().get_data() for stream in (contents[0], contents[-1])] == [
        b"q\n", b"\nQ\nq 2 0 0 2 72 600 cm /Flattened0 Do Q"]


def test_structure_attributes_stay_bookmark_scripts_go(tmp_path: Path):
    """A tagged PDF's structure element keeps /A (its attributes, for screen readers); a bookmark's
    action that is not a jump or a safe web address is removed."""
    writer = plain(tmp_path, pages=1)
    attributes = DictionaryObject({name("/O"): name("/Table"), name("/Scope"): name("/Column")})
    writer.root_object[name("/StructTreeRoot")] = DictionaryObject({
        name("/Type"): name("/StructTreeRoot"),
        name("/K"): DictionaryObject({name("/S"): name("/TH"), name("/A"): attributes})})
    bookmark = writer.add_outline_item(title="Rules", page_number=0).get_object()
    bookmark[name("/A")] = action("/URI", URI="file:///etc/passwd")
    reader = pypdf.PdfReader(io.BytesIO(clean_pdf(saved(writer, tmp_path / "x.pdf").read_bytes(), SHOWN)))
    assert reader.root_object["/StructTreeRoot"]["/K"]["/A"] == {"/O": "/Table", "/Scope": "/Column"}
    assert "/A" not in reader.root_object["/Outlines"]["/First"] and reader.outline[0].title == "Rules"
