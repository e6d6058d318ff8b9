"""Links between generated pages (views.Page.href) are what posixpath.relpath gives, computed without it."""
import itertools
import posixpath

from schoolpub.views import Page, _relative

TARGETS = ["index.md", "fees/index.md", "fees/2027-spring/index.md", "fees/years/2024.md", "reports/2026.md",
           "media/affairs/预算(定稿).pdf", "fees", "fees/2027-spring", "a/b/c/d.md", "./x", "a//b", "../up", "a/../b"]
STARTS = ["", "fees", "fees/2027-spring", "fees/years", "reports", "a/b/c", "a/b/c/d.md", ".", "x/.."]


def test_every_relative_link_is_the_one_relpath_gives():
    for target, start in itertools.product(TARGETS, STARTS):
        assert _relative(target, start) == posixpath.relpath(target, start or "."), (target, start)


def test_a_record_links_its_neighbours_and_the_section():
    page = Page("fees/2027-spring/index.md")
    assert page.record("fees", "2026-autumn") == "../2026-autumn/index.md"
    assert page.section("fees") == "../index.md"
    assert Page("fees/years/2024.md").record("fees", "2024-autumn") == "../2024-autumn/index.md"
    assert Page("index.md").href("reports/2026.md") == "reports/2026.md"
