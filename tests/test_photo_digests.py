"""photo_digests.py: photos hashed on other threads, from the start of `schoolpub check`, never through a link."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from schoolpub import fields, photo_digests


def test_its_photo_suffixes_are_the_checks():
    assert photo_digests.PHOTO_SUFFIXES == fields.PHOTO_SUFFIXES


@pytest.fixture
def media(tmp_path: Path) -> Path:
    folder = tmp_path / "school" / "data" / "media"
    (folder / "festivals" / "2025-art").mkdir(parents=True)
    (folder / "festivals" / "2025-art" / "01.jpg").write_bytes(b"first photo")
    (folder / "festivals" / "2025-art" / "02.PNG").write_bytes(b"second photo")
    (folder / "festivals" / "2025-art" / ".hidden.jpg").write_bytes(b"hidden")
    (folder / "affairs.pdf").write_bytes(b"%PDF")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.jpg").write_bytes(b"not under data/media")
    os.symlink(outside / "secret.jpg", folder / "linked.jpg")
    os.symlink(outside, folder / "linked-folder")
    return folder


def hashed_under(folder: Path) -> list[str]:
    return sorted(key[0] for key in photo_digests._digests if key[0].startswith(str(folder)))


def test_the_check_starts_hashing_only_the_regular_photos_under_data_media(media: Path):
    root = media.parent.parent
    for thread in photo_digests.start_for_check(["--root", str(root), "check"]):
        thread.join(timeout=30)
    assert hashed_under(root.parent) == [str(root / "data/media/festivals/2025-art/01.jpg"),
                                         str(root / "data/media/festivals/2025-art/02.PNG")]
    assert photo_digests.sha256(root / "data/media/festivals/2025-art/01.jpg") == hashlib.sha256(
        b"first photo").hexdigest()


@pytest.mark.parametrize("argv", [["new", "affairs", "--id", "check"], ["check", "--staged"], ["schema"], []])
def test_other_commands_hash_nothing(media: Path, argv: list[str]):
    root = media.parent.parent
    assert photo_digests.start_for_check(["--root", str(root), *argv]) == []
    assert hashed_under(root.parent) == []


def test_a_file_changed_after_it_was_hashed_gets_its_new_digest(tmp_path: Path):
    photo = tmp_path / "01.jpg"
    photo.write_bytes(b"before")
    assert photo_digests.sha256(photo) == hashlib.sha256(b"before").hexdigest()
    photo.write_bytes(b"after the edit")
    assert photo_digests.sha256(photo) == hashlib.sha256(b"after the edit").hexdigest()
