"""The staff guide STAFF-GUIDE.zh-CN.md stays true to the code.

(a) the checked-in file is what `make guide` writes now;
(b) its field reference lists every field of every model (walked here through
    the JSON Schema, independently of guide.py's own walker) with its title and
    whether it is required;
(c) every example in "常见错误和改法" is real: its `yaml before` fragment makes
    `schoolpub check` print exactly the lines of its `text error` block, and its
    `yaml after` fragment makes the check pass.

An example's fragment is put at the top of the sample record of its type from
the minimal project (tests/fixtures/minimal), replacing the top-level keys it
names and dropping the sample's comment lines, and saved under the file name
its error lines show, next to the minimal data/school.yml; so the line numbers
in the guide count from the fragment's first line. A `text media` block lists
files that exist in data/media/; `text before` / `text after` blocks (instead
of yaml) give a record's file name.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINIMAL, REPO
from schoolpub import cli
from schoolpub.content import ALL_TYPES, SCHOOL
from schoolpub.guide import GUIDE_PATH, render_guide

GUIDE = render_guide()
ERRORS_HEADING = "## 常见错误和改法"


def _section(text: str, heading: str) -> str:
    start = text.index(heading + "\n") + len(heading)
    level = heading.split(" ", 1)[0] + " "
    following = [match.start() for match in re.finditer(r"^#{2,%d} " % (len(level) - 1), text[start:], re.M)]
    return text[start:start + following[0]] if following else text[start:]


# -- (a) ---------------------------------------------------------------------------

def test_checked_in_guide_is_current():
    path = REPO / GUIDE_PATH
    assert path.is_file(), f"{GUIDE_PATH} is missing: run `make guide`"
    assert path.read_text(encoding="utf-8") == GUIDE, f"{GUIDE_PATH} is out of date: run `make guide`"


# -- (b) ---------------------------------------------------------------------------

def _schema_fields(schema: dict):
    """(key, title, required) of every property, nested ones as `items[].amount`."""
    defs = schema.get("$defs", {})

    def target(node: dict) -> tuple[dict | None, bool]:
        if "$ref" in node:
            return target(defs[node["$ref"].rsplit("/", 1)[-1]])
        for combinator in ("anyOf", "allOf", "oneOf"):
            for option in node.get(combinator, []):
                found = target(option)
                if found[0] is not None:
                    return found
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            return target(node["items"])[0], True
        if "properties" in node:
            return node, False
        return None, False

    def walk(obj: dict, prefix: str):
        required = set(obj.get("required", []))
        for key, prop in obj["properties"].items():
            yield f"{prefix}{key}", prop.get("title"), key in required
            inner, is_list = target(prop)
            if inner is not None:
                yield from walk(inner, f"{prefix}{key}[]." if is_list else f"{prefix}{key}.")

    yield from walk(schema, "")


@pytest.mark.parametrize("content_type", ALL_TYPES, ids=lambda t: t.name)
def test_reference_lists_every_field_with_its_title(content_type):
    section = _section(GUIDE, f"### {content_type.label}（{content_type.name}）")
    where = "`data/school.yml`" if content_type is SCHOOL else f"`data/{content_type.name}/<编号>.yml`"
    assert where in section
    rows = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([^`]+)` \| (.*?) \| (.*?) \|", line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3))
    expected = list(_schema_fields(content_type.model.model_json_schema(mode="validation")))
    assert expected, content_type.name
    for key, title, required in expected:
        assert key in rows, f"{content_type.name}: field `{key}` is missing from the guide's reference"
        assert title and rows[key][0] == title, f"{content_type.name}: `{key}` should be titled {title!r}"
        assert rows[key][1].startswith("必填") == required, f"{content_type.name}: `{key}` 必填/选填 is wrong"
    assert sorted(rows) == sorted(key for key, _, _ in expected), "the reference lists fields the models do not have"


# -- (c) ---------------------------------------------------------------------------

BLOCK = re.compile(r"^```(\w+) ([\w-]+)\n(.*?)^```$", re.M | re.S)
KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*[:：]")
ERROR_LINE = re.compile(r"^(data/[^:]+):\d+:\d+: 错误：")


def _examples() -> list[tuple[str, dict[tuple[str, str], str]]]:
    section = _section(GUIDE, ERRORS_HEADING)
    examples = []
    for chunk in section.split("\n### ")[1:]:
        heading = chunk.split("\n", 1)[0].strip()
        blocks: dict[tuple[str, str], str] = {}
        for language, role, body in BLOCK.findall(chunk):
            assert (language, role) not in blocks, f"“{heading}”: two `{language} {role}` blocks"
            blocks[(language, role)] = body
        examples.append((heading, blocks))
    return examples


EXAMPLES = _examples()


def test_errors_section_has_examples():
    assert len(EXAMPLES) >= 20
    section = _section(GUIDE, ERRORS_HEADING)
    assert section.count("```text error\n") == len(EXAMPLES)


def _merge(fragment: str, base: str) -> str:
    """The fragment, then the base without its comment lines and the top-level keys the fragment sets."""
    keys = {match.group(1) for line in fragment.splitlines() if (match := KEY.match(line))}
    kept, skipping = [], False
    for line in base.splitlines():
        if line.startswith("#"):
            continue
        match = KEY.match(line)
        if match:
            skipping = match.group(1) in keys
        if not skipping:
            kept.append(line)
    return fragment + "\n".join(kept) + "\n"


def _check(project: Path, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = cli.main(["--root", str(project), "check"])
    captured = capsys.readouterr()
    return code, [line for line in captured.err.splitlines() if line and not line.startswith("共发现")]


def _write(project: Path, blocks: dict, role: str, target: str, base: str) -> Path:
    if ("text", role) in blocks:  # the example is about the file name
        path = project / blocks[("text", role)].strip()
        path.write_text(base, encoding="utf-8")
    else:
        path = project / target
        path.write_text(_merge(blocks[("yaml", role)], base), encoding="utf-8")
    return path


@pytest.mark.parametrize("heading, blocks", EXAMPLES, ids=[f"{n:02d}" for n in range(1, len(EXAMPLES) + 1)])
def test_error_example_is_what_the_checker_prints(heading, blocks, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)  # no ::error lines in the output
    roles = {role for _, role in blocks}
    assert {"before", "error", "after"} <= roles, f"“{heading}” needs before, error and after blocks"
    expected = blocks[("text", "error")].splitlines()
    targets = {ERROR_LINE.match(line).group(1) if ERROR_LINE.match(line) else None for line in expected}
    assert len(targets) == 1 and None not in targets, f"“{heading}”: every error line names the same file"
    target = targets.pop()
    # The project: the minimal school.yml and, for a record, the example file only
    # (other records would only slow the check down).
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    school = (MINIMAL / "data" / "school.yml").read_text(encoding="utf-8")
    if target == "data/school.yml":
        base = school
    else:
        (project / "data" / "school.yml").write_text(school, encoding="utf-8")
        kind = target.split("/")[1]
        base = (MINIMAL / "data" / kind / "sample.yml").read_text(encoding="utf-8")
        (project / "data" / kind).mkdir()
    for media in blocks.get(("text", "media"), "").split():
        (project / media).parent.mkdir(parents=True, exist_ok=True)
        if media.endswith(".jpg"):  # a real (tiny) photo: the checker opens its header
            Image.new("RGB", (8, 6), "white").save(project / media, "JPEG")
        else:
            (project / media).write_bytes(b"%PDF-1.4\n%%EOF\n")

    written = _write(project, blocks, "before", target, base)
    code, lines = _check(project, capsys)
    assert (code, lines) == (1, expected), f"“{heading}”: the checker prints something else"

    written.unlink()
    _write(project, blocks, "after", target, base)
    code, lines = _check(project, capsys)
    assert (code, lines) == (0, []), f"“{heading}”: the corrected example still has problems"
