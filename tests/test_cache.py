"""One keying and one pruning for every on-disk cache (schoolpub/cache.py) and its users."""
from __future__ import annotations

from pathlib import Path

import pytest

from schoolpub import attachments, cache, inventory, media, media_checks, scan_cache, xlsx_clean
from schoolpub.output import facts_cache
from schoolpub.views import page_cache, qr

OLD = "0" * 12  # a fingerprint no current pipeline has


def test_a_key_is_the_sha256_of_the_input_bytes():
    assert cache.key(b"abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"  # FIPS 180-2 example
    assert cache.key(b"ab", "c") == cache.key(b"abc")  # parts are the bytes one after another


def test_a_key_changes_when_the_input_bytes_change():
    assert cache.key(b"%PDF-1.7 a") != cache.key(b"%PDF-1.7 b")
    assert cache.key(b"%PDF-1.7 a") == cache.key(b"%PDF-1.7 a")


def _uncached(function):
    """A fingerprint worked out again (some are memoised for the build)."""
    def call():
        if hasattr(function, "cache_clear"):
            function.cache_clear()
        return function()
    return call


PIPELINES = {  # cache → (module, its version constant, its fingerprint now)
    "photos": (media, "PIPELINE_VERSION", lambda: media.Settings(version=media.PIPELINE_VERSION).fingerprint()),
    "pdf": (attachments, "PIPELINE_VERSION", attachments.fingerprint),
    "xlsx": (xlsx_clean, "PIPELINE_VERSION", xlsx_clean.fingerprint),
    "qr": (qr, "QR_VERSION", _uncached(qr.fingerprint)),
    "pages": (page_cache, "RENDER_VERSION", _uncached(page_cache.fingerprint)),
    "scan": (scan_cache, "SCAN_VERSION", lambda: scan_cache.fingerprint(["0755-12345678"])),
    "pdf-check": (media_checks, "PDF_CHECK_VERSION", _uncached(media_checks._pdf_check_fingerprint)),
    "xlsx-check": (media_checks, "XLSX_CHECK_VERSION", _uncached(media_checks._xlsx_check_fingerprint)),
    "output-pages": (facts_cache, "FACTS_VERSION", _uncached(facts_cache.fingerprint)),
    "finished": (facts_cache, "FACTS_VERSION", _uncached(facts_cache.fingerprint)),
}


@pytest.mark.parametrize("name", PIPELINES)
def test_a_new_pipeline_version_changes_the_fingerprint(monkeypatch, name):
    module, constant, current = PIPELINES[name]
    before = current()
    assert len(before) == 12 and int(before, 16) >= 0
    monkeypatch.setattr(module, constant, getattr(module, constant) + 1)
    after = current()
    monkeypatch.undo()
    assert after != before
    assert current() == before  # and nothing else in it moves between two calls


def _entry_names(fingerprints: dict[str, str]) -> dict[str, str]:
    """One entry of each cache, named by that cache's own Entries, for the given fingerprints."""
    key = cache.key(b"the same original")
    return {
        "photo thumb": media._CACHE_ENTRIES.name(key, fingerprints["photos"], size="thumb", format="jpg"),
        "photo thumb webp": media._CACHE_ENTRIES.name(key, fingerprints["photos"], size="thumb", format="webp"),
        "photo large": media._CACHE_ENTRIES.name(key, fingerprints["photos"], size="large", format="jpg"),
        "pdf": attachments._CACHE_ENTRIES.name(key, fingerprints["pdf"]),
        "xlsx": xlsx_clean._CACHE_ENTRIES.name(key, fingerprints["xlsx"]),
        "qr": qr._ENTRIES.name(key, fingerprints["qr"]),
        "page": page_cache._ENTRIES.name(key, fingerprints["pages"]),
        "scan": scan_cache._ENTRIES.name("", fingerprints["scan"]),
        "pdf pass": media_checks._MARKERS["pdf"].name(key, fingerprints["pdf-check"]),
        "xlsx pass": media_checks._MARKERS["xlsx"].name(key, fingerprints["xlsx-check"]),
        "output pages": facts_cache._ENTRIES.name("", fingerprints["output-pages"]),
        "finished page": facts_cache._FINISHED.name(key, fingerprints["finished"]),
    }


PRUNERS = {  # cache → how the build prunes it, given the fingerprint it holds current
    "photos": lambda directory, fingerprint: media._CACHE_ENTRIES.prune(directory, fingerprint),
    "pdf": lambda directory, fingerprint: attachments._CACHE_ENTRIES.prune(directory, fingerprint),
    "xlsx": lambda directory, fingerprint: xlsx_clean._CACHE_ENTRIES.prune(directory, fingerprint),
    "qr": lambda directory, fingerprint: qr._ENTRIES.prune(directory, fingerprint),
    "pages": lambda directory, fingerprint: page_cache._ENTRIES.prune(directory, fingerprint),
    "scan": lambda directory, fingerprint: scan_cache._ENTRIES.prune(directory, fingerprint),
    "pdf-check": lambda directory, fingerprint: media_checks._MARKERS["pdf"].prune(directory, fingerprint),
    "xlsx-check": lambda directory, fingerprint: media_checks._MARKERS["xlsx"].prune(directory, fingerprint),
    "output-pages": lambda directory, fingerprint: facts_cache._ENTRIES.prune(directory, fingerprint),
    "finished": lambda directory, fingerprint: facts_cache._FINISHED.prune(directory, fingerprint),
}
CURRENT = {name: f"{index + 1:012x}" for index, name in enumerate(PIPELINES)}  # each cache's own, all different


def _filled(directory: Path) -> tuple[set[str], set[str]]:
    """Every cache's current and stale entries, a file being written and a file no cache owns."""
    current, stale = set(_entry_names(CURRENT).values()), set(_entry_names(dict.fromkeys(CURRENT, OLD)).values())
    others = {f".{next(iter(current))}.4242.part", "README.txt"}
    for name in current | stale | others:
        (directory / name).write_bytes(b"x")
    return current | others, stale


@pytest.mark.parametrize("name", PRUNERS)
def test_pruning_one_cache_removes_only_its_own_stale_entries(tmp_path: Path, name):
    _filled(tmp_path)
    before = {path.name for path in tmp_path.iterdir()}
    PRUNERS[name](tmp_path, CURRENT[name])
    removed = before - {path.name for path in tmp_path.iterdir()}
    own_stale = {entry for label, entry in _entry_names(dict.fromkeys(CURRENT, OLD)).items()
                 if entry not in _entry_names({**dict.fromkeys(CURRENT, OLD), name: CURRENT[name]}).values()}
    assert removed == own_stale and removed  # the photo cache removes its three renditions, the others one entry


def test_pruning_every_cache_keeps_exactly_the_current_entries(tmp_path: Path):
    kept, stale = _filled(tmp_path)
    for name, prune in PRUNERS.items():
        prune(tmp_path, CURRENT[name])
    assert {path.name for path in tmp_path.iterdir()} == kept
    assert len(stale) == 12


def test_pruning_with_keep_removes_current_entries_not_kept(tmp_path: Path):
    """The record-page cache keeps only the pages the build used: it never outgrows the site."""
    used, unused = (page_cache._ENTRIES.name(cache.key(text), CURRENT["pages"]) for text in (b"used", b"unused"))
    qr_code = qr._ENTRIES.name(cache.key(b"https://example.edu.cn/"), CURRENT["qr"])
    for name in (used, unused, qr_code):
        (tmp_path / name).write_bytes(b"x")
    page_cache._ENTRIES.prune(tmp_path, CURRENT["pages"], keep={used})
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([used, qr_code])


def test_pruning_a_missing_directory_does_nothing(tmp_path: Path):
    qr._ENTRIES.prune(tmp_path / "never-made", CURRENT["qr"])
    assert not (tmp_path / "never-made").exists()


def test_entry_names_are_unchanged_so_existing_caches_stay_warm():
    key = "a" * 64
    assert media._CACHE_ENTRIES.name(key, "b" * 12, size="thumb", format="jpg") == f"{key}-thumb-{'b' * 12}.jpg"
    assert attachments._CACHE_ENTRIES.name(key, "b" * 12) == f"{key}-{'b' * 12}.pdf"
    assert xlsx_clean._CACHE_ENTRIES.name(key, "b" * 12) == f"{key}-{'b' * 12}.xlsx"
    assert qr._ENTRIES.name(key, "b" * 12) == f"{key}-qr-{'b' * 12}.svg"
    assert page_cache._ENTRIES.name(key, "b" * 12) == f"{key}-page-{'b' * 12}.md"
    assert scan_cache._ENTRIES.name("", "b" * 12) == f"scan-clean-{'b' * 12}.json"
    assert media_checks._MARKERS["pdf"].name(key, "b" * 12) == f"{key}-pdf-checked-{'b' * 12}"
    assert facts_cache._ENTRIES.name("", "b" * 12) == f"output-pages-{'b' * 12}.jsonl"
    assert facts_cache._FINISHED.name(key, "b" * 12) == f"{key}-finished-{'b' * 12}.html"


def test_a_new_check_pass_prunes_the_passes_of_another_checker(tmp_path: Path, monkeypatch):
    """The checks remember a PDF that passed; the first pass of a new checker deletes the old checker's."""
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    monkeypatch.setenv(media.CACHE_VARIABLE, str(cache_dir))
    data = tmp_path / "school" / "data"
    (data / "media").mkdir(parents=True)
    pdf = data / "media" / "notice.pdf"
    pdf.write_bytes(b"%PDF-1.4 a notice")
    checks = media_checks.MediaChecks(inventory.take(data, str), data, str, lambda: [])
    checker = CURRENT["pdf-check"]
    stale = media_checks._MARKERS["pdf"].name(cache.key(b"%PDF-1.4 another"), OLD)
    unrelated = [qr._ENTRIES.name(cache.key(b"https://example.edu.cn/"), OLD),
                 media_checks._MARKERS["xlsx"].name(cache.key(b"PK"), OLD)]  # another kind of pass: its own checker
    for name in [stale, *unrelated]:
        (cache_dir / name).touch()
    assert checks.remembered(pdf, "pdf", checker, lambda: []) == []
    current = media_checks._MARKERS["pdf"].name(cache.key(pdf.read_bytes(), repr([])), checker)
    assert sorted(path.name for path in cache_dir.iterdir()) == sorted([current, *unrelated])

    def must_not_read() -> list[str]:
        raise AssertionError("a remembered pass read the file again")
    assert checks.remembered(pdf, "pdf", checker, must_not_read) == []
