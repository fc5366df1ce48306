"""decode_spans / rank_labels: how token probabilities become fragments and labels become ranked."""

from __future__ import annotations

import numpy as np
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from newsift.record import TECHNIQUES
from newsift.stages.techniques import decode_spans, rank_labels

NLP = spacy.blank("en")


def test_techniques_decode_hysteresis_and_trailing_punct() -> None:
    doc = NLP("They are vile , corrupt traitors . Nothing else")
    #          They are  vile ,    corrupt traitors .    Nothing else
    probs = np.array([0.0, 0.05, 0.9, 0.2, 0.1, 0.6, 0.5, 0.0, 0.0])
    spans = decode_spans(doc, probs, start=0.5, cont=0.1)
    assert [doc.text[s:e] for s, e, _ in spans] == ["vile , corrupt traitors"]
    assert 0.0 < spans[0][2] <= 1.0


def test_techniques_decode_never_crosses_a_line_break() -> None:
    doc = NLP("evil people\n\nwicked ideas")
    probs = np.full(len(doc), 0.9)
    spans = decode_spans(doc, probs, start=0.5, cont=0.1)
    assert [doc.text[s:e] for s, e, _ in spans] == ["evil people", "wicked ideas"]


SENTENCES = spacy.blank("en")
SENTENCES.add_pipe("sentencizer")


def test_techniques_decode_stops_before_one_word_of_the_next_sentence() -> None:
    doc = SENTENCES("Critics on the council called it a shameful disaster. It rained on Monday and Tuesday.")
    probs = np.zeros(len(doc))
    probs[6:11] = 0.9  # "a shameful disaster . It"
    spans = decode_spans(doc, probs, start=0.5, cont=0.1)
    assert [doc.text[s:e] for s, e, _ in spans] == ["a shameful disaster"]


def test_techniques_decode_takes_the_whole_sentence_when_it_covers_most_of_it() -> None:
    doc = SENTENCES("They lie to you every day. The weather was mild on Monday and cold on Tuesday.")
    probs = np.zeros(len(doc))
    probs[1:5] = 0.9  # "lie to you every" of "They lie to you every day"
    probs[10] = 0.9  # "mild", one word of ten
    spans = decode_spans(doc, probs, start=0.5, cont=0.1)
    assert [doc.text[s:e] for s, e, _ in spans] == ["They lie to you every day", "mild"]


def test_techniques_decode_does_not_start_on_punctuation() -> None:
    doc = NLP("! great")
    spans = decode_spans(doc, np.array([0.9, 0.05]), start=0.5, cont=0.1)
    assert spans == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a", "bad", "!", ",", "\n", "x.", "“", "”", "wow"]), min_size=1, max_size=30),
       st.data())
def test_techniques_decode_spans_are_ordered_disjoint_and_inside(words: list[str], data: st.DataObject) -> None:
    doc = NLP(" ".join(words))
    probs = np.array(data.draw(st.lists(st.floats(0, 1), min_size=len(doc), max_size=len(doc))), dtype=float)
    spans = decode_spans(doc, probs, start=0.5, cont=0.2)
    last = 0
    for s, e, score in spans:
        assert last <= s < e <= len(doc.text)
        assert doc.text[s:e] == doc.text[s:e].strip()
        assert "\n" not in doc.text[s:e]
        assert 0.0 <= score <= 1.0
        last = e


def test_techniques_rank_labels_gives_a_repeated_span_its_next_label() -> None:
    probs = np.zeros((3, len(TECHNIQUES)))
    probs[:, TECHNIQUES.index("Doubt")] = 0.6
    probs[:, TECHNIQUES.index("Slogans")] = 0.3
    spans = [(0, 5), (0, 5), (7, 9)]
    got = rank_labels(probs, spans)
    assert [t for t, _ in got] == ["Doubt", "Slogans", "Doubt"]
    assert got[0][1] > got[1][1]
