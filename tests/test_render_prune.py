"""`schoolpub render` deletes what the plan no longer holds, and never walks into the engine's own folders."""
import os
from pathlib import Path

from schoolpub.plan import Plan
from schoolpub.render import write_plan


def test_files_the_plan_does_not_hold_are_deleted_and_the_engines_folders_are_left_alone(tmp_path: Path):
    out = tmp_path / "render"
    plan = Plan(context=None, pages={"docs/index.md": "# 首页\n", "docs/fees/a/index.md": "# A\n"},
                generated={"docs/data/v1/fees.json": b"{}\n"})
    assert write_plan(plan, out).written == ["docs/data/v1/fees.json", "docs/fees/a/index.md", "docs/index.md"]
    planted = ["site/index.html", "site/fees/a/index.html", ".cache/plugin/x", "docs/stale.md", "docs/old/deep/z.txt"]
    for relative in planted:
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "kept.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", out / "docs" / "link")  # a link to a folder is deleted, never followed
    written = write_plan(plan, out)
    assert (written.written, written.deleted, written.unchanged) == ([], ["docs/link", "docs/old/deep/z.txt",
                                                                          "docs/stale.md"], 3)
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()) == [
        ".cache/plugin/x", "docs/data/v1/fees.json", "docs/fees/a/index.md", "docs/index.md",
        "site/fees/a/index.html", "site/index.html"]
    assert not (out / "docs/old").exists()  # emptied folders go too
    assert (tmp_path / "elsewhere" / "kept.txt").is_file()


def test_a_large_generated_file_is_rewritten_when_any_block_differs_and_only_then(tmp_path: Path):
    """render compares a file with what the directory holds a block at a time (render._holds): a change
    in the second megabyte, or a file one byte longer or shorter, is written; the same bytes are not."""
    out, path = tmp_path / "render", "docs/data/v1/honors.json"
    original = ("荣誉" * 400_000).encode("utf-8")  # 2.4 MB: three blocks
    changed_late = original[:1_500_000] + b"x" + original[1_500_001:]
    for content, written in ((original, [path]), (original, []), (changed_late, [path]), (changed_late, []),
                             (original + b"\n", [path]), (original, [path])):
        assert write_plan(Plan(context=None, generated={path: content}), out).written == written
        assert (out / path).read_bytes() == content


class _MadeAsWritten(dict):
    """Generated files as exports.Exports gives them to render: each as an iterator of its bytes."""

    def chunks(self, path):
        yield from self[path]


def test_a_file_made_as_it_is_written_is_written_when_it_differs_and_named_by_the_digest_of_its_bytes(tmp_path: Path):
    from schoolpub.incremental import content_digests

    out, path, digests = tmp_path / "render", "docs/data/v1/honors.json", content_digests(tmp_path / "cache")
    for parts, written in (([b"{", "荣誉".encode(), b"}\n"], [path]), ([b"{", "荣誉".encode(), b"}\n"], []),
                           ([b"{", "荣耀".encode(), b"}\n"], [path]), ([b"{}\n"], [path])):
        result = write_plan(Plan(context=None, generated=_MadeAsWritten({path: parts})), out, digests)
        assert result.written == written
        assert (out / path).read_bytes() == b"".join(parts)
        assert result.manifest[path] == digests(b"".join(parts))
        assert sorted(item.name for item in (out / path).parent.iterdir()) == ["honors.json"]  # no partial file left
