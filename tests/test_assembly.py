"""Assembling a build: page dates from git, and photos published without metadata."""
import datetime as dt
import io
import os
import subprocess
from pathlib import Path

from PIL import Image

from schoolpub.build import last_changes
from schoolpub.media import publish_photo


def git(repo: Path, *args: str, date: str = "2026-03-04T10:00:00+08:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.cn", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.cn"}
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env=env)


def test_last_changes_takes_each_files_newest_commit(tmp_path: Path):
    (tmp_path / "data/fees").mkdir(parents=True)
    git(tmp_path, "init", "-q")
    (tmp_path / "data/fees/a.yml").write_text("a: 1\n")
    (tmp_path / "data/fees/b.yml").write_text("b: 1\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "first", date="2026-03-04T10:00:00+08:00")
    (tmp_path / "data/fees/a.yml").write_text("a: 2\n")
    git(tmp_path, "commit", "-qam", "second", date="2026-05-06T10:00:00+08:00")
    assert last_changes(tmp_path / "data") == {"data/fees/a.yml": dt.date(2026, 5, 6),
                                              "data/fees/b.yml": dt.date(2026, 3, 4)}


def test_last_changes_outside_git_is_empty(tmp_path: Path):
    (tmp_path / "data").mkdir()
    assert last_changes(tmp_path / "data") == {}


def test_published_photo_is_upright_and_carries_no_metadata(tmp_path: Path):
    original = Image.new("RGB", (1200, 800), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned, rotate 90° to view
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (30.0, 15.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    original.save(buffer, "JPEG", exif=exif, comment=b"taken at home, Room 301")
    (tmp_path / "p.jpg").write_bytes(buffer.getvalue())

    published = publish_photo(tmp_path / "p.jpg", "festivals/x/p.jpg", "thumb")
    assert published.path == "media/festivals/x/p-thumb.jpg"
    assert (published.width, published.height) == (320, 480)  # portrait: orientation applied
    for marker in (b"Exif", b"PhoneMaker", b"Room 301", b"http://ns.adobe.com/xap", b"ICC_PROFILE"):
        assert marker not in published.data
    assert b"\xff\xfe" not in published.data  # no JPEG COM segment
    with Image.open(io.BytesIO(published.data)) as image:
        assert not image.getexif() and "comment" not in image.info and "icc_profile" not in image.info
