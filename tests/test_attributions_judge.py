"""What the judge learns from besides the cue: the ranker's certainty and the source's link.

Sentences are our own; each test names the behaviour it pins down.
"""

from __future__ import annotations

import pytest

from newsift import nlp as newsift_nlp
from newsift.stages.attribution.cues import CueModel, QuoteIndex
from newsift.stages.attribution.finder import build
from newsift.stages.attribution.judge import SCORE_BINS, _bin, judge_features, source_link
from newsift.stages.attribution.quotes import doc_text, find_quotes, forget_text
from newsift.stages.attribution.ranker import candidates, choose
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


SENTENCE = "The minister said the reform would pass next year."


def _choose(nlp, text: str, cue: str, weights: dict[str, float]):
    """(the chosen candidate, how many there were, the rules' own content, the text) for ``cue``,
    ranked by a model with these ``weights`` and the finder's margin of 0.3."""
    doc = nlp(text)
    tok = _token(doc, cue)
    base, _, rule = content_spans(tok)
    quotes = QuoteIndex([])
    best = choose(tok, base, None, rule, quotes, CueModel(weights, 0.0, 0.5), margin=0.3)
    n = len(candidates(tok, base, None, quotes))
    forget_text(doc)
    return best, n, base, doc.text


def test_attributions_judge_choose_keeps_the_rules_content_with_its_score(nlp):
    # every candidate gets the same share: none beats the rules' own by a margin
    best, n, base, _ = _choose(nlp, SENTENCE, "said", {})
    assert n > 1 and best is not None and best.tag == "base" and best.parts == base
    assert best.score == pytest.approx(1 / n)


def test_attributions_judge_choose_takes_another_extent_only_past_the_margin(nlp):
    best, _, _, _ = _choose(nlp, SENTENCE, "said", {"tag=subject": 8.0})  # nearly all on the subject
    assert best is not None and best.tag == "subject" and best.score > 0.99
    best, _, _, _ = _choose(nlp, SENTENCE, "said", {"tag=subject": 0.2})  # a little more: the rules' own stays
    assert best is not None and best.tag == "base"


def test_attributions_judge_choose_keeps_subject_and_infinitive_of_a_passive_cue(nlp):
    text = "Most of the stolen paintings are believed to have been sold in Geneva."
    best, _, _, text = _choose(nlp, text, "believed", {"tag=right": 8.0})  # the infinitive alone would win
    assert best is not None and best.tag == "base"
    assert text[best.parts[0][0]:best.parts[-1][1]].startswith("Most of the stolen paintings")


def test_attributions_judge_ranker_score_reaches_the_judge(nlp):
    doc, tok, f = _found(nlp, SENTENCE, "said", CueModel({"tag=base": 5.0}, 0.0, 0.5))
    assert f.extent is not None and f.extent > 0.9
    assert "rk=" + _bin(f.extent, SCORE_BINS) in judge_features(f, tok, 0.9, [])
    forget_text(doc)
    doc, tok, f = _found(nlp, SENTENCE, "said")
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
