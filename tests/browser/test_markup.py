"""The built demo site: valid HTML from our side, and a description and link preview on every page.

- The Nu Html Checker (vnu.jar, pinned in tools/vnu, run with Debian's Java; both installed by
  scripts/install_ci_tools.sh) checks every page. Errors caused by our templates, hooks and CSS
  must be zero; Material's own remaining errors are pinned per message and may only go down.
- Every page has exactly one non-empty <meta name="description"> and the whole Open Graph set;
  record pages have their record's own text (exact strings below), never pupils' names.

Shares the session build of the browser tests (conftest.built_site); needs no browser.
"""
from __future__ import annotations

import collections
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .support import REPO

VNU_JAR = REPO / "tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_URL = "https://example.edu.cn/"

# Material for MkDocs 9.8.1's own errors (its search form and its drawer/search toggles),
# counted on the demo site. Lower these when Material fixes them; never raise them.
MATERIAL_ERRORS = {
    "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, “datetime-local”, "
    "“email”, “hidden”, “month”, “number”, “password”, “range”, “search”, “tel”, “text”, “time”, “url”, "
    "or “week”.": 2,
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.": 1,
}  # at most this many on one page: Material's own markup, the same on every page (so the pin holds as pages grow)

OPEN_GRAPH = ("og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale", "og:image")


class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.metas: list[dict[str, str]] = []
        self.html_attrs: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "meta":
            self.metas.append({k: v or "" for k, v in attrs})
        elif tag == "html":
            self.html_attrs = {k: v or "" for k, v in attrs}


def head_of(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def values(head: _Head, attribute: str, name: str) -> list[str]:
    return [meta.get("content", "") for meta in head.metas if meta.get(attribute) == name]


def pages(site: Path) -> list[Path]:
    """The pages parents read: not vendored assets, nor the staff-only editor /admin/ (noindex,
    never linked: no description or link card; tests/browser/test_editor.py checks it)."""
    return sorted(path for path in site.rglob("*.html") if path.relative_to(site).parts[0] not in ("assets", "admin"))


def test_nu_html_checker_finds_no_error_of_ours(built_site):
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail(f"the Nu Html Checker is missing ({VNU_JAR}, java): run scripts/install_ci_tools.sh",
                    pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html", "--format", "json",
                             str(built_site)], capture_output=True, text=True, timeout=180)
    report = json.loads(result.stderr or result.stdout)
    errors = [m for m in report["messages"] if m.get("type") == "error"]
    counts = collections.Counter(m["message"] for m in errors)
    ours = {message: count for message, count in counts.items() if message not in MATERIAL_ERRORS}
    examples = {m["message"]: f'{m.get("url", "")}:{m.get("lastLine", "")} {m.get("extract", "")!r}'
                for m in errors if m["message"] in ours}
    assert not ours, "Nu Html Checker errors from our templates, hooks or CSS:\n" + "\n".join(
        f"{count} × {message}\n    e.g. {examples[message]}" for message, count in ours.items())
    per_page = collections.Counter((m["message"], m.get("url", "")) for m in errors if m["message"] in MATERIAL_ERRORS)
    for (message, url), count in per_page.items():
        assert count <= MATERIAL_ERRORS[message], f"Material's error grew on {url} ({count}): {message}"


def test_every_page_has_one_description_and_the_open_graph_set(built_site):
    checked = 0
    for path in pages(built_site):
        relative = path.relative_to(built_site).as_posix()
        head = head_of(path)
        descriptions = values(head, "name", "description")
        assert len(descriptions) == 1 and descriptions[0].strip(), f"{relative}: descriptions {descriptions}"
        assert len(descriptions[0]) <= 120, f"{relative}: description too long ({len(descriptions[0])})"
        for prop in OPEN_GRAPH:
            found = values(head, "property", prop)
            assert len(found) == 1 and found[0].strip(), f"{relative}: {prop} {found}"
        assert values(head, "property", "og:locale") == ["zh_CN"]
        assert values(head, "property", "og:url")[0].startswith(SITE_URL), relative
        image = values(head, "property", "og:image")[0]
        assert image.startswith(SITE_URL + "media/") and image.endswith("-large.jpg"), f"{relative}: {image}"
        assert (built_site / image[len(SITE_URL):]).is_file(), f"{relative}: {image} is not published"
        assert values(head, "name", "twitter:card") == ["summary"]
        assert values(head, "itemprop", "name") == values(head, "property", "og:title")
        assert values(head, "itemprop", "description") == descriptions
        assert values(head, "itemprop", "image") == [image]
        assert head.html_attrs.get("itemscope") is not None, f"{relative}: itemprop without an item"
        checked += 1
    assert checked >= 60


RECORD_PAGES = {
    "fees/2027-spring/index.html": {
        "description": "2026-2027学年第二学期收费公示：收费范围一至六年级全体学生，收费项目 4 项，"
                       "住校生必交 450 元/学期，自愿项目 3 项；公示期2026年11月20日至2027年3月10日。",
        "og:title": "示例市实验小学2026-2027学年第二学期收费公示",
        "og:image": SITE_URL + "media/school/logo-large.jpg",
    },
    "festivals/2024-art/index.html": {  # guardians consented: the first gallery photo, large rendition
        "description": "2024年第11届艺术节，主题“童心向党 艺润成长”，2024年5月13日至5月24日，地点学校礼堂。",
        "og:title": "2024年第11届艺术节",
        "og:image": SITE_URL + "media/festivals/2024-art/01-large.jpg",
    },
    "regulations/2019-charter/index.html": {
        "description": "综合管理（示实小〔2019〕1号），状态：现行，2019年9月1日起施行，教职工代表大会通过。",
        "og:title": "示例市实验小学章程",
        "og:image": SITE_URL + "media/school/logo-large.jpg",
    },
    "honors/2026-merit-pupils/index.html": {
        "description": "校级获奖：三好学生216人；优秀学生干部32人；先进班集体13个；示例市实验小学，2026年6月20日。",
        "og:title": "关于表彰2025—2026学年度三好学生、优秀学生干部和先进班集体的决定",
        "og:image": SITE_URL + "media/school/logo-large.jpg",
    },
}


@pytest.mark.parametrize("relative", sorted(RECORD_PAGES))
def test_record_pages_describe_their_record(built_site, relative):
    head = head_of(built_site / relative)
    expected = RECORD_PAGES[relative]
    assert values(head, "name", "description") == [expected["description"]]
    assert values(head, "property", "og:description") == [expected["description"]]
    assert values(head, "property", "og:title") == [expected["og:title"]]
    assert values(head, "property", "og:image") == [expected["og:image"]]
    assert values(head, "property", "og:type") == ["article"]
    assert values(head, "property", "og:url") == [SITE_URL + relative[: -len("index.html")]]


def test_no_pupil_name_in_an_honour_page_head(built_site):
    """Link previews travel further than the page: no pupil's name, masked or not."""
    import yaml

    for source in sorted((REPO / "data" / "honors").glob("*.yml")):
        record = yaml.safe_load(source.read_text(encoding="utf-8"))
        names = set()
        for group in record.get("groups") or [record]:
            if group.get("recipient_kind") != "学生":
                continue
            for entry in group.get("recipients") or []:
                names.update(filter(None, [entry.get("name")]))
                names.update((entry.get("names") or "").split())
        head = head_of(built_site / "honors" / source.stem / "index.html")
        text = " ".join(meta.get("content", "") for meta in head.metas)
        leaked = sorted(name for name in names if len(name) >= 2 and name[0] in text and name in text)
        assert not leaked, f"{source.name}: names in the head: {leaked}"
