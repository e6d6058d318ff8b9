"""The YAML gate's two paths agree: libyaml (C) for the happy path, the exact pure-Python
composer for everything else. Whatever text comes in, the result must be the same as if
the exact path had judged it alone: same data, same positions, same messages."""
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from schoolpub import yamlfast, yamlgate

REPO = Path(__file__).parent.parent


def exact(raw: bytes, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(yaml, "__with_libyaml__", False)
        return yamlgate.parse(raw)


def same(raw: bytes, monkeypatch):
    fast_document, fast_errors = yamlgate.parse(raw)
    exact_document, exact_errors = exact(raw, monkeypatch)
    assert fast_errors == exact_errors
    if exact_document is None:
        assert fast_document is None
    else:
        assert (fast_document.data, fast_document.value_at, fast_document.key_at) == \
            (exact_document.data, exact_document.value_at, exact_document.key_at)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml: only the exact path exists")
def test_fast_path_is_taken_for_a_plain_record_and_not_for_an_anchor():
    assert yamlfast.compose_fast("title: 通知\nitems:\n  - a\n", yamlgate.MAX_DEPTH) is not yamlfast.EXACT_PATH
    for text in ("a: &x 1\nb: 2\n", "a: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n", "a: [\n",
                 "a: " + "[" * 16 + "]" * 16 + "\n"):
        assert yamlfast.compose_fast(text, yamlgate.MAX_DEPTH) is yamlfast.EXACT_PATH, text


def test_every_data_file_of_the_demo_and_the_fixtures_parses_the_same(monkeypatch):
    files = sorted((REPO / "data").rglob("*.yml")) + sorted((REPO / "tests" / "fixtures").rglob("*.yml"))
    assert len(files) > 100
    for path in files:
        same(path.read_bytes(), monkeypatch)


_PIECES = ["title", "items", "- ", "  ", ": ", ":", "\n", "'", '"', "|", ">", "#", "[", "]", "{", "}", ",",
           "&a", "*a", "!", "!!str", "---", "...", "~", "null", "通知", "１２", "\\u0031", "\\", "%", "@", "?", "\t",
           "a", " #", "|-", "\n  ", "\n- ", "-", "：", "&#49;"]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_random_texts_get_the_same_answer_from_both_paths(monkeypatch, pieces):
    same("".join(pieces).encode("utf-8"), monkeypatch)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.recursive(st.one_of(st.text(max_size=8), st.integers(), st.none(), st.booleans()),
                    lambda children: st.lists(children, max_size=4)
                    | st.dictionaries(st.text(min_size=1, max_size=6), children, max_size=4), max_leaves=20),
       st.sampled_from([None, False, True]))
def test_dumped_documents_get_the_same_answer_from_both_paths(monkeypatch, data, flow):
    same(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow).encode("utf-8"), monkeypatch)
