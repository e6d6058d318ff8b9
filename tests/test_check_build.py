"""`make check` and the build agree: whatever the check accepts builds, and whatever
cannot build the check has already refused, in Chinese, at a line. Never a traceback.

Hypothesis mutates the demo school's data (a value of any record replaced by other
text, another type, a date or amount at the edge, hostile Markdown, a key removed,
a list item repeated), writes the YAML back and runs the check. Two depths:

- every accepted mutation is rendered completely without MkDocs: every page (views,
  then Markdown with the site's own extensions), every export, each encoded as
  UTF-8 and scanned by the output privacy scan (many cases, fast);
- a few mutations go through the real `mkdocs build --strict`, whose exit code must
  match the check's (seconds each), and whose links must all resolve when it succeeds.

A second kind of mutation gives a photo or PDF another file name (spaces, `#`, `%`,
quotes, Chinese, line breaks, tabs, bidi controls, anything): the check either refuses
it, or every page links to its published copies with URLs that resolve.
"""
from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, event, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import MINIMAL, REPO
from test_build import site_project

from schoolpub import bodies, exports, privacy, urls, views
from schoolpub.build import context_for
from schoolpub.cli import main as cli_main
from schoolpub.loader import load_site
from schoolpub.names import masked
from schoolpub.yamlgate import parse

sys.path.insert(0, str(REPO / "scripts"))
import check_links  # noqa: E402

DEMO_FILES = sorted(path.relative_to(REPO / "data").as_posix() for path in (REPO / "data").rglob("*.yml"))
TODAY = "2026-11-23"

EDGE_TEXT = ["", " ", "0", "-1", "0.001", "1e309", "9" * 40, "NaN", "2025-02-29", "0001-01-01", "9999-12-31",
             "2025-9-1", "2025年13月1日", "12:30", "08:30-07:00", "24:00-25:00", "true", "是", "null", "~",
             "{{ config }}", "{% include 'x' %}", "<script>alert(1)</script>", "[x](javascript:alert(1))",
             "| a | b |\n|---|---|\n| 1 | 2 |", "# 标题", "```\ncode", "&#x202e;", "&#0;", "&#xd800;", "\\",
             "](", "*" * 30, "第一条 总则\n第二条 细则", "a\u0301", "\U0001F468\u200d\U0001F469", "\ud800", "\u202e",
             "\u200b", "\x00", "\x85", "\ufffe", "王小明", "欧阳娜娜", "迪丽热巴·迪力木拉提", "110105 2015 0307 1237",
             "王　琪", "王\u00a0琪", "欧阳　娜娜", "迪丽娜尔•艾力", "迪丽娜尔 ・ 艾力", "二年级（3）班 王　琪", "三(2)班王小明、李华",
             "138 0013 8000", "98分", "https://example.com/a b", "mailto:", "tel:", "../../etc/passwd",
             "affairs/none.pdf", "festivals/2024-art/01.jpg",
             # printed back in messages: a line of its own, a workflow command, a formula in an export
             "x\n::error file=README.md::x", "::stop-commands::tok", "##[add-mask]x", "a\r\nb", "a\u2028b",
             '=HYPERLINK("http://example.com/")', "@SUM(1)", "- 第一条"]


def _letter(character: str) -> st.SearchStrategy[str]:
    """One character of a scheme as a browser would still read it: as is, in the other case,
    or as a character reference (decimal, hex, without its semicolon), with a tab, line break
    or control character before it now and then."""
    code = ord(character.lower())
    forms = st.sampled_from([character, character.upper(), f"&#{code};", f"&#x{code:x};", f"&#X{code:X};",
                             f"&#{code:03d}", f"%{code:02X}"])
    noise = st.sampled_from(["", "", "", "\t", "&Tab;", "&NewLine;", "&#9;", "&#10;", "&#x0d;", "\x01", "&#1;"])
    return st.tuples(noise, forms).map("".join)


_COLON = st.sampled_from([":", ":", "&colon;", "&#58;", "&#x3a;", "&#x3A", "%3A", "&#0058;"])
_SCHEME = st.sampled_from(["javascript", "vbscript", "data", "file", "ftp", "http", "https", "mailto", "tel"])
_PREFIX = st.sampled_from(["", "", " ", "\x00", "&#0;", "&#32;", "&#x20;", "&#9;", "\u200b"])
OBFUSCATED_URL = st.builds(
    lambda prefix, letters, colon, rest: prefix + "".join(letters) + colon + rest,
    _PREFIX, _SCHEME.flatmap(lambda scheme: st.tuples(*map(_letter, scheme))), _COLON,
    st.sampled_from(["alert(document.domain)", "//example.com/x", "text/html,<script>alert(1)</script>", "12345"]))
# Every way a body can carry a target: inline, <…>, title, reference, image, autolink, raw HTML.
LINK_SHAPES = ["[点这里]({})", "[点这里](<{}>)", '[点这里]({} "标题")', "[点这里][r]\n\n[r]: {}", "![图]({})",
               "<{}>", '<a href="{}">点这里</a>', "<img src=x onerror=alert(1)>{}", "`[代码]({})`"]
HOSTILE_LINK = st.builds(str.format, st.sampled_from(LINK_SHAPES), OBFUSCATED_URL)
TEXT = st.one_of(st.sampled_from(EDGE_TEXT), st.text(max_size=40),
                 st.text(alphabet=st.characters(codec="utf-8"), max_size=20), HOSTILE_LINK)
VALUE = st.one_of(TEXT, st.none(), st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT, max_size=2))


def leaves(data: Any, path: tuple = ()) -> list[tuple]:
    """Every path in a record (scalars and containers alike) that a mutation may touch."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += leaves(value, path + (index,))
    return found


def mutated(data: Any, path: tuple, action: str, value: Any) -> Any:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "append" and isinstance(parent[last], str):
        parent[last] = parent[last] + value if isinstance(value, str) else parent[last]
    elif action == "repeat" and isinstance(parent, list):
        parent[last + 1:last + 1] = [parent[last]] * 3
    return data


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A copy of the repository's build settings and demo data, and a shared photo cache."""
    root = tmp_path_factory.mktemp("agree")
    project = site_project(root, REPO / "data")
    os.environ["SCHOOLPUB_PHOTO_CACHE"] = str(root / "photos")
    os.environ["SCHOOLPUB_TODAY"] = TODAY
    config = load_config(str(REPO / "mkdocs.yml"))
    return project, config


class _StaffStyle(yaml.SafeDumper):
    """Writes YAML the way the gate wants it: multi-line text as `|` blocks, no folded lines."""


_StaffStyle.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def write_mutation(project: Path, file: str, data: Any) -> None:
    text = yaml.dump(data, Dumper=_StaffStyle, allow_unicode=True, sort_keys=False, width=float("inf"))
    (project / "data" / file).write_text(text, encoding="utf-8")


def restore(project: Path, file: str) -> None:
    shutil.copyfile(REPO / "data" / file, project / "data" / file)


def check_exit(project: Path) -> int:
    code = cli_main(["--root", str(project), "check"])
    assert code in (0, 1), "the check ended with an internal error"
    return code


def render_everything(project: Path, config) -> list[str]:
    """Every page (as HTML) and export the build would write, without MkDocs; raises on any failure."""
    site, problems = load_site(project / "data")
    assert not problems
    context = context_for(site, config.site_url, with_media=True)
    pages = [views.home(context), views.about(context)]
    pages += [views.section_index(context, name) for name in ("affairs", "fees", "honors", "festivals", "regulations")]
    published = {path for photo in context.photos.values() for path, _ in photo.site_files()}
    published |= {f"media/{reference}" for reference in context.attachments}
    for content_type, record_id, _ in views.all_records(site):
        yaml.safe_dump(views.front_matter(context, content_type.name, record_id))
        page = views.record_page(context, content_type.name, record_id)
        assert unresolved_media_links(page, views.record_src(content_type.name, record_id), published) == []
        pages.append(page)
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    phones = [phone.number for phone in site.school.phones]
    html_pages = [converter.reset().convert(page) for page in pages]
    for page_html in html_pages:
        assert bodies.DEFUSED not in page_html, "the page had to defuse a link the check accepted"
        assert all(urls.is_safe(target) for target in targets_of(page_html)), "an unsafe link reached a page"
    outputs = html_pages + list(exports.all_exports(context).values())
    texts = [output.decode("utf-8") if isinstance(output, bytes) else output for output in outputs]
    for text in texts:
        text.encode("utf-8")  # a lone surrogate fails here, as it would when MkDocs writes the file
        for line in text.splitlines():
            assert not privacy.find_leaks(line, phones), "the output scan would refuse what the check accepted"
    return texts


_RAW_URL = re.compile(r'\b(?:src|srcset|href)="([^"]*)"')
_MARKDOWN_LINK = re.compile(r"\]\(([^)]*)\)")


def unresolved_media_links(page: str, src_uri: str, published: set[str]) -> list[str]:
    """URLs into media/ that a record page writes and that name no published file, read as the
    browser reads raw HTML (relative to the page's URL, a srcset entry ends at a space) and as
    MkDocs reads a Markdown link (relative to the page's file; no space in it)."""
    candidates = [(src_uri[:-len(".md")], (html.unescape(url).split() or [""])[0]) for url in _RAW_URL.findall(page)]
    candidates += [(posixpath.dirname(src_uri), url) for url in _MARKDOWN_LINK.findall(page)]
    unresolved = []
    for base, url in candidates:
        if ":" in url.split("/")[0] or url.startswith("#"):
            continue  # another site, mailto:, tel:, or an anchor of the page
        target = posixpath.normpath(posixpath.join(base, unquote(url.split("#")[0])))
        if target.startswith("media/") and (target not in published or any(c.isspace() for c in url)):
            unresolved.append(url)
    return unresolved


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)  # judged as written: urls.is_safe decodes as a browser does
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src", "action", "formaction") and value]


def targets_of(html: str) -> list[str]:
    parser = _Targets()
    parser.feed(html)
    return parser.found


# Most values have a type (a date, an amount, a fixed list), so most replacements are
# refused; appending text to free text (titles, bodies, names, notes) keeps a record
# valid far more often, and that is where the build must cope with anything.
MUTATION = st.tuples(st.sampled_from(DEMO_FILES), st.integers(min_value=0, max_value=10_000),
                     st.sampled_from(["append", "append", "append", "replace", "delete", "repeat"]), VALUE)


def free_text(data: Any, path: tuple) -> bool:
    value = data
    for part in path:
        value = value[part]
    return isinstance(value, str) and any("\u4e00" <= character <= "\u9fff" for character in value)


def apply(project: Path, mutation) -> str:
    file, pick, action, value = mutation
    document, errors = parse((REPO / "data" / file).read_bytes())
    assert not errors
    paths = leaves(document.data)
    if action == "append":
        paths = [path for path in paths if free_text(document.data, path)] or paths
        value = value if isinstance(value, str) else str(value)
    write_mutation(project, file, mutated(document.data, paths[pick % len(paths)], action, value))
    return file


@settings(max_examples=50, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=MUTATION)
def test_what_the_check_accepts_renders_completely(workspace, mutation):
    project, config = workspace
    file = apply(project, mutation)
    try:
        accepted = check_exit(project) == 0
        event("accepted by the check" if accepted else "refused by the check")
        if accepted:
            render_everything(project, config)
    finally:
        restore(project, file)


# A pupil's name padded for alignment, as pasted lists carry it: 王　琪, 欧阳 翊, 迪丽娜尔 • 骁.
# The given-name characters appear nowhere else in the demo: one of them in an output is a leak.
PADDING = st.text(alphabet=" \u3000\u00a0\u2002\u2003\u202f", min_size=1, max_size=3)
GIVEN_NAMES = "翊骁婧琛"
GIVEN = st.text(alphabet=GIVEN_NAMES, min_size=1, max_size=2)
DOT = st.sampled_from(["·", "•", "‧", "・", "･", ".", "．"])
PADDED_NAME = st.one_of(
    st.tuples(st.sampled_from(["王", "欧阳", "司马"]), PADDING, GIVEN).map("".join),
    st.tuples(st.just("迪丽娜尔"), st.sampled_from(["", " ", "\u3000"]), DOT, st.sampled_from(["", " "]), GIVEN)
    .map("".join))
# (file, the line that names one pupil) in the demo: an honour list and a festival result
PUPIL_LINES = [("honors/2024-provincial-calligraphy.yml", "  - name: 王琪\n"),
               ("festivals/2024-science.yml", "      - name: 陈思远\n")]


@settings(max_examples=20, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=PADDED_NAME, place=st.sampled_from(PUPIL_LINES))
def test_a_padded_pupils_name_is_accepted_and_never_published_whole(workspace, name, place):
    project, config = workspace
    file, line = place
    source = (REPO / "data" / file).read_text(encoding="utf-8")
    assert line in source
    (project / "data" / file).write_text(source.replace(line, line.split(":")[0] + f": {name}\n"), encoding="utf-8")
    try:
        assert check_exit(project) == 0
        outputs = render_everything(project, config)
    finally:
        restore(project, file)
    plain = re.sub(r"\s", "", name)
    plain = re.sub("[•‧・･.．]", "·", plain)  # the name as staff meant it, worked out here, not by the code under test
    shown = masked(plain)  # 王翊 → 王*, 王翊琛 → 王*琛, 迪丽娜尔·翊 → 迪***·*
    hidden = set(name) & set(GIVEN_NAMES) - set(shown)  # 王　翊 was shown 王*翊: its given name published
    assert [text for text in outputs if hidden & set(text)] == []
    assert any(shown in text for text in outputs)


# -- media file names ----------------------------------------------------------------------

# Names phones, WeChat and Windows give files: the check must accept them, and they must work.
PHONE_NAMES = ["IMG_2041 (1)", "微信图片_20240901", "照片 #1", "a%20b", "a+b", "a&b", "a'b", "x,y 2x", "-1", "=1+1"]
ODD_NAMES = PHONE_NAMES + ['a"b', "<b>", "a\nb", "::add-mask::x\n", "a\tb", "a\u202eb", "a\u2028b", "a\x85b",
                          " 前后空格 ", "a?b", "a\\b", "..", "a;b", "a|b", "##[add-mask]x", "a\u200bb", "é", "e\u0301"]
STEM = st.one_of(st.sampled_from(ODD_NAMES),
                 st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=16))


def media_references() -> list[tuple[str, tuple]]:
    """(data file, path in it) of every photo and PDF reference of the demo."""
    found = []
    for file in DEMO_FILES:
        document, _ = parse((REPO / "data" / file).read_bytes())
        for path in leaves(document.data):
            value = document.data
            for part in path:
                value = value[part]
            if isinstance(value, str) and value.lower().endswith((".jpg", ".jpeg", ".png", ".webp", ".pdf")) \
                    and (REPO / "data/media" / value).is_file():
                found.append((file, path))
    return found


MEDIA_REFERENCES = media_references()
RENAME = st.tuples(st.integers(min_value=0, max_value=10_000), STEM)


def rename(project: Path, pick: int, stem: str) -> tuple[str, Path]:
    """A reference of the demo pointed at a copy of its file under another name; (data file, the copy)."""
    file, path = MEDIA_REFERENCES[pick % len(MEDIA_REFERENCES)]
    document, _ = parse((REPO / "data" / file).read_bytes())
    value = document.data
    for part in path:
        value = value[part]
    folder = PurePosixPath(value).parent
    copy = project / "data/media" / folder / (stem + PurePosixPath(value).suffix)
    assume(not copy.exists() and len(copy.name.encode()) <= 200)
    shutil.copyfile(REPO / "data/media" / value, copy)
    write_mutation(project, file, mutated(document.data, path, "replace", (folder / copy.name).as_posix()))
    return file, copy


@settings(max_examples=40, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=RENAME)
def test_a_media_name_the_check_accepts_is_published_with_links_that_resolve(workspace, mutation):
    project, config = workspace
    file, copy = rename(project, *mutation)
    try:
        accepted = check_exit(project) == 0
        event("accepted by the check" if accepted else "refused by the check")
        assert accepted or mutation[1] not in PHONE_NAMES, "a name phones give files was refused"
        if accepted:
            render_everything(project, config)
    finally:
        copy.unlink()
        restore(project, file)


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`make site` (check → render → MkDocs → finish → scan), its work files next to `site_dir`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": "1795392000"}
    return subprocess.run([sys.executable, str(REPO / "scripts" / "build_site.py"), "--site-dir", str(site_dir),
                           "--build-dir", str(site_dir.with_name("build"))],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=MUTATION)
def test_the_real_build_succeeds_exactly_when_the_check_does(workspace, tmp_path_factory, mutation):
    project, _ = workspace
    file = apply(project, mutation)
    site_dir = tmp_path_factory.mktemp("site") / "site"
    try:
        accepted = check_exit(project) == 0
        event("accepted by the check" if accepted else "refused by the check")
        result = mkdocs_build(project, site_dir)
    finally:
        restore(project, file)
    assert "Traceback" not in result.stderr + result.stdout
    assert (result.returncode == 0) == accepted, result.stderr[-2000:]
    if accepted:
        assert check_links.check(site_dir)[0] == []


@pytest.mark.slow
@settings(max_examples=2, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=st.tuples(st.integers(min_value=0, max_value=10_000), st.sampled_from(ODD_NAMES)))
def test_the_real_build_of_a_renamed_photo_or_pdf_agrees_with_the_check(workspace, tmp_path_factory, mutation):
    project, _ = workspace
    file, copy = rename(project, *mutation)
    site_dir = tmp_path_factory.mktemp("site") / "site"
    try:
        accepted = check_exit(project) == 0
        event("accepted by the check" if accepted else "refused by the check")
        result = mkdocs_build(project, site_dir)
    finally:
        copy.unlink()
        restore(project, file)
    assert "Traceback" not in result.stderr + result.stdout
    assert (result.returncode == 0) == accepted, result.stderr[-2000:]
    if accepted:
        assert check_links.check(site_dir)[0] == []


SURROGATE = 'title: "开学通知\\ud800"\ncategory: 其他\npublished: 2025-09-01\ndepartment: 校长办公室\nbody: 正文\n'


def test_a_lone_surrogate_is_refused_by_the_check_and_so_never_reaches_the_build(workspace, tmp_path_factory, capsys):
    project, _ = workspace
    target = project / "data" / "affairs" / "surrogate.yml"
    target.write_text(SURROGATE, encoding="utf-8")
    try:
        assert check_exit(project) == 1
        result = mkdocs_build(project, tmp_path_factory.mktemp("site") / "site")
    finally:
        target.unlink()
    assert "data/affairs/surrogate.yml:1:8: 错误：[校务公开 surrogate] 这里有一个不成对的代理字符（U+D800）" in capsys.readouterr().err
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "这里有一个不成对的代理字符（U+D800）" in result.stderr


# -- links: whatever the check accepts is a safe link, whatever the page would defuse the check refused --

NOTICE = {"title": "开学通知", "category": "其他", "published": "2025-09-01", "department": "校长办公室"}


@pytest.fixture(scope="module")
def minimal_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("links") / "project"
    shutil.copytree(MINIMAL, project)
    return project


@settings(max_examples=150, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(link=HOSTILE_LINK, before=st.sampled_from(["", "通知：", "第一段。\n\n", "- 要点\n- "]))
def test_a_body_link_is_refused_exactly_when_the_page_would_not_publish_it(minimal_project, link, before):
    body = before + link + "\n"
    write_mutation(minimal_project, "affairs/notice.yml", {**NOTICE, "body": body})
    _, problems = load_site(minimal_project / "data")
    messages = [problem.message for problem in problems.sorted()]
    page = markdown.markdown(views.markdown_block(body), extensions=["md_in_html"])
    would_defuse = bodies.DEFUSED in page
    event("refused" if messages else "accepted")
    assert all("地址不安全" in message or "看不见的字符" in message for message in messages), messages
    if would_defuse:  # the page would have dropped a link: the check must have said so, at the body
        assert any("地址不安全" in message for message in messages) or any("看不见的字符" in m for m in messages)
    if not messages:
        assert all(urls.is_safe(target) for target in targets_of(page))
