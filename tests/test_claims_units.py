"""Claim units: sentences, cut into clauses around attribution contents (hand-built Docs, no model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from newsift.extensions import register_extensions
from newsift.stages.claims import claim_units


def make_doc(words: list[str], tags: list[str], sent_starts: list[bool]) -> Doc:
    """A Doc with the only annotations claim_units reads: sentences, tags, POS."""
    pos = {"VBD": "VERB", "VBZ": "VERB", "VBP": "VERB", "MD": "AUX", "VB": "VERB", "NN": "NOUN", "NNP": "PROPN",
           "PRP": "PRON", ".": "PUNCT", ",": "PUNCT", "IN": "ADP", "DT": "DET", "JJ": "ADJ", "CC": "CCONJ"}
    spaces = [i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))]
    register_extensions()
    return Doc(spacy.blank("en").vocab, words=words, spaces=spaces, tags=tags, pos=[pos[t] for t in tags],
               sent_starts=sent_starts)


def test_claims_units_whole_sentences_without_attributions() -> None:
    doc = make_doc(
        ["The", "army", "retreated", ".", "Prices", "rose", "."],
        ["DT", "NN", "VBD", ".", "NN", "VBD", "."],
        [True, False, False, False, True, False, False],
    )
    units = claim_units(doc, None)
    assert [(doc.text[s:e], a) for s, e, a in units] == [("The army retreated.", None), ("Prices rose.", None)]


def test_claims_units_split_around_partial_content() -> None:
    words = ["He", "said", "the", "army", "retreated", ",", "but", "the", "city", "remains", "under", "siege", "."]
    tags = ["PRP", "VBD", "DT", "NN", "VBD", ",", "CC", "DT", "NN", "VBZ", "IN", "NN", "."]
    doc = make_doc(words, tags, [True] + [False] * (len(words) - 1))
    text = doc.text
    c0 = text.index("the army")
    att = {"kind": "indirect", "source": {"start": 0, "end": 2, "text": "He"}, "cue": {"start": 3, "end": 7, "text": "said"},
           "content": {"start": c0, "end": c0 + len("the army retreated")}, "content_parts": []}
    units = [(text[s:e], a) for s, e, a in claim_units(doc, [att])]
    assert units == [("the army retreated", 0), ("but the city remains under siege.", None)]


def test_claims_units_frame_alone_is_not_a_claim() -> None:
    words = ["The", "army", "retreated", ",", "he", "said", "."]
    tags = ["DT", "NN", "VBD", ",", "PRP", "VBD", "."]
    doc = make_doc(words, tags, [True] + [False] * 6)
    text = doc.text
    att = {"kind": "direct", "source": {"start": text.index("he"), "end": text.index("he") + 2},
           "cue": {"start": text.index("said"), "end": text.index("said") + 4},
           "content": {"start": 0, "end": len("The army retreated")}}
    assert [(text[s:e], a) for s, e, a in claim_units(doc, [att])] == [("The army retreated", 0)]


def test_claims_units_content_over_two_sentences_gives_a_unit_in_each() -> None:
    words = ["Prices", "rose", ".", "Wages", "fell", "."]
    tags = ["NN", "VBD", ".", "NN", "VBD", "."]
    doc = make_doc(words, tags, [True, False, False, True, False, False])
    att = {"kind": "direct", "source": {"start": None, "end": None}, "cue": None,
           "content": {"start": 0, "end": len(doc.text)}}
    units = claim_units(doc, [att])
    assert [(doc.text[s:e], a) for s, e, a in units] == [("Prices rose.", 0), ("Wages fell.", 0)]


def test_claims_units_nested_contents_keep_the_innermost() -> None:
    words = ["Officials", "said", "prices", "rose", "."]
    tags = ["NN", "VBD", "NN", "VBD", "."]
    doc = make_doc(words, tags, [True, False, False, False, False])
    outer = {"content": {"start": 0, "end": len(doc.text)}, "source": {}, "cue": None}
    inner = {"content": {"start": doc.text.index("prices"), "end": len(doc.text)}, "source": {"start": 0, "end": 9},
             "cue": {"start": 10, "end": 14}}
    assert [(doc.text[s:e], a) for s, e, a in claim_units(doc, [outer, inner])] == [("prices rose.", 1)]


def test_claims_units_skip_fragments() -> None:
    doc = make_doc(["Article", "Rating", ".", "Prices", "rose", "."], ["NN", "NN", ".", "NN", "VBD", "."],
                   [True, False, False, True, False, False])
    assert [doc.text[s:e] for s, e, _ in claim_units(doc, None)] == ["Prices rose."]


def test_claims_units_condition_of_a_report_is_not_a_claim() -> None:
    words = ["If", "talks", "fail", ",", "analysts", "expect", "prices", "to", "rise", "."]
    tags = ["IN", "NN", "VBP", ",", "NN", "VBP", "NN", "IN", "VB", "."]
    doc = make_doc(words, tags, [True] + [False] * (len(words) - 1))
    text = doc.text
    c0 = text.index("prices")
    att = {"kind": "indirect", "source": {"start": text.index("analysts"), "end": text.index("analysts") + 8},
           "cue": {"start": text.index("expect"), "end": text.index("expect") + 6},
           "content": {"start": c0, "end": c0 + len("prices to rise")}}
    assert [(text[s:e], a) for s, e, a in claim_units(doc, [att])] == [("prices to rise", 0)]
