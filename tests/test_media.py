"""The photo pipeline: what parents' phones receive carries nothing but pixels.

Metadata stripping (checked with Pillow and by bytes), orientation, formats, the
check-time gate (inspect_photo), the content-hash cache, parallel determinism, and a
real build whose every image is scanned.
"""
from __future__ import annotations

import hashlib
import io
import shutil
import struct
import warnings
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from conftest import MINIMAL, TESTS
from test_build import build, site_project, unexpected_log_lines

from schoolpub.media import (MAX_PIXELS, PhotoError, PublishResult, Settings, inspect_photo, publish_all,
                             publish_photo)

PHOTOS = TESTS / "fixtures" / "photos"
GPS_SECRET = b"WGS-84-SECRET"  # a GPS IFD string: if these bytes survive, so did the GPS IFD
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="SecretPhone"/>'
       b'</rdf:RDF></x:xmpmeta>')
# Everything that identifies the original, the phone or the place; none of it may be published.
LEAKS = (b"Exif", GPS_SECRET, b"PhoneMaker", b"Room 301", b"SecretPhone", b"http://ns.adobe.com/xap/1.0/",
         b"ICC_PROFILE", b"ICCP", b"XMP ", b"EXIF")
JPEG_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression"}
# The only segments a published JPEG has: SOI, JFIF APP0, quantisation and Huffman tables, frame, scans.
JPEG_MARKERS = {0xD8, 0xE0, 0xDB, 0xC4, 0xC2, 0xDA, 0xD9}


# -- fixtures ---------------------------------------------------------------------------

def picture(size: tuple[int, int]) -> Image.Image:
    """Left half red, right half blue, with some texture so the encoders have real work."""
    texture = Image.effect_mandelbrot(size, (-2.0, -1.2, 1.0, 1.2), 60)
    red = Image.merge("RGB", (Image.new("L", size, 220), texture, Image.new("L", size, 30)))
    blue = Image.merge("RGB", (Image.new("L", size, 30), texture, Image.new("L", size, 220)))
    red.paste(blue.crop((size[0] // 2, 0, *size)), (size[0] // 2, 0))
    return red


def with_metadata(path: Path, size=(1200, 800), orientation: int = 1, fmt: str = "JPEG") -> Path:
    """A photo as a phone makes it: EXIF with orientation, maker and a GPS IFD, XMP, a comment, an ICC profile."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[2] = (30.0, 15.0, 0.0)  # GPSLatitude
    gps[0x12] = GPS_SECRET.decode()  # GPSMapDatum
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    options = {"exif": exif, "icc_profile": icc, "xmp": XMP}
    if fmt == "JPEG":
        options["comment"] = b"taken at home, Room 301"
    image = picture(size)
    if fmt == "PNG":
        image = image.convert("RGBA")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, fmt, **options)
    return path


def jpeg_markers(data: bytes) -> list[int]:
    """The marker of every segment from SOI up to the first scan (the metadata lives there)."""
    assert data[:2] == b"\xff\xd8"
    markers, at = [0xD8], 2
    while True:
        assert data[at] == 0xFF
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        at += 2 + struct.unpack(">H", data[at + 2:at + 4])[0]


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        chunks.append(data[at + 4:at + 8])
        at += 12 + length
    return chunks


def riff_chunks(data: bytes) -> list[bytes]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    chunks, at = [], 12
    while at < len(data):
        name, length = data[at:at + 4], struct.unpack("<I", data[at + 4:at + 8])[0]
        chunks.append(name)
        at += 8 + length + (length & 1)
    return chunks


def assert_bare(data: bytes) -> None:
    """Nothing but pixels: checked by bytes (segments, chunks, strings) and by Pillow."""
    assert [leak for leak in LEAKS if leak in data] == []
    if data[:2] == b"\xff\xd8":
        assert b"\xff\xfe" not in data  # no COM segment anywhere
        assert set(jpeg_markers(data)) <= JPEG_MARKERS  # no APP1 (EXIF, XMP), APP2 (ICC), APP13, COM
    elif data[:4] == b"RIFF":
        assert riff_chunks(data) in ([b"VP8 "], [b"VP8L"])  # no VP8X, so no EXIF, XMP or ICCP chunk
    else:  # Material's favicon: pixels only, no eXIf, iCCP or text chunk
        assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert {"exif", "xmp", "icc_profile", "comment", "photoshop"}.isdisjoint(image.info)
        if image.format == "JPEG":
            assert set(image.info) == JPEG_INFO


def publish(originals: dict[str, Path], cache: Path, **options) -> PublishResult:
    return publish_all(originals, cache, **options)


def files_of(result: PublishResult) -> dict[str, bytes]:
    return {site_path: cached.read_bytes() for photo in result.photos.values()
            for site_path, cached in photo.site_files()}


# -- what is published ------------------------------------------------------------------

def test_the_fixture_really_carries_every_kind_of_metadata(tmp_path: Path):
    data = with_metadata(tmp_path / "p.jpg").read_bytes()
    assert [leak for leak in (b"Exif", GPS_SECRET, b"Room 301", b"http://ns.adobe.com/xap/1.0/", b"ICC_PROFILE")
            if leak not in data] == []
    assert {0xE1, 0xE2, 0xFE} <= set(jpeg_markers(data))  # APP1 (EXIF and XMP), APP2 (ICC), COM
    with Image.open(tmp_path / "p.jpg") as image:
        assert image.getexif().get_ifd(0x8825)[0x12] == GPS_SECRET.decode()


def test_every_published_file_is_bare_and_upright(tmp_path: Path):
    original = with_metadata(tmp_path / "p.jpg", orientation=6)  # stored landscape, shown portrait
    result = publish({"festivals/x/p.jpg": original}, tmp_path / "cache")
    thumb, large = result.photos[("festivals/x/p.jpg", "thumb")], result.photos[("festivals/x/p.jpg", "large")]
    assert (thumb.path, thumb.webp, large.path, large.webp) == (
        "media/festivals/x/p-thumb.jpg", "media/festivals/x/p-thumb.webp", "media/festivals/x/p-large.jpg", None)
    assert (thumb.width, thumb.height, large.width, large.height) == (320, 480, 800, 1200)
    for data in files_of(result).values():
        assert_bare(data)
    with Image.open(large.file) as image:  # turned 90° clockwise: the stored left (red) half is now on top
        top, bottom = image.getpixel((400, 100)), image.getpixel((400, 1100))
    assert top[0] > 180 > top[2] and bottom[2] > 180 > bottom[0]


def test_publish_photo_in_memory_is_bare_and_upright(tmp_path: Path):
    rendition = publish_photo(with_metadata(tmp_path / "p.jpg", orientation=6), "festivals/x/p.jpg", "thumb")
    assert (rendition.path, rendition.width, rendition.height) == ("media/festivals/x/p-thumb.jpg", 320, 480)
    assert_bare(rendition.data)


@pytest.mark.parametrize("name, fmt", [("a.JPG", "JPEG"), ("b.jpeg", "JPEG"), ("c.png", "PNG"), ("d.PNG", "PNG"),
                                       ("e.webp", "WEBP"), ("f.WEBP", "WEBP")])
def test_every_accepted_suffix_and_case_publishes(tmp_path: Path, name: str, fmt: str):
    original = with_metadata(tmp_path / name, size=(900, 600), fmt=fmt)
    assert inspect_photo(original) is None
    result = publish({f"honors/{name}": original}, tmp_path / "cache")
    stem = name.split(".")[0]
    assert sorted(files_of(result)) == [f"media/honors/{stem}-large.jpg", f"media/honors/{stem}-thumb.jpg",
                                        f"media/honors/{stem}-thumb.webp"]
    assert (result.photos[(f"honors/{name}", "thumb")].width, result.photos[(f"honors/{name}", "thumb")].height) \
        == (480, 320)
    for data in files_of(result).values():
        assert_bare(data)


def test_transparent_png_gets_a_white_background_not_black(tmp_path: Path):
    logo = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    logo.paste((200, 30, 30, 255), (0, 0, 100, 100))
    logo.save(tmp_path / "logo.png")
    large = publish({"school/logo.png": tmp_path / "logo.png"}, tmp_path / "cache").photos[("school/logo.png", "large")]
    with Image.open(large.file) as image:
        assert min(image.getpixel((180, 50))) >= 250  # was transparent
        red = image.getpixel((20, 50))
        assert red[0] > 180 and red[1] < 60


def test_a_phones_multi_picture_jpeg_publishes_its_main_picture(tmp_path: Path):
    # Portrait-mode and depth photos are JPEGs with more pictures appended; Pillow calls them MPO.
    main, depth = picture((900, 600)), Image.new("RGB", (900, 600), (20, 20, 200))
    main.save(tmp_path / "IMG_0002.jpg", "MPO", save_all=True, append_images=[depth])
    with Image.open(tmp_path / "IMG_0002.jpg") as original:
        assert (original.format, original.n_frames) == ("MPO", 2)
    assert inspect_photo(tmp_path / "IMG_0002.jpg") is None
    result = publish({"x/IMG_0002.jpg": tmp_path / "IMG_0002.jpg"}, tmp_path / "cache")
    for data in files_of(result).values():
        assert_bare(data)  # no MPF (APP2) segment, no second picture
    with Image.open(result.photos[("x/IMG_0002.jpg", "large")].file) as published:
        assert published.format == "JPEG" and published.getpixel((100, 300))[0] > 180  # the red main picture


def test_a_png_named_jpg_is_accepted(tmp_path: Path):
    path = tmp_path / "p.jpg"
    picture((640, 480)).save(path, "PNG")
    assert inspect_photo(path) is None
    assert publish({"x/p.jpg": path}, tmp_path / "cache").photos[("x/p.jpg", "thumb")].width == 480


# -- the check-time gate ----------------------------------------------------------------

def png_header_claiming(width: int, height: int) -> bytes:
    """A 57-byte PNG whose IHDR claims width×height: an image bomb without the bomb."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IEND", b"")


def inspect_quietly(path: Path) -> str | None:
    """inspect_photo with every warning an error: none may leak (Pillow's DecompressionBombWarning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return inspect_photo(path, shown_as=f"data/media/x/{path.name}")


@pytest.mark.parametrize("name, content, message", [
    ("text.jpg", "班级合影\n".encode() * 20,
     "data/media/x/text.jpg 不是图片（无法识别文件内容），虽然文件名以“.jpg”结尾。请放入 JPEG、PNG 或 WebP 格式的照片。"),
    ("broken.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4,
     "data/media/x/broken.jpg 已损坏：看起来是图片，但文件头不完整。请重新从相机或手机导出这张照片，替换这个文件。"),
    ("empty.png", b"", "data/media/x/empty.png 是空文件（0 字节），可能没有传完整。请重新放入这张照片。"),
    ("huge.png", png_header_claiming(8000, 7000),
     "data/media/x/huge.png 是 8000×7000 像素（约 5,600 万像素），超过了网站的上限 5000 万像素（太大的图片会拖垮网站生成）。"
     "请先把照片缩小（长边 4000 像素以内就足够，网页上最大只显示 1600 像素）再放进来。"),
    ("bomb.png", png_header_claiming(20000, 20000),  # past twice Pillow's limit: Pillow itself refuses it
     "data/media/x/bomb.png 有约 40,000 万像素，超过了网站的上限 5000 万像素（太大的图片会拖垮网站生成）。"
     "请先把照片缩小（长边 4000 像素以内就足够，网页上最大只显示 1600 像素）再放进来。"),
])
def test_inspect_photo_names_the_file_and_the_fix(tmp_path: Path, name: str, content: bytes, message: str):
    (tmp_path / name).write_bytes(content)
    assert inspect_quietly(tmp_path / name) == message


def test_inspect_photo_refuses_other_formats_by_content_not_name(tmp_path: Path):
    picture((64, 48)).save(tmp_path / "anim.jpg", "GIF")
    assert inspect_quietly(tmp_path / "anim.jpg") == (
        "data/media/x/anim.jpg 实际是 GIF 格式（文件名是“.jpg”）。网站只接受 JPEG、PNG 或 WebP 照片："
        "请把它导出（另存）为 JPEG 后替换这个文件。")


def test_inspect_photo_refuses_a_heic_named_jpg(tmp_path: Path):
    # A real 64×48 HEIC made by pillow-heif 1.8.1 (libheif), renamed .jpg the way phones' share sheets do.
    shutil.copy(PHOTOS / "heic-named.jpg", tmp_path / "IMG_0001.jpg")
    assert (tmp_path / "IMG_0001.jpg").read_bytes()[4:12] == b"ftypheic"
    assert inspect_quietly(tmp_path / "IMG_0001.jpg") == (
        "data/media/x/IMG_0001.jpg 实际是 HEIC 格式（苹果手机默认的照片格式），只是文件名写成了“.jpg”。"
        "网页和微信里打不开 HEIC。请把照片导出为 JPEG 后替换这个文件（电脑上用“照片”应用打开后另存为 JPEG；"
        "iPhone 可在 设置 › 相机 › 格式 里选“兼容性最佳”，以后拍的就是 JPEG）。")


CUT = "读到一半出错：文件不完整或已损坏。请重新从相机或手机导出这张照片，替换这个文件。"


def test_a_photo_cut_off_after_its_header_is_refused_by_the_check_as_by_the_build(tmp_path: Path):
    # What the check accepts must build: the pixels are decoded (a JPEG at 1/8 scale) …
    whole = with_metadata(tmp_path / "whole.jpg").read_bytes()
    (tmp_path / "cut.jpg").write_bytes(whole[:len(whole) // 3])
    assert inspect_quietly(tmp_path / "cut.jpg") == f"data/media/x/cut.jpg {CUT}"
    # … and the build refuses it with the same words, not a traceback.
    with pytest.raises(PhotoError) as error:
        publish({"x/cut.jpg": tmp_path / "cut.jpg"}, tmp_path / "cache")
    assert str(error.value) == f"data/media/x/cut.jpg {CUT}"


def test_a_photo_already_in_the_cache_is_not_decoded_again_by_the_check(tmp_path: Path, monkeypatch):
    photo = with_metadata(tmp_path / "whole.jpg")
    publish({"x/whole.jpg": photo}, tmp_path / "cache")
    loads = []
    monkeypatch.setattr(Image.Image, "load", lambda image: loads.append(image) or None)
    assert inspect_photo(photo, "x", cache_dir=tmp_path / "cache") is None
    assert loads == []
    assert inspect_photo(photo, "x", cache_dir=tmp_path / "empty") is None
    assert loads  # decoded when no rendition is cached


def test_the_build_refuses_what_the_check_refuses(tmp_path: Path):
    (tmp_path / "huge.png").write_bytes(png_header_claiming(8000, 7000))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(PhotoError) as error:
            publish({"x/huge.png": tmp_path / "huge.png"}, tmp_path / "cache")
    assert str(error.value) == inspect_photo(tmp_path / "huge.png", shown_as="data/media/x/huge.png")
    assert 8000 * 7000 > MAX_PIXELS


def test_two_originals_publishing_to_one_name_are_refused(tmp_path: Path):
    with_metadata(tmp_path / "01.jpg")
    with_metadata(tmp_path / "01.png", fmt="PNG")
    with pytest.raises(PhotoError) as error:
        publish({"x/01.jpg": tmp_path / "01.jpg", "x/01.png": tmp_path / "01.png"}, tmp_path / "cache")
    assert str(error.value) == ("data/media/x/01.jpg 和 data/media/x/01.png 只有扩展名或字母大小写不同，发布后会变成同一个文件。"
                                "请给其中一张改个名字（并改掉引用它的 YAML）。")


# -- the cache --------------------------------------------------------------------------

@pytest.fixture
def three(tmp_path: Path) -> dict[str, Path]:
    return {f"festivals/x/{n}.jpg": with_metadata(tmp_path / "media" / f"{n}.jpg", size=(900 + n, 600))
            for n in range(3)}


def test_a_rebuild_encodes_nothing_and_says_nothing(tmp_path: Path, three):
    calls: list[tuple[int, int]] = []
    first = publish(three, tmp_path / "cache", workers=1, progress=lambda *call: calls.append(call))
    assert (first.encoded, first.reused, calls) == (3, 0, [(0, 3), (1, 3), (2, 3), (3, 3)])
    entries = {path.name: path.stat().st_mtime_ns for path in (tmp_path / "cache").iterdir()}
    assert len(entries) == 3 * 3  # thumb JPEG + thumb WebP + large JPEG per photo

    calls.clear()
    second = publish(three, tmp_path / "cache", progress=lambda *call: calls.append(call))
    assert (second.encoded, second.reused, calls) == (0, 3, [])
    assert {path.name: path.stat().st_mtime_ns for path in (tmp_path / "cache").iterdir()} == entries
    assert files_of(second) == files_of(first)
    assert second.photos == first.photos


def test_changing_one_photo_re_encodes_only_that_one(tmp_path: Path, three):
    first = publish(three, tmp_path / "cache")
    changed = three["festivals/x/1.jpg"]
    picture((900, 600)).rotate(180).save(changed, "JPEG")
    second = publish(three, tmp_path / "cache", workers=1)
    assert (second.encoded, second.reused) == (1, 2)
    before, after = files_of(first), files_of(second)
    assert sorted(name for name in after if after[name] != before[name]) == [
        "media/festivals/x/1-large.jpg", "media/festivals/x/1-thumb.jpg", "media/festivals/x/1-thumb.webp"]


def test_a_lost_cache_entry_is_made_again(tmp_path: Path, three):
    first = publish(three, tmp_path / "cache")
    first.photos[("festivals/x/2.jpg", "thumb")].webp_file.unlink()
    second = publish(three, tmp_path / "cache", workers=1)
    assert (second.encoded, files_of(second)) == (1, files_of(first))


def test_changing_a_setting_re_encodes_everything_and_drops_the_old_entries(tmp_path: Path, three):
    publish(three, tmp_path / "cache")
    lower = Settings(jpeg_quality=60)
    assert lower.fingerprint() != Settings().fingerprint()
    again = publish(three, tmp_path / "cache", settings=lower, workers=1)
    assert again.encoded == 3
    assert {path.name.split("-")[2].split(".")[0] for path in (tmp_path / "cache").iterdir()} == {lower.fingerprint()}
    bigger = publish(three, tmp_path / "cache", settings=Settings(sizes={"thumb": 360, "large": 1600}), workers=1)
    assert bigger.encoded == 3 and bigger.photos[("festivals/x/0.jpg", "thumb")].width == 360


def test_parallel_and_serial_runs_publish_identical_bytes(tmp_path: Path, three):
    serial = publish(three, tmp_path / "serial", workers=1)
    parallel = publish(three, tmp_path / "parallel", workers=2)
    assert (serial.workers, parallel.workers) == (1, 2)  # the second really ran in a process pool
    assert files_of(parallel) == files_of(serial)
    assert sorted(p.name for p in (tmp_path / "parallel").iterdir()) == \
        sorted(p.name for p in (tmp_path / "serial").iterdir())


def test_a_failing_photo_in_the_pool_stops_the_run_with_its_message(tmp_path: Path, three):
    whole = three["festivals/x/0.jpg"].read_bytes()
    three["festivals/x/0.jpg"].write_bytes(whole[:len(whole) // 3])
    with pytest.raises(PhotoError, match=r"^data/media/festivals/x/0\.jpg 读到一半出错"):
        publish(three, tmp_path / "cache", workers=2)


# -- a real build -----------------------------------------------------------------------

GALLERY = """
gallery:
  - photo: festivals/2025-art/01.jpg
    caption: 开幕式上的班级合唱
  - photo: festivals/2025-art/02.PNG
    caption: 学生绘画作品
  - photo: festivals/2025-art/03.webp
    caption: 闭幕式
guardian_consent: true
"""


def test_the_built_site_contains_no_metadata_and_no_original(tmp_path: Path):
    project = site_project(tmp_path, MINIMAL / "data")
    media = project / "data/media"
    originals = [with_metadata(media / "festivals/2025-art/01.jpg", size=(2400, 1800), orientation=6),
                 with_metadata(media / "festivals/2025-art/02.PNG", fmt="PNG"),
                 with_metadata(media / "festivals/2025-art/03.webp", fmt="WEBP"),
                 with_metadata(media / "honors/cert.JPG", size=(1000, 1400))]
    festival = project / "data/festivals/sample.yml"
    festival.write_text(festival.read_text(encoding="utf-8") + GALLERY, encoding="utf-8")
    honors = project / "data/honors/sample.yml"
    honors.write_text(honors.read_text(encoding="utf-8").replace(
        "# certificate: honors/2025-calligraphy.jpg", "certificate: honors/cert.JPG"), encoding="utf-8")

    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert unexpected_log_lines(result.stdout + result.stderr) == []
    assert "照片：已处理 4/4" in result.stdout.splitlines()  # schoolpub render says it (plan.PhotoProgress)

    site = tmp_path / "site"
    images = sorted(p for p in site.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp"))
    names = [p.relative_to(site).as_posix() for p in images]
    assert [name for name in names if not name.startswith("media/")] == [
        "assets/images/favicon.png", "assets/images/police-filing-emblem.png"]
    assert [name for name in names if name.startswith("media/")] == [
        "media/festivals/2025-art/01-large.jpg", "media/festivals/2025-art/01-thumb.jpg",
        "media/festivals/2025-art/01-thumb.webp", "media/festivals/2025-art/02-large.jpg",
        "media/festivals/2025-art/02-thumb.jpg", "media/festivals/2025-art/02-thumb.webp",
        "media/festivals/2025-art/03-large.jpg", "media/festivals/2025-art/03-thumb.jpg",
        "media/festivals/2025-art/03-thumb.webp", "media/honors/cert-large.jpg", "media/honors/cert-thumb.jpg",
        "media/honors/cert-thumb.webp"]
    for image in images:
        assert_bare(image.read_bytes())
    with Image.open(site / "media/festivals/2025-art/01-large.jpg") as upright:
        assert upright.size == (1200, 1600)
    original_hashes = {hashlib.sha256(path.read_bytes()).hexdigest() for path in originals}
    published_hashes = {hashlib.sha256(path.read_bytes()).hexdigest() for path in site.rglob("*") if path.is_file()}
    assert original_hashes.isdisjoint(published_hashes)
    page = (site / "festivals/sample/index.html").read_text(encoding="utf-8")
    assert page.count('<source srcset="../../media/festivals/2025-art/') == 3
    assert '<a href="../../media/festivals/2025-art/02-large.jpg"><picture>' in page

    again = build(project, tmp_path / "site2")  # everything cached: no photo line in the log
    assert again.returncode == 0 and "照片" not in again.stdout + again.stderr
