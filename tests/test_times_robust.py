"""newsift_times never raises on arbitrary text and its offsets always point into the text."""

from __future__ import annotations

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsift.extensions import register_extensions
from newsift.stages.times import TimeTagger

register_extensions()
NLP = spacy.blank("en")
TAGGER = TimeTagger()
#: words that trigger the rules, mixed into random text so the rules actually run
WORDS = st.sampled_from([
    "May", "March", "Sunday", "Monday night", "1990", "2015", "the", "past", "two", "years", "ago", "later",
    "a", "year", "earlier", "quarter", "third-quarter", "since", "October", "Oct.", "7,", "5", "p.m.", "noon",
    "now", "recently", "every", "daily", "last", "next", "week", "this", "morning", "1980s", "20th", "century",
    "early", "fiscal", "Christmas", "Easter", "half", "the following", "days", "or", "weeks", "-", ",", ".",
])
TEXT = st.one_of(st.text(max_size=300), st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=60).map(" ".join))
DATES = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.sampled_from(["junk", "2016-02-30", ""]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, published=DATES)
def test_times_robust_random_text_never_raises(text: str, published: str | None) -> None:
    doc = NLP.make_doc(text)
    doc._.newsift_published = published
    TAGGER(doc)
    found = doc._.newsift_times
    assert isinstance(found, list)
    last_end = 0
    for t in found:
        assert 0 <= t["start"] < t["end"] <= len(text)
        assert text[t["start"] : t["end"]] == t["text"]
        assert t["start"] >= last_end  # sorted, not overlapping
        last_end = t["end"]
        assert t["type"] in {"DATE", "TIME", "DURATION", "SET"}
        assert isinstance(t["value"], str) and t["value"]
        assert t["anchor"] is None or t["anchor"] == "published" or (isinstance(t["anchor"], int) and t["anchor"] < found.index(t))
        if not t["resolved"]:
            assert t["anchor"] is None


def test_times_robust_empty_doc() -> None:
    doc = NLP.make_doc("")
    TAGGER(doc)
    assert doc._.newsift_times == []
