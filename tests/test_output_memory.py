"""The facts of thousands of pages held at once by `schoolpub scan` (page_facts.py) share their texts:
the same target, URL or tag name on many pages is one str object, whether the facts were parsed from
a page or read back from the cache; what they say is unchanged."""
from __future__ import annotations

from schoolpub.output.links import Resolver
from schoolpub.output.page_facts import Links, dumped, facts_of, loaded

PAGE = ('<html><body><h1 id="收费公示">收费公示</h1>\n<a href="../../fees/">收费</a>\n'
        '<a href="../../fees/#最新">最新</a>\n<img src="../../assets/logo.png"></body></html>\n')


def _facts(name: str):
    return facts_of(PAGE, name, Resolver("https://example.edu.cn/"))


def test_the_links_of_two_pages_share_each_equal_text_parsed_or_read_back():
    (_, one), (_, other) = _facts("fees/a/index.html"), _facts("fees/b/index.html")
    assert one.links == other.links and one.links[0].path == "fees"
    for left, right in zip(one.links, other.links):
        assert left.where is right.where and left.url is right.url and left.path is right.path
        assert left.fragment is right.fragment
    back_one, back_other = (loaded(dumped(_facts(name)), Links) for name in ("fees/a/index.html", "fees/b/index.html"))
    assert back_one == Links(one.ids, tuple(map(tuple, one.links)), one.unsafe)
    for left, right in zip(back_one.links, back_other.links):
        assert left[2] is right[2] and left[4] is right[4] and left[6] is right[6]


def test_kept_links_that_are_not_a_links_seven_values_are_read_again():
    good = dumped(_facts("fees/a/index.html"))
    loads, links = good.split(b"\t")
    assert loaded(loads + b"\t" + links.replace(b'"a.href"', b"7", 1), Links) is None
    assert loaded(loads + b"\t" + links.replace(b',null]', b']', 1), Links) is None
