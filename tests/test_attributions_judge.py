"""What the judge learns from besides the cue: the ranker's certainty and the source's link.

Sentences are our own; each test names the behaviour it pins down.
"""

from __future__ import annotations

import pytest

from newsift import nlp as newsift_nlp
from newsift.stages.attribution.cues import CueModel, QuoteIndex
from newsift.stages.attribution.finder import build
from newsift.stages.attribution.judge import judge_features, source_link
from newsift.stages.attribution.quotes import doc_text, find_quotes, forget_text
from newsift.stages.attribution.ranker import choose
from newsift.stages.attribution.spans import content_spans


@pytest.fixture(scope="module")
def nlp():
    return newsift_nlp.load(("newsift_entities",))


def _token(doc, word: str):
    return next(t for t in doc if t.text == word)


def _found(nlp, text: str, cue: str, ranker: CueModel | None = None):
    doc = nlp(text)
    tok = _token(doc, cue)
    f = build(tok, QuoteIndex(find_quotes(doc_text(doc))), 0.9, ranker)
    assert f is not None
    return doc, tok, f


def test_attributions_judge_choose_keeps_the_rules_content_with_its_score(nlp):
    doc = nlp("The minister said the reform would pass next year.")
    tok = _token(doc, "said")
    base, _, rule = content_spans(tok)
    flat = CueModel({}, 0.0, 0.5)  # every candidate scores 0.5: none beats the rules' own by a margin
    best = choose(tok, base, None, rule, QuoteIndex([]), flat, margin=0.3)
    assert best is not None and best.tag == "base" and best.parts == base
    assert best.score == pytest.approx(0.5)
    forget_text(doc)


def test_attributions_judge_ranker_score_reaches_the_judge(nlp):
    doc, tok, f = _found(nlp, "The minister said the reform would pass next year.", "said", CueModel({}, 2.0, 0.5))
    assert f.extent == pytest.approx(0.8808, abs=1e-3)
    assert "rk=0.9" in judge_features(f, tok, 0.9, [])
    forget_text(doc)
    doc, tok, f = _found(nlp, "The minister said the reform would pass next year.", "said")
    assert f.extent is None and "rk=none" in judge_features(f, tok, 0.9, [])
    forget_text(doc)


def test_attributions_judge_source_link_tells_a_subject_from_a_borrowed_one(nlp):
    doc, tok, f = _found(nlp, "The minister said the reform would pass next year.", "said")
    assert source_link(f, tok) == "child:nsubj"
    forget_text(doc)
    doc, tok, f = _found(nlp, "According to the agency, prices rose sharply in May.", "According")
    assert source_link(f, tok) == "grand:pobj"
    forget_text(doc)
    doc, tok, f = _found(nlp, "It is believed that the talks will resume.", "believed")
    assert source_link(f, tok) == "none"
    forget_text(doc)
