"""Quotation pairing (newsift.stages.attribution.quotes): every mark style, and never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsift.stages.attribution.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_attributions_quotes_straight_split_around_cue():
    assert quoted('"First half," he said. "Second half."') == ['"First half,"', '"Second half."']


def test_attributions_quotes_curly_guillemets_and_doubled_apostrophes():
    assert quoted("She said \u201cyes, we will\u201d today.") == ["\u201cyes, we will\u201d"]
    assert quoted("Il a dit \u00abnous verrons\u00bb hier.") == ["\u00abnous verrons\u00bb"]
    assert quoted("''Swaps are tricky,'' he said.") == ["''Swaps are tricky,''"]


def test_attributions_quotes_run_on_over_paragraphs():
    text = "\u201cThe first paragraph of the quote.\n\n\u201cThe second one,\u201d she said."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert len(quotes[0].pieces) == 2
    assert text[quotes[0].end - 1] == "\u201d"


def test_attributions_quotes_unclosed_ends_at_paragraph_and_stray_close_is_ignored():
    text = "He said \u201cthe mark never closes here.\nNext paragraph has a stray\u201d mark and \"a real one\"."
    assert quoted(text) == ["\u201cthe mark never closes here.", '"a real one"']
    assert not find_quotes(text)[0].closed


def test_attributions_quotes_apostrophes_are_not_single_quotes():
    assert quoted("Trump\u2019s plan isn\u2019t new.") == []
    assert quoted("Headline: \u2018We will not stay idle\u2019 says minister") == ["\u2018We will not stay idle\u2019"]


def test_attributions_quotes_nested_single_inside_double():
    text = "\"He told me, 'go home,' and left,\" she said."
    assert quoted(text) == ["\"He told me, 'go home,' and left,\""]


MARKS = st.sampled_from(['"', "\u201c", "\u201d", "''", "\u00ab", "\u00bb", "\u2018", "\u2019", "\n", "\n\n", " "])
WORDS = st.sampled_from(["said", "the", "minister", "A,", "B.", "yes", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKS, WORDS), max_size=40))
def test_attributions_quotes_never_fail_and_stay_in_bounds(parts):
    text = " ".join(parts)
    quotes = find_quotes(text)
    last_end = 0
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last_end  # in order, never overlapping
        last_end = q.end
        for s, e in q.pieces:
            assert q.start <= s < e <= q.end
