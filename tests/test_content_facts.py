"""Each content type says its own publishing facts (content/<type>.py), and the demo's records answer them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from schoolpub.content import RECORD_TYPES, by_name
from schoolpub.exports.common import CALENDARS, CSV_SECTIONS
from schoolpub.loader import load_site
from schoolpub.views import archive, describe
from schoolpub.views.facts import page_dates

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo():
    site, problems = load_site(REPO / "data")
    assert not problems
    return site


@pytest.mark.parametrize("content_type", RECORD_TYPES, ids=lambda t: t.name)
def test_every_record_type_words_and_dates_its_own_records(demo, content_type):
    records = demo.of(content_type.name)
    assert records, "the demo holds every type"
    publishing = content_type.publishing
    assert publishing.hint and publishing.about and publishing.folder_words
    for record in records.values():
        assert isinstance(record.filed_on(), dt.date) and record.changed_on() >= record.filed_on()
        title = record.heading()
        assert title
        sentence = publishing.description(record, title)
        assert 0 < len(sentence) <= describe.MAX_LENGTH and "\n" not in sentence
        assert all(part for part in publishing.summary(record))
        happenings = publishing.happenings(record, title)
        assert bool(happenings) <= bool(publishing.calendar)  # only a type with a calendar announces dates
        assert len({happening.key for happening in happenings}) == len(happenings)  # each its own UID


def test_the_tables_built_from_the_types_keep_their_order():
    assert CALENDARS == ("festivals", "fees", "affairs", "regulations")  # the whole-school calendar's order
    assert CSV_SECTIONS == ("fees", "honors")
    assert archive.SPLIT_SECTIONS == ("affairs", "honors", "festivals")
    assert archive.PAGE_SIZE == {"affairs": 100, "honors": 40, "festivals": 100}
    assert archive.INDEX_SIZE == {"affairs": 40, "honors": 20, "festivals": 36}


def test_a_page_names_its_filing_date_by_the_type(demo):
    words = {t.name: {page_dates(r, None)[0][0] for r in demo.of(t.name).values()} for t in RECORD_TYPES}
    assert words == {"affairs": {"发布"}, "fees": {"公示"}, "honors": {"获奖", "公示"}, "festivals": {"更新"},
                     "regulations": {"通过"}}


def test_an_unknown_type_name_is_refused():
    with pytest.raises(KeyError):
        by_name("notices")
