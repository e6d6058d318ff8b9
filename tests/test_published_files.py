"""Which files of a build are trusted unchanged since the last publish (schoolpub.published_files),
without an engine: an output file and its published hard link, recorded, then written to."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from schoolpub import incremental, published_files


def published_pair(tmp_path: Path) -> tuple[Path, Path, dict]:
    """An engine output with one page, a site linking it, and the record made after the publish."""
    output, site = tmp_path / "output", tmp_path / "site"
    output.mkdir()
    site.mkdir()
    (output / "index.html").write_bytes(b"<p>home</p>")
    os.link(output / "index.html", site / "index.html")
    _, files = incremental.published(site, tmp_path / "render", {}, output, {}, tmp_path / "work")
    return output, site, files


def test_a_file_nobody_wrote_since_the_record_is_trusted_by_its_recorded_digest(tmp_path: Path):
    output, site, files = published_pair(tmp_path)
    assert published_files.well_formed(files)
    digest = files["files"]["index.html"][0]
    assert published_files.trusted(files, output, site) == {"index.html": (digest, str(site / "index.html"))}
    assert not published_files.damaged(files, output)


def test_a_file_written_in_place_with_the_same_size_and_time_is_not_trusted_and_the_output_is_damaged(tmp_path: Path):
    output, site, files = published_pair(tmp_path)
    status = (site / "index.html").stat()
    with (site / "index.html").open("r+b") as page:
        page.write(b"<p>HOME</p>")
    os.utime(site / "index.html", ns=(status.st_atime_ns, status.st_mtime_ns))
    assert published_files.trusted(files, output, site) == {}
    assert published_files.damaged(files, output)  # the engine's output is the same inode


def test_a_file_the_engine_made_again_is_not_trusted_and_the_output_is_not_damaged(tmp_path: Path):
    output, site, files = published_pair(tmp_path)
    (output / "new.html").write_bytes(b"<p>home</p>")
    os.replace(output / "new.html", output / "index.html")  # a new file renamed over the old (hooks/mkdocs_engine.py)
    assert published_files.trusted(files, output, site) == {}
    assert not published_files.damaged(files, output)


def test_a_file_changed_in_the_tick_its_identity_was_taken_is_never_trusted(tmp_path: Path):
    output, site, files = published_pair(tmp_path)
    files["since"] = files["files"]["index.html"][2][4]  # its ctime is the moment of the record: racy
    assert published_files.trusted(files, output, site) == {}


def test_the_site_digest_is_the_same_whether_a_file_is_read_or_taken_by_its_recorded_digest(tmp_path: Path):
    output, site, files = published_pair(tmp_path)
    (site / "about.html").write_bytes(b"<p>about</p>")
    read = incremental.site_digest(site)
    digest = files["files"]["index.html"][0]
    inode = (site / "index.html").stat().st_ino
    digests, _ = published_files.file_digests(site, {}, {"index.html": (digest, inode)})
    assert published_files.combined(digests) == read
    wrong, _ = published_files.file_digests(site, {}, {"index.html": ("0" * 64, inode)})
    assert published_files.combined(wrong) != read  # the recorded digest is what counts: it must be the right one
    other, _ = published_files.file_digests(site, {}, {"index.html": ("0" * 64, inode + 1)})
    assert published_files.combined(other) == read  # another inode than the one reused: read


def test_a_record_without_well_formed_entries_means_a_full_build(tmp_path: Path):
    record = incremental.BuildRecord(key="k", moment="m", manifest={"docs/a.md": "1"}, site="s",
                                     files={"since": 5, "files": {"a.html": ["d", None, [1, 2, 3, 4, 5]]}})
    incremental.save_record(tmp_path, record)
    assert incremental.load_record(tmp_path) == record
    for files in ({"since": 5}, {"since": "5", "files": {}}, {"since": 5, "files": {"a.html": ["d", None, [1, 2]]}},
                  {"since": 5, "files": {"a.html": ["d", [1, 2, 3, 4, True], [1, 2, 3, 4, 5]]}}):
        assert not published_files.well_formed(files)


def test_the_published_copy_is_hard_links_brought_up_to_date_in_place(tmp_path: Path):
    from schoolpub.engines import link_tree

    output, kept, site = tmp_path / "output", tmp_path / "staging", tmp_path / "site"
    for folder in (output / "a", output / "b", site):
        folder.mkdir(parents=True)
    for name, data in {"index.html": b"home", "a/index.html": b"a", "b/index.html": b"b", "feed.xml": b"f"}.items():
        (output / name).write_bytes(data)
    (site / "feed.xml").write_bytes(b"f")  # the published, finished file of an unchanged output file
    link_tree(output, kept)
    assert {name: (kept / name).stat().st_ino for name in ("index.html", "a/index.html", "b/index.html")} == {
        name: (output / name).stat().st_ino for name in ("index.html", "a/index.html", "b/index.html")}
    (kept / "old").mkdir()
    (kept / "old" / "index.html").write_bytes(b"gone")  # a page the engine no longer makes
    os.unlink(kept / "b" / "index.html")
    (kept / "b" / "index.html").write_bytes(b"b, finished")  # what finish wrote there last time
    (output / "new.html").write_bytes(b"n")
    (output / "a" / "index.html").rename(output / "a.html")  # a folder that became a file
    shutil.rmtree(output / "a")
    (output / "a.html").rename(output / "a")
    untouched = (kept / "index.html").stat().st_ctime_ns
    link_tree(output, kept, {"feed.xml": site / "feed.xml"})
    names = sorted(path.relative_to(kept).as_posix() for path in kept.rglob("*") if path.is_file())
    assert names == ["a", "b/index.html", "feed.xml", "index.html", "new.html"]
    for name in ("a", "b/index.html", "index.html", "new.html"):
        assert os.path.samefile(kept / name, output / name), name
    assert os.path.samefile(kept / "feed.xml", site / "feed.xml")
    assert (kept / "index.html").stat().st_ctime_ns == untouched  # already the right file: not linked again
