"""What a warm build reuses: QR codes and the output scan's clean files, keyed by content.

A hit must be byte-identical to what would be made afresh, a change of the pipeline (its
version, the scanner's code, the public phones) must invalidate everything, and a changed
input must be redone on its own.
"""
import json
import unicodedata
from pathlib import Path

from hypothesis import given, settings, strategies as st

from conftest import write

from schoolpub import privacy, scan_cache, site_scan
from schoolpub.views import qr

URL = "https://example.edu.cn/fees/2027-spring/"


def test_cached_qr_code_is_byte_identical_to_a_fresh_one(tmp_path: Path):
    fresh = qr.qr_svg(URL)
    first = qr.qr_svg(URL, tmp_path)  # a miss: made and stored
    entries = sorted(path.name for path in tmp_path.iterdir())
    assert len(entries) == 1 and entries[0].endswith(f"-qr-{qr.fingerprint()}.svg")
    second = qr.qr_svg(URL, tmp_path)  # a hit
    assert fresh == first == second
    assert (tmp_path / entries[0]).read_text(encoding="utf-8") == str(fresh)


def test_qr_cache_hit_is_used_and_another_url_is_made_on_its_own(tmp_path: Path, monkeypatch):
    qr.qr_svg(URL, tmp_path)
    made = []
    monkeypatch.setattr(qr, "_make", lambda url: made.append(url) or '<svg x="1"></svg>')
    qr.qr_svg(URL, tmp_path)
    assert made == []  # served from the cache
    assert str(qr.qr_svg(URL + "x/", tmp_path)) == '<svg x="1"></svg>' and made == [URL + "x/"]


def test_qr_pipeline_version_change_invalidates_and_prunes_every_code(tmp_path: Path, monkeypatch):
    qr.qr_svg(URL, tmp_path)
    (tmp_path / "photo-entry.jpg").write_bytes(b"not ours")
    old = qr.fingerprint()
    monkeypatch.setattr(qr, "QR_VERSION", qr.QR_VERSION + 1)
    qr.fingerprint.cache_clear()
    try:
        assert qr.fingerprint() != old
        made = []
        real = qr._make
        monkeypatch.setattr(qr, "_make", lambda url: made.append(url) or real(url))
        qr.qr_svg(URL, tmp_path)
        assert made == [URL]
        qr.prune_codes(tmp_path)
        assert sorted(path.name.split("-qr-")[-1] for path in tmp_path.glob("*-qr-*")) == [f"{qr.fingerprint()}.svg"]
        assert (tmp_path / "photo-entry.jpg").exists()  # other pipelines' entries are left alone
    finally:
        qr.fingerprint.cache_clear()


def test_corrupt_qr_entry_is_made_again(tmp_path: Path):
    qr.qr_svg(URL, tmp_path)
    entry = next(tmp_path.glob("*-qr-*"))
    entry.write_text("<svg broken", encoding="utf-8")
    assert qr.qr_svg(URL, tmp_path) == qr.qr_svg(URL)


ID = "11010519491231002X"


def test_output_scan_skips_only_files_found_clean_before(tmp_path: Path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "a/index.html", "<p>电话 13800138000 已公开</p>")
    write(site, "b/index.html", "<p>没有号码</p>")
    assert site_scan.scan_site(site, ["13800138000"], cache) == []
    scanned = []
    real = site_scan.scan_text
    monkeypatch.setattr(site_scan, "scan_text", lambda raw, *rest: scanned.append(rest[1]) or real(raw, *rest))
    assert site_scan.scan_site(site, ["13800138000"], cache) == []
    assert scanned == []  # nothing changed: nothing scanned
    write(site, "b/index.html", f"<p>身份证 {ID}</p>")  # one changed file is scanned, and only it
    assert [leak.human() for leak in site_scan.scan_site(site, ["13800138000"], cache)] == \
        ["site/b/index.html:1:8: 错误：" + privacy.MESSAGES["id"]]
    assert scanned == ["b/index.html"]
    scanned.clear()  # a leaking file is never remembered as clean
    assert len(site_scan.scan_site(site, ["13800138000"], cache)) == 1 and scanned == ["b/index.html"]
    scanned.clear()  # other public phones: another fingerprint, everything scanned again
    assert [leak.kind for leak in site_scan.scan_site(site, [], cache)] == ["mobile", "id"]
    assert scanned == ["a/index.html", "b/index.html"]
    assert len(list(cache.glob("scan-clean-*.json"))) == 1  # the other fingerprint's file is pruned


def test_a_file_with_a_number_that_becomes_an_id_later_is_never_remembered_clean(tmp_path: Path, monkeypatch):
    """Before its birth date a number is not an ID (privacy.py); the scan cache has no day in its key,
    so a file holding such a number is scanned on every build and is caught on that day."""
    import datetime as dt

    from test_check_cache import _id_born

    born = dt.date.today() + dt.timedelta(days=40)
    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "a/index.html", f"<p>编号 {_id_born(born)}</p>")
    write(site, "b/index.html", "<p>没有号码</p>")
    assert site_scan.scan_site(site, [], cache) == []
    scanned = []
    real = site_scan.scan_text
    monkeypatch.setattr(site_scan, "scan_text", lambda raw, *rest: scanned.append(rest[1]) or real(raw, *rest))
    assert site_scan.scan_site(site, [], cache) == []
    assert scanned == ["a/index.html"]


def test_scanner_code_is_part_of_the_scan_fingerprint(monkeypatch, tmp_path: Path):
    before = scan_cache.fingerprint([])
    monkeypatch.setattr(scan_cache, "SCAN_VERSION", scan_cache.SCAN_VERSION + 1)
    assert scan_cache.fingerprint([]) != before
    fake = tmp_path / "privacy.py"
    fake.write_bytes(Path(privacy.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(scan_cache, "SCAN_VERSION", scan_cache.SCAN_VERSION - 1)
    monkeypatch.setattr(privacy, "__file__", str(fake))
    assert scan_cache.fingerprint([]) != before


# Digits as people type or paste them: ASCII, full-width, Arabic-Indic, superscripts, circled.
_DIGITS = "0123456789" + "０１２３４５６７８９" + "٠١٢٣٤٥٦٧٨٩" + "¹²³⁴" + "①②③" + "X -　&#;½"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_DIGITS + "号码电话身份证", max_size=40))
def test_prefilter_never_hides_a_leak(text):
    """The cheap test says "no number" only where the exact scan finds none."""
    if not privacy.may_hold_a_number(text):
        normal = privacy._normalised(text)
        assert sum(1 for character in normal if unicodedata.category(character) == "Nd") < 11
        assert privacy.find_leaks(text) == []


def test_prefilter_keeps_every_kind_of_leak():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "13800138000")
    for text in ("13800138000", full_width, "138 0013 8000", "110105 1949 1231 002X", ID):
        assert privacy.may_hold_a_number(text)
        assert privacy.find_leaks(text)


def test_cold_and_warm_builds_of_the_demo_are_byte_identical(tmp_path: Path, monkeypatch):
    """Every cache (photos, PDFs, QR codes, record pages, the scan's clean files) empty, then full: the same site."""
    import os

    from conftest import REPO

    from test_build import build

    sites = []
    for name in ("cold", "warm"):  # the warm build renders into the same build directory: nothing to rewrite
        site = tmp_path / name
        result = build(REPO, site, build_dir=tmp_path / "build", env={"SCHOOLPUB_PHOTO_CACHE": str(tmp_path / "cache")})
        assert result.returncode == 0, result.stderr
        sites.append(site)
    assert "生成目录已更新：写入 0 个文件，删除 0 个，" in result.stdout
    cache = sorted(path.name for path in (tmp_path / "cache").iterdir())
    assert any("-qr-" in name for name in cache) and any(name.startswith("scan-clean-") for name in cache)
    assert sum(1 for name in cache if "-page-" in name) == 60  # every record page of the demo
    # photo renditions are hard links to their cache entries, not copies
    photo = sites[1] / "media" / "festivals" / "2024-art" / "01-large.jpg"
    assert [entry.name.split("-")[1] for entry in (tmp_path / "cache").iterdir() if os.path.samefile(entry, photo)] \
        == ["large"]
    cold, warm = sites
    files = sorted(path.relative_to(cold).as_posix() for path in cold.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(warm).as_posix() for path in warm.rglob("*") if path.is_file())
    assert [name for name in files if (cold / name).read_bytes() != (warm / name).read_bytes()] == []


def test_a_build_after_an_edit_shows_the_edit_and_only_that_page_is_rendered_again(tmp_path: Path, monkeypatch):
    """Through make site: the record-page cache never serves a page its data has left behind."""
    from conftest import REPO
    from test_build import build, site_project

    project = site_project(tmp_path, REPO / "data")
    monkeypatch.setenv("SCHOOLPUB_PHOTO_CACHE", str(tmp_path / "cache"))
    assert build(project, tmp_path / "first").returncode == 0
    entries = {path.name for path in (tmp_path / "cache").glob("*-page-*.md")}
    notice = project / "data" / "fees" / "2027-spring.yml"
    notice.write_text(notice.read_text(encoding="utf-8").replace("issuer: 示例市实验小学", "issuer: 示例市实验小学财务室"),
                      encoding="utf-8")
    result = build(project, tmp_path / "second")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "second" / "fees" / "2027-spring" / "index.html").read_text(encoding="utf-8")
    assert "示例市实验小学财务室" in page
    after = {path.name for path in (tmp_path / "cache").glob("*-page-*.md")}
    assert len(after - entries) == 1 and len(entries - after) == 1  # one page rendered anew, its old entry pruned


def _search_index(pages: dict[str, str]) -> str:
    docs = []
    for location, text in pages.items():
        docs += [{"location": location, "title": f"页面{location}", "text": text},
                 {"location": f"{location}#a", "title": "一节", "text": text[:40]}]
    return json.dumps({"config": {"lang": ["zh"]}, "docs": docs}, separators=(",", ":"))


def test_a_search_index_is_scanned_page_by_page_and_an_edit_rescans_only_that_page(tmp_path: Path, monkeypatch):
    """The index is one line of megabytes rewritten on every edit: its parts are remembered clean, each
    by its bytes; a find is reported exactly as the scan of the whole line reports it."""
    pages = {f"p{number}/": "学校开展活动，家长可以参加。" * 60 for number in range(300)}
    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "search/search_index.json", _search_index(pages))
    assert len((site / "search/search_index.json").read_bytes()) > site_scan.LONG_LINE
    scanned = []
    real = site_scan.scan_text
    monkeypatch.setattr(site_scan, "scan_text", lambda raw, *rest: scanned.append(len(raw)) or real(raw, *rest))
    assert site_scan.scan_site(site, [], cache) == []
    assert len(scanned) == 300  # one part per page (with its sections), the first one with the index's head
    scanned.clear()
    assert site_scan.scan_site(site, [], cache) == [] and scanned == []
    pages["p150/"] = "学校开展活动，家长可以参加。" * 59 + "改了一句。"
    write(site, "search/search_index.json", _search_index(pages))
    assert site_scan.scan_site(site, [], cache) == []
    assert len(scanned) == 1
    pages["p150/"] += "联系 13800138000"
    write(site, "search/search_index.json", _search_index(pages))
    raw = (site / "search/search_index.json").read_bytes()
    whole = real(raw, ".json", "search/search_index.json", [])
    assert [leak.human() for leak in site_scan.scan_site(site, [], cache)] == [leak.human() for leak in whole] == [
        f"site/search/search_index.json:1:{raw.decode().index('13800138000') + 1}: 错误：{privacy.MESSAGES['mobile']}"]


def test_a_long_open_data_file_is_scanned_in_parts_of_whole_lines_and_an_edit_rescans_only_its_part(
        tmp_path: Path, monkeypatch):
    """Open data (data/v1/*.json, *.csv: megabytes of lines, rewritten on every edit of its kind) is cut after
    lines chosen by their own bytes, so an edit changes one part; a find is reported as the whole file's scan
    reports it, and a calendar (folded lines: a number may run across two) is never cut."""
    records = [{"id": f"r{number}", "title": f"第{number}号通知", "text": "学校开展活动，家长可以参加。" * 8}
               for number in range(1500)]
    site, cache = tmp_path / "site", tmp_path / "cache"
    write(site, "data/v1/affairs.json", json.dumps(records, ensure_ascii=False, indent=2))
    raw = (site / "data/v1/affairs.json").read_bytes()
    assert len(raw) > site_scan.LONG_LINE
    parts = site_scan._line_parts(raw)
    assert b"".join(parts) == raw and all(part.endswith(b"\n") for part in parts[:-1]) and 20 < len(parts) < 200
    scanned = []
    real = site_scan.scan_text
    monkeypatch.setattr(site_scan, "scan_text", lambda raw, *rest: scanned.append(raw) or real(raw, *rest))
    assert site_scan.scan_site(site, [], cache) == [] and scanned == parts
    scanned.clear()
    records[700]["title"] = "第700号通知（更正）"
    write(site, "data/v1/affairs.json", json.dumps(records, ensure_ascii=False, indent=2))
    assert site_scan.scan_site(site, [], cache) == []
    assert len(scanned) == 1 and "第700号通知（更正）".encode() in scanned[0]
    scanned.clear()
    records[900]["text"] += "联系 13800138000"
    write(site, "data/v1/affairs.json", json.dumps(records, ensure_ascii=False, indent=2))
    raw = (site / "data/v1/affairs.json").read_bytes()
    line = raw.decode().splitlines().index(next(text for text in raw.decode().splitlines() if "13800138000" in text))
    column = raw.decode().splitlines()[line].index("13800138000") + 1
    assert [leak.human() for leak in site_scan.scan_site(site, [], cache)] == [
        f"site/data/v1/affairs.json:{line + 1}:{column}: 错误：{privacy.MESSAGES['mobile']}"]
    assert scanned[-1] == raw  # the part with the find, then the exact scan of the whole file
    assert site_scan._parts(b"BEGIN:VCALENDAR\r\n" * 20000, ".ics") == ([], "")
