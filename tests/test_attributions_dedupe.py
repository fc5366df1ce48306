"""One attribution per stretch of content: duplicates and nested reports (finder.dedupe).

Sentences are our own; each test names the behaviour it pins down.
"""

from __future__ import annotations

import pytest

from newsift import nlp as newsift_nlp
from newsift.stages.attribution.finder import dedupe
from newsift.stages.attribution.spans import Found


@pytest.fixture(scope="module")
def nlp():
    return newsift_nlp.load(("newsift_entities",))


def _found(doc, cue: str, content: str, score: float, kind: str = "indirect") -> Found:
    tok = next(t for t in doc if t.text == cue)
    start = doc.text.index(content)
    return Found(cue=(tok.idx, tok.idx + len(tok)), cue_token=tok.i, content=[(start, start + len(content))],
                 source=None, source_token=None, kind=kind, score=score)


def test_attributions_dedupe_drops_a_weaker_report_nested_in_a_stronger_one(nlp):
    doc = nlp("The senator said voters want lower taxes and better roads.")
    outer = _found(doc, "said", "voters want lower taxes and better roads", 0.9)
    inner = _found(doc, "want", "lower taxes and better roads", 0.5)
    assert dedupe([inner, outer], doc) == [outer]


def test_attributions_dedupe_keeps_contents_that_barely_overlap(nlp):
    doc = nlp("The senator said voters want lower taxes and better roads.")
    a = _found(doc, "said", "voters want lower taxes", 0.9)
    b = _found(doc, "want", "taxes and better roads", 0.5)
    assert len(dedupe([a, b], doc)) == 2


def test_attributions_dedupe_keeps_a_relay_and_the_statement_it_relays(nlp):
    doc = nlp("According to the agency, the minister said the talks had failed.")
    relay = _found(doc, "According", "the minister said the talks had failed", 0.9, kind="according_to")
    said = _found(doc, "said", "the talks had failed", 0.5)
    assert len(dedupe([relay, said], doc)) == 2


def test_attributions_dedupe_keeps_a_nominal_cue_inside_another_content(nlp):
    doc = nlp("The union's claim that wages had fallen was disputed.")
    outer = _found(doc, "disputed", "The union's claim that wages had fallen", 0.9)
    claim = _found(doc, "claim", "that wages had fallen", 0.5)
    assert len(dedupe([outer, claim], doc)) == 2


def test_attributions_dedupe_a_split_quotation_does_not_own_the_narrative_between_its_pieces(nlp):
    text = '"We will not stop," the mayor said, warning that the budget is short. "Not this year."'
    doc = nlp(text)
    quote = _found(doc, "said", '"We will not stop,"', 0.6)
    second = text.index('"Not this year."')
    quote.content.append((second, second + len('"Not this year."')))
    warning = _found(doc, "warning", "the budget is short", 0.9)
    assert len(dedupe([quote, warning], doc)) == 2
