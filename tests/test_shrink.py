"""`make photos` (schoolpub photos): oversized originals shrunk in place, upright, without metadata."""
import io
from pathlib import Path

from PIL import Image

from conftest import problems_of

from schoolpub import cli, shrink


def phone_photo(path: Path, size=(4000, 3000), orientation=6) -> bytes:
    """A landscape-stored photo that the phone says to turn 90° (EXIF Orientation 6), with GPS."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, size[0] // 2, size[1]))  # left half blue: shows the rotation
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif.get_ifd(0x8825)[2] = (39.0, 54.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, exif=exif, comment=b"camera")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_oversized_jpeg_is_shrunk_upright_and_bare(tmp_path: Path, capsys):
    photo = tmp_path / "data/media/festivals/2026-art/01.jpg"
    phone_photo(photo)
    small = tmp_path / "data/media/festivals/2026-art/02.jpg"
    phone_photo(small, size=(1600, 1200))
    small_bytes = small.read_bytes()
    assert cli.main(["--root", str(tmp_path), "photos"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("已缩小 data/media/festivals/2026-art/01.jpg：4000×3000 → 1800×2400，")
    assert out[1].startswith("共缩小 1 张照片，节省 ")
    with Image.open(photo) as image:
        assert image.size == (1800, 2400)  # turned as the phone said: portrait now
        assert image.getexif() == {} and "icc_profile" not in image.info and "comment" not in image.info
        assert image.getpixel((900, 10))[2] > 150  # the blue half is on top after the turn
    assert small.read_bytes() == small_bytes  # already small enough: untouched
    assert cli.main(["--root", str(tmp_path), "photos"]) == 0  # a second run has nothing to do
    assert capsys.readouterr().out == "没有需要缩小的照片（最长边都不超过 2400 像素）。\n"


def test_png_is_only_reported_and_links_are_not_followed(tmp_path: Path, capsys):
    logo = tmp_path / "data/media/school/logo.png"
    logo.parent.mkdir(parents=True)
    Image.new("RGBA", (3000, 3000)).save(logo)
    outside = tmp_path / "elsewhere.jpg"
    phone_photo(outside)
    (tmp_path / "data/media/link.jpg").symlink_to(outside)
    before = logo.read_bytes(), outside.read_bytes()
    assert cli.main(["--root", str(tmp_path), "photos"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "没有需要缩小的照片（最长边都不超过 2400 像素）。\n"
    assert captured.err == ("提示：data/media/school/logo.png 是 3000×3000 像素的 PNG 图片，比需要的大；它不是照片（JPEG），"
                            "请用图片软件手动缩小到最长边 2400 像素以内。\n")
    assert (logo.read_bytes(), outside.read_bytes()) == before


def test_a_shrunk_photo_still_passes_the_check(project: Path):
    festival = project / "data/festivals/sample.yml"
    festival.write_text(festival.read_text(encoding="utf-8").rstrip("\n") + "\ngallery:\n"
                        "  - photo: festivals/2025-art/01.jpg\n    caption: 开幕式\nguardian_consent: true\n",
                        encoding="utf-8")
    phone_photo(project / "data/media/festivals/2025-art/01.jpg")
    assert problems_of(project) == []
    shrunk, notes = shrink.shrink_all(project)
    assert [item.name for item in shrunk] == ["data/media/festivals/2025-art/01.jpg"] and notes == []
    assert problems_of(project) == []
