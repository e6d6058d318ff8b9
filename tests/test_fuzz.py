"""Whatever bytes staff manage to save, the checker answers with problems, never a traceback."""
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schoolpub.content import RECORD_TYPES
from schoolpub.loader import load_site
from schoolpub.yamlgate import parse

YAMLISH = st.text(alphabet=string.printable + "：，。、“”中文通知收费−－　\ufeff*&!|>{}[]-#:'\"", max_size=300)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_parse_or_report(raw):
    document, errors = parse(raw)
    assert (document is None) == bool(errors) or (document is not None and not errors)
    for error in errors:
        assert error.line >= 1 and error.column >= 1 and error.message


@settings(max_examples=300, deadline=None)
@given(YAMLISH)
def test_yaml_like_text_parses_or_reports(text):
    document, errors = parse(text.encode("utf-8"))
    assert document is not None or errors


KEYS = ["title", "category", "published", "items", "amount", "kind", "display", "start", "end", "versions",
        "recipients", "name", "date", "status", "superseded_by", "programme", "gallery", "photo", "year"]
VALUES = st.recursive(
    st.one_of(st.none(), st.text(max_size=12), st.sampled_from(["2025-09-01", "1200.50", "true", "收费", "现行", "0"])),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.sampled_from(KEYS), children, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8), kind=st.sampled_from([t.name for t in RECORD_TYPES]))
def test_any_record_shape_is_reported_with_lines(tmp_path_factory, record, kind):
    import yaml
    root = tmp_path_factory.mktemp("fuzz")
    (root / "data" / kind).mkdir(parents=True)
    (root / "data" / kind / "fuzz.yml").write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    _, problems = load_site(root / "data")
    for problem in problems.items:  # school.yml is missing, so there is always at least one
        assert problem.file.startswith("data/") and problem.line >= 1 and problem.message
    assert problems
