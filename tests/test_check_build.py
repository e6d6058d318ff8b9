"""`make check` and the build agree: whatever the check accepts builds, and whatever
cannot build the check has already refused, in Chinese, at a line. Never a traceback.

Hypothesis mutates the demo school's data (a value of any record replaced by other
text, another type, a date or amount at the edge, hostile Markdown, a key removed,
a list item repeated), writes the YAML back and runs the check. Two depths:

- every accepted mutation is rendered completely without MkDocs: every page (views,
  then Markdown with the site's own extensions), every export, each encoded as
  UTF-8 and scanned by the output privacy scan (many cases, fast);
- a few mutations go through the real `mkdocs build --strict`, whose exit code must
  match the check's (seconds each).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from conftest import MINIMAL, REPO
from test_build import site_project

from schoolpub import bodies, exports, privacy, urls, views
from schoolpub.build import context_for
from schoolpub.cli import main as cli_main
from schoolpub.loader import load_site
from schoolpub.yamlgate import parse

DEMO_FILES = sorted(path.relative_to(REPO / "data").as_posix() for path in (REPO / "data").rglob("*.yml"))
TODAY = "2026-11-23"

EDGE_TEXT = ["", " ", "0", "-1", "0.001", "1e309", "9" * 40, "NaN", "2025-02-29", "0001-01-01", "9999-12-31",
             "2025-9-1", "2025年13月1日", "12:30", "08:30-07:00", "24:00-25:00", "true", "是", "null", "~",
             "{{ config }}", "{% include 'x' %}", "<script>alert(1)</script>", "[x](javascript:alert(1))",
             "| a | b |\n|---|---|\n| 1 | 2 |", "# 标题", "```\ncode", "&#x202e;", "&#0;", "&#xd800;", "\\",
             "](", "*" * 30, "第一条 总则\n第二条 细则", "a\u0301", "\U0001F468\u200d\U0001F469", "\ud800", "\u202e",
             "\u200b", "\x00", "\x85", "\ufffe", "王小明", "欧阳娜娜", "迪丽热巴·迪力木拉提", "110105 2015 0307 1237",
             "138 0013 8000", "98分", "https://example.com/a b", "mailto:", "tel:", "../../etc/passwd",
             "affairs/none.pdf", "festivals/2024-art/01.jpg"]


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


def render_everything(project: Path, config) -> None:
    """Every page and export the build would write, without MkDocs; raises on any failure."""
    site, problems = load_site(project / "data")
    assert not problems
    context = context_for(site, config.site_url, with_media=True)
    pages = [views.home(context), views.about(context)]
    pages += [views.section_index(context, name) for name in ("affairs", "fees", "honors", "festivals", "regulations")]
    for content_type, record_id, _ in views.all_records(site):
        yaml.safe_dump(views.front_matter(context, content_type.name, record_id))
        pages.append(views.record_page(context, content_type.name, record_id))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    phones = [phone.number for phone in site.school.phones]
    html_pages = [converter.reset().convert(page) for page in pages]
    for html in html_pages:
        assert bodies.DEFUSED not in html, "the page had to defuse a link the check accepted"
        assert all(urls.is_safe(target) for target in targets_of(html)), "an unsafe link reached a page"
    outputs = html_pages + list(exports.all_exports(context).values())
    for output in outputs:
        text = output.decode("utf-8") if isinstance(output, bytes) else output
        text.encode("utf-8")  # a lone surrogate fails here, as it would when MkDocs writes the file
        for line in text.splitlines():
            assert not privacy.find_leaks(line, phones), "the output scan would refuse what the check accepted"


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


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": "1795392000"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutation=MUTATION)
def test_the_real_build_succeeds_exactly_when_the_check_does(workspace, tmp_path_factory, mutation):
    project, _ = workspace
    file = apply(project, mutation)
    try:
        accepted = check_exit(project) == 0
        event("accepted by the check" if accepted else "refused by the check")
        result = mkdocs_build(project, tmp_path_factory.mktemp("site") / "site")
    finally:
        restore(project, file)
    assert "Traceback" not in result.stderr + result.stdout
    assert (result.returncode == 0) == accepted, result.stderr[-2000:]


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
